// The fault-injection hooks (core/test_hooks.h): one-shot, armed only by
// arm(), disarmed by disarm_all(), and inert when not armed.
#include <gtest/gtest.h>

#include <cstdlib>

#include "core/test_hooks.h"

namespace craton::test_hooks {
namespace {

#ifdef CRATON_TEST_HOOKS

TEST(TestHooks, ReadEnvironment) {
  setenv("CRATON_HSM_TEST_FAIL_KAT", "AES-GCM", 1);
  setenv("CRATON_HSM_TEST_DRBG_STUCK", "1", 1);
  setenv("CRATON_HSM_TEST_FAIL_PAIRWISE", "yes", 1);  // only "1" arms it
  const EnvFaults f = read_environment();
  EXPECT_EQ(f.fail_kat, "AES-GCM");
  EXPECT_TRUE(f.drbg_stuck);
  EXPECT_FALSE(f.fail_pairwise);
  unsetenv("CRATON_HSM_TEST_FAIL_KAT");
  unsetenv("CRATON_HSM_TEST_DRBG_STUCK");
  unsetenv("CRATON_HSM_TEST_FAIL_PAIRWISE");
  const EnvFaults none = read_environment();
  EXPECT_TRUE(none.fail_kat.empty());
  EXPECT_FALSE(none.drbg_stuck);
  EXPECT_FALSE(none.fail_pairwise);
}

TEST(TestHooks, FaultsAreOneShot) {
  disarm_all();
  EXPECT_FALSE(take_drbg_repeat());
  Bytes v(8, 0);
  corrupt_pairwise(v);
  EXPECT_EQ(v, Bytes(8, 0));

  arm(EnvFaults{"", true, true});
  EXPECT_TRUE(take_drbg_repeat());
  EXPECT_FALSE(take_drbg_repeat());
  corrupt_pairwise(v);
  EXPECT_EQ(v[4], 0x01);  // one bit of the middle byte
  corrupt_pairwise(v);
  EXPECT_EQ(v[4], 0x01);

  arm(EnvFaults{"", true, true});
  disarm_all();
  EXPECT_FALSE(take_drbg_repeat());
  Bytes empty;
  arm(EnvFaults{"", false, true});
  corrupt_pairwise(empty);  // nothing to flip: stays armed
  corrupt_pairwise(v);
  EXPECT_EQ(v[4], 0x00);
  disarm_all();
}

#else

TEST(TestHooks, CompiledOut) {
  EXPECT_FALSE(kEnabled);
  EXPECT_FALSE(take_drbg_repeat());
}

#endif

}  // namespace
}  // namespace craton::test_hooks
