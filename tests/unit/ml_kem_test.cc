// ML-KEM API behaviour: round trips for every parameter set, implicit
// rejection of tampered ciphertexts (exactly J(z || c), never an error),
// parsed keys agree with the one-shot functions, input checks and their
// error codes, and randomness taken only from the caller.
#include <array>

#include "ml_kem_test_util.h"
#include "pqc/keccak.h"

namespace craton {
namespace {
using namespace mlkem_test;
using pqc::MlKemParams;

constexpr std::array<MlKemParams, 3> kAll = {MlKemParams::k512, MlKemParams::k768, MlKemParams::k1024};

// A deterministic stand-in for the module's DRBG that counts what it hands out.
struct CountingRng {
  std::uint8_t next = 1;
  std::size_t drawn = 0;
  pqc::MlKemRandom fn() {
    return [this](MutableByteView out) {
      for (auto& b : out) b = next++;
      drawn += out.size();
      return Status::ok();
    };
  }
};

Bytes implicit_rejection_key(ByteView dk, ByteView c) {
  pqc::Shake256 j;
  j.absorb(dk.last(32));  // z
  j.absorb(c);
  Bytes k(32);
  j.squeeze(k);
  return k;
}

TEST(MlKem, SizesPerParameterSet) {
  EXPECT_EQ(pqc::ml_kem_ek_size(MlKemParams::k768), 1184u);
  EXPECT_EQ(pqc::ml_kem_dk_size(MlKemParams::k1024), 3168u);
  EXPECT_EQ(pqc::ml_kem_ct_size(MlKemParams::k512), 768u);
  EXPECT_EQ(pqc::kMlKemSharedSecretSize, 32u);
}

TEST(MlKem, RoundTripWithCallerRandomness) {
  for (MlKemParams p : kAll) {
    CountingRng rng;
    auto kp = pqc::ml_kem_keygen(p, rng.fn());
    ASSERT_TRUE(kp.is_ok());
    EXPECT_EQ(rng.drawn, 64u);
    ASSERT_EQ(kp->ek.size(), pqc::ml_kem_ek_size(p));
    ASSERT_EQ(kp->dk.size(), pqc::ml_kem_dk_size(p));
    EXPECT_TRUE(pqc::ml_kem_check_encapsulation_key(p, kp->ek).is_ok());
    EXPECT_TRUE(pqc::ml_kem_check_decapsulation_key(p, kp->dk.view()).is_ok());

    auto enc = pqc::ml_kem_encaps(p, kp->ek, rng.fn());
    ASSERT_TRUE(enc.is_ok());
    EXPECT_EQ(rng.drawn, 96u);
    ASSERT_EQ(enc->ciphertext.size(), pqc::ml_kem_ct_size(p));
    auto k = pqc::ml_kem_decaps(p, kp->dk.view(), enc->ciphertext);
    ASSERT_TRUE(k.is_ok());
    EXPECT_EQ(to_bytes(k->view()), to_bytes(enc->shared_secret.view()));

    // The same key from the 64-byte seed form.
    Bytes seed(64);
    for (std::size_t i = 0; i < 64; ++i) seed[i] = static_cast<std::uint8_t>(i + 1);
    auto again = pqc::ml_kem_keygen_from_seed(p, seed);
    ASSERT_TRUE(again.is_ok());
    EXPECT_EQ(again->ek, kp->ek);
    EXPECT_EQ(to_bytes(again->dk.view()), to_bytes(kp->dk.view()));
  }
}

TEST(MlKem, ParsedKeysMatchOneShot) {
  for (MlKemParams p : kAll) {
    auto kp = pqc::ml_kem_keygen_from_seed(p, Bytes(64, 0x5A));
    ASSERT_TRUE(kp.is_ok());
    auto ek = pqc::MlKemEncapsKey::parse(p, kp->ek);
    auto dk = pqc::MlKemDecapsKey::parse(p, kp->dk.view());
    ASSERT_TRUE(ek.is_ok() && dk.is_ok());
    EXPECT_EQ(to_bytes((*ek)->encoded()), kp->ek);
    EXPECT_EQ(to_bytes((*dk)->encaps_key()), kp->ek);
    EXPECT_EQ((*dk)->params(), p);
    for (std::uint8_t seed = 0; seed < 4; ++seed) {
      const Bytes m(32, seed);
      auto a = pqc::ml_kem_encaps(p, kp->ek, m);
      auto b = (*ek)->encaps(m);
      ASSERT_TRUE(a.is_ok() && b.is_ok());
      EXPECT_EQ(a->ciphertext, b->ciphertext);
      EXPECT_EQ(to_bytes(a->shared_secret.view()), to_bytes(b->shared_secret.view()));
      auto k = (*dk)->decaps(b->ciphertext);
      ASSERT_TRUE(k.is_ok());
      EXPECT_EQ(to_bytes(k->view()), to_bytes(a->shared_secret.view()));
    }
  }
}

// Any change to a well-formed ciphertext gives K-bar = J(z || c): the same
// value every time, from both APIs, and never an error.
TEST(MlKem, TamperedCiphertextGivesImplicitRejectionKey) {
  for (MlKemParams p : kAll) {
    auto kp = pqc::ml_kem_keygen_from_seed(p, Bytes(64, 0x33));
    ASSERT_TRUE(kp.is_ok());
    auto enc = pqc::ml_kem_encaps(p, kp->ek, Bytes(32, 0x44));
    ASSERT_TRUE(enc.is_ok());
    auto parsed = pqc::MlKemDecapsKey::parse(p, kp->dk.view());
    ASSERT_TRUE(parsed.is_ok());
    const std::size_t n = enc->ciphertext.size();
    for (std::size_t pos : {std::size_t{0}, n / 3, n - 129, n - 1}) {
      Bytes c = enc->ciphertext;
      c[pos] ^= 0x01;
      const Bytes want = implicit_rejection_key(kp->dk.view(), c);
      auto k1 = pqc::ml_kem_decaps(p, kp->dk.view(), c);
      auto k2 = (*parsed)->decaps(c);
      auto k3 = pqc::ml_kem_decaps(p, kp->dk.view(), c);
      ASSERT_TRUE(k1.is_ok() && k2.is_ok() && k3.is_ok()) << pos;
      EXPECT_EQ(to_bytes(k1->view()), want) << pos;
      EXPECT_EQ(to_bytes(k2->view()), want) << pos;
      EXPECT_EQ(to_bytes(k3->view()), want) << pos;
      EXPECT_NE(to_bytes(k1->view()), to_bytes(enc->shared_secret.view())) << pos;
    }
    // The untouched ciphertext still gives the real key.
    auto k = pqc::ml_kem_decaps(p, kp->dk.view(), enc->ciphertext);
    ASSERT_TRUE(k.is_ok());
    EXPECT_EQ(to_bytes(k->view()), to_bytes(enc->shared_secret.view()));
  }
}

TEST(MlKem, WrongLengthsAreArgumentsBad) {
  const MlKemParams p = MlKemParams::k768;
  auto kp = pqc::ml_kem_keygen_from_seed(p, Bytes(64, 1));
  ASSERT_TRUE(kp.is_ok());
  const Bytes b31(31), b32(32), b33(33);
  EXPECT_EQ(pqc::ml_kem_keygen_internal(p, b31, b32).rv(), CKR_ARGUMENTS_BAD);
  EXPECT_EQ(pqc::ml_kem_keygen_internal(p, b32, b33).rv(), CKR_ARGUMENTS_BAD);
  EXPECT_EQ(pqc::ml_kem_keygen_from_seed(p, Bytes(63)).rv(), CKR_ARGUMENTS_BAD);
  EXPECT_EQ(pqc::ml_kem_keygen_from_seed(p, Bytes(65)).rv(), CKR_ARGUMENTS_BAD);

  Bytes ek = kp->ek;
  EXPECT_EQ(pqc::ml_kem_encaps(p, ek, b31).rv(), CKR_ARGUMENTS_BAD);
  EXPECT_EQ(pqc::ml_kem_encaps_internal(p, ek, b33).rv(), CKR_ARGUMENTS_BAD);
  // A 768 key is not a 512 or 1024 key.
  EXPECT_EQ(pqc::ml_kem_encaps(MlKemParams::k512, ek, b32).rv(), CKR_ARGUMENTS_BAD);
  EXPECT_EQ(pqc::ml_kem_encaps_internal(MlKemParams::k1024, ek, b32).rv(), CKR_ARGUMENTS_BAD);
  EXPECT_EQ(pqc::MlKemEncapsKey::parse(MlKemParams::k1024, ek).rv(), CKR_ARGUMENTS_BAD);
  ek.pop_back();
  EXPECT_EQ(pqc::ml_kem_check_encapsulation_key(p, ek).rv(), CKR_ARGUMENTS_BAD);
  EXPECT_EQ(pqc::ml_kem_check_encapsulation_key(p, {}).rv(), CKR_ARGUMENTS_BAD);

  const Bytes c(pqc::ml_kem_ct_size(p), 0);
  const Bytes dk = to_bytes(kp->dk.view());
  EXPECT_EQ(pqc::ml_kem_decaps(p, dk, Bytes(c.size() - 1)).rv(), CKR_ARGUMENTS_BAD);
  EXPECT_EQ(pqc::ml_kem_decaps(p, dk, Bytes(c.size() + 1)).rv(), CKR_ARGUMENTS_BAD);
  EXPECT_EQ(pqc::ml_kem_decaps(p, Bytes(dk.begin(), dk.end() - 1), c).rv(), CKR_ARGUMENTS_BAD);
  EXPECT_EQ(pqc::ml_kem_decaps(MlKemParams::k512, dk, c).rv(), CKR_ARGUMENTS_BAD);
  EXPECT_EQ(pqc::ml_kem_check_decapsulation_key(p, {}).rv(), CKR_ARGUMENTS_BAD);
  auto parsed = pqc::MlKemDecapsKey::parse(p, dk);
  ASSERT_TRUE(parsed.is_ok());
  EXPECT_EQ((*parsed)->decaps(Bytes(c.size() - 1)).rv(), CKR_ARGUMENTS_BAD);
  EXPECT_TRUE((*parsed)->decaps(c).is_ok());  // well-formed garbage: implicit rejection
}

TEST(MlKem, KeyContentChecks) {
  const MlKemParams p = MlKemParams::k512;
  auto kp = pqc::ml_kem_keygen_from_seed(p, Bytes(64, 9));
  ASSERT_TRUE(kp.is_ok());
  // ek: first coefficient forced to 0xFFF >= q.
  Bytes ek = kp->ek;
  ek[0] = 0xFF;
  ek[1] = static_cast<std::uint8_t>(ek[1] | 0x0F);
  EXPECT_EQ(pqc::ml_kem_check_encapsulation_key(p, ek).rv(), CKR_ATTRIBUTE_VALUE_INVALID);
  EXPECT_EQ(pqc::ml_kem_encaps(p, ek, Bytes(32)).rv(), CKR_ATTRIBUTE_VALUE_INVALID);
  // Encaps_internal does no modulus check (ACVP-style internal function).
  EXPECT_TRUE(pqc::ml_kem_encaps_internal(p, ek, Bytes(32)).is_ok());
  // The rho part is not range-checked: any bytes are fine there.
  Bytes ek_rho = kp->ek;
  ek_rho.back() ^= 0xFF;
  EXPECT_TRUE(pqc::ml_kem_check_encapsulation_key(p, ek_rho).is_ok());

  // dk: a flipped bit in the embedded ek or in h fails the hash check; one in
  // s or z does not (FIPS 203 checks only H(ek) == h).
  const std::size_t k = 2;
  for (std::size_t pos : {384 * k + 5, 768 * k + 40}) {
    Bytes dk = to_bytes(kp->dk.view());
    dk[pos] ^= 0x80;
    EXPECT_EQ(pqc::ml_kem_check_decapsulation_key(p, dk).rv(), CKR_ATTRIBUTE_VALUE_INVALID) << pos;
    EXPECT_EQ(pqc::ml_kem_decaps(p, dk, Bytes(768)).rv(), CKR_ATTRIBUTE_VALUE_INVALID) << pos;
    EXPECT_EQ(pqc::MlKemDecapsKey::parse(p, dk).rv(), CKR_ATTRIBUTE_VALUE_INVALID) << pos;
  }
  for (std::size_t pos : {std::size_t{7}, 768 * k + 70}) {
    Bytes dk = to_bytes(kp->dk.view());
    dk[pos] ^= 0x80;
    EXPECT_TRUE(pqc::ml_kem_check_decapsulation_key(p, dk).is_ok()) << pos;
  }
}

TEST(MlKem, RandomSourceFailuresPassThrough) {
  const MlKemParams p = MlKemParams::k512;
  const pqc::MlKemRandom failing = [](MutableByteView) { return Status(err(CKR_FUNCTION_FAILED)); };
  EXPECT_EQ(pqc::ml_kem_keygen(p, failing).rv(), CKR_FUNCTION_FAILED);
  EXPECT_EQ(pqc::ml_kem_keygen(p, pqc::MlKemRandom{}).rv(), CKR_ARGUMENTS_BAD);
  auto kp = pqc::ml_kem_keygen_from_seed(p, Bytes(64, 2));
  ASSERT_TRUE(kp.is_ok());
  EXPECT_EQ(pqc::ml_kem_encaps(p, kp->ek, failing).rv(), CKR_FUNCTION_FAILED);
  auto parsed = pqc::MlKemEncapsKey::parse(p, kp->ek);
  ASSERT_TRUE(parsed.is_ok());
  EXPECT_EQ((*parsed)->encaps(failing).rv(), CKR_FUNCTION_FAILED);
  // A rejected key consumes no randomness.
  CountingRng rng;
  Bytes bad = kp->ek;
  bad[0] = 0xFF;
  bad[1] = 0xFF;
  EXPECT_EQ(pqc::ml_kem_encaps(p, bad, rng.fn()).rv(), CKR_ATTRIBUTE_VALUE_INVALID);
  EXPECT_EQ(rng.drawn, 0u);
}

}  // namespace
}  // namespace craton
