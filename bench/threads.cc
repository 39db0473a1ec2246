#include "threads.h"

#include <atomic>
#include <chrono>
#include <latch>
#include <thread>

namespace bench {
namespace {

using Clock = std::chrono::steady_clock;

struct alignas(64) Slot {  // one cache line per thread: no false sharing
  std::uint64_t ops = 0;
  std::uint64_t errors = 0;
  CK_RV first_error = CKR_OK;
  Clock::time_point end{};
};

// Starts `n` threads running body(i, deadline) together; returns the start time.
template <typename Body>
Clock::time_point run_together(int n, double seconds, Body body) {
  std::latch ready(n);
  std::latch go(1);
  Clock::time_point start{}, deadline{};
  std::vector<std::thread> threads;
  threads.reserve(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) {
    threads.emplace_back([&, i] {
      ready.count_down();
      go.wait();
      body(i, deadline);
    });
  }
  ready.wait();
  start = Clock::now();
  deadline = start + std::chrono::nanoseconds(static_cast<std::int64_t>(seconds * 1e9));
  go.count_down();  // the latch orders the writes above before the threads' reads
  for (auto& t : threads) t.join();
  return start;
}

std::uint64_t busy_units(Clock::time_point deadline) {
  std::uint64_t x = 0x9e3779b97f4a7c15ull, units = 0;
  while (Clock::now() < deadline) {
    for (int i = 0; i < 4096; ++i) {  // xorshift: a dependent chain the compiler cannot fold
      x ^= x << 13;
      x ^= x >> 7;
      x ^= x << 17;
    }
    ++units;
  }
  // Keep the chain observable.
  std::atomic_signal_fence(std::memory_order_seq_cst);
  return units + (x == 42 ? 1 : 0);
}

}  // namespace

ParallelOutput run_parallel(const std::vector<Runner*>& runners, double seconds) {
  const int n = static_cast<int>(runners.size());
  std::vector<Slot> slots(runners.size());
  const auto start = run_together(n, seconds, [&](int i, Clock::time_point deadline) {
    Slot& s = slots[static_cast<std::size_t>(i)];
    Runner& r = *runners[static_cast<std::size_t>(i)];
    while (Clock::now() < deadline) {
      const CK_RV rv = r.run_once();
      if (rv == CKR_OK) {
        ++s.ops;
      } else {
        if (s.errors++ == 0) s.first_error = rv;
      }
    }
    r.after_batch();
    s.end = Clock::now();
  });
  ParallelOutput out;
  Clock::time_point last = start;
  for (const auto& s : slots) {
    out.ops += s.ops;
    out.errors += s.errors;
    if (out.first_error == CKR_OK) out.first_error = s.first_error;
    if (s.end > last) last = s.end;
  }
  out.elapsed_ns = static_cast<double>(std::chrono::duration_cast<std::chrono::nanoseconds>(last - start).count());
  return out;
}

double probe_capacity(int threads, double seconds) {
  std::vector<Slot> slots(static_cast<std::size_t>(threads));
  const auto start = run_together(threads, seconds, [&](int i, Clock::time_point deadline) {
    slots[static_cast<std::size_t>(i)].ops = busy_units(deadline);
    slots[static_cast<std::size_t>(i)].end = Clock::now();
  });
  std::uint64_t units = 0;
  Clock::time_point last = start;
  for (const auto& s : slots) {
    units += s.ops;
    if (s.end > last) last = s.end;
  }
  const double ns = static_cast<double>(std::chrono::duration_cast<std::chrono::nanoseconds>(last - start).count());
  return ns > 0 ? static_cast<double>(units) * 1e9 / ns : 0;
}

}  // namespace bench
