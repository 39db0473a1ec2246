#include "pqc/slh_dsa_hash.h"

#include <algorithm>

#include "core/secure_memory.h"
#include "pqc/keccak.h"

namespace craton::pqc::slh {
namespace {

constexpr std::size_t kShakeRate = 136;  // SHAKE256

inline void store_be32(std::uint8_t* p, std::uint32_t v) {
  p[0] = static_cast<std::uint8_t>(v >> 24);
  p[1] = static_cast<std::uint8_t>(v >> 16);
  p[2] = static_cast<std::uint8_t>(v >> 8);
  p[3] = static_cast<std::uint8_t>(v);
}
inline void store_be64(std::uint8_t* p, std::uint64_t v) {
  store_be32(p, static_cast<std::uint32_t>(v >> 32));
  store_be32(p + 4, static_cast<std::uint32_t>(v));
}
inline std::uint64_t load_le64(const std::uint8_t* p) {
  std::uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}

// n as a value the optimiser can see is at most kSlhMaxN (else GCC's -O3
// warns about overflowing the fixed stack buffers).
inline std::size_t bound_n(std::size_t n) { return n < kSlhMaxN ? n : kSlhMaxN; }

// Writes the first n bytes of a SHA-256 / SHA-512 chaining value (big-endian words).
inline void cv256_to_bytes(const std::uint32_t* st, std::size_t n, std::uint8_t* out) {
  for (std::size_t i = 0; i < n / 4; ++i) store_be32(out + 4 * i, st[i]);
}
inline void cv512_to_bytes(const std::uint64_t* st, std::size_t n, std::uint8_t* out) {
  std::uint8_t tmp[8];
  for (std::size_t i = 0; i < (n + 7) / 8; ++i) {
    store_be64(tmp, st[i]);
    std::memcpy(out + 8 * i, tmp, std::min<std::size_t>(8, n - 8 * i));
  }
}

// One Keccak-f permutation over a prepared, already padded 136-byte block;
// writes the first n output bytes.
inline void shake_one_block(const std::uint8_t blk[kShakeRate], std::size_t n, std::uint8_t* out) {
  std::uint64_t st[25];
  for (std::size_t i = 0; i < kShakeRate / 8; ++i) st[i] = load_le64(blk + 8 * i);
  for (std::size_t i = kShakeRate / 8; i < 25; ++i) st[i] = 0;
  keccak_permute(st);
  for (std::size_t i = 0; i < n; ++i) out[i] = static_cast<std::uint8_t>(st[i / 8] >> (8 * (i % 8)));
}

}  // namespace

Hasher::Hasher(const SlhParamSet& params, const std::uint8_t* pk_seed, const std::uint8_t* sk_seed) : p_(params) {
  std::memcpy(pk_seed_, pk_seed, p_.n);
  if (sk_seed != nullptr) std::memcpy(sk_seed_, sk_seed, p_.n);
  if (p_.shake) return;
  // FIPS 205 section 11.2: PK.seed is padded to a full block, so its
  // compression is the same for every call and is done once here.
  std::uint8_t block[Sha512::kBlockSize] = {};
  std::memcpy(block, pk_seed, p_.n);
  seeded256_.update(std::span<const std::uint8_t>(block, Sha256::kBlockSize));
  if (big_sha2()) seeded512_.update(std::span<const std::uint8_t>(block, Sha512::kBlockSize));
}

Hasher::~Hasher() { secure_wipe(sk_seed_, sizeof sk_seed_); }

// SHA-256(PK.seed || pad || ADRSc || payload) truncated to n, for payloads
// that fit with the padding into the second block (22 + len <= 55).
void Hasher::sha2_block256(const Adrs& adrs, const std::uint8_t* payload, std::size_t len,
                           std::uint8_t* out) const {
  std::uint8_t blk[64];
  adrs.compress(blk);
  std::memcpy(blk + 22, payload, len);
  const std::size_t used = 22 + len;
  blk[used] = 0x80;
  std::memset(blk + used + 1, 0, 56 - used - 1);
  store_be64(blk + 56, (64 + used) * 8);
  std::uint32_t st[8];
  std::memcpy(st, seeded256_.chaining_value(), sizeof st);
  sha256_compress(st, blk);
  cv256_to_bytes(st, p_.n, out);
}

// The same with SHA-512 (categories 3 and 5; 22 + len <= 111).
void Hasher::sha2_block512(const Adrs& adrs, const std::uint8_t* payload, std::size_t len,
                           std::uint8_t* out) const {
  std::uint8_t blk[128];
  adrs.compress(blk);
  std::memcpy(blk + 22, payload, len);
  const std::size_t used = 22 + len;
  blk[used] = 0x80;
  std::memset(blk + used + 1, 0, 120 - used - 1);
  store_be64(blk + 120, (128 + used) * 8);
  std::uint64_t st[8];
  std::memcpy(st, seeded512_.chaining_value(), sizeof st);
  sha512_compress(st, blk);
  cv512_to_bytes(st, p_.n, out);
}

// SHAKE256(PK.seed || ADRS || payload, 8n) when it fits one rate block.
void Hasher::shake_block(const Adrs& adrs, const std::uint8_t* payload, std::size_t len, std::uint8_t* out) const {
  std::uint8_t blk[kShakeRate] = {};
  std::memcpy(blk, pk_seed_, p_.n);
  std::memcpy(blk + p_.n, adrs.b, 32);
  std::memcpy(blk + p_.n + 32, payload, len);
  blk[p_.n + 32 + len] ^= 0x1F;
  blk[kShakeRate - 1] ^= 0x80;
  shake_one_block(blk, p_.n, out);
}

void Hasher::f(const Adrs& adrs, const std::uint8_t* in, std::uint8_t* out) const {
  if (p_.shake)
    shake_block(adrs, in, p_.n, out);
  else
    sha2_block256(adrs, in, p_.n, out);
}

void Hasher::h(const Adrs& adrs, const std::uint8_t* in, std::uint8_t* out) const {
  if (p_.shake)
    shake_block(adrs, in, 2 * p_.n, out);
  else if (big_sha2())
    sha2_block512(adrs, in, 2 * p_.n, out);
  else
    sha2_block256(adrs, in, 2 * p_.n, out);
}

void Hasher::prf(const Adrs& adrs, std::uint8_t* out) const { f(adrs, sk_seed_, out); }

void Hasher::t(const Adrs& adrs, const std::uint8_t* in, std::size_t count, std::uint8_t* out) const {
  const std::span<const std::uint8_t> data(in, count * p_.n);
  if (p_.shake) {
    Shake256 s;
    s.absorb(std::span<const std::uint8_t>(pk_seed_, p_.n));
    s.absorb(adrs.b);
    s.absorb(data);
    s.squeeze(std::span<std::uint8_t>(out, p_.n));
    return;
  }
  std::uint8_t adrsc[22];
  adrs.compress(adrsc);
  if (big_sha2()) {
    Sha512 s = seeded512_;
    s.update(adrsc);
    s.update(data);
    std::uint8_t full[64];
    s.final(full);
    std::memcpy(out, full, p_.n);
  } else {
    Sha256 s = seeded256_;
    s.update(adrsc);
    s.update(data);
    std::uint8_t full[32];
    s.final(full);
    std::memcpy(out, full, p_.n);
  }
}

void Hasher::chain(Adrs& adrs, const std::uint8_t* in, std::uint32_t start, std::uint32_t steps,
                   std::uint8_t* out) const {
  if (steps == 0) {
    std::memmove(out, in, p_.n);
    return;
  }
  if (p_.shake)
    chain_shake(adrs, in, start, steps, out);
  else
    chain_sha2(adrs, in, start, steps, out);
  adrs.set_hash(start + steps - 1);
}

void Hasher::wots_pk_chains(const Adrs& adrs, std::uint8_t* out) const {
  if (p_.shake) {
    shake_wots_chains(p_, pk_seed_, sk_seed_, adrs, out);
    return;
  }
  Adrs sk_adrs = adrs;
  sk_adrs.set_type_and_clear(kWotsPrf);
  sk_adrs.set_key_pair(adrs.key_pair());
  Adrs chain_adrs = adrs;
  for (std::uint32_t i = 0; i < p_.len(); ++i) {
    std::uint8_t* x = out + i * p_.n;
    sk_adrs.set_chain(i);
    prf(sk_adrs, x);
    chain_adrs.set_chain(i);
    chain_sha2(chain_adrs, x, 0, p_.w() - 1, x);
  }
}

// The hot loop of every SHA2 parameter set: the block is laid out once and
// only the hash address and the chained value change between compressions.
void Hasher::chain_sha2(Adrs& adrs, const std::uint8_t* in, std::uint32_t start, std::uint32_t steps,
                        std::uint8_t* out) const {
  const std::size_t n = bound_n(p_.n);
  std::uint8_t blk[64];
  adrs.compress(blk);  // the hash address is ADRSc bytes 18..21
  const std::size_t used = 22 + n;
  std::memcpy(blk + 22, in, n);
  blk[used] = 0x80;
  std::memset(blk + used + 1, 0, 56 - used - 1);
  store_be64(blk + 56, (64 + used) * 8);
  const std::uint32_t* mid = seeded256_.chaining_value();
  for (std::uint32_t j = start; j < start + steps; ++j) {
    store_be32(blk + 18, j);
    std::uint32_t st[8];
    std::memcpy(st, mid, sizeof st);
    sha256_compress(st, blk);
    cv256_to_bytes(st, n, blk + 22);
  }
  std::memcpy(out, blk + 22, n);
}

void Hasher::chain_shake(Adrs& adrs, const std::uint8_t* in, std::uint32_t start, std::uint32_t steps,
                         std::uint8_t* out) const {
  std::uint8_t blk[kShakeRate] = {};
  const std::size_t n = p_.n;
  std::memcpy(blk, pk_seed_, n);
  std::memcpy(blk + n, adrs.b, 32);
  std::memcpy(blk + n + 32, in, n);
  blk[2 * n + 32] ^= 0x1F;
  blk[kShakeRate - 1] ^= 0x80;
  for (std::uint32_t j = start; j < start + steps; ++j) {
    store_be32(blk + n + 28, j);  // ADRS bytes 28..31: the hash address
    shake_one_block(blk, n, blk + n + 32);
  }
  std::memcpy(out, blk + n + 32, n);
}

// ---- message functions ----

void prf_msg(const SlhParamSet& p, const std::uint8_t* sk_prf, const std::uint8_t* opt_rand, const MsgParts& m,
             std::uint8_t* out) {
  const std::span<const std::uint8_t> key(sk_prf, p.n), rnd(opt_rand, p.n);
  if (p.shake) {
    Shake256 s;
    s.absorb(key);
    s.absorb(rnd);
    s.absorb(m.prefix);
    s.absorb(m.msg);
    s.squeeze(std::span<std::uint8_t>(out, p.n));
    return;
  }
  std::uint8_t mac[64];
  if (p.category == 1) {
    HmacSha256 h(key);
    h.update(rnd);
    h.update(m.prefix);
    h.update(m.msg);
    h.final(mac);
  } else {
    HmacSha512 h(key);
    h.update(rnd);
    h.update(m.prefix);
    h.update(m.msg);
    h.final(mac);
  }
  std::memcpy(out, mac, p.n);
  secure_wipe(mac, sizeof mac);
}

void h_msg(const SlhParamSet& p, const std::uint8_t* r, const std::uint8_t* pk_seed, const std::uint8_t* pk_root,
           const MsgParts& m, std::uint8_t* out) {
  const std::span<const std::uint8_t> rs(r, p.n), seed(pk_seed, p.n), root(pk_root, p.n);
  const std::span<std::uint8_t> dst(out, p.m);
  if (p.shake) {
    Shake256 s;
    s.absorb(rs);
    s.absorb(seed);
    s.absorb(root);
    s.absorb(m.prefix);
    s.absorb(m.msg);
    s.squeeze(dst);
    return;
  }
  // MGF1-H(R || PK.seed || H(R || PK.seed || PK.root || M), m).
  std::uint8_t mgf_seed[2 * kSlhMaxN + 64];
  std::memcpy(mgf_seed, r, p.n);
  std::memcpy(mgf_seed + p.n, pk_seed, p.n);
  if (p.category == 1) {
    Sha256 s;
    for (auto part : {rs, seed, root, m.prefix, m.msg}) s.update(part);
    s.final(mgf_seed + 2 * p.n);
    mgf1_sha256(std::span<const std::uint8_t>(mgf_seed, 2 * p.n + 32), dst);
  } else {
    Sha512 s;
    for (auto part : {rs, seed, root, m.prefix, m.msg}) s.update(part);
    s.final(mgf_seed + 2 * p.n);
    mgf1_sha512(std::span<const std::uint8_t>(mgf_seed, 2 * p.n + 64), dst);
  }
}

}  // namespace craton::pqc::slh
