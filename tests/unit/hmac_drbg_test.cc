// The hand-written SP 800-90A HMAC_DRBG core (crypto/ossl/hmac_drbg.cc)
// against NIST ACVP hmacDRBG SHA2-256 vectors with and without prediction
// resistance, its reseed interval and input checks; and the per-request
// behaviour (reseed count, continuous test) of both DRBG cores: our own
// (default backend) and the provider's EVP_RAND HMAC-DRBG (FIPS backend,
// selected here with testing::use_provider_drbg).
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "crypto/drbg.h"
#include "crypto/ossl/internal/hmac_drbg.h"
#include "crypto/random.h"
#include "mac_kdf_test_util.h"

namespace craton::crypto {
namespace {

using ossl::HmacDrbg;
using testutil::hex;
using testutil::to_hex;

struct Step {
  std::string use;  // "reSeed" or "generate"
  Bytes entropy, additional;
};

struct Case {
  int tc_id = 0;
  bool pr = false;
  Bytes entropy, nonce, pers, expected;
  std::vector<Step> steps;
};

nlohmann::json load(const std::string& name) {
  std::ifstream in(std::string(CRATON_TEST_VECTORS_DIR) + "/acvp/hmacDRBG-SP800-90Ar1/" + name);
  return nlohmann::json::parse(in);
}

// SHA2-256, no derivation function, prediction resistance as asked.
std::vector<Case> sha256_cases(bool pr) {
  const nlohmann::json prompt = load("prompt.json"), results = load("expectedResults.json");
  std::vector<Case> out;
  for (const auto& g : prompt["testGroups"]) {
    if (g["mode"] != "SHA2-256" || g["predResistance"] != pr || g["derFunc"] != false) continue;
    const auto& rg = *std::find_if(results["testGroups"].begin(), results["testGroups"].end(),
                                   [&](const auto& x) { return x["tgId"] == g["tgId"]; });
    for (const auto& t : g["tests"]) {
      const auto& rt = *std::find_if(rg["tests"].begin(), rg["tests"].end(),
                                     [&](const auto& x) { return x["tcId"] == t["tcId"]; });
      Case c;
      c.tc_id = t["tcId"];
      c.pr = pr;
      c.entropy = hex(t["entropyInput"]);
      c.nonce = hex(t["nonce"]);
      c.pers = hex(t["persoString"]);
      c.expected = hex(rt["returnedBits"]);
      for (const auto& o : t["otherInput"])
        c.steps.push_back(Step{o["intendedUse"].get<std::string>(), hex(o["entropyInput"]), hex(o["additionalInput"])});
      out.push_back(std::move(c));
    }
  }
  return out;
}

// Runs an ACVP case straight on the core. With prediction resistance each
// generate is preceded by a reseed that consumes its additional input
// (SP 800-90A 9.3.1); the last generate's output is the answer.
Bytes run_core(const Case& c) {
  HmacDrbg drbg;
  EXPECT_TRUE(drbg.instantiate(c.entropy, c.nonce, c.pers).is_ok());
  Bytes out(c.expected.size());
  for (const Step& s : c.steps) {
    if (s.use == "reSeed") {
      EXPECT_TRUE(drbg.reseed(s.entropy, s.additional).is_ok());
      continue;
    }
    ByteView additional = s.additional;
    if (c.pr) {
      EXPECT_TRUE(drbg.reseed(s.entropy, s.additional).is_ok());
      additional = {};
    }
    EXPECT_EQ(drbg.generate(out, additional), HmacDrbg::Outcome::kOk);
  }
  return out;
}

TEST(HmacDrbgCore, AcvpSha256PredictionResistance) {
  const std::vector<Case> cases = sha256_cases(true);
  ASSERT_EQ(cases.size(), 30U);  // tgId 5 and 6
  for (const Case& c : cases) EXPECT_EQ(to_hex(run_core(c)), to_hex(c.expected)) << "tcId " << c.tc_id;
}

TEST(HmacDrbgCore, AcvpSha256WithoutPredictionResistance) {
  const std::vector<Case> cases = sha256_cases(false);
  ASSERT_EQ(cases.size(), 30U);  // tgId 27 and 28: reseed, generate, generate
  for (const Case& c : cases) {
    ASSERT_EQ(c.steps.size(), 3U);
    ASSERT_EQ(c.steps[0].use, "reSeed");
    EXPECT_EQ(to_hex(run_core(c)), to_hex(c.expected)) << "tcId " << c.tc_id;
  }
}

// A wrong answer must be detectable: every input changes the output.
TEST(HmacDrbgCore, EveryInputMatters) {
  const Case good = sha256_cases(false).front();
  ASSERT_EQ(run_core(good), good.expected);
  for (int which = 0; which < 5; ++which) {
    Case bad = good;
    Bytes& field = which == 0   ? bad.entropy
                   : which == 1 ? bad.nonce
                   : which == 2 ? bad.steps[0].entropy
                   : which == 3 ? bad.steps[1].additional
                                : bad.steps[2].additional;
    field.back() ^= 0x80;
    EXPECT_NE(run_core(bad), good.expected) << which;
  }
}

Bytes seed(std::uint8_t fill, std::size_t n = 32) { return Bytes(n, fill); }

TEST(HmacDrbgCore, ReseedRequiredPastTheInterval) {
  HmacDrbg drbg(3);
  ASSERT_TRUE(drbg.instantiate(seed(1), seed(2, 16), {}).is_ok());
  EXPECT_EQ(drbg.reseed_counter(), 1U);
  Bytes out(32);
  for (int i = 0; i < 3; ++i) ASSERT_EQ(drbg.generate(out, {}), HmacDrbg::Outcome::kOk) << i;
  EXPECT_EQ(drbg.reseed_counter(), 4U);
  const Bytes before = out;
  EXPECT_EQ(drbg.generate(out, {}), HmacDrbg::Outcome::kReseedRequired);
  EXPECT_EQ(out, before) << "no output without a reseed";
  ASSERT_TRUE(drbg.reseed(seed(3), {}).is_ok());
  EXPECT_EQ(drbg.reseed_counter(), 1U);
  EXPECT_EQ(drbg.generate(out, {}), HmacDrbg::Outcome::kOk);
  EXPECT_NE(out, before);
}

TEST(HmacDrbgCore, RejectsBadInputs) {
  HmacDrbg drbg;
  Bytes out(32, 0x5A);
  EXPECT_EQ(drbg.generate(out, {}), HmacDrbg::Outcome::kInvalid);  // not instantiated
  EXPECT_EQ(drbg.reseed(seed(1), {}).rv(), CKR_ARGUMENTS_BAD);
  EXPECT_EQ(drbg.instantiate(seed(1, 31), seed(2, 16), {}).rv(), CKR_ARGUMENTS_BAD);  // entropy < strength
  EXPECT_EQ(drbg.instantiate(seed(1), seed(2, 15), {}).rv(), CKR_ARGUMENTS_BAD);      // nonce < strength / 2
  EXPECT_FALSE(drbg.instantiated());
  ASSERT_TRUE(drbg.instantiate(seed(1), seed(2, 16), {}).is_ok());
  EXPECT_EQ(drbg.reseed(seed(3, 31), {}).rv(), CKR_ARGUMENTS_BAD);
  Bytes huge(HmacDrbg::kMaxRequest + 1);
  EXPECT_EQ(drbg.generate(huge, {}), HmacDrbg::Outcome::kInvalid);
  EXPECT_EQ(out, Bytes(32, 0x5A));
  Bytes max(HmacDrbg::kMaxRequest);
  EXPECT_EQ(drbg.generate(max, {}), HmacDrbg::Outcome::kOk);
}

// A request that is not a whole number of blocks returns the leftmost bytes
// of the same blocks.
TEST(HmacDrbgCore, PartialBlocksAreLeftmostBits) {
  HmacDrbg a, b;
  ASSERT_TRUE(a.instantiate(seed(7), seed(8, 16), seed(9, 5)).is_ok());
  ASSERT_TRUE(b.instantiate(seed(7), seed(8, 16), seed(9, 5)).is_ok());
  Bytes whole(64), part(45);
  ASSERT_EQ(a.generate(whole, {}), HmacDrbg::Outcome::kOk);
  ASSERT_EQ(b.generate(part, {}), HmacDrbg::Outcome::kOk);
  EXPECT_EQ(Bytes(whole.begin(), whole.begin() + 45), part);
}

// --- Both production cores -------------------------------------------------

class DrbgCores : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override { testing::use_provider_drbg(GetParam()); }
  void TearDown() override {
    testing::use_provider_drbg(false);
    set_self_test_failure_hook(nullptr);
  }
};

TEST_P(DrbgCores, KnownAnswerMatchesAcvp) {
  for (const Case& c : sha256_cases(true)) {
    const DrbgKnownAnswerInput in{c.entropy,          c.nonce, c.pers, c.steps[0].entropy, c.steps[0].additional,
                                  c.steps[1].entropy, c.steps[1].additional};
    Bytes out(c.expected.size());
    ASSERT_TRUE(drbg_known_answer(in, out).is_ok()) << c.tc_id;
    EXPECT_EQ(to_hex(out), to_hex(c.expected)) << "tcId " << c.tc_id;
  }
}

// Every key request reseeds exactly once, whatever its size and however it
// is served (whole blocks, a partial block, several generate calls).
TEST_P(DrbgCores, ReseedCountGrowsByOnePerKeyRequest) {
  for (std::size_t n : {32U, 16U, 48U, 100U, 2000U, 70000U}) {
    Bytes key(n);
    const auto before = testing::drbg_reseed_count();
    ASSERT_TRUE(before.is_ok());
    ASSERT_TRUE(random_bytes_for_key(key).is_ok()) << n;
    const auto after = testing::drbg_reseed_count();
    ASSERT_TRUE(after.is_ok());
    EXPECT_EQ(*after - *before, 1U) << n;
    Bytes plain(n);
    ASSERT_TRUE(random_bytes(plain).is_ok());
    EXPECT_EQ(*testing::drbg_reseed_count(), *after) << n;
  }
}

int g_trips = 0;
void count_trip(const char*) { ++g_trips; }

TEST_P(DrbgCores, ForcedRepeatTripsTheHealthTest) {
  set_self_test_failure_hook(count_trip);
  for (bool key : {false, true}) {
    g_trips = 0;
    Bytes out(64);
    ASSERT_TRUE(random_bytes(out).is_ok());
    testing::force_next_drbg_repeat();
    const Status st = key ? random_bytes_for_key(out) : random_bytes(out);
    EXPECT_EQ(st.rv(), CKR_FUNCTION_FAILED) << key;
    EXPECT_EQ(g_trips, 1) << key;
    EXPECT_EQ(out, Bytes(64, 0));
    ASSERT_TRUE(random_bytes(out).is_ok());  // a new instance
    EXPECT_EQ(g_trips, 1);
  }
}

TEST_P(DrbgCores, SwitchingCoresReplacesTheInstance) {
  Bytes out(32);
  ASSERT_TRUE(random_bytes(out).is_ok());
  const auto mine = testing::drbg_instance_serial();
  testing::use_provider_drbg(!GetParam());
  const auto other = testing::drbg_instance_serial();
  testing::use_provider_drbg(GetParam());
  ASSERT_TRUE(mine.is_ok() && other.is_ok());
  EXPECT_NE(*mine, *other);
}

INSTANTIATE_TEST_SUITE_P(OwnAndProvider, DrbgCores, ::testing::Values(false, true),
                         [](const auto& p) { return p.param ? "Provider" : "Own"; });

}  // namespace
}  // namespace craton::crypto
