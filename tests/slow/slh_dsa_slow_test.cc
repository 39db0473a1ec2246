// The complete SLH-DSA sigGen vector sets, including every case of the slow
// 's' parameter sets (ctest label "slow"; the unit suite runs a subset).
#include <gtest/gtest.h>

#include "../unit/slh_dsa_test_util.h"

namespace {

using namespace slh_test;

TEST(SlowSlhDsaAcvp, SigGenAll) {
  const auto cases = load_acvp("SLH-DSA-sigGen-FIPS205");
  ASSERT_EQ(cases.size(), 48u);
  for (const auto& c : cases) run_acvp_siggen(c);
}

TEST(SlowSlhDsaBoringSsl, Sha2_128sSigGenAll) {
  const auto blocks = load_kv_blocks("boringssl/slhdsa_sha2_128s_siggen.txt");
  ASSERT_EQ(blocks.size(), 7u);
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    SCOPED_TRACE("case " + std::to_string(i));
    run_boringssl_siggen(blocks[i]);
  }
}

}  // namespace
