// The ML-DSA API contract (pqc/ml_dsa.h): sizes, error codes, hedged and
// deterministic signing, expanded keys, streaming mu, HashML-DSA OIDs,
// public_from_private and the seed / value import checks.
#include <gtest/gtest.h>

#include <thread>

#include "ml_dsa_test_util.h"

namespace craton {
namespace {

using pqc::MlDsaParams;

Bytes seed_of(std::uint8_t v) { return Bytes(32, v); }
Bytes rnd_of(std::uint8_t v) { return Bytes(32, v); }
const Bytes kMsg = {'a', 'b', 'c'};

class MlDsaApi : public ::testing::TestWithParam<MlDsaParams> {
 protected:
  void SetUp() override {
    auto kp = pqc::keygen_internal(GetParam(), seed_of(7));
    ASSERT_TRUE(kp.is_ok());
    pk = kp->public_key;
    sk = kp->private_key;
  }
  Bytes pk;
  SecureBytes sk;
};

TEST_P(MlDsaApi, SizesMatchFips204) {
  const MlDsaParams p = GetParam();
  const std::size_t want_pk = p == MlDsaParams::k44 ? 1312 : p == MlDsaParams::k65 ? 1952 : 2592;
  const std::size_t want_sk = p == MlDsaParams::k44 ? 2560 : p == MlDsaParams::k65 ? 4032 : 4896;
  const std::size_t want_sig = p == MlDsaParams::k44 ? 2420 : p == MlDsaParams::k65 ? 3309 : 4627;
  EXPECT_EQ(pk.size(), want_pk);
  EXPECT_EQ(sk.size(), want_sk);
  EXPECT_EQ(pqc::ml_dsa_public_key_size(p), want_pk);
  EXPECT_EQ(pqc::ml_dsa_private_key_size(p), want_sk);
  EXPECT_EQ(pqc::ml_dsa_signature_size(p), want_sig);
}

TEST_P(MlDsaApi, SignVerifyRoundTripAndRejections) {
  const MlDsaParams p = GetParam();
  const Bytes ctx = {1, 2, 3};
  auto sig = pqc::sign(p, sk.view(), kMsg, ctx, rnd_of(9));
  ASSERT_TRUE(sig.is_ok());
  EXPECT_TRUE(pqc::verify(p, pk, kMsg, ctx, *sig).is_ok());
  EXPECT_EQ(pqc::verify(p, pk, Bytes{'a', 'b', 'd'}, ctx, *sig).rv(), CKR_SIGNATURE_INVALID);
  EXPECT_EQ(pqc::verify(p, pk, kMsg, Bytes{}, *sig).rv(), CKR_SIGNATURE_INVALID);
  Bytes bad = *sig;
  bad[bad.size() / 2] ^= 0x10;
  EXPECT_EQ(pqc::verify(p, pk, kMsg, ctx, bad).rv(), CKR_SIGNATURE_INVALID);
  bad = *sig;
  bad.push_back(0);
  EXPECT_EQ(pqc::verify(p, pk, kMsg, ctx, bad).rv(), CKR_SIGNATURE_LEN_RANGE);
  bad.resize(sig->size() - 1);
  EXPECT_EQ(pqc::verify(p, pk, kMsg, ctx, bad).rv(), CKR_SIGNATURE_LEN_RANGE);
  EXPECT_EQ(pqc::verify(p, Bytes(pk.begin(), pk.end() - 1), kMsg, ctx, *sig).rv(), CKR_ARGUMENTS_BAD);
  // The same bytes as a pre-hash or internal signature must not verify.
  EXPECT_EQ(pqc::verify_internal(p, pk, kMsg, *sig).rv(), CKR_SIGNATURE_INVALID);
}

TEST_P(MlDsaApi, ArgumentErrors) {
  const MlDsaParams p = GetParam();
  EXPECT_EQ(pqc::keygen_internal(p, Bytes(31)).rv(), CKR_ARGUMENTS_BAD);
  EXPECT_EQ(pqc::keygen_internal(p, Bytes(33)).rv(), CKR_ARGUMENTS_BAD);
  EXPECT_EQ(pqc::sign(p, sk.view(), kMsg, {}, Bytes(31)).rv(), CKR_ARGUMENTS_BAD);
  EXPECT_EQ(pqc::sign(p, ByteView(sk.data(), sk.size() - 1), kMsg, {}, rnd_of(0)).rv(), CKR_ARGUMENTS_BAD);
  const Bytes ctx255(255, 0x55), ctx256(256, 0x55);
  auto sig = pqc::sign(p, sk.view(), kMsg, ctx255, rnd_of(0));
  ASSERT_TRUE(sig.is_ok());
  EXPECT_TRUE(pqc::verify(p, pk, kMsg, ctx255, *sig).is_ok());
  EXPECT_EQ(pqc::sign(p, sk.view(), kMsg, ctx256, rnd_of(0)).rv(), CKR_ARGUMENTS_BAD);
  EXPECT_EQ(pqc::verify(p, pk, kMsg, ctx256, *sig).rv(), CKR_ARGUMENTS_BAD);
  EXPECT_EQ(pqc::sign_prehash(p, sk.view(), Bytes(31), pqc::MlDsaPreHash::kSha256, {}, rnd_of(0)).rv(),
            CKR_ARGUMENTS_BAD);
  auto key = pqc::MlDsaExpandedPrivateKey::create(p, sk.view());
  ASSERT_TRUE(key.is_ok());
  Bytes out(pqc::ml_dsa_signature_size(p));
  EXPECT_EQ(pqc::sign_mu(*key, Bytes(63), rnd_of(0), out).rv(), CKR_ARGUMENTS_BAD);
  out.pop_back();
  EXPECT_EQ(pqc::sign_mu(*key, Bytes(64), rnd_of(0), out).rv(), CKR_ARGUMENTS_BAD);
  EXPECT_EQ(pqc::MlDsaMuHasher::pure(Bytes(63), {}).rv(), CKR_ARGUMENTS_BAD);
}

TEST_P(MlDsaApi, DeterministicAndHedgedSigning) {
  const MlDsaParams p = GetParam();
  auto a = pqc::sign(p, sk.view(), kMsg, {}, rnd_of(0));
  auto b = pqc::sign(p, sk.view(), kMsg, {}, rnd_of(0));
  auto c = pqc::sign(p, sk.view(), kMsg, {}, rnd_of(1));
  ASSERT_TRUE(a.is_ok() && b.is_ok() && c.is_ok());
  EXPECT_EQ(*a, *b);
  EXPECT_NE(*a, *c);
  EXPECT_TRUE(pqc::verify(p, pk, kMsg, {}, *c).is_ok());
}

TEST_P(MlDsaApi, ExpandedKeysAndStreamingMuAgreeWithByteApi) {
  const MlDsaParams p = GetParam();
  auto key = pqc::MlDsaExpandedPrivateKey::create(p, sk.view());
  auto pub = pqc::MlDsaExpandedPublicKey::create(p, pk);
  ASSERT_TRUE(key.is_ok() && pub.is_ok());
  EXPECT_EQ(key->params(), p);
  EXPECT_EQ(pub->params(), p);
  EXPECT_TRUE(std::equal(key->tr().begin(), key->tr().end(), pub->tr().begin()));
  const Bytes ctx = {'c', 't', 'x'};
  Bytes msg(1000);
  for (std::size_t i = 0; i < msg.size(); ++i) msg[i] = static_cast<std::uint8_t>(i * 13);
  auto want = pqc::sign(p, sk.view(), msg, ctx, rnd_of(3));
  ASSERT_TRUE(want.is_ok());
  auto again = pqc::sign(*key, msg, ctx, rnd_of(3));  // reused expanded key
  ASSERT_TRUE(again.is_ok());
  EXPECT_EQ(*again, *want);
  auto h = pqc::MlDsaMuHasher::pure(key->tr(), ctx);
  ASSERT_TRUE(h.is_ok());
  for (std::size_t off = 0; off < msg.size(); off += 137)
    h->update(ByteView(msg).subspan(off, std::min<std::size_t>(137, msg.size() - off)));
  const auto mu = h->finish();
  Bytes streamed(pqc::ml_dsa_signature_size(p));
  ASSERT_TRUE(pqc::sign_mu(*key, mu, rnd_of(3), streamed).is_ok());
  EXPECT_EQ(streamed, *want);
  EXPECT_TRUE(pqc::verify_mu(*pub, mu, streamed).is_ok());
  EXPECT_TRUE(pqc::verify(*pub, msg, ctx, streamed).is_ok());
}

TEST_P(MlDsaApi, PreHashIsDomainSeparated) {
  const MlDsaParams p = GetParam();
  auto ph = mldsatest::prehash("SHA2-256", kMsg);
  auto sig = pqc::sign_prehash(p, sk.view(), ph.digest, ph.alg, {}, rnd_of(0));
  ASSERT_TRUE(sig.is_ok());
  EXPECT_TRUE(pqc::verify_prehash(p, pk, ph.digest, ph.alg, {}, *sig).is_ok());
  // Same digest bytes under another OID of the same length, or as a pure message.
  EXPECT_EQ(pqc::verify_prehash(p, pk, ph.digest, pqc::MlDsaPreHash::kSha3_256, {}, *sig).rv(),
            CKR_SIGNATURE_INVALID);
  EXPECT_EQ(pqc::verify(p, pk, ph.digest, {}, *sig).rv(), CKR_SIGNATURE_INVALID);
  EXPECT_EQ(pqc::verify_prehash(p, pk, kMsg, ph.alg, {}, *sig).rv(), CKR_ARGUMENTS_BAD);
}

TEST_P(MlDsaApi, PublicFromPrivateAndConsistency) {
  const MlDsaParams p = GetParam();
  auto derived = pqc::public_from_private(p, sk.view());
  ASSERT_TRUE(derived.is_ok());
  EXPECT_EQ(*derived, pk);
  auto other = pqc::keygen_internal(p, seed_of(8));
  ASSERT_TRUE(other.is_ok());
  const Bytes seed = seed_of(7);
  EXPECT_TRUE(pqc::check_key_consistency(p, seed, sk.view(), pk).is_ok());
  EXPECT_TRUE(pqc::check_key_consistency(p, seed, {}, {}).is_ok());
  EXPECT_TRUE(pqc::check_key_consistency(p, {}, sk.view(), pk).is_ok());
  EXPECT_TRUE(pqc::check_key_consistency(p, {}, sk.view(), {}).is_ok());
  EXPECT_TRUE(pqc::check_key_consistency(p, seed, {}, pk).is_ok());
  EXPECT_EQ(pqc::check_key_consistency(p, seed, other->private_key.view(), {}).rv(), CKR_ATTRIBUTE_VALUE_INVALID);
  EXPECT_EQ(pqc::check_key_consistency(p, seed, sk.view(), other->public_key).rv(), CKR_ATTRIBUTE_VALUE_INVALID);
  EXPECT_EQ(pqc::check_key_consistency(p, {}, sk.view(), other->public_key).rv(), CKR_ATTRIBUTE_VALUE_INVALID);
  EXPECT_EQ(pqc::check_key_consistency(p, Bytes(31), {}, {}).rv(), CKR_ARGUMENTS_BAD);
  EXPECT_EQ(pqc::check_key_consistency(p, seed, Bytes(10), {}).rv(), CKR_ARGUMENTS_BAD);
  EXPECT_EQ(pqc::check_key_consistency(p, {}, {}, Bytes(10)).rv(), CKR_ARGUMENTS_BAD);

  // A private key whose tr, t0 or s1 was altered is caught.
  SecureBytes bad = sk;
  bad[70] ^= 1;  // inside tr
  EXPECT_EQ(pqc::public_from_private(p, bad.view()).rv(), CKR_ATTRIBUTE_VALUE_INVALID);
  EXPECT_EQ(pqc::check_key_consistency(p, {}, bad.view(), pk).rv(), CKR_ATTRIBUTE_VALUE_INVALID);
  bad = sk;
  bad[bad.size() - 1] ^= 0x20;  // inside t0
  EXPECT_EQ(pqc::public_from_private(p, bad.view()).rv(), CKR_ATTRIBUTE_VALUE_INVALID);
  bad = sk;
  bad[128] = 0xFF;  // s1 fields 7 (eta 2) or 15 (eta 4): outside [-eta, eta]
  EXPECT_EQ(pqc::MlDsaExpandedPrivateKey::create(p, bad.view()).rv(), CKR_ATTRIBUTE_VALUE_INVALID);
  EXPECT_EQ(pqc::sign(p, bad.view(), kMsg, {}, rnd_of(0)).rv(), CKR_ATTRIBUTE_VALUE_INVALID);
}

TEST_P(MlDsaApi, FromSeedMatchesKeygen) {
  const MlDsaParams p = GetParam();
  Bytes pk2;
  SecureBytes sk2;
  auto key = pqc::MlDsaExpandedPrivateKey::from_seed(p, seed_of(7), &pk2, &sk2);
  ASSERT_TRUE(key.is_ok());
  EXPECT_EQ(pk2, pk);
  EXPECT_TRUE(sk2 == sk);
  auto derived = pqc::public_from_private(*key);
  ASSERT_TRUE(derived.is_ok());
  EXPECT_EQ(*derived, pk);
}

TEST_P(MlDsaApi, ExpandedKeyIsSharedAcrossThreads) {
  const MlDsaParams p = GetParam();
  auto key = pqc::MlDsaExpandedPrivateKey::create(p, sk.view());
  ASSERT_TRUE(key.is_ok());
  Result<Bytes> a = err(CKR_GENERAL_ERROR), b = err(CKR_GENERAL_ERROR);
  std::thread t1([&] { a = pqc::sign(*key, kMsg, {}, rnd_of(0)); });
  std::thread t2([&] { b = pqc::sign(*key, kMsg, {}, rnd_of(0)); });
  t1.join();
  t2.join();
  ASSERT_TRUE(a.is_ok() && b.is_ok());
  EXPECT_EQ(*a, *b);
}

INSTANTIATE_TEST_SUITE_P(All, MlDsaApi, ::testing::Values(MlDsaParams::k44, MlDsaParams::k65, MlDsaParams::k87),
                         [](const ::testing::TestParamInfo<MlDsaParams>& i) {
                           return i.param == MlDsaParams::k44 ? "MlDsa44" : i.param == MlDsaParams::k65 ? "MlDsa65" : "MlDsa87";
                         });

// FIPS 204 section 5.4.1: DER OIDs 2.16.840.1.101.3.4.2.x and digest sizes.
TEST(MlDsaPreHashOids, AllTwelve) {
  struct Row {
    pqc::MlDsaPreHash alg;
    std::uint8_t last;
    std::size_t size;
  };
  using H = pqc::MlDsaPreHash;
  const Row rows[] = {{H::kSha256, 1, 32},    {H::kSha384, 2, 48},     {H::kSha512, 3, 64},
                      {H::kSha224, 4, 28},    {H::kSha512_224, 5, 28}, {H::kSha512_256, 6, 32},
                      {H::kSha3_224, 7, 28},  {H::kSha3_256, 8, 32},   {H::kSha3_384, 9, 48},
                      {H::kSha3_512, 10, 64}, {H::kShake128, 11, 32},  {H::kShake256, 12, 64}};
  for (const Row& r : rows) {
    const Bytes want = {0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, r.last};
    const ByteView got = pqc::ml_dsa_prehash_oid(r.alg);
    EXPECT_EQ(Bytes(got.begin(), got.end()), want) << int(r.last);
    EXPECT_EQ(pqc::ml_dsa_prehash_size(r.alg), r.size) << int(r.last);
  }
}

}  // namespace
}  // namespace craton
