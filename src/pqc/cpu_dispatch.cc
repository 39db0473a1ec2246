#include "pqc/cpu_dispatch.h"

#include <atomic>
#include <cstdlib>

namespace craton::pqc {
namespace {

bool cpu_has_avx2() noexcept {
#if CRATON_PQC_HAVE_AVX2_PATH
  return __builtin_cpu_supports("avx2");
#else
  return false;
#endif
}

// Relaxed is enough: the flag only selects between two equivalent paths.
std::atomic<bool> g_forced_portable{false};

}  // namespace

bool use_avx2() noexcept {
  // CRATON_PQC_PORTABLE (any value) in the environment disables the AVX2
  // paths for the whole process: the test suite runs the vectors that way too.
  static const bool has_avx2 = cpu_has_avx2() && std::getenv("CRATON_PQC_PORTABLE") == nullptr;
  return has_avx2 && !g_forced_portable.load(std::memory_order_relaxed);
}

void force_portable_path(bool on) noexcept { g_forced_portable.store(on, std::memory_order_relaxed); }

}  // namespace craton::pqc
