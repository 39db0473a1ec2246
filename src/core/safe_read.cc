#include "core/safe_read.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstdint>

namespace craton {

std::optional<unsigned long> read_ulong_if_mapped(const void* address) {
  const auto bits = reinterpret_cast<std::uintptr_t>(address);
  if (address == nullptr || bits % alignof(unsigned long) != 0) return std::nullopt;
  // write() from an unmapped address fails with EFAULT instead of raising
  // SIGSEGV; the pipe then hands the bytes back.
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) return std::nullopt;
  std::optional<unsigned long> out;
  unsigned long value = 0;
  if (write(fds[1], address, sizeof value) == static_cast<ssize_t>(sizeof value) &&
      read(fds[0], &value, sizeof value) == static_cast<ssize_t>(sizeof value))
    out = value;
  close(fds[0]);
  close(fds[1]);
  return out;
}

}  // namespace craton
