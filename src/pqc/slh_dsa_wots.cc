// WOTS+ one-time signatures, FIPS 205 section 5.
#include <cstring>

#include "core/secure_memory.h"
#include "pqc/slh_dsa_internal.h"

namespace craton::pqc::slh {
namespace {

// The len base-w digits signed by WOTS+: the message followed by its
// checksum (Algorithm 7 steps 1-9).
void wots_digits(const SlhParamSet& p, const std::uint8_t* msg, std::uint32_t* digits) {
  const std::uint32_t len1 = p.len1(), len2 = p.len2(), w = p.w();
  base_2b(msg, p.lg_w, len1, digits);
  std::uint32_t csum = 0;
  for (std::uint32_t i = 0; i < len1; ++i) csum += w - 1 - digits[i];
  csum <<= (8 - ((len2 * p.lg_w) % 8)) % 8;
  const std::uint32_t csum_len = (len2 * p.lg_w + 7) / 8;
  std::uint8_t csum_bytes[4] = {};
  for (std::uint32_t i = 0; i < csum_len; ++i)
    csum_bytes[i] = static_cast<std::uint8_t>(csum >> (8 * (csum_len - 1 - i)));
  base_2b(csum_bytes, p.lg_w, len2, digits + len1);
}

Adrs derived_adrs(const Adrs& adrs, AdrsType type) {
  Adrs out = adrs;
  out.set_type_and_clear(type);
  out.set_key_pair(adrs.key_pair());
  return out;
}

}  // namespace

void base_2b(const std::uint8_t* x, std::uint32_t b, std::uint32_t out_len, std::uint32_t* out) {
  std::uint32_t in = 0, bits = 0, total = 0;
  const std::uint32_t mask = (1u << b) - 1;
  for (std::uint32_t i = 0; i < out_len; ++i) {
    while (bits < b) {
      total = (total << 8) | x[in++];
      bits += 8;
    }
    bits -= b;
    out[i] = (total >> bits) & mask;
  }
}

void wots_pk_gen(const Hasher& hs, Adrs& adrs, std::uint8_t* pk) {
  const SlhParamSet& p = hs.params();
  std::uint8_t tmp[kSlhMaxLen * kSlhMaxN];
  hs.wots_pk_chains(adrs, tmp);
  const Adrs pk_adrs = derived_adrs(adrs, kWotsPk);
  hs.t(pk_adrs, tmp, p.len(), pk);
}

void wots_sign(const Hasher& hs, const std::uint8_t* msg, Adrs& adrs, std::uint8_t* sig) {
  const SlhParamSet& p = hs.params();
  const std::size_t n = p.n;
  std::uint32_t digits[kSlhMaxLen];
  wots_digits(p, msg, digits);
  Adrs sk_adrs = derived_adrs(adrs, kWotsPrf);
  std::uint8_t sk[kSlhMaxN];
  for (std::uint32_t i = 0; i < p.len(); ++i) {
    sk_adrs.set_chain(i);
    hs.prf(sk_adrs, sk);
    adrs.set_chain(i);
    hs.chain(adrs, sk, 0, digits[i], sig + i * n);
  }
  secure_wipe(sk, sizeof sk);
}

void wots_pk_from_sig(const Hasher& hs, const std::uint8_t* sig, const std::uint8_t* msg, Adrs& adrs,
                      std::uint8_t* pk) {
  const SlhParamSet& p = hs.params();
  const std::size_t n = p.n;
  std::uint32_t digits[kSlhMaxLen];
  wots_digits(p, msg, digits);
  std::uint8_t tmp[kSlhMaxLen * kSlhMaxN];
  for (std::uint32_t i = 0; i < p.len(); ++i) {
    adrs.set_chain(i);
    hs.chain(adrs, sig + i * n, digits[i], p.w() - 1 - digits[i], tmp + i * n);
  }
  const Adrs pk_adrs = derived_adrs(adrs, kWotsPk);
  hs.t(pk_adrs, tmp, p.len(), pk);
}

}  // namespace craton::pqc::slh
