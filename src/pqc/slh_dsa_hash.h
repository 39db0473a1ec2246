// SLH-DSA internals: the address structure ADRS (FIPS 205 section 4.2) and
// the tweakable hash functions of section 11 (SHAKE in 11.1, SHA2 in 11.2).
// Not part of the public API; slh_dsa.h is.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>

#include "pqc/sha2.h"
#include "pqc/slh_dsa_params.h"

namespace craton::pqc::slh {

// ADRS types, FIPS 205 section 4.2.
enum AdrsType : std::uint32_t {
  kWotsHash = 0,
  kWotsPk = 1,
  kTree = 2,
  kForsTree = 3,
  kForsRoots = 4,
  kWotsPrf = 5,
  kForsPrf = 6,
};

// The 32-byte address: layer (4) | tree (12) | type (4) | key pair (4) |
// chain or tree height (4) | hash or tree index (4), all big-endian.
struct Adrs {
  std::uint8_t b[32] = {};

  void set_layer(std::uint32_t v) { put32(0, v); }
  void set_tree(std::uint64_t v) {  // the upper 4 of the 12 bytes stay zero
    put32(4, 0);
    put32(8, static_cast<std::uint32_t>(v >> 32));
    put32(12, static_cast<std::uint32_t>(v));
  }
  void set_type_and_clear(AdrsType t) {
    put32(16, t);
    std::memset(b + 20, 0, 12);
  }
  void set_key_pair(std::uint32_t v) { put32(20, v); }
  std::uint32_t key_pair() const { return get32(20); }
  void set_chain(std::uint32_t v) { put32(24, v); }
  void set_tree_height(std::uint32_t v) { put32(24, v); }
  void set_hash(std::uint32_t v) { put32(28, v); }
  void set_tree_index(std::uint32_t v) { put32(28, v); }
  std::uint32_t tree_index() const { return get32(28); }

  // ADRSc of section 11.2: layer byte, lower 8 tree bytes, type byte, last 12 bytes.
  void compress(std::uint8_t out[22]) const {
    out[0] = b[3];
    std::memcpy(out + 1, b + 8, 8);
    out[9] = b[19];
    std::memcpy(out + 10, b + 20, 12);
  }

 private:
  void put32(int off, std::uint32_t v) {
    b[off] = static_cast<std::uint8_t>(v >> 24);
    b[off + 1] = static_cast<std::uint8_t>(v >> 16);
    b[off + 2] = static_cast<std::uint8_t>(v >> 8);
    b[off + 3] = static_cast<std::uint8_t>(v);
  }
  std::uint32_t get32(int off) const {
    return (std::uint32_t{b[off]} << 24) | (std::uint32_t{b[off + 1]} << 16) | (std::uint32_t{b[off + 2]} << 8) |
           b[off + 3];
  }
};

// A message handed to PRF_msg / H_msg in two pieces, so that the external
// API's M' = prefix || M never has to be copied into one buffer.
struct MsgParts {
  std::span<const std::uint8_t> prefix;
  std::span<const std::uint8_t> msg;
};

// The PK.seed-keyed functions F, H, T_l and PRF for one key. For SHA2 the
// hash state after the padded PK.seed block is computed once here and every
// call finishes from it, usually with a single compression.
class Hasher {
 public:
  // sk_seed may be null when only verifying (prf() is then unusable).
  Hasher(const SlhParamSet& params, const std::uint8_t* pk_seed, const std::uint8_t* sk_seed);
  ~Hasher();
  Hasher(const Hasher&) = delete;
  Hasher& operator=(const Hasher&) = delete;

  const SlhParamSet& params() const { return p_; }
  std::uint32_t n() const { return p_.n; }

  void f(const Adrs& adrs, const std::uint8_t* in, std::uint8_t* out) const;   // in: n bytes
  void h(const Adrs& adrs, const std::uint8_t* in, std::uint8_t* out) const;   // in: 2n bytes
  void t(const Adrs& adrs, const std::uint8_t* in, std::size_t count, std::uint8_t* out) const;  // count*n
  void prf(const Adrs& adrs, std::uint8_t* out) const;
  // The WOTS+ chain (Algorithm 5): `steps` applications of F starting at
  // hash address `start`; adrs's hash address is overwritten.
  void chain(Adrs& adrs, const std::uint8_t* in, std::uint32_t start, std::uint32_t steps,
             std::uint8_t* out) const;
  // The len chain ends of a WOTS+ public key (Algorithm 6 steps 1-8) into
  // out (len * n bytes); adrs is of type WOTS_HASH with the key pair set.
  void wots_pk_chains(const Adrs& adrs, std::uint8_t* out) const;

 private:
  void sha2_block256(const Adrs& adrs, const std::uint8_t* payload, std::size_t len, std::uint8_t* out) const;
  void sha2_block512(const Adrs& adrs, const std::uint8_t* payload, std::size_t len, std::uint8_t* out) const;
  void shake_block(const Adrs& adrs, const std::uint8_t* payload, std::size_t len, std::uint8_t* out) const;
  void chain_sha2(Adrs& adrs, const std::uint8_t* in, std::uint32_t start, std::uint32_t steps,
                  std::uint8_t* out) const;
  void chain_shake(Adrs& adrs, const std::uint8_t* in, std::uint32_t start, std::uint32_t steps,
                   std::uint8_t* out) const;
  bool big_sha2() const { return !p_.shake && p_.category > 1; }

  const SlhParamSet& p_;
  std::uint8_t pk_seed_[kSlhMaxN] = {};
  std::uint8_t sk_seed_[kSlhMaxN] = {};
  Sha256 seeded256_;  // SHA2: after PK.seed || toByte(0, 64 - n)
  Sha512 seeded512_;  // SHA2 categories 3 and 5: after PK.seed || toByte(0, 128 - n)
};

// Keccak-f[1600], unrolled for speed (slh_dsa_keccak.cc); same result as
// pqc::keccak_f1600.
void keccak_permute(std::uint64_t state[25]);

// Hasher::wots_pk_chains for the SHAKE sets, four chains at a time.
void shake_wots_chains(const SlhParamSet& p, const std::uint8_t* pk_seed, const std::uint8_t* sk_seed,
                       const Adrs& adrs, std::uint8_t* out);
// For tests: false forces the portable four-lane code even on AVX2 CPUs.
void set_shake_avx2_allowed(bool allowed);

// PRF_msg(SK.prf, opt_rand, M): n bytes.
void prf_msg(const SlhParamSet& p, const std::uint8_t* sk_prf, const std::uint8_t* opt_rand, const MsgParts& m,
             std::uint8_t* out);
// H_msg(R, PK.seed, PK.root, M): m bytes.
void h_msg(const SlhParamSet& p, const std::uint8_t* r, const std::uint8_t* pk_seed, const std::uint8_t* pk_root,
           const MsgParts& m, std::uint8_t* out);

}  // namespace craton::pqc::slh
