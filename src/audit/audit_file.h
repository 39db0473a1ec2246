// The file side of the audit log (internal to src/audit): opening, locked
// chained appends shared by several processes, and syncing.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "audit/audit_format.h"
#include "audit/audit_log.h"

namespace craton::audit::detail {

// What this writer knows about the end of the file. Valid only while the
// file still has the size we left it at; otherwise the tail is re-read.
struct ChainTail {
  bool valid = false;
  std::uint64_t size = 0;                    // file size after our last append
  std::string prev = std::string(kGenesisHash);  // hex SHA-256 of the last line
  std::uint64_t seq = 0;                     // seq of the last line
};

// The writer's reusable output: lines are formatted straight into one
// buffer, written out whenever it cannot take another line, so appending a
// batch allocates nothing after the first one.
struct WriteBuffer {
  static constexpr std::size_t kCapacity = 256 * 1024;
  std::unique_ptr<char[]> data;  // kCapacity bytes, made on first use
};

// Opens for appending (O_APPEND, O_CLOEXEC, never through a symlink). A new
// file gets mode 0600, and missing parent directories 0700. The file must be
// a regular file owned by our effective uid and not group/other-writable.
Result<int> open_log_file(const std::string& path);

// Appends `events` as chained lines, holding flock(LOCK_EX) from reading the
// tail to the end of the last write: one write() per WriteBuffer::kCapacity
// bytes (one per batch unless it is large). Does not sync. On failure
// (including waiting longer than lock_timeout for the lock) nothing is left
// in the file (a partial write is cut back, best effort) and `tail` is
// invalidated.
Status append_chained(int fd, std::chrono::milliseconds lock_timeout, const Sha256& sha, LineHasher& hasher,
                      WriteBuffer& buffer, ChainTail& tail, std::uint32_t pid, const std::vector<AuditEvent>& events);

// fdatasync(), retried on EINTR. CKR_DEVICE_ERROR on failure.
Status sync_log_file(int fd);

}  // namespace craton::audit::detail
