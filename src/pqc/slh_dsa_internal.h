// SLH-DSA building blocks (FIPS 205 sections 4-8): WOTS+, XMSS, the
// hypertree and FORS. All buffers are caller-provided; sizes follow the
// parameter set held by the Hasher.
#pragma once

#include <cstddef>
#include <cstdint>

#include "pqc/slh_dsa_hash.h"

namespace craton::pqc::slh {

// Algorithm 4: base_2b(X, b, out_len) for b <= 16.
void base_2b(const std::uint8_t* x, std::uint32_t b, std::uint32_t out_len, std::uint32_t* out);

// WOTS+ (section 5). `adrs` is of type WOTS_HASH with layer, tree and key
// pair set; its chain and hash addresses are overwritten.
void wots_pk_gen(const Hasher& hs, Adrs& adrs, std::uint8_t* pk);                      // Algorithm 6
void wots_sign(const Hasher& hs, const std::uint8_t* msg, Adrs& adrs, std::uint8_t* sig);  // Algorithm 7
void wots_pk_from_sig(const Hasher& hs, const std::uint8_t* sig, const std::uint8_t* msg, Adrs& adrs,
                      std::uint8_t* pk);                                                // Algorithm 8

// XMSS (section 6). `adrs` carries the layer and tree address.
void xmss_node(const Hasher& hs, std::uint32_t i, std::uint32_t z, Adrs& adrs, std::uint8_t* node);  // Alg. 9
void xmss_sign(const Hasher& hs, const std::uint8_t* msg, std::uint32_t idx, Adrs& adrs,
               std::uint8_t* sig);                                                    // Algorithm 10
void xmss_pk_from_sig(const Hasher& hs, std::uint32_t idx, const std::uint8_t* sig, const std::uint8_t* msg,
                      Adrs& adrs, std::uint8_t* root);                                 // Algorithm 11

// Hypertree (section 7).
void ht_sign(const Hasher& hs, const std::uint8_t* msg, std::uint64_t idx_tree, std::uint32_t idx_leaf,
             std::uint8_t* sig);                                                      // Algorithm 12
bool ht_verify(const Hasher& hs, const std::uint8_t* msg, const std::uint8_t* sig, std::uint64_t idx_tree,
               std::uint32_t idx_leaf, const std::uint8_t* pk_root);                   // Algorithm 13

// FORS (section 8). `adrs` is of type FORS_TREE with tree and key pair set.
void fors_sign(const Hasher& hs, const std::uint8_t* md, Adrs& adrs, std::uint8_t* sig);  // Algorithm 16
void fors_pk_from_sig(const Hasher& hs, const std::uint8_t* sig, const std::uint8_t* md, Adrs& adrs,
                      std::uint8_t* pk);                                              // Algorithm 17

}  // namespace craton::pqc::slh
