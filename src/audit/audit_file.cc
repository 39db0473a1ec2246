// Chained appends to a log file that other processes may append to as well.
// The flock() makes "read the last line, append after it" atomic among
// cooperating writers; O_APPEND alone would keep lines whole but could fork
// the chain (two writers chaining to the same last line).
#include "audit/audit_file.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <exception>
#include <thread>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "audit/audit_format.h"
#include "core/log.h"

namespace craton::audit::detail {
namespace {

// A line longer than this is not something we wrote: refuse to chain to it.
constexpr std::size_t kMaxTailLine = 1 << 20;
constexpr std::size_t kTailChunk = 4096;

// flock(LOCK_EX) with a deadline, polled with sleeps growing to 20 ms. A
// writer holds the lock for one write; a holder that is stopped or hung must
// not stall every other process's audit log (and, once their queues fill,
// their applications) forever.
class FileLock {
 public:
  FileLock(int fd, std::chrono::milliseconds timeout) : fd_(fd) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    auto pause = std::chrono::microseconds(50);
    for (;;) {
      if (::flock(fd_, LOCK_EX | LOCK_NB) == 0) {
        locked_ = true;
        return;
      }
      if (errno != EWOULDBLOCK && errno != EINTR) break;
      if (std::chrono::steady_clock::now() >= deadline) {
        log::error("audit: the audit log has been locked by another writer for too long");
        break;
      }
      std::this_thread::sleep_for(pause);
      pause = std::min<std::chrono::microseconds>(pause * 2, std::chrono::milliseconds(20));
    }
  }
  ~FileLock() {
    if (locked_) ::flock(fd_, LOCK_UN);
  }
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;
  bool locked() const { return locked_; }

 private:
  int fd_;
  bool locked_ = false;
};

bool pread_all(int fd, char* buf, std::size_t n, std::uint64_t offset) {
  while (n > 0) {
    const ssize_t r = ::pread(fd, buf, n, static_cast<off_t>(offset));
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return false;
    buf += r;
    n -= static_cast<std::size_t>(r);
    offset += static_cast<std::uint64_t>(r);
  }
  return true;
}

bool write_all(int fd, const char* p, std::size_t n) {
  while (n > 0) {
    const ssize_t w = ::write(fd, p, n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return false;
    p += w;
    n -= static_cast<std::size_t>(w);
  }
  return true;
}

// Reads the last line of a non-empty file of `size` bytes into *line.
// *torn is set if the file does not end with a newline (a crashed writer).
bool read_last_line(int fd, std::uint64_t size, std::string* line, bool* torn) {
  std::size_t want = kTailChunk;
  for (;;) {
    const std::uint64_t n = std::min<std::uint64_t>(size, want);
    std::string buf(static_cast<std::size_t>(n), '\0');
    if (!pread_all(fd, buf.data(), buf.size(), size - n)) return false;
    *torn = buf.back() != '\n';
    const std::size_t end = *torn ? buf.size() : buf.size() - 1;
    const std::size_t nl = end == 0 ? std::string::npos : buf.rfind('\n', end - 1);
    if (nl != std::string::npos || n == size) {
      const std::size_t begin = nl == std::string::npos ? 0 : nl + 1;
      *line = buf.substr(begin, end - begin);
      return true;
    }
    if (want >= kMaxTailLine) return false;
    want *= 4;
  }
}

// Re-reads prev and seq from the file's last line. A torn last line is
// terminated (its newline goes first into *out) and chained to as it is;
// verify_audit_log() reports it.
Status load_tail(int fd, const Sha256& sha, std::uint64_t size, ChainTail& tail, std::string* out) {
  tail.size = size;
  if (size == 0) {
    tail.prev = std::string(kGenesisHash);
    tail.seq = 0;
    return Status::ok();
  }
  std::string line;
  bool torn = false;
  if (!read_last_line(fd, size, &line, &torn)) {
    log::error("audit: cannot read the last line of the audit log");
    return err(CKR_DEVICE_ERROR);
  }
  if (torn) {
    log::warn("audit: the audit log ends with an incomplete line; appending after it");
    out->push_back('\n');
  }
  TRY_ASSIGN(tail.prev, sha.hex(line));
  tail.seq = seq_of_line(line);
  return Status::ok();
}

// mkdir -p of the directory part of `path`; new directories get 0700.
bool make_parent_dirs(const std::string& path) {
  const auto slash = path.find_last_of('/');
  if (slash == std::string::npos || slash == 0) return false;
  const std::string dir = path.substr(0, slash);
  for (std::size_t pos = dir.find('/', 1);; pos = dir.find('/', pos + 1)) {
    const std::string part = dir.substr(0, pos);
    if (::mkdir(part.c_str(), 0700) != 0 && errno != EEXIST) {
      struct stat st {};
      if (::stat(part.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) return false;
    }
    if (pos == std::string::npos) return true;
  }
}

}  // namespace

Result<int> open_log_file(const std::string& path) {
  // O_NOFOLLOW: a symlink planted at the path must not redirect our appends.
  constexpr int kFlags = O_RDWR | O_APPEND | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY;
  int fd = ::open(path.c_str(), kFlags | O_CREAT | O_EXCL, 0600);
  if (fd < 0 && errno == ENOENT && make_parent_dirs(path)) fd = ::open(path.c_str(), kFlags | O_CREAT | O_EXCL, 0600);
  if (fd >= 0) {
    (void)::fchmod(fd, 0600);  // exactly 0600 whatever the umask
  } else if (errno == EEXIST) {
    // O_NONBLOCK: a FIFO in place of the file must not hang us (checked below).
    fd = ::open(path.c_str(), kFlags | O_NONBLOCK);
    if (fd >= 0) (void)::fcntl(fd, F_SETFL, O_APPEND);  // clears O_NONBLOCK again
  }
  if (fd < 0) {
    log::error("audit: cannot open the audit log " + path + ": " + std::strerror(errno));
    return err(CKR_GENERAL_ERROR);
  }
  struct stat sb {};
  const char* problem = nullptr;
  if (::fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) problem = "is not a regular file";
  else if (sb.st_uid != ::geteuid()) problem = "is not owned by this process's user";
  else if ((sb.st_mode & 022) != 0) problem = "is writable by group or others (chmod go-w)";
  if (problem != nullptr) {
    log::error("audit: the audit log " + path + " " + problem + "; refusing to use it");
    ::close(fd);
    return err(CKR_GENERAL_ERROR);
  }
  return fd;
}

Status append_chained(int fd, std::chrono::milliseconds lock_timeout, const Sha256& sha, LineHasher& hasher,
                      WriteBuffer& buffer, ChainTail& tail, std::uint32_t pid, const std::vector<AuditEvent>& events) {
  if (events.empty()) return Status::ok();
  FileLock lock(fd, lock_timeout);
  if (!lock.locked()) {
    tail.valid = false;
    return err(CKR_DEVICE_ERROR);
  }
  struct stat sb {};
  if (::fstat(fd, &sb) != 0) return err(CKR_DEVICE_ERROR);
  const auto size = static_cast<std::uint64_t>(sb.st_size);
  try {
    if (!buffer.data) buffer.data = std::make_unique<char[]>(WriteBuffer::kCapacity);
    std::string torn;
    // Another writer appended since our last write: chain to its last line.
    if (!tail.valid || tail.size != size) {
      tail.valid = false;
      TRY_STATUS(load_tail(fd, sha, size, tail, &torn));
    }
    char* const base = buffer.data.get();
    std::size_t used = torn.size();  // 0 or the newline ending a torn line
    std::memcpy(base, torn.data(), used);
    std::uint64_t written = 0;
    std::uint64_t seq = tail.seq;
    char prev[64];
    std::memcpy(prev, tail.prev.data(), std::min<std::size_t>(tail.prev.size(), sizeof prev));
    std::string_view prev_view(prev, std::min<std::size_t>(tail.prev.size(), sizeof prev));
    Status s;
    bool write_failed = false;
    for (const AuditEvent& e : events) {
      if (WriteBuffer::kCapacity - used < kMaxLineBytes + 1) {
        write_failed = !write_all(fd, base, used);
        if (write_failed) break;
        written += used;
        used = 0;
      }
      char next[64];
      auto n = format_line_into(hasher, ++seq, pid, e, prev_view, base + used, next);
      if (!n.is_ok()) {
        s = n.status();
        break;
      }
      used += n.value();
      base[used++] = '\n';
      std::memcpy(prev, next, sizeof prev);
      prev_view = std::string_view(prev, sizeof prev);
    }
    if (s.is_ok() && !write_failed) write_failed = !write_all(fd, base, used);
    if (write_failed) s = err(CKR_DEVICE_ERROR);
    if (!s.is_ok()) {
      const int saved = errno;
      // Leave no half line (nor half a batch) for the next writer to chain to.
      if (written != 0 || used != 0) {
        if (::ftruncate(fd, static_cast<off_t>(size)) != 0) { /* best effort */ }
      }
      tail.valid = false;
      if (write_failed)
        log::error(std::string("audit: cannot write the audit log: ") + std::strerror(saved));
      else
        log::error("audit: cannot format or hash an audit line");
      return s;
    }
    tail.prev.assign(prev_view);
    tail.seq = seq;
    tail.size = size + written + used;
    tail.valid = true;
    return Status::ok();
  } catch (const std::exception&) {
    tail.valid = false;
    return err(CKR_HOST_MEMORY);
  }
}

Status sync_log_file(int fd) {
  int rc;
  do rc = ::fdatasync(fd);
  while (rc != 0 && errno == EINTR);
  if (rc != 0) {
    log::error(std::string("audit: cannot sync the audit log: ") + std::strerror(errno));
    return err(CKR_DEVICE_ERROR);
  }
  return Status::ok();
}

}  // namespace craton::audit::detail
