// ML-DSA against the C2SP Wycheproof files: mldsa_{44,65,87}_verify_test
// (valid and invalid signatures, malformed hints, norm boundaries, bad key and
// signature lengths, over-long contexts) and mldsa_{44,65,87}_sign_seed_test
// (keys from the seed, deterministic and hedged signing, external mu, invalid
// seeds and contexts).
#include <gtest/gtest.h>

#include "ml_dsa_test_util.h"

namespace craton {
namespace {

using mldsatest::hex;
using mldsatest::hex_field;
using pqc::MlDsaParams;

struct FileCase {
  const char* name;
  MlDsaParams params;
  int verify_cases;
  int sign_cases;
};

constexpr FileCase kFiles[] = {
    {"44", MlDsaParams::k44, 180, 86},
    {"65", MlDsaParams::k65, 210, 105},
    {"87", MlDsaParams::k87, 241, 96},
};

// The error each kind of invalid case must give (see ml_dsa.h).
CK_RV expected_rv(const nlohmann::json& flags) {
  for (const auto& f : flags) {
    if (f == "IncorrectSignatureLength") return CKR_SIGNATURE_LEN_RANGE;
    if (f == "IncorrectPublicKeyLength" || f == "InvalidContext") return CKR_ARGUMENTS_BAD;
  }
  return CKR_SIGNATURE_INVALID;
}

class MlDsaWycheproof : public ::testing::TestWithParam<FileCase> {};

TEST_P(MlDsaWycheproof, Verify) {
  const FileCase& f = GetParam();
  const auto& doc = mldsatest::load_json(std::string("wycheproof/mldsa_") + f.name + "_verify_test.json");
  EXPECT_EQ(doc.at("algorithm"), std::string("ML-DSA-") + f.name);
  int cases = 0, valid = 0;
  for (const auto& g : doc.at("testGroups")) {
    const Bytes pk = hex(g.at("publicKey"));
    for (const auto& t : g.at("tests")) {
      const int tc = t.at("tcId");
      const std::string result = t.at("result");
      const Status st = pqc::verify(f.params, pk, hex(t.at("msg")), hex_field(t, "ctx"), hex(t.at("sig")));
      if (result == "valid") {
        EXPECT_TRUE(st.is_ok()) << "tcId " << tc << " " << t.at("comment") << " rv " << st.rv();
        ++valid;
      } else if (result == "invalid") {
        EXPECT_EQ(st.rv(), expected_rv(t.at("flags"))) << "tcId " << tc << " " << t.at("comment");
      }
      ++cases;
    }
  }
  EXPECT_EQ(cases, f.verify_cases);
  EXPECT_GT(valid, 0);
}

// One MlDsaSign case: the key comes from the seed; msg (with ctx) goes
// through the pure external API, a lone mu through Sign_internal's mu form.
void check_sign_case(const FileCase& f, const pqc::MlDsaExpandedPrivateKey& key, const pqc::MlDsaExpandedPublicKey& pub,
                     const nlohmann::json& t) {
  const int tc = t.at("tcId");
  const bool valid = t.at("result") == "valid";
  const Bytes rnd = t.contains("rnd") ? hex(t.at("rnd")) : Bytes(32, 0);
  const Bytes ctx = hex_field(t, "ctx");
  Result<Bytes> sig = err(CKR_GENERAL_ERROR);
  if (t.contains("msg")) {
    sig = pqc::sign(key, hex(t.at("msg")), ctx, rnd);
    if (t.contains("mu") && valid) {  // our streaming mu equals the file's
      auto h = pqc::MlDsaMuHasher::pure(key.tr(), ctx);
      ASSERT_TRUE(h.is_ok()) << tc;
      h->update(hex(t.at("msg")));
      const auto mu = h->finish();
      EXPECT_EQ(Bytes(mu.begin(), mu.end()), hex(t.at("mu"))) << "tcId " << tc;
    }
  } else {
    Bytes out(pqc::ml_dsa_signature_size(f.params));
    const Status st = pqc::sign_mu(key, hex(t.at("mu")), rnd, out);
    sig = st.is_ok() ? Result<Bytes>(out) : Result<Bytes>(st.error());
  }
  if (!valid) {
    EXPECT_FALSE(sig.is_ok()) << "tcId " << tc << " " << t.at("comment");
    return;
  }
  ASSERT_TRUE(sig.is_ok()) << "tcId " << tc << " rv " << sig.rv();
  EXPECT_EQ(sig.value(), hex(t.at("sig"))) << "tcId " << tc << " " << t.at("comment");
  if (t.contains("mu")) {
    EXPECT_TRUE(pqc::verify_mu(pub, hex(t.at("mu")), sig.value()).is_ok()) << tc;
  }
}

TEST_P(MlDsaWycheproof, SignFromSeed) {
  const FileCase& f = GetParam();
  const auto& doc = mldsatest::load_json(std::string("wycheproof/mldsa_") + f.name + "_sign_seed_test.json");
  int cases = 0, bad_seeds = 0;
  for (const auto& g : doc.at("testGroups")) {
    const Bytes seed = hex(g.at("privateSeed"));
    const Bytes pk = g.at("publicKey").is_string() ? hex(g.at("publicKey")) : Bytes{};  // null for bad seeds
    Bytes derived_pk;
    auto key = pqc::MlDsaExpandedPrivateKey::from_seed(f.params, seed, &derived_pk);
    if (!key.is_ok()) {  // wrong seed length: every case of the group must be invalid
      EXPECT_EQ(key.rv(), CKR_ARGUMENTS_BAD);
      EXPECT_NE(seed.size(), pqc::kMlDsaSeedSize);
      for (const auto& t : g.at("tests")) {
        EXPECT_EQ(t.at("result"), "invalid") << t.at("tcId");
        ++cases;
        ++bad_seeds;
      }
      continue;
    }
    EXPECT_EQ(derived_pk, pk) << "seed " << g.at("privateSeed");
    auto pub = pqc::MlDsaExpandedPublicKey::create(f.params, pk);
    ASSERT_TRUE(pub.is_ok());
    for (const auto& t : g.at("tests")) {
      check_sign_case(f, key.value(), pub.value(), t);
      ++cases;
    }
  }
  EXPECT_EQ(cases, f.sign_cases);
  EXPECT_EQ(bad_seeds, 3);
}

INSTANTIATE_TEST_SUITE_P(All, MlDsaWycheproof, ::testing::ValuesIn(kFiles),
                         [](const ::testing::TestParamInfo<FileCase>& i) { return std::string("MlDsa") + i.param.name; });

}  // namespace
}  // namespace craton
