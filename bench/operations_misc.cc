// Digests, random, key generation, sessions, object search; and the
// dispatch from an operation name to its factory.
#include <cstdio>

#include "operations.h"

namespace bench {
namespace {

class DigestRunner final : public Runner {
 public:
  DigestRunner(CK_FUNCTION_LIST* f, CK_SESSION_HANDLE s, std::size_t n) : f_(f), s_(s), in_(pattern(n)) {
    check(run_once(), "C_Digest");
  }
  CK_RV run_once() override {
    CK_RV rv = f_->C_DigestInit(s_, mech_.get());
    if (rv != CKR_OK) return rv;
    CK_ULONG len = sizeof out_;
    return f_->C_Digest(s_, in_.data(), in_.size(), out_, &len);
  }

 private:
  CK_FUNCTION_LIST* f_;
  CK_SESSION_HANDLE s_;
  Mechanism mech_{CKM_SHA256};
  Bytes in_;
  unsigned char out_[32];
};

Factory digest(std::size_t n) {
  return [n](ModuleContext& ctx, CK_SESSION_HANDLE s, bool) -> std::unique_ptr<Runner> {
    ctx.require(CKM_SHA256);
    return std::make_unique<DigestRunner>(ctx.f(), s, n);
  };
}

class RandomRunner final : public Runner {
 public:
  RandomRunner(CK_FUNCTION_LIST* f, CK_SESSION_HANDLE s, std::size_t len) : f_(f), s_(s), len_(len) {
    check(run_once(), "C_GenerateRandom");
  }
  CK_RV run_once() override { return f_->C_GenerateRandom(s_, out_, static_cast<CK_ULONG>(len_)); }

 private:
  CK_FUNCTION_LIST* f_;
  CK_SESSION_HANDLE s_;
  std::size_t len_;
  unsigned char out_[64];
};

// C_GenerateKey / C_GenerateKeyPair of session keys; the new objects are
// destroyed after each timed batch.
class KeygenRunner final : public Runner {
 public:
  KeygenRunner(CK_FUNCTION_LIST* f, CK_SESSION_HANDLE s, Mechanism mech, Template a, Template b, bool pair)
      : f_(f), s_(s), mech_(std::move(mech)), a_(std::move(a)), b_(std::move(b)), pair_(pair) {
    check(run_once(), pair ? "C_GenerateKeyPair" : "C_GenerateKey");
    after_batch();
  }
  CK_RV run_once() override {
    CK_OBJECT_HANDLE h1 = CK_INVALID_HANDLE, h2 = CK_INVALID_HANDLE;
    const CK_RV rv = pair_ ? f_->C_GenerateKeyPair(s_, mech_.get(), a_.data(), a_.size(), b_.data(), b_.size(), &h1, &h2)
                           : f_->C_GenerateKey(s_, mech_.get(), a_.data(), a_.size(), &h1);
    if (rv != CKR_OK) return rv;
    made_.push_back(h1);
    if (pair_) made_.push_back(h2);
    return rv;
  }
  void after_batch() override { destroy_all(f_, s_, made_); }

 private:
  CK_FUNCTION_LIST* f_;
  CK_SESSION_HANDLE s_;
  Mechanism mech_;
  Template a_, b_;
  bool pair_;
  std::vector<CK_OBJECT_HANDLE> made_;
};

std::unique_ptr<Runner> keygen_aes256(ModuleContext& ctx, CK_SESSION_HANDLE s, bool) {
  ctx.require(CKM_AES_KEY_GEN);
  Template t = private_key_template(false);
  t.add_ulong(CKA_VALUE_LEN, 32).add_bool(CKA_ENCRYPT, true).add_bool(CKA_DECRYPT, true);
  return std::make_unique<KeygenRunner>(ctx.f(), s, Mechanism(CKM_AES_KEY_GEN), std::move(t), Template(), false);
}

std::unique_ptr<Runner> keygen_ec_p256(ModuleContext& ctx, CK_SESSION_HANDLE s, bool) {
  ctx.require(CKM_EC_KEY_PAIR_GEN);
  Template pub = public_key_template(false);
  pub.add_bytes(CKA_EC_PARAMS, ec_params(Curve::kP256)).add_bool(CKA_VERIFY, true);
  Template priv = private_key_template(false);
  priv.add_bool(CKA_SIGN, true);
  return std::make_unique<KeygenRunner>(ctx.f(), s, Mechanism(CKM_EC_KEY_PAIR_GEN), std::move(pub), std::move(priv),
                                        true);
}

std::unique_ptr<Runner> keygen_rsa2048(ModuleContext& ctx, CK_SESSION_HANDLE s, bool) {
  ctx.require(CKM_RSA_PKCS_KEY_PAIR_GEN);
  Template pub = public_key_template(false);
  const unsigned char e[] = {0x01, 0x00, 0x01};
  pub.add_ulong(CKA_MODULUS_BITS, 2048).add_bytes(CKA_PUBLIC_EXPONENT, e, sizeof e).add_bool(CKA_VERIFY, true);
  Template priv = private_key_template(false);
  priv.add_bool(CKA_SIGN, true);
  return std::make_unique<KeygenRunner>(ctx.f(), s, Mechanism(CKM_RSA_PKCS_KEY_PAIR_GEN), std::move(pub),
                                        std::move(priv), true);
}

class SessionRunner final : public Runner {
 public:
  SessionRunner(CK_FUNCTION_LIST* f, CK_SLOT_ID slot) : f_(f), slot_(slot) { check(run_once(), "C_OpenSession"); }
  CK_RV run_once() override {
    CK_SESSION_HANDLE s = CK_INVALID_HANDLE;
    CK_RV rv = f_->C_OpenSession(slot_, CKF_SERIAL_SESSION, nullptr, nullptr, &s);
    if (rv != CKR_OK) return rv;
    return f_->C_CloseSession(s);
  }

 private:
  CK_FUNCTION_LIST* f_;
  CK_SLOT_ID slot_;
};

constexpr char kFindTarget[] = "bench-find-target";
constexpr char kFindTargetToken[] = "bench-find-target-token";

// A token object made and destroyed: each is one durable store transaction.
class TokenObjectRunner final : public Runner {
 public:
  TokenObjectRunner(CK_FUNCTION_LIST* f, CK_SESSION_HANDLE s) : f_(f), s_(s) {
    tmpl_.add_ulong(CKA_CLASS, CKO_DATA).add_bool(CKA_TOKEN, true).add_bool(CKA_PRIVATE, false);
    tmpl_.add_string(CKA_LABEL, "bench-token-object").add_bytes(CKA_VALUE, pattern(16));
    check(run_once(), "C_CreateObject(token) + C_DestroyObject");
  }
  CK_RV run_once() override {
    CK_OBJECT_HANDLE h = CK_INVALID_HANDLE;
    CK_RV rv = f_->C_CreateObject(s_, tmpl_.data(), tmpl_.size(), &h);
    if (rv != CKR_OK) return rv;
    return f_->C_DestroyObject(s_, h);
  }

 private:
  CK_FUNCTION_LIST* f_;
  CK_SESSION_HANDLE s_;
  Template tmpl_;
};

class FindRunner final : public Runner {
 public:
  FindRunner(CK_FUNCTION_LIST* f, CK_SESSION_HANDLE s, const char* label) : f_(f), s_(s) {
    tmpl_.add_string(CKA_LABEL, label);
    check(run_once(), "C_FindObjects");
    if (found_ != 1) throw std::runtime_error("C_FindObjects found " + std::to_string(found_) + " objects, not 1");
  }
  CK_RV run_once() override {
    CK_RV rv = f_->C_FindObjectsInit(s_, tmpl_.data(), tmpl_.size());
    if (rv != CKR_OK) return rv;
    CK_OBJECT_HANDLE out[16];
    found_ = 0;
    rv = f_->C_FindObjects(s_, out, 16, &found_);
    const CK_RV fin = f_->C_FindObjectsFinal(s_);
    return rv != CKR_OK ? rv : fin;
  }

 private:
  CK_FUNCTION_LIST* f_;
  CK_SESSION_HANDLE s_;
  Template tmpl_;
  CK_ULONG found_ = 0;
};

const FactoryMap& factories() {
  static const FactoryMap map = [] {
    FactoryMap m;
    register_sign_ops(m);
    register_cipher_ops(m);
    register_misc_ops(m);
    return m;
  }();
  return map;
}

}  // namespace

void register_misc_ops(FactoryMap& m) {
  m["sha256-4k"] = digest(4096);
  m["sha256-64b"] = digest(64);
  m["random-32"] = [](ModuleContext& ctx, CK_SESSION_HANDLE s, bool) -> std::unique_ptr<Runner> {
    return std::make_unique<RandomRunner>(ctx.f(), s, 32);
  };
  // Above the DRBG's 32-byte pooled size: one generate call per request.
  m["random-48"] = [](ModuleContext& ctx, CK_SESSION_HANDLE s, bool) -> std::unique_ptr<Runner> {
    return std::make_unique<RandomRunner>(ctx.f(), s, 48);
  };
  m["keygen-aes256"] = keygen_aes256;
  m["keygen-ec-p256"] = keygen_ec_p256;
  m["keygen-rsa2048"] = keygen_rsa2048;
  m["session-open-close"] = [](ModuleContext& ctx, CK_SESSION_HANDLE, bool) -> std::unique_ptr<Runner> {
    return std::make_unique<SessionRunner>(ctx.f(), ctx.slot);
  };
  const Factory find = [](ModuleContext& ctx, CK_SESSION_HANDLE s, bool) -> std::unique_ptr<Runner> {
    return std::make_unique<FindRunner>(ctx.f(), s, kFindTarget);
  };
  m["find-label-1k"] = find;
  m["find-label-10k"] = find;
  m["find-label-10k-token"] = [](ModuleContext& ctx, CK_SESSION_HANDLE s, bool) -> std::unique_ptr<Runner> {
    return std::make_unique<FindRunner>(ctx.f(), s, kFindTargetToken);
  };
  m["token-object-create-destroy"] = [](ModuleContext& ctx, CK_SESSION_HANDLE s, bool) -> std::unique_ptr<Runner> {
    return std::make_unique<TokenObjectRunner>(ctx.f(), s);
  };
}

void ModuleContext::require(CK_MECHANISM_TYPE m) const {
  if (mechanisms.count(m) == 0) throw NotAvailable(mechanism_name(m) + " not offered");
}

std::unique_ptr<Runner> make_module_runner(ModuleContext& ctx, const OpInstance& op, CK_SESSION_HANDLE session) {
  auto it = factories().find(op.spec->base);
  if (it == factories().end()) throw NotAvailable("no PKCS#11 implementation of " + op.spec->base);
  return it->second(ctx, session, op.variant == "token");
}

void populate_find_objects(ModuleContext& ctx, std::size_t total, bool token) {
  static std::size_t made_session = 0, made_token = 0;  // per worker process: one module each
  std::size_t& made = token ? made_token : made_session;
  const Bytes value = pattern(16);
  while (made < total) {
    Template t;
    char label[48];
    std::snprintf(label, sizeof label, "bench-%s-object-%zu", token ? "token" : "session", made);
    t.add_ulong(CKA_CLASS, CKO_DATA).add_bool(CKA_TOKEN, token).add_bool(CKA_PRIVATE, false);
    const std::string target = token ? kFindTargetToken : kFindTarget;
    t.add_string(CKA_LABEL, made == 0 ? target : std::string(label)).add_bytes(CKA_VALUE, value);
    CK_OBJECT_HANDLE h = CK_INVALID_HANDLE;
    check(ctx.f()->C_CreateObject(ctx.main_session, t.data(), t.size(), &h), "C_CreateObject(CKO_DATA)");
    ++made;
  }
}

Bytes pattern(std::size_t n, unsigned char seed) {
  Bytes b(n);
  for (std::size_t i = 0; i < n; ++i) b[i] = static_cast<unsigned char>(seed + i * 31);
  return b;
}

void destroy_all(CK_FUNCTION_LIST* f, CK_SESSION_HANDLE s, std::vector<CK_OBJECT_HANDLE>& handles) {
  for (CK_OBJECT_HANDLE h : handles) f->C_DestroyObject(s, h);
  handles.clear();
}

}  // namespace bench
