// SP 800-90A Rev. 1 section 10.1.2 HMAC_DRBG with HMAC-SHA-256, written out
// by hand over the SHA-256 compression function (drbg.cc uses it under the
// default backend; under the FIPS provider the provider's DRBG is used).
//
// Why not EVP_RAND "HMAC-DRBG": OpenSSL re-keys its HMAC through
// EVP_MAC_init for every HMAC the mechanism computes (~0.3 us each). Here
// the key's inner and outer padded SHA-256 states are computed once per new
// Key (Key changes in every HMAC_DRBG_Update) and each HMAC starts from
// copies of them, which more than halves the cost of a request with
// prediction resistance.
//
// The whole working state (Key, V, both padded states and every temporary)
// lives in one block of the locked CSP arena (core/locked_pool.h), wiped
// after each call's temporaries are used and when the object dies.
//
// This class is the mechanism only: no entropy source, no health test, no
// prediction-resistance policy (drbg.cc supplies those, as SP 800-90A 9.3.1
// describes the generate function around the algorithm's own steps).
#pragma once

#include <cstddef>
#include <cstdint>

#include "core/result.h"
#include "core/secure_memory.h"

namespace craton::crypto::ossl {

class HmacDrbg {
 public:
  static constexpr std::size_t kOutLen = 32;                // HMAC-SHA-256 output, bytes
  static constexpr std::size_t kMinEntropy = 32;            // security strength 256 bits
  static constexpr std::size_t kMinNonce = 16;              // half the security strength
  static constexpr std::size_t kMaxRequest = 1u << 16;      // 2^19 bits per request (Table 2)
  static constexpr std::uint64_t kMaxReseedInterval = std::uint64_t{1} << 48;  // Table 2

  // What Generate reports (10.1.2.5): kReseedRequired when reseed_counter
  // exceeds the reseed interval; the caller must reseed and call again.
  enum class Outcome { kOk, kReseedRequired, kInvalid };

  explicit HmacDrbg(std::uint64_t reseed_interval = kMaxReseedInterval);
  ~HmacDrbg();
  HmacDrbg(const HmacDrbg&) = delete;
  HmacDrbg& operator=(const HmacDrbg&) = delete;

  // 10.1.2.3. CKR_ARGUMENTS_BAD if the entropy input is shorter than 32 bytes
  // or the nonce shorter than 16; CKR_HOST_MEMORY if the state could not be
  // allocated (constructor failure is reported here).
  Status instantiate(ByteView entropy, ByteView nonce, ByteView personalization);
  // 10.1.2.4. CKR_ARGUMENTS_BAD for short entropy or before instantiate.
  Status reseed(ByteView entropy, ByteView additional);
  // 10.1.2.5: any out.size() up to kMaxRequest; `additional` may be empty
  // (Null). On anything but kOk `out` is left untouched.
  Outcome generate(MutableByteView out, ByteView additional);

  bool instantiated() const;
  // SP 800-90A reseed_counter: 1 after (re)seeding, +1 per generate.
  std::uint64_t reseed_counter() const;

 private:
  struct State;
  void set_key();
  void hmac_begin();
  void hmac_absorb(ByteView data);
  void hmac_finish(std::uint8_t* out);
  void update(const ByteView* parts, std::size_t count);
  void wipe_scratch();

  State* s_;  // locked arena; nullptr only if allocation failed
  std::uint64_t reseed_interval_;
};

}  // namespace craton::crypto::ossl
