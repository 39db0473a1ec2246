// RSA primitives: PKCS#1 v1.5, PSS, OAEP and raw, one-shot and streamed.
// Every call builds its EVP_PKEY_CTX from the shared, already parsed key
// and passes all padding parameters in one OSSL_PARAM list at init time.
#include <openssl/core_names.h>
#include <openssl/rsa.h>

#include <array>

#include "crypto/ossl/internal/handles.h"
#include "crypto/rsa.h"

namespace craton::crypto {
namespace {

using ossl::drain;

int pad_mode(RsaPad pad) {
  switch (pad) {
    case RsaPad::kNone: return RSA_NO_PADDING;
    case RsaPad::kPkcs1: return RSA_PKCS1_PADDING;
    case RsaPad::kPss: return RSA_PKCS1_PSS_PADDING;
    case RsaPad::kOaep: return RSA_PKCS1_OAEP_PADDING;
  }
  return RSA_PKCS1_PADDING;
}

char* name_of(HashAlg alg) { return const_cast<char*>(hash_name(alg)); }  // OpenSSL only reads it

// An OSSL_PARAM list on the stack. It points into itself: never copy it.
class ParamList {
 public:
  ParamList() = default;
  ParamList(const ParamList&) = delete;
  ParamList& operator=(const ParamList&) = delete;

  // Signature parameters; `with_digest` also names the hash (one-shot
  // EVP_PKEY_sign contexts; digest-sign contexts get it at init).
  void for_signature(const RsaParams& p, bool with_digest) {
    pad_ = pad_mode(p.pad);
    add(OSSL_PARAM_construct_int(OSSL_SIGNATURE_PARAM_PAD_MODE, &pad_));
    if (with_digest && p.hash) add(OSSL_PARAM_construct_utf8_string(OSSL_SIGNATURE_PARAM_DIGEST, name_of(*p.hash), 0));
    if (p.pad == RsaPad::kPss) {
      salt_ = p.salt_len;
      add(OSSL_PARAM_construct_int(OSSL_SIGNATURE_PARAM_PSS_SALTLEN, &salt_));
      add(OSSL_PARAM_construct_utf8_string(OSSL_SIGNATURE_PARAM_MGF1_DIGEST, name_of(p.mgf1), 0));
    }
  }

  void for_cipher(const RsaParams& p) {
    pad_ = pad_mode(p.pad);
    add(OSSL_PARAM_construct_int(OSSL_ASYM_CIPHER_PARAM_PAD_MODE, &pad_));
    if (p.pad != RsaPad::kOaep) return;
    add(OSSL_PARAM_construct_utf8_string(OSSL_ASYM_CIPHER_PARAM_OAEP_DIGEST, name_of(p.hash.value_or(HashAlg::kSha1)), 0));
    add(OSSL_PARAM_construct_utf8_string(OSSL_ASYM_CIPHER_PARAM_MGF1_DIGEST, name_of(p.mgf1), 0));
    // The provider copies the label.
    if (!p.label.empty())
      add(OSSL_PARAM_construct_octet_string(OSSL_ASYM_CIPHER_PARAM_OAEP_LABEL,
                                            const_cast<std::uint8_t*>(p.label.data()), p.label.size()));
  }

  OSSL_PARAM* get() {
    items_[count_] = OSSL_PARAM_construct_end();
    return items_.data();
  }

 private:
  void add(const OSSL_PARAM& p) { items_[count_++] = p; }
  std::array<OSSL_PARAM, 6> items_{};
  std::size_t count_ = 0;
  int pad_ = 0;
  int salt_ = 0;
};

enum class Op { kSign, kVerify, kVerifyRecover, kEncrypt, kDecrypt };

// OpenSSL 3.0 hands out a legacy EVP_PKEY_CTX when the application made an
// ENGINE the default for RSA (libp11's pkcs11 engine, which loads this very
// module, does). Such a context ignores init-time OSSL_PARAMs and can't
// translate an integer pad mode, so we set everything through the ctrl
// helpers instead, which work on both kinds of context.
bool is_legacy(const EVP_PKEY_CTX* ctx) { return EVP_PKEY_CTX_get0_provider(ctx) == nullptr; }

Status apply_legacy(EVP_PKEY_CTX* ctx, const RsaParams& p, bool signature, bool with_digest) {
  // A NULL EVP_MD would mean "no digest" to the ctrls: never pass one.
  const EVP_MD* hash = EVP_get_digestbyname(hash_name(p.hash.value_or(HashAlg::kSha1)));
  const EVP_MD* mgf1 = EVP_get_digestbyname(hash_name(p.mgf1));
  if (hash == nullptr || mgf1 == nullptr) return drain(CKR_FUNCTION_FAILED);
  bool ok = EVP_PKEY_CTX_set_rsa_padding(ctx, pad_mode(p.pad)) > 0;
  if (signature && with_digest && p.hash) ok = ok && EVP_PKEY_CTX_set_signature_md(ctx, hash) > 0;
  if (p.pad == RsaPad::kPss)
    ok = ok && EVP_PKEY_CTX_set_rsa_pss_saltlen(ctx, p.salt_len) > 0 && EVP_PKEY_CTX_set_rsa_mgf1_md(ctx, mgf1) > 0;
  if (p.pad == RsaPad::kOaep) {
    ok = ok && EVP_PKEY_CTX_set_rsa_oaep_md(ctx, hash) > 0 && EVP_PKEY_CTX_set_rsa_mgf1_md(ctx, mgf1) > 0;
    if (ok && !p.label.empty()) {
      void* label = OPENSSL_memdup(p.label.data(), p.label.size());  // the context takes ownership
      ok = label != nullptr && EVP_PKEY_CTX_set0_rsa_oaep_label(ctx, label, static_cast<int>(p.label.size())) > 0;
      if (!ok) OPENSSL_free(label);
    }
  }
  if (!ok) return drain(CKR_FUNCTION_FAILED);
  return Status::ok();
}

// A ready-to-use context for one operation, or CKR_FUNCTION_FAILED: the
// parameters were validated above us, so a refusal here is not the caller's.
Result<ossl::EvpPkeyCtxPtr> make_ctx(const Pkey& key, const RsaParams& p, Op op) {
  ossl::EvpPkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_pkey(ossl::libctx(), key.get(), nullptr));
  if (ctx == nullptr) return drain(CKR_HOST_MEMORY);
  ParamList params;
  int rc = 0;
  switch (op) {
    case Op::kSign:
      params.for_signature(p, true);
      rc = EVP_PKEY_sign_init_ex(ctx.get(), params.get());
      break;
    case Op::kVerify:
      params.for_signature(p, true);
      rc = EVP_PKEY_verify_init_ex(ctx.get(), params.get());
      break;
    case Op::kVerifyRecover:
      params.for_signature(p, true);
      rc = EVP_PKEY_verify_recover_init_ex(ctx.get(), params.get());
      break;
    case Op::kEncrypt:
      params.for_cipher(p);
      rc = EVP_PKEY_encrypt_init_ex(ctx.get(), params.get());
      break;
    case Op::kDecrypt:
      params.for_cipher(p);
      rc = EVP_PKEY_decrypt_init_ex(ctx.get(), params.get());
      break;
  }
  if (rc != 1) return drain(CKR_FUNCTION_FAILED);
  if (is_legacy(ctx.get())) TRY_STATUS(apply_legacy(ctx.get(), p, op != Op::kEncrypt && op != Op::kDecrypt, true));
  return ctx;
}

}  // namespace

Result<std::size_t> rsa_sign(const Pkey& key, const RsaParams& params, ByteView tbs, MutableByteView out) {
  TRY_ASSIGN(ossl::EvpPkeyCtxPtr ctx, make_ctx(key, params, Op::kSign));
  std::size_t len = out.size();
  if (EVP_PKEY_sign(ctx.get(), out.data(), &len, tbs.data(), tbs.size()) != 1) return drain(CKR_FUNCTION_FAILED);
  return len;
}

Status rsa_verify(const Pkey& key, const RsaParams& params, ByteView tbs, ByteView sig) {
  TRY_ASSIGN(ossl::EvpPkeyCtxPtr ctx, make_ctx(key, params, Op::kVerify));
  if (EVP_PKEY_verify(ctx.get(), sig.data(), sig.size(), tbs.data(), tbs.size()) != 1)
    return drain(CKR_SIGNATURE_INVALID);
  return Status::ok();
}

Result<std::size_t> rsa_verify_recover(const Pkey& key, const RsaParams& params, ByteView sig,
                                       MutableByteView out) {
  TRY_ASSIGN(ossl::EvpPkeyCtxPtr ctx, make_ctx(key, params, Op::kVerifyRecover));
  std::size_t len = out.size();
  if (EVP_PKEY_verify_recover(ctx.get(), out.data(), &len, sig.data(), sig.size()) != 1)
    return drain(CKR_SIGNATURE_INVALID);
  return len;
}

Result<std::size_t> rsa_encrypt(const Pkey& key, const RsaParams& params, ByteView in, MutableByteView out) {
  TRY_ASSIGN(ossl::EvpPkeyCtxPtr ctx, make_ctx(key, params, Op::kEncrypt));
  std::size_t len = out.size();
  if (EVP_PKEY_encrypt(ctx.get(), out.data(), &len, in.data(), in.size()) != 1) return drain(CKR_FUNCTION_FAILED);
  return len;
}

Result<std::size_t> rsa_decrypt(const Pkey& key, const RsaParams& params, ByteView in, MutableByteView out) {
  TRY_ASSIGN(ossl::EvpPkeyCtxPtr ctx, make_ctx(key, params, Op::kDecrypt));
  std::size_t len = out.size();
  if (EVP_PKEY_decrypt(ctx.get(), out.data(), &len, in.data(), in.size()) != 1)
    return drain(CKR_ENCRYPTED_DATA_INVALID);
  return len;
}

Result<RsaDigestSigner> RsaDigestSigner::create(PkeyRef key, const RsaParams& params, bool sign) {
  if (!params.hash || (params.pad != RsaPad::kPkcs1 && params.pad != RsaPad::kPss))
    return err(CKR_MECHANISM_PARAM_INVALID);
  ossl::EvpMdCtxPtr ctx(EVP_MD_CTX_new());
  if (ctx == nullptr) return drain(CKR_HOST_MEMORY);
  EVP_PKEY_CTX* pctx = nullptr;  // owned by the EVP_MD_CTX
  const char* md = hash_name(*params.hash);
  const int rc = sign ? EVP_DigestSignInit_ex(ctx.get(), &pctx, md, ossl::libctx(), nullptr, key->get(), nullptr)
                      : EVP_DigestVerifyInit_ex(ctx.get(), &pctx, md, ossl::libctx(), nullptr, key->get(), nullptr);
  if (rc != 1 || pctx == nullptr) return drain(CKR_FUNCTION_FAILED);
  // Padding after the digest is in place, so PSS never falls back to SHA-1.
  if (is_legacy(pctx)) {
    TRY_STATUS(apply_legacy(pctx, params, true, false));
  } else {
    ParamList list;
    list.for_signature(params, false);
    if (EVP_PKEY_CTX_set_params(pctx, list.get()) != 1) return drain(CKR_FUNCTION_FAILED);
  }
  return RsaDigestSigner(std::move(key), ctx.release(), sign);
}

RsaDigestSigner::RsaDigestSigner(RsaDigestSigner&& o) noexcept
    : key_(std::move(o.key_)), ctx_(o.ctx_), sign_(o.sign_) {
  o.ctx_ = nullptr;
}

RsaDigestSigner& RsaDigestSigner::operator=(RsaDigestSigner&& o) noexcept {
  if (this != &o) {
    EVP_MD_CTX_free(ctx_);
    key_ = std::move(o.key_);
    ctx_ = o.ctx_;
    sign_ = o.sign_;
    o.ctx_ = nullptr;
  }
  return *this;
}

RsaDigestSigner::~RsaDigestSigner() { EVP_MD_CTX_free(ctx_); }

Status RsaDigestSigner::update(ByteView data) {
  if (data.empty()) return Status::ok();
  const int rc = sign_ ? EVP_DigestSignUpdate(ctx_, data.data(), data.size())
                       : EVP_DigestVerifyUpdate(ctx_, data.data(), data.size());
  if (rc != 1) return drain(CKR_FUNCTION_FAILED);
  return Status::ok();
}

Result<std::size_t> RsaDigestSigner::sign_final(MutableByteView out) {
  std::size_t len = out.size();
  if (!sign_ || EVP_DigestSignFinal(ctx_, out.data(), &len) != 1) return drain(CKR_FUNCTION_FAILED);
  return len;
}

Status RsaDigestSigner::verify_final(ByteView sig) {
  if (sign_) return err(CKR_FUNCTION_FAILED);
  if (EVP_DigestVerifyFinal(ctx_, sig.data(), sig.size()) != 1) return drain(CKR_SIGNATURE_INVALID);
  return Status::ok();
}

}  // namespace craton::crypto
