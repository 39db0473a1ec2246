#include "core/test_hooks.h"

#ifdef CRATON_TEST_HOOKS

#include <atomic>
#include <cstdlib>
#include <cstring>

namespace craton::test_hooks {
namespace {

std::atomic<bool> g_drbg_repeat{false};
std::atomic<bool> g_pairwise_fault{false};

bool flag_set(const char* name) {
  const char* v = std::getenv(name);
  return v != nullptr && std::strcmp(v, "1") == 0;
}

}  // namespace

EnvFaults read_environment() {
  EnvFaults f;
  if (const char* kat = std::getenv("CRATON_HSM_TEST_FAIL_KAT")) f.fail_kat = kat;
  f.drbg_stuck = flag_set("CRATON_HSM_TEST_DRBG_STUCK");
  f.fail_pairwise = flag_set("CRATON_HSM_TEST_FAIL_PAIRWISE");
  return f;
}

void arm(const EnvFaults& faults) {
  g_drbg_repeat.store(faults.drbg_stuck);
  g_pairwise_fault.store(faults.fail_pairwise);
}

void disarm_all() {
  g_drbg_repeat.store(false);
  g_pairwise_fault.store(false);
}

// A relaxed load first keeps the common (unarmed) path to one plain read.
bool take_drbg_repeat() {
  return g_drbg_repeat.load(std::memory_order_relaxed) && g_drbg_repeat.exchange(false);
}

void corrupt_pairwise(MutableByteView v) {
  if (v.empty() || !g_pairwise_fault.load(std::memory_order_relaxed) || !g_pairwise_fault.exchange(false)) return;
  v[v.size() / 2] ^= 0x01;
}

}  // namespace craton::test_hooks

#endif  // CRATON_TEST_HOOKS
