// ML-DSA pseudorandom sampling (FIPS 204 section 7.3): the public matrix,
// the secret vectors, the masking vector and the challenge polynomial.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "pqc/ml_dsa_poly.h"

namespace craton::pqc::mldsa {

using PolyVecK = Poly[kMaxK];
using PolyVecL = Poly[kMaxL];
using PolyMatrix = Poly[kMaxK][kMaxL];

// RejNTTPoly (algorithm 30) on rho || s || r: coefficients in [0, q), NTT domain.
void rej_ntt_poly(Poly& a, const std::uint8_t rho[kSeedBytes], std::uint8_t s, std::uint8_t r);
// ExpandA (algorithm 32): A_hat[r][s] for r < k, s < l.
void expand_a(PolyMatrix& a, const ParamSet& p, const std::uint8_t rho[kSeedBytes]);
// RejBoundedPoly (algorithm 31) on rho' || IntegerToBytes(nonce, 2): coefficients in [-eta, eta].
void rej_bounded_poly(Poly& a, const std::uint8_t rho[kCrhBytes], std::uint16_t nonce, int eta);
// ExpandS (algorithm 33).
void expand_s(PolyVecL& s1, PolyVecK& s2, const ParamSet& p, const std::uint8_t rho[kCrhBytes]);
// ExpandMask (algorithm 34) for the kappa of this iteration: coefficients in (-gamma1, gamma1].
void expand_mask(PolyVecL& y, const ParamSet& p, const std::uint8_t rho[kCrhBytes], std::uint16_t kappa);
// SampleInBall (algorithm 29) on c_tilde: tau coefficients +-1, the rest 0.
void sample_in_ball(Poly& c, const ParamSet& p, std::span<const std::uint8_t> c_tilde);

}  // namespace craton::pqc::mldsa
