// K-PKE, the public-key encryption scheme inside ML-KEM (FIPS 203 section 5),
// and the parsed key states shared by ml_kem.cc. Internal to src/pqc.
#pragma once

#include <array>
#include <cstdint>

#include "core/secure_memory.h"
#include "pqc/ml_kem_params.h"
#include "pqc/ml_kem_poly.h"

namespace craton::pqc::mlkem {

// A decoded encapsulation key with its matrix expanded.
struct PublicState {
  MlKemParamSet ps{};
  PolyVec t_hat{};
  std::array<Poly, kMaxK * kMaxK> a_hat{};  // a_hat[i * k + j] = A_hat[i, j]
  std::uint8_t h[32]{};                     // H(ek)
  Bytes ek;
};

// A decoded decapsulation key: s_hat, the embedded public key, h and z.
struct PrivateState {
  PublicState pub;
  PolyVec s_hat{};
  std::uint8_t h[32]{};  // as stored in dk
  std::uint8_t z[32]{};
  PrivateState() = default;
  PrivateState(const PrivateState&) = delete;
  PrivateState& operator=(const PrivateState&) = delete;
  ~PrivateState();
};

// Decodes ek (length already checked) into `st`: t_hat mod q, A_hat, H(ek).
// Returns the result of the modulus check; `st` is complete either way.
bool load_public(PublicState& st, const MlKemParamSet& ps, ByteView ek);

// Splits dk (length already checked) into `st`. Returns the hash check
// H(ek) == h.
bool load_private(PrivateState& st, const MlKemParamSet& ps, ByteView dk);

// Algorithm 13: writes ek (384k + 32 bytes) and dk_pke (384k bytes).
void pke_keygen(const MlKemParamSet& ps, const std::uint8_t d[32], std::uint8_t* ek, std::uint8_t* dk_pke);
// Algorithm 14: writes c (32 (du k + dv) bytes).
void pke_encrypt(const PublicState& pub, const std::uint8_t m[32], const std::uint8_t r[32], std::uint8_t* c);
// Algorithm 15: writes m (32 bytes).
void pke_decrypt(const MlKemParamSet& ps, const PolyVec& s_hat, const std::uint8_t* c, std::uint8_t m[32]);

}  // namespace craton::pqc::mlkem
