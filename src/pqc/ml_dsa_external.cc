// The FIPS 204 external interfaces (ML-DSA.Sign / Verify and HashML-DSA,
// section 5), mu hashing, the byte-level API and key import checks.
#include <cstring>

#include "pqc/ml_dsa.h"
#include "pqc/ml_dsa_internal.h"

namespace craton::pqc {
namespace {

struct PreHashInfo {
  std::uint8_t oid_last;  // 2.16.840.1.101.3.4.2.<oid_last>
  std::size_t size;
};

// FIPS 204 section 5.4.1 / NIST CSOR hashAlgs arc.
PreHashInfo prehash_info(MlDsaPreHash alg) {
  switch (alg) {
    case MlDsaPreHash::kSha256: return {0x01, 32};
    case MlDsaPreHash::kSha384: return {0x02, 48};
    case MlDsaPreHash::kSha512: return {0x03, 64};
    case MlDsaPreHash::kSha224: return {0x04, 28};
    case MlDsaPreHash::kSha512_224: return {0x05, 28};
    case MlDsaPreHash::kSha512_256: return {0x06, 32};
    case MlDsaPreHash::kSha3_224: return {0x07, 28};
    case MlDsaPreHash::kSha3_256: return {0x08, 32};
    case MlDsaPreHash::kSha3_384: return {0x09, 48};
    case MlDsaPreHash::kSha3_512: return {0x0A, 64};
    case MlDsaPreHash::kShake128: return {0x0B, 32};
    case MlDsaPreHash::kShake256: break;
  }
  return {0x0C, 64};
}

constexpr std::size_t kOidSize = 11;

// The 2-byte prefix of M' (domain separator and context length).
Status absorb_prefix(Shake256& xof, std::uint8_t domain, ByteView ctx) {
  if (ctx.size() > kMlDsaMaxContextSize) return err(CKR_ARGUMENTS_BAD);
  const std::uint8_t head[2] = {domain, static_cast<std::uint8_t>(ctx.size())};
  xof.absorb(head);
  xof.absorb(ctx);
  return Status::ok();
}

void start_mu(Shake256& xof, ByteView tr) { xof.absorb(tr); }

// mu for HashML-DSA: H(tr || 1 || |ctx| || ctx || OID || PH(M)).
Status prehash_mu(ByteView tr, ByteView digest, MlDsaPreHash alg, ByteView ctx, std::uint8_t mu[kMlDsaMuSize]) {
  if (digest.size() != ml_dsa_prehash_size(alg)) return err(CKR_ARGUMENTS_BAD);
  Shake256 xof;
  start_mu(xof, tr);
  TRY_STATUS(absorb_prefix(xof, 1, ctx));
  xof.absorb(ml_dsa_prehash_oid(alg));
  xof.absorb(digest);
  xof.squeeze(MutableByteView(mu, kMlDsaMuSize));
  return Status::ok();
}

Result<Bytes> sign_with_mu(const MlDsaExpandedPrivateKey& key, const std::uint8_t mu[kMlDsaMuSize], ByteView rnd) {
  Bytes sig(ml_dsa_signature_size(key.params()));
  TRY_STATUS(sign_mu(key, ByteView(mu, kMlDsaMuSize), rnd, sig));
  return sig;
}

}  // namespace

std::size_t ml_dsa_prehash_size(MlDsaPreHash alg) { return prehash_info(alg).size; }

ByteView ml_dsa_prehash_oid(MlDsaPreHash alg) {
  static const auto table = [] {
    std::array<std::array<std::uint8_t, kOidSize>, 12> t{};
    for (std::size_t i = 0; i < t.size(); ++i) {
      t[i] = {0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x00};
      t[i][kOidSize - 1] = prehash_info(static_cast<MlDsaPreHash>(i)).oid_last;
    }
    return t;
  }();
  return ByteView(table[static_cast<std::size_t>(alg)].data(), kOidSize);
}

Result<MlDsaMuHasher> MlDsaMuHasher::pure(ByteView tr, ByteView ctx) {
  if (tr.size() != mldsa::kCrhBytes) return err(CKR_ARGUMENTS_BAD);
  MlDsaMuHasher h;
  start_mu(h.xof_, tr);
  TRY_STATUS(absorb_prefix(h.xof_, 0, ctx));
  return h;
}

Result<MlDsaMuHasher> MlDsaMuHasher::internal(ByteView tr) {
  if (tr.size() != mldsa::kCrhBytes) return err(CKR_ARGUMENTS_BAD);
  MlDsaMuHasher h;
  start_mu(h.xof_, tr);
  return h;
}

std::array<std::uint8_t, kMlDsaMuSize> MlDsaMuHasher::finish() {
  std::array<std::uint8_t, kMlDsaMuSize> mu{};
  xof_.squeeze(mu);
  return mu;
}

// --- expanded keys -------------------------------------------------------------

Status sign_mu(const MlDsaExpandedPrivateKey& key, ByteView mu, ByteView rnd, MutableByteView sig) {
  if (mu.size() != kMlDsaMuSize || rnd.size() != kMlDsaRndSize) return err(CKR_ARGUMENTS_BAD);
  if (sig.size() != ml_dsa_signature_size(key.params())) return err(CKR_ARGUMENTS_BAD);
  return mldsa::sign_from_mu(key.data(), mu.data(), rnd.data(), sig.data());
}

Result<Bytes> sign_internal(const MlDsaExpandedPrivateKey& key, ByteView m_prime, ByteView rnd) {
  TRY_ASSIGN(MlDsaMuHasher h, MlDsaMuHasher::internal(key.tr()));
  h.update(m_prime);
  return sign_with_mu(key, h.finish().data(), rnd);
}

Result<Bytes> sign(const MlDsaExpandedPrivateKey& key, ByteView message, ByteView ctx, ByteView rnd) {
  TRY_ASSIGN(MlDsaMuHasher h, MlDsaMuHasher::pure(key.tr(), ctx));
  h.update(message);
  return sign_with_mu(key, h.finish().data(), rnd);
}

Result<Bytes> sign_prehash(const MlDsaExpandedPrivateKey& key, ByteView digest, MlDsaPreHash alg, ByteView ctx,
                           ByteView rnd) {
  std::uint8_t mu[kMlDsaMuSize];
  TRY_STATUS(prehash_mu(key.tr(), digest, alg, ctx, mu));
  return sign_with_mu(key, mu, rnd);
}

Status verify_mu(const MlDsaExpandedPublicKey& key, ByteView mu, ByteView sig) {
  if (mu.size() != kMlDsaMuSize) return err(CKR_ARGUMENTS_BAD);
  return mldsa::verify_from_mu(key.data(), mu.data(), sig);
}

Status verify_internal(const MlDsaExpandedPublicKey& key, ByteView m_prime, ByteView sig) {
  TRY_ASSIGN(MlDsaMuHasher h, MlDsaMuHasher::internal(key.tr()));
  h.update(m_prime);
  return verify_mu(key, h.finish(), sig);
}

Status verify(const MlDsaExpandedPublicKey& key, ByteView message, ByteView ctx, ByteView sig) {
  TRY_ASSIGN(MlDsaMuHasher h, MlDsaMuHasher::pure(key.tr(), ctx));
  h.update(message);
  return verify_mu(key, h.finish(), sig);
}

Status verify_prehash(const MlDsaExpandedPublicKey& key, ByteView digest, MlDsaPreHash alg, ByteView ctx,
                      ByteView sig) {
  std::uint8_t mu[kMlDsaMuSize];
  TRY_STATUS(prehash_mu(key.tr(), digest, alg, ctx, mu));
  return verify_mu(key, ByteView(mu, kMlDsaMuSize), sig);
}

// --- encoded keys ----------------------------------------------------------------

Result<MlDsaKeyPair> keygen_internal(MlDsaParams params, ByteView xi) {
  MlDsaKeyPair kp;
  TRY_STATUS(MlDsaExpandedPrivateKey::from_seed(params, xi, &kp.public_key, &kp.private_key).status());
  return kp;
}

Result<Bytes> sign_internal(MlDsaParams params, ByteView sk, ByteView m_prime, ByteView rnd) {
  TRY_ASSIGN(auto key, MlDsaExpandedPrivateKey::create(params, sk));
  return sign_internal(key, m_prime, rnd);
}

Status verify_internal(MlDsaParams params, ByteView pk, ByteView m_prime, ByteView sig) {
  TRY_ASSIGN(auto key, MlDsaExpandedPublicKey::create(params, pk));
  return verify_internal(key, m_prime, sig);
}

Result<Bytes> sign(MlDsaParams params, ByteView sk, ByteView message, ByteView ctx, ByteView rnd) {
  if (ctx.size() > kMlDsaMaxContextSize) return err(CKR_ARGUMENTS_BAD);  // before expanding
  TRY_ASSIGN(auto key, MlDsaExpandedPrivateKey::create(params, sk));
  return sign(key, message, ctx, rnd);
}

Status verify(MlDsaParams params, ByteView pk, ByteView message, ByteView ctx, ByteView sig) {
  if (ctx.size() > kMlDsaMaxContextSize) return err(CKR_ARGUMENTS_BAD);
  TRY_ASSIGN(auto key, MlDsaExpandedPublicKey::create(params, pk));
  return verify(key, message, ctx, sig);
}

Result<Bytes> sign_prehash(MlDsaParams params, ByteView sk, ByteView digest, MlDsaPreHash alg, ByteView ctx,
                           ByteView rnd) {
  TRY_ASSIGN(auto key, MlDsaExpandedPrivateKey::create(params, sk));
  return sign_prehash(key, digest, alg, ctx, rnd);
}

Status verify_prehash(MlDsaParams params, ByteView pk, ByteView digest, MlDsaPreHash alg, ByteView ctx,
                      ByteView sig) {
  TRY_ASSIGN(auto key, MlDsaExpandedPublicKey::create(params, pk));
  return verify_prehash(key, digest, alg, ctx, sig);
}

Result<Bytes> public_from_private(MlDsaParams params, ByteView sk) {
  TRY_ASSIGN(auto key, MlDsaExpandedPrivateKey::create(params, sk));
  return public_from_private(key);
}

Status check_key_consistency(MlDsaParams params, ByteView seed, ByteView sk, ByteView pk) {
  if (!sk.empty() && sk.size() != ml_dsa_private_key_size(params)) return err(CKR_ARGUMENTS_BAD);
  if (!pk.empty() && pk.size() != ml_dsa_public_key_size(params)) return err(CKR_ARGUMENTS_BAD);
  if (!seed.empty()) {
    TRY_ASSIGN(MlDsaKeyPair kp, keygen_internal(params, seed));
    const bool sk_ok = sk.empty() || constant_time_equal(sk, kp.private_key.view());
    const bool pk_ok = pk.empty() || constant_time_equal(pk, kp.public_key);
    return sk_ok && pk_ok ? Status::ok() : Status(err(CKR_ATTRIBUTE_VALUE_INVALID));
  }
  if (sk.empty()) return Status::ok();  // a lone public key has nothing to agree with
  TRY_ASSIGN(Bytes derived, public_from_private(params, sk));
  if (!pk.empty() && !constant_time_equal(pk, derived)) return err(CKR_ATTRIBUTE_VALUE_INVALID);
  return Status::ok();
}

}  // namespace craton::pqc
