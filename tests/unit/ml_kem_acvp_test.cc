// ML-KEM against the NIST ACVP sample vector sets (FIPS 203 revision):
// keyGen (KeyGen_internal), encapsulation (Encaps_internal), decapsulation
// with seed and expanded keys (incl. modified ciphertexts -> implicit
// rejection), and the encapsulation/decapsulation key-check groups.
#include <map>

#include "ml_kem_test_util.h"

namespace craton {
namespace {
using namespace mlkem_test;
using pqc::MlKemParams;

// tcId -> expected-result object, across all groups.
std::map<int, nlohmann::json> by_tc_id(const nlohmann::json& doc) {
  std::map<int, nlohmann::json> out;
  for (const auto& g : doc["testGroups"])
    for (const auto& t : g["tests"]) out[t["tcId"].get<int>()] = t;
  return out;
}

TEST(MlKemAcvp, KeyGen) {
  const auto prompt = load_vectors("acvp/ML-KEM-keyGen-FIPS203/prompt.json");
  const auto expected = by_tc_id(load_vectors("acvp/ML-KEM-keyGen-FIPS203/expectedResults.json"));
  std::size_t count = 0;
  for (const auto& g : prompt["testGroups"]) {
    const MlKemParams params = params_from_name(g["parameterSet"]);
    for (const auto& t : g["tests"]) {
      const int id = t["tcId"];
      const auto& want = expected.at(id);
      auto kp = pqc::ml_kem_keygen_internal(params, unhex(t["d"]), unhex(t["z"]));
      ASSERT_TRUE(kp.is_ok()) << id;
      EXPECT_EQ(kp->ek, unhex(want["ek"])) << "tcId " << id;
      EXPECT_EQ(to_bytes(kp->dk.view()), unhex(want["dk"])) << "tcId " << id;
      ++count;
    }
  }
  EXPECT_EQ(count, 75u);
}

class MlKemAcvpEncapDecap : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    prompt_ = new nlohmann::json(load_vectors("acvp/ML-KEM-encapDecap-FIPS203/prompt.json"));
    expected_ = new std::map<int, nlohmann::json>(
        by_tc_id(load_vectors("acvp/ML-KEM-encapDecap-FIPS203/expectedResults.json")));
    // The key-check prompts of this release omit dk; the projection has it.
    internal_ = new std::map<int, nlohmann::json>(
        by_tc_id(load_vectors("acvp/ML-KEM-encapDecap-FIPS203/internalProjection.json")));
  }
  static void TearDownTestSuite() {
    delete prompt_;
    delete expected_;
    delete internal_;
  }
  // Calls fn(params, group, test, expected) for every case of `function`.
  template <class Fn>
  std::size_t for_each_case(const std::string& function, const std::string& key_format, Fn fn) {
    std::size_t n = 0;
    for (const auto& g : (*prompt_)["testGroups"]) {
      if (g["function"] != function || (!key_format.empty() && g["keyFormat"] != key_format)) continue;
      for (const auto& t : g["tests"]) {
        fn(params_from_name(g["parameterSet"]), t, expected_->at(t["tcId"].get<int>()));
        ++n;
      }
    }
    return n;
  }
  static nlohmann::json* prompt_;
  static std::map<int, nlohmann::json>* expected_;
  static std::map<int, nlohmann::json>* internal_;
};
nlohmann::json* MlKemAcvpEncapDecap::prompt_ = nullptr;
std::map<int, nlohmann::json>* MlKemAcvpEncapDecap::expected_ = nullptr;
std::map<int, nlohmann::json>* MlKemAcvpEncapDecap::internal_ = nullptr;

TEST_F(MlKemAcvpEncapDecap, Encapsulation) {
  const auto n = for_each_case("encapsulation", "", [](MlKemParams p, const auto& t, const auto& want) {
    const Bytes ek = unhex(t["ek"]), m = unhex(t["m"]);
    auto internal = pqc::ml_kem_encaps_internal(p, ek, m);
    auto checked = pqc::ml_kem_encaps(p, ek, m);
    auto parsed = pqc::MlKemEncapsKey::parse(p, ek);
    ASSERT_TRUE(internal.is_ok() && checked.is_ok() && parsed.is_ok()) << t["tcId"];
    auto cached = (*parsed)->encaps(m);
    ASSERT_TRUE(cached.is_ok());
    for (const auto* r : {&internal.value(), &checked.value(), &cached.value()}) {
      EXPECT_EQ(r->ciphertext, unhex(want["c"])) << "tcId " << t["tcId"];
      EXPECT_EQ(to_bytes(r->shared_secret.view()), unhex(want["k"])) << "tcId " << t["tcId"];
    }
  });
  EXPECT_EQ(n, 75u);
}

TEST_F(MlKemAcvpEncapDecap, DecapsulationExpandedKey) {
  const auto n = for_each_case("decapsulation", "expanded", [](MlKemParams p, const auto& t, const auto& want) {
    const Bytes dk = unhex(t["dk"]), c = unhex(t["c"]);
    auto k = pqc::ml_kem_decaps(p, dk, c);
    ASSERT_TRUE(k.is_ok()) << t["tcId"];
    EXPECT_EQ(to_bytes(k->view()), unhex(want["k"])) << "tcId " << t["tcId"];
    auto parsed = pqc::MlKemDecapsKey::parse(p, dk);
    ASSERT_TRUE(parsed.is_ok());
    auto k2 = (*parsed)->decaps(c);
    ASSERT_TRUE(k2.is_ok());
    EXPECT_EQ(to_bytes(k2->view()), unhex(want["k"])) << "tcId " << t["tcId"];
  });
  EXPECT_EQ(n, 30u);
}

TEST_F(MlKemAcvpEncapDecap, DecapsulationSeedKey) {
  const auto n = for_each_case("decapsulation", "seed", [](MlKemParams p, const auto& t, const auto& want) {
    auto kp = pqc::ml_kem_keygen_internal(p, unhex(t["d"]), unhex(t["z"]));
    ASSERT_TRUE(kp.is_ok());
    auto k = pqc::ml_kem_decaps(p, kp->dk.view(), unhex(t["c"]));
    ASSERT_TRUE(k.is_ok()) << t["tcId"];
    EXPECT_EQ(to_bytes(k->view()), unhex(want["k"])) << "tcId " << t["tcId"];
  });
  EXPECT_EQ(n, 30u);
}

TEST_F(MlKemAcvpEncapDecap, EncapsulationKeyCheck) {
  std::size_t passed = 0;
  const auto n = for_each_case("encapsulationKeyCheck", "", [&](MlKemParams p, const auto& t, const auto& result) {
    const Bytes ek = unhex(t["ek"]);
    const Status st = pqc::ml_kem_check_encapsulation_key(p, ek);
    const Bytes m(32, 0x42);
    if (result["testPassed"].template get<bool>()) {
      ++passed;
      EXPECT_TRUE(st.is_ok()) << "tcId " << t["tcId"];
      EXPECT_TRUE(pqc::ml_kem_encaps(p, ek, m).is_ok());
      EXPECT_TRUE(pqc::MlKemEncapsKey::parse(p, ek).is_ok());
    } else {
      // This release's rejected keys are also the wrong length (1216/1600/1984
      // bytes), so the type check fires before the modulus check.
      const CK_RV want = ek.size() == pqc::ml_kem_ek_size(p) ? CKR_ATTRIBUTE_VALUE_INVALID : CKR_ARGUMENTS_BAD;
      EXPECT_EQ(st.rv(), want) << "tcId " << t["tcId"];
      EXPECT_EQ(pqc::ml_kem_encaps(p, ek, m).rv(), want);
      EXPECT_EQ(pqc::MlKemEncapsKey::parse(p, ek).rv(), want);
    }
  });
  EXPECT_EQ(n, 30u);
  EXPECT_EQ(passed, 15u);
}

TEST_F(MlKemAcvpEncapDecap, DecapsulationKeyCheck) {
  std::size_t passed = 0;
  const auto n = for_each_case("decapsulationKeyCheck", "", [&](MlKemParams p, const auto& t, const auto& want) {
    const auto& full = internal_->at(t["tcId"].template get<int>());
    const Bytes dk = unhex(full["dk"]);
    const Status st = pqc::ml_kem_check_decapsulation_key(p, dk);
    const Bytes c(pqc::ml_kem_ct_size(p), 0x17);
    if (want["testPassed"].template get<bool>()) {
      ++passed;
      EXPECT_TRUE(st.is_ok()) << "tcId " << t["tcId"];
      EXPECT_TRUE(pqc::ml_kem_decaps(p, dk, c).is_ok());
      EXPECT_TRUE(pqc::MlKemDecapsKey::parse(p, dk).is_ok());
    } else {
      EXPECT_EQ(st.rv(), CKR_ATTRIBUTE_VALUE_INVALID) << "tcId " << t["tcId"];
      EXPECT_EQ(pqc::ml_kem_decaps(p, dk, c).rv(), CKR_ATTRIBUTE_VALUE_INVALID);
      EXPECT_EQ(pqc::MlKemDecapsKey::parse(p, dk).rv(), CKR_ATTRIBUTE_VALUE_INVALID);
    }
  });
  EXPECT_EQ(n, 30u);
  EXPECT_EQ(passed, 15u);
}

}  // namespace
}  // namespace craton
