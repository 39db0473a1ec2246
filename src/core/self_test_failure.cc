#include "core/self_test_failure.h"

#include <atomic>

namespace craton {
namespace {
std::atomic<SelfTestFailureHandler> g_handler{nullptr};
}

void set_self_test_failure_handler(SelfTestFailureHandler handler) { g_handler.store(handler); }

void report_self_test_failure(const char* what) {
  if (SelfTestFailureHandler h = g_handler.load()) h(what);
}

}  // namespace craton
