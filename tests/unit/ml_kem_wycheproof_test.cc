// ML-KEM against the C2SP Wycheproof vectors: decapsulation from a seed
// (MLKEMTest), encapsulation with the modulus check (MLKEMEncapsTest) and
// decapsulation with expanded keys and their input checks
// (MLKEMDecapsValidationTest). Every valid case must give the exact K (and c),
// every invalid case an error.
#include <iostream>

#include "ml_kem_test_util.h"

namespace craton {
namespace {
using namespace mlkem_test;
using pqc::MlKemParams;

struct Tally {
  std::size_t valid = 0, invalid = 0;
};

void expect_totals(const nlohmann::json& doc, const Tally& t, const std::string& file) {
  EXPECT_EQ(t.valid + t.invalid, doc["numberOfTests"].get<std::size_t>()) << file;
  EXPECT_GT(t.valid, 0u);
  std::cout << "[ ML-KEM   ] " << file << ": " << t.valid << " valid + " << t.invalid << " invalid passed\n";
}

class MlKemWycheproofDecaps : public ::testing::TestWithParam<const char*> {};

// seed (d || z) -> KeyGen_internal -> ek (compared) -> Decaps(dk, c) = K.
TEST_P(MlKemWycheproofDecaps, SeedKeyDecapsulation) {
  const std::string file = GetParam();
  const auto doc = load_vectors("wycheproof/" + file);
  Tally tally;
  for (const auto& g : doc["testGroups"]) {
    ASSERT_EQ(g["type"], "MLKEMTest");
    const MlKemParams p = params_from_name(g["parameterSet"]);
    for (const auto& t : g["tests"]) {
      const int id = t["tcId"];
      const Bytes seed = unhex(t["seed"]), c = unhex(t["c"]);
      auto kp = pqc::ml_kem_keygen_from_seed(p, seed);
      Status st = kp.status();
      Result<SecureBytes> k = err(CKR_GENERAL_ERROR);
      if (kp.is_ok()) {
        if (t.contains("ek")) {
          EXPECT_EQ(kp->ek, unhex(t["ek"])) << "tcId " << id;
        }
        k = pqc::ml_kem_decaps(p, kp->dk.view(), c);
        st = k.status();
      }
      if (t["result"] == "valid") {
        ++tally.valid;
        ASSERT_TRUE(st.is_ok()) << "tcId " << id;
        EXPECT_EQ(to_bytes(k->view()), unhex(t["K"])) << "tcId " << id;
      } else {
        ++tally.invalid;
        EXPECT_EQ(st.rv(), CKR_ARGUMENTS_BAD) << "tcId " << id << " " << t.value("comment", "");
      }
    }
  }
  expect_totals(doc, tally, file);
}
INSTANTIATE_TEST_SUITE_P(Files, MlKemWycheproofDecaps,
                         ::testing::Values("mlkem_512_test.json", "mlkem_768_test.json", "mlkem_1024_test.json"));

class MlKemWycheproofEncaps : public ::testing::TestWithParam<const char*> {};

TEST_P(MlKemWycheproofEncaps, Encapsulation) {
  const std::string file = GetParam();
  const auto doc = load_vectors("wycheproof/" + file);
  Tally tally;
  for (const auto& g : doc["testGroups"]) {
    ASSERT_EQ(g["type"], "MLKEMEncapsTest");
    const MlKemParams p = params_from_name(g["parameterSet"]);
    for (const auto& t : g["tests"]) {
      const int id = t["tcId"];
      const Bytes ek = unhex(t["ek"]), m = unhex(t["m"]);
      auto r = pqc::ml_kem_encaps(p, ek, m);
      const Status check = pqc::ml_kem_check_encapsulation_key(p, ek);
      const Status parsed = pqc::MlKemEncapsKey::parse(p, ek).status();
      if (t["result"] == "valid") {
        ++tally.valid;
        ASSERT_TRUE(r.is_ok()) << "tcId " << id;
        EXPECT_EQ(r->ciphertext, unhex(t["c"])) << "tcId " << id;
        EXPECT_EQ(to_bytes(r->shared_secret.view()), unhex(t["K"])) << "tcId " << id;
        EXPECT_TRUE(check.is_ok() && parsed.is_ok()) << "tcId " << id;
      } else {
        ++tally.invalid;
        // Wrong length: type check; right length: modulus check.
        const CK_RV want = ek.size() == pqc::ml_kem_ek_size(p) ? CKR_ATTRIBUTE_VALUE_INVALID : CKR_ARGUMENTS_BAD;
        EXPECT_EQ(r.rv(), want) << "tcId " << id;
        EXPECT_EQ(check.rv(), want) << "tcId " << id;
        EXPECT_EQ(parsed.rv(), want) << "tcId " << id;
      }
    }
  }
  expect_totals(doc, tally, file);
}
INSTANTIATE_TEST_SUITE_P(Files, MlKemWycheproofEncaps,
                         ::testing::Values("mlkem_512_encaps_test.json", "mlkem_768_encaps_test.json",
                                           "mlkem_1024_encaps_test.json"));

class MlKemWycheproofDecapsValidation : public ::testing::TestWithParam<const char*> {};

TEST_P(MlKemWycheproofDecapsValidation, ExpandedKeyDecapsulation) {
  const std::string file = GetParam();
  const auto doc = load_vectors("wycheproof/" + file);
  Tally tally;
  for (const auto& g : doc["testGroups"]) {
    ASSERT_EQ(g["type"], "MLKEMDecapsValidationTest");
    const MlKemParams p = params_from_name(g["parameterSet"]);
    for (const auto& t : g["tests"]) {
      const int id = t["tcId"];
      const Bytes dk = unhex(t["dk"]), c = unhex(t["c"]);
      auto k = pqc::ml_kem_decaps(p, dk, c);
      if (t["result"] == "valid") {
        ++tally.valid;
        ASSERT_TRUE(k.is_ok()) << "tcId " << id;
        EXPECT_EQ(to_bytes(k->view()), unhex(t["K"])) << "tcId " << id;
        auto parsed = pqc::MlKemDecapsKey::parse(p, dk);
        ASSERT_TRUE(parsed.is_ok());
        EXPECT_EQ(to_bytes((*parsed)->encaps_key()), unhex(t["ek"])) << "tcId " << id;
      } else {
        ++tally.invalid;
        EXPECT_FALSE(k.is_ok()) << "tcId " << id << " " << t.value("comment", "");
        // Hash-check failures are content errors, everything else a length error.
        const bool lengths_ok = dk.size() == pqc::ml_kem_dk_size(p) && c.size() == pqc::ml_kem_ct_size(p);
        EXPECT_EQ(k.rv(), lengths_ok ? CKR_ATTRIBUTE_VALUE_INVALID : CKR_ARGUMENTS_BAD) << "tcId " << id;
      }
    }
  }
  expect_totals(doc, tally, file);
}
INSTANTIATE_TEST_SUITE_P(Files, MlKemWycheproofDecapsValidation,
                         ::testing::Values("mlkem_512_semi_expanded_decaps_test.json",
                                           "mlkem_768_semi_expanded_decaps_test.json",
                                           "mlkem_1024_semi_expanded_decaps_test.json"));

}  // namespace
}  // namespace craton
