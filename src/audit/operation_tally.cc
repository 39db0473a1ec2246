#include "audit/operation_tally.h"

#include <string>

namespace craton::audit::detail {

bool ThreadTallies::add(const char* function, CK_SESSION_HANDLE session, CK_MECHANISM_TYPE mechanism,
                        CK_OBJECT_HANDLE object, bool approved, std::uint64_t now, bool* was_empty) {
  std::lock_guard lock(mu_);
  *was_empty = entries_.empty();
  // Newest first: a loop of starts hits the last entry.
  for (auto it = entries_.rbegin(); it != entries_.rend(); ++it) {
    if (it->function == function && it->session == session && it->mechanism == mechanism &&
        it->object == object && it->approved == approved) {
      ++it->count;
      it->last_ns = now;
      return true;
    }
  }
  if (entries_.size() >= kMaxTalliesPerThread) return false;
  entries_.push_back(OperationTally{function, session, mechanism, object, approved, 1, now, now});
  return true;
}

void ThreadTallies::take(std::vector<OperationTally>& out) {
  std::lock_guard lock(mu_);
  out.insert(out.end(), entries_.begin(), entries_.end());  // `out` is reserved by the writer
  entries_.clear();
}

AuditEvent tally_event(const OperationTally& tally) {
  AuditEvent e;
  e.time_ns = tally.first_ns;
  e.function = tally.function;
  e.session = tally.session;
  e.mechanism = tally.mechanism;
  e.object = tally.object;
  e.rv = CKR_OK;
  e.fips_approved = tally.approved;
  e.detail = "count=" + std::to_string(tally.count) + " last_ns=" + std::to_string(tally.last_ns);
  return e;
}

}  // namespace craton::audit::detail
