// Key derivation primitives over OpenSSL's EVP_KDF ("HKDF", "PBKDF2") and
// EVP_MAC (the PRF of the SP 800-108 loop), without OpenSSL types. These
// are the raw algorithms: PKCS#11 parameter rules live in mechanisms/.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>

#include "core/result.h"
#include "core/secure_memory.h"
#include "crypto/hash.h"

struct evp_mac_ctx_st;

namespace craton::crypto {

// RFC 5869 HKDF-Extract: PRK = HMAC-Hash(salt, IKM). An empty salt means
// HashLen zero bytes, as the RFC specifies. Returns hash_size(alg) bytes.
Result<SecureBytes> hkdf_extract(HashAlg alg, ByteView salt, ByteView ikm);

// RFC 5869 HKDF-Expand into `out` (1 .. 255 * HashLen bytes, else
// CKR_KEY_SIZE_RANGE). `prk` must not be empty.
Status hkdf_expand(HashAlg alg, ByteView prk, ByteView info, MutableByteView out);

// PBKDF2 (RFC 8018 / SP 800-132) with HMAC-<alg> into `out`. No minimum
// salt, iteration or length policy is applied here: that is the caller's.
Status pbkdf2(HashAlg alg, ByteView password, ByteView salt, std::uint64_t iterations, MutableByteView out);

// A keyed PRF for KDF loops: HMAC-<hash> or AES-CMAC. Keyed once; every
// compute() starts from a copy of the keyed state.
class KdfPrf {
 public:
  static Result<KdfPrf> hmac(HashAlg alg, ByteView key);
  static Result<KdfPrf> aes_cmac(ByteView key);  // 16, 24 or 32-byte key
  KdfPrf(KdfPrf&&) noexcept;
  KdfPrf& operator=(KdfPrf&&) noexcept;
  ~KdfPrf();

  std::size_t size() const { return size_; }
  // PRF(key, parts[0] || parts[1] || ...) into out[0, size()).
  Status compute(std::span<const ByteView> parts, MutableByteView out) const;

 private:
  KdfPrf(evp_mac_ctx_st* ctx, std::size_t size) : ctx_(ctx), size_(size) {}
  evp_mac_ctx_st* ctx_;
  std::size_t size_;
};

}  // namespace craton::crypto
