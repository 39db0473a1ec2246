#include "crypto/hmac.h"

#include <openssl/core_names.h>

#include "crypto/ossl/internal/handles.h"
#include "crypto/ossl/internal/mac_ctx.h"

namespace craton::crypto {
namespace {

// Keys a new EVP_MAC_CTX for HMAC-<alg>. The "HMAC" EVP_MAC is fetched once
// per process (fetched_mac); only the context is per key.
Result<EVP_MAC_CTX*> new_keyed_ctx(HashAlg alg, ByteView key) {
  TRY_ASSIGN(ossl::EvpMacCtxPtr ctx, ossl::new_keyed_mac_ctx("HMAC", OSSL_MAC_PARAM_DIGEST, hash_name(alg), key));
  return ctx.release();
}

Result<EVP_MAC_CTX*> dup_ctx(const EVP_MAC_CTX* src) {
  EVP_MAC_CTX* ctx = EVP_MAC_CTX_dup(src);
  if (ctx == nullptr) return ossl::drain(CKR_HOST_MEMORY);
  return ctx;
}

}  // namespace

Result<Hmac> Hmac::create(HashAlg alg, ByteView key) {
  TRY_ASSIGN(EVP_MAC_CTX * ctx, new_keyed_ctx(alg, key));
  return Hmac(alg, ctx);
}

Hmac::Hmac(Hmac&& o) noexcept : alg_(o.alg_), ctx_(o.ctx_) { o.ctx_ = nullptr; }
Hmac& Hmac::operator=(Hmac&& o) noexcept {
  if (this != &o) {
    EVP_MAC_CTX_free(ctx_);
    alg_ = o.alg_;
    ctx_ = o.ctx_;
    o.ctx_ = nullptr;
  }
  return *this;
}
Hmac::~Hmac() { EVP_MAC_CTX_free(ctx_); }

Status Hmac::update(ByteView data) {
  if (data.empty()) return Status::ok();
  if (EVP_MAC_update(ctx_, data.data(), data.size()) != 1) return ossl::drain(CKR_FUNCTION_FAILED);
  return Status::ok();
}

Status Hmac::final(MutableByteView out) {
  if (out.size() < size()) return buffer_too_small(size());
  std::size_t len = 0;
  if (EVP_MAC_final(ctx_, out.data(), &len, out.size()) != 1 || len != size())
    return ossl::drain(CKR_FUNCTION_FAILED);
  return Status::ok();
}

Result<Hmac> Hmac::clone() const {
  TRY_ASSIGN(EVP_MAC_CTX * ctx, dup_ctx(ctx_));
  return Hmac(alg_, ctx);
}

Result<std::shared_ptr<const HmacKey>> HmacKey::create(HashAlg alg, ByteView key) {
  TRY_ASSIGN(EVP_MAC_CTX * ctx, new_keyed_ctx(alg, key));
  return std::shared_ptr<const HmacKey>(new HmacKey(alg, ctx));
}

HmacKey::~HmacKey() { EVP_MAC_CTX_free(ctx_); }

Result<Hmac> HmacKey::start() const {
  // Duplicating the keyed context only reads it, so concurrent start() calls
  // on one shared template are safe.
  TRY_ASSIGN(EVP_MAC_CTX * ctx, dup_ctx(ctx_));
  return Hmac(alg_, ctx);
}

Status HmacKey::mac(ByteView data, MutableByteView out) const {
  TRY_ASSIGN(Hmac h, start());
  TRY_STATUS(h.update(data));
  return h.final(out);
}

Result<Bytes> hmac(HashAlg alg, ByteView key, ByteView data) {
  TRY_ASSIGN(Hmac h, Hmac::create(alg, key));
  TRY_STATUS(h.update(data));
  Bytes out(h.size());
  TRY_STATUS(h.final(out));
  return out;
}

}  // namespace craton::crypto
