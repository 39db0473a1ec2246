#include "pqc/ml_dsa_poly.h"

#include <array>

#include "core/secure_memory.h"

// The NTTs and pointwise products are compiled twice, portable and for AVX2
// (which vectorises the 32x32->64-bit Montgomery products); pqc/cpu_dispatch.h
// picks one at run time, and the tests can force the portable one.
#include "pqc/cpu_dispatch.h"

#if CRATON_PQC_HAVE_AVX2_PATH
#include <immintrin.h>
#endif

namespace craton::pqc::mldsa {
namespace {

constexpr std::uint64_t kQ64 = static_cast<std::uint64_t>(kQ);

constexpr std::uint64_t pow_mod(std::uint64_t base, std::uint64_t e) {
  std::uint64_t r = 1;
  base %= kQ64;
  while (e != 0) {
    if (e & 1) r = r * base % kQ64;
    base = base * base % kQ64;
    e >>= 1;
  }
  return r;
}

constexpr std::uint64_t kMont = (std::uint64_t{1} << 32) % kQ64;  // 2^32 mod q

constexpr unsigned bitrev8(unsigned x) {
  unsigned r = 0;
  for (int i = 0; i < 8; ++i) r |= ((x >> i) & 1u) << (7 - i);
  return r;
}

constexpr std::int32_t centred(std::uint64_t x) {
  return x > kQ64 / 2 ? static_cast<std::int32_t>(x) - kQ : static_cast<std::int32_t>(x);
}

// zetas[m] = 1753^brv8(m) * 2^32 mod q, centred (1753 is the 512th root of
// unity FIPS 204 fixes). Montgomery form so one montgomery_reduce multiplies
// by the plain root.
constexpr std::array<std::int32_t, kN> make_zetas() {
  std::array<std::int32_t, kN> z{};
  for (unsigned m = 0; m < kN; ++m) z[m] = centred(pow_mod(1753, bitrev8(m)) * kMont % kQ64);
  return z;
}
constexpr std::array<std::int32_t, kN> kZetas = make_zetas();
static_assert(pow_mod(1753, 256) == kQ64 - 1, "1753 must be a primitive 512th root of unity");

// 2^64 / 256 mod q: one Montgomery multiplication leaves 2^32 / 256.
constexpr std::int32_t kInvNttFactor =
    static_cast<std::int32_t>(kMont * kMont % kQ64 * pow_mod(256, kQ64 - 2) % kQ64);

// montgomery_reduce(a * b) from 32-bit halves: with t = a*b*q^-1 mod 2^32
// the low words of a*b and t*q are equal, so (a*b - t*q) / 2^32 is the
// difference of the high words. This avoids the 64-bit arithmetic shift
// AVX2 lacks, so the loops below vectorise.
CRATON_PQC_INLINE std::int32_t mont_mul(std::int32_t a, std::int32_t b) {
  const std::int64_t p = static_cast<std::int64_t>(a) * b;
  const auto t = static_cast<std::int32_t>(static_cast<std::uint32_t>(p) * kQinv);
  const auto p_hi = static_cast<std::int32_t>(static_cast<std::uint64_t>(p) >> 32);
  const auto tq_hi = static_cast<std::int32_t>(static_cast<std::uint64_t>(static_cast<std::int64_t>(t) * kQ) >> 32);
  return p_hi - tq_hi;
}

}  // namespace

std::int32_t use_hint(std::int32_t h, std::int32_t r, std::int32_t gamma2) {
  std::int32_t r1, r0;
  decompose(r, gamma2, r1, r0);
  if (h == 0) return r1;
  const std::int32_t m = (kQ - 1) / (2 * gamma2);
  if (r0 > 0) return r1 + 1 == m ? 0 : r1 + 1;
  return r1 == 0 ? m - 1 : r1 - 1;
}

namespace {

// One butterfly layer with a compile-time length, so small layers unroll and
// large ones vectorise.
template <int Len>
CRATON_PQC_INLINE void ntt_layer(std::int32_t* a, int& m) {
  for (int start = 0; start < kN; start += 2 * Len) {
    const std::int32_t zeta = kZetas[static_cast<std::size_t>(++m)];
    for (int j = start; j < start + Len; ++j) {
      const std::int32_t t = mont_mul(zeta, a[j + Len]);
      a[j + Len] = a[j] - t;
      a[j] = a[j] + t;
    }
  }
}

template <int Len>
CRATON_PQC_INLINE void invntt_layer(std::int32_t* a, int& m) {
  for (int start = 0; start < kN; start += 2 * Len) {
    const std::int32_t zeta = -kZetas[static_cast<std::size_t>(--m)];
    for (int j = start; j < start + Len; ++j) {
      const std::int32_t t = a[j];
      a[j] = t + a[j + Len];  // grows to at most 256 q < 2^31
      a[j + Len] = mont_mul(zeta, t - a[j + Len]);
    }
  }
}

}  // namespace

#if CRATON_PQC_HAVE_AVX2_PATH
// ---- AVX2 kernels: eight coefficients per register ------------------------
// mont_mul8 is mont_mul lane by lane: the even and odd lanes go through
// separate 32x32->64-bit multiplies (AVX2 has no 64-bit arithmetic shift and
// no 32-bit high multiply) and are blended back. Results are bit-identical
// to the scalar code.
namespace {

#define CRATON_MLDSA_V CRATON_PQC_AVX2 CRATON_PQC_INLINE

CRATON_MLDSA_V __m256i mont_mul8(__m256i a, __m256i b) {
  const __m256i q = _mm256_set1_epi32(kQ);
  const __m256i qinv = _mm256_set1_epi32(static_cast<int>(kQinv));
  const __m256i p_even = _mm256_mul_epi32(a, b);
  const __m256i p_odd = _mm256_mul_epi32(_mm256_srli_epi64(a, 32), _mm256_srli_epi64(b, 32));
  const __m256i t = _mm256_mullo_epi32(_mm256_mullo_epi32(a, b), qinv);  // a*b*q^-1 mod 2^32
  const __m256i r_even = _mm256_srli_epi64(_mm256_sub_epi64(p_even, _mm256_mul_epi32(t, q)), 32);
  const __m256i r_odd = _mm256_sub_epi64(p_odd, _mm256_mul_epi32(_mm256_srli_epi64(t, 32), q));
  return _mm256_blend_epi32(r_even, r_odd, 0xAA);
}

CRATON_MLDSA_V __m256i load8(const std::int32_t* p) { return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p)); }
CRATON_MLDSA_V void store8(std::int32_t* p, __m256i v) { _mm256_storeu_si256(reinterpret_cast<__m256i*>(p), v); }

template <int Len>
CRATON_MLDSA_V void ntt_layer8(std::int32_t* a, int& m) {
  for (int start = 0; start < kN; start += 2 * Len) {
    const __m256i zeta = _mm256_set1_epi32(kZetas[static_cast<std::size_t>(++m)]);
    for (int j = start; j < start + Len; j += 8) {
      const __m256i x = load8(a + j);
      const __m256i t = mont_mul8(zeta, load8(a + j + Len));
      store8(a + j + Len, _mm256_sub_epi32(x, t));
      store8(a + j, _mm256_add_epi32(x, t));
    }
  }
}

template <int Len>
CRATON_MLDSA_V void invntt_layer8(std::int32_t* a, int& m) {
  for (int start = 0; start < kN; start += 2 * Len) {
    const __m256i zeta = _mm256_set1_epi32(-kZetas[static_cast<std::size_t>(--m)]);
    for (int j = start; j < start + Len; j += 8) {
      const __m256i t = load8(a + j);
      const __m256i u = load8(a + j + Len);
      store8(a + j, _mm256_add_epi32(t, u));
      store8(a + j + Len, mont_mul8(zeta, _mm256_sub_epi32(t, u)));
    }
  }
}

#undef CRATON_MLDSA_V

}  // namespace

CRATON_PQC_AVX2 static void ntt_avx2(Poly& p) {
  std::int32_t* a = p.c;
  int m = 0;
  ntt_layer8<128>(a, m);
  ntt_layer8<64>(a, m);
  ntt_layer8<32>(a, m);
  ntt_layer8<16>(a, m);
  ntt_layer8<8>(a, m);
  ntt_layer<4>(a, m);
  ntt_layer<2>(a, m);
  ntt_layer<1>(a, m);
}

CRATON_PQC_AVX2 static void invntt_tomont_avx2(Poly& p) {
  std::int32_t* a = p.c;
  int m = kN;
  invntt_layer<1>(a, m);
  invntt_layer<2>(a, m);
  invntt_layer<4>(a, m);
  invntt_layer8<8>(a, m);
  invntt_layer8<16>(a, m);
  invntt_layer8<32>(a, m);
  invntt_layer8<64>(a, m);
  invntt_layer8<128>(a, m);
  const __m256i f = _mm256_set1_epi32(kInvNttFactor);
  for (int i = 0; i < kN; i += 8) store8(a + i, mont_mul8(f, load8(a + i)));
}

CRATON_PQC_AVX2 static void pointwise_montgomery_avx2(Poly& r, const Poly& a, const Poly& b) {
  for (int i = 0; i < kN; i += 8) store8(r.c + i, mont_mul8(load8(a.c + i), load8(b.c + i)));
}

CRATON_PQC_AVX2 static void pointwise_acc_montgomery_avx2(Poly& r, const Poly& a, const Poly& b) {
  for (int i = 0; i < kN; i += 8)
    store8(r.c + i, _mm256_add_epi32(load8(r.c + i), mont_mul8(load8(a.c + i), load8(b.c + i))));
}
#endif

CRATON_PQC_INLINE void ntt_body(Poly& p) {
  std::int32_t* a = p.c;
  int m = 0;
  ntt_layer<128>(a, m);
  ntt_layer<64>(a, m);
  ntt_layer<32>(a, m);
  ntt_layer<16>(a, m);
  ntt_layer<8>(a, m);
  ntt_layer<4>(a, m);
  ntt_layer<2>(a, m);
  ntt_layer<1>(a, m);
}

static void ntt_portable(Poly& p) { ntt_body(p); }

void ntt(Poly& p) {
#if CRATON_PQC_HAVE_AVX2_PATH
  if (use_avx2()) return ntt_avx2(p);
#endif
  ntt_portable(p);
}

CRATON_PQC_INLINE void invntt_tomont_body(Poly& p) {
  std::int32_t* a = p.c;
  int m = kN;
  invntt_layer<1>(a, m);
  invntt_layer<2>(a, m);
  invntt_layer<4>(a, m);
  invntt_layer<8>(a, m);
  invntt_layer<16>(a, m);
  invntt_layer<32>(a, m);
  invntt_layer<64>(a, m);
  invntt_layer<128>(a, m);
  for (int i = 0; i < kN; ++i) a[i] = mont_mul(kInvNttFactor, a[i]);
}

static void invntt_tomont_portable(Poly& p) { invntt_tomont_body(p); }

void invntt_tomont(Poly& p) {
#if CRATON_PQC_HAVE_AVX2_PATH
  if (use_avx2()) return invntt_tomont_avx2(p);
#endif
  invntt_tomont_portable(p);
}

CRATON_PQC_INLINE void pointwise_montgomery_body(Poly& r, const Poly& a, const Poly& b) {
  for (int i = 0; i < kN; ++i) r.c[i] = mont_mul(a.c[i], b.c[i]);
}

static void pointwise_montgomery_portable(Poly& r, const Poly& a, const Poly& b) {
  pointwise_montgomery_body(r, a, b);
}

void pointwise_montgomery(Poly& r, const Poly& a, const Poly& b) {
#if CRATON_PQC_HAVE_AVX2_PATH
  if (use_avx2()) return pointwise_montgomery_avx2(r, a, b);
#endif
  pointwise_montgomery_portable(r, a, b);
}

CRATON_PQC_INLINE void pointwise_acc_montgomery_body(Poly& r, const Poly& a, const Poly& b) {
  for (int i = 0; i < kN; ++i) r.c[i] += mont_mul(a.c[i], b.c[i]);
}

static void pointwise_acc_montgomery_portable(Poly& r, const Poly& a, const Poly& b) {
  pointwise_acc_montgomery_body(r, a, b);
}

void pointwise_acc_montgomery(Poly& r, const Poly& a, const Poly& b) {
#if CRATON_PQC_HAVE_AVX2_PATH
  if (use_avx2()) return pointwise_acc_montgomery_avx2(r, a, b);
#endif
  pointwise_acc_montgomery_portable(r, a, b);
}

void poly_add(Poly& r, const Poly& a) {
  for (int i = 0; i < kN; ++i) r.c[i] += a.c[i];
}
void poly_sub(Poly& r, const Poly& a) {
  for (int i = 0; i < kN; ++i) r.c[i] -= a.c[i];
}
void poly_reduce32(Poly& a) {
  for (std::int32_t& c : a.c) c = reduce32(c);
}
void poly_caddq(Poly& a) {
  for (std::int32_t& c : a.c) c = caddq(c);
}
void poly_freeze(Poly& a) {
  for (std::int32_t& c : a.c) c = freeze(c);
}

std::uint32_t poly_norm_exceeds(const Poly& a, std::int32_t bound) {
  std::uint32_t bad = 0;
  for (std::int32_t c : a.c) {
    const std::int32_t sign = c >> 31;
    const std::int32_t abs = (c ^ sign) - sign;
    bad |= static_cast<std::uint32_t>((bound - 1 - abs) >> 31);  // all ones iff abs >= bound
  }
  return bad & 1u;
}

namespace {

// Eight values of Bits bits fill exactly Bits bytes; with Bits a constant the
// byte loops unroll into straight shifts.
template <int Bits>
CRATON_PQC_INLINE void pack_fixed(const std::uint32_t* v, std::uint8_t* out) {
  for (int g = 0; g < kN; g += 8) {
    std::uint64_t acc = 0;
    int filled = 0;
    for (int i = 0; i < 8; ++i) {
      acc |= static_cast<std::uint64_t>(v[g + i]) << filled;
      filled += Bits;
      while (filled >= 8) {
        *out++ = static_cast<std::uint8_t>(acc);
        acc >>= 8;
        filled -= 8;
      }
    }
  }
}

template <int Bits>
CRATON_PQC_INLINE void unpack_fixed(const std::uint8_t* in, std::uint32_t* v) {
  constexpr std::uint64_t kMask = (std::uint64_t{1} << Bits) - 1;
  for (int g = 0; g < kN; g += 8) {
    std::uint64_t acc = 0;
    int filled = 0;
    for (int i = 0; i < 8; ++i) {
      while (filled < Bits) {
        acc |= static_cast<std::uint64_t>(*in++) << filled;
        filled += 8;
      }
      v[g + i] = static_cast<std::uint32_t>(acc & kMask);
      acc >>= Bits;
      filled -= Bits;
    }
  }
}

}  // namespace

// Every width FIPS 204 uses (eta 3/4, w1 4/6, t1 10, t0 13, z 18/20) gets an
// unrolled instance; bits is at most 20 everywhere.
void pack_bits(const std::uint32_t v[kN], int bits, std::uint8_t* out) {
  switch (bits) {
    case 3: return pack_fixed<3>(v, out);
    case 4: return pack_fixed<4>(v, out);
    case 6: return pack_fixed<6>(v, out);
    case 10: return pack_fixed<10>(v, out);
    case 13: return pack_fixed<13>(v, out);
    case 18: return pack_fixed<18>(v, out);
    case 20: return pack_fixed<20>(v, out);
    default: break;
  }
  std::uint64_t acc = 0;
  int filled = 0;
  for (int i = 0; i < kN; ++i) {
    acc |= static_cast<std::uint64_t>(v[i]) << filled;
    filled += bits;
    while (filled >= 8) {
      *out++ = static_cast<std::uint8_t>(acc);
      acc >>= 8;
      filled -= 8;
    }
  }
}

void unpack_bits(const std::uint8_t* in, int bits, std::uint32_t v[kN]) {
  switch (bits) {
    case 3: return unpack_fixed<3>(in, v);
    case 4: return unpack_fixed<4>(in, v);
    case 6: return unpack_fixed<6>(in, v);
    case 10: return unpack_fixed<10>(in, v);
    case 13: return unpack_fixed<13>(in, v);
    case 18: return unpack_fixed<18>(in, v);
    case 20: return unpack_fixed<20>(in, v);
    default: break;
  }
  const std::uint64_t mask = (std::uint64_t{1} << bits) - 1;
  std::uint64_t acc = 0;
  int filled = 0;
  for (int i = 0; i < kN; ++i) {
    while (filled < bits) {
      acc |= static_cast<std::uint64_t>(*in++) << filled;
      filled += 8;
    }
    v[i] = static_cast<std::uint32_t>(acc & mask);
    acc >>= bits;
    filled -= bits;
  }
}

void bit_pack(const Poly& w, std::int32_t b, int bits, std::uint8_t* out) {
  std::uint32_t v[kN];
  for (int i = 0; i < kN; ++i) v[i] = static_cast<std::uint32_t>(b - w.c[i]);
  pack_bits(v, bits, out);
  secure_wipe(v, sizeof v);  // may hold s1, s2 or t0
}

bool bit_unpack(const std::uint8_t* in, std::int32_t a, std::int32_t b, int bits, Poly& w) {
  std::uint32_t v[kN];
  unpack_bits(in, bits, v);
  std::uint32_t bad = 0;
  const auto limit = static_cast<std::uint32_t>(a + b);
  for (int i = 0; i < kN; ++i) {
    bad |= (limit - v[i]) >> 31;  // set iff v[i] > a + b (v[i] < 2^bits <= 2^20)
    w.c[i] = b - static_cast<std::int32_t>(v[i]);
  }
  secure_wipe(v, sizeof v);
  return bad == 0;
}

}  // namespace craton::pqc::mldsa
