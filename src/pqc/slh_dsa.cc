// SLH-DSA top level, FIPS 205 sections 9 and 10.
#include "pqc/slh_dsa.h"

#include <cstring>

#include "pqc/keccak.h"
#include "pqc/sha2.h"
#include "pqc/slh_dsa_internal.h"

namespace craton::pqc {
namespace {

using slh::Adrs;
using slh::Hasher;
using slh::MsgParts;

// toInt of the big-endian bytes, reduced mod 2^bits (bits <= 64).
std::uint64_t to_int_mod(const std::uint8_t* p, std::size_t len, std::uint32_t bits) {
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < len; ++i) v = (v << 8) | p[i];
  return bits >= 64 ? v : v & ((std::uint64_t{1} << bits) - 1);
}

struct MsgIndices {
  const std::uint8_t* md;
  std::uint64_t idx_tree;
  std::uint32_t idx_leaf;
};

// Algorithm 19 steps 7-12: split the H_msg output.
MsgIndices split_digest(const SlhParamSet& p, const std::uint8_t* digest) {
  const std::uint8_t* tree = digest + p.md_bytes();
  const std::uint8_t* leaf = tree + p.tree_idx_bytes();
  return MsgIndices{digest, to_int_mod(tree, p.tree_idx_bytes(), p.h - p.hp),
                    static_cast<std::uint32_t>(to_int_mod(leaf, p.leaf_idx_bytes(), p.hp))};
}

Result<Bytes> sign_parts(SlhDsaParams params, ByteView sk, const MsgParts& m, ByteView addrnd) {
  const SlhParamSet& p = slh_param_set(params);
  const std::size_t n = p.n;
  if (sk.size() != p.sk_bytes() || (!addrnd.empty() && addrnd.size() != n)) return err(CKR_ARGUMENTS_BAD);
  const std::uint8_t* sk_seed = sk.data();
  const std::uint8_t* sk_prf = sk.data() + n;
  const std::uint8_t* pk_seed = sk.data() + 2 * n;
  const std::uint8_t* pk_root = sk.data() + 3 * n;

  Bytes sig(p.sig_bytes());
  std::uint8_t* r = sig.data();
  slh::prf_msg(p, sk_prf, addrnd.empty() ? pk_seed : addrnd.data(), m, r);
  std::uint8_t digest[kSlhMaxM];
  slh::h_msg(p, r, pk_seed, pk_root, m, digest);
  const MsgIndices ix = split_digest(p, digest);

  const Hasher hs(p, pk_seed, sk_seed);
  Adrs adrs;
  adrs.set_tree(ix.idx_tree);
  adrs.set_type_and_clear(slh::kForsTree);
  adrs.set_key_pair(ix.idx_leaf);
  std::uint8_t* sig_fors = sig.data() + n;
  slh::fors_sign(hs, ix.md, adrs, sig_fors);
  std::uint8_t pk_fors[kSlhMaxN];
  slh::fors_pk_from_sig(hs, sig_fors, ix.md, adrs, pk_fors);
  slh::ht_sign(hs, pk_fors, ix.idx_tree, ix.idx_leaf, sig_fors + p.fors_sig_bytes());
  return sig;
}

Status verify_parts(SlhDsaParams params, ByteView pk, const MsgParts& m, ByteView sig) {
  const SlhParamSet& p = slh_param_set(params);
  const std::size_t n = p.n;
  if (pk.size() != p.pk_bytes()) return err(CKR_ARGUMENTS_BAD);
  if (sig.size() != p.sig_bytes()) return err(CKR_SIGNATURE_LEN_RANGE);
  const std::uint8_t* pk_seed = pk.data();
  const std::uint8_t* pk_root = pk.data() + n;
  std::uint8_t digest[kSlhMaxM];
  slh::h_msg(p, sig.data(), pk_seed, pk_root, m, digest);
  const MsgIndices ix = split_digest(p, digest);

  const Hasher hs(p, pk_seed, nullptr);
  Adrs adrs;
  adrs.set_tree(ix.idx_tree);
  adrs.set_type_and_clear(slh::kForsTree);
  adrs.set_key_pair(ix.idx_leaf);
  const std::uint8_t* sig_fors = sig.data() + n;
  std::uint8_t pk_fors[kSlhMaxN];
  slh::fors_pk_from_sig(hs, sig_fors, ix.md, adrs, pk_fors);
  if (!slh::ht_verify(hs, pk_fors, sig_fors + p.fors_sig_bytes(), ix.idx_tree, ix.idx_leaf, pk_root))
    return err(CKR_SIGNATURE_INVALID);
  return Status::ok();
}

// The domain-separation prefix of section 10.2: tag || |ctx| || ctx [|| OID].
struct Prefix {
  std::uint8_t buf[2 + 255 + 11];
  std::size_t len = 0;
  ByteView view() const { return ByteView(buf, len); }
};

Result<Prefix> make_prefix(std::uint8_t tag, ByteView ctx, ByteView oid) {
  if (ctx.size() > 255) return err(CKR_ARGUMENTS_BAD);
  Prefix pre;
  pre.buf[0] = tag;
  pre.buf[1] = static_cast<std::uint8_t>(ctx.size());
  if (!ctx.empty()) std::memcpy(pre.buf + 2, ctx.data(), ctx.size());
  if (!oid.empty()) std::memcpy(pre.buf + 2 + ctx.size(), oid.data(), oid.size());
  pre.len = 2 + ctx.size() + oid.size();
  return pre;
}

// DER OIDs under 2.16.840.1.101.3.4.2 (NIST hash algorithms), in SlhPreHash order.
constexpr std::uint8_t kPreHashOids[12][11] = {
    {0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 4},
    {0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 1},
    {0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 2},
    {0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 3},
    {0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 5},
    {0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 6},
    {0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 7},
    {0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 8},
    {0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 9},
    {0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 10},
    {0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 11},
    {0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 12},
};

}  // namespace

Result<SlhDsaKeyPair> slh_keygen_internal(SlhDsaParams params, ByteView sk_seed, ByteView sk_prf,
                                          ByteView pk_seed) {
  const SlhParamSet& p = slh_param_set(params);
  const std::size_t n = p.n;
  if (sk_seed.size() != n || sk_prf.size() != n || pk_seed.size() != n) return err(CKR_ARGUMENTS_BAD);
  const Hasher hs(p, pk_seed.data(), sk_seed.data());
  Adrs adrs;
  adrs.set_layer(p.d - 1);
  std::uint8_t root[kSlhMaxN];
  slh::xmss_node(hs, 0, p.hp, adrs, root);

  SlhDsaKeyPair kp;
  kp.sk.resize(4 * n);
  std::memcpy(kp.sk.data(), sk_seed.data(), n);
  std::memcpy(kp.sk.data() + n, sk_prf.data(), n);
  std::memcpy(kp.sk.data() + 2 * n, pk_seed.data(), n);
  std::memcpy(kp.sk.data() + 3 * n, root, n);
  kp.pk.assign(kp.sk.begin() + 2 * n, kp.sk.end());
  return kp;
}

Result<Bytes> slh_sign_internal(SlhDsaParams params, ByteView sk, ByteView msg, ByteView addrnd) {
  return sign_parts(params, sk, MsgParts{ByteView(), msg}, addrnd);
}

Status slh_verify_internal(SlhDsaParams params, ByteView pk, ByteView msg, ByteView sig) {
  return verify_parts(params, pk, MsgParts{ByteView(), msg}, sig);
}

Result<Bytes> slh_sign(SlhDsaParams params, ByteView sk, ByteView msg, ByteView ctx, ByteView addrnd) {
  TRY_ASSIGN(const Prefix pre, make_prefix(0, ctx, ByteView()));
  return sign_parts(params, sk, MsgParts{pre.view(), msg}, addrnd);
}

Status slh_verify(SlhDsaParams params, ByteView pk, ByteView msg, ByteView ctx, ByteView sig) {
  TRY_ASSIGN(const Prefix pre, make_prefix(0, ctx, ByteView()));
  return verify_parts(params, pk, MsgParts{pre.view(), msg}, sig);
}

std::size_t slh_prehash_digest_bytes(SlhPreHash ph) {
  switch (ph) {
    case SlhPreHash::kSha224:
    case SlhPreHash::kSha512_224:
    case SlhPreHash::kSha3_224: return 28;
    case SlhPreHash::kSha256:
    case SlhPreHash::kSha512_256:
    case SlhPreHash::kSha3_256:
    case SlhPreHash::kShake128: return 32;
    case SlhPreHash::kSha384:
    case SlhPreHash::kSha3_384: return 48;
    case SlhPreHash::kSha512:
    case SlhPreHash::kSha3_512:
    case SlhPreHash::kShake256: return 64;
  }
  return 0;
}

ByteView slh_prehash_oid(SlhPreHash ph) { return ByteView(kPreHashOids[static_cast<int>(ph)], 11); }

Bytes slh_prehash_compute(SlhPreHash ph, ByteView msg) {
  Bytes out(slh_prehash_digest_bytes(ph));
  auto sponge = [&](std::size_t rate, std::uint8_t ds) {
    KeccakSponge s(rate, ds);
    s.absorb(msg);
    s.squeeze(out);
  };
  switch (ph) {
    case SlhPreHash::kSha224: sha224(msg, out.data()); break;
    case SlhPreHash::kSha256: sha256(msg, out.data()); break;
    case SlhPreHash::kSha384: sha384(msg, out.data()); break;
    case SlhPreHash::kSha512: sha512(msg, out.data()); break;
    case SlhPreHash::kSha512_224: sha512_224(msg, out.data()); break;
    case SlhPreHash::kSha512_256: sha512_256(msg, out.data()); break;
    // SHA3-d has rate 200 - 2*d/8 bytes (FIPS 202 section 6.1).
    case SlhPreHash::kSha3_224: sponge(144, 0x06); break;
    case SlhPreHash::kSha3_256: sponge(136, 0x06); break;
    case SlhPreHash::kSha3_384: sponge(104, 0x06); break;
    case SlhPreHash::kSha3_512: sponge(72, 0x06); break;
    case SlhPreHash::kShake128: sponge(168, 0x1F); break;
    case SlhPreHash::kShake256: sponge(136, 0x1F); break;
  }
  return out;
}

Result<Bytes> slh_sign_prehash(SlhDsaParams params, ByteView sk, ByteView digest, SlhPreHash ph, ByteView ctx,
                               ByteView addrnd) {
  if (digest.size() != slh_prehash_digest_bytes(ph)) return err(CKR_ARGUMENTS_BAD);
  TRY_ASSIGN(const Prefix pre, make_prefix(1, ctx, slh_prehash_oid(ph)));
  return sign_parts(params, sk, MsgParts{pre.view(), digest}, addrnd);
}

Status slh_verify_prehash(SlhDsaParams params, ByteView pk, ByteView digest, SlhPreHash ph, ByteView ctx,
                          ByteView sig) {
  if (digest.size() != slh_prehash_digest_bytes(ph)) return err(CKR_ARGUMENTS_BAD);
  TRY_ASSIGN(const Prefix pre, make_prefix(1, ctx, slh_prehash_oid(ph)));
  return verify_parts(params, pk, MsgParts{pre.view(), digest}, sig);
}

}  // namespace craton::pqc
