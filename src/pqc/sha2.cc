#include "pqc/sha2.h"

#include <algorithm>
#include <cstring>

#include "core/secure_memory.h"

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#include <immintrin.h>
#define CRATON_SHA2_X86 1
#endif

namespace craton::pqc {
namespace {

// FIPS 180-4 section 4.2.3: the SHA-512 constants; SHA-256's are their upper
// 32 bits (section 4.2.2), taken from the first 64.
constexpr std::uint64_t kK512[80] = {
    0x428a2f98d728ae22ULL, 0x7137449123ef65cdULL, 0xb5c0fbcfec4d3b2fULL, 0xe9b5dba58189dbbcULL,
    0x3956c25bf348b538ULL, 0x59f111f1b605d019ULL, 0x923f82a4af194f9bULL, 0xab1c5ed5da6d8118ULL,
    0xd807aa98a3030242ULL, 0x12835b0145706fbeULL, 0x243185be4ee4b28cULL, 0x550c7dc3d5ffb4e2ULL,
    0x72be5d74f27b896fULL, 0x80deb1fe3b1696b1ULL, 0x9bdc06a725c71235ULL, 0xc19bf174cf692694ULL,
    0xe49b69c19ef14ad2ULL, 0xefbe4786384f25e3ULL, 0x0fc19dc68b8cd5b5ULL, 0x240ca1cc77ac9c65ULL,
    0x2de92c6f592b0275ULL, 0x4a7484aa6ea6e483ULL, 0x5cb0a9dcbd41fbd4ULL, 0x76f988da831153b5ULL,
    0x983e5152ee66dfabULL, 0xa831c66d2db43210ULL, 0xb00327c898fb213fULL, 0xbf597fc7beef0ee4ULL,
    0xc6e00bf33da88fc2ULL, 0xd5a79147930aa725ULL, 0x06ca6351e003826fULL, 0x142929670a0e6e70ULL,
    0x27b70a8546d22ffcULL, 0x2e1b21385c26c926ULL, 0x4d2c6dfc5ac42aedULL, 0x53380d139d95b3dfULL,
    0x650a73548baf63deULL, 0x766a0abb3c77b2a8ULL, 0x81c2c92e47edaee6ULL, 0x92722c851482353bULL,
    0xa2bfe8a14cf10364ULL, 0xa81a664bbc423001ULL, 0xc24b8b70d0f89791ULL, 0xc76c51a30654be30ULL,
    0xd192e819d6ef5218ULL, 0xd69906245565a910ULL, 0xf40e35855771202aULL, 0x106aa07032bbd1b8ULL,
    0x19a4c116b8d2d0c8ULL, 0x1e376c085141ab53ULL, 0x2748774cdf8eeb99ULL, 0x34b0bcb5e19b48a8ULL,
    0x391c0cb3c5c95a63ULL, 0x4ed8aa4ae3418acbULL, 0x5b9cca4f7763e373ULL, 0x682e6ff3d6b2b8a3ULL,
    0x748f82ee5defb2fcULL, 0x78a5636f43172f60ULL, 0x84c87814a1f0ab72ULL, 0x8cc702081a6439ecULL,
    0x90befffa23631e28ULL, 0xa4506cebde82bde9ULL, 0xbef9a3f7b2c67915ULL, 0xc67178f2e372532bULL,
    0xca273eceea26619cULL, 0xd186b8c721c0c207ULL, 0xeada7dd6cde0eb1eULL, 0xf57d4f7fee6ed178ULL,
    0x06f067aa72176fbaULL, 0x0a637dc5a2c898a6ULL, 0x113f9804bef90daeULL, 0x1b710b35131c471bULL,
    0x28db77f523047d84ULL, 0x32caab7b40c72493ULL, 0x3c9ebe0a15c9bebcULL, 0x431d67c49c100d4cULL,
    0x4cc5d4becb3e42b6ULL, 0x597f299cfc657e2aULL, 0x5fcb6fab3ad6faecULL, 0x6c44198c4a475817ULL,
};

struct K256Table {
  alignas(16) std::uint32_t k[64];
  constexpr K256Table() : k{} {
    for (int i = 0; i < 64; ++i) k[i] = static_cast<std::uint32_t>(kK512[i] >> 32);
  }
};
constexpr K256Table kK256;

// Initial hash values, FIPS 180-4 section 5.3.
constexpr std::uint32_t kIv256[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                     0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
constexpr std::uint32_t kIv224[8] = {0xc1059ed8, 0x367cd507, 0x3070dd17, 0xf70e5939,
                                     0xffc00b31, 0x68581511, 0x64f98fa7, 0xbefa4fa4};
constexpr std::uint64_t kIv512[8] = {0x6a09e667f3bcc908ULL, 0xbb67ae8584caa73bULL, 0x3c6ef372fe94f82bULL,
                                     0xa54ff53a5f1d36f1ULL, 0x510e527fade682d1ULL, 0x9b05688c2b3e6c1fULL,
                                     0x1f83d9abfb41bd6bULL, 0x5be0cd19137e2179ULL};
constexpr std::uint64_t kIv384[8] = {0xcbbb9d5dc1059ed8ULL, 0x629a292a367cd507ULL, 0x9159015a3070dd17ULL,
                                     0x152fecd8f70e5939ULL, 0x67332667ffc00b31ULL, 0x8eb44a8768581511ULL,
                                     0xdb0c2e0d64f98fa7ULL, 0x47b5481dbefa4fa4ULL};
constexpr std::uint64_t kIv512_224[8] = {0x8c3d37c819544da2ULL, 0x73e1996689dcd4d6ULL, 0x1dfab7ae32ff9c82ULL,
                                         0x679dd514582f9fcfULL, 0x0f6d2b697bd44da8ULL, 0x77e36f7304c48942ULL,
                                         0x3f9d85a86a1d36c8ULL, 0x1112e6ad91d692a1ULL};
constexpr std::uint64_t kIv512_256[8] = {0x22312194fc2bf72cULL, 0x9f555fa3c84c64c2ULL, 0x2393b86b6f53b151ULL,
                                         0x963877195940eabdULL, 0x96283ee2a88effe3ULL, 0xbe5e1e2553863992ULL,
                                         0x2b0199fc2c85b8aaULL, 0x0eb72ddc81c52ca2ULL};

inline std::uint32_t rotr32(std::uint32_t x, unsigned n) { return (x >> n) | (x << (32 - n)); }
inline std::uint64_t rotr64(std::uint64_t x, unsigned n) { return (x >> n) | (x << (64 - n)); }

inline std::uint32_t load_be32(const std::uint8_t* p) {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) | p[3];
}
inline std::uint64_t load_be64(const std::uint8_t* p) {
  return (std::uint64_t{load_be32(p)} << 32) | load_be32(p + 4);
}
inline void store_be32(std::uint8_t* p, std::uint32_t v) {
  p[0] = static_cast<std::uint8_t>(v >> 24);
  p[1] = static_cast<std::uint8_t>(v >> 16);
  p[2] = static_cast<std::uint8_t>(v >> 8);
  p[3] = static_cast<std::uint8_t>(v);
}
inline void store_be64(std::uint8_t* p, std::uint64_t v) {
  store_be32(p, static_cast<std::uint32_t>(v >> 32));
  store_be32(p + 4, static_cast<std::uint32_t>(v));
}

#ifdef CRATON_SHA2_X86
// SHA-256 with the x86 SHA extensions. The instructions keep the working
// variables as two vectors {A,B,E,F} and {C,D,G,H} and do two rounds per
// sha256rnds2; sha256msg1/msg2 compute the message schedule four words at a time.
__attribute__((target("sha,sse4.1,ssse3"))) void sha256_compress_shani(std::uint32_t state[8],
                                                                       const std::uint8_t block[64]) {
  const __m128i byteswap = _mm_set_epi64x(0x0c0d0e0f08090a0bLL, 0x0405060700010203LL);
  __m128i tmp = _mm_loadu_si128(reinterpret_cast<const __m128i*>(state));        // D C B A
  __m128i st1 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(state + 4));    // H G F E
  tmp = _mm_shuffle_epi32(tmp, 0xB1);                                            // C D A B
  st1 = _mm_shuffle_epi32(st1, 0x1B);                                            // E F G H
  __m128i st0 = _mm_alignr_epi8(tmp, st1, 8);                                    // A B E F
  st1 = _mm_blend_epi16(st1, tmp, 0xF0);                                         // C D G H
  const __m128i save0 = st0;
  const __m128i save1 = st1;

  __m128i w[4];
#pragma GCC unroll 16
  for (int j = 0; j < 16; ++j) {
    // Ring of four: w[j&3] holds W[j-4], then the next three follow.
    if (j < 4) {
      w[j] = _mm_shuffle_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(block + 16 * j)), byteswap);
    } else {
      __m128i x = _mm_sha256msg1_epu32(w[j & 3], w[(j + 1) & 3]);
      x = _mm_add_epi32(x, _mm_alignr_epi8(w[(j + 3) & 3], w[(j + 2) & 3], 4));
      w[j & 3] = _mm_sha256msg2_epu32(x, w[(j + 3) & 3]);
    }
    __m128i wk = _mm_add_epi32(w[j & 3], _mm_load_si128(reinterpret_cast<const __m128i*>(kK256.k + 4 * j)));
    st1 = _mm_sha256rnds2_epu32(st1, st0, wk);
    wk = _mm_shuffle_epi32(wk, 0x0E);
    st0 = _mm_sha256rnds2_epu32(st0, st1, wk);
  }

  st0 = _mm_add_epi32(st0, save0);
  st1 = _mm_add_epi32(st1, save1);
  tmp = _mm_shuffle_epi32(st0, 0x1B);     // F E B A
  st1 = _mm_shuffle_epi32(st1, 0xB1);     // D C H G
  st0 = _mm_blend_epi16(tmp, st1, 0xF0);  // D C B A
  st1 = _mm_alignr_epi8(st1, tmp, 8);     // H G F E
  _mm_storeu_si128(reinterpret_cast<__m128i*>(state), st0);
  _mm_storeu_si128(reinterpret_cast<__m128i*>(state + 4), st1);
}

bool detect_sha_ni() {
  unsigned a = 0, b = 0, c = 0, d = 0;
  if (!__get_cpuid(1, &a, &b, &c, &d)) return false;
  const bool ssse3 = (c >> 9) & 1, sse41 = (c >> 19) & 1;
  if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return false;
  const bool sha = (b >> 29) & 1;
  return ssse3 && sse41 && sha;
}
#endif

const bool kHaveShaNi =
#ifdef CRATON_SHA2_X86
    detect_sha_ni();
#else
    false;
#endif

void sha512_compress_impl(std::uint64_t state[8], const std::uint8_t block[128]) {
  std::uint64_t w[80];
  for (int t = 0; t < 16; ++t) w[t] = load_be64(block + 8 * t);
  for (int t = 16; t < 80; ++t) {
    const std::uint64_t s0 = rotr64(w[t - 15], 1) ^ rotr64(w[t - 15], 8) ^ (w[t - 15] >> 7);
    const std::uint64_t s1 = rotr64(w[t - 2], 19) ^ rotr64(w[t - 2], 61) ^ (w[t - 2] >> 6);
    w[t] = w[t - 16] + s0 + w[t - 7] + s1;
  }
  std::uint64_t a = state[0], b = state[1], c = state[2], d = state[3];
  std::uint64_t e = state[4], f = state[5], g = state[6], h = state[7];
  for (int t = 0; t < 80; ++t) {
    const std::uint64_t t1 = h + (rotr64(e, 14) ^ rotr64(e, 18) ^ rotr64(e, 41)) + ((e & f) ^ (~e & g)) +
                             kK512[t] + w[t];
    const std::uint64_t t2 = (rotr64(a, 28) ^ rotr64(a, 34) ^ rotr64(a, 39)) + ((a & b) ^ (a & c) ^ (b & c));
    h = g;
    g = f;
    f = e;
    e = d + t1;
    d = c;
    c = b;
    b = a;
    a = t1 + t2;
  }
  state[0] += a;
  state[1] += b;
  state[2] += c;
  state[3] += d;
  state[4] += e;
  state[5] += f;
  state[6] += g;
  state[7] += h;
}

// The Merkle-Damgard padding shared by both sizes: 0x80, zeros, then the
// message length in bits as a big-endian integer of `len_bytes` bytes.
template <std::size_t kBlock, std::size_t kLenBytes, class Compress, class Word>
void pad_and_finish(std::uint8_t (&buf)[kBlock], std::size_t buf_len, std::uint64_t total, Word* h,
                    Compress compress) {
  buf[buf_len++] = 0x80;
  if (buf_len > kBlock - kLenBytes) {
    std::memset(buf + buf_len, 0, kBlock - buf_len);
    compress(h, buf);
    buf_len = 0;
  }
  std::memset(buf + buf_len, 0, kBlock - buf_len);
  store_be64(buf + kBlock - 8, total * 8);  // lengths here stay below 2^61 bytes
  compress(h, buf);
}

template <std::size_t kBlock, class Compress, class Word>
void absorb_blocks(std::span<const std::uint8_t> data, std::uint8_t (&buf)[kBlock], std::size_t& buf_len,
                   std::uint64_t& total, Word* h, Compress compress) {
  if (data.empty()) return;  // data() may be null: no memcpy from it
  total += data.size();
  std::size_t i = 0;
  if (buf_len > 0) {
    const std::size_t take = std::min(kBlock - buf_len, data.size());
    std::memcpy(buf + buf_len, data.data(), take);
    buf_len += take;
    i = take;
    if (buf_len < kBlock) return;
    compress(h, buf);
    buf_len = 0;
  }
  for (; i + kBlock <= data.size(); i += kBlock) compress(h, data.data() + i);
  if (i < data.size()) {
    std::memcpy(buf, data.data() + i, data.size() - i);
    buf_len = data.size() - i;
  }
}

}  // namespace

namespace sha2_detail {

void sha256_compress_portable(std::uint32_t state[8], const std::uint8_t block[64]) {
  std::uint32_t w[64];
  for (int t = 0; t < 16; ++t) w[t] = load_be32(block + 4 * t);
  for (int t = 16; t < 64; ++t) {
    const std::uint32_t s0 = rotr32(w[t - 15], 7) ^ rotr32(w[t - 15], 18) ^ (w[t - 15] >> 3);
    const std::uint32_t s1 = rotr32(w[t - 2], 17) ^ rotr32(w[t - 2], 19) ^ (w[t - 2] >> 10);
    w[t] = w[t - 16] + s0 + w[t - 7] + s1;
  }
  std::uint32_t a = state[0], b = state[1], c = state[2], d = state[3];
  std::uint32_t e = state[4], f = state[5], g = state[6], h = state[7];
  for (int t = 0; t < 64; ++t) {
    const std::uint32_t t1 =
        h + (rotr32(e, 6) ^ rotr32(e, 11) ^ rotr32(e, 25)) + ((e & f) ^ (~e & g)) + kK256.k[t] + w[t];
    const std::uint32_t t2 = (rotr32(a, 2) ^ rotr32(a, 13) ^ rotr32(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
    h = g;
    g = f;
    f = e;
    e = d + t1;
    d = c;
    c = b;
    b = a;
    a = t1 + t2;
  }
  state[0] += a;
  state[1] += b;
  state[2] += c;
  state[3] += d;
  state[4] += e;
  state[5] += f;
  state[6] += g;
  state[7] += h;
}

bool sha256_hw_available() { return kHaveShaNi; }

}  // namespace sha2_detail

void sha256_compress(std::uint32_t state[8], const std::uint8_t block[64]) {
#ifdef CRATON_SHA2_X86
  if (kHaveShaNi) {
    sha256_compress_shani(state, block);
    return;
  }
#endif
  sha2_detail::sha256_compress_portable(state, block);
}

void sha512_compress(std::uint64_t state[8], const std::uint8_t block[128]) { sha512_compress_impl(state, block); }

// ---- Sha256 ----

Sha256 Sha256::sha224() {
  Sha256 s;
  s.digest_size_ = 28;
  s.reset();
  return s;
}

void Sha256::reset() {
  std::memcpy(h_, digest_size_ == 28 ? kIv224 : kIv256, sizeof h_);
  buf_len_ = 0;
  total_ = 0;
}

void Sha256::update(std::span<const std::uint8_t> data) {
  absorb_blocks(data, buf_, buf_len_, total_, h_, sha256_compress);
}

void Sha256::final(std::uint8_t* out) {
  pad_and_finish<kBlockSize, 8>(buf_, buf_len_, total_, h_, sha256_compress);
  for (std::size_t i = 0; i < digest_size_ / 4; ++i) store_be32(out + 4 * i, h_[i]);
}

void Sha256::wipe() {
  secure_wipe(h_, sizeof h_);
  secure_wipe(buf_, sizeof buf_);
  buf_len_ = 0;
  total_ = 0;
}

// ---- Sha512 ----

Sha512 Sha512::sha384() { return Sha512(Variant::k384); }
Sha512 Sha512::sha512_224() { return Sha512(Variant::k512_224); }
Sha512 Sha512::sha512_256() { return Sha512(Variant::k512_256); }

void Sha512::reset() {
  const std::uint64_t* iv = kIv512;
  switch (variant_) {
    case Variant::k512: iv = kIv512; digest_size_ = 64; break;
    case Variant::k384: iv = kIv384; digest_size_ = 48; break;
    case Variant::k512_224: iv = kIv512_224; digest_size_ = 28; break;
    case Variant::k512_256: iv = kIv512_256; digest_size_ = 32; break;
  }
  std::memcpy(h_, iv, sizeof h_);
  buf_len_ = 0;
  total_ = 0;
}

void Sha512::update(std::span<const std::uint8_t> data) {
  absorb_blocks(data, buf_, buf_len_, total_, h_, sha512_compress_impl);
}

void Sha512::final(std::uint8_t* out) {
  // The 128-bit length field: the upper 64 bits are always zero here.
  pad_and_finish<kBlockSize, 16>(buf_, buf_len_, total_, h_, sha512_compress_impl);
  std::uint8_t full[64];
  for (int i = 0; i < 8; ++i) store_be64(full + 8 * i, h_[i]);
  std::memcpy(out, full, digest_size_);
  secure_wipe(full, sizeof full);
}

void Sha512::wipe() {
  secure_wipe(h_, sizeof h_);
  secure_wipe(buf_, sizeof buf_);
  buf_len_ = 0;
  total_ = 0;
}

// ---- HMAC (FIPS 198-1) ----

template <class H>
Hmac<H>::Hmac(std::span<const std::uint8_t> key) {
  std::uint8_t k0[H::kBlockSize] = {};
  if (key.size() > H::kBlockSize) {
    H kh;
    kh.update(key);
    kh.final(k0);
    kh.wipe();
  } else if (!key.empty()) {
    std::memcpy(k0, key.data(), key.size());
  }
  std::uint8_t pad[H::kBlockSize];
  for (std::size_t i = 0; i < H::kBlockSize; ++i) pad[i] = k0[i] ^ 0x36;
  inner_.update(pad);
  for (std::size_t i = 0; i < H::kBlockSize; ++i) pad[i] = k0[i] ^ 0x5c;
  outer_.update(pad);
  secure_wipe(pad, sizeof pad);
  secure_wipe(k0, sizeof k0);
}

template <class H>
Hmac<H>::~Hmac() {
  inner_.wipe();
  outer_.wipe();
}

template <class H>
void Hmac<H>::final(std::uint8_t* out) {
  std::uint8_t ih[H::kMaxDigestSize];
  inner_.final(ih);
  outer_.update(std::span<const std::uint8_t>(ih, sizeof ih));
  outer_.final(out);
  secure_wipe(ih, sizeof ih);
}

template class Hmac<Sha256>;
template class Hmac<Sha512>;

// ---- one-shot helpers ----

namespace {
template <class H>
void one_shot(H h, std::span<const std::uint8_t> in, std::uint8_t* out) {
  h.update(in);
  h.final(out);
}

template <class H>
void mgf1(std::span<const std::uint8_t> seed, std::span<std::uint8_t> out) {
  std::uint8_t block[H::kMaxDigestSize];
  std::uint32_t counter = 0;
  for (std::size_t off = 0; off < out.size(); off += sizeof block, ++counter) {
    std::uint8_t c[4];
    store_be32(c, counter);
    H h;
    h.update(seed);
    h.update(c);
    h.final(block);
    std::memcpy(out.data() + off, block, std::min(sizeof block, out.size() - off));
  }
}
}  // namespace

void sha224(std::span<const std::uint8_t> in, std::uint8_t out[28]) { one_shot(Sha256::sha224(), in, out); }
void sha256(std::span<const std::uint8_t> in, std::uint8_t out[32]) { one_shot(Sha256(), in, out); }
void sha384(std::span<const std::uint8_t> in, std::uint8_t out[48]) { one_shot(Sha512::sha384(), in, out); }
void sha512(std::span<const std::uint8_t> in, std::uint8_t out[64]) { one_shot(Sha512(), in, out); }
void sha512_224(std::span<const std::uint8_t> in, std::uint8_t out[28]) {
  one_shot(Sha512::sha512_224(), in, out);
}
void sha512_256(std::span<const std::uint8_t> in, std::uint8_t out[32]) {
  one_shot(Sha512::sha512_256(), in, out);
}

void mgf1_sha256(std::span<const std::uint8_t> seed, std::span<std::uint8_t> out) { mgf1<Sha256>(seed, out); }
void mgf1_sha512(std::span<const std::uint8_t> seed, std::span<std::uint8_t> out) { mgf1<Sha512>(seed, out); }

}  // namespace craton::pqc
