// HMAC (FIPS 198-1) over OpenSSL's EVP_MAC "HMAC", without OpenSSL types.
//
// Keying HMAC hashes the key and both pads, which costs more than a short
// message. So a key is keyed once into an HmacKey (kept in the key object's
// DerivedCache) and each operation starts from a copy of that keyed state.
#pragma once

#include <cstddef>
#include <memory>

#include "core/result.h"
#include "core/secure_memory.h"
#include "crypto/hash.h"

struct evp_mac_ctx_st;

namespace craton::crypto {

// A running HMAC computation. Move-only; clone() copies the running state.
class Hmac {
 public:
  // Keys a fresh context. An empty key is allowed (RFC 2104 permits it).
  static Result<Hmac> create(HashAlg alg, ByteView key);
  Hmac(Hmac&&) noexcept;
  Hmac& operator=(Hmac&&) noexcept;
  ~Hmac();

  HashAlg alg() const { return alg_; }
  std::size_t size() const { return hash_size(alg_); }
  Status update(ByteView data);
  // Writes size() bytes; out.size() >= size(), else buffer_too_small.
  // The object is spent afterwards (start again from an HmacKey or clone).
  Status final(MutableByteView out);
  Result<Hmac> clone() const;

 private:
  friend class HmacKey;
  Hmac(HashAlg alg, evp_mac_ctx_st* ctx) : alg_(alg), ctx_(ctx) {}
  HashAlg alg_;
  evp_mac_ctx_st* ctx_;
};

// A keyed HMAC template, immutable once built and safe to share between
// threads: start() copies it, it is never updated itself.
class HmacKey {
 public:
  static Result<std::shared_ptr<const HmacKey>> create(HashAlg alg, ByteView key);
  HmacKey(const HmacKey&) = delete;
  HmacKey& operator=(const HmacKey&) = delete;
  ~HmacKey();

  HashAlg alg() const { return alg_; }
  std::size_t size() const { return hash_size(alg_); }
  Result<Hmac> start() const;
  // One-shot MAC of `data` into out[0, size()).
  Status mac(ByteView data, MutableByteView out) const;

 private:
  HmacKey(HashAlg alg, evp_mac_ctx_st* ctx) : alg_(alg), ctx_(ctx) {}
  HashAlg alg_;
  evp_mac_ctx_st* ctx_;
};

// One-shot HMAC without a template (self-tests, KDF helpers).
Result<Bytes> hmac(HashAlg alg, ByteView key, ByteView data);

}  // namespace craton::crypto
