// SHA-2 (FIPS 180-4), HMAC (FIPS 198-1) and MGF1 (RFC 8017 B.2.1), written
// for the post-quantum layer, which must not depend on OpenSSL. SLH-DSA's SHA2
// instantiation hashes millions of short, single-block messages that all
// start with the same padded PK.seed block, so besides the incremental API
// the raw compression functions and the chaining value are exposed: a caller
// can cache the midstate after that first block and finish each hash with one
// compression.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace craton::pqc {

// One compression of a 64-byte (SHA-256) / 128-byte (SHA-512) block into the
// chaining value. SHA-256 uses the CPU's SHA extensions when available.
void sha256_compress(std::uint32_t state[8], const std::uint8_t block[64]);
void sha512_compress(std::uint64_t state[8], const std::uint8_t block[128]);

// SHA-256 and SHA-224 (same compression, different IV and output length).
class Sha256 {
 public:
  static constexpr std::size_t kBlockSize = 64;
  static constexpr std::size_t kMaxDigestSize = 32;

  Sha256() { reset(); }
  static Sha256 sha224();

  void reset();  // back to SHA-256's IV (a SHA-224 object stays SHA-224)
  void update(std::span<const std::uint8_t> data);
  // Writes digest_size() bytes; the object must be reset before reuse.
  void final(std::uint8_t* out);
  std::size_t digest_size() const { return digest_size_; }

  // The chaining value and byte count; meaningful as a midstate when
  // buffered() == 0, i.e. after a whole number of blocks.
  const std::uint32_t* chaining_value() const { return h_; }
  std::uint64_t total_bytes() const { return total_; }
  std::size_t buffered() const { return buf_len_; }

  void wipe();  // overwrites state and buffer (secrets were hashed)

 private:
  std::uint32_t h_[8];
  std::uint8_t buf_[kBlockSize];
  std::size_t buf_len_ = 0;
  std::uint64_t total_ = 0;
  std::size_t digest_size_ = 32;
};

// SHA-512 and its truncated variants SHA-384, SHA-512/224, SHA-512/256.
class Sha512 {
 public:
  static constexpr std::size_t kBlockSize = 128;
  static constexpr std::size_t kMaxDigestSize = 64;

  Sha512() { reset(); }
  static Sha512 sha384();
  static Sha512 sha512_224();
  static Sha512 sha512_256();

  void reset();
  void update(std::span<const std::uint8_t> data);
  void final(std::uint8_t* out);  // digest_size() bytes
  std::size_t digest_size() const { return digest_size_; }

  const std::uint64_t* chaining_value() const { return h_; }
  std::uint64_t total_bytes() const { return total_; }
  std::size_t buffered() const { return buf_len_; }

  void wipe();

 private:
  enum class Variant { k512, k384, k512_224, k512_256 };
  explicit Sha512(Variant v) : variant_(v) { reset(); }

  std::uint64_t h_[8];
  std::uint8_t buf_[kBlockSize];
  std::size_t buf_len_ = 0;
  std::uint64_t total_ = 0;  // messages here never approach 2^64 bytes
  std::size_t digest_size_ = 64;
  Variant variant_ = Variant::k512;
};

// HMAC over Sha256 or Sha512 (the full-length variants). The key-derived
// states are wiped on destruction.
template <class H>
class Hmac {
 public:
  static constexpr std::size_t kDigestSize = H::kMaxDigestSize;

  explicit Hmac(std::span<const std::uint8_t> key);
  ~Hmac();
  Hmac(const Hmac&) = delete;
  Hmac& operator=(const Hmac&) = delete;

  void update(std::span<const std::uint8_t> data) { inner_.update(data); }
  void final(std::uint8_t* out);  // kDigestSize bytes

 private:
  H inner_;
  H outer_;
};

using HmacSha256 = Hmac<Sha256>;
using HmacSha512 = Hmac<Sha512>;

// One-shot helpers; `out` must hold the digest size.
void sha224(std::span<const std::uint8_t> in, std::uint8_t out[28]);
void sha256(std::span<const std::uint8_t> in, std::uint8_t out[32]);
void sha384(std::span<const std::uint8_t> in, std::uint8_t out[48]);
void sha512(std::span<const std::uint8_t> in, std::uint8_t out[64]);
void sha512_224(std::span<const std::uint8_t> in, std::uint8_t out[28]);
void sha512_256(std::span<const std::uint8_t> in, std::uint8_t out[32]);

// MGF1 with SHA-256 / SHA-512: fills `out` (any length).
void mgf1_sha256(std::span<const std::uint8_t> seed, std::span<std::uint8_t> out);
void mgf1_sha512(std::span<const std::uint8_t> seed, std::span<std::uint8_t> out);

// Exposed for tests: both SHA-256 compression paths, and whether the
// hardware one is in use.
namespace sha2_detail {
void sha256_compress_portable(std::uint32_t state[8], const std::uint8_t block[64]);
bool sha256_hw_available();
}  // namespace sha2_detail

}  // namespace craton::pqc
