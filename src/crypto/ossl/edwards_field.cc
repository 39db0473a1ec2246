// Field arithmetic for edwards25519 and edwards448, written from the field
// definitions in RFC 8032 sections 5.1 and 5.2. Limb products are summed in
// 128-bit integers; reductions use 2^255 = 19 and 2^448 = 2^224 + 1.
#include "crypto/ossl/internal/edwards_field.h"

#include <array>
#include <cstring>

#include "core/secure_memory.h"

namespace craton::crypto::edmath {
namespace {

__extension__ typedef unsigned __int128 u128;

constexpr std::uint64_t kMask51 = (std::uint64_t{1} << 51) - 1;
constexpr std::uint64_t kMask56 = (std::uint64_t{1} << 56) - 1;

std::uint64_t load_le(const std::uint8_t* p, int n) {
  std::uint64_t v = 0;
  for (int i = n - 1; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}
void store_le(std::uint8_t* p, std::uint64_t v, int n) {
  for (int i = 0; i < n; ++i) p[i] = static_cast<std::uint8_t>(v >> (8 * i));
}

// Exponents are public constants (big-endian), so the bit loop may branch.
template <class Fe>
void fe_pow(Fe& r, const Fe& a, const std::uint8_t* e, std::size_t n) {
  Fe acc;
  fe_set_small(acc, 1);
  for (std::size_t i = 0; i < n; ++i) {
    for (int b = 7; b >= 0; --b) {
      fe_mul(acc, acc, acc);
      if ((e[i] >> b) & 1) fe_mul(acc, acc, a);
    }
  }
  r = acc;
}

template <std::size_t N>
constexpr std::array<std::uint8_t, N> from_hex(const char (&hex)[2 * N + 1]) {
  std::array<std::uint8_t, N> out{};
  auto nib = [](char c) { return c <= '9' ? c - '0' : c - 'a' + 10; };
  for (std::size_t i = 0; i < N; ++i) out[i] = static_cast<std::uint8_t>(nib(hex[2 * i]) << 4 | nib(hex[2 * i + 1]));
  return out;
}

template <class Fe, std::size_t B>
bool fe_equal(const Fe& a, const Fe& b) {
  std::uint8_t x[B], y[B];
  fe_to_bytes(x, a);
  fe_to_bytes(y, b);
  return std::memcmp(x, y, B) == 0;
}

// ---- p25519 ----

void carry(Fe25519& a) {
  for (int i = 0; i < 4; ++i) {
    a.v[i + 1] += a.v[i] >> 51;
    a.v[i] &= kMask51;
  }
  const std::uint64_t c = a.v[4] >> 51;
  a.v[4] &= kMask51;
  a.v[0] += 19 * c;
  a.v[1] += a.v[0] >> 51;
  a.v[0] &= kMask51;
}

// Big-endian exponents p - 2 and (p - 5) / 8.
constexpr auto kP25519Minus2 = from_hex<32>("7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeb");
constexpr auto kP25519Sqrt = from_hex<32>("0ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffd");
// sqrt(-1) = 2^((p-1)/4), little-endian.
constexpr auto kSqrtMinus1 = from_hex<32>("b0a00e4a271beec478e42fad0618432fa7d7fb3d99004d2b0bdfc14f8024832b");

// ---- p448 ----

void carry(Fe448& a) {
  for (int i = 0; i < 7; ++i) {
    a.v[i + 1] += a.v[i] >> 56;
    a.v[i] &= kMask56;
  }
  const std::uint64_t c = a.v[7] >> 56;
  a.v[7] &= kMask56;
  a.v[0] += c;
  a.v[4] += c;
  a.v[1] += a.v[0] >> 56;
  a.v[0] &= kMask56;
  a.v[5] += a.v[4] >> 56;
  a.v[4] &= kMask56;
}

constexpr auto kP448Minus2 = from_hex<56>(
    "fffffffffffffffffffffffffffffffffffffffffffffffffffffffe"
    "fffffffffffffffffffffffffffffffffffffffffffffffffffffffd");
constexpr auto kP448Sqrt = from_hex<56>(  // (p - 3) / 4
    "3fffffffffffffffffffffffffffffffffffffffffffffffffffffff"
    "bfffffffffffffffffffffffffffffffffffffffffffffffffffffff");

}  // namespace

// ---- p25519 ----

void fe_from_bytes(Fe25519& r, const std::uint8_t* in) {
  const std::uint64_t w0 = load_le(in, 8), w1 = load_le(in + 8, 8), w2 = load_le(in + 16, 8),
                      w3 = load_le(in + 24, 8);
  r.v[0] = w0 & kMask51;
  r.v[1] = ((w0 >> 51) | (w1 << 13)) & kMask51;
  r.v[2] = ((w1 >> 38) | (w2 << 26)) & kMask51;
  r.v[3] = ((w2 >> 25) | (w3 << 39)) & kMask51;
  r.v[4] = (w3 >> 12) & kMask51;
}

void fe_to_bytes(std::uint8_t* out, const Fe25519& a) {
  Fe25519 t = a;
  for (int pass = 0; pass < 3; ++pass) carry(t);
  // Now t < 2^255 with 51-bit limbs; subtract p once if t >= p.
  static constexpr std::uint64_t kP[5] = {kMask51 - 18, kMask51, kMask51, kMask51, kMask51};
  std::uint64_t w[5];
  std::uint64_t borrow = 0;
  for (int i = 0; i < 5; ++i) {
    const std::uint64_t d = t.v[i] - kP[i] - borrow;
    borrow = d >> 63;
    w[i] = d & kMask51;
  }
  const std::uint64_t keep = 0 - borrow;  // all ones if t < p
  for (int i = 0; i < 5; ++i) t.v[i] = (t.v[i] & keep) | (w[i] & ~keep);
  store_le(out, t.v[0] | (t.v[1] << 51), 8);
  store_le(out + 8, (t.v[1] >> 13) | (t.v[2] << 38), 8);
  store_le(out + 16, (t.v[2] >> 26) | (t.v[3] << 25), 8);
  store_le(out + 24, (t.v[3] >> 39) | (t.v[4] << 12), 8);
}

void fe_add(Fe25519& r, const Fe25519& a, const Fe25519& b) {
  for (int i = 0; i < 5; ++i) r.v[i] = a.v[i] + b.v[i];
  carry(r);
}

void fe_sub(Fe25519& r, const Fe25519& a, const Fe25519& b) {
  // a + 4p - b keeps every limb positive for weakly reduced inputs.
  static constexpr std::uint64_t k4P[5] = {4 * (kMask51 - 18), 4 * kMask51, 4 * kMask51, 4 * kMask51, 4 * kMask51};
  for (int i = 0; i < 5; ++i) r.v[i] = a.v[i] + k4P[i] - b.v[i];
  carry(r);
}

void fe_mul(Fe25519& r, const Fe25519& a, const Fe25519& b) {
  const std::uint64_t* x = a.v;
  const std::uint64_t* y = b.v;
  const std::uint64_t y1 = 19 * y[1], y2 = 19 * y[2], y3 = 19 * y[3], y4 = 19 * y[4];
  u128 t[5];
  t[0] = (u128)x[0] * y[0] + (u128)x[1] * y4 + (u128)x[2] * y3 + (u128)x[3] * y2 + (u128)x[4] * y1;
  t[1] = (u128)x[0] * y[1] + (u128)x[1] * y[0] + (u128)x[2] * y4 + (u128)x[3] * y3 + (u128)x[4] * y2;
  t[2] = (u128)x[0] * y[2] + (u128)x[1] * y[1] + (u128)x[2] * y[0] + (u128)x[3] * y4 + (u128)x[4] * y3;
  t[3] = (u128)x[0] * y[3] + (u128)x[1] * y[2] + (u128)x[2] * y[1] + (u128)x[3] * y[0] + (u128)x[4] * y4;
  t[4] = (u128)x[0] * y[4] + (u128)x[1] * y[3] + (u128)x[2] * y[2] + (u128)x[3] * y[1] + (u128)x[4] * y[0];
  for (int i = 0; i < 4; ++i) {
    t[i + 1] += t[i] >> 51;
    r.v[i] = static_cast<std::uint64_t>(t[i]) & kMask51;
  }
  const u128 t0 = (u128)r.v[0] + (t[4] >> 51) * 19;
  r.v[4] = static_cast<std::uint64_t>(t[4]) & kMask51;
  r.v[0] = static_cast<std::uint64_t>(t0) & kMask51;
  r.v[1] += static_cast<std::uint64_t>(t0 >> 51);
}

void fe_set_small(Fe25519& r, std::uint64_t v) {
  r = Fe25519{};
  r.v[0] = v;
}

void fe_cmov(Fe25519& r, const Fe25519& a, std::uint64_t mask) {
  for (int i = 0; i < 5; ++i) r.v[i] ^= mask & (r.v[i] ^ a.v[i]);
}

void fe_invert(Fe25519& r, const Fe25519& a) { fe_pow(r, a, kP25519Minus2.data(), kP25519Minus2.size()); }

bool fe_sqrt_ratio(Fe25519& x, const Fe25519& u, const Fe25519& v) {
  Fe25519 v3, v7, t;
  fe_mul(v3, v, v);
  fe_mul(v3, v3, v);  // v^3
  fe_mul(v7, v3, v3);
  fe_mul(v7, v7, v);  // v^7
  fe_mul(t, u, v7);
  fe_pow(t, t, kP25519Sqrt.data(), kP25519Sqrt.size());
  fe_mul(x, u, v3);
  fe_mul(x, x, t);  // candidate root: u v^3 (u v^7)^((p-5)/8)
  Fe25519 vx2, neg_u, zero;
  fe_mul(vx2, x, x);
  fe_mul(vx2, vx2, v);
  fe_set_small(zero, 0);
  fe_sub(neg_u, zero, u);
  if (fe_equal<Fe25519, 32>(vx2, u)) return true;
  if (!fe_equal<Fe25519, 32>(vx2, neg_u)) return false;
  Fe25519 i;
  fe_from_bytes(i, kSqrtMinus1.data());
  fe_mul(x, x, i);
  return true;
}

// ---- p448 ----

void fe_from_bytes(Fe448& r, const std::uint8_t* in) {
  for (int i = 0; i < 8; ++i) r.v[i] = load_le(in + 7 * i, 7);
}

void fe_to_bytes(std::uint8_t* out, const Fe448& a) {
  Fe448 t = a;
  for (int pass = 0; pass < 3; ++pass) carry(t);
  // t < 2^448 with 56-bit limbs; p's limbs are all ones except limb 4.
  std::uint64_t w[8];
  std::uint64_t borrow = 0;
  for (int i = 0; i < 8; ++i) {
    const std::uint64_t p_limb = i == 4 ? kMask56 - 1 : kMask56;
    const std::uint64_t d = t.v[i] - p_limb - borrow;
    borrow = d >> 63;
    w[i] = d & kMask56;
  }
  const std::uint64_t keep = 0 - borrow;
  for (int i = 0; i < 8; ++i) store_le(out + 7 * i, (t.v[i] & keep) | (w[i] & ~keep), 7);
}

void fe_add(Fe448& r, const Fe448& a, const Fe448& b) {
  for (int i = 0; i < 8; ++i) r.v[i] = a.v[i] + b.v[i];
  carry(r);
}

void fe_sub(Fe448& r, const Fe448& a, const Fe448& b) {
  for (int i = 0; i < 8; ++i) {
    const std::uint64_t four_p = 4 * (i == 4 ? kMask56 - 1 : kMask56);
    r.v[i] = a.v[i] + four_p - b.v[i];
  }
  carry(r);
}

void fe_mul(Fe448& r, const Fe448& a, const Fe448& b) {
  u128 c[15] = {};
  for (int i = 0; i < 8; ++i)
    for (int j = 0; j < 8; ++j) c[i + j] += (u128)a.v[i] * b.v[j];
  // 2^(56k) = 2^(56(k-8)) * 2^448 = 2^(56(k-8)) + 2^(56(k-4)); top down so
  // that terms folded into positions >= 8 are folded again.
  for (int k = 14; k >= 8; --k) {
    c[k - 8] += c[k];
    c[k - 4] += c[k];
  }
  for (int i = 0; i < 7; ++i) {
    c[i + 1] += c[i] >> 56;
    r.v[i] = static_cast<std::uint64_t>(c[i]) & kMask56;
  }
  const u128 top = c[7] >> 56;
  r.v[7] = static_cast<std::uint64_t>(c[7]) & kMask56;
  const u128 t0 = (u128)r.v[0] + top;
  const u128 t4 = (u128)r.v[4] + top;
  r.v[0] = static_cast<std::uint64_t>(t0) & kMask56;
  r.v[1] += static_cast<std::uint64_t>(t0 >> 56);
  r.v[4] = static_cast<std::uint64_t>(t4) & kMask56;
  r.v[5] += static_cast<std::uint64_t>(t4 >> 56);
}

void fe_set_small(Fe448& r, std::uint64_t v) {
  r = Fe448{};
  r.v[0] = v;
}

void fe_cmov(Fe448& r, const Fe448& a, std::uint64_t mask) {
  for (int i = 0; i < 8; ++i) r.v[i] ^= mask & (r.v[i] ^ a.v[i]);
}

void fe_invert(Fe448& r, const Fe448& a) { fe_pow(r, a, kP448Minus2.data(), kP448Minus2.size()); }

bool fe_sqrt_ratio(Fe448& x, const Fe448& u, const Fe448& v) {
  Fe448 u2, u3, u5, v3, t;
  fe_mul(u2, u, u);
  fe_mul(u3, u2, u);
  fe_mul(u5, u3, u2);
  fe_mul(v3, v, v);
  fe_mul(v3, v3, v);
  fe_mul(t, u5, v3);
  fe_pow(t, t, kP448Sqrt.data(), kP448Sqrt.size());
  fe_mul(x, u3, v);
  fe_mul(x, x, t);  // candidate root: u^3 v (u^5 v^3)^((p-3)/4)
  Fe448 vx2;
  fe_mul(vx2, x, x);
  fe_mul(vx2, vx2, v);
  return fe_equal<Fe448, 56>(vx2, u);
}

}  // namespace craton::crypto::edmath
