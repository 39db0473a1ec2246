// A process-wide arena of locked, non-dumpable memory for CSPs.
//
// SecureBytes (through ZeroingAllocator) takes its storage from here: the
// arena is mmap'ed once, mlock'ed (best effort) so it is never swapped, and
// marked MADV_DONTDUMP so core dumps do not carry it. Blocks are served from
// power-of-two size classes (16 .. 8192 bytes); each thread keeps a few free
// blocks per class so the hot path takes no lock. Larger requests, or requests
// once the arena is exhausted, fall back to the normal heap (still wiped on
// free). Every block is wiped before it goes back to a free list, so free
// blocks are all-zero. See docs/csp-memory.md.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

namespace craton {

// Sets the size of the global arena. Only effective before the first
// SecureBytes allocation; returns false (and changes nothing) afterwards.
// 0 disables the arena (everything goes to the heap).
bool set_locked_pool_size(std::size_t bytes) noexcept;

// Bytes of arena blocks currently handed out (class-size granularity).
std::size_t locked_pool_bytes_in_use();
// True if the global arena exists and mlock succeeded.
bool locked_pool_is_locked();
// True if p points into the global arena (tests, diagnostics).
bool locked_pool_contains(const void* p) noexcept;
// Allocations the global pool served from the heap (too big / exhausted).
std::size_t locked_pool_fallback_count() noexcept;

// The allocation entry points ZeroingAllocator uses. Memory is aligned to at
// least alignof(std::max_align_t). deallocate wipes `bytes` bytes.
void* locked_allocate(std::size_t bytes);
void locked_deallocate(void* p, std::size_t bytes) noexcept;

// One arena. The global instance (thread_cached = true) backs SecureBytes;
// tests may build small private instances (served without thread caches).
class LockedPool {
 public:
  static constexpr std::size_t kMinClass = 16;
  static constexpr std::size_t kMaxClass = 8192;
  static constexpr std::size_t kClasses = 10;        // 16 << 0 .. 16 << 9
  static constexpr std::size_t kChunk = 16 * 1024;   // carved for one class at a time
  static constexpr std::size_t kDefaultSize = 8u * 1024 * 1024;

  LockedPool(std::size_t bytes, bool thread_cached);
  ~LockedPool();
  LockedPool(const LockedPool&) = delete;
  LockedPool& operator=(const LockedPool&) = delete;

  void* allocate(std::size_t bytes);
  void deallocate(void* p, std::size_t bytes) noexcept;

  bool contains(const void* p) const noexcept {
    const auto a = reinterpret_cast<std::uintptr_t>(p);
    return a >= begin_ && a < begin_ + size_;
  }
  bool is_locked() const noexcept { return locked_; }
  const std::uint8_t* arena() const noexcept { return reinterpret_cast<const std::uint8_t*>(begin_); }
  std::size_t arena_size() const noexcept { return size_; }
  std::size_t bytes_in_use() const;
  std::size_t fallback_count() const noexcept { return fallbacks_.load(std::memory_order_relaxed); }
  // An exiting thread hands its in-use balance over to the shared counter.
  void add_direct_in_use(std::int64_t bytes) noexcept {
    direct_in_use_.fetch_add(bytes, std::memory_order_relaxed);
  }

  // fork(): hold every lock across fork so the child never inherits one held
  // by a thread that does not exist there.
  void lock_all() noexcept;
  void unlock_all() noexcept;
  void relock_pages() noexcept;  // child: mlock is not inherited across fork

  // Used by the per-thread caches (global pool only).
  std::size_t take_batch(std::size_t cls, void** out, std::size_t want);
  void give_batch(std::size_t cls, void* const* blocks, std::size_t n) noexcept;

  static std::size_t class_of(std::size_t bytes) noexcept;
  static std::size_t class_size(std::size_t cls) noexcept { return kMinClass << cls; }

 private:
  struct ClassList {
    std::mutex mu;
    std::vector<void*> free;  // capacity >= carved, so frees never reallocate
    std::size_t carved = 0;   // blocks this class has taken from the arena
  };
  bool carve_locked(std::size_t cls, ClassList& list);
  void* heap_fallback(std::size_t bytes, bool oversize);

  std::uintptr_t begin_ = 0;
  std::size_t size_ = 0;
  bool locked_ = false;
  bool thread_cached_ = false;
  std::atomic<std::size_t> next_chunk_{0};   // byte offset of the next uncarved chunk
  std::atomic<std::size_t> fallbacks_{0};
  std::atomic<std::int64_t> direct_in_use_{0};  // uncached allocations
  std::atomic<bool> warned_oversize_{false};
  std::atomic<bool> warned_exhausted_{false};
  ClassList lists_[kClasses];
};

}  // namespace craton
