// Multi-thread mode: N threads, each with its own runner (its own session on
// the same token), counting completed operations for a fixed time; and the
// lock-free busy-loop probe of how much parallel CPU the machine gives now.
#pragma once

#include <cstdint>
#include <vector>

#include "runner.h"

namespace bench {

struct ParallelOutput {
  std::uint64_t ops = 0;     // successful iterations, all threads
  std::uint64_t errors = 0;  // failed iterations
  CK_RV first_error = CKR_OK;
  double elapsed_ns = 0;     // from the common start to the last thread's end
  double ops_per_s() const { return elapsed_ns > 0 ? static_cast<double>(ops) * 1e9 / elapsed_ns : 0; }
};

// One thread per runner, released together, each running until the deadline.
ParallelOutput run_parallel(const std::vector<Runner*>& runners, double seconds);

// Busy-loop work units per second with `threads` threads (no shared writes,
// no locks, no allocation): the machine's parallel capacity at this moment.
double probe_capacity(int threads, double seconds);

}  // namespace bench
