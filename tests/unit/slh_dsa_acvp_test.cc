// SLH-DSA (FIPS 205) against NIST ACVP sample vectors (keyGen, sigGen and
// sigVer of the internal interface) and BoringSSL's SLH-DSA-SHA2-128s files.
// Signing the 's' parameter sets is slow by design, so only a fixed subset of
// sigGen runs here: every case of the 'f' sets and the first case of each 's'
// group. tests/slow/slh_dsa_slow_test.cc runs all of them.
#include <gtest/gtest.h>

#include "slh_dsa_test_util.h"

namespace {

using namespace slh_test;
namespace pqc = craton::pqc;

TEST(SlhDsaAcvp, KeyGenAllParameterSets) {
  const auto cases = load_acvp("SLH-DSA-keyGen-FIPS205");
  ASSERT_EQ(cases.size(), 120u);
  std::map<std::string, int> per_set;
  for (const auto& c : cases) {
    SCOPED_TRACE(c.set_name + " tcId " + std::to_string(c.prompt["tcId"].get<int>()));
    auto kp = pqc::slh_keygen_internal(c.params, unhex(c.prompt["skSeed"].get<std::string>()),
                                       unhex(c.prompt["skPrf"].get<std::string>()),
                                       unhex(c.prompt["pkSeed"].get<std::string>()));
    ASSERT_TRUE(kp.is_ok());
    EXPECT_EQ(hex(kp->pk), c.expected["pk"].get<std::string>());
    EXPECT_EQ(hex(kp->sk.view()), c.expected["sk"].get<std::string>());
    ++per_set[c.set_name];
  }
  EXPECT_EQ(per_set.size(), 12u);  // every parameter set is covered
}

TEST(SlhDsaAcvp, SigVerAll) {
  const auto cases = load_acvp("SLH-DSA-sigVer-FIPS205");
  ASSERT_EQ(cases.size(), 72u);
  int passed = 0, failed = 0;
  for (const auto& c : cases) {
    SCOPED_TRACE(c.set_name + " tcId " + std::to_string(c.prompt["tcId"].get<int>()));
    const auto st = pqc::slh_verify_internal(c.params, unhex(c.prompt["pk"].get<std::string>()),
                                             unhex(c.prompt["message"].get<std::string>()),
                                             unhex(c.prompt["signature"].get<std::string>()));
    const bool want = c.expected["testPassed"].get<bool>();
    EXPECT_EQ(st.is_ok(), want);
    if (!want) {
      EXPECT_TRUE(st.rv() == CKR_SIGNATURE_INVALID || st.rv() == CKR_SIGNATURE_LEN_RANGE) << st.rv();
    }
    (want ? passed : failed)++;
  }
  EXPECT_EQ(passed, 24);
  EXPECT_EQ(failed, 48);
}

// The default subset: 'f' sets completely, 's' sets the first case of each group.
TEST(SlhDsaAcvp, SigGenSubset) {
  const auto cases = load_acvp("SLH-DSA-sigGen-FIPS205");
  ASSERT_EQ(cases.size(), 48u);
  std::map<int, int> seen_in_group;
  int run = 0;
  for (const auto& c : cases) {
    const bool fast_set = c.set_name.back() == 'f';
    if (!fast_set && seen_in_group[c.group["tgId"].get<int>()]++ > 0) continue;
    run_acvp_siggen(c);
    ++run;
  }
  EXPECT_EQ(run, 20 + 4);
}

TEST(SlhDsaBoringSsl, Sha2_128sSigGenFirstCase) {
  const auto blocks = load_kv_blocks("boringssl/slhdsa_sha2_128s_siggen.txt");
  ASSERT_EQ(blocks.size(), 7u);
  run_boringssl_siggen(blocks[0]);
}

TEST(SlhDsaBoringSsl, Sha2_128sSigVer) {
  const auto blocks = load_kv_blocks("boringssl/slhdsa_sha2_128s_sigver.txt");
  ASSERT_EQ(blocks.size(), 9u);
  int valid = 0;
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    SCOPED_TRACE("case " + std::to_string(i));
    const auto& b = blocks[i];
    const auto st = pqc::slh_verify_internal(pqc::SlhDsaParams::kSha2_128s, unhex(b.at("pub")),
                                             unhex(b.at("msg")), unhex(b.at("sig")));
    const bool want = b.at("valid") == "true";
    EXPECT_EQ(st.is_ok(), want);
    valid += want;
  }
  EXPECT_EQ(valid, 3);
}

}  // namespace
