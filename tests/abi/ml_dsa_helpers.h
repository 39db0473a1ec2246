// ML-DSA helpers shared by tests/abi/ml_dsa_test.cc and
// tests/abi/ml_dsa_vectors_test.cc: key generation with pkcs11-tool-style
// templates, key import with C_CreateObject, and mechanism parameters.
#pragma once

#include <openssl/evp.h>

#include <string>
#include <vector>

#include "vector_helpers.h"

namespace craton::test {

inline constexpr CK_ULONG kMlDsaSets[] = {CKP_ML_DSA_44, CKP_ML_DSA_65, CKP_ML_DSA_87};

inline std::size_t ml_dsa_pk_size(CK_ULONG set) { return set == CKP_ML_DSA_44 ? 1312 : set == CKP_ML_DSA_65 ? 1952 : 2592; }
inline std::size_t ml_dsa_sk_size(CK_ULONG set) { return set == CKP_ML_DSA_44 ? 2560 : set == CKP_ML_DSA_65 ? 4032 : 4896; }
inline std::size_t ml_dsa_sig_size(CK_ULONG set) { return set == CKP_ML_DSA_44 ? 2420 : set == CKP_ML_DSA_65 ? 3309 : 4627; }

inline CK_ULONG ml_dsa_set_from_name(const std::string& name) {
  if (name == "ML-DSA-44") return CKP_ML_DSA_44;
  if (name == "ML-DSA-65") return CKP_ML_DSA_65;
  EXPECT_EQ(name, "ML-DSA-87");
  return CKP_ML_DSA_87;
}

// The templates OpenSC pkcs11-tool 0.27 sends for --keypairgen --key-type
// ML-DSA-xx: the parameter set in both templates.
inline CK_RV generate_ml_dsa(CK_FUNCTION_LIST_3_2* f, CK_SESSION_HANDLE s, CK_ULONG set, KeyPair* out,
                             bool can_sign = true) {
  static CK_BBOOL yes = CK_TRUE, no = CK_FALSE;
  CK_OBJECT_CLASS pub_cls = CKO_PUBLIC_KEY, priv_cls = CKO_PRIVATE_KEY;
  CK_KEY_TYPE kt = CKK_ML_DSA;
  const char label[] = "ml-dsa";
  CK_ATTRIBUTE pub[] = {attr(CKA_CLASS, &pub_cls, sizeof pub_cls), attr(CKA_KEY_TYPE, &kt, sizeof kt),
                        attr(CKA_TOKEN, &no, 1),                    attr(CKA_VERIFY, &yes, 1),
                        attr(CKA_PARAMETER_SET, &set, sizeof set),  attr(CKA_LABEL, label, sizeof label - 1)};
  CK_ATTRIBUTE priv[] = {attr(CKA_CLASS, &priv_cls, sizeof priv_cls), attr(CKA_KEY_TYPE, &kt, sizeof kt),
                         attr(CKA_TOKEN, &no, 1),                      attr(CKA_PRIVATE, &yes, 1),
                         attr(CKA_SENSITIVE, &yes, 1),                 attr(CKA_SIGN, can_sign ? &yes : &no, 1),
                         attr(CKA_PARAMETER_SET, &set, sizeof set),    attr(CKA_LABEL, label, sizeof label - 1)};
  CK_MECHANISM m{CKM_ML_DSA_KEY_PAIR_GEN, nullptr, 0};
  return f->C_GenerateKeyPair(s, &m, pub, 6, priv, 8, &out->pub, &out->priv);
}

inline CK_RV import_ml_dsa_public(CK_FUNCTION_LIST_3_2* f, CK_SESSION_HANDLE s, CK_ULONG set, const Bytes& pk,
                                  CK_OBJECT_HANDLE* out) {
  static CK_BBOOL yes = CK_TRUE, no = CK_FALSE;
  CK_OBJECT_CLASS cls = CKO_PUBLIC_KEY;
  CK_KEY_TYPE kt = CKK_ML_DSA;
  CK_ATTRIBUTE t[] = {attr(CKA_CLASS, &cls, sizeof cls),         attr(CKA_KEY_TYPE, &kt, sizeof kt),
                      attr(CKA_PARAMETER_SET, &set, sizeof set),  attr(CKA_VALUE, pk.data(), pk.size()),
                      attr(CKA_TOKEN, &no, 1),                    attr(CKA_VERIFY, &yes, 1)};
  *out = CK_INVALID_HANDLE;
  return f->C_CreateObject(s, t, 6, out);
}

// Private key from the seed, the expanded value, or both (an empty Bytes is
// left out). Extractable and not sensitive, so tests can read CKA_VALUE.
inline CK_RV import_ml_dsa_private(CK_FUNCTION_LIST_3_2* f, CK_SESSION_HANDLE s, CK_ULONG set, const Bytes& seed,
                                   const Bytes& value, CK_OBJECT_HANDLE* out) {
  static CK_BBOOL yes = CK_TRUE, no = CK_FALSE;
  CK_OBJECT_CLASS cls = CKO_PRIVATE_KEY;
  CK_KEY_TYPE kt = CKK_ML_DSA;
  std::vector<CK_ATTRIBUTE> t = {attr(CKA_CLASS, &cls, sizeof cls),        attr(CKA_KEY_TYPE, &kt, sizeof kt),
                                 attr(CKA_PARAMETER_SET, &set, sizeof set), attr(CKA_TOKEN, &no, 1),
                                 attr(CKA_SIGN, &yes, 1),                   attr(CKA_SENSITIVE, &no, 1),
                                 attr(CKA_EXTRACTABLE, &yes, 1)};
  if (!seed.empty()) t.push_back(attr(CKA_SEED, seed.data(), seed.size()));
  if (!value.empty()) t.push_back(attr(CKA_VALUE, value.data(), value.size()));
  *out = CK_INVALID_HANDLE;
  return f->C_CreateObject(s, t.data(), t.size(), out);
}

// A CK_MECHANISM with a CK_SIGN_ADDITIONAL_CONTEXT that owns its context.
struct ContextMechanism {
  ContextMechanism(CK_MECHANISM_TYPE type, CK_HEDGE_TYPE hedge, const Bytes& ctx) : context(ctx) {
    param = CK_SIGN_ADDITIONAL_CONTEXT{hedge, context.empty() ? nullptr : context.data(),
                                       static_cast<CK_ULONG>(context.size())};
    mech = CK_MECHANISM{type, &param, sizeof param};
  }
  ContextMechanism(const ContextMechanism&) = delete;
  ContextMechanism& operator=(const ContextMechanism&) = delete;
  Bytes context;
  CK_SIGN_ADDITIONAL_CONTEXT param{};
  CK_MECHANISM mech{};
};

// CKM_HASH_ML_DSA with its required CK_HASH_SIGN_ADDITIONAL_CONTEXT.
struct HashContextMechanism {
  HashContextMechanism(CK_MECHANISM_TYPE hash, CK_HEDGE_TYPE hedge, const Bytes& ctx) : context(ctx) {
    param = CK_HASH_SIGN_ADDITIONAL_CONTEXT{hedge, context.empty() ? nullptr : context.data(),
                                            static_cast<CK_ULONG>(context.size()), hash};
    mech = CK_MECHANISM{CKM_HASH_ML_DSA, &param, sizeof param};
  }
  HashContextMechanism(const HashContextMechanism&) = delete;
  HashContextMechanism& operator=(const HashContextMechanism&) = delete;
  Bytes context;
  CK_HASH_SIGN_ADDITIONAL_CONTEXT param{};
  CK_MECHANISM mech{};
};

// A FIPS 204 pre-hash by its ACVP name: the on-token mechanism
// (CKM_HASH_ML_DSA_<hash>, 0 if PKCS#11 3.2 has none), the digest mechanism
// for CKM_HASH_ML_DSA (0 if none: SHAKE) and the OpenSSL name.
struct PreHash {
  const char* acvp;
  CK_MECHANISM_TYPE token_mech;
  CK_MECHANISM_TYPE digest_mech;
  std::size_t size;
};
inline const PreHash* find_prehash(const std::string& acvp_name) {
  static const PreHash kTable[] = {
      {"SHA2-224", CKM_HASH_ML_DSA_SHA224, CKM_SHA224, 28},   {"SHA2-256", CKM_HASH_ML_DSA_SHA256, CKM_SHA256, 32},
      {"SHA2-384", CKM_HASH_ML_DSA_SHA384, CKM_SHA384, 48},   {"SHA2-512", CKM_HASH_ML_DSA_SHA512, CKM_SHA512, 64},
      {"SHA2-512/224", 0, CKM_SHA512_224, 28},                {"SHA2-512/256", 0, CKM_SHA512_256, 32},
      {"SHA3-224", CKM_HASH_ML_DSA_SHA3_224, CKM_SHA3_224, 28}, {"SHA3-256", CKM_HASH_ML_DSA_SHA3_256, CKM_SHA3_256, 32},
      {"SHA3-384", CKM_HASH_ML_DSA_SHA3_384, CKM_SHA3_384, 48}, {"SHA3-512", CKM_HASH_ML_DSA_SHA3_512, CKM_SHA3_512, 64},
      {"SHAKE-128", CKM_HASH_ML_DSA_SHAKE128, 0, 32},         {"SHAKE-256", CKM_HASH_ML_DSA_SHAKE256, 0, 64},
  };
  for (const PreHash& p : kTable)
    if (acvp_name == p.acvp) return &p;
  ADD_FAILURE() << "unknown hashAlg " << acvp_name;
  return nullptr;
}

// PH(M) computed with plain OpenSSL, independent of the module. OpenSSL 3
// knows every ACVP hashAlg name; SHAKE output is 256 / 512 bits (FIPS 204).
inline Bytes openssl_digest(const PreHash& ph, const Bytes& message) {
  EVP_MD* md = EVP_MD_fetch(nullptr, ph.acvp, nullptr);
  EXPECT_NE(md, nullptr) << ph.acvp;
  Bytes out(ph.size);
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  bool ok = md != nullptr && EVP_DigestInit_ex(ctx, md, nullptr) == 1 &&
            EVP_DigestUpdate(ctx, message.data(), message.size()) == 1;
  if (ok && ph.digest_mech == 0) {
    ok = EVP_DigestFinalXOF(ctx, out.data(), out.size()) == 1;
  } else if (ok) {
    unsigned int len = 0;
    ok = EVP_DigestFinal_ex(ctx, out.data(), &len) == 1 && len == out.size();
  }
  EXPECT_TRUE(ok) << ph.acvp;
  EVP_MD_CTX_free(ctx);
  EVP_MD_free(md);
  return out;
}

}  // namespace craton::test
