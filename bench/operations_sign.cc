// Signature operations: RSA PKCS#1 v1.5 / PSS, ECDSA, EdDSA, ML-DSA, SLH-DSA, HMAC.
#include "operations.h"

namespace bench {
namespace {

class SignRunner final : public Runner {
 public:
  SignRunner(CK_FUNCTION_LIST* f, CK_SESSION_HANDLE s, Mechanism mech, CK_OBJECT_HANDLE key, Bytes data)
      : f_(f), s_(s), mech_(std::move(mech)), key_(key), data_(std::move(data)) {
    // Size the signature buffer once, as an application would.
    check(f_->C_SignInit(s_, mech_.get(), key_), "C_SignInit");
    CK_ULONG len = 0;
    check(f_->C_Sign(s_, data_.data(), data_.size(), nullptr, &len), "C_Sign(length)");
    sig_.resize(len);
    check(f_->C_Sign(s_, data_.data(), data_.size(), sig_.data(), &len), "C_Sign");
    sig_.resize(len);
  }
  CK_RV run_once() override {
    CK_RV rv = f_->C_SignInit(s_, mech_.get(), key_);
    if (rv != CKR_OK) return rv;
    CK_ULONG len = sig_.size();
    return f_->C_Sign(s_, data_.data(), data_.size(), sig_.data(), &len);
  }
  const Bytes& signature() const { return sig_; }

 private:
  CK_FUNCTION_LIST* f_;
  CK_SESSION_HANDLE s_;
  Mechanism mech_;
  CK_OBJECT_HANDLE key_;
  Bytes data_;
  Bytes sig_;
};

class VerifyRunner final : public Runner {
 public:
  VerifyRunner(CK_FUNCTION_LIST* f, CK_SESSION_HANDLE s, Mechanism mech, CK_OBJECT_HANDLE key, Bytes data, Bytes sig)
      : f_(f), s_(s), mech_(std::move(mech)), key_(key), data_(std::move(data)), sig_(std::move(sig)) {
    check(run_once(), "C_Verify");  // a benchmark of a failing verify would mean nothing
  }
  CK_RV run_once() override {
    CK_RV rv = f_->C_VerifyInit(s_, mech_.get(), key_);
    if (rv != CKR_OK) return rv;
    return f_->C_Verify(s_, data_.data(), data_.size(), sig_.data(), sig_.size());
  }

 private:
  CK_FUNCTION_LIST* f_;
  CK_SESSION_HANDLE s_;
  Mechanism mech_;
  CK_OBJECT_HANDLE key_;
  Bytes data_;
  Bytes sig_;
};

// A sign or verify operation over a key pair the module generated.
struct SignDef {
  CK_MECHANISM_TYPE keygen;
  std::function<Mechanism()> mechanism;
  std::function<KeyPair(KeyStore&, bool token)> key;
  std::size_t data_len;
};

Factory sign_factory(SignDef d) {
  return [d](ModuleContext& ctx, CK_SESSION_HANDLE s, bool token) -> std::unique_ptr<Runner> {
    ctx.require(d.keygen);
    Mechanism m = d.mechanism();
    ctx.require(m.type());
    const KeyPair kp = d.key(*ctx.keys, token);
    return std::make_unique<SignRunner>(ctx.f(), s, std::move(m), kp.priv, pattern(d.data_len));
  };
}

Factory verify_factory(SignDef d) {
  return [d](ModuleContext& ctx, CK_SESSION_HANDLE s, bool token) -> std::unique_ptr<Runner> {
    ctx.require(d.keygen);
    ctx.require(d.mechanism().type());
    const KeyPair kp = d.key(*ctx.keys, token);
    SignRunner signer(ctx.f(), s, d.mechanism(), kp.priv, pattern(d.data_len));
    return std::make_unique<VerifyRunner>(ctx.f(), s, d.mechanism(), kp.pub, pattern(d.data_len),
                                          signer.signature());
  };
}

Mechanism plain(CK_MECHANISM_TYPE t) { return Mechanism(t); }

SignDef rsa_pkcs1() {
  return {CKM_RSA_PKCS_KEY_PAIR_GEN, [] { return plain(CKM_SHA256_RSA_PKCS); },
          [](KeyStore& k, bool t) { return k.rsa2048(t); }, 64};
}

SignDef rsa_pss() {
  return {CKM_RSA_PKCS_KEY_PAIR_GEN,
          [] { return Mechanism(CKM_SHA256_RSA_PKCS_PSS, CK_RSA_PKCS_PSS_PARAMS{CKM_SHA256, CKG_MGF1_SHA256, 32}); },
          [](KeyStore& k, bool t) { return k.rsa2048(t); }, 64};
}

SignDef ecdsa(Curve c, std::size_t hash_len) {
  return {CKM_EC_KEY_PAIR_GEN, [] { return plain(CKM_ECDSA); },
          [c](KeyStore& k, bool t) { return k.ec(c, t); }, hash_len};
}

SignDef eddsa() {
  return {CKM_EC_EDWARDS_KEY_PAIR_GEN, [] { return plain(CKM_EDDSA); },
          [](KeyStore& k, bool t) { return k.ec(Curve::kEd25519, t); }, 64};
}

SignDef mldsa() {
  return {CKM_ML_DSA_KEY_PAIR_GEN, [] { return plain(CKM_ML_DSA); },
          [](KeyStore& k, bool t) { return k.ml_dsa65(t); }, 64};
}

SignDef slhdsa_sha2_128f() {
  return {CKM_SLH_DSA_KEY_PAIR_GEN, [] { return plain(CKM_SLH_DSA); },
          [](KeyStore& k, bool t) { return k.slh_dsa_sha2_128f(t); }, 64};
}

std::unique_ptr<Runner> hmac_sha256_4k(ModuleContext& ctx, CK_SESSION_HANDLE s, bool token) {
  ctx.require(CKM_GENERIC_SECRET_KEY_GEN);
  ctx.require(CKM_SHA256_HMAC);
  return std::make_unique<SignRunner>(ctx.f(), s, plain(CKM_SHA256_HMAC), ctx.keys->hmac_secret(token), pattern(4096));
}

}  // namespace

void register_sign_ops(FactoryMap& m) {
  m["rsa2048-pkcs1-sign"] = sign_factory(rsa_pkcs1());
  m["rsa2048-pkcs1-verify"] = verify_factory(rsa_pkcs1());
  m["rsa2048-pss-sign"] = sign_factory(rsa_pss());
  m["ecdsa-p256-sign"] = sign_factory(ecdsa(Curve::kP256, 32));
  m["ecdsa-p256-verify"] = verify_factory(ecdsa(Curve::kP256, 32));
  m["ecdsa-p384-sign"] = sign_factory(ecdsa(Curve::kP384, 48));
  m["ed25519-sign"] = sign_factory(eddsa());
  m["ed25519-verify"] = verify_factory(eddsa());
  m["mldsa65-sign"] = sign_factory(mldsa());
  m["mldsa65-verify"] = verify_factory(mldsa());
  m["slhdsa-sha2-128f-sign"] = sign_factory(slhdsa_sha2_128f());
  m["slhdsa-sha2-128f-verify"] = verify_factory(slhdsa_sha2_128f());
  m["hmac-sha256-4k"] = hmac_sha256_4k;
}

}  // namespace bench
