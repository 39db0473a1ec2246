// The list of benchmarked operations: names, which ones have session/token
// key variants, their phase and minimum iterations. Shared by the driver
// (what to ask for) and the workers (what to build).
#pragma once

#include <string>
#include <vector>

namespace bench {

enum class Phase {
  kMain,  // interleaved rounds
  kFind,  // run last, once the extra objects exist (they would skew other ops)
};

struct OpSpec {
  std::string base;         // "ecdsa-p256-sign"
  bool keyed = false;       // measured with a session key and with a token key
  Phase phase = Phase::kMain;
  int min_iters = 1;        // per round (slow operations)
  std::string description;  // what one iteration does
};

const std::vector<OpSpec>& catalogue();
const OpSpec* find_spec(const std::string& base);

// One measured row: an operation with its key variant ("session", "token"
// or "" for operations without a key).
struct OpInstance {
  const OpSpec* spec = nullptr;
  std::string variant;
  std::string name() const { return variant.empty() ? spec->base : spec->base + "/" + variant; }
};

// Instances of the catalogue whose full name matches the regex (search).
std::vector<OpInstance> select_ops(const std::string& regex);

// Instances used by the multi-thread mode (session keys).
std::vector<OpInstance> thread_ops(const std::string& regex);

// Number of find-phase objects an operation needs (0 for other ops).
std::size_t find_population(const std::string& base);

}  // namespace bench
