// Counting successful operation starts instead of queueing one event each.
//
// C_EncryptInit, C_SignInit ... can run a million times a second. One
// queued event per start cost the writer ~0.7 us of CPU per operation, most
// of a core on a 2-core host. Instead each thread counts its starts in its
// own small table (one uncontended mutex, no allocation once warm), and the
// writer collects every table when it takes a batch: identical starts of
// one batch window (same thread, function, session, mechanism, key and
// indicator) become one line with their count. Nothing is dropped and
// nothing waits longer for the disk than a queued event does (both are
// written with the batch).
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

#include "audit/audit_log.h"

namespace craton::audit::detail {

// One (thread, function, session, mechanism, key, indicator) run of starts.
struct OperationTally {
  const char* function = nullptr;  // a string literal ("C_SignInit")
  CK_SESSION_HANDLE session = CK_INVALID_HANDLE;
  CK_MECHANISM_TYPE mechanism = CK_UNAVAILABLE_INFORMATION;
  CK_OBJECT_HANDLE object = CK_INVALID_HANDLE;
  bool approved = false;
  std::uint64_t count = 0;
  std::uint64_t first_ns = 0;
  std::uint64_t last_ns = 0;
};

// Distinct runs one thread may hold per batch window; a start that would
// need one more is queued as an ordinary event instead.
inline constexpr std::size_t kMaxTalliesPerThread = 32;

// One thread's table. The owning thread adds, the writer takes.
class ThreadTallies {
 public:
  ThreadTallies() { entries_.reserve(kMaxTalliesPerThread); }
  // Counts one start at `now`. False if the table is full (not counted).
  // *was_empty: the table had nothing since the writer last took it.
  bool add(const char* function, CK_SESSION_HANDLE session, CK_MECHANISM_TYPE mechanism,
           CK_OBJECT_HANDLE object, bool approved, std::uint64_t now, bool* was_empty);
  // Moves every run into `out` (appended) and empties the table.
  void take(std::vector<OperationTally>& out);

 private:
  std::mutex mu_;
  std::vector<OperationTally> entries_;
};

// The line of one run: the start's fields, time_ns = the first start, and
// detail = "count=<n> last_ns=<time of the last start>".
AuditEvent tally_event(const OperationTally& tally);

}  // namespace craton::audit::detail
