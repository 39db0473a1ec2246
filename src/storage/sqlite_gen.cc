#include "storage/sqlite_gen.h"

#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>

#include "core/log.h"
#include "storage/sqlite_files.h"

namespace craton::storage::sqlite {
namespace {

// Another process may update the word at any time: the atomic must be a real
// lock-free instruction, not a process-local lock.
static_assert(std::atomic_ref<std::uint64_t>::is_always_lock_free);
static_assert(std::atomic_ref<std::uint64_t>::required_alignment <= alignof(std::uint64_t));

// `why` names the file. Not fatal: change_hint() falls back to the database.
GenFile fail(const std::string& why) {
  log::warn("token store change hints disabled: " + why +
            "; change detection falls back to reading the change counter from the database");
  return GenFile();
}

}  // namespace

GenFile& GenFile::operator=(GenFile&& other) noexcept {
  if (this != &other) {
    unmap();
    words_ = other.words_;
    other.words_ = nullptr;
  }
  return *this;
}

GenFile::~GenFile() { unmap(); }

void GenFile::unmap() noexcept {
  if (words_ != nullptr) ::munmap(words_, kBytes);
  words_ = nullptr;
}

GenFile GenFile::open(const std::string& path) {
  std::string message;
  auto fd_or = open_private_file(path, &message);
  if (!fd_or.is_ok()) return fail(message);
  const int fd = *fd_or;
  struct stat st {};
  std::string why;
  if (::fstat(fd, &st) != 0) {
    why = std::string("cannot stat: ") + std::strerror(errno);
  } else if (st.st_size < static_cast<off_t>(kBytes) && ::ftruncate(fd, static_cast<off_t>(kBytes)) != 0) {
    // Only ever grown (new bytes read as zero), never shrunk: a shorter file
    // would make other processes' mapped words fault.
    why = std::string("cannot size the file: ") + std::strerror(errno);
  }
  void* p = MAP_FAILED;
  if (why.empty()) {
    p = ::mmap(nullptr, kBytes, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (p == MAP_FAILED) why = std::string("cannot map: ") + std::strerror(errno);
  }
  ::close(fd);  // the mapping keeps the file
  if (!why.empty()) return fail(path + ": " + why);
  return GenFile(static_cast<std::uint64_t*>(p));
}

void GenFile::bump(std::uint32_t slot) noexcept {
  // seq_cst: the increment is ordered after the COMMIT that precedes it.
  std::atomic_ref<std::uint64_t>(words_[slot]).fetch_add(1, std::memory_order_seq_cst);
}

std::uint64_t GenFile::load(std::uint32_t slot) const noexcept {
  return std::atomic_ref<std::uint64_t>(words_[slot]).load(std::memory_order_acquire);
}

}  // namespace craton::storage::sqlite
