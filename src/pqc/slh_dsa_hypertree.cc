// The hypertree of XMSS trees, FIPS 205 section 7.
#include <cstring>

#include "core/secure_memory.h"
#include "pqc/slh_dsa_internal.h"

namespace craton::pqc::slh {

void ht_sign(const Hasher& hs, const std::uint8_t* msg, std::uint64_t idx_tree, std::uint32_t idx_leaf,
             std::uint8_t* sig) {
  const SlhParamSet& p = hs.params();
  const std::uint32_t leaf_mask = (1u << p.hp) - 1;
  Adrs adrs;
  adrs.set_tree(idx_tree);
  xmss_sign(hs, msg, idx_leaf, adrs, sig);
  std::uint8_t root[kSlhMaxN];
  xmss_pk_from_sig(hs, idx_leaf, sig, msg, adrs, root);
  for (std::uint32_t j = 1; j < p.d; ++j) {
    idx_leaf = static_cast<std::uint32_t>(idx_tree) & leaf_mask;
    idx_tree >>= p.hp;
    adrs.set_layer(j);
    adrs.set_tree(idx_tree);
    std::uint8_t* layer_sig = sig + j * p.xmss_sig_bytes();
    xmss_sign(hs, root, idx_leaf, adrs, layer_sig);
    if (j < p.d - 1) xmss_pk_from_sig(hs, idx_leaf, layer_sig, root, adrs, root);
  }
}

bool ht_verify(const Hasher& hs, const std::uint8_t* msg, const std::uint8_t* sig, std::uint64_t idx_tree,
               std::uint32_t idx_leaf, const std::uint8_t* pk_root) {
  const SlhParamSet& p = hs.params();
  const std::uint32_t leaf_mask = (1u << p.hp) - 1;
  Adrs adrs;
  adrs.set_tree(idx_tree);
  std::uint8_t node[kSlhMaxN];
  xmss_pk_from_sig(hs, idx_leaf, sig, msg, adrs, node);
  for (std::uint32_t j = 1; j < p.d; ++j) {
    idx_leaf = static_cast<std::uint32_t>(idx_tree) & leaf_mask;
    idx_tree >>= p.hp;
    adrs.set_layer(j);
    adrs.set_tree(idx_tree);
    xmss_pk_from_sig(hs, idx_leaf, sig + j * p.xmss_sig_bytes(), node, adrs, node);
  }
  return constant_time_equal(std::span<const std::uint8_t>(node, p.n), std::span<const std::uint8_t>(pk_root, p.n));
}

}  // namespace craton::pqc::slh
