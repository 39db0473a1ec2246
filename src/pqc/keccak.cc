#include "pqc/keccak.h"

#include <algorithm>
#include <bit>
#include <cstring>

#include "core/secure_memory.h"
#include "pqc/cpu_dispatch.h"

#if CRATON_PQC_HAVE_AVX2_PATH
#include <immintrin.h>
#endif

namespace craton::pqc {
namespace {

// FIPS 202 section 3.2.5: round constants of iota.
constexpr std::uint64_t kRoundConstants[24] = {
    0x0000000000000001ULL, 0x0000000000008082ULL, 0x800000000000808aULL, 0x8000000080008000ULL,
    0x000000000000808bULL, 0x0000000080000001ULL, 0x8000000080008081ULL, 0x8000000000008009ULL,
    0x000000000000008aULL, 0x0000000000000088ULL, 0x0000000080008009ULL, 0x000000008000000aULL,
    0x000000008000808bULL, 0x800000000000008bULL, 0x8000000000008089ULL, 0x8000000000008003ULL,
    0x8000000000008002ULL, 0x8000000000000080ULL, 0x000000000000800aULL, 0x800000008000000aULL,
    0x8000000080008081ULL, 0x8000000000008080ULL, 0x0000000080000001ULL, 0x8000000080008008ULL,
};

// n is a compile-time constant in 1..63 at every call site.
inline std::uint64_t rotl(std::uint64_t v, unsigned n) { return (v << n) | (v >> (64 - n)); }

// The sponge works on the state as bytes: lane i holds bytes 8i..8i+7 little-endian (FIPS 202 section 3.1.2).
// On a little-endian host that is the memory layout of uint64_t[25], so whole lanes and byte runs are
// XORed and copied directly; a big-endian host takes the byte-by-byte path.
constexpr bool kLittleEndian = std::endian::native == std::endian::little;

void xor_bytes(std::uint64_t* s, std::size_t pos, const std::uint8_t* in, std::size_t n) {
  if constexpr (kLittleEndian) {
    auto* bytes = reinterpret_cast<std::uint8_t*>(s);
    while (n > 0 && pos % 8 != 0) {
      bytes[pos++] ^= *in++;
      --n;
    }
    for (; n >= 8; n -= 8, in += 8, pos += 8) {
      std::uint64_t lane;
      std::memcpy(&lane, in, 8);
      s[pos / 8] ^= lane;
    }
    while (n-- > 0) bytes[pos++] ^= *in++;
  } else {
    for (std::size_t i = 0; i < n; ++i, ++pos) s[pos / 8] ^= static_cast<std::uint64_t>(in[i]) << (8 * (pos % 8));
  }
}

void read_bytes(const std::uint64_t* s, std::size_t pos, std::uint8_t* out, std::size_t n) {
  if constexpr (kLittleEndian) {
    std::memcpy(out, reinterpret_cast<const std::uint8_t*>(s) + pos, n);
  } else {
    for (std::size_t i = 0; i < n; ++i, ++pos) out[i] = static_cast<std::uint8_t>(s[pos / 8] >> (8 * (pos % 8)));
  }
}

}  // namespace

// The 25 lanes live in local variables (named by index x + 5y) and each round is straight-line code,
// so the compiler keeps most of the state in registers whatever the optimisation level.
void keccak_f1600(std::uint64_t s[25]) {
  std::uint64_t a0 = s[0], a1 = s[1], a2 = s[2], a3 = s[3], a4 = s[4], a5 = s[5], a6 = s[6], a7 = s[7];
  std::uint64_t a8 = s[8], a9 = s[9], a10 = s[10], a11 = s[11], a12 = s[12], a13 = s[13], a14 = s[14];
  std::uint64_t a15 = s[15], a16 = s[16], a17 = s[17], a18 = s[18], a19 = s[19], a20 = s[20], a21 = s[21];
  std::uint64_t a22 = s[22], a23 = s[23], a24 = s[24];
  for (int round = 0; round < 24; ++round) {
    // theta
    const std::uint64_t c0 = a0 ^ a5 ^ a10 ^ a15 ^ a20, c1 = a1 ^ a6 ^ a11 ^ a16 ^ a21;
    const std::uint64_t c2 = a2 ^ a7 ^ a12 ^ a17 ^ a22, c3 = a3 ^ a8 ^ a13 ^ a18 ^ a23;
    const std::uint64_t c4 = a4 ^ a9 ^ a14 ^ a19 ^ a24;
    const std::uint64_t d0 = c4 ^ rotl(c1, 1), d1 = c0 ^ rotl(c2, 1), d2 = c1 ^ rotl(c3, 1);
    const std::uint64_t d3 = c2 ^ rotl(c4, 1), d4 = c3 ^ rotl(c0, 1);
    // rho and pi: b[pi(i)] = rot(a[i] ^ d[x], rho[i])
    const std::uint64_t b0 = a0 ^ d0, b1 = rotl(a6 ^ d1, 44), b2 = rotl(a12 ^ d2, 43);
    const std::uint64_t b3 = rotl(a18 ^ d3, 21), b4 = rotl(a24 ^ d4, 14), b5 = rotl(a3 ^ d3, 28);
    const std::uint64_t b6 = rotl(a9 ^ d4, 20), b7 = rotl(a10 ^ d0, 3), b8 = rotl(a16 ^ d1, 45);
    const std::uint64_t b9 = rotl(a22 ^ d2, 61), b10 = rotl(a1 ^ d1, 1), b11 = rotl(a7 ^ d2, 6);
    const std::uint64_t b12 = rotl(a13 ^ d3, 25), b13 = rotl(a19 ^ d4, 8), b14 = rotl(a20 ^ d0, 18);
    const std::uint64_t b15 = rotl(a4 ^ d4, 27), b16 = rotl(a5 ^ d0, 36), b17 = rotl(a11 ^ d1, 10);
    const std::uint64_t b18 = rotl(a17 ^ d2, 15), b19 = rotl(a23 ^ d3, 56), b20 = rotl(a2 ^ d2, 62);
    const std::uint64_t b21 = rotl(a8 ^ d3, 55), b22 = rotl(a14 ^ d4, 39), b23 = rotl(a15 ^ d0, 41);
    const std::uint64_t b24 = rotl(a21 ^ d1, 2);
    // chi, row by row, then iota
    a0 = b0 ^ (~b1 & b2); a1 = b1 ^ (~b2 & b3); a2 = b2 ^ (~b3 & b4); a3 = b3 ^ (~b4 & b0); a4 = b4 ^ (~b0 & b1);
    a5 = b5 ^ (~b6 & b7); a6 = b6 ^ (~b7 & b8); a7 = b7 ^ (~b8 & b9); a8 = b8 ^ (~b9 & b5); a9 = b9 ^ (~b5 & b6);
    a10 = b10 ^ (~b11 & b12); a11 = b11 ^ (~b12 & b13); a12 = b12 ^ (~b13 & b14);
    a13 = b13 ^ (~b14 & b10); a14 = b14 ^ (~b10 & b11);
    a15 = b15 ^ (~b16 & b17); a16 = b16 ^ (~b17 & b18); a17 = b17 ^ (~b18 & b19);
    a18 = b18 ^ (~b19 & b15); a19 = b19 ^ (~b15 & b16);
    a20 = b20 ^ (~b21 & b22); a21 = b21 ^ (~b22 & b23); a22 = b22 ^ (~b23 & b24);
    a23 = b23 ^ (~b24 & b20); a24 = b24 ^ (~b20 & b21);
    a0 ^= kRoundConstants[round];
  }
  s[0] = a0, s[1] = a1, s[2] = a2, s[3] = a3, s[4] = a4, s[5] = a5, s[6] = a6, s[7] = a7, s[8] = a8;
  s[9] = a9, s[10] = a10, s[11] = a11, s[12] = a12, s[13] = a13, s[14] = a14, s[15] = a15, s[16] = a16;
  s[17] = a17, s[18] = a18, s[19] = a19, s[20] = a20, s[21] = a21, s[22] = a22, s[23] = a23, s[24] = a24;
}

KeccakSponge::KeccakSponge(std::size_t rate_bytes, std::uint8_t dsbyte) : rate_(rate_bytes), dsbyte_(dsbyte) {
  reset();
}

KeccakSponge::~KeccakSponge() { secure_wipe(state_, sizeof state_); }

void KeccakSponge::reset() {
  std::memset(state_, 0, sizeof state_);
  pos_ = 0;
  squeezing_ = false;
}

void KeccakSponge::absorb(std::span<const std::uint8_t> data) {
  const std::uint8_t* in = data.data();
  std::size_t n = data.size();
  while (n > 0) {
    const std::size_t take = std::min(n, rate_ - pos_);
    xor_bytes(state_, pos_, in, take);
    pos_ += take;
    in += take;
    n -= take;
    if (pos_ == rate_) {
      keccak_f1600(state_);
      pos_ = 0;
    }
  }
}

void KeccakSponge::squeeze(std::span<std::uint8_t> out) {
  if (!squeezing_) {
    const std::uint8_t pad_first = dsbyte_, pad_last = 0x80;
    xor_bytes(state_, pos_, &pad_first, 1);
    xor_bytes(state_, rate_ - 1, &pad_last, 1);
    keccak_f1600(state_);
    pos_ = 0;
    squeezing_ = true;
  }
  std::uint8_t* o = out.data();
  std::size_t n = out.size();
  while (n > 0) {
    if (pos_ == rate_) {
      keccak_f1600(state_);
      pos_ = 0;
    }
    const std::size_t take = std::min(n, rate_ - pos_);
    read_bytes(state_, pos_, o, take);
    pos_ += take;
    o += take;
    n -= take;
  }
}

void sha3_256(std::span<const std::uint8_t> in, std::uint8_t out[32]) {
  Sha3_256 h;
  h.absorb(in);
  h.squeeze(std::span<std::uint8_t>(out, 32));
}
void sha3_512(std::span<const std::uint8_t> in, std::uint8_t out[64]) {
  Sha3_512 h;
  h.absorb(in);
  h.squeeze(std::span<std::uint8_t>(out, 64));
}
void shake128(std::span<const std::uint8_t> in, std::span<std::uint8_t> out) {
  Shake128 h;
  h.absorb(in);
  h.squeeze(out);
}
void shake256(std::span<const std::uint8_t> in, std::span<std::uint8_t> out) {
  Shake256 h;
  h.absorb(in);
  h.squeeze(out);
}

// ---- four sponges side by side ---------------------------------------------

namespace {

void shake_x4_portable(std::size_t rate, const std::uint8_t* const in[4], std::size_t in_len,
                       std::uint8_t* const out[4], std::size_t out_len) {
  for (int i = 0; i < 4; ++i) {
    if (out[i] == nullptr) continue;
    KeccakSponge x(rate, 0x1F);
    x.absorb({in[i], in_len});
    x.squeeze({out[i], out_len});
  }
}

#if CRATON_PQC_HAVE_AVX2_PATH
#define CRATON_KECCAK_X4 CRATON_PQC_AVX2 CRATON_PQC_INLINE

CRATON_KECCAK_X4 __m256i xor2(__m256i a, __m256i b) { return _mm256_xor_si256(a, b); }
CRATON_KECCAK_X4 __m256i x5(__m256i a, __m256i b, __m256i c, __m256i d, __m256i e) {
  return xor2(xor2(xor2(a, b), xor2(c, d)), e);
}
CRATON_KECCAK_X4 __m256i rol(__m256i v, int n) {
  return _mm256_or_si256(_mm256_slli_epi64(v, n), _mm256_srli_epi64(v, 64 - n));
}
// b0 ^ (~b1 & b2)
CRATON_KECCAK_X4 __m256i chi(__m256i b0, __m256i b1, __m256i b2) { return xor2(b0, _mm256_andnot_si256(b1, b2)); }

// Keccak-f[1600] on four states at once: s[i] holds lane i of each state.
CRATON_PQC_AVX2 void keccak_f1600_x4(__m256i s[25]) {
  __m256i a0 = s[0], a1 = s[1], a2 = s[2], a3 = s[3], a4 = s[4], a5 = s[5], a6 = s[6], a7 = s[7], a8 = s[8];
  __m256i a9 = s[9], a10 = s[10], a11 = s[11], a12 = s[12], a13 = s[13], a14 = s[14], a15 = s[15], a16 = s[16];
  __m256i a17 = s[17], a18 = s[18], a19 = s[19], a20 = s[20], a21 = s[21], a22 = s[22], a23 = s[23], a24 = s[24];
  for (int round = 0; round < 24; ++round) {
    // theta
    const __m256i c0 = x5(a0, a5, a10, a15, a20);
    const __m256i c1 = x5(a1, a6, a11, a16, a21);
    const __m256i c2 = x5(a2, a7, a12, a17, a22);
    const __m256i c3 = x5(a3, a8, a13, a18, a23);
    const __m256i c4 = x5(a4, a9, a14, a19, a24);
    const __m256i d0 = xor2(c4, rol(c1, 1)), d1 = xor2(c0, rol(c2, 1)), d2 = xor2(c1, rol(c3, 1));
    const __m256i d3 = xor2(c2, rol(c4, 1)), d4 = xor2(c3, rol(c0, 1));
    // rho and pi
    const __m256i b0 = xor2(a0, d0), b1 = rol(xor2(a6, d1), 44), b2 = rol(xor2(a12, d2), 43);
    const __m256i b3 = rol(xor2(a18, d3), 21), b4 = rol(xor2(a24, d4), 14), b5 = rol(xor2(a3, d3), 28);
    const __m256i b6 = rol(xor2(a9, d4), 20), b7 = rol(xor2(a10, d0), 3), b8 = rol(xor2(a16, d1), 45);
    const __m256i b9 = rol(xor2(a22, d2), 61), b10 = rol(xor2(a1, d1), 1), b11 = rol(xor2(a7, d2), 6);
    const __m256i b12 = rol(xor2(a13, d3), 25), b13 = rol(xor2(a19, d4), 8), b14 = rol(xor2(a20, d0), 18);
    const __m256i b15 = rol(xor2(a4, d4), 27), b16 = rol(xor2(a5, d0), 36), b17 = rol(xor2(a11, d1), 10);
    const __m256i b18 = rol(xor2(a17, d2), 15), b19 = rol(xor2(a23, d3), 56), b20 = rol(xor2(a2, d2), 62);
    const __m256i b21 = rol(xor2(a8, d3), 55), b22 = rol(xor2(a14, d4), 39), b23 = rol(xor2(a15, d0), 41);
    const __m256i b24 = rol(xor2(a21, d1), 2);
    // chi, then iota
    a0 = chi(b0, b1, b2);
    a1 = chi(b1, b2, b3);
    a2 = chi(b2, b3, b4);
    a3 = chi(b3, b4, b0);
    a4 = chi(b4, b0, b1);
    a5 = chi(b5, b6, b7);
    a6 = chi(b6, b7, b8);
    a7 = chi(b7, b8, b9);
    a8 = chi(b8, b9, b5);
    a9 = chi(b9, b5, b6);
    a10 = chi(b10, b11, b12);
    a11 = chi(b11, b12, b13);
    a12 = chi(b12, b13, b14);
    a13 = chi(b13, b14, b10);
    a14 = chi(b14, b10, b11);
    a15 = chi(b15, b16, b17);
    a16 = chi(b16, b17, b18);
    a17 = chi(b17, b18, b19);
    a18 = chi(b18, b19, b15);
    a19 = chi(b19, b15, b16);
    a20 = chi(b20, b21, b22);
    a21 = chi(b21, b22, b23);
    a22 = chi(b22, b23, b24);
    a23 = chi(b23, b24, b20);
    a24 = chi(b24, b20, b21);
    a0 = xor2(a0, _mm256_set1_epi64x(static_cast<long long>(kRoundConstants[round])));
  }
  s[0] = a0, s[1] = a1, s[2] = a2, s[3] = a3, s[4] = a4, s[5] = a5, s[6] = a6, s[7] = a7, s[8] = a8;
  s[9] = a9, s[10] = a10, s[11] = a11, s[12] = a12, s[13] = a13, s[14] = a14, s[15] = a15, s[16] = a16;
  s[17] = a17, s[18] = a18, s[19] = a19, s[20] = a20, s[21] = a21, s[22] = a22, s[23] = a23, s[24] = a24;
}

CRATON_KECCAK_X4 std::uint64_t load64(const std::uint8_t* p) {
  std::uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}

// XORs one rate-sized block of each input into the four states.
CRATON_KECCAK_X4 void absorb_block_x4(__m256i s[25], std::size_t rate, const std::uint8_t* const p[4]) {
  for (std::size_t w = 0; w < rate / 8; ++w) {
    const __m256i v = _mm256_set_epi64x(static_cast<long long>(load64(p[3] + 8 * w)),
                                        static_cast<long long>(load64(p[2] + 8 * w)),
                                        static_cast<long long>(load64(p[1] + 8 * w)),
                                        static_cast<long long>(load64(p[0] + 8 * w)));
    s[w] = xor2(s[w], v);
  }
}

// Little-endian hosts only (the lane loads above); x86 always is.
CRATON_PQC_AVX2 void shake_x4_avx2(std::size_t rate, const std::uint8_t* const in[4], std::size_t in_len,
                                   std::uint8_t* const out[4], std::size_t out_len) {
  struct Scratch {
    __m256i s[25];
    std::uint8_t last[4][168];  // the padded final block of each input
    alignas(32) std::uint64_t lanes[4];
  } w;
  for (auto& v : w.s) v = _mm256_setzero_si256();
  const std::uint8_t* p[4];
  for (int i = 0; i < 4; ++i) p[i] = in[i] != nullptr ? in[i] : in[0];
  std::size_t n = in_len;
  for (; n >= rate; n -= rate) {
    absorb_block_x4(w.s, rate, p);
    keccak_f1600_x4(w.s);
    for (auto& q : p) q += rate;
  }
  const std::uint8_t* last[4];
  for (int i = 0; i < 4; ++i) {
    std::memset(w.last[i], 0, rate);
    if (n > 0) std::memcpy(w.last[i], p[i], n);
    w.last[i][n] ^= 0x1F;  // SHAKE domain bits and the first padding bit
    w.last[i][rate - 1] ^= 0x80;
    last[i] = w.last[i];
  }
  absorb_block_x4(w.s, rate, last);
  keccak_f1600_x4(w.s);
  for (std::size_t done = 0;;) {
    for (std::size_t lane = 0; lane < rate / 8 && done < out_len; ++lane, done += 8) {
      _mm256_store_si256(reinterpret_cast<__m256i*>(w.lanes), w.s[lane]);
      const std::size_t take = std::min<std::size_t>(8, out_len - done);
      for (int i = 0; i < 4; ++i)
        if (out[i] != nullptr) std::memcpy(out[i] + done, &w.lanes[i], take);
    }
    if (done >= out_len) break;
    keccak_f1600_x4(w.s);
  }
  secure_wipe(&w, sizeof w);
}
#undef CRATON_KECCAK_X4
#endif

void shake_x4(std::size_t rate, const std::uint8_t* const in[4], std::size_t in_len, std::uint8_t* const out[4],
              std::size_t out_len) {
#if CRATON_PQC_HAVE_AVX2_PATH
  // One lane alone is cheaper in the scalar code.
  const int lanes = (out[0] != nullptr) + (out[1] != nullptr) + (out[2] != nullptr) + (out[3] != nullptr);
  if (kLittleEndian && lanes > 1 && use_avx2()) return shake_x4_avx2(rate, in, in_len, out, out_len);
#endif
  shake_x4_portable(rate, in, in_len, out, out_len);
}

}  // namespace

void shake128_x4(const std::uint8_t* const in[4], std::size_t in_len, std::uint8_t* const out[4],
                 std::size_t out_len) {
  shake_x4(168, in, in_len, out, out_len);
}

void shake256_x4(const std::uint8_t* const in[4], std::size_t in_len, std::uint8_t* const out[4],
                 std::size_t out_len) {
  shake_x4(136, in, in_len, out, out_len);
}

}  // namespace craton::pqc
