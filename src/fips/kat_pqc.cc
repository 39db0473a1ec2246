// Known-answer tests of the post-quantum algorithms (FIPS 203, 204, 205).
// None of them is an approved algorithm of this module (no validation
// covers our implementation), but they run in the POST anyway: the
// mechanisms are offered, and a broken build must not serve them.
//
// Each test runs src/pqc (the code the mechanisms call) on a NIST ACVP
// vector (kat_pqc_vectors.h) and compares the exact output; long outputs
// are compared through their SHA3-256 digest.
#include <array>

#include "crypto/hash.h"
#include "fips/kat_pqc_vectors.h"
#include "fips/kats.h"
#include "pqc/ml_dsa.h"
#include "pqc/ml_kem.h"
#include "pqc/slh_dsa.h"

namespace craton::fips {
namespace {

namespace v = pqc_vectors;

// Compares SHA3-256(actual) with an embedded digest of the expected value.
Status check_digest(KatContext& ctx, ByteView actual, const char* expected_sha3_hex) {
  TRY_ASSIGN(Bytes digest, crypto::hash(crypto::HashAlg::kSha3_256, actual));
  return ctx.check(digest, hex(expected_sha3_hex));
}

// A message that differs from `msg` in one bit, for the negative checks.
Bytes altered(ByteView msg) {
  Bytes out(msg.begin(), msg.end());
  if (!out.empty()) out[0] ^= 0x80;
  return out;
}

}  // namespace

Status kat_ml_kem_768_keygen(KatContext& ctx) {
  TRY_ASSIGN(pqc::MlKemKeyPair kp,
             pqc::ml_kem_keygen_internal(pqc::MlKemParams::k768, hex(v::kMlKemKeygenD), hex(v::kMlKemKeygenZ)));
  TRY_STATUS(check_digest(ctx, kp.ek, v::kMlKemKeygenEkSha3));
  return check_digest(ctx, kp.dk, v::kMlKemKeygenDkSha3);
}

Status kat_ml_kem_768_encaps(KatContext& ctx) {
  TRY_ASSIGN(auto ek, pqc::MlKemEncapsKey::parse(pqc::MlKemParams::k768, hex(v::kMlKemEncapsEk)));
  TRY_ASSIGN(pqc::MlKemEncapsulation enc, ek->encaps(hex(v::kMlKemEncapsM)));
  TRY_STATUS(check_digest(ctx, enc.ciphertext, v::kMlKemEncapsCSha3));
  return ctx.check(enc.shared_secret, hex(v::kMlKemEncapsK));
}

// Key from (d, z), then decapsulation of the vector's ciphertext.
Status kat_ml_kem_768_decaps(KatContext& ctx) {
  TRY_ASSIGN(pqc::MlKemKeyPair kp,
             pqc::ml_kem_keygen_internal(pqc::MlKemParams::k768, hex(v::kMlKemDecapsD), hex(v::kMlKemDecapsZ)));
  TRY_ASSIGN(auto dk, pqc::MlKemDecapsKey::parse(pqc::MlKemParams::k768, kp.dk));
  TRY_ASSIGN(SecureBytes k, dk->decaps(hex(v::kMlKemDecapsC)));
  return ctx.check(k, hex(v::kMlKemDecapsK));
}

Status kat_ml_dsa_44_keygen(KatContext& ctx) {
  Bytes pk;
  SecureBytes sk;
  TRY_ASSIGN(auto key, pqc::MlDsaExpandedPrivateKey::from_seed(pqc::MlDsaParams::k44, hex(v::kMlDsaKeygenSeed), &pk, &sk));
  (void)key;
  TRY_STATUS(check_digest(ctx, pk, v::kMlDsaKeygenPkSha3));
  return check_digest(ctx, sk, v::kMlDsaKeygenSkSha3);
}

// Deterministic signing (rnd = 0^32) compared with the vector, then the
// signature verifies under the public key recomputed from sk, and not for
// another message.
Status kat_ml_dsa_44_sign_verify(KatContext& ctx) {
  const Bytes message = hex(v::kMlDsaSignMessage);
  const Bytes context = hex(v::kMlDsaSignContext);
  TRY_ASSIGN(auto key, pqc::MlDsaExpandedPrivateKey::create(pqc::MlDsaParams::k44, hex(v::kMlDsaSignSk)));
  const std::array<std::uint8_t, pqc::kMlDsaRndSize> rnd{};
  TRY_ASSIGN(Bytes sig, pqc::sign(key, message, context, rnd));
  TRY_STATUS(check_digest(ctx, sig, v::kMlDsaSignSigSha3));
  TRY_ASSIGN(Bytes pk, pqc::public_from_private(key));
  TRY_ASSIGN(auto pub, pqc::MlDsaExpandedPublicKey::create(pqc::MlDsaParams::k44, pk));
  const ByteView good = ctx.expected(sig);
  TRY_STATUS(pqc::verify(pub, message, context, good));
  return KatContext::must_fail(pqc::verify(pub, altered(message), context, good));
}

Status kat_slh_dsa_sha2_128f_keygen(KatContext& ctx) {
  TRY_ASSIGN(pqc::SlhDsaKeyPair kp,
             pqc::slh_keygen_internal(pqc::SlhDsaParams::kSha2_128f, hex(v::kSlhKeygenSkSeed),
                                      hex(v::kSlhKeygenSkPrf), hex(v::kSlhKeygenPkSeed)));
  TRY_STATUS(ctx.check(kp.pk, hex(v::kSlhKeygenPk)));
  return ctx.check(kp.sk, hex(v::kSlhKeygenSk));
}

// Deterministic signing over M' (opt_rand = PK.seed), then verification
// with pk = the last 2n bytes of sk, and a refusal for another message.
Status kat_slh_dsa_shake_128f_sign_verify(KatContext& ctx) {
  constexpr auto kParams = pqc::SlhDsaParams::kShake_128f;
  const Bytes sk = hex(v::kSlhSignSk);
  const Bytes message = hex(v::kSlhSignMessage);
  TRY_ASSIGN(Bytes sig, pqc::slh_sign_internal(kParams, sk, message, ByteView()));
  TRY_STATUS(check_digest(ctx, sig, v::kSlhSignSigSha3));
  const ByteView pk = ByteView(sk).subspan(2 * pqc::slh_dsa_n(kParams));
  const ByteView good = ctx.expected(sig);
  TRY_STATUS(pqc::slh_verify_internal(kParams, pk, message, good));
  return KatContext::must_fail(pqc::slh_verify_internal(kParams, pk, altered(message), good));
}

}  // namespace craton::fips
