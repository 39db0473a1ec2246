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

// --- scalar helpers ---------------------------------------------------------

// a * 2^-32 mod q, for |a| < q * 2^31; result in (-q, q).
std::int32_t montgomery_reduce(std::int64_t a);
// A representative of a mod q in [-6283009, 6283007], for a <= 2^31 - 2^22 - 1.
// Small true values (|v| < 2^22 - q/2) come out exactly centred.
std::int32_t reduce32(std::int32_t a);
// a mod q in [0, q) for a in (-q, q).
std::int32_t caddq(std::int32_t a);
// a mod q in [0, q) for any a reduce32 accepts.
std::int32_t freeze(std::int32_t a);

// Decompose (FIPS 204 algorithm 36) of r in [0, q): r = r1 * 2*gamma2 + r0
// with r0 in (-gamma2, gamma2], the q-1 corner case folded into r1 = 0.
void decompose(std::int32_t r, std::int32_t gamma2, std::int32_t& r1, std::int32_t& r0);
// Power2Round (algorithm 35) of r in [0, q): r = r1 * 2^13 + r0, r0 in (-2^12, 2^12].
void power2round(std::int32_t r, std::int32_t& r1, std::int32_t& r0);
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
