#include "catalogue.h"

#include <regex>

namespace bench {

const std::vector<OpSpec>& catalogue() {
  static const std::vector<OpSpec> ops = {
      {"rsa2048-pkcs1-sign", true, Phase::kMain, 1, "C_SignInit(CKM_SHA256_RSA_PKCS) + C_Sign, 64 B message"},
      {"rsa2048-pkcs1-verify", true, Phase::kMain, 1, "C_VerifyInit(CKM_SHA256_RSA_PKCS) + C_Verify, 64 B"},
      {"rsa2048-pss-sign", true, Phase::kMain, 1,
       "C_SignInit(CKM_SHA256_RSA_PKCS_PSS, MGF1-SHA256, sLen 32) + C_Sign, 64 B"},
      {"rsa2048-oaep-sha256-decrypt", true, Phase::kMain, 1,
       "C_DecryptInit(CKM_RSA_PKCS_OAEP SHA-256/MGF1-SHA256) + C_Decrypt of 32 B"},
      {"rsa2048-oaep-sha1-decrypt", true, Phase::kMain, 1,
       "C_DecryptInit(CKM_RSA_PKCS_OAEP SHA-1/MGF1-SHA1) + C_Decrypt of 32 B"},
      {"ecdsa-p256-sign", true, Phase::kMain, 1, "C_SignInit(CKM_ECDSA) + C_Sign of a 32 B hash"},
      {"ecdsa-p256-verify", true, Phase::kMain, 1, "C_VerifyInit(CKM_ECDSA) + C_Verify of a 32 B hash"},
      {"ecdsa-p384-sign", true, Phase::kMain, 1, "C_SignInit(CKM_ECDSA) + C_Sign of a 48 B hash"},
      {"ed25519-sign", true, Phase::kMain, 1, "C_SignInit(CKM_EDDSA) + C_Sign, 64 B message"},
      {"ed25519-verify", true, Phase::kMain, 1, "C_VerifyInit(CKM_EDDSA) + C_Verify, 64 B message"},
      {"ecdh-p256-derive", true, Phase::kMain, 1,
       "C_DeriveKey(CKM_ECDH1_DERIVE, CKD_NULL) -> 32 B generic secret session object"},
      {"aes256-gcm-encrypt-4k", true, Phase::kMain, 1, "C_EncryptInit(CKM_AES_GCM, 12 B IV) + C_Encrypt 4096 B"},
      {"aes256-gcm-encrypt-64b", true, Phase::kMain, 1, "C_EncryptInit(CKM_AES_GCM) + C_Encrypt 64 B"},
      {"aes256-gcm-decrypt-4k", true, Phase::kMain, 1, "C_DecryptInit(CKM_AES_GCM) + C_Decrypt 4096 B + tag"},
      {"aes256-gcm-decrypt-64b", true, Phase::kMain, 1, "C_DecryptInit(CKM_AES_GCM) + C_Decrypt 64 B + tag"},
      {"aes256-cbc-pad-encrypt-4k", true, Phase::kMain, 1, "C_EncryptInit(CKM_AES_CBC_PAD) + C_Encrypt 4096 B"},
      {"aes256-kw-wrap", true, Phase::kMain, 1, "C_WrapKey(CKM_AES_KEY_WRAP) of an AES-256 key"},
      {"sha256-4k", false, Phase::kMain, 1, "C_DigestInit(CKM_SHA256) + C_Digest 4096 B"},
      {"sha256-64b", false, Phase::kMain, 1, "C_DigestInit(CKM_SHA256) + C_Digest 64 B"},
      {"hmac-sha256-4k", true, Phase::kMain, 1, "C_SignInit(CKM_SHA256_HMAC) + C_Sign 4096 B"},
      {"random-32", false, Phase::kMain, 1, "C_GenerateRandom 32 B"},
      {"random-48", false, Phase::kMain, 1, "C_GenerateRandom 48 B"},
      {"keygen-aes256", false, Phase::kMain, 1, "C_GenerateKey(CKM_AES_KEY_GEN) 32 B session key"},
      {"keygen-ec-p256", false, Phase::kMain, 1, "C_GenerateKeyPair(CKM_EC_KEY_PAIR_GEN, P-256) session keys"},
      {"keygen-rsa2048", false, Phase::kMain, 6, "C_GenerateKeyPair(CKM_RSA_PKCS_KEY_PAIR_GEN, 2048) session keys"},
      {"session-open-close", false, Phase::kMain, 1, "C_OpenSession + C_CloseSession"},
      {"token-object-create-destroy", false, Phase::kMain, 1,
       "C_CreateObject(CKO_DATA, CKA_TOKEN = TRUE, 16 B value) + C_DestroyObject: two durable store writes"},
      {"mlkem768-encaps", true, Phase::kMain, 1, "C_EncapsulateKey(CKM_ML_KEM) -> secret session object"},
      {"mlkem768-decaps", true, Phase::kMain, 1, "C_DecapsulateKey(CKM_ML_KEM) -> secret session object"},
      {"mldsa65-sign", true, Phase::kMain, 1, "C_SignInit(CKM_ML_DSA) + C_Sign, 64 B message"},
      {"mldsa65-verify", true, Phase::kMain, 1, "C_VerifyInit(CKM_ML_DSA) + C_Verify, 64 B message"},
      {"slhdsa-sha2-128f-sign", true, Phase::kMain, 1,
       "C_SignInit(CKM_SLH_DSA, SHA2-128f) + C_Sign, 64 B message"},
      {"slhdsa-sha2-128f-verify", true, Phase::kMain, 1,
       "C_VerifyInit(CKM_SLH_DSA, SHA2-128f) + C_Verify, 64 B message"},
      {"find-label-1k", false, Phase::kFind, 1,
       "C_FindObjectsInit(CKA_LABEL) + C_FindObjects + C_FindObjectsFinal among 1,000 objects"},
      {"find-label-10k", false, Phase::kFind, 1,
       "C_FindObjectsInit(CKA_LABEL) + C_FindObjects + C_FindObjectsFinal among 10,000 objects"},
      {"find-label-10k-token", false, Phase::kFind, 1,
       "C_FindObjectsInit(CKA_LABEL) + C_FindObjects + C_FindObjectsFinal among 10,000 token data objects"},
  };
  return ops;
}

const OpSpec* find_spec(const std::string& base) {
  for (const auto& op : catalogue()) {
    if (op.base == base) return &op;
  }
  return nullptr;
}

std::vector<OpInstance> select_ops(const std::string& regex) {
  const std::regex re(regex.empty() ? std::string(".") : regex);
  std::vector<OpInstance> out;
  for (const auto& op : catalogue()) {
    const std::vector<std::string> variants =
        op.keyed ? std::vector<std::string>{"session", "token"} : std::vector<std::string>{""};
    for (const auto& v : variants) {
      OpInstance inst{&op, v};
      if (std::regex_search(inst.name(), re)) out.push_back(inst);
    }
  }
  return out;
}

std::vector<OpInstance> thread_ops(const std::string& regex) {
  const std::regex re(regex.empty() ? std::string(".") : regex);
  std::vector<OpInstance> out;
  for (const char* base : {"ecdsa-p256-sign", "aes256-gcm-encrypt-4k", "sha256-4k"}) {
    const OpSpec* spec = find_spec(base);
    OpInstance inst{spec, spec->keyed ? "session" : ""};
    if (std::regex_search(inst.name(), re)) out.push_back(inst);
  }
  return out;
}

std::size_t find_population(const std::string& base) {
  if (base == "find-label-1k") return 1000;
  if (base == "find-label-10k" || base == "find-label-10k-token") return 10000;
  return 0;
}

}  // namespace bench
