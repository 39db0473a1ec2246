// Fault injection for black-box tests (issue #4): makes a power-on KAT, the
// DRBG continuous test or a pairwise consistency test fail through the real
// failure path, so tests/abi/fault_injection_test.cc can check every move
// into and out of the error state through the C ABI.
//
// Compiled in only with -DCRATON_TEST_HOOKS=ON (the default when the tests
// are built; refused together with CRATON_FIPS). Without it every hook below
// is an inline no-op and the module never reads these variables.
//
// The module reads the environment in C_Initialize only (read_environment):
//   CRATON_HSM_TEST_FAIL_KAT=<name>   that known-answer test compares against
//                                     a corrupted expected value (POST fails)
//   CRATON_HSM_TEST_DRBG_STUCK=1      the next DRBG generate after the POST
//                                     repeats its previous block (the
//                                     continuous health test fires)
//   CRATON_HSM_TEST_FAIL_PAIRWISE=1   the next pairwise consistency test
//                                     after the POST sees a corrupted
//                                     signature / ciphertext
// Each C_Initialize re-reads them: an unset variable disarms its fault.
#pragma once

#include <string>

#include "core/secure_memory.h"

namespace craton::test_hooks {

#ifdef CRATON_TEST_HOOKS

inline constexpr bool kEnabled = true;

struct EnvFaults {
  std::string fail_kat;  // "" = none
  bool drbg_stuck = false;
  bool fail_pairwise = false;
};

// Reads the CRATON_HSM_TEST_* variables (C_Initialize only).
EnvFaults read_environment();

// One-shot faults, process-wide (any thread may consume them).
void arm(const EnvFaults& faults);
void disarm_all();

// True once after arm() with drbg_stuck: the caller repeats its last block.
bool take_drbg_repeat();
// Flips one bit of `v` once after arm() with fail_pairwise.
void corrupt_pairwise(MutableByteView v);

#else

inline constexpr bool kEnabled = false;
inline bool take_drbg_repeat() { return false; }
inline void corrupt_pairwise(MutableByteView) {}

#endif

}  // namespace craton::test_hooks
