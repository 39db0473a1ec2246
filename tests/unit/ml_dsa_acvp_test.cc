// ML-DSA against every NIST ACVP FIPS 204 vector (keyGen, sigGen, sigVer):
// internal and external interfaces, pure and pre-hash, external mu,
// deterministic and hedged signing.
#include <gtest/gtest.h>

#include "ml_dsa_test_util.h"

namespace craton {
namespace {

using mldsatest::hex;
using mldsatest::hex_field;
using pqc::MlDsaParams;

enum class Interface { kExternalPure, kExternalPreHash, kInternal, kExternalMu };

Interface interface_of(const nlohmann::json& g) {
  if (g.at("signatureInterface") == "external") {
    return g.at("preHash") == "preHash" ? Interface::kExternalPreHash : Interface::kExternalPure;
  }
  return g.value("externalMu", false) ? Interface::kExternalMu : Interface::kInternal;
}

TEST(MlDsaAcvp, KeyGen) {
  const auto& prompt = mldsatest::load_json("acvp/ML-DSA-keyGen-FIPS204/prompt.json");
  const auto expected = mldsatest::results_by_tc(mldsatest::load_json("acvp/ML-DSA-keyGen-FIPS204/expectedResults.json"));
  int cases = 0;
  for (const auto& g : prompt.at("testGroups")) {
    const MlDsaParams params = mldsatest::params_from_name(g.at("parameterSet"));
    for (const auto& t : g.at("tests")) {
      const int tc = t.at("tcId");
      const auto& want = expected.at(tc);
      auto kp = pqc::keygen_internal(params, hex(t.at("seed")));
      ASSERT_TRUE(kp.is_ok()) << tc;
      EXPECT_EQ(kp->public_key, hex(want.at("pk"))) << "tcId " << tc;
      EXPECT_EQ(Bytes(kp->private_key.begin(), kp->private_key.end()), hex(want.at("sk"))) << "tcId " << tc;
      ++cases;
    }
  }
  EXPECT_EQ(cases, 75);
}

// Signs one sigGen case through the interface its group names.
Result<Bytes> sign_case(MlDsaParams params, Interface iface, const nlohmann::json& t, ByteView rnd) {
  const Bytes sk = hex(t.at("sk"));
  switch (iface) {
    case Interface::kExternalPure:
      return pqc::sign(params, sk, hex(t.at("message")), hex_field(t, "context"), rnd);
    case Interface::kExternalPreHash: {
      auto ph = mldsatest::prehash(t.at("hashAlg"), hex(t.at("message")));
      return pqc::sign_prehash(params, sk, ph.digest, ph.alg, hex_field(t, "context"), rnd);
    }
    case Interface::kInternal:
      return pqc::sign_internal(params, sk, hex(t.at("message")), rnd);
    case Interface::kExternalMu: {
      auto key = pqc::MlDsaExpandedPrivateKey::create(params, sk);
      if (!key) return key.error();
      Bytes sig(pqc::ml_dsa_signature_size(params));
      TRY_STATUS(pqc::sign_mu(*key, hex(t.at("mu")), rnd, sig));
      return sig;
    }
  }
  return err(CKR_GENERAL_ERROR);
}

// The vector's sk is consistent (public_from_private re-derives t0 and tr)
// and the signature verifies under the derived pk.
void check_with_derived_pk(MlDsaParams params, const nlohmann::json& t, ByteView sig) {
  auto pk = pqc::public_from_private(params, hex(t.at("sk")));
  ASSERT_TRUE(pk.is_ok()) << "tcId " << t.at("tcId");
  EXPECT_TRUE(pqc::verify(params, *pk, hex(t.at("message")), hex_field(t, "context"), sig).is_ok())
      << "tcId " << t.at("tcId");
}

int run_siggen(Interface want_iface) {
  const auto& prompt = mldsatest::load_json("acvp/ML-DSA-sigGen-FIPS204/prompt.json");
  const auto expected = mldsatest::results_by_tc(mldsatest::load_json("acvp/ML-DSA-sigGen-FIPS204/expectedResults.json"));
  int cases = 0;
  for (const auto& g : prompt.at("testGroups")) {
    if (interface_of(g) != want_iface) continue;
    const MlDsaParams params = mldsatest::params_from_name(g.at("parameterSet"));
    const bool deterministic = g.at("deterministic");
    for (const auto& t : g.at("tests")) {
      const int tc = t.at("tcId");
      const Bytes rnd = deterministic ? Bytes(32, 0) : hex(t.at("rnd"));
      auto sig = sign_case(params, want_iface, t, rnd);
      EXPECT_TRUE(sig.is_ok()) << "tcId " << tc << " rv " << sig.rv();
      if (sig.is_ok()) {
        EXPECT_EQ(sig.value(), hex(expected.at(tc).at("signature"))) << "tcId " << tc;
        if (want_iface == Interface::kExternalPure) check_with_derived_pk(params, t, sig.value());
      }
      ++cases;
    }
  }
  return cases;
}

TEST(MlDsaAcvp, SigGenExternalPure) { EXPECT_EQ(run_siggen(Interface::kExternalPure), 90); }
TEST(MlDsaAcvp, SigGenExternalPreHash) { EXPECT_EQ(run_siggen(Interface::kExternalPreHash), 90); }
TEST(MlDsaAcvp, SigGenInternal) { EXPECT_EQ(run_siggen(Interface::kInternal), 90); }
TEST(MlDsaAcvp, SigGenExternalMu) { EXPECT_EQ(run_siggen(Interface::kExternalMu), 90); }

Status verify_case(MlDsaParams params, Interface iface, const nlohmann::json& t) {
  const Bytes pk = hex(t.at("pk"));
  const Bytes sig = hex(t.at("signature"));
  switch (iface) {
    case Interface::kExternalPure:
      return pqc::verify(params, pk, hex(t.at("message")), hex_field(t, "context"), sig);
    case Interface::kExternalPreHash: {
      auto ph = mldsatest::prehash(t.at("hashAlg"), hex(t.at("message")));
      return pqc::verify_prehash(params, pk, ph.digest, ph.alg, hex_field(t, "context"), sig);
    }
    case Interface::kInternal:
      return pqc::verify_internal(params, pk, hex(t.at("message")), sig);
    case Interface::kExternalMu: {
      auto key = pqc::MlDsaExpandedPublicKey::create(params, pk);
      if (!key) return key.status();
      return pqc::verify_mu(*key, hex(t.at("mu")), sig);
    }
  }
  return err(CKR_GENERAL_ERROR);
}

void run_sigver(Interface want_iface, int want_cases) {
  const auto& prompt = mldsatest::load_json("acvp/ML-DSA-sigVer-FIPS204/prompt.json");
  const auto expected = mldsatest::results_by_tc(mldsatest::load_json("acvp/ML-DSA-sigVer-FIPS204/expectedResults.json"));
  int cases = 0, passed = 0;
  for (const auto& g : prompt.at("testGroups")) {
    if (interface_of(g) != want_iface) continue;
    const MlDsaParams params = mldsatest::params_from_name(g.at("parameterSet"));
    for (const auto& t : g.at("tests")) {
      const int tc = t.at("tcId");
      const bool want = expected.at(tc).at("testPassed");
      const Status st = verify_case(params, want_iface, t);
      EXPECT_EQ(st.is_ok(), want) << "tcId " << tc << " rv " << st.rv();
      if (!want) {
        EXPECT_EQ(st.rv(), CKR_SIGNATURE_INVALID) << "tcId " << tc;  // lengths are all right
      }
      ++cases;
      passed += want ? 1 : 0;
    }
  }
  EXPECT_EQ(cases, want_cases);
  EXPECT_GT(passed, 0);
  EXPECT_LT(passed, cases);
}

TEST(MlDsaAcvp, SigVerExternalPure) { run_sigver(Interface::kExternalPure, 45); }
TEST(MlDsaAcvp, SigVerExternalPreHash) { run_sigver(Interface::kExternalPreHash, 45); }
TEST(MlDsaAcvp, SigVerInternal) { run_sigver(Interface::kInternal, 45); }
TEST(MlDsaAcvp, SigVerExternalMu) { run_sigver(Interface::kExternalMu, 45); }

}  // namespace
}  // namespace craton
