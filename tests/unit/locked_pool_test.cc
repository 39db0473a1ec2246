// The locked CSP pool behind SecureBytes: blocks come from the arena, are
// wiped on free and reused; big requests and an exhausted arena fall back to
// the heap; concurrent use and fork() children work.
#include "core/locked_pool.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <mutex>
#include <thread>
#include <vector>

#include "core/secure_memory.h"

namespace craton {
namespace {

bool all_zero(const std::uint8_t* p, std::size_t n) {
  return std::all_of(p, p + n, [](std::uint8_t b) { return b == 0; });
}

TEST(LockedPool, BlocksComeFromArenaAndAreWipedOnFree) {
  LockedPool pool(4 * LockedPool::kChunk, false);
  ASSERT_EQ(pool.arena_size(), 4 * LockedPool::kChunk);
  auto* p = static_cast<std::uint8_t*>(pool.allocate(40));
  ASSERT_TRUE(pool.contains(p));
  EXPECT_EQ(reinterpret_cast<std::uintptr_t>(p) % 16, 0u);
  EXPECT_EQ(pool.bytes_in_use(), 64u);  // 40 bytes -> 64-byte class
  std::fill(p, p + 40, 0xA5);
  const std::size_t off = static_cast<std::size_t>(p - pool.arena());
  pool.deallocate(p, 40);
  EXPECT_TRUE(all_zero(pool.arena() + off, 64));
  EXPECT_EQ(pool.bytes_in_use(), 0u);
  // Same class again: the freed block is reused.
  EXPECT_EQ(pool.allocate(33), p);
  pool.deallocate(p, 33);
  EXPECT_EQ(pool.fallback_count(), 0u);
}

TEST(LockedPool, SizeClasses) {
  EXPECT_EQ(LockedPool::class_of(0), 0u);
  EXPECT_EQ(LockedPool::class_of(16), 0u);
  EXPECT_EQ(LockedPool::class_of(17), 1u);
  EXPECT_EQ(LockedPool::class_of(32), 1u);
  EXPECT_EQ(LockedPool::class_of(4097), 9u);
  EXPECT_EQ(LockedPool::class_of(8192), 9u);
  EXPECT_EQ(LockedPool::class_size(9), LockedPool::kMaxClass);
}

TEST(LockedPool, SecureBytesLiveInGlobalArena) {
  const std::size_t before = locked_pool_bytes_in_use();
  const std::uint8_t* data = nullptr;
  {
    SecureBytes key(100, 0x5A);
    data = key.data();
    ASSERT_TRUE(locked_pool_contains(data));
    EXPECT_EQ(locked_pool_bytes_in_use(), before + 128);
    SecureBytes copy = key;  // copies are pool-backed too
    EXPECT_TRUE(locked_pool_contains(copy.data()));
    EXPECT_EQ(copy, key);
  }
  // The arena stays mapped; reading a freed block is allowed in this test.
  EXPECT_TRUE(all_zero(data, 128));
  EXPECT_EQ(locked_pool_bytes_in_use(), before);
}

TEST(LockedPool, BigRequestsFallBackToHeap) {
  const std::size_t fallbacks = locked_pool_fallback_count();
  SecureBytes big(LockedPool::kMaxClass + 1, 0x11);
  EXPECT_FALSE(locked_pool_contains(big.data()));
  EXPECT_EQ(locked_pool_fallback_count(), fallbacks + 1);
  SecureBytes largest(LockedPool::kMaxClass, 0x22);
  EXPECT_TRUE(locked_pool_contains(largest.data()));
  EXPECT_EQ(locked_pool_fallback_count(), fallbacks + 1);

  LockedPool pool(LockedPool::kChunk, false);
  void* p = pool.allocate(LockedPool::kMaxClass + 1);
  EXPECT_FALSE(pool.contains(p));
  EXPECT_EQ(pool.fallback_count(), 1u);
  pool.deallocate(p, LockedPool::kMaxClass + 1);  // wiped + heap free (ASan checks)
}

TEST(LockedPool, ExhaustedArenaFallsBackAndRecovers) {
  LockedPool pool(2 * LockedPool::kChunk, false);  // room for four 8 KiB blocks
  std::vector<void*> blocks;
  for (int i = 0; i < 4; ++i) {
    blocks.push_back(pool.allocate(LockedPool::kMaxClass));
    EXPECT_TRUE(pool.contains(blocks.back()));
  }
  void* extra = pool.allocate(LockedPool::kMaxClass);
  EXPECT_FALSE(pool.contains(extra));
  void* small = pool.allocate(16);  // no chunk left for another class either
  EXPECT_FALSE(pool.contains(small));
  EXPECT_EQ(pool.fallback_count(), 2u);
  EXPECT_EQ(pool.bytes_in_use(), 4 * LockedPool::kMaxClass);
  pool.deallocate(extra, LockedPool::kMaxClass);
  pool.deallocate(small, 16);
  pool.deallocate(blocks[2], LockedPool::kMaxClass);
  EXPECT_EQ(pool.allocate(LockedPool::kMaxClass), blocks[2]);  // arena again
  for (void* b : blocks) pool.deallocate(b, LockedPool::kMaxClass);
  EXPECT_EQ(pool.bytes_in_use(), 0u);
  EXPECT_EQ(pool.fallback_count(), 2u);
}

TEST(LockedPool, SmallPoolSizeMeansNoArena) {
  LockedPool pool(LockedPool::kChunk - 1, false);
  EXPECT_EQ(pool.arena_size(), 0u);
  void* p = pool.allocate(32);
  EXPECT_FALSE(pool.contains(p));
  pool.deallocate(p, 32);
  EXPECT_EQ(pool.fallback_count(), 1u);
}

TEST(LockedPool, SetSizeAfterFirstUseIsRejected) {
  SecureBytes touch(1, 0);
  EXPECT_FALSE(set_locked_pool_size(1 << 20));
}

// Blocks are filled with a per-thread pattern and checked before free, and
// half of them are freed by the other thread (cross-thread frees).
void hammer(std::uint8_t tag, std::mutex& mu, std::vector<SecureBytes>& handoff, bool& bad) {
  std::vector<SecureBytes> mine;
  for (int i = 0; i < 20000; ++i) {
    const std::size_t n = 1 + static_cast<std::size_t>(i * 37) % 700;
    mine.emplace_back(n, tag);
    if (mine.size() == 8) {
      for (const SecureBytes& s : mine) {
        if (!std::all_of(s.begin(), s.end(), [tag](std::uint8_t b) { return b == tag; })) bad = true;
      }
      std::lock_guard lock(mu);
      handoff.push_back(std::move(mine[0]));
      if (handoff.size() > 16) handoff.erase(handoff.begin(), handoff.begin() + 8);
      mine.clear();
    }
  }
}

TEST(LockedPool, TwoThreadsHammer) {
  const std::size_t before = locked_pool_bytes_in_use();
  std::mutex mu;
  std::vector<SecureBytes> handoff;
  bool bad_a = false;
  bool bad_b = false;
  std::thread a(hammer, std::uint8_t{0xA1}, std::ref(mu), std::ref(handoff), std::ref(bad_a));
  std::thread b(hammer, std::uint8_t{0xB2}, std::ref(mu), std::ref(handoff), std::ref(bad_b));
  a.join();
  b.join();
  EXPECT_FALSE(bad_a);
  EXPECT_FALSE(bad_b);
  handoff.clear();
  EXPECT_EQ(locked_pool_bytes_in_use(), before);
}

TEST(LockedPool, TwoThreadsOnUncachedPool) {
  LockedPool pool(8 * LockedPool::kChunk, false);
  auto work = [&pool] {
    for (int i = 0; i < 20000; ++i) {
      void* p = pool.allocate(64);
      static_cast<std::uint8_t*>(p)[0] = 1;
      pool.deallocate(p, 64);
    }
  };
  std::thread a(work);
  std::thread b(work);
  a.join();
  b.join();
  EXPECT_EQ(pool.bytes_in_use(), 0u);
  EXPECT_EQ(pool.fallback_count(), 0u);
}

TEST(LockedPool, ForkedChildUsesInheritedAndNewBlocks) {
  SecureBytes inherited(48, 0x3C);
  const pid_t pid = fork();
  ASSERT_NE(pid, -1);
  if (pid == 0) {
    // Child: no gtest macros, report through the exit status.
    int rc = 0;
    if (!std::all_of(inherited.begin(), inherited.end(), [](std::uint8_t b) { return b == 0x3C; })) rc |= 1;
    {
      SecureBytes fresh(64, 0x7E);
      if (!locked_pool_contains(fresh.data())) rc |= 2;
      SecureBytes moved = std::move(inherited);
      if (moved.size() != 48) rc |= 4;
    }
    std::thread t([&rc] {
      SecureBytes s(200, 1);
      if (!locked_pool_contains(s.data())) rc |= 8;
    });
    t.join();
    _exit(rc);
  }
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
  EXPECT_EQ(inherited[0], 0x3C);  // parent's copy untouched
}

TEST(LockedPool, Diagnostics) {
  SecureBytes touch(1, 0);
  // mlock may legitimately fail (RLIMIT_MEMLOCK); only report it.
  std::printf("locked pool: locked=%d in_use=%zu fallbacks=%zu\n", locked_pool_is_locked() ? 1 : 0,
              locked_pool_bytes_in_use(), locked_pool_fallback_count());
  EXPECT_GE(locked_pool_bytes_in_use(), 16u);
}

}  // namespace
}  // namespace craton
