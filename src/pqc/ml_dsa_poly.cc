#include "pqc/ml_dsa_poly.h"

#include <array>

#include "core/secure_memory.h"

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

// q^-1 mod 2^32 by Newton iteration (each step doubles the correct low bits).
constexpr std::uint32_t compute_qinv() {
  std::uint32_t x = 1;
  for (int i = 0; i < 5; ++i) x *= 2u - static_cast<std::uint32_t>(kQ) * x;
  return x;
}
constexpr std::uint32_t kQinv = compute_qinv();
static_assert(static_cast<std::uint32_t>(kQ) * kQinv == 1u);

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

// floor(x / (2 * gamma2)) for x < 2^24 by multiply-and-shift, so no division
// instruction (variable time on many CPUs) touches secret values. With
// m = ceil(2^48 / D) the error x * (m * D - 2^48) < 2^43 is below 2^48.
// Exhaustively checked against plain division in the unit tests.
constexpr std::uint64_t div_magic(std::uint64_t d) { return ((std::uint64_t{1} << 48) + d - 1) / d; }
constexpr std::uint64_t kMagic88 = div_magic(2 * ((kQ - 1) / 88));
constexpr std::uint64_t kMagic32 = div_magic(2 * ((kQ - 1) / 32));

}  // namespace

std::int32_t montgomery_reduce(std::int64_t a) {
  const auto t = static_cast<std::int32_t>(static_cast<std::uint32_t>(a) * kQinv);
  return static_cast<std::int32_t>((a - static_cast<std::int64_t>(t) * kQ) >> 32);
}

std::int32_t reduce32(std::int32_t a) {
  const std::int32_t t = (a + (1 << 22)) >> 23;
  return a - t * kQ;
}

std::int32_t caddq(std::int32_t a) { return a + ((a >> 31) & kQ); }

std::int32_t freeze(std::int32_t a) { return caddq(reduce32(a)); }

void decompose(std::int32_t r, std::int32_t gamma2, std::int32_t& r1, std::int32_t& r0) {
  const std::uint64_t magic = gamma2 == (kQ - 1) / 88 ? kMagic88 : kMagic32;
  const auto x = static_cast<std::uint64_t>(r + gamma2 - 1);
  std::int32_t hi = static_cast<std::int32_t>((x * magic) >> 48);
  std::int32_t lo = r - hi * 2 * gamma2;
  // r - r0 = q - 1 happens exactly when hi reaches (q - 1) / (2 gamma2).
  const std::int32_t top = (kQ - 1) / (2 * gamma2);
  const std::int32_t is_top = ((hi ^ top) - 1) >> 31;  // all ones iff hi == top
  r1 = hi & ~is_top;
  r0 = lo + is_top;  // r0 - 1 in the corner case
}

void power2round(std::int32_t r, std::int32_t& r1, std::int32_t& r0) {
  r1 = (r + (1 << (kD - 1)) - 1) >> kD;
  r0 = r - (r1 << kD);
}

std::int32_t use_hint(std::int32_t h, std::int32_t r, std::int32_t gamma2) {
  std::int32_t r1, r0;
  decompose(r, gamma2, r1, r0);
  if (h == 0) return r1;
  const std::int32_t m = (kQ - 1) / (2 * gamma2);
  if (r0 > 0) return r1 + 1 == m ? 0 : r1 + 1;
  return r1 == 0 ? m - 1 : r1 - 1;
}

void ntt(Poly& a) {
  int m = 0;
  for (int len = 128; len > 0; len >>= 1) {
    for (int start = 0; start < kN; start += 2 * len) {
      const std::int32_t zeta = kZetas[static_cast<std::size_t>(++m)];
      for (int j = start; j < start + len; ++j) {
        const std::int32_t t = mont_mul(zeta, a.c[j + len]);
        a.c[j + len] = a.c[j] - t;
        a.c[j] = a.c[j] + t;
      }
    }
  }
}

void invntt_tomont(Poly& a) {
  int m = kN;
  for (int len = 1; len < kN; len <<= 1) {
    for (int start = 0; start < kN; start += 2 * len) {
      const std::int32_t zeta = -kZetas[static_cast<std::size_t>(--m)];
      for (int j = start; j < start + len; ++j) {
        const std::int32_t t = a.c[j];
        a.c[j] = t + a.c[j + len];  // grows to at most 256 q < 2^31
        a.c[j + len] = mont_mul(zeta, t - a.c[j + len]);
      }
    }
  }
  for (std::int32_t& c : a.c) c = mont_mul(kInvNttFactor, c);
}

void pointwise_montgomery(Poly& r, const Poly& a, const Poly& b) {
  for (int i = 0; i < kN; ++i) r.c[i] = mont_mul(a.c[i], b.c[i]);
}

void pointwise_acc_montgomery(Poly& r, const Poly& a, const Poly& b) {
  for (int i = 0; i < kN; ++i) r.c[i] += mont_mul(a.c[i], b.c[i]);
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
