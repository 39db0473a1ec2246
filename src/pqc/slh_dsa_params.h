// The twelve SLH-DSA parameter sets of FIPS 205 (Table 2) and the sizes
// derived from them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace craton::pqc {

enum class SlhDsaParams {
  kSha2_128s, kSha2_128f, kSha2_192s, kSha2_192f, kSha2_256s, kSha2_256f,
  kShake_128s, kShake_128f, kShake_192s, kShake_192f, kShake_256s, kShake_256f,
};

inline constexpr SlhDsaParams kAllSlhDsaParams[] = {
    SlhDsaParams::kSha2_128s,  SlhDsaParams::kSha2_128f,  SlhDsaParams::kSha2_192s,  SlhDsaParams::kSha2_192f,
    SlhDsaParams::kSha2_256s,  SlhDsaParams::kSha2_256f,  SlhDsaParams::kShake_128s, SlhDsaParams::kShake_128f,
    SlhDsaParams::kShake_192s, SlhDsaParams::kShake_192f, SlhDsaParams::kShake_256s, SlhDsaParams::kShake_256f,
};

struct SlhParamSet {
  std::string_view name;  // "SLH-DSA-SHA2-128s" as FIPS 205 and ACVP spell it
  bool shake;             // SHAKE instantiation (else SHA2)
  std::uint32_t n;        // security parameter: bytes per hash value
  std::uint32_t h;        // total hypertree height
  std::uint32_t d;        // hypertree layers
  std::uint32_t hp;       // h' = h / d, height of each XMSS tree
  std::uint32_t a;        // FORS tree height
  std::uint32_t k;        // number of FORS trees
  std::uint32_t lg_w;     // Winternitz log2 (always 4)
  std::uint32_t m;        // H_msg output bytes
  std::uint32_t category; // NIST security category 1, 3 or 5

  // WOTS+ (FIPS 205 section 5, equations 5.1-5.4 with lg_w = 4).
  constexpr std::uint32_t w() const { return 1u << lg_w; }
  constexpr std::uint32_t len1() const { return (8 * n + lg_w - 1) / lg_w; }
  constexpr std::uint32_t len2() const { return 3; }  // floor(log2(len1 (w-1)) / lg_w) + 1 for every set
  constexpr std::uint32_t len() const { return len1() + len2(); }

  constexpr std::size_t pk_bytes() const { return 2 * n; }
  constexpr std::size_t sk_bytes() const { return 4 * n; }
  constexpr std::size_t wots_sig_bytes() const { return std::size_t{len()} * n; }
  constexpr std::size_t xmss_sig_bytes() const { return (std::size_t{len()} + hp) * n; }
  constexpr std::size_t fors_sig_bytes() const { return std::size_t{k} * (a + 1) * n; }
  constexpr std::size_t ht_sig_bytes() const { return std::size_t{d} * xmss_sig_bytes(); }
  constexpr std::size_t sig_bytes() const { return n + fors_sig_bytes() + ht_sig_bytes(); }

  // Split of the H_msg digest (Algorithm 19 steps 7-10).
  constexpr std::size_t md_bytes() const { return (std::size_t{k} * a + 7) / 8; }
  constexpr std::size_t tree_idx_bytes() const { return (h - hp + 7) / 8; }
  constexpr std::size_t leaf_idx_bytes() const { return (hp + 7) / 8; }
};

// FIPS 205 Table 2.
inline constexpr SlhParamSet kSlhParamTable[] = {
    {"SLH-DSA-SHA2-128s", false, 16, 63, 7, 9, 12, 14, 4, 30, 1},
    {"SLH-DSA-SHA2-128f", false, 16, 66, 22, 3, 6, 33, 4, 34, 1},
    {"SLH-DSA-SHA2-192s", false, 24, 63, 7, 9, 14, 17, 4, 39, 3},
    {"SLH-DSA-SHA2-192f", false, 24, 66, 22, 3, 8, 33, 4, 42, 3},
    {"SLH-DSA-SHA2-256s", false, 32, 64, 8, 8, 14, 22, 4, 47, 5},
    {"SLH-DSA-SHA2-256f", false, 32, 68, 17, 4, 9, 35, 4, 49, 5},
    {"SLH-DSA-SHAKE-128s", true, 16, 63, 7, 9, 12, 14, 4, 30, 1},
    {"SLH-DSA-SHAKE-128f", true, 16, 66, 22, 3, 6, 33, 4, 34, 1},
    {"SLH-DSA-SHAKE-192s", true, 24, 63, 7, 9, 14, 17, 4, 39, 3},
    {"SLH-DSA-SHAKE-192f", true, 24, 66, 22, 3, 8, 33, 4, 42, 3},
    {"SLH-DSA-SHAKE-256s", true, 32, 64, 8, 8, 14, 22, 4, 47, 5},
    {"SLH-DSA-SHAKE-256f", true, 32, 68, 17, 4, 9, 35, 4, 49, 5},
};

constexpr const SlhParamSet& slh_param_set(SlhDsaParams p) { return kSlhParamTable[static_cast<int>(p)]; }

// Upper bounds for stack buffers.
inline constexpr std::size_t kSlhMaxN = 32;
inline constexpr std::size_t kSlhMaxLen = 2 * kSlhMaxN + 3;  // WOTS+ chains
inline constexpr std::size_t kSlhMaxK = 35;                  // FORS trees
inline constexpr std::size_t kSlhMaxA = 14;                  // FORS height
inline constexpr std::size_t kSlhMaxHp = 9;                  // XMSS height
inline constexpr std::size_t kSlhMaxM = 49;                  // H_msg bytes

// Parses "SLH-DSA-SHA2-128s" style names (as used by ACVP).
inline std::optional<SlhDsaParams> slh_params_from_name(std::string_view name) {
  for (SlhDsaParams p : kAllSlhDsaParams)
    if (slh_param_set(p).name == name) return p;
  return std::nullopt;
}

// Sanity checks of the table against the sizes FIPS 205 Table 2 lists.
static_assert(kSlhParamTable[0].sig_bytes() == 7856);
static_assert(kSlhParamTable[1].sig_bytes() == 17088);
static_assert(kSlhParamTable[2].sig_bytes() == 16224);
static_assert(kSlhParamTable[3].sig_bytes() == 35664);
static_assert(kSlhParamTable[4].sig_bytes() == 29792);
static_assert(kSlhParamTable[5].sig_bytes() == 49856);
static_assert(kSlhParamTable[0].md_bytes() + kSlhParamTable[0].tree_idx_bytes() +
                  kSlhParamTable[0].leaf_idx_bytes() == kSlhParamTable[0].m);
static_assert(kSlhParamTable[5].md_bytes() + kSlhParamTable[5].tree_idx_bytes() +
                  kSlhParamTable[5].leaf_idx_bytes() == kSlhParamTable[5].m);

}  // namespace craton::pqc
