#include "pqc/ml_kem_poly.h"

#include <cstring>

#include "core/secure_memory.h"
#include "pqc/cpu_dispatch.h"
#include "pqc/keccak.h"

namespace craton::pqc::mlkem {
namespace {

// ---- constants, all derived at compile time from q and zeta = 17 ----------

constexpr std::int32_t kR = (1 << 16) % kQ;  // Montgomery radix mod q (2285)

constexpr std::int32_t pow_mod(std::int32_t base, std::int32_t exp) {
  std::int64_t result = 1, b = base % kQ;
  while (exp > 0) {
    if (exp & 1) result = result * b % kQ;
    b = b * b % kQ;
    exp >>= 1;
  }
  return static_cast<std::int32_t>(result);
}

// q^-1 mod 2^16 by Newton iteration (each step doubles the correct bits).
constexpr std::int16_t q_inverse_mod_r() {
  std::uint32_t inv = kQ;  // correct to 3 bits, since q*q = 1 mod 8
  for (int i = 0; i < 4; ++i) inv = (inv * (2u - kQ * inv)) & 0xFFFFu;
  return static_cast<std::int16_t>(inv);
}
constexpr std::int16_t kQInv = q_inverse_mod_r();
static_assert(((static_cast<std::int32_t>(kQInv) * kQ) & 0xFFFF) == 1);

// Representative of x*R mod q in (-q/2, q/2], for use as a Montgomery factor.
constexpr std::int16_t to_mont_centered(std::int64_t x) {
  std::int64_t v = (x % kQ + kQ) % kQ * kR % kQ;
  if (v > kQ / 2) v -= kQ;
  return static_cast<std::int16_t>(v);
}

constexpr unsigned bit_rev7(unsigned i) {
  unsigned r = 0;
  for (int b = 0; b < 7; ++b) r |= ((i >> b) & 1u) << (6 - b);
  return r;
}

// zeta^BitRev7(i) (NTT twiddles, FIPS 203 appendix A) in Montgomery form.
constexpr std::array<std::int16_t, 128> make_zetas() {
  std::array<std::int16_t, 128> z{};
  for (unsigned i = 0; i < 128; ++i) z[i] = to_mont_centered(pow_mod(17, static_cast<std::int32_t>(bit_rev7(i))));
  return z;
}
// zeta^(2*BitRev7(i)+1): the moduli X^2 - gamma_i of the base multiplication.
constexpr std::array<std::int16_t, 128> make_gammas() {
  std::array<std::int16_t, 128> g{};
  for (unsigned i = 0; i < 128; ++i)
    g[i] = to_mont_centered(pow_mod(17, static_cast<std::int32_t>(2 * bit_rev7(i) + 1)));
  return g;
}
constexpr std::array<std::int16_t, 128> kZetas = make_zetas();
constexpr std::array<std::int16_t, 128> kGammas = make_gammas();
static_assert(pow_mod(17, 128) == kQ - 1, "17 is a primitive 256th root of unity mod q");

// 128^-1 * R^2: one Montgomery multiplication by it scales by 1/128 and
// cancels the R^-1 a preceding basemul left behind.
constexpr std::int16_t kInvNttScale =
    static_cast<std::int16_t>(static_cast<std::int64_t>(pow_mod(128, kQ - 2)) * kR % kQ * kR % kQ);
constexpr std::int16_t kRSquared = static_cast<std::int16_t>(kR * kR % kQ);

// ---- modular reduction ------------------------------------------------------

// Montgomery product a * b * R^-1 mod q, |result| < q for |a*b| < q * 2^15.
// With t = a*b*q^-1 mod R, the low halves of a*b and t*q are equal, so
// (a*b - t*q) / R is the difference of the high halves: only 16-bit high and
// low multiplies, which compilers map onto 16-bit vector multiplies.
CRATON_PQC_INLINE std::int16_t fqmul(std::int16_t a, std::int16_t b) {
  const std::int32_t p = static_cast<std::int32_t>(a) * b;
  const auto t = static_cast<std::int16_t>(static_cast<std::int16_t>(p) * kQInv);
  const auto p_hi = static_cast<std::int16_t>(p >> 16);
  const auto tq_hi = static_cast<std::int16_t>((static_cast<std::int32_t>(t) * kQ) >> 16);
  return static_cast<std::int16_t>(p_hi - tq_hi);
}

// a mod q in about [-q/2, q/2] for any int16 a: subtract round(a/q)*q, with
// round(a/q) computed as (a * round(2^26/q) + 2^25) >> 26.
CRATON_PQC_INLINE std::int16_t barrett_reduce(std::int16_t a) {
  constexpr std::int32_t kV = ((1 << 26) + kQ / 2) / kQ;
  const auto t = static_cast<std::int16_t>((kV * a + (1 << 25)) >> 26);
  return static_cast<std::int16_t>(a - t * kQ);
}

// The representative in [0, q), branch-free.
CRATON_PQC_INLINE std::uint16_t canonical(std::int16_t a) {
  std::int16_t r = barrett_reduce(a);
  r = static_cast<std::int16_t>(r + ((r >> 15) & kQ));
  return static_cast<std::uint16_t>(r);
}

// ---- little-endian bit packing (BitsToBytes / BytesToBits order) ----------

void pack_bits(const std::uint16_t vals[kN], int d, std::uint8_t* out) {
  std::uint32_t acc = 0;
  int bits = 0;
  for (int i = 0; i < kN; ++i) {
    acc |= static_cast<std::uint32_t>(vals[i]) << bits;
    bits += d;
    while (bits >= 8) {
      *out++ = static_cast<std::uint8_t>(acc);
      acc >>= 8;
      bits -= 8;
    }
  }
}

void unpack_bits(const std::uint8_t* in, int d, std::uint16_t vals[kN]) {
  const std::uint32_t mask = (1u << d) - 1;
  std::uint32_t acc = 0;
  int bits = 0;
  for (int i = 0; i < kN; ++i) {
    while (bits < d) {
      acc |= static_cast<std::uint32_t>(*in++) << bits;
      bits += 8;
    }
    vals[i] = static_cast<std::uint16_t>(acc & mask);
    acc >>= d;
    bits -= d;
  }
}

}  // namespace

// round(2^d * x / q) mod 2^d = floor((x * 2^d + (q-1)/2) / q) mod 2^d (q odd,
// so no tie). n < 2^23, and floor(n/q) = (n * ceil(2^36/q)) >> 36 exactly there.
std::uint16_t compress(std::uint16_t x, int d) {
  constexpr std::uint64_t kM = ((std::uint64_t{1} << 36) + kQ - 1) / kQ;
  const std::uint64_t n = (static_cast<std::uint64_t>(x) << d) + (kQ - 1) / 2;
  return static_cast<std::uint16_t>(((n * kM) >> 36) & ((1u << d) - 1));
}

// round(q * y / 2^d).
std::uint16_t decompress(std::uint16_t y, int d) {
  return static_cast<std::uint16_t>((static_cast<std::uint32_t>(y) * kQ + (1u << (d - 1))) >> d);
}

namespace {

// One butterfly layer with a compile-time length, so that the long layers
// vectorise and the short ones unroll. k indexes the twiddles.
template <int Len>
CRATON_PQC_INLINE void ntt_layer(std::int16_t* c, int& k) {
  for (int start = 0; start < kN; start += 2 * Len) {
    const std::int16_t zeta = kZetas[static_cast<std::size_t>(k++)];
    for (int j = start; j < start + Len; ++j) {
      const std::int16_t t = fqmul(zeta, c[j + Len]);
      c[j + Len] = static_cast<std::int16_t>(c[j] - t);
      c[j] = static_cast<std::int16_t>(c[j] + t);
    }
  }
}

template <int Len>
CRATON_PQC_INLINE void inv_ntt_layer(std::int16_t* c, int& k) {
  for (int start = 0; start < kN; start += 2 * Len) {
    const std::int16_t zeta = kZetas[static_cast<std::size_t>(k--)];
    for (int j = start; j < start + Len; ++j) {
      const std::int16_t t = c[j];
      c[j] = barrett_reduce(static_cast<std::int16_t>(t + c[j + Len]));
      c[j + Len] = fqmul(zeta, static_cast<std::int16_t>(c[j + Len] - t));
    }
  }
}

CRATON_PQC_INLINE void reduce_body(std::int16_t* c) {
  for (int i = 0; i < kN; ++i) c[i] = barrett_reduce(c[i]);
}

CRATON_PQC_INLINE void ntt_body(Poly& f) {
  int k = 1;
  ntt_layer<128>(f.c, k);
  ntt_layer<64>(f.c, k);
  ntt_layer<32>(f.c, k);
  ntt_layer<16>(f.c, k);
  ntt_layer<8>(f.c, k);
  ntt_layer<4>(f.c, k);
  ntt_layer<2>(f.c, k);
  reduce_body(f.c);  // 7 layers grew |c| to below 8q; bring it back
}

CRATON_PQC_INLINE void inv_ntt_body(Poly& f) {
  reduce_body(f.c);  // product sums may reach 8q; differences must fit int16
  int k = 127;
  inv_ntt_layer<2>(f.c, k);
  inv_ntt_layer<4>(f.c, k);
  inv_ntt_layer<8>(f.c, k);
  inv_ntt_layer<16>(f.c, k);
  inv_ntt_layer<32>(f.c, k);
  inv_ntt_layer<64>(f.c, k);
  inv_ntt_layer<128>(f.c, k);
  for (auto& c : f.c) c = fqmul(c, kInvNttScale);
}

// The base multiplication on even/odd halves gathered into separate arrays,
// so every loop is a plain element-wise one the compiler can vectorise.
CRATON_PQC_INLINE void basemul_acc_body(Poly& acc, const Poly& a, const Poly& b) {
  std::int16_t c0[128], c1[128];
  for (int i = 0; i < 128; ++i) {
    const std::int16_t a0 = a.c[2 * i], a1 = a.c[2 * i + 1];
    const std::int16_t b0 = b.c[2 * i], b1 = b.c[2 * i + 1];
    // (a0 + a1 X)(b0 + b1 X) mod (X^2 - gamma_i)
    c0[i] = static_cast<std::int16_t>(fqmul(fqmul(a1, b1), kGammas[static_cast<std::size_t>(i)]) + fqmul(a0, b0));
    c1[i] = static_cast<std::int16_t>(fqmul(a0, b1) + fqmul(a1, b0));
  }
  for (int i = 0; i < 128; ++i) {
    acc.c[2 * i] = static_cast<std::int16_t>(acc.c[2 * i] + c0[i]);
    acc.c[2 * i + 1] = static_cast<std::int16_t>(acc.c[2 * i + 1] + c1[i]);
  }
}

void ntt_portable(Poly& f) { ntt_body(f); }
void inv_ntt_portable(Poly& f) { inv_ntt_body(f); }
void basemul_acc_portable(Poly& acc, const Poly& a, const Poly& b) { basemul_acc_body(acc, a, b); }
#if CRATON_PQC_HAVE_AVX2_PATH
CRATON_PQC_AVX2 void ntt_avx2(Poly& f) { ntt_body(f); }
CRATON_PQC_AVX2 void inv_ntt_avx2(Poly& f) { inv_ntt_body(f); }
CRATON_PQC_AVX2 void basemul_acc_avx2(Poly& acc, const Poly& a, const Poly& b) { basemul_acc_body(acc, a, b); }
#endif

}  // namespace

void ntt(Poly& f) {
#if CRATON_PQC_HAVE_AVX2_PATH
  if (use_avx2()) return ntt_avx2(f);
#endif
  ntt_portable(f);
}

void inv_ntt(Poly& f) {
#if CRATON_PQC_HAVE_AVX2_PATH
  if (use_avx2()) return inv_ntt_avx2(f);
#endif
  inv_ntt_portable(f);
}

void basemul_acc(Poly& acc, const Poly& a, const Poly& b) {
#if CRATON_PQC_HAVE_AVX2_PATH
  if (use_avx2()) return basemul_acc_avx2(acc, a, b);
#endif
  basemul_acc_portable(acc, a, b);
}

void poly_from_product(Poly& f) {
  for (auto& c : f.c) c = fqmul(c, kRSquared);
}

void poly_add(Poly& r, const Poly& a) {
  for (int i = 0; i < kN; ++i) r.c[i] = static_cast<std::int16_t>(r.c[i] + a.c[i]);
}

void poly_sub(Poly& r, const Poly& a) {
  for (int i = 0; i < kN; ++i) r.c[i] = static_cast<std::int16_t>(r.c[i] - a.c[i]);
}

void poly_reduce(Poly& f) {
  for (auto& c : f.c) c = barrett_reduce(c);
}

void byte_encode12(const Poly& f, std::uint8_t out[384]) {
  std::uint16_t vals[kN];
  for (int i = 0; i < kN; ++i) vals[i] = canonical(f.c[i]);
  pack_bits(vals, 12, out);
  secure_wipe(vals, sizeof vals);  // may be s_hat
}

bool byte_decode12(const std::uint8_t in[384], Poly& f) {
  std::uint16_t vals[kN];
  unpack_bits(in, 12, vals);
  std::uint32_t too_big = 0;
  for (int i = 0; i < kN; ++i) {
    const std::int32_t r = static_cast<std::int32_t>(vals[i]) - kQ;  // < 0 iff reduced
    too_big |= static_cast<std::uint32_t>(~r) >> 31;
    f.c[i] = static_cast<std::int16_t>(r + ((r >> 31) & kQ));
  }
  secure_wipe(vals, sizeof vals);
  return too_big == 0;
}

namespace {

// Compress_d with a 32x32 -> 64-bit multiply (see compress()), written so the
// compiler can vectorise it.
template <int D>
CRATON_PQC_INLINE std::uint16_t compress_d(std::uint16_t x) {
  constexpr std::uint32_t kM = static_cast<std::uint32_t>(((std::uint64_t{1} << 36) + kQ - 1) / kQ);
  const std::uint32_t n = (static_cast<std::uint32_t>(x) << D) + (kQ - 1) / 2;
  return static_cast<std::uint16_t>(((static_cast<std::uint64_t>(n) * kM) >> 36) & ((1u << D) - 1));
}

// Eight D-bit values fill exactly D bytes; D is a constant, so this unrolls.
template <int D>
CRATON_PQC_INLINE void pack8(const std::uint16_t* v, std::uint8_t* out) {
  std::uint32_t acc = 0;
  int bits = 0;
  for (int i = 0; i < 8; ++i) {
    acc |= static_cast<std::uint32_t>(v[i]) << bits;
    bits += D;
    while (bits >= 8) {
      *out++ = static_cast<std::uint8_t>(acc);
      acc >>= 8;
      bits -= 8;
    }
  }
}

template <int D>
CRATON_PQC_INLINE void unpack8(const std::uint8_t* in, std::uint16_t* v) {
  std::uint32_t acc = 0;
  int bits = 0;
  for (int i = 0; i < 8; ++i) {
    while (bits < D) {
      acc |= static_cast<std::uint32_t>(*in++) << bits;
      bits += 8;
    }
    v[i] = static_cast<std::uint16_t>(acc & ((1u << D) - 1));
    acc >>= D;
    bits -= D;
  }
}

template <int D>
CRATON_PQC_INLINE void compress_encode_body(const Poly& f, std::uint8_t* out) {
  std::uint16_t vals[kN];
  for (int i = 0; i < kN; ++i) vals[i] = compress_d<D>(canonical(f.c[i]));
  for (int i = 0; i < kN; i += 8) pack8<D>(vals + i, out + D * i / 8);
  secure_wipe(vals, sizeof vals);  // d = 1 holds the message
}

template <int D>
CRATON_PQC_INLINE void decode_decompress_body(const std::uint8_t* in, Poly& f) {
  std::uint16_t vals[kN];
  for (int i = 0; i < kN; i += 8) unpack8<D>(in + D * i / 8, vals + i);
  for (int i = 0; i < kN; ++i)
    f.c[i] = static_cast<std::int16_t>((static_cast<std::uint32_t>(vals[i]) * kQ + (1u << (D - 1))) >> D);
  secure_wipe(vals, sizeof vals);
}

// d is one of the values FIPS 203 uses; anything else is a programming error
// and takes the d = 1 path rather than running off the buffer.
CRATON_PQC_INLINE void compress_encode_any(const Poly& f, int d, std::uint8_t* out) {
  switch (d) {
    case 4: return compress_encode_body<4>(f, out);
    case 5: return compress_encode_body<5>(f, out);
    case 10: return compress_encode_body<10>(f, out);
    case 11: return compress_encode_body<11>(f, out);
    default: return compress_encode_body<1>(f, out);
  }
}

CRATON_PQC_INLINE void decode_decompress_any(const std::uint8_t* in, int d, Poly& f) {
  switch (d) {
    case 4: return decode_decompress_body<4>(in, f);
    case 5: return decode_decompress_body<5>(in, f);
    case 10: return decode_decompress_body<10>(in, f);
    case 11: return decode_decompress_body<11>(in, f);
    default: return decode_decompress_body<1>(in, f);
  }
}

void compress_encode_portable(const Poly& f, int d, std::uint8_t* out) { compress_encode_any(f, d, out); }
void decode_decompress_portable(const std::uint8_t* in, int d, Poly& f) { decode_decompress_any(in, d, f); }
#if CRATON_PQC_HAVE_AVX2_PATH
CRATON_PQC_AVX2 void compress_encode_avx2(const Poly& f, int d, std::uint8_t* out) { compress_encode_any(f, d, out); }
CRATON_PQC_AVX2 void decode_decompress_avx2(const std::uint8_t* in, int d, Poly& f) {
  decode_decompress_any(in, d, f);
}
#endif

}  // namespace

void compress_encode(const Poly& f, int d, std::uint8_t* out) {
#if CRATON_PQC_HAVE_AVX2_PATH
  if (use_avx2()) return compress_encode_avx2(f, d, out);
#endif
  compress_encode_portable(f, d, out);
}

void decode_decompress(const std::uint8_t* in, int d, Poly& f) {
#if CRATON_PQC_HAVE_AVX2_PATH
  if (use_avx2()) return decode_decompress_avx2(in, d, f);
#endif
  decode_decompress_portable(in, d, f);
}

void sample_ntt(Poly& f, const std::uint8_t seed[34]) {
  Shake128 xof;
  xof.absorb({seed, 34});
  std::uint8_t buf[168];  // one SHAKE128 block = 56 triples
  int n = 0;
  while (n < kN) {
    xof.squeeze(buf);
    for (std::size_t p = 0; p + 3 <= sizeof buf && n < kN; p += 3) {
      const auto d1 = static_cast<std::uint16_t>(buf[p] | ((buf[p + 1] & 0x0F) << 8));
      const auto d2 = static_cast<std::uint16_t>((buf[p + 1] >> 4) | (buf[p + 2] << 4));
      if (d1 < kQ) f.c[n++] = static_cast<std::int16_t>(d1);  // public data: branching is fine
      if (d2 < kQ && n < kN) f.c[n++] = static_cast<std::int16_t>(d2);
    }
  }
}

namespace {

// CBD_eta (Algorithm 8) of 64*eta PRF bytes. Each coefficient is (sum of eta
// bits) - (sum of the next eta bits); the bit sums are formed for several
// coefficients at once inside a machine word.
void cbd_from_bytes(Poly& f, const std::uint8_t* buf, int eta) {
  if (eta == 2) {
    for (int w = 0; w < kN / 8; ++w) {  // 4 bytes -> 8 coefficients
      const std::uint8_t* b = buf + 4 * w;
      const std::uint32_t x = b[0] | (b[1] << 8) | (b[2] << 16) | (static_cast<std::uint32_t>(b[3]) << 24);
      const std::uint32_t pair_sums = (x & 0x55555555u) + ((x >> 1) & 0x55555555u);
      for (int j = 0; j < 8; ++j) {
        const auto pos = static_cast<std::int16_t>((pair_sums >> (4 * j)) & 3);
        const auto neg = static_cast<std::int16_t>((pair_sums >> (4 * j + 2)) & 3);
        f.c[8 * w + j] = static_cast<std::int16_t>(pos - neg);
      }
    }
  } else {
    for (int w = 0; w < kN / 4; ++w) {  // 3 bytes -> 4 coefficients
      const std::uint8_t* b = buf + 3 * w;
      const std::uint32_t x = b[0] | (b[1] << 8) | (b[2] << 16);
      const std::uint32_t triple_sums = (x & 0x249249u) + ((x >> 1) & 0x249249u) + ((x >> 2) & 0x249249u);
      for (int j = 0; j < 4; ++j) {
        const auto pos = static_cast<std::int16_t>((triple_sums >> (6 * j)) & 7);
        const auto neg = static_cast<std::int16_t>((triple_sums >> (6 * j + 3)) & 7);
        f.c[4 * w + j] = static_cast<std::int16_t>(pos - neg);
      }
    }
  }
}

}  // namespace

void sample_cbd(Poly& f, const std::uint8_t s[32], std::uint8_t nonce, int eta) {
  std::uint8_t buf[64 * 3];
  const std::size_t len = 64 * static_cast<std::size_t>(eta);
  Shake256 prf;
  prf.absorb({s, 32});
  prf.absorb({&nonce, 1});
  prf.squeeze({buf, len});
  cbd_from_bytes(f, buf, eta);
  secure_wipe(buf, sizeof buf);
}

void sample_cbd_batch(Poly* const* out, const int* etas, std::size_t count, const std::uint8_t s[32],
                      std::uint8_t first_nonce) {
  struct Scratch {
    std::uint8_t seeds[4][33];
    std::uint8_t buf[4][64 * 3];
  } w;
  for (std::size_t g = 0; g < count; g += 4) {
    const std::uint8_t* in[4] = {};
    std::uint8_t* bufs[4] = {};
    int max_eta = 2;
    for (std::size_t i = 0; i < 4 && g + i < count; ++i) {
      std::memcpy(w.seeds[i], s, 32);
      w.seeds[i][32] = static_cast<std::uint8_t>(first_nonce + g + i);
      in[i] = w.seeds[i];
      bufs[i] = w.buf[i];
      max_eta = etas[g + i] > max_eta ? etas[g + i] : max_eta;
    }
    // A longer squeeze only extends each stream, so the shorter ones read a prefix.
    shake256_x4(in, 33, bufs, 64 * static_cast<std::size_t>(max_eta));
    for (std::size_t i = 0; i < 4 && g + i < count; ++i) cbd_from_bytes(*out[g + i], w.buf[i], etas[g + i]);
  }
  secure_wipe(&w, sizeof w);
}

}  // namespace craton::pqc::mlkem
