// Internals shared by ml_dsa.cc and ml_dsa_external.cc: the expanded key
// layouts and the FIPS 204 core algorithms on them.
#pragma once

#include "pqc/ml_dsa.h"
#include "pqc/ml_dsa_encode.h"

namespace craton::pqc::mldsa {

struct PrivateData {
  const ParamSet* p;
  SkParts parts;     // rho, K, tr
  PolyMatrix a_hat;  // [0, q)
  PolyVecL s1_hat;   // NTT domain, reduced to |c| < q
  PolyVecK s2_hat;
  PolyVecK t0_hat;
};

struct PublicData {
  const ParamSet* p;
  std::uint8_t rho[kSeedBytes];
  std::uint8_t tr[kCrhBytes];
  PolyMatrix a_hat;
  PolyVecK t1_hat;  // NTT(t1 * 2^d), reduced
};

// Sign_internal after mu (algorithm 7, steps 6 - 33). sig has sig_bytes.
Status sign_from_mu(const PrivateData& d, const std::uint8_t mu[kCrhBytes], const std::uint8_t rnd[kSeedBytes],
                    std::uint8_t* sig);
// Verify_internal after mu (algorithm 8); sig of any length.
Status verify_from_mu(const PublicData& d, const std::uint8_t mu[kCrhBytes], ByteView sig);

}  // namespace craton::pqc::mldsa
