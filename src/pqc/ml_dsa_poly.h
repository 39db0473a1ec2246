// ML-DSA polynomial arithmetic over Z_q[X]/(X^256 + 1), q = 8380417
// (FIPS 204 sections 7.4 - 7.5 and appendix B): NTT with Montgomery
// multiplication, the rounding functions and bit packing.
//
// Value ranges are part of each contract below; the arithmetic is branch-free
// on coefficient values so it can run on secrets (FIPS 204 section 3.6).
#pragma once

#include <cstddef>
#include <cstdint>

#include "pqc/ml_dsa_params.h"

namespace craton::pqc::mldsa {

struct Poly {
  std::int32_t c[kN];
};

// --- scalar helpers (inline: they run per coefficient) ---------------------

// q^-1 mod 2^32 by Newton iteration (each step doubles the correct low bits).
constexpr std::uint32_t compute_qinv() {
  std::uint32_t x = 1;
  for (int i = 0; i < 5; ++i) x *= 2u - static_cast<std::uint32_t>(kQ) * x;
  return x;
}
inline constexpr std::uint32_t kQinv = compute_qinv();
static_assert(static_cast<std::uint32_t>(kQ) * kQinv == 1u);

// a * 2^-32 mod q, for |a| < q * 2^31; result in (-q, q).
inline std::int32_t montgomery_reduce(std::int64_t a) {
  const auto t = static_cast<std::int32_t>(static_cast<std::uint32_t>(a) * kQinv);
  return static_cast<std::int32_t>((a - static_cast<std::int64_t>(t) * kQ) >> 32);
}

// A representative of a mod q in [-6283009, 6283007], for a <= 2^31 - 2^22 - 1.
// Small true values (|v| < 2^22 - q/2) come out exactly centred.
inline std::int32_t reduce32(std::int32_t a) {
  const std::int32_t t = (a + (1 << 22)) >> 23;
  return a - t * kQ;
}

// a mod q in [0, q) for a in (-q, q).
inline std::int32_t caddq(std::int32_t a) { return a + ((a >> 31) & kQ); }

// a mod q in [0, q) for any a reduce32 accepts.
inline std::int32_t freeze(std::int32_t a) { return caddq(reduce32(a)); }

// floor(x / (2 * gamma2)) for x < 2^24 by multiply-and-shift, so no division
// instruction (variable time on many CPUs) touches secret values. With
// m = ceil(2^48 / D) the error x * (m * D - 2^48) < 2^43 stays below 2^48.
// Exhaustively checked against plain division in the unit tests.
constexpr std::uint64_t div_magic(std::uint64_t d) { return ((std::uint64_t{1} << 48) + d - 1) / d; }
inline constexpr std::uint64_t kMagic88 = div_magic(2 * ((kQ - 1) / 88));
inline constexpr std::uint64_t kMagic32 = div_magic(2 * ((kQ - 1) / 32));

// Decompose (FIPS 204 algorithm 36) of r in [0, q): r = r1 * 2*gamma2 + r0
// with r0 in (-gamma2, gamma2], the q-1 corner case folded into r1 = 0.
inline void decompose(std::int32_t r, std::int32_t gamma2, std::int32_t& r1, std::int32_t& r0) {
  const std::uint64_t magic = gamma2 == (kQ - 1) / 88 ? kMagic88 : kMagic32;
  const auto x = static_cast<std::uint64_t>(r + gamma2 - 1);
  const auto hi = static_cast<std::int32_t>((x * magic) >> 48);
  const std::int32_t lo = r - hi * 2 * gamma2;
  // r - r0 = q - 1 happens exactly when hi reaches (q - 1) / (2 gamma2).
  const std::int32_t top = (kQ - 1) / (2 * gamma2);
  const std::int32_t is_top = ((hi ^ top) - 1) >> 31;  // all ones iff hi == top
  r1 = hi & ~is_top;
  r0 = lo + is_top;  // r0 - 1 in the corner case
}

// Power2Round (algorithm 35) of r in [0, q): r = r1 * 2^13 + r0, r0 in (-2^12, 2^12].
inline void power2round(std::int32_t r, std::int32_t& r1, std::int32_t& r0) {
  r1 = (r + (1 << (kD - 1)) - 1) >> kD;
  r0 = r - (r1 << kD);
}

// UseHint (algorithm 40) of r in [0, q); h is 0 or 1. Public data only.
std::int32_t use_hint(std::int32_t h, std::int32_t r, std::int32_t gamma2);

// --- whole polynomials -----------------------------------------------------

// In-place forward NTT (algorithm 41) for |a| < q; output |a| < 9q, bit-reversed order.
void ntt(Poly& a);
// In-place inverse NTT (algorithm 42) times the Montgomery factor 2^32, for
// |a| < q; output in (-q, q). Undoes the 2^-32 of pointwise_montgomery.
void invntt_tomont(Poly& a);
// r = a o b * 2^-32 (NTT domain), coefficients of a*b within q * 2^31.
void pointwise_montgomery(Poly& r, const Poly& a, const Poly& b);
// r += a o b * 2^-32.
void pointwise_acc_montgomery(Poly& r, const Poly& a, const Poly& b);

void poly_add(Poly& r, const Poly& a);  // r += a
void poly_sub(Poly& r, const Poly& a);  // r -= a
void poly_reduce32(Poly& a);
void poly_caddq(Poly& a);
void poly_freeze(Poly& a);
// 1 when some centred coefficient has |c| >= bound, else 0; no early exit.
std::uint32_t poly_norm_exceeds(const Poly& a, std::int32_t bound);

// --- bit packing (algorithms 16 - 19): little-endian bit strings ----------

// Packs 256 values, each in [0, 2^bits), into 32 * bits bytes.
void pack_bits(const std::uint32_t v[kN], int bits, std::uint8_t* out);
void unpack_bits(const std::uint8_t* in, int bits, std::uint32_t v[kN]);
// BitPack(w, a, b): stores b - w_i. Every w_i must lie in [-a, b].
void bit_pack(const Poly& w, std::int32_t b, int bits, std::uint8_t* out);
// BitUnpack: w_i = b - (field value). Returns false when a field exceeds a + b
// (only possible when 2^bits - 1 > a + b).
bool bit_unpack(const std::uint8_t* in, std::int32_t a, std::int32_t b, int bits, Poly& w);

}  // namespace craton::pqc::mldsa
