// The tamper-evident audit log (part of the FIPS 140-3 envelope).
//
// One JSON line per event, hash-chained: every line carries the SHA-256 of
// the previous line's full text ("prev") and the SHA-256 of itself without
// its "hash" member ("hash"). Editing, deleting, inserting or reordering a
// line breaks the chain at that line; verify_audit_log() finds it. (Lines
// cut off the end leave a valid shorter chain: keep an anchor elsewhere.
// Format, guarantees and limits: docs/audit-log.md.)
//
// What may be logged: the event has fields for names, handles, mechanism
// types, return values and a short free-text detail. It has NO field for key
// bytes, PINs or any other secret, on purpose; callers must never put one in
// `detail` either (log "user login failed", never the PIN).
//
// Threads: record() only enqueues (a mutex and a vector push); one
// background thread per AuditLog writes batches and fdatasync()s each batch.
// record_operation() (successful C_xxxInit) only counts, in a table of the
// calling thread's own; the writer turns each batch window's counts into
// one line per distinct start (audit/operation_tally.h).
// With `synchronous` (the application forbade library threads) record()
// writes in the caller's thread instead and no thread is ever created.
//
// Processes: several processes may append to one file. Each batch is
// appended with O_APPEND under an exclusive flock(), after reading the
// current last line, so the chain stays linear whoever writes.
//
// fork(): the child must not use or destroy an AuditLog created by the
// parent (its writer thread does not exist in the child and its mutex may be
// held). Pass it to abandon_after_fork() in the child and open a new one.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "config/config.h"
#include "core/result.h"
#include "craton/pkcs11/pkcs11t.h"

namespace craton::audit {

namespace detail {
class ThreadTallies;
struct OperationTally;
}  // namespace detail

// One audited event. Handles that do not apply keep their defaults and are
// written as JSON null. There is deliberately no field for secret data.
struct AuditEvent {
  std::uint64_t time_ns = 0;                            // ns since the Unix epoch; 0 = "now" at record()
  std::string function;                                 // "C_Sign", "C_Login", "SelfTest", ...
  CK_SLOT_ID slot = CK_UNAVAILABLE_INFORMATION;         // none = CK_UNAVAILABLE_INFORMATION
  CK_SESSION_HANDLE session = CK_INVALID_HANDLE;        // none = CK_INVALID_HANDLE
  CK_MECHANISM_TYPE mechanism = CK_UNAVAILABLE_INFORMATION;  // none = CK_UNAVAILABLE_INFORMATION
  CK_OBJECT_HANDLE object = CK_INVALID_HANDLE;          // none = CK_INVALID_HANDLE
  CK_RV rv = CKR_OK;
  bool fips_approved = false;  // the algorithm indicator for this operation
  std::string detail;          // short and never secret (truncated to kMaxDetailBytes)

  bool operator==(const AuditEvent&) const = default;
};

inline constexpr std::size_t kMaxFunctionBytes = 64;
inline constexpr std::size_t kMaxDetailBytes = 512;

// The "prev" of the first line of a log: 64 hex zeros.
inline constexpr std::string_view kGenesisHash =
    "0000000000000000000000000000000000000000000000000000000000000000";

struct AuditConfig {
  std::string path;          // the log file; created (mode 0600, parents 0700) if missing
  bool enabled = true;       // false: open() returns a log whose record() does nothing
  bool synchronous = false;  // true: write in the caller's thread, create no thread
  std::size_t queue_capacity = 65536;  // events queued before record() blocks
  // Longest wait for another writer's file lock before a write counts as
  // failed (a stopped or hung process must not stall every other one).
  std::chrono::milliseconds lock_timeout{10000};
};

// The AuditConfig of a loaded configuration ([audit] enabled and path).
// `synchronous`: the application passed CKF_LIBRARY_CANT_CREATE_OS_THREADS.
AuditConfig audit_config_from(const config::Config& config, bool synchronous);

// Wall-clock time in ns since the Unix epoch.
std::uint64_t now_ns();

class AuditLog {
 public:
  // Opens (or creates) the file and, unless synchronous, starts the writer.
  // CKR_GENERAL_ERROR if the file cannot be opened; CKR_ARGUMENTS_BAD for an
  // empty path or a zero capacity.
  static Result<std::unique_ptr<AuditLog>> open(const AuditConfig& config);

  // Drains the queue, writes and syncs it, and stops the writer thread.
  ~AuditLog();
  AuditLog(const AuditLog&) = delete;
  AuditLog& operator=(const AuditLog&) = delete;

  // Queues one event (cheap). If the queue is full the caller waits until
  // the writer has made room: events are never dropped while the file is
  // writable. Only if writing has FAILED and the queue is full are further
  // events counted and dropped; the next successful write then records an
  // "AUDIT_EVENTS_LOST" event with their number, and flush() reports the
  // failure. function and detail are truncated to their limits.
  void record(AuditEvent event);

  // A successful operation start (C_SignInit, C_EncryptInit ...; `function`
  // must be a string literal): counted in the calling thread's table and
  // written, with the other identical starts of the same batch window, as
  // one line whose detail is "count=<n> last_ns=<time of the last one>".
  // Synchronous logs write it at once, as one line with count=1.
  void record_operation(const char* function, CK_SESSION_HANDLE session, CK_MECHANISM_TYPE mechanism,
                        CK_OBJECT_HANDLE object, bool approved);

  // Returns once every event recorded before the call is written and synced.
  // CKR_DEVICE_ERROR if writing or syncing failed.
  Status flush();

  bool enabled() const { return enabled_; }
  bool synchronous() const { return synchronous_; }
  const std::string& path() const { return path_; }

  // In a child process after fork(): releases `log` without touching its
  // thread or locks (they belong to the parent) and closes the child's copy
  // of its file descriptor. The memory is intentionally leaked.
  static void abandon_after_fork(std::unique_ptr<AuditLog> log) noexcept;

 private:
  struct ChainState;
  explicit AuditLog(const AuditConfig& config);
  void writer_loop();
  void run_writer();
  void wait_for_batch(std::unique_lock<std::mutex>& lock);
  Status write_batch(std::vector<AuditEvent>& batch, std::uint64_t lost);
  detail::ThreadTallies* thread_tallies();
  void wake_for_tallies();
  void take_tallies(std::vector<detail::OperationTally>& runs);
  static void add_tally_events(std::vector<AuditEvent>& batch, const std::vector<detail::OperationTally>& runs);

  std::string path_;
  bool enabled_;
  bool synchronous_;
  std::size_t capacity_;
  std::chrono::milliseconds lock_timeout_;
  int fd_ = -1;
  std::uint32_t pid_ = 0;
  std::unique_ptr<ChainState> chain_;  // used only by the writer (or under mutex_ when synchronous)

  std::mutex mutex_;
  std::condition_variable work_cv_;   // writer waits for events
  std::condition_variable space_cv_;  // producers wait for room
  std::condition_variable done_cv_;   // flush() waits for progress
  std::vector<AuditEvent> queue_;
  std::uint64_t enqueued_ = 0;  // events accepted (queued or written)
  std::uint64_t settled_ = 0;   // events written or dropped
  std::uint64_t lost_ = 0;      // dropped, not yet reported in the log
  std::uint64_t sync_pending_since_ns_ = 0;  // synchronous mode: unsynced data
  bool failed_ = false;         // the last write or sync failed
  bool idle_ = false;           // writer sleeps with no deadline: record() must wake it
  bool flush_requested_ = false;
  bool stop_ = false;
  std::uint64_t swaps_ = 0;         // batches taken by the writer (each takes the tallies too)
  std::uint64_t written_swap_ = 0;  // the last of them written and synced (or found empty)
  std::thread writer_;

  const std::uint64_t id_;  // tells this log's per-thread tables from an earlier log's
  std::atomic<bool> tallies_pending_{false};  // some table has counts the writer has not taken
  std::mutex tallies_mu_;  // guards tallies_; lock order mutex_ -> tallies_mu_ -> a table's mutex
  std::vector<std::shared_ptr<detail::ThreadTallies>> tallies_;
};

#ifdef CRATON_TEST_HOOKS
namespace testing {
// Called by every writer right after it takes a batch (tests widen that
// moment to check what may happen during it); nullptr = none.
void set_after_take_hook(void (*hook)());
}  // namespace testing
#endif

// ---- Reading and verifying ---------------------------------------------

// One parsed line.
struct AuditRecord {
  std::uint64_t seq = 0;
  std::uint32_t pid = 0;
  AuditEvent event;
  std::string prev;  // hex SHA-256 of the previous line
  std::string hash;  // hex SHA-256 of this line without its hash member
};

// Parses one line (without its newline) and checks its own "hash".
// CKR_DATA_INVALID if it is malformed or the hash does not match.
Result<AuditRecord> parse_audit_line(std::string_view line, std::string* why = nullptr);

struct VerifyReport {
  bool ok = false;
  std::uint64_t lines = 0;        // complete lines in the file
  std::uint64_t first_bad_line = 0;  // 1-based; 0 when ok
  std::string reason;             // why first_bad_line is bad
  std::uint64_t last_seq = 0;     // seq of the last good line
  std::string last_line_hash;     // hex SHA-256 of the last good line's text
};

// Checks every line's hash, the prev chain from the genesis value, and that
// seq starts at 1 and grows by exactly one. Stops at the first bad line.
// CKR_GENERAL_ERROR only if the file cannot be read.
Result<VerifyReport> verify_audit_log(const std::string& path);

// Reads every event of a log (for tests and tools). Fails with
// CKR_DATA_INVALID at the first line that does not parse.
Result<std::vector<AuditRecord>> read_audit_log(const std::string& path);

}  // namespace craton::audit
