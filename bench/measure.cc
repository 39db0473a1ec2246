#include "measure.h"

#include <algorithm>
#include <chrono>
#include <ctime>

#include "p11_util.h"

namespace bench {
namespace {

using Clock = std::chrono::steady_clock;

double ns_between(Clock::time_point a, Clock::time_point b) {
  return static_cast<double>(std::chrono::duration_cast<std::chrono::nanoseconds>(b - a).count());
}

constexpr double kBatchTargetNs = 20'000;

double process_cpu_ns() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e9 + static_cast<double>(ts.tv_nsec);
}

}  // namespace

Calibration calibrate(Runner& r, double seconds) {
  const auto start = Clock::now();
  std::uint64_t n = 0;
  Clock::time_point now;
  do {
    check(r.run_once(), "warm-up iteration");
    ++n;
    if (n % 16 == 0) r.after_batch();
    now = Clock::now();
  } while (ns_between(start, now) < seconds * 1e9);
  r.after_batch();
  Calibration c;
  c.per_iter_ns = ns_between(start, now) / static_cast<double>(n);
  c.batch = static_cast<int>(std::clamp(kBatchTargetNs / std::max(c.per_iter_ns, 1.0), 1.0, 1000.0));
  return c;
}

RoundOutput run_round(Runner& r, int batch, double seconds, int min_iters) {
  RoundOutput out;
  const double cpu0 = process_cpu_ns();
  const auto start = Clock::now();
  for (;;) {
    const auto t0 = Clock::now();
    for (int i = 0; i < batch; ++i) {
      const CK_RV rv = r.run_once();
      if (rv != CKR_OK) {
        out.error = rv;
        r.after_batch();
        return out;
      }
    }
    const auto t1 = Clock::now();
    r.after_batch();
    out.samples_ns.push_back(ns_between(t0, t1) / batch);
    out.iterations += static_cast<std::uint64_t>(batch);
    if (ns_between(start, t1) >= seconds * 1e9 && out.iterations >= static_cast<std::uint64_t>(min_iters)) break;
  }
  out.process_cpu_ns = process_cpu_ns() - cpu0;
  return out;
}

}  // namespace bench
