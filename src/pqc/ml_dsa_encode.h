// ML-DSA key and signature encodings (FIPS 204 section 7.2, algorithms 20 - 28).
// Callers pass buffers of exactly the ParamSet sizes.
#pragma once

#include <cstdint>

#include "pqc/ml_dsa_sample.h"

namespace craton::pqc::mldsa {

// pkEncode / pkDecode: rho || SimpleBitPack(t1, 2^10 - 1). Every pk decodes.
void pk_encode(const ParamSet& p, const std::uint8_t rho[kSeedBytes], const PolyVecK& t1, std::uint8_t* out);
void pk_decode(const ParamSet& p, const std::uint8_t* pk, std::uint8_t rho[kSeedBytes], PolyVecK& t1);

struct SkParts {
  std::uint8_t rho[kSeedBytes];
  std::uint8_t key[kSeedBytes];  // K
  std::uint8_t tr[kCrhBytes];
};

// skEncode / skDecode: rho || K || tr || s1 || s2 || t0. Decoding fails when
// an s1/s2 field lies outside [-eta, eta] (no KeyGen output does that).
void sk_encode(const ParamSet& p, const SkParts& parts, const PolyVecL& s1, const PolyVecK& s2, const PolyVecK& t0,
               std::uint8_t* out);
bool sk_decode(const ParamSet& p, const std::uint8_t* sk, SkParts& parts, PolyVecL& s1, PolyVecK& s2,
               PolyVecK& t0);

// sigEncode / sigDecode: c_tilde || BitPack(z, gamma1 - 1, gamma1) || HintBitPack(h).
// h holds 0/1 coefficients with at most omega ones. Decoding fails on a
// malformed hint encoding (algorithm 22's bottom results).
void sig_encode(const ParamSet& p, const std::uint8_t* c_tilde, const PolyVecL& z, const PolyVecK& h,
                std::uint8_t* out);
bool sig_decode(const ParamSet& p, const std::uint8_t* sig, const std::uint8_t*& c_tilde, PolyVecL& z,
                PolyVecK& h);

// w1Encode (algorithm 28): k * 32 * w1_bits bytes.
void w1_encode(const ParamSet& p, const PolyVecK& w1, std::uint8_t* out);

}  // namespace craton::pqc::mldsa
