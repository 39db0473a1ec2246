// Timing loops run inside a worker process. Each sample is the mean time of a
// small batch of iterations (sized so a batch lasts ~20 us), which keeps the
// clock's own cost out of the figures for sub-microsecond operations.
#pragma once

#include <cstdint>
#include <vector>

#include "runner.h"

namespace bench {

struct Calibration {
  int batch = 1;
  double per_iter_ns = 0;
};

// Warm-up for `seconds` (at least one iteration); throws on a failing
// iteration. Chooses the batch size.
Calibration calibrate(Runner& r, double seconds);

struct RoundOutput {
  std::vector<double> samples_ns;  // per-iteration time, one value per batch
  std::uint64_t iterations = 0;
  // CPU time of the whole worker process during the round (all its threads:
  // a module's background work, e.g. an audit writer, counts here but not in
  // the samples).
  double process_cpu_ns = 0;
  CK_RV error = CKR_OK;  // first failing call, if any (the round stops there)
};

// Runs batches until `seconds` have passed and at least `min_iters` iterations.
RoundOutput run_round(Runner& r, int batch, double seconds, int min_iters);

}  // namespace bench
