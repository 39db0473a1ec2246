#include "pqc/ml_dsa_poly.h"

#include <array>

#include "core/secure_memory.h"

// The NTTs and pointwise products are compiled twice on x86-64, plain and
// for AVX2 (which vectorises the 32x32->64-bit Montgomery products), the
// loader picking one (GNU ifunc). The clones are file-local *_impl functions
// because clang only honours the attribute on a first declaration. Not under ThreadSanitizer, whose runtime
// is not ready when ifunc resolvers run.
#if defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define CRATON_MLDSA_TSAN 1
#endif
#endif
#if defined(__SANITIZE_THREAD__)
#define CRATON_MLDSA_TSAN 1
#endif
#if defined(__x86_64__) && defined(__gnu_linux__) && !defined(CRATON_MLDSA_TSAN)
#define CRATON_MLDSA_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define CRATON_MLDSA_CLONES
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

inline std::int32_t mont_mul(std::int32_t a, std::int32_t b) {
  return montgomery_reduce(static_cast<std::int64_t>(a) * b);
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
inline void ntt_layer(std::int32_t* a, int& m) {
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
inline void invntt_layer(std::int32_t* a, int& m) {
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

CRATON_MLDSA_CLONES static void ntt_impl(Poly& p) {
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

void ntt(Poly& p) { ntt_impl(p); }

CRATON_MLDSA_CLONES static void invntt_tomont_impl(Poly& p) {
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

void invntt_tomont(Poly& p) { invntt_tomont_impl(p); }

CRATON_MLDSA_CLONES static void pointwise_montgomery_impl(Poly& r, const Poly& a, const Poly& b) {
  for (int i = 0; i < kN; ++i) r.c[i] = mont_mul(a.c[i], b.c[i]);
}

void pointwise_montgomery(Poly& r, const Poly& a, const Poly& b) { pointwise_montgomery_impl(r, a, b); }

CRATON_MLDSA_CLONES static void pointwise_acc_montgomery_impl(Poly& r, const Poly& a, const Poly& b) {
  for (int i = 0; i < kN; ++i) r.c[i] += mont_mul(a.c[i], b.c[i]);
}

void pointwise_acc_montgomery(Poly& r, const Poly& a, const Poly& b) { pointwise_acc_montgomery_impl(r, a, b); }

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

void pack_bits(const std::uint32_t v[kN], int bits, std::uint8_t* out) {
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
