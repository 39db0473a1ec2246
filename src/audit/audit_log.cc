// AuditLog: a bounded queue in front of one writer thread (or, when the
// application forbids threads, direct writes in the caller's thread).
//
// record() is the hot path: a mutex, a vector push_back and, only when the
// writer is asleep with nothing to do, one notify. The writer swaps the
// whole queue out under the mutex and formats, hashes, writes and syncs
// with the mutex released.
#include "audit/audit_log.h"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <exception>
#include <optional>
#include <system_error>
#include <unistd.h>

#include "audit/audit_file.h"
#include "audit/audit_format.h"
#include "audit/operation_tally.h"
#include "core/log.h"

namespace craton::audit {
namespace {

// How long the writer gathers events after the first one before writing:
// bounds fdatasync() calls to ~200 per second under load.
constexpr auto kLinger = std::chrono::milliseconds(5);
// After a failed write, wait this long before retrying.
constexpr auto kRetryDelay = std::chrono::milliseconds(200);
// Initial room in the queue and the writer's batch: growing a vector of
// events inside record() would be a slow call now and then.
constexpr std::size_t kInitialReserve = 1024;
// Synchronous mode syncs when its oldest unsynced line is this old.
constexpr std::uint64_t kSyncIntervalNs = 100'000'000;

AuditEvent lost_marker(std::uint64_t lost) {
  AuditEvent e;
  e.time_ns = now_ns();
  e.function = "AUDIT_EVENTS_LOST";
  e.rv = CKR_DEVICE_ERROR;
  e.detail = std::to_string(lost) + " audit event(s) could not be written and were dropped";
  return e;
}

std::atomic<std::uint64_t> g_log_ids{0};

// The calling thread's counting table, for the log whose id it names.
struct TallyCache {
  std::uint64_t log_id = 0;
  std::shared_ptr<detail::ThreadTallies> table;
};
thread_local TallyCache t_tallies;

#ifdef CRATON_TEST_HOOKS
std::atomic<void (*)()> g_after_take_hook{nullptr};
void after_take() {
  if (auto* hook = g_after_take_hook.load(std::memory_order_acquire)) hook();
}
#else
void after_take() {}
#endif

}  // namespace

struct AuditLog::ChainState {
  std::optional<detail::Sha256> sha;  // set by open()
  std::optional<detail::LineHasher> hasher;  // set by open(); the writer's (or, synchronous, under mutex_)
  detail::WriteBuffer buffer;
  detail::ChainTail tail;
  std::vector<AuditEvent> sync_batch;  // synchronous mode: reused buffer
};

AuditConfig audit_config_from(const config::Config& config, bool synchronous) {
  AuditConfig out;
  out.enabled = config.audit_enabled;
  out.path = config.audit_log_path();
  out.synchronous = synchronous;
  return out;
}

std::uint64_t now_ns() {
  timespec ts{};
  ::clock_gettime(CLOCK_REALTIME, &ts);
  return static_cast<std::uint64_t>(ts.tv_sec) * 1'000'000'000u + static_cast<std::uint64_t>(ts.tv_nsec);
}

AuditLog::AuditLog(const AuditConfig& config)
    : path_(config.path),
      enabled_(config.enabled),
      synchronous_(config.synchronous),
      capacity_(config.queue_capacity),
      lock_timeout_(config.lock_timeout),
      chain_(std::make_unique<ChainState>()),
      id_(++g_log_ids) {}

Result<std::unique_ptr<AuditLog>> AuditLog::open(const AuditConfig& config) {
  try {
    std::unique_ptr<AuditLog> log(new AuditLog(config));
    if (!config.enabled) return log;
    if (config.path.empty() || config.queue_capacity == 0) return err(CKR_ARGUMENTS_BAD);
    // Fail now, not in the writer, if SHA-256 is unavailable.
    TRY_ASSIGN(log->chain_->sha, detail::Sha256::create());
    TRY_ASSIGN(log->chain_->hasher, detail::LineHasher::create(*log->chain_->sha));
    TRY_ASSIGN(log->fd_, detail::open_log_file(config.path));
    log->pid_ = static_cast<std::uint32_t>(::getpid());
    if (!config.synchronous) {
      log->queue_.reserve(std::min(config.queue_capacity, kInitialReserve));
      log->writer_ = std::thread([raw = log.get()] { raw->writer_loop(); });
    }
    return log;
  } catch (const std::system_error&) {
    log::error("audit: cannot start the audit writer thread");
    return err(CKR_GENERAL_ERROR);
  } catch (const std::exception&) {
    return err(CKR_HOST_MEMORY);
  }
}

AuditLog::~AuditLog() {
  if (writer_.joinable()) {
    {
      std::lock_guard lock(mutex_);
      stop_ = true;
    }
    work_cv_.notify_all();
    writer_.join();
  } else if (synchronous_ && fd_ >= 0 && sync_pending_since_ns_ != 0) {
    (void)detail::sync_log_file(fd_);
  }
  if (fd_ >= 0) ::close(fd_);
}

void AuditLog::abandon_after_fork(std::unique_ptr<AuditLog> log) noexcept {
  if (!log) return;
  // fd_ is never changed after open(): reading it takes no lock.
  if (log->fd_ >= 0) ::close(log->fd_);
  (void)log.release();  // NOLINT: deliberate leak, see the header
}

void AuditLog::record(AuditEvent event) {
  if (!enabled_) return;
  if (event.time_ns == 0) event.time_ns = now_ns();
  if (synchronous_) {
    std::lock_guard lock(mutex_);
    try {
      ++enqueued_;
      chain_->sync_batch.clear();
      chain_->sync_batch.push_back(std::move(event));
      const Status s = write_batch(chain_->sync_batch, lost_);
      if (s.is_ok()) lost_ = 0;
      else ++lost_;
    } catch (const std::exception&) {
      ++lost_;
      failed_ = true;
    }
    ++settled_;
    return;
  }
  std::unique_lock lock(mutex_);
  if (queue_.size() >= capacity_) {
    // Full: wait for the writer rather than lose the event, unless the
    // writer is failing (then waiting could block the application forever).
    space_cv_.wait(lock, [this] { return queue_.size() < capacity_ || failed_ || stop_; });
    if (queue_.size() >= capacity_) {
      ++enqueued_;
      ++settled_;
      ++lost_;
      return;
    }
  }
  try {
    queue_.push_back(std::move(event));
  } catch (const std::exception&) {
    ++lost_;
    return;
  }
  ++enqueued_;
  // Wake the writer only if it sleeps without a deadline, or to start an
  // early batch once the queue is half full.
  if (idle_ || queue_.size() == capacity_ / 2) {
    idle_ = false;
    lock.unlock();
    work_cv_.notify_one();
  }
}

void AuditLog::record_operation(const char* function, CK_SESSION_HANDLE session, CK_MECHANISM_TYPE mechanism,
                                CK_OBJECT_HANDLE object, bool approved) {
  if (!enabled_) return;
  const std::uint64_t now = now_ns();
  detail::ThreadTallies* table = synchronous_ ? nullptr : thread_tallies();
  bool was_empty = false;
  if (table != nullptr && table->add(function, session, mechanism, object, approved, now, &was_empty)) {
    if (was_empty) wake_for_tallies();
    return;
  }
  // Synchronous, or this thread's table is full: an ordinary event.
  record(detail::tally_event(detail::OperationTally{function, session, mechanism, object, approved, 1, now, now}));
}

detail::ThreadTallies* AuditLog::thread_tallies() {
  TallyCache& cache = t_tallies;
  if (cache.log_id == id_ && cache.table) return cache.table.get();
  try {
    auto table = std::make_shared<detail::ThreadTallies>();
    {
      std::lock_guard lock(tallies_mu_);
      tallies_.push_back(table);
    }
    cache.log_id = id_;
    cache.table = std::move(table);  // the previous log's table (if any) is now the writer's alone
    return cache.table.get();
  } catch (const std::exception&) {
    return nullptr;
  }
}

// The first count of a window must wake a writer that sleeps without a
// deadline; later ones need nothing. The writer clears the flag before it
// takes the tables and checks it under mutex_ before it sleeps, so a count
// made at any moment is either taken or wakes it.
void AuditLog::wake_for_tallies() {
  if (tallies_pending_.exchange(true)) return;
  std::unique_lock lock(mutex_);
  if (idle_) {
    idle_ = false;
    lock.unlock();
    work_cv_.notify_one();
  }
}

// Takes every thread's counts into `runs` (the writer, under mutex_).
// Tables of exited threads are dropped once taken.
void AuditLog::take_tallies(std::vector<detail::OperationTally>& runs) {
  tallies_pending_.store(false);
  runs.clear();
  std::lock_guard lock(tallies_mu_);
  for (auto& table : tallies_) {
    // Orphaned (no thread can reach it) is decided before taking: a
    // count added before that moment is taken now.
    const bool orphaned = table.use_count() == 1;
    table->take(runs);
    if (orphaned) table.reset();
  }
  std::erase_if(tallies_, [](const auto& table) { return !table; });
}

// Appends one event per counted run to `batch` (mutex_ not held) and orders
// the batch by time, so a key's uses read before its destruction.
void AuditLog::add_tally_events(std::vector<AuditEvent>& batch, const std::vector<detail::OperationTally>& runs) {
  if (runs.empty()) return;
  for (const auto& run : runs) batch.push_back(detail::tally_event(run));
  std::stable_sort(batch.begin(), batch.end(),
                   [](const AuditEvent& a, const AuditEvent& b) { return a.time_ns < b.time_ns; });
}

Status AuditLog::flush() {
  if (!enabled_) return Status::ok();
  std::unique_lock lock(mutex_);
  if (synchronous_) {
    failed_ = failed_ || !detail::sync_log_file(fd_).is_ok();
    if (!failed_) sync_pending_since_ns_ = 0;
    return (failed_ || lost_ != 0) ? err(CKR_DEVICE_ERROR) : Status::ok();
  }
  // Events queued before now, and counts made before now (taken with the
  // next batch, whatever the writer is doing at this moment).
  const std::uint64_t target = enqueued_;
  const std::uint64_t swap_target = swaps_ + 1;
  flush_requested_ = true;
  idle_ = false;
  work_cv_.notify_one();
  auto done = [&] { return settled_ >= target && written_swap_ >= swap_target; };
  done_cv_.wait(lock, [&] { return done() || failed_ || stop_; });
  return (failed_ || lost_ != 0 || !done()) ? err(CKR_DEVICE_ERROR) : Status::ok();
}

// Appends (and, when due, syncs) one batch, with a lost-events marker where
// the loss happened: after a retried batch (the writer dropped what came
// after it), before the event of a synchronous call (earlier calls failed).
// In synchronous mode the caller holds mutex_ and failed_ is set here.
Status AuditLog::write_batch(std::vector<AuditEvent>& batch, std::uint64_t lost) {
  Status s;
  try {
    if (lost != 0) batch.insert(synchronous_ ? batch.begin() : batch.end(), lost_marker(lost));
  } catch (const std::exception&) {
    s = err(CKR_HOST_MEMORY);
  }
  if (s.is_ok()) {
    s = detail::append_chained(fd_, lock_timeout_, *chain_->sha, *chain_->hasher, chain_->buffer, chain_->tail,
                               pid_, batch);
    if (lost != 0) batch.erase(synchronous_ ? batch.begin() : batch.end() - 1);
  }
  if (s.is_ok()) {
    if (!synchronous_) {
      s = detail::sync_log_file(fd_);
    } else {
      const std::uint64_t now = now_ns();
      if (sync_pending_since_ns_ == 0) sync_pending_since_ns_ = now;
      if (now - sync_pending_since_ns_ >= kSyncIntervalNs) {
        s = detail::sync_log_file(fd_);
        if (s.is_ok()) sync_pending_since_ns_ = 0;
      }
    }
  }
  if (synchronous_) failed_ = !s.is_ok();
  return s;
}

void AuditLog::wait_for_batch(std::unique_lock<std::mutex>& lock) {
  auto has_work = [this] { return !queue_.empty() || stop_ || flush_requested_ || tallies_pending_.load(); };
  if (!has_work()) {
    idle_ = true;
    work_cv_.wait(lock, has_work);
    idle_ = false;
  }
  // Linger briefly so that a burst becomes one write and one sync.
  const std::size_t early = capacity_ / 2;
  if (!stop_ && !flush_requested_ && queue_.size() < early)
    work_cv_.wait_for(lock, kLinger, [&] { return stop_ || flush_requested_ || queue_.size() >= early; });
}

void AuditLog::writer_loop() {
  try {
    run_writer();
  } catch (const std::exception&) {
    // Last resort (allocation failure): the log is broken, say so to every
    // later flush() and let record() drop rather than wait for a dead writer.
    std::lock_guard lock(mutex_);
    failed_ = true;
    done_cv_.notify_all();
    space_cv_.notify_all();
    log::error("audit: the audit writer thread stopped");
  }
}

void AuditLog::run_writer() {
  std::vector<AuditEvent> batch;
  std::vector<detail::OperationTally> runs;
  try {
    batch.reserve(std::min(capacity_, kInitialReserve));
    runs.reserve(4 * detail::kMaxTalliesPerThread);
  } catch (const std::exception&) {
    // Not fatal: the vectors grow as needed.
  }
  std::uint64_t queued = 0;      // events of `batch` that came from the queue
  std::uint64_t batch_swap = 0;  // which take `batch` is
  std::unique_lock lock(mutex_);
  for (;;) {
    if (batch.empty()) {  // otherwise a failed batch is being retried
      wait_for_batch(lock);
      batch.swap(queue_);
      // The counts are taken in the same critical section as the queue, so
      // a thread's event queued before a start it counted can never land
      // in a later batch than that start (and vice versa).
      take_tallies(runs);
      after_take();
      queued = batch.size();
      batch_swap = ++swaps_;
      flush_requested_ = false;
      space_cv_.notify_all();
      lock.unlock();
      add_tally_events(batch, runs);
      lock.lock();
    }
    if (batch.empty()) {
      written_swap_ = batch_swap;
      done_cv_.notify_all();
      if (stop_) return;
      continue;
    }
    const std::uint64_t lost = lost_;
    lost_ = 0;
    lock.unlock();
    const Status s = write_batch(batch, lost);
    lock.lock();
    failed_ = !s.is_ok();
    if (s.is_ok()) {
      settled_ += queued;
      written_swap_ = batch_swap;
      batch.clear();
    } else {
      lost_ += lost;  // the marker was not written either
    }
    done_cv_.notify_all();
    space_cv_.notify_all();
    if (!s.is_ok()) {
      if (stop_) {  // shutting down: one attempt was all we could do
        log::error("audit: " + std::to_string(batch.size() + queue_.size() + lost_) +
                   " audit event(s) were not written");
        settled_ += queued + queue_.size();
        return;
      }
      work_cv_.wait_for(lock, kRetryDelay, [this] { return stop_; });
    }
  }
}

#ifdef CRATON_TEST_HOOKS
namespace testing {
void set_after_take_hook(void (*hook)()) { g_after_take_hook.store(hook, std::memory_order_release); }
}  // namespace testing
#endif

}  // namespace craton::audit
