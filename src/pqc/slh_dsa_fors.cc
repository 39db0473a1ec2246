// FORS few-time signatures, FIPS 205 section 8.
#include <cstring>

#include "core/secure_memory.h"
#include "pqc/slh_dsa_internal.h"

namespace craton::pqc::slh {
namespace {

// Algorithm 14: the secret value of FORS leaf `idx`.
void fors_sk_gen(const Hasher& hs, const Adrs& adrs, std::uint32_t idx, std::uint8_t* out) {
  Adrs sk_adrs = adrs;
  sk_adrs.set_type_and_clear(kForsPrf);
  sk_adrs.set_key_pair(adrs.key_pair());
  sk_adrs.set_tree_index(idx);
  hs.prf(sk_adrs, out);
}

// Algorithm 15: node i at height z, over all k trees' leaves numbered together.
void fors_node(const Hasher& hs, std::uint32_t i, std::uint32_t z, Adrs& adrs, std::uint8_t* node) {
  if (z == 0) {
    std::uint8_t sk[kSlhMaxN];
    fors_sk_gen(hs, adrs, i, sk);
    adrs.set_tree_height(0);
    adrs.set_tree_index(i);
    hs.f(adrs, sk, node);
    secure_wipe(sk, sizeof sk);
    return;
  }
  const std::size_t n = hs.n();
  std::uint8_t lr[2 * kSlhMaxN];
  fors_node(hs, 2 * i, z - 1, adrs, lr);
  fors_node(hs, 2 * i + 1, z - 1, adrs, lr + n);
  adrs.set_tree_height(z);
  adrs.set_tree_index(i);
  hs.h(adrs, lr, node);
}

}  // namespace

void fors_sign(const Hasher& hs, const std::uint8_t* md, Adrs& adrs, std::uint8_t* sig) {
  const SlhParamSet& p = hs.params();
  const std::size_t n = p.n;
  std::uint32_t indices[kSlhMaxK];
  base_2b(md, p.a, p.k, indices);
  for (std::uint32_t i = 0; i < p.k; ++i) {
    std::uint8_t* out = sig + std::size_t{i} * (p.a + 1) * n;
    fors_sk_gen(hs, adrs, (i << p.a) + indices[i], out);
    for (std::uint32_t j = 0; j < p.a; ++j) {
      const std::uint32_t s = (indices[i] >> j) ^ 1u;
      fors_node(hs, (i << (p.a - j)) + s, j, adrs, out + (j + 1) * n);
    }
  }
}

void fors_pk_from_sig(const Hasher& hs, const std::uint8_t* sig, const std::uint8_t* md, Adrs& adrs,
                      std::uint8_t* pk) {
  const SlhParamSet& p = hs.params();
  const std::size_t n = p.n;
  std::uint32_t indices[kSlhMaxK];
  base_2b(md, p.a, p.k, indices);
  std::uint8_t roots[kSlhMaxK * kSlhMaxN];
  std::uint8_t buf[2 * kSlhMaxN];
  for (std::uint32_t i = 0; i < p.k; ++i) {
    const std::uint8_t* sk = sig + std::size_t{i} * (p.a + 1) * n;
    const std::uint8_t* auth = sk + n;
    std::uint8_t* node = roots + i * n;
    adrs.set_tree_height(0);
    adrs.set_tree_index((i << p.a) + indices[i]);
    hs.f(adrs, sk, node);
    for (std::uint32_t j = 0; j < p.a; ++j) {
      adrs.set_tree_height(j + 1);
      if (((indices[i] >> j) & 1u) == 0) {
        adrs.set_tree_index(adrs.tree_index() / 2);
        std::memcpy(buf, node, n);
        std::memcpy(buf + n, auth + j * n, n);
      } else {
        adrs.set_tree_index((adrs.tree_index() - 1) / 2);
        std::memcpy(buf, auth + j * n, n);
        std::memcpy(buf + n, node, n);
      }
      hs.h(adrs, buf, node);
    }
  }
  Adrs pk_adrs = adrs;
  pk_adrs.set_type_and_clear(kForsRoots);
  pk_adrs.set_key_pair(adrs.key_pair());
  hs.t(pk_adrs, roots, p.k, pk);
}

}  // namespace craton::pqc::slh
