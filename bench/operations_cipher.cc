// Encryption, key wrapping, key agreement and KEM operations.
#include <array>

#include "operations.h"

namespace bench {
namespace {

CK_GCM_PARAMS gcm_params(unsigned char* iv) { return CK_GCM_PARAMS{iv, 12, 96, nullptr, 0, 128}; }

// C_EncryptInit + C_Encrypt; for GCM a fresh IV per message (a counter), as
// a real application must never reuse one.
class EncryptRunner final : public Runner {
 public:
  EncryptRunner(CK_FUNCTION_LIST* f, CK_SESSION_HANDLE s, CK_MECHANISM_TYPE type, CK_OBJECT_HANDLE key, std::size_t n)
      : f_(f), s_(s), type_(type), key_(key), in_(pattern(n)), out_(n + 32) {
    iv_.fill(0x11);
    mech_ = type_ == CKM_AES_GCM ? Mechanism(CKM_AES_GCM, gcm_params(iv_.data())) : Mechanism(type_, iv_);
    check(run_once(), "C_Encrypt");
  }
  CK_RV run_once() override {
    if (type_ == CKM_AES_GCM) bump_iv();
    CK_RV rv = f_->C_EncryptInit(s_, mech_.get(), key_);
    if (rv != CKR_OK) return rv;
    CK_ULONG len = out_.size();
    rv = f_->C_Encrypt(s_, in_.data(), in_.size(), out_.data(), &len);
    last_len_ = len;
    return rv;
  }
  // Ciphertext of the last message and the IV it used.
  Bytes last_output() const { return Bytes(out_.begin(), out_.begin() + static_cast<std::ptrdiff_t>(last_len_)); }
  std::array<unsigned char, 16> iv() const { return iv_; }

 private:
  void bump_iv() {
    for (int i = 11; i >= 0 && ++iv_[static_cast<std::size_t>(i)] == 0; --i) {
    }
  }
  CK_FUNCTION_LIST* f_;
  CK_SESSION_HANDLE s_;
  CK_MECHANISM_TYPE type_;
  CK_OBJECT_HANDLE key_;
  std::array<unsigned char, 16> iv_{};  // 16 B: the CBC IV; GCM uses the first 12
  Mechanism mech_{CKM_AES_CBC_PAD};  // set in the constructor, once iv_ is filled
  Bytes in_, out_;
  CK_ULONG last_len_ = 0;
};

class DecryptRunner final : public Runner {
 public:
  DecryptRunner(CK_FUNCTION_LIST* f, CK_SESSION_HANDLE s, Mechanism mech, CK_OBJECT_HANDLE key, Bytes ct,
                std::size_t out_len)
      : f_(f), s_(s), mech_(std::move(mech)), key_(key), ct_(std::move(ct)), out_(out_len + 32) {
    check(run_once(), "C_Decrypt");
  }
  CK_RV run_once() override {
    CK_RV rv = f_->C_DecryptInit(s_, mech_.get(), key_);
    if (rv != CKR_OK) return rv;
    CK_ULONG len = out_.size();
    return f_->C_Decrypt(s_, ct_.data(), ct_.size(), out_.data(), &len);
  }

 private:
  CK_FUNCTION_LIST* f_;
  CK_SESSION_HANDLE s_;
  Mechanism mech_;
  CK_OBJECT_HANDLE key_;
  Bytes ct_, out_;
};

Factory gcm_encrypt(std::size_t n) {
  return [n](ModuleContext& ctx, CK_SESSION_HANDLE s, bool token) -> std::unique_ptr<Runner> {
    ctx.require(CKM_AES_KEY_GEN);
    ctx.require(CKM_AES_GCM);
    return std::make_unique<EncryptRunner>(ctx.f(), s, CKM_AES_GCM, ctx.keys->aes256(token), n);
  };
}

Factory gcm_decrypt(std::size_t n) {
  return [n](ModuleContext& ctx, CK_SESSION_HANDLE s, bool token) -> std::unique_ptr<Runner> {
    ctx.require(CKM_AES_KEY_GEN);
    ctx.require(CKM_AES_GCM);
    const CK_OBJECT_HANDLE key = ctx.keys->aes256(token);
    auto enc = std::make_unique<EncryptRunner>(ctx.f(), s, CKM_AES_GCM, key, n);
    auto iv = std::make_unique<std::array<unsigned char, 16>>(enc->iv());
    struct Holder final : Runner {  // keeps the IV alive beside the runner that points at it
      std::unique_ptr<std::array<unsigned char, 16>> iv;
      std::unique_ptr<DecryptRunner> inner;
      CK_RV run_once() override { return inner->run_once(); }
    };
    auto h = std::make_unique<Holder>();
    h->inner = std::make_unique<DecryptRunner>(ctx.f(), s, Mechanism(CKM_AES_GCM, gcm_params(iv->data())), key,
                                               enc->last_output(), n);
    h->iv = std::move(iv);
    return h;
  };
}

std::unique_ptr<Runner> cbc_pad_encrypt_4k(ModuleContext& ctx, CK_SESSION_HANDLE s, bool token) {
  ctx.require(CKM_AES_KEY_GEN);
  ctx.require(CKM_AES_CBC_PAD);
  return std::make_unique<EncryptRunner>(ctx.f(), s, CKM_AES_CBC_PAD, ctx.keys->aes256(token), 4096);
}

Factory oaep_decrypt(CK_MECHANISM_TYPE hash, CK_RSA_PKCS_MGF_TYPE mgf) {
  return [hash, mgf](ModuleContext& ctx, CK_SESSION_HANDLE s, bool token) -> std::unique_ptr<Runner> {
    ctx.require(CKM_RSA_PKCS_KEY_PAIR_GEN);
    ctx.require(CKM_RSA_PKCS_OAEP);
    const CK_RSA_PKCS_OAEP_PARAMS p{hash, mgf, CKZ_DATA_SPECIFIED, nullptr, 0};
    const KeyPair kp = ctx.keys->rsa2048(token);
    Mechanism m(CKM_RSA_PKCS_OAEP, p);
    const Bytes msg = pattern(32);
    check(ctx.f()->C_EncryptInit(s, m.get(), kp.pub), "C_EncryptInit(OAEP)");
    Bytes ct(512);
    CK_ULONG len = ct.size();
    check(ctx.f()->C_Encrypt(s, const_cast<unsigned char*>(msg.data()), msg.size(), ct.data(), &len), "C_Encrypt(OAEP)");
    ct.resize(len);
    return std::make_unique<DecryptRunner>(ctx.f(), s, Mechanism(CKM_RSA_PKCS_OAEP, p), kp.priv, ct, 256);
  };
}

class WrapRunner final : public Runner {
 public:
  WrapRunner(CK_FUNCTION_LIST* f, CK_SESSION_HANDLE s, CK_OBJECT_HANDLE wrapping, CK_OBJECT_HANDLE key)
      : f_(f), s_(s), wrapping_(wrapping), key_(key) {
    check(run_once(), "C_WrapKey");
  }
  CK_RV run_once() override {
    CK_ULONG len = sizeof out_;
    return f_->C_WrapKey(s_, mech_.get(), wrapping_, key_, out_, &len);
  }

 private:
  CK_FUNCTION_LIST* f_;
  CK_SESSION_HANDLE s_;
  CK_OBJECT_HANDLE wrapping_, key_;
  Mechanism mech_{CKM_AES_KEY_WRAP};
  unsigned char out_[64];
};

std::unique_ptr<Runner> aes_kw_wrap(ModuleContext& ctx, CK_SESSION_HANDLE s, bool token) {
  ctx.require(CKM_AES_KEY_GEN);
  ctx.require(CKM_AES_KEY_WRAP);
  return std::make_unique<WrapRunner>(ctx.f(), s, ctx.keys->aes256(token), ctx.keys->aes256_extractable());
}

// Template of the secret the derive / decapsulate calls create.
Template derived_secret_template(bool with_len) {
  Template t;
  t.add_ulong(CKA_CLASS, CKO_SECRET_KEY).add_ulong(CKA_KEY_TYPE, CKK_GENERIC_SECRET).add_bool(CKA_TOKEN, false);
  if (with_len) t.add_ulong(CKA_VALUE_LEN, 32);
  return t;
}

class DeriveRunner final : public Runner {
 public:
  DeriveRunner(CK_FUNCTION_LIST* f, CK_SESSION_HANDLE s, CK_OBJECT_HANDLE priv, Bytes peer)
      : f_(f), s_(s), priv_(priv), peer_(std::move(peer)),
        mech_(CKM_ECDH1_DERIVE, CK_ECDH1_DERIVE_PARAMS{CKD_NULL, 0, nullptr, peer_.size(), peer_.data()}) {
    check(run_once(), "C_DeriveKey");
    after_batch();
  }
  CK_RV run_once() override {
    CK_OBJECT_HANDLE h = CK_INVALID_HANDLE;
    const CK_RV rv = f_->C_DeriveKey(s_, mech_.get(), priv_, tmpl_.data(), tmpl_.size(), &h);
    if (rv == CKR_OK) made_.push_back(h);
    return rv;
  }
  void after_batch() override { destroy_all(f_, s_, made_); }

 private:
  CK_FUNCTION_LIST* f_;
  CK_SESSION_HANDLE s_;
  CK_OBJECT_HANDLE priv_;
  Bytes peer_;
  Mechanism mech_;
  Template tmpl_ = derived_secret_template(true);
  std::vector<CK_OBJECT_HANDLE> made_;
};

// The raw uncompressed point of a public key the module generated (the
// CKA_EC_POINT is a DER OCTET STRING around it).
Bytes peer_point(ModuleContext& ctx) {
  const KeyPair peer = ctx.keys->ec(Curve::kP256, false);
  Bytes der(128);
  CK_ATTRIBUTE a{CKA_EC_POINT, der.data(), der.size()};
  check(ctx.f()->C_GetAttributeValue(ctx.main_session, peer.pub, &a, 1), "C_GetAttributeValue(CKA_EC_POINT)");
  der.resize(a.ulValueLen);
  if (der.size() != 67 || der[0] != 0x04 || der[1] != 65) throw std::runtime_error("unexpected CKA_EC_POINT form");
  return Bytes(der.begin() + 2, der.end());
}

std::unique_ptr<Runner> ecdh_p256_derive(ModuleContext& ctx, CK_SESSION_HANDLE s, bool token) {
  ctx.require(CKM_EC_KEY_PAIR_GEN);
  ctx.require(CKM_ECDH1_DERIVE);
  // The peer point is the public half of the session P-256 pair; the deriving
  // key is the variant's private key (for "session" that same pair).
  return std::make_unique<DeriveRunner>(ctx.f(), s, ctx.keys->ec(Curve::kP256, token).priv, peer_point(ctx));
}

class KemRunner final : public Runner {
 public:
  KemRunner(CK_FUNCTION_LIST* f2, CK_FUNCTION_LIST_3_2* f, CK_SESSION_HANDLE s, KeyPair kp, bool encaps)
      : f2_(f2), f_(f), s_(s), kp_(kp), encaps_(encaps), ct_(2048) {
    CK_ULONG len = ct_.size();
    CK_OBJECT_HANDLE h = CK_INVALID_HANDLE;
    check(f_->C_EncapsulateKey(s_, mech_.get(), kp_.pub, tmpl_.data(), tmpl_.size(), ct_.data(), &len, &h),
          "C_EncapsulateKey");
    ct_.resize(len);
    made_.push_back(h);
    check(run_once(), encaps ? "C_EncapsulateKey" : "C_DecapsulateKey");
    after_batch();
  }
  CK_RV run_once() override {
    CK_OBJECT_HANDLE h = CK_INVALID_HANDLE;
    CK_RV rv;
    if (encaps_) {
      CK_ULONG len = ct_.size();
      rv = f_->C_EncapsulateKey(s_, mech_.get(), kp_.pub, tmpl_.data(), tmpl_.size(), ct_.data(), &len, &h);
    } else {
      rv = f_->C_DecapsulateKey(s_, mech_.get(), kp_.priv, tmpl_.data(), tmpl_.size(), ct_.data(), ct_.size(), &h);
    }
    if (rv == CKR_OK) made_.push_back(h);
    return rv;
  }
  void after_batch() override { destroy_all(f2_, s_, made_); }

 private:
  CK_FUNCTION_LIST* f2_;
  CK_FUNCTION_LIST_3_2* f_;
  CK_SESSION_HANDLE s_;
  KeyPair kp_;
  bool encaps_;
  Bytes ct_;
  Mechanism mech_{CKM_ML_KEM};
  Template tmpl_ = derived_secret_template(false);
  std::vector<CK_OBJECT_HANDLE> made_;
};

Factory ml_kem(bool encaps) {
  return [encaps](ModuleContext& ctx, CK_SESSION_HANDLE s, bool token) -> std::unique_ptr<Runner> {
    ctx.require(CKM_ML_KEM_KEY_PAIR_GEN);
    ctx.require(CKM_ML_KEM);
    if (ctx.module->f32 == nullptr) throw NotAvailable("no PKCS#11 3.2 interface (C_EncapsulateKey)");
    return std::make_unique<KemRunner>(ctx.f(), ctx.module->f32, s, ctx.keys->ml_kem768(token), encaps);
  };
}

}  // namespace

void register_cipher_ops(FactoryMap& m) {
  m["aes256-gcm-encrypt-4k"] = gcm_encrypt(4096);
  m["aes256-gcm-encrypt-64b"] = gcm_encrypt(64);
  m["aes256-gcm-decrypt-4k"] = gcm_decrypt(4096);
  m["aes256-gcm-decrypt-64b"] = gcm_decrypt(64);
  m["aes256-cbc-pad-encrypt-4k"] = cbc_pad_encrypt_4k;
  m["aes256-kw-wrap"] = aes_kw_wrap;
  m["rsa2048-oaep-sha256-decrypt"] = oaep_decrypt(CKM_SHA256, CKG_MGF1_SHA256);
  m["rsa2048-oaep-sha1-decrypt"] = oaep_decrypt(CKM_SHA_1, CKG_MGF1_SHA1);
  m["ecdh-p256-derive"] = ecdh_p256_derive;
  m["mlkem768-encaps"] = ml_kem(true);
  m["mlkem768-decaps"] = ml_kem(false);
}

}  // namespace bench
