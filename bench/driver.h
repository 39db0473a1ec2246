// The driver: spawns one worker per target, then measures every operation in
// rounds, interleaving targets and operations so host noise hits all alike.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <utility>
#include <vector>

#include "channel.h"
#include "token_setup.h"

namespace bench {

struct Options {
  std::vector<std::pair<std::string, std::string>> modules;  // name, library path
  std::string ours = "craton";
  std::string reference = "softhsm";
  std::string ops_regex;
  int rounds = 7;
  double round_seconds = 0.2;
  double warmup_seconds = 0.05;
  std::vector<int> threads;  // empty: no multi-thread mode
  bool floor = true;
  bool quick = false;
  TokenOptions token;
};

inline constexpr char kFloorName[] = "libcrypto";

struct RoundStat {
  double median_ns = 0;
  std::size_t samples = 0;
  std::uint64_t iterations = 0;
  double cpu_ns_per_op = 0;  // worker process CPU time (all threads) / iterations
};

// One operation on one target.
struct Measurement {
  std::string op;       // base name
  std::string variant;  // "session", "token" or ""
  std::string target;   // worker name
  std::string status = "ok";  // ok | n/a | failed
  std::string reason;
  int batch = 1;
  std::vector<RoundStat> rounds;
  std::vector<double> samples;  // all rounds

  std::string name() const { return variant.empty() ? op : op + "/" + variant; }
  double median_ns() const;  // median of the round medians
  double p99_ns() const;     // over every sample of every round
  double cpu_ns_per_op() const;  // median over rounds
};

struct CapacityStat {
  int threads = 1;
  std::vector<double> units_per_s;  // per round
  std::vector<double> ratio;        // per round, vs one thread in the same round
};

struct ParallelStat {
  std::string op, variant, target;
  int threads = 1;
  std::string status = "ok";
  std::string reason;
  std::vector<double> ops_per_s;  // per round
  std::vector<double> scaling;    // per round, vs one thread in the same round
  std::uint64_t errors = 0;
  std::string first_error;
};

struct RunResults {
  Json meta;
  Json targets = Json::array();
  std::deque<Measurement> measurements;  // deque: cells keep pointers into it
  std::vector<CapacityStat> capacity;
  std::vector<ParallelStat> parallel;
};

RunResults run_benchmark(const Options& options);

// "1.23 0.98 0.77" from /proc/loadavg.
std::vector<double> load_average();

}  // namespace bench
