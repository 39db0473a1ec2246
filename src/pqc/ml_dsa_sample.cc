#include "pqc/ml_dsa_sample.h"

#include <cstring>

#include "core/secure_memory.h"
#include "pqc/keccak.h"

namespace craton::pqc::mldsa {
namespace {

constexpr std::size_t kShake128Rate = 168;  // a multiple of 3: no candidate spans two blocks
constexpr std::size_t kShake256Rate = 136;

constexpr std::int32_t kRejected = 1 << 20;

// CoeffFromHalfByte (algorithm 15); kRejected stands for the bottom result.
inline std::int32_t coeff_from_half_byte(std::uint32_t b, int eta) {
  if (eta == 2) {
    if (b >= 15) return kRejected;
    const std::uint32_t q5 = (b * 13) >> 6;  // b / 5 for b < 15
    return 2 - static_cast<std::int32_t>(b - 5 * q5);
  }
  if (b >= 9) return kRejected;
  return 4 - static_cast<std::int32_t>(b);
}

}  // namespace

void rej_ntt_poly(Poly& a, const std::uint8_t rho[kSeedBytes], std::uint8_t s, std::uint8_t r) {
  Shake128 xof;
  xof.absorb(std::span<const std::uint8_t>(rho, kSeedBytes));
  const std::uint8_t idx[2] = {s, r};
  xof.absorb(idx);
  std::uint8_t buf[kShake128Rate];
  int j = 0;
  while (j < kN) {
    xof.squeeze(buf);
    for (std::size_t i = 0; i + 3 <= sizeof buf && j < kN; i += 3) {
      // CoeffFromThreeBytes (algorithm 14): 23 bits, rejected when >= q.
      const std::int32_t z = static_cast<std::int32_t>(buf[i]) | (static_cast<std::int32_t>(buf[i + 1]) << 8) |
                             (static_cast<std::int32_t>(buf[i + 2] & 0x7F) << 16);
      if (z < kQ) a.c[j++] = z;
    }
  }
}

void expand_a(PolyMatrix& a, const ParamSet& p, const std::uint8_t rho[kSeedBytes]) {
  for (int r = 0; r < p.k; ++r)
    for (int s = 0; s < p.l; ++s)
      rej_ntt_poly(a[r][s], rho, static_cast<std::uint8_t>(s), static_cast<std::uint8_t>(r));
}

void rej_bounded_poly(Poly& a, const std::uint8_t rho[kCrhBytes], std::uint16_t nonce, int eta) {
  Shake256 xof;
  xof.absorb(std::span<const std::uint8_t>(rho, kCrhBytes));
  const std::uint8_t n[2] = {static_cast<std::uint8_t>(nonce), static_cast<std::uint8_t>(nonce >> 8)};
  xof.absorb(n);
  std::uint8_t buf[kShake256Rate];
  int j = 0;
  while (j < kN) {
    xof.squeeze(buf);
    for (std::size_t i = 0; i < sizeof buf && j < kN; ++i) {
      const std::int32_t z0 = coeff_from_half_byte(buf[i] & 15u, eta);
      const std::int32_t z1 = coeff_from_half_byte(buf[i] >> 4, eta);
      if (z0 != kRejected) a.c[j++] = z0;
      if (z1 != kRejected && j < kN) a.c[j++] = z1;
    }
  }
  secure_wipe(buf, sizeof buf);
}

void expand_s(PolyVecL& s1, PolyVecK& s2, const ParamSet& p, const std::uint8_t rho[kCrhBytes]) {
  for (int r = 0; r < p.l; ++r) rej_bounded_poly(s1[r], rho, static_cast<std::uint16_t>(r), p.eta);
  for (int r = 0; r < p.k; ++r) rej_bounded_poly(s2[r], rho, static_cast<std::uint16_t>(r + p.l), p.eta);
}

// ExpandMask (algorithm 34): y[r] from SHAKE256(rho'' || IntegerToBytes(kappa + r, 2)), four rows
// per batched SHAKE call.
void expand_mask(PolyVecL& y, const ParamSet& p, const std::uint8_t rho[kCrhBytes], std::uint16_t kappa) {
  struct Scratch {
    std::uint8_t seeds[4][kCrhBytes + 2];
    std::uint8_t buf[4][32 * 20];
  } w;
  const std::size_t len = 32 * static_cast<std::size_t>(p.z_bits);
  for (int r0 = 0; r0 < p.l; r0 += 4) {
    const std::uint8_t* in[4] = {};
    std::uint8_t* out[4] = {};
    for (int i = 0; i < 4 && r0 + i < p.l; ++i) {
      const auto nonce = static_cast<std::uint16_t>(kappa + r0 + i);
      std::memcpy(w.seeds[i], rho, kCrhBytes);
      w.seeds[i][kCrhBytes] = static_cast<std::uint8_t>(nonce);
      w.seeds[i][kCrhBytes + 1] = static_cast<std::uint8_t>(nonce >> 8);
      in[i] = w.seeds[i];
      out[i] = w.buf[i];
    }
    shake256_x4(in, kCrhBytes + 2, out, len);
    for (int i = 0; i < 4 && r0 + i < p.l; ++i)
      bit_unpack(w.buf[i], p.gamma1 - 1, p.gamma1, p.z_bits, y[r0 + i]);  // every field value is in range
  }
  secure_wipe(&w, sizeof w);
}

void sample_in_ball(Poly& c, const ParamSet& p, std::span<const std::uint8_t> c_tilde) {
  Shake256 xof;
  xof.absorb(c_tilde);
  std::uint8_t s[8];
  xof.squeeze(s);
  std::uint64_t signs = 0;
  for (int i = 0; i < 8; ++i) signs |= static_cast<std::uint64_t>(s[i]) << (8 * i);
  for (std::int32_t& v : c.c) v = 0;
  std::uint8_t j = 0;
  for (int i = kN - p.tau; i < kN; ++i) {
    do {
      xof.squeeze(std::span<std::uint8_t>(&j, 1));
    } while (j > i);
    c.c[i] = c.c[j];
    c.c[j] = 1 - 2 * static_cast<std::int32_t>(signs & 1);
    signs >>= 1;
  }
}

}  // namespace craton::pqc::mldsa
