// SLH-DSA external interfaces (FIPS 205 section 10): pure and HashSLH-DSA
// build M' exactly as the standard says (checked against the internal
// function, which the ACVP vectors pin down), tampering is detected, and bad
// lengths are refused with the documented CK_RVs.
#include <gtest/gtest.h>

#include <cstring>
#include <initializer_list>
#include <vector>

#include "crypto/hash.h"
#include "pqc/keccak.h"
#include "slh_dsa_test_util.h"

namespace {

namespace pqc = craton::pqc;
using craton::Bytes;
using craton::ByteView;
using pqc::SlhDsaParams;
using pqc::SlhPreHash;

Bytes seq(std::size_t len, std::uint8_t start) {
  Bytes b(len);
  for (std::size_t i = 0; i < len; ++i) b[i] = static_cast<std::uint8_t>(start + i);
  return b;
}

pqc::SlhDsaKeyPair make_key(SlhDsaParams p) {
  const std::size_t n = pqc::slh_dsa_n(p);
  auto kp = pqc::slh_keygen_internal(p, seq(n, 1), seq(n, 0x40), seq(n, 0x80));
  EXPECT_TRUE(kp.is_ok());
  return std::move(kp).value();
}

// Concatenation into a pre-sized vector (GCC -O3 misreads insert chains).
Bytes cat(std::initializer_list<ByteView> parts) {
  std::size_t total = 0;
  for (ByteView p : parts) total += p.size();
  Bytes out(total);
  std::size_t off = 0;
  for (ByteView p : parts) {
    if (!p.empty()) std::memcpy(out.data() + off, p.data(), p.size());
    off += p.size();
  }
  return out;
}

// A copy with one bit flipped at `pos`.
Bytes flip(ByteView b, std::size_t pos) {
  Bytes out(b.begin(), b.end());
  if (pos < out.size()) out[pos] = static_cast<std::uint8_t>(out[pos] ^ 1);
  return out;
}

Bytes pure_mprime(ByteView ctx, ByteView msg) {
  const std::uint8_t head[2] = {0, static_cast<std::uint8_t>(ctx.size())};
  return cat({head, ctx, msg});
}

TEST(SlhDsaApi, SizesMatchFips205Table2) {
  const std::size_t sig[12] = {7856, 17088, 16224, 35664, 29792, 49856, 7856, 17088, 16224, 35664, 29792, 49856};
  const std::size_t n[12] = {16, 16, 24, 24, 32, 32, 16, 16, 24, 24, 32, 32};
  for (int i = 0; i < 12; ++i) {
    const auto p = static_cast<SlhDsaParams>(i);
    EXPECT_EQ(pqc::slh_dsa_sig_bytes(p), sig[i]);
    EXPECT_EQ(pqc::slh_dsa_pk_bytes(p), 2 * n[i]);
    EXPECT_EQ(pqc::slh_dsa_sk_bytes(p), 4 * n[i]);
    EXPECT_EQ(pqc::slh_params_from_name(pqc::slh_param_set(p).name), p);
  }
  EXPECT_FALSE(pqc::slh_params_from_name("SLH-DSA-SHA2-128x").has_value());
}

// Pure SLH-DSA on every fast parameter set: M' = 0 || |ctx| || ctx || M.
TEST(SlhDsaApi, PureSignIsInternalSignOfMPrimeForEveryFastSet) {
  for (SlhDsaParams p : pqc::kAllSlhDsaParams) {
    if (pqc::slh_param_set(p).name.back() != 'f') continue;
    SCOPED_TRACE(std::string(pqc::slh_param_set(p).name));
    const auto kp = make_key(p);
    const Bytes msg = seq(100, 7), ctx = seq(9, 0xA0), rnd = seq(pqc::slh_dsa_n(p), 0x33);
    auto sig = pqc::slh_sign(p, kp.sk.view(), msg, ctx, rnd);
    ASSERT_TRUE(sig.is_ok());
    ASSERT_EQ(sig->size(), pqc::slh_dsa_sig_bytes(p));
    auto ref = pqc::slh_sign_internal(p, kp.sk.view(), pure_mprime(ctx, msg), rnd);
    ASSERT_TRUE(ref.is_ok());
    EXPECT_EQ(*sig, *ref);
    EXPECT_TRUE(pqc::slh_verify(p, kp.pk, msg, ctx, *sig).is_ok());
    EXPECT_EQ(pqc::slh_verify(p, kp.pk, msg, seq(9, 0xA1), *sig).rv(), CKR_SIGNATURE_INVALID);
    EXPECT_EQ(pqc::slh_verify(p, kp.pk, msg, ByteView(), *sig).rv(), CKR_SIGNATURE_INVALID);
    // The internal verification of M' accepts it; of M alone it does not.
    EXPECT_TRUE(pqc::slh_verify_internal(p, kp.pk, pure_mprime(ctx, msg), *sig).is_ok());
    EXPECT_EQ(pqc::slh_verify_internal(p, kp.pk, msg, *sig).rv(), CKR_SIGNATURE_INVALID);
  }
}

TEST(SlhDsaApi, TamperingIsDetected) {
  const auto p = SlhDsaParams::kSha2_128f;
  const auto kp = make_key(p);
  const Bytes msg = seq(33, 1);
  auto sig = pqc::slh_sign(p, kp.sk.view(), msg, ByteView(), ByteView());
  ASSERT_TRUE(sig.is_ok());
  ASSERT_TRUE(pqc::slh_verify(p, kp.pk, msg, ByteView(), *sig).is_ok());
  // R, the FORS part, the first and the last hypertree layer.
  for (std::size_t pos : {std::size_t{0}, std::size_t{20}, std::size_t{3000}, sig->size() - 1}) {
    EXPECT_EQ(pqc::slh_verify(p, kp.pk, msg, ByteView(), flip(*sig, pos)).rv(), CKR_SIGNATURE_INVALID) << pos;
  }
  EXPECT_EQ(pqc::slh_verify(p, kp.pk, flip(msg, 0), ByteView(), *sig).rv(), CKR_SIGNATURE_INVALID);
  EXPECT_EQ(pqc::slh_verify(p, flip(kp.pk, 31), msg, ByteView(), *sig).rv(), CKR_SIGNATURE_INVALID);
  const std::uint8_t zero[1] = {0};
  const Bytes shorter(sig->begin(), sig->end() - 1), longer = cat({*sig, zero});
  EXPECT_EQ(pqc::slh_verify(p, kp.pk, msg, ByteView(), shorter).rv(), CKR_SIGNATURE_LEN_RANGE);
  EXPECT_EQ(pqc::slh_verify(p, kp.pk, msg, ByteView(), longer).rv(), CKR_SIGNATURE_LEN_RANGE);
  EXPECT_EQ(pqc::slh_verify(p, kp.pk, msg, ByteView(), ByteView()).rv(), CKR_SIGNATURE_LEN_RANGE);
  // A signature of another parameter set with the same n does not fit either.
  EXPECT_EQ(pqc::slh_verify(SlhDsaParams::kShake_128f, kp.pk, msg, ByteView(), *sig).rv(),
            CKR_SIGNATURE_INVALID);
}

TEST(SlhDsaApi, DeterministicAndHedgedSigning) {
  const auto p = SlhDsaParams::kShake_128f;
  const auto kp = make_key(p);
  const Bytes msg = seq(5, 9);
  auto a = pqc::slh_sign(p, kp.sk.view(), msg, ByteView(), ByteView());
  auto b = pqc::slh_sign(p, kp.sk.view(), msg, ByteView(), ByteView());
  // opt_rand = PK.seed when no randomness is given.
  auto c = pqc::slh_sign(p, kp.sk.view(), msg, ByteView(), ByteView(kp.pk.data(), 16));
  auto d = pqc::slh_sign(p, kp.sk.view(), msg, ByteView(), seq(16, 0xEE));
  ASSERT_TRUE(a.is_ok() && b.is_ok() && c.is_ok() && d.is_ok());
  EXPECT_EQ(*a, *b);
  EXPECT_EQ(*a, *c);
  EXPECT_NE(*a, *d);
  EXPECT_TRUE(pqc::slh_verify(p, kp.pk, msg, ByteView(), *d).is_ok());
}

TEST(SlhDsaApi, BadLengthsAreRefused) {
  const auto p = SlhDsaParams::kSha2_128f;
  const auto kp = make_key(p);
  const Bytes msg = seq(10, 0), ctx255 = seq(255, 0), ctx256 = seq(256, 0);
  EXPECT_EQ(pqc::slh_keygen_internal(p, seq(15, 0), seq(16, 0), seq(16, 0)).rv(), CKR_ARGUMENTS_BAD);
  EXPECT_EQ(pqc::slh_keygen_internal(p, seq(16, 0), seq(17, 0), seq(16, 0)).rv(), CKR_ARGUMENTS_BAD);
  EXPECT_EQ(pqc::slh_keygen_internal(p, seq(16, 0), seq(16, 0), ByteView()).rv(), CKR_ARGUMENTS_BAD);
  EXPECT_EQ(pqc::slh_sign(p, ByteView(kp.sk.data(), 63), msg, ByteView(), ByteView()).rv(), CKR_ARGUMENTS_BAD);
  EXPECT_EQ(pqc::slh_sign(p, kp.sk.view(), msg, ByteView(), seq(15, 0)).rv(), CKR_ARGUMENTS_BAD);
  EXPECT_EQ(pqc::slh_sign(p, kp.sk.view(), msg, ctx256, ByteView()).rv(), CKR_ARGUMENTS_BAD);
  EXPECT_EQ(pqc::slh_sign_internal(SlhDsaParams::kSha2_192f, kp.sk.view(), msg, ByteView()).rv(),
            CKR_ARGUMENTS_BAD);
  auto sig = pqc::slh_sign(p, kp.sk.view(), msg, ctx255, ByteView());
  ASSERT_TRUE(sig.is_ok());
  EXPECT_TRUE(pqc::slh_verify(p, kp.pk, msg, ctx255, *sig).is_ok());
  EXPECT_EQ(pqc::slh_verify(p, kp.pk, msg, ctx256, *sig).rv(), CKR_ARGUMENTS_BAD);
  EXPECT_EQ(pqc::slh_verify(p, ByteView(kp.pk.data(), 31), msg, ctx255, *sig).rv(), CKR_ARGUMENTS_BAD);
  const Bytes digest(32, 1);
  EXPECT_EQ(pqc::slh_sign_prehash(p, kp.sk.view(), seq(31, 0), SlhPreHash::kSha256, ByteView(), ByteView()).rv(),
            CKR_ARGUMENTS_BAD);
  EXPECT_EQ(pqc::slh_sign_prehash(p, kp.sk.view(), digest, SlhPreHash::kSha512, ByteView(), ByteView()).rv(),
            CKR_ARGUMENTS_BAD);
  EXPECT_EQ(pqc::slh_verify_prehash(p, kp.pk, digest, SlhPreHash::kSha256, ctx256, *sig).rv(), CKR_ARGUMENTS_BAD);
}

// The OIDs of FIPS 205 Algorithm 23 (SHA-256, SHA-512, SHAKE128, SHAKE256)
// and the rest of the 2.16.840.1.101.3.4.2 arc.
TEST(SlhDsaApi, PreHashOidsAndDigests) {
  using slh_test::hex;
  EXPECT_EQ(hex(pqc::slh_prehash_oid(SlhPreHash::kSha256)), "0609608648016503040201");
  EXPECT_EQ(hex(pqc::slh_prehash_oid(SlhPreHash::kSha512)), "0609608648016503040203");
  EXPECT_EQ(hex(pqc::slh_prehash_oid(SlhPreHash::kShake128)), "060960864801650304020B");
  EXPECT_EQ(hex(pqc::slh_prehash_oid(SlhPreHash::kShake256)), "060960864801650304020C");
  EXPECT_EQ(hex(pqc::slh_prehash_oid(SlhPreHash::kSha224)), "0609608648016503040204");
  EXPECT_EQ(hex(pqc::slh_prehash_oid(SlhPreHash::kSha3_512)), "060960864801650304020A");

  using craton::crypto::HashAlg;
  const std::pair<SlhPreHash, HashAlg> with_openssl[] = {
      {SlhPreHash::kSha224, HashAlg::kSha224},         {SlhPreHash::kSha256, HashAlg::kSha256},
      {SlhPreHash::kSha384, HashAlg::kSha384},         {SlhPreHash::kSha512, HashAlg::kSha512},
      {SlhPreHash::kSha512_224, HashAlg::kSha512_224}, {SlhPreHash::kSha512_256, HashAlg::kSha512_256},
      {SlhPreHash::kSha3_224, HashAlg::kSha3_224},     {SlhPreHash::kSha3_256, HashAlg::kSha3_256},
      {SlhPreHash::kSha3_384, HashAlg::kSha3_384},     {SlhPreHash::kSha3_512, HashAlg::kSha3_512},
  };
  for (std::size_t len : {0u, 3u, 200u}) {
    const Bytes msg = seq(len, 3);
    for (const auto& [ph, alg] : with_openssl) {
      auto want = craton::crypto::hash(alg, msg);
      ASSERT_TRUE(want.is_ok());
      EXPECT_EQ(pqc::slh_prehash_compute(ph, msg), want.value()) << static_cast<int>(ph);
      EXPECT_EQ(pqc::slh_prehash_digest_bytes(ph), want->size());
    }
    Bytes s128(32), s256(64);
    pqc::shake128(msg, s128);
    pqc::shake256(msg, s256);
    EXPECT_EQ(pqc::slh_prehash_compute(SlhPreHash::kShake128, msg), s128);
    EXPECT_EQ(pqc::slh_prehash_compute(SlhPreHash::kShake256, msg), s256);
  }
}

// HashSLH-DSA: M' = 1 || |ctx| || ctx || OID(PH) || PH(M), for every hash.
TEST(SlhDsaApi, PreHashSignIsInternalSignOfMPrime) {
  const auto p = SlhDsaParams::kSha2_128f;
  const auto kp = make_key(p);
  const Bytes msg = seq(77, 2), ctx = seq(3, 0xC0);
  for (int i = 0; i < 12; ++i) {
    const auto ph = static_cast<SlhPreHash>(i);
    SCOPED_TRACE(i);
    const Bytes digest = pqc::slh_prehash_compute(ph, msg);
    auto sig = pqc::slh_sign_prehash(p, kp.sk.view(), digest, ph, ctx, ByteView());
    ASSERT_TRUE(sig.is_ok());
    const std::uint8_t head[2] = {1, static_cast<std::uint8_t>(ctx.size())};
    const Bytes mprime = cat({head, ctx, pqc::slh_prehash_oid(ph), digest});
    EXPECT_TRUE(pqc::slh_verify_internal(p, kp.pk, mprime, *sig).is_ok());
    EXPECT_TRUE(pqc::slh_verify_prehash(p, kp.pk, digest, ph, ctx, *sig).is_ok());
    // Neither pure verification of the digest nor another context accepts it.
    EXPECT_EQ(pqc::slh_verify(p, kp.pk, digest, ctx, *sig).rv(), CKR_SIGNATURE_INVALID);
    EXPECT_EQ(pqc::slh_verify_prehash(p, kp.pk, digest, ph, ByteView(), *sig).rv(), CKR_SIGNATURE_INVALID);
  }
  // Same digest bytes under another hash's OID do not verify.
  const Bytes d = pqc::slh_prehash_compute(SlhPreHash::kSha256, msg);
  auto sig = pqc::slh_sign_prehash(p, kp.sk.view(), d, SlhPreHash::kSha256, ctx, ByteView());
  ASSERT_TRUE(sig.is_ok());
  EXPECT_EQ(pqc::slh_verify_prehash(p, kp.pk, d, SlhPreHash::kSha3_256, ctx, *sig).rv(), CKR_SIGNATURE_INVALID);
}

}  // namespace
