// Wycheproof RSA vectors through the ABI: PKCS#1 v1.5 and PSS verification,
// OAEP and PKCS#1 v1.5 decryption, deterministic PKCS#1 v1.5 signing.
// Keys are imported by components (CKA_MODULUS, CKA_PUBLIC_EXPONENT,
// CKA_PRIVATE_EXPONENT and, when given, the CRT values).
#include "vector_helpers.h"

namespace craton::test {
namespace {

class RsaVectors : public ModuleTest {
 protected:
  void SetUp() override {
    ModuleTest::SetUp();
    s_ = ready_user_session();
  }
  CK_OBJECT_HANDLE public_key(const Json& group, Tally& t);
  CK_OBJECT_HANDLE private_key(const Json& group, Tally& t);
  void run_verify(const std::string& file, CK_MECHANISM m);
  void run_decrypt(const std::string& file, CK_MECHANISM_TYPE type);
  CK_SESSION_HANDLE s_ = CK_INVALID_HANDLE;
};

CK_OBJECT_HANDLE RsaVectors::public_key(const Json& group, Tally& t) {
  CK_OBJECT_HANDLE h = CK_INVALID_HANDLE;
  const Json& k = group["publicKey"];
  CK_RV rv = import_rsa_public(f(), s_, hex_field(k, "modulus"), hex_field(k, "publicExponent"), &h);
  EXPECT_RV(CKR_OK, rv) << t.file << ": public key import";
  return rv == CKR_OK ? h : CK_INVALID_HANDLE;
}

CK_OBJECT_HANDLE RsaVectors::private_key(const Json& group, Tally& t) {
  const Json& k = group["privateKey"];
  std::vector<Bytes> crt;
  if (k.contains("prime1"))
    for (const char* name : {"prime1", "prime2", "exponent1", "exponent2", "coefficient"}) crt.push_back(hex_field(k, name));
  CK_OBJECT_HANDLE h = CK_INVALID_HANDLE;
  CK_RV rv = import_rsa_private(f(), s_, hex_field(k, "modulus"), hex_field(k, "publicExponent"),
                                hex_field(k, "privateExponent"), crt, &h);
  EXPECT_RV(CKR_OK, rv) << t.file << ": private key import";
  return rv == CKR_OK ? h : CK_INVALID_HANDLE;
}

// Valid signatures verify; invalid ones give CKR_SIGNATURE_INVALID, or
// CKR_SIGNATURE_LEN_RANGE when the length alone is wrong.
void RsaVectors::run_verify(const std::string& file, CK_MECHANISM m) {
  Json doc = load_vectors("wycheproof/" + file);
  Tally t{file};
  t.count_total(doc);
  for (const auto& g : doc["testGroups"]) {
    CK_OBJECT_HANDLE pub = public_key(g, t);
    const std::size_t modulus_len = strip_zeros(hex_field(g["publicKey"], "modulus")).size();
    for (const auto& tc : g["tests"]) {
      if (pub == CK_INVALID_HANDLE) {
        record(t, tc, false, "no key");
        continue;
      }
      const Bytes msg = hex_field(tc, "msg"), sig = hex_field(tc, "sig");
      const CK_RV rv = verify_once(f(), s_, m, pub, msg, sig);
      record_verify(t, tc, rv, signature_refusal(sig.size(), modulus_len));
    }
  }
  t.report();
}

TEST_F(RsaVectors, Pkcs1Sha256SignatureWycheproof) {
  run_verify("rsa_signature_2048_sha256_test.json", {CKM_SHA256_RSA_PKCS, nullptr, 0});
}

TEST_F(RsaVectors, PssSha256Mgf1Salt32Wycheproof) {
  CK_RSA_PKCS_PSS_PARAMS p{CKM_SHA256, CKG_MGF1_SHA256, 32};
  run_verify("rsa_pss_2048_sha256_mgf1_32_test.json", {CKM_SHA256_RSA_PKCS_PSS, &p, sizeof p});
}

// Valid ciphertexts decrypt to exactly msg; invalid ones give
// CKR_ENCRYPTED_DATA_INVALID (CKR_ENCRYPTED_DATA_LEN_RANGE when the length
// alone is wrong).
void RsaVectors::run_decrypt(const std::string& file, CK_MECHANISM_TYPE type) {
  Json doc = load_vectors("wycheproof/" + file);
  Tally t{file};
  t.count_total(doc);
  for (const auto& g : doc["testGroups"]) {
    CK_OBJECT_HANDLE priv = private_key(g, t);
    const std::size_t modulus_len = strip_zeros(hex_field(g["privateKey"], "modulus")).size();
    for (const auto& tc : g["tests"]) {
      if (priv == CK_INVALID_HANDLE) {
        record(t, tc, false, "no key");
        continue;
      }
      const Bytes msg = hex_field(tc, "msg"), ct = hex_field(tc, "ct");
      const Bytes label = tc.contains("label") ? hex_field(tc, "label") : Bytes();
      CK_RSA_PKCS_OAEP_PARAMS oaep{CKM_SHA256, CKG_MGF1_SHA256, CKZ_DATA_SPECIFIED,
                                   const_cast<CK_BYTE*>(label.data()), label.size()};
      const CK_MECHANISM m = type == CKM_RSA_PKCS_OAEP ? CK_MECHANISM{type, &oaep, sizeof oaep}
                                                       : CK_MECHANISM{type, nullptr, 0};
      Bytes out;
      const CK_RV rv = decrypt_once(f(), s_, m, priv, ct, &out);
      const CK_RV refusal = ct.size() == modulus_len ? CKR_ENCRYPTED_DATA_INVALID : CKR_ENCRYPTED_DATA_LEN_RANGE;
      if (is_valid(tc))
        record(t, tc, rv == CKR_OK && out == msg, "decrypt " + rv_name(rv) + " got " + to_hex(out));
      else if (is_acceptable(tc))
        record(t, tc, (rv == CKR_OK && out == msg) || rv == refusal, "decrypt " + rv_name(rv));
      else
        record(t, tc, rv == refusal, "decrypt of invalid gave " + rv_name(rv) + ", want " + rv_name(refusal));
    }
  }
  t.report();
}

TEST_F(RsaVectors, OaepSha256Wycheproof) {
  run_decrypt("rsa_oaep_2048_sha256_mgf1sha256_test.json", CKM_RSA_PKCS_OAEP);
}

TEST_F(RsaVectors, Pkcs1DecryptWycheproof) { run_decrypt("rsa_pkcs1_2048_test.json", CKM_RSA_PKCS); }

CK_MECHANISM_TYPE pkcs1_mechanism_for(const std::string& sha) {
  if (sha == "SHA-1") return CKM_SHA1_RSA_PKCS;
  if (sha == "SHA-224") return CKM_SHA224_RSA_PKCS;
  if (sha == "SHA-256") return CKM_SHA256_RSA_PKCS;
  if (sha == "SHA-384") return CKM_SHA384_RSA_PKCS;
  if (sha == "SHA-512") return CKM_SHA512_RSA_PKCS;
  return CK_UNAVAILABLE_INFORMATION;
}

// PKCS#1 v1.5 signatures are deterministic: C_Sign must give the vector's
// signature byte for byte, from an (n, e, d) private key.
TEST_F(RsaVectors, Pkcs1SignatureGenerationWycheproof) {
  Json doc = load_vectors("wycheproof/rsa_pkcs1_2048_sig_gen_test.json");
  Tally t{"rsa_pkcs1_2048_sig_gen_test.json"};
  t.count_total(doc);
  for (const auto& g : doc["testGroups"]) {
    CK_OBJECT_HANDLE priv = private_key(g, t);
    CK_OBJECT_HANDLE pub = CK_INVALID_HANDLE;
    const Json& k = g["privateKey"];
    EXPECT_OK(import_rsa_public(f(), s_, hex_field(k, "modulus"), hex_field(k, "publicExponent"), &pub));
    const CK_MECHANISM m{pkcs1_mechanism_for(g["sha"]), nullptr, 0};
    for (const auto& tc : g["tests"]) {
      if (priv == CK_INVALID_HANDLE || m.mechanism == CK_UNAVAILABLE_INFORMATION) {
        record(t, tc, false, "no key or unknown hash");
        continue;
      }
      const Bytes msg = hex_field(tc, "msg"), want = hex_field(tc, "sig");
      Bytes sig;
      const CK_RV rv = sign_once(f(), s_, m, priv, msg, &sig);
      if (is_valid(tc) || is_acceptable(tc)) {
        const bool same = rv == CKR_OK && sig == want;
        // An acceptable case (weak hash, small key) may be refused, not altered.
        const bool ok = same || (is_acceptable(tc) && rv != CKR_OK);
        if (!ok || rv != CKR_OK) {
          record(t, tc, ok, "sign " + rv_name(rv) + " got " + to_hex(sig));
          continue;
        }
        const CK_RV vrv = verify_once(f(), s_, m, pub, msg, sig);
        record(t, tc, vrv == CKR_OK, "verify of own signature " + rv_name(vrv));
      } else {
        record(t, tc, rv != CKR_OK || sig != want, "invalid signature reproduced");
      }
    }
  }
  t.report();
}

}  // namespace
}  // namespace craton::test
