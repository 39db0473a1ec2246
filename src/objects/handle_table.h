// HandleTable: PKCS#11 handle -> shared object, with readers that do not
// block each other. Holding a shared_ptr keeps an entry alive even if another
// thread removes the handle meanwhile (closing a session under a running
// operation cannot free memory that operation uses).
#pragma once

#include <atomic>
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

template <class T>
class HandleTable {
 public:
  std::shared_ptr<T> find(CK_ULONG handle) const {
    std::shared_lock lock(mu_);
    auto it = map_.find(handle);
    return it == map_.end() ? nullptr : it->second;
  }
  CK_ULONG insert(std::shared_ptr<T> value) {
    CK_ULONG h = next_handle();
    std::unique_lock lock(mu_);
    map_.emplace(h, std::move(value));
    return h;
  }
  void insert_with_handle(CK_ULONG h, std::shared_ptr<T> value) {
    std::unique_lock lock(mu_);
    map_[h] = std::move(value);
  }
  std::shared_ptr<T> erase(CK_ULONG handle) {
    std::unique_lock lock(mu_);
    auto it = map_.find(handle);
    if (it == map_.end()) return nullptr;
    auto v = std::move(it->second);
    map_.erase(it);
    return v;
  }
  // Removes every entry for which `pred` is true and returns them.
  std::vector<std::shared_ptr<T>> erase_if(const std::function<bool(const T&)>& pred) {
    std::vector<std::shared_ptr<T>> removed;
    std::unique_lock lock(mu_);
    for (auto it = map_.begin(); it != map_.end();) {
      if (pred(*it->second)) {
        removed.push_back(std::move(it->second));
        it = map_.erase(it);
      } else {
        ++it;
      }
    }
    return removed;
  }
  // Calls fn(handle, value) for each entry on a copy, outside the lock.
  std::vector<std::pair<CK_ULONG, std::shared_ptr<T>>> entries() const {
    std::shared_lock lock(mu_);
    return {map_.begin(), map_.end()};
  }
  std::size_t size() const {
    std::shared_lock lock(mu_);
    return map_.size();
  }
  void clear() {
    std::unique_lock lock(mu_);
    map_.clear();
  }

 private:
  mutable std::shared_mutex mu_;
  std::unordered_map<CK_ULONG, std::shared_ptr<T>> map_;
};

}  // namespace craton::objects
