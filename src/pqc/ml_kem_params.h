// ML-KEM parameter sets and encoded sizes (FIPS 203 section 8, table 2/3).
#pragma once

#include <cstddef>

namespace craton::pqc {

enum class MlKemParams { k512, k768, k1024 };

// The numbers that distinguish the three parameter sets.
struct MlKemParamSet {
  int k;     // module rank
  int eta1;  // noise width of s, e, y
  int eta2;  // noise width of e1, e2
  int du;    // compression bits of u
  int dv;    // compression bits of v
};

constexpr MlKemParamSet ml_kem_param_set(MlKemParams p) {
  switch (p) {
    case MlKemParams::k512: return {2, 3, 2, 10, 4};
    case MlKemParams::k768: return {3, 2, 2, 10, 4};
    case MlKemParams::k1024: return {4, 2, 2, 11, 5};
  }
  return {3, 2, 2, 10, 4};  // unreachable for valid enum values
}

inline constexpr std::size_t kMlKemSharedSecretSize = 32;
inline constexpr std::size_t kMlKemSeedSize = 64;     // d || z
inline constexpr std::size_t kMlKemMessageSize = 32;  // m of Encaps

// Encapsulation key: ByteEncode12(t_hat) || rho.
constexpr std::size_t ml_kem_ek_size(MlKemParams p) {
  return 384 * static_cast<std::size_t>(ml_kem_param_set(p).k) + 32;
}
// Decapsulation key: ByteEncode12(s_hat) || ek || H(ek) || z.
constexpr std::size_t ml_kem_dk_size(MlKemParams p) {
  return 768 * static_cast<std::size_t>(ml_kem_param_set(p).k) + 96;
}
// Ciphertext: c1 (k polys at du bits) || c2 (one poly at dv bits).
constexpr std::size_t ml_kem_ct_size(MlKemParams p) {
  const auto s = ml_kem_param_set(p);
  return 32 * static_cast<std::size_t>(s.du * s.k + s.dv);
}

static_assert(ml_kem_ek_size(MlKemParams::k512) == 800 && ml_kem_dk_size(MlKemParams::k512) == 1632 &&
              ml_kem_ct_size(MlKemParams::k512) == 768);
static_assert(ml_kem_ek_size(MlKemParams::k768) == 1184 && ml_kem_dk_size(MlKemParams::k768) == 2400 &&
              ml_kem_ct_size(MlKemParams::k768) == 1088);
static_assert(ml_kem_ek_size(MlKemParams::k1024) == 1568 && ml_kem_dk_size(MlKemParams::k1024) == 3168 &&
              ml_kem_ct_size(MlKemParams::k1024) == 1568);

}  // namespace craton::pqc
