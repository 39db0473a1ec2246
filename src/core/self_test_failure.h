// The one way any layer reports a failed conditional self-test (pairwise
// consistency test, DRBG continuous test, ...): the module registers a
// handler that moves it to the FIPS error state.
#pragma once

namespace craton {

using SelfTestFailureHandler = void (*)(const char* what);

void set_self_test_failure_handler(SelfTestFailureHandler handler);
// Safe to call from any thread; `what` names the test, never secret data.
void report_self_test_failure(const char* what);

}  // namespace craton
