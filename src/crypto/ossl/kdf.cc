#include "crypto/kdf.h"

#include <openssl/core_names.h>

#include <algorithm>
#include <array>

#include "crypto/ossl/internal/handles.h"
#include "crypto/ossl/internal/mac_ctx.h"

namespace craton::crypto {
namespace {

// OpenSSL 3.0's HKDF keeps `info` in a fixed 1024-byte buffer and rejects
// longer values; longer info is expanded by our own RFC 5869 loop below.
constexpr std::size_t kOsslHkdfMaxInfo = 1024;
constexpr std::size_t kMaxHashSize = 64;

// OSSL_PARAM octet strings need a non-null pointer even when empty.
unsigned char* octets(ByteView v) {
  static unsigned char empty = 0;
  return v.empty() ? &empty : const_cast<unsigned char*>(v.data());
}

Status run_kdf(const char* name, const OSSL_PARAM* params, MutableByteView out) {
  EVP_KDF* kdf = ossl::fetched_kdf(name);
  if (kdf == nullptr) return ossl::drain(CKR_MECHANISM_INVALID);
  ossl::EvpKdfCtxPtr ctx(EVP_KDF_CTX_new(kdf));
  if (!ctx) return ossl::drain(CKR_HOST_MEMORY);
  if (EVP_KDF_derive(ctx.get(), out.data(), out.size(), params) != 1) return ossl::drain(CKR_FUNCTION_FAILED);
  return Status::ok();
}

Status hkdf_expand_loop(HashAlg alg, ByteView prk, ByteView info, MutableByteView out) {
  TRY_ASSIGN(KdfPrf prf, KdfPrf::hmac(alg, prk));
  std::array<std::uint8_t, kMaxHashSize> t{};
  std::size_t t_len = 0;
  std::uint8_t counter = 1;
  for (std::size_t off = 0; off < out.size(); off += prf.size(), ++counter) {
    // T(i) = HMAC(PRK, T(i-1) || info || i)
    const ByteView parts[] = {ByteView(t.data(), t_len), info, ByteView(&counter, 1)};
    TRY_STATUS(prf.compute(parts, t));
    t_len = prf.size();
    std::copy_n(t.begin(), std::min(t_len, out.size() - off), out.begin() + static_cast<std::ptrdiff_t>(off));
  }
  secure_wipe(t.data(), t.size());
  return Status::ok();
}

}  // namespace

Result<SecureBytes> hkdf_extract(HashAlg alg, ByteView salt, ByteView ikm) {
  int mode = EVP_KDF_HKDF_MODE_EXTRACT_ONLY;
  OSSL_PARAM params[] = {
      OSSL_PARAM_construct_int(OSSL_KDF_PARAM_MODE, &mode),
      OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, const_cast<char*>(hash_name(alg)), 0),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, octets(ikm), ikm.size()),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, octets(salt), salt.size()),
      OSSL_PARAM_construct_end(),
  };
  SecureBytes prk(hash_size(alg));
  TRY_STATUS(run_kdf("HKDF", params, prk));
  return prk;
}

Status hkdf_expand(HashAlg alg, ByteView prk, ByteView info, MutableByteView out) {
  if (out.empty() || out.size() > 255 * hash_size(alg)) return err(CKR_KEY_SIZE_RANGE);
  if (prk.empty()) return err(CKR_KEY_SIZE_RANGE);
  if (info.size() > kOsslHkdfMaxInfo) return hkdf_expand_loop(alg, prk, info, out);
  int mode = EVP_KDF_HKDF_MODE_EXPAND_ONLY;
  OSSL_PARAM params[] = {
      OSSL_PARAM_construct_int(OSSL_KDF_PARAM_MODE, &mode),
      OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, const_cast<char*>(hash_name(alg)), 0),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, octets(prk), prk.size()),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO, octets(info), info.size()),
      OSSL_PARAM_construct_end(),
  };
  return run_kdf("HKDF", params, out);
}

Status pbkdf2(HashAlg alg, ByteView password, ByteView salt, std::uint64_t iterations, MutableByteView out) {
  if (out.empty() || iterations == 0) return err(CKR_MECHANISM_PARAM_INVALID);
  // pkcs5 = 1 turns off the SP 800-132 lower bounds OpenSSL can apply; the
  // mechanism layer owns that policy.
  int pkcs5 = 1;
  OSSL_PARAM params[] = {
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_PASSWORD, octets(password), password.size()),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, octets(salt), salt.size()),
      OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_ITER, &iterations),
      OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, const_cast<char*>(hash_name(alg)), 0),
      OSSL_PARAM_construct_int(OSSL_KDF_PARAM_PKCS5, &pkcs5),
      OSSL_PARAM_construct_end(),
  };
  return run_kdf("PBKDF2", params, out);
}

Result<KdfPrf> KdfPrf::hmac(HashAlg alg, ByteView key) {
  TRY_ASSIGN(ossl::EvpMacCtxPtr ctx, ossl::new_keyed_mac_ctx("HMAC", OSSL_MAC_PARAM_DIGEST, hash_name(alg), key));
  return KdfPrf(ctx.release(), hash_size(alg));
}

Result<KdfPrf> KdfPrf::aes_cmac(ByteView key) {
  const char* cipher = key.size() == 16 ? "AES-128-CBC" : key.size() == 24 ? "AES-192-CBC"
                                                        : key.size() == 32 ? "AES-256-CBC" : nullptr;
  if (cipher == nullptr) return err(CKR_KEY_SIZE_RANGE);
  TRY_ASSIGN(ossl::EvpMacCtxPtr ctx, ossl::new_keyed_mac_ctx("CMAC", OSSL_MAC_PARAM_CIPHER, cipher, key));
  return KdfPrf(ctx.release(), 16);
}

KdfPrf::KdfPrf(KdfPrf&& o) noexcept : ctx_(o.ctx_), size_(o.size_) { o.ctx_ = nullptr; }
KdfPrf& KdfPrf::operator=(KdfPrf&& o) noexcept {
  if (this != &o) {
    EVP_MAC_CTX_free(ctx_);
    ctx_ = o.ctx_;
    size_ = o.size_;
    o.ctx_ = nullptr;
  }
  return *this;
}
KdfPrf::~KdfPrf() { EVP_MAC_CTX_free(ctx_); }

Status KdfPrf::compute(std::span<const ByteView> parts, MutableByteView out) const {
  if (out.size() < size_) return buffer_too_small(size_);
  ossl::EvpMacCtxPtr ctx(EVP_MAC_CTX_dup(ctx_));
  if (!ctx) return ossl::drain(CKR_HOST_MEMORY);
  for (ByteView p : parts)
    if (!p.empty() && EVP_MAC_update(ctx.get(), p.data(), p.size()) != 1) return ossl::drain(CKR_FUNCTION_FAILED);
  std::size_t len = 0;
  if (EVP_MAC_final(ctx.get(), out.data(), &len, out.size()) != 1 || len != size_)
    return ossl::drain(CKR_FUNCTION_FAILED);
  return Status::ok();
}

}  // namespace craton::crypto
