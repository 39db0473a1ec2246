// ML-DSA (FIPS 204) parameter sets and the sizes derived from them
// (FIPS 204 section 4, tables 1 and 2).
#pragma once

#include <cstddef>
#include <cstdint>

namespace craton::pqc {

enum class MlDsaParams { k44, k65, k87 };

namespace mldsa {

inline constexpr int kN = 256;
inline constexpr std::int32_t kQ = 8380417;  // 2^23 - 2^13 + 1
inline constexpr int kD = 13;                // dropped bits of t
inline constexpr int kMaxK = 8;
inline constexpr int kMaxL = 7;
inline constexpr std::size_t kSeedBytes = 32;  // xi, rho, K, rnd
inline constexpr std::size_t kCrhBytes = 64;   // rho', tr, mu, rho''
inline constexpr std::size_t kMaxCTildeBytes = 64;

struct ParamSet {
  MlDsaParams id;
  int k, l;
  int eta;
  int tau;
  int c_tilde_bytes;  // lambda / 4
  int omega;
  std::int32_t gamma1;
  std::int32_t gamma2;
  std::int32_t beta;  // tau * eta
  int eta_bits;       // bitlen(2 * eta)
  int z_bits;         // 1 + bitlen(gamma1 - 1)
  int w1_bits;        // bitlen((q - 1) / (2 * gamma2) - 1)
  std::size_t pk_bytes, sk_bytes, sig_bytes;
};

constexpr std::size_t pk_size(int k) { return 32 + 32 * 10 * static_cast<std::size_t>(k); }
constexpr std::size_t sk_size(int k, int l, int eta_bits) {
  return 128 + 32 * (static_cast<std::size_t>(k + l) * eta_bits + static_cast<std::size_t>(kD) * k);
}
constexpr std::size_t sig_size(int k, int l, int c_tilde, int z_bits, int omega) {
  return static_cast<std::size_t>(c_tilde) + 32 * static_cast<std::size_t>(l) * z_bits +
         static_cast<std::size_t>(omega + k);
}

inline constexpr ParamSet kParams44{MlDsaParams::k44, 4, 4, 2, 39, 32, 80, 1 << 17, (kQ - 1) / 88, 78,
                                    3, 18, 6, pk_size(4), sk_size(4, 4, 3), sig_size(4, 4, 32, 18, 80)};
inline constexpr ParamSet kParams65{MlDsaParams::k65, 6, 5, 4, 49, 48, 55, 1 << 19, (kQ - 1) / 32, 196,
                                    4, 20, 4, pk_size(6), sk_size(6, 5, 4), sig_size(6, 5, 48, 20, 55)};
inline constexpr ParamSet kParams87{MlDsaParams::k87, 8, 7, 2, 60, 64, 75, 1 << 19, (kQ - 1) / 32, 120,
                                    3, 20, 4, pk_size(8), sk_size(8, 7, 3), sig_size(8, 7, 64, 20, 75)};

static_assert(kParams44.pk_bytes == 1312 && kParams44.sk_bytes == 2560 && kParams44.sig_bytes == 2420);
static_assert(kParams65.pk_bytes == 1952 && kParams65.sk_bytes == 4032 && kParams65.sig_bytes == 3309);
static_assert(kParams87.pk_bytes == 2592 && kParams87.sk_bytes == 4896 && kParams87.sig_bytes == 4627);

constexpr const ParamSet& param_set(MlDsaParams p) {
  switch (p) {
    case MlDsaParams::k44: return kParams44;
    case MlDsaParams::k65: return kParams65;
    case MlDsaParams::k87: break;
  }
  return kParams87;
}

}  // namespace mldsa

constexpr std::size_t ml_dsa_public_key_size(MlDsaParams p) { return mldsa::param_set(p).pk_bytes; }
constexpr std::size_t ml_dsa_private_key_size(MlDsaParams p) { return mldsa::param_set(p).sk_bytes; }
constexpr std::size_t ml_dsa_signature_size(MlDsaParams p) { return mldsa::param_set(p).sig_bytes; }
inline constexpr std::size_t kMlDsaSeedSize = 32;  // xi
inline constexpr std::size_t kMlDsaRndSize = 32;
inline constexpr std::size_t kMlDsaMuSize = 64;
inline constexpr std::size_t kMlDsaMaxContextSize = 255;

}  // namespace craton::pqc
