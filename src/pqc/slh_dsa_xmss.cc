// XMSS trees, FIPS 205 section 6.
#include <cstring>

#include "pqc/slh_dsa_internal.h"

namespace craton::pqc::slh {

void xmss_node(const Hasher& hs, std::uint32_t i, std::uint32_t z, Adrs& adrs, std::uint8_t* node) {
  if (z == 0) {
    adrs.set_type_and_clear(kWotsHash);
    adrs.set_key_pair(i);
    wots_pk_gen(hs, adrs, node);
    return;
  }
  const std::size_t n = hs.n();
  std::uint8_t lr[2 * kSlhMaxN];
  xmss_node(hs, 2 * i, z - 1, adrs, lr);
  xmss_node(hs, 2 * i + 1, z - 1, adrs, lr + n);
  adrs.set_type_and_clear(kTree);
  adrs.set_tree_height(z);
  adrs.set_tree_index(i);
  hs.h(adrs, lr, node);
}

void xmss_sign(const Hasher& hs, const std::uint8_t* msg, std::uint32_t idx, Adrs& adrs, std::uint8_t* sig) {
  const SlhParamSet& p = hs.params();
  std::uint8_t* auth = sig + p.wots_sig_bytes();
  // The authentication path: the sibling of the path node at each height.
  for (std::uint32_t j = 0; j < p.hp; ++j) xmss_node(hs, (idx >> j) ^ 1u, j, adrs, auth + j * p.n);
  adrs.set_type_and_clear(kWotsHash);
  adrs.set_key_pair(idx);
  wots_sign(hs, msg, adrs, sig);
}

void xmss_pk_from_sig(const Hasher& hs, std::uint32_t idx, const std::uint8_t* sig, const std::uint8_t* msg,
                      Adrs& adrs, std::uint8_t* root) {
  const SlhParamSet& p = hs.params();
  const std::size_t n = p.n;
  adrs.set_type_and_clear(kWotsHash);
  adrs.set_key_pair(idx);
  // buf holds the two children of the next node; node0 lives in one half.
  std::uint8_t buf[2 * kSlhMaxN];
  std::uint8_t node[kSlhMaxN];
  wots_pk_from_sig(hs, sig, msg, adrs, node);
  adrs.set_type_and_clear(kTree);
  adrs.set_tree_index(idx);
  const std::uint8_t* auth = sig + p.wots_sig_bytes();
  for (std::uint32_t k = 0; k < p.hp; ++k) {
    adrs.set_tree_height(k + 1);
    if (((idx >> k) & 1u) == 0) {
      adrs.set_tree_index(adrs.tree_index() / 2);
      std::memcpy(buf, node, n);
      std::memcpy(buf + n, auth + k * n, n);
    } else {
      adrs.set_tree_index((adrs.tree_index() - 1) / 2);
      std::memcpy(buf, auth + k * n, n);
      std::memcpy(buf + n, node, n);
    }
    hs.h(adrs, buf, node);
  }
  std::memcpy(root, node, n);
}

}  // namespace craton::pqc::slh
