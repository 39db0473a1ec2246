// HandleTable: PKCS#11 handle -> shared object, with readers that do not
// block each other. Holding a shared_ptr keeps an entry alive even if another
// thread removes the handle meanwhile (closing a session under a running
// operation cannot free memory that operation uses).
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <unordered_map>
#include <vector>

#include "craton/pkcs11/pkcs11t.h"

namespace craton::objects {

// Handles come from one process-wide counter, so an object handle and a
// session handle are never equal and a stale handle is never reused.
CK_ULONG next_handle();

// The map is split into shards by handle, each with its own lock on its own
// cache line: threads working on different sessions take different locks,
// so a lookup does not bounce one lock word between CPUs on every call.
template <class T>
class HandleTable {
 public:
  std::shared_ptr<T> find(CK_ULONG handle) const {
    const Shard& s = shard(handle);
    std::shared_lock lock(s.mu);
    auto it = s.map.find(handle);
    return it == s.map.end() ? nullptr : it->second;
  }
  CK_ULONG insert(std::shared_ptr<T> value) {
    CK_ULONG h = next_handle();
    Shard& s = shard(h);
    std::unique_lock lock(s.mu);
    s.map.emplace(h, std::move(value));
    bump();
    return h;
  }
  void insert_with_handle(CK_ULONG h, std::shared_ptr<T> value) {
    Shard& s = shard(h);
    std::unique_lock lock(s.mu);
    s.map[h] = std::move(value);
    bump();
  }
  std::shared_ptr<T> erase(CK_ULONG handle) {
    Shard& s = shard(handle);
    std::unique_lock lock(s.mu);
    auto it = s.map.find(handle);
    if (it == s.map.end()) return nullptr;
    auto v = std::move(it->second);
    s.map.erase(it);
    bump();
    return v;
  }
  // Removes every entry for which `pred` is true and returns them.
  std::vector<std::shared_ptr<T>> erase_if(const std::function<bool(const T&)>& pred) {
    std::vector<std::shared_ptr<T>> removed;
    for (Shard& s : shards_) {
      std::unique_lock lock(s.mu);
      for (auto it = s.map.begin(); it != s.map.end();) {
        if (pred(*it->second)) {
          removed.push_back(std::move(it->second));
          it = s.map.erase(it);
        } else {
          ++it;
        }
      }
    }
    if (!removed.empty()) bump();
    return removed;
  }
  // A copy of the entries, for iterating outside the locks.
  std::vector<std::pair<CK_ULONG, std::shared_ptr<T>>> entries() const {
    std::vector<std::pair<CK_ULONG, std::shared_ptr<T>>> out;
    for (const Shard& s : shards_) {
      std::shared_lock lock(s.mu);
      out.insert(out.end(), s.map.begin(), s.map.end());
    }
    return out;
  }
  std::size_t size() const {
    std::size_t n = 0;
    for (const Shard& s : shards_) {
      std::shared_lock lock(s.mu);
      n += s.map.size();
    }
    return n;
  }
  void clear() {
    for (Shard& s : shards_) {
      std::unique_lock lock(s.mu);
      s.map.clear();
    }
    bump();
  }
  // Changes on every insert or removal: lets an index built from entries()
  // tell that it is out of date.
  std::uint64_t version() const { return version_.load(std::memory_order_acquire); }

 private:
  static constexpr std::size_t kShards = 16;
  struct alignas(64) Shard {
    mutable std::shared_mutex mu;
    std::unordered_map<CK_ULONG, std::shared_ptr<T>> map;
  };
  Shard& shard(CK_ULONG h) { return shards_[h % kShards]; }
  const Shard& shard(CK_ULONG h) const { return shards_[h % kShards]; }
  void bump() { version_.fetch_add(1, std::memory_order_acq_rel); }

  std::array<Shard, kShards> shards_;
  alignas(64) std::atomic<std::uint64_t> version_{0};
};

}  // namespace craton::objects
