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
      chain_(std::make_unique<ChainState>()) {}

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

Status AuditLog::flush() {
  if (!enabled_) return Status::ok();
  std::unique_lock lock(mutex_);
  if (synchronous_) {
    failed_ = failed_ || !detail::sync_log_file(fd_).is_ok();
    if (!failed_) sync_pending_since_ns_ = 0;
    return (failed_ || lost_ != 0) ? err(CKR_DEVICE_ERROR) : Status::ok();
  }
  const std::uint64_t target = enqueued_;
  flush_requested_ = true;
  idle_ = false;
  work_cv_.notify_one();
  done_cv_.wait(lock, [&] { return settled_ >= target || failed_ || stop_; });
  return (failed_ || lost_ != 0 || settled_ < target) ? err(CKR_DEVICE_ERROR) : Status::ok();
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
  if (queue_.empty() && !stop_ && !flush_requested_) {
    idle_ = true;
    work_cv_.wait(lock, [this] { return !queue_.empty() || stop_ || flush_requested_; });
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
  try {
    batch.reserve(std::min(capacity_, kInitialReserve));
  } catch (const std::exception&) {
    // Not fatal: the vector grows as needed.
  }
  std::unique_lock lock(mutex_);
  for (;;) {
    if (batch.empty()) {  // otherwise a failed batch is being retried
      wait_for_batch(lock);
      batch.swap(queue_);
      flush_requested_ = false;
      space_cv_.notify_all();
    }
    if (batch.empty()) {
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
      settled_ += batch.size();
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
        settled_ += batch.size() + queue_.size();
        return;
      }
      work_cv_.wait_for(lock, kRetryDelay, [this] { return stop_; });
    }
  }
}

}  // namespace craton::audit
