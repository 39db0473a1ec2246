// Power-on self-tests (FIPS 140-3 section 10.3 / ISO/IEC 19790 7.10): the
// software integrity test, then a known-answer test of every approved
// algorithm. docs/self-tests.md lists the tests and their vectors.
//
// The module runs them in C_Initialize; a failure must leave it in the
// error state. Conditional tests (the DRBG's continuous test, pairwise
// consistency tests) report through crypto::set_self_test_failure_hook.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace craton::fips {

enum class SelfTestOutcome { kPassed, kFailed, kSkipped };

struct SelfTestResult {
  std::string name;  // e.g. "Integrity (HMAC-SHA-256)", "AES-GCM", "HMAC_DRBG"
  SelfTestOutcome outcome = SelfTestOutcome::kFailed;
  std::uint64_t micros = 0;  // wall time of this test
  CK_RV rv = CKR_OK;         // the failing call's code (CKR_FUNCTION_FAILED: wrong output)
  std::string detail;        // why the integrity test was skipped or failed
};

struct SelfTestReport {
  std::vector<SelfTestResult> results;  // in run order; the integrity test first
  bool passed = false;                  // no test failed (a skipped integrity test is not a failure)
  std::uint64_t total_micros = 0;
  const SelfTestResult* find(std::string_view name) const;
};

inline constexpr char kIntegrityTestName[] = "Integrity (HMAC-SHA-256)";

// Runs every test, even after a failure, so the report is complete.
// CKR_OK if all passed, else CKR_FUNCTION_FAILED. `report` may be null.
// Runs are serialised (one at a time per process).
Status run_power_on_self_tests(SelfTestReport* report);

// Names of the known-answer tests, in run order (without the integrity test).
std::vector<std::string> known_answer_test_names();

namespace testing {
// Makes the named KAT compare against (and feed to checks) expected values
// with one bit flipped, so it must fail. False for an unknown name.
bool corrupt_kat(std::string_view name);
void clear_corrupted_kats();
}  // namespace testing

}  // namespace craton::fips
