#include "core/locked_pool.h"

#include <pthread.h>
#include <sys/mman.h>

#include <algorithm>
#include <bit>
#include <cerrno>
#include <cstring>
#include <new>
#include <string>

#include "core/log.h"
#include "core/secure_memory.h"

namespace craton {
namespace {

// Per-thread cache of free blocks for the global pool: the common
// allocate/free pair touches no lock and no shared cache line.
constexpr std::size_t kDepth = 16;  // blocks kept per class
constexpr std::size_t kBatch = 8;   // moved to/from the shared lists at once

struct ThreadCache {
  void* slots[LockedPool::kClasses][kDepth] = {};
  std::size_t count[LockedPool::kClasses] = {};
  // Bytes this thread took minus bytes it returned. Written only by the owner
  // (relaxed load + store, no contended RMW); read by bytes_in_use().
  std::atomic<std::int64_t> in_use{0};
  bool registered = false;
  bool dead = false;  // thread is exiting: go straight to the shared lists
};
// Trivially destructible, so it stays usable while other thread_local
// destructors (and, for the main thread, static destructors) still free.
constinit thread_local ThreadCache t_cache;

struct CacheRegistry {
  std::mutex mu;
  std::vector<ThreadCache*> caches;
};
CacheRegistry& registry() {
  static auto* r = new CacheRegistry;  // never destroyed: threads may exit late
  return *r;
}

struct CacheGuard {
  bool armed = false;
  ~CacheGuard();
};
thread_local CacheGuard t_guard;

std::mutex g_config_mu;
std::size_t g_config_size = LockedPool::kDefaultSize;  // under g_config_mu
bool g_created = false;                                // under g_config_mu
std::atomic<LockedPool*> g_pool{nullptr};

void atfork_prepare() {
  registry().mu.lock();
  if (LockedPool* p = g_pool.load(std::memory_order_acquire)) p->lock_all();
}
void atfork_parent() {
  if (LockedPool* p = g_pool.load(std::memory_order_acquire)) p->unlock_all();
  registry().mu.unlock();
}
void atfork_child() {
  if (LockedPool* p = g_pool.load(std::memory_order_acquire)) {
    p->unlock_all();
    p->relock_pages();
  }
  registry().mu.unlock();
}

LockedPool& global() {
  static LockedPool* pool = [] {
    std::size_t size = 0;
    {
      std::lock_guard lock(g_config_mu);
      size = g_config_size;
      g_created = true;
    }
    registry();  // constructed before atfork handlers may use it
    auto* p = new LockedPool(size, true);  // never destroyed: frees may run at exit
    g_pool.store(p, std::memory_order_release);
    pthread_atfork(atfork_prepare, atfork_parent, atfork_child);
    return p;
  }();
  return *pool;
}

CacheGuard::~CacheGuard() {
  ThreadCache& tc = t_cache;
  if (!tc.registered) return;
  LockedPool* pool = g_pool.load(std::memory_order_acquire);
  for (std::size_t c = 0; c < LockedPool::kClasses; ++c) {
    pool->give_batch(c, tc.slots[c], tc.count[c]);
    tc.count[c] = 0;
  }
  tc.dead = true;
  std::lock_guard lock(registry().mu);
  auto& v = registry().caches;
  v.erase(std::remove(v.begin(), v.end(), &tc), v.end());
  pool->add_direct_in_use(tc.in_use.load(std::memory_order_relaxed));
  tc.in_use.store(0, std::memory_order_relaxed);
}

// Returns the calling thread's cache, or nullptr if it must not be used.
ThreadCache* thread_cache(bool may_register) {
  ThreadCache& tc = t_cache;
  if (tc.dead) return nullptr;
  if (tc.registered) return &tc;
  if (!may_register) return nullptr;
  {
    std::lock_guard lock(registry().mu);
    registry().caches.push_back(&tc);
  }
  t_guard.armed = true;  // first odr-use registers its destructor
  tc.registered = true;
  return &tc;
}

void add_relaxed(std::atomic<std::int64_t>& a, std::int64_t d) {
  a.store(a.load(std::memory_order_relaxed) + d, std::memory_order_relaxed);
}

}  // namespace

LockedPool::LockedPool(std::size_t bytes, bool thread_cached) : thread_cached_(thread_cached) {
  const std::size_t want = bytes / kChunk * kChunk;
  if (want == 0) return;
  void* p = mmap(nullptr, want, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) {
    log::warn("locked pool: mmap of " + std::to_string(want) + " bytes failed; CSPs use the heap");
    return;
  }
#ifdef MADV_DONTDUMP
  if (madvise(p, want, MADV_DONTDUMP) != 0) log::warn("locked pool: MADV_DONTDUMP failed");
#endif
  locked_ = mlock(p, want) == 0;
  if (!locked_) {
    log::warn("locked pool: mlock of " + std::to_string(want) + " bytes failed (" + std::strerror(errno) +
              "); CSPs may be swapped: raise RLIMIT_MEMLOCK (ulimit -l)");
  }
  begin_ = reinterpret_cast<std::uintptr_t>(p);
  size_ = want;
}

LockedPool::~LockedPool() {
  if (size_ == 0) return;
  void* p = reinterpret_cast<void*>(begin_);
  secure_wipe(p, size_);
  if (locked_) munlock(p, size_);
  munmap(p, size_);
}

std::size_t LockedPool::class_of(std::size_t bytes) noexcept {
  if (bytes <= kMinClass) return 0;
  return static_cast<std::size_t>(std::bit_width(bytes - 1)) - 4;  // 17..32 -> 1
}

bool LockedPool::carve_locked(std::size_t cls, ClassList& list) {
  const std::size_t per_chunk = kChunk / class_size(cls);
  // Reserve first: a later free must never need to grow the vector.
  list.free.reserve(list.carved + per_chunk);
  std::size_t off = next_chunk_.load(std::memory_order_relaxed);
  do {
    if (off + kChunk > size_) return false;
  } while (!next_chunk_.compare_exchange_weak(off, off + kChunk, std::memory_order_relaxed));
  // Pushed high-to-low so that blocks are handed out in address order.
  for (std::size_t i = per_chunk; i-- > 0;) {
    list.free.push_back(reinterpret_cast<void*>(begin_ + off + i * class_size(cls)));
  }
  list.carved += per_chunk;
  return true;
}

std::size_t LockedPool::take_batch(std::size_t cls, void** out, std::size_t want) {
  ClassList& list = lists_[cls];
  std::lock_guard lock(list.mu);
  if (list.free.empty() && !carve_locked(cls, list)) return 0;
  const std::size_t n = std::min(want, list.free.size());
  for (std::size_t i = 0; i < n; ++i) {
    out[i] = list.free.back();
    list.free.pop_back();
  }
  return n;
}

void LockedPool::give_batch(std::size_t cls, void* const* blocks, std::size_t n) noexcept {
  if (n == 0) return;
  ClassList& list = lists_[cls];
  std::lock_guard lock(list.mu);
  for (std::size_t i = 0; i < n; ++i) list.free.push_back(blocks[i]);  // within capacity
}

void* LockedPool::heap_fallback(std::size_t bytes, bool oversize) {
  fallbacks_.fetch_add(1, std::memory_order_relaxed);
  std::atomic<bool>& warned = oversize ? warned_oversize_ : warned_exhausted_;
  if (!warned.exchange(true, std::memory_order_relaxed)) {
    const std::string tail = " served from the heap (not locked; wiped on free)";
    if (oversize) {
      log::warn("locked pool: CSP buffer above " + std::to_string(kMaxClass) + " bytes" + tail);
    } else if (size_ == 0) {
      log::warn("locked pool: no arena; CSPs" + tail);
    } else {
      log::warn("locked pool: arena of " + std::to_string(size_) + " bytes exhausted; further CSPs" + tail);
    }
  }
  return ::operator new(bytes);
}

void* LockedPool::allocate(std::size_t bytes) {
  if (bytes > kMaxClass) return heap_fallback(bytes, true);
  if (size_ == 0) return heap_fallback(bytes, false);
  const std::size_t cls = class_of(bytes);
  const auto cs = static_cast<std::int64_t>(class_size(cls));
  if (ThreadCache* tc = thread_cached_ ? thread_cache(true) : nullptr) {
    std::size_t& count = tc->count[cls];
    if (count == 0) count = take_batch(cls, tc->slots[cls], kBatch);
    if (count == 0) return heap_fallback(bytes, false);
    add_relaxed(tc->in_use, cs);
    return tc->slots[cls][--count];
  }
  void* block = nullptr;
  if (take_batch(cls, &block, 1) == 0) return heap_fallback(bytes, false);
  direct_in_use_.fetch_add(cs, std::memory_order_relaxed);
  return block;
}

void LockedPool::deallocate(void* p, std::size_t bytes) noexcept {
  if (p == nullptr) return;
  secure_wipe(p, bytes);  // the rest of an arena block was never written: still zero
  if (!contains(p)) {
    ::operator delete(p);
    return;
  }
  const std::size_t cls = class_of(bytes);
  const auto cs = static_cast<std::int64_t>(class_size(cls));
  // A thread whose first pool call is a free does not register (that could
  // throw): it returns the block to the shared list.
  if (ThreadCache* tc = thread_cached_ ? thread_cache(false) : nullptr) {
    std::size_t& count = tc->count[cls];
    if (count == kDepth) {
      give_batch(cls, &tc->slots[cls][kDepth - kBatch], kBatch);
      count -= kBatch;
    }
    tc->slots[cls][count++] = p;
    add_relaxed(tc->in_use, -cs);
    return;
  }
  give_batch(cls, &p, 1);
  direct_in_use_.fetch_sub(cs, std::memory_order_relaxed);
}

std::size_t LockedPool::bytes_in_use() const {
  std::int64_t total = direct_in_use_.load(std::memory_order_relaxed);
  if (thread_cached_) {
    std::lock_guard lock(registry().mu);
    for (const ThreadCache* tc : registry().caches) total += tc->in_use.load(std::memory_order_relaxed);
  }
  return total > 0 ? static_cast<std::size_t>(total) : 0;
}

void LockedPool::lock_all() noexcept {
  for (ClassList& l : lists_) l.mu.lock();
}

void LockedPool::unlock_all() noexcept {
  for (std::size_t i = kClasses; i-- > 0;) lists_[i].mu.unlock();
}

void LockedPool::relock_pages() noexcept {
  if (locked_) locked_ = mlock(reinterpret_cast<void*>(begin_), size_) == 0;
}

bool set_locked_pool_size(std::size_t bytes) noexcept {
  std::lock_guard lock(g_config_mu);
  if (g_created) return false;
  g_config_size = bytes;
  return true;
}

std::size_t locked_pool_bytes_in_use() { return global().bytes_in_use(); }
bool locked_pool_is_locked() { return global().is_locked(); }
bool locked_pool_contains(const void* p) noexcept {
  LockedPool* pool = g_pool.load(std::memory_order_acquire);
  return pool != nullptr && pool->contains(p);
}
std::size_t locked_pool_fallback_count() noexcept {
  LockedPool* p = g_pool.load(std::memory_order_acquire);
  return p != nullptr ? p->fallback_count() : 0;
}

void* locked_allocate(std::size_t bytes) { return global().allocate(bytes); }
void locked_deallocate(void* p, std::size_t bytes) noexcept {
  if (p == nullptr) return;
  // No pool yet means the block came from the heap (cannot happen through
  // ZeroingAllocator, which always allocates first; kept for safety).
  LockedPool* pool = g_pool.load(std::memory_order_acquire);
  if (pool == nullptr) {
    secure_wipe(p, bytes);
    ::operator delete(p);
    return;
  }
  pool->deallocate(p, bytes);
}

}  // namespace craton
