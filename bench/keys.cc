#include "keys.h"

namespace bench {
namespace {

const char* where(bool token) { return token ? "/token" : "/session"; }

}  // namespace

Bytes ec_params(Curve c) {
  switch (c) {
    case Curve::kP256: return {0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07};
    case Curve::kP384: return {0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x22};
    case Curve::kEd25519: return {0x06, 0x03, 0x2b, 0x65, 0x70};
  }
  return {};
}

Template private_key_template(bool token) {
  Template t;
  t.add_bool(CKA_TOKEN, token).add_bool(CKA_PRIVATE, true).add_bool(CKA_SENSITIVE, true);
  t.add_string(CKA_LABEL, "bench-key");
  return t;
}

Template public_key_template(bool token) {
  Template t;
  t.add_bool(CKA_TOKEN, token).add_string(CKA_LABEL, "bench-key");
  return t;
}

KeyPair KeyStore::pair(const std::string& id, CK_MECHANISM_TYPE mech, Template& pub, Template& priv) {
  auto it = pairs_.find(id);
  if (it != pairs_.end()) return it->second;
  CK_MECHANISM m{mech, nullptr, 0};
  KeyPair kp;
  check(f_->C_GenerateKeyPair(s_, &m, pub.data(), pub.size(), priv.data(), priv.size(), &kp.pub, &kp.priv),
        "C_GenerateKeyPair(" + mechanism_name(mech) + ")");
  pairs_[id] = kp;
  return kp;
}

CK_OBJECT_HANDLE KeyStore::secret(const std::string& id, CK_MECHANISM_TYPE mech, Template& t) {
  auto it = secrets_.find(id);
  if (it != secrets_.end()) return it->second;
  CK_MECHANISM m{mech, nullptr, 0};
  CK_OBJECT_HANDLE h = CK_INVALID_HANDLE;
  check(f_->C_GenerateKey(s_, &m, t.data(), t.size(), &h), "C_GenerateKey(" + mechanism_name(mech) + ")");
  secrets_[id] = h;
  return h;
}

KeyPair KeyStore::rsa2048(bool token) {
  Template pub = public_key_template(token);
  const unsigned char e[] = {0x01, 0x00, 0x01};
  pub.add_ulong(CKA_MODULUS_BITS, 2048).add_bytes(CKA_PUBLIC_EXPONENT, e, sizeof e);
  pub.add_bool(CKA_VERIFY, true).add_bool(CKA_ENCRYPT, true);
  Template priv = private_key_template(token);
  priv.add_bool(CKA_SIGN, true).add_bool(CKA_DECRYPT, true);
  return pair(std::string("rsa2048") + where(token), CKM_RSA_PKCS_KEY_PAIR_GEN, pub, priv);
}

KeyPair KeyStore::ec(Curve c, bool token) {
  const bool edwards = c == Curve::kEd25519;
  Template pub = public_key_template(token);
  pub.add_bytes(CKA_EC_PARAMS, ec_params(c)).add_bool(CKA_VERIFY, true);
  Template priv = private_key_template(token);
  priv.add_bool(CKA_SIGN, true);
  if (!edwards) priv.add_bool(CKA_DERIVE, true);
  const std::string id = "ec" + std::to_string(static_cast<int>(c)) + where(token);
  return pair(id, edwards ? CKM_EC_EDWARDS_KEY_PAIR_GEN : CKM_EC_KEY_PAIR_GEN, pub, priv);
}

KeyPair KeyStore::ml_kem768(bool token) {
  Template pub = public_key_template(token);
  pub.add_ulong(CKA_PARAMETER_SET, CKP_ML_KEM_768).add_bool(CKA_ENCAPSULATE, true);
  Template priv = private_key_template(token);
  priv.add_bool(CKA_DECAPSULATE, true);
  return pair(std::string("mlkem768") + where(token), CKM_ML_KEM_KEY_PAIR_GEN, pub, priv);
}

KeyPair KeyStore::ml_dsa65(bool token) {
  Template pub = public_key_template(token);
  pub.add_ulong(CKA_PARAMETER_SET, CKP_ML_DSA_65).add_bool(CKA_VERIFY, true);
  Template priv = private_key_template(token);
  priv.add_bool(CKA_SIGN, true);
  return pair(std::string("mldsa65") + where(token), CKM_ML_DSA_KEY_PAIR_GEN, pub, priv);
}

KeyPair KeyStore::slh_dsa_sha2_128f(bool token) {
  Template pub = public_key_template(token);
  pub.add_ulong(CKA_PARAMETER_SET, CKP_SLH_DSA_SHA2_128F).add_bool(CKA_VERIFY, true);
  Template priv = private_key_template(token);
  priv.add_bool(CKA_SIGN, true);
  return pair(std::string("slhdsa-sha2-128f") + where(token), CKM_SLH_DSA_KEY_PAIR_GEN, pub, priv);
}

CK_OBJECT_HANDLE KeyStore::aes256(bool token) {
  Template t = private_key_template(token);
  t.add_ulong(CKA_VALUE_LEN, 32).add_bool(CKA_ENCRYPT, true).add_bool(CKA_DECRYPT, true);
  t.add_bool(CKA_WRAP, true).add_bool(CKA_UNWRAP, true);
  return secret(std::string("aes256") + where(token), CKM_AES_KEY_GEN, t);
}

CK_OBJECT_HANDLE KeyStore::aes256_extractable() {
  Template t = private_key_template(false);
  t.add_ulong(CKA_VALUE_LEN, 32).add_bool(CKA_EXTRACTABLE, true).add_bool(CKA_ENCRYPT, true);
  return secret("aes256-extractable", CKM_AES_KEY_GEN, t);
}

CK_OBJECT_HANDLE KeyStore::hmac_secret(bool token) {
  Template t = private_key_template(token);
  t.add_ulong(CKA_VALUE_LEN, 32).add_bool(CKA_SIGN, true).add_bool(CKA_VERIFY, true);
  return secret(std::string("hmac") + where(token), CKM_GENERIC_SECRET_KEY_GEN, t);
}

}  // namespace bench
