#include "pqc/ml_dsa_encode.h"

#include <cstring>

namespace craton::pqc::mldsa {
namespace {

constexpr int kT1Bits = 10;

void pack_unsigned(const Poly& a, int bits, std::uint8_t* out) {
  std::uint32_t v[kN];
  for (int i = 0; i < kN; ++i) v[i] = static_cast<std::uint32_t>(a.c[i]);
  pack_bits(v, bits, out);
}

void hint_pack(const ParamSet& p, const PolyVecK& h, std::uint8_t* y) {
  std::memset(y, 0, static_cast<std::size_t>(p.omega + p.k));
  int index = 0;
  for (int i = 0; i < p.k; ++i) {
    for (int j = 0; j < kN; ++j)
      if (h[i].c[j] != 0) y[index++] = static_cast<std::uint8_t>(j);
    y[p.omega + i] = static_cast<std::uint8_t>(index);
  }
}

// HintBitUnpack (algorithm 21): indices strictly increasing within each
// polynomial, cumulative counts non-decreasing and <= omega, zero padding.
bool hint_unpack(const ParamSet& p, const std::uint8_t* y, PolyVecK& h) {
  int index = 0;
  for (int i = 0; i < p.k; ++i) {
    std::memset(h[i].c, 0, sizeof h[i].c);
    const int limit = y[p.omega + i];
    if (limit < index || limit > p.omega) return false;
    const int first = index;
    for (; index < limit; ++index) {
      if (index > first && y[index - 1] >= y[index]) return false;
      h[i].c[y[index]] = 1;
    }
  }
  for (; index < p.omega; ++index)
    if (y[index] != 0) return false;
  return true;
}

}  // namespace

void pk_encode(const ParamSet& p, const std::uint8_t rho[kSeedBytes], const PolyVecK& t1, std::uint8_t* out) {
  std::memcpy(out, rho, kSeedBytes);
  out += kSeedBytes;
  for (int i = 0; i < p.k; ++i, out += 32 * kT1Bits) pack_unsigned(t1[i], kT1Bits, out);
}

void pk_decode(const ParamSet& p, const std::uint8_t* pk, std::uint8_t rho[kSeedBytes], PolyVecK& t1) {
  std::memcpy(rho, pk, kSeedBytes);
  pk += kSeedBytes;
  std::uint32_t v[kN];
  for (int i = 0; i < p.k; ++i, pk += 32 * kT1Bits) {
    unpack_bits(pk, kT1Bits, v);
    for (int j = 0; j < kN; ++j) t1[i].c[j] = static_cast<std::int32_t>(v[j]);
  }
}

void sk_encode(const ParamSet& p, const SkParts& parts, const PolyVecL& s1, const PolyVecK& s2, const PolyVecK& t0,
               std::uint8_t* out) {
  std::memcpy(out, parts.rho, kSeedBytes);
  std::memcpy(out + kSeedBytes, parts.key, kSeedBytes);
  std::memcpy(out + 2 * kSeedBytes, parts.tr, kCrhBytes);
  out += 2 * kSeedBytes + kCrhBytes;
  const std::size_t eta_len = 32 * static_cast<std::size_t>(p.eta_bits);
  for (int i = 0; i < p.l; ++i, out += eta_len) bit_pack(s1[i], p.eta, p.eta_bits, out);
  for (int i = 0; i < p.k; ++i, out += eta_len) bit_pack(s2[i], p.eta, p.eta_bits, out);
  for (int i = 0; i < p.k; ++i, out += 32 * kD) bit_pack(t0[i], 1 << (kD - 1), kD, out);
}

bool sk_decode(const ParamSet& p, const std::uint8_t* sk, SkParts& parts, PolyVecL& s1, PolyVecK& s2,
               PolyVecK& t0) {
  std::memcpy(parts.rho, sk, kSeedBytes);
  std::memcpy(parts.key, sk + kSeedBytes, kSeedBytes);
  std::memcpy(parts.tr, sk + 2 * kSeedBytes, kCrhBytes);
  sk += 2 * kSeedBytes + kCrhBytes;
  const std::size_t eta_len = 32 * static_cast<std::size_t>(p.eta_bits);
  bool ok = true;
  for (int i = 0; i < p.l; ++i, sk += eta_len) ok &= bit_unpack(sk, p.eta, p.eta, p.eta_bits, s1[i]);
  for (int i = 0; i < p.k; ++i, sk += eta_len) ok &= bit_unpack(sk, p.eta, p.eta, p.eta_bits, s2[i]);
  for (int i = 0; i < p.k; ++i, sk += 32 * kD) bit_unpack(sk, (1 << (kD - 1)) - 1, 1 << (kD - 1), kD, t0[i]);
  return ok;
}

void sig_encode(const ParamSet& p, const std::uint8_t* c_tilde, const PolyVecL& z, const PolyVecK& h,
                std::uint8_t* out) {
  std::memcpy(out, c_tilde, static_cast<std::size_t>(p.c_tilde_bytes));
  out += p.c_tilde_bytes;
  for (int i = 0; i < p.l; ++i, out += 32 * p.z_bits) bit_pack(z[i], p.gamma1, p.z_bits, out);
  hint_pack(p, h, out);
}

bool sig_decode(const ParamSet& p, const std::uint8_t* sig, const std::uint8_t*& c_tilde, PolyVecL& z,
                PolyVecK& h) {
  c_tilde = sig;
  sig += p.c_tilde_bytes;
  for (int i = 0; i < p.l; ++i, sig += 32 * p.z_bits) bit_unpack(sig, p.gamma1 - 1, p.gamma1, p.z_bits, z[i]);
  return hint_unpack(p, sig, h);
}

void w1_encode(const ParamSet& p, const PolyVecK& w1, std::uint8_t* out) {
  for (int i = 0; i < p.k; ++i, out += 32 * p.w1_bits) pack_unsigned(w1[i], p.w1_bits, out);
}

}  // namespace craton::pqc::mldsa
