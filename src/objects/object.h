// Object: one PKCS#11 object. Its attributes live in an immutable snapshot
// (ObjectData) that is swapped whole on C_SetAttributeValue, so an operation
// that started with a key keeps a consistent view, and readers never block
// writers for longer than a pointer copy.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <typeindex>
#include <typeinfo>
#include <utility>
#include <vector>

#include "core/result.h"
#include "objects/attribute_map.h"

namespace craton::objects {

// Values computed from an object's attributes once (a parsed EVP_PKEY, an
// expanded PQC key) and reused by every operation on that snapshot. Keyed
// by the cached type, so two families may cache different forms.
class DerivedCache {
 public:
  template <class T>
  Result<std::shared_ptr<const T>> get_or_build(
      const std::function<Result<std::shared_ptr<const T>>()>& build) const {
    const std::type_index key(typeid(T));
    // Published slots never change: every use after the first reads them
    // without the lock (threads sharing a key do not contend on a mutex).
    if (auto v = published(key)) return std::static_pointer_cast<const T>(v);
    std::lock_guard<std::mutex> lock(mu_);
    if (auto v = published(key)) return std::static_pointer_cast<const T>(v);
    for (const auto& [k, v] : overflow_)
      if (k == key) return std::static_pointer_cast<const T>(v);
    auto built = build();
    if (!built.is_ok()) return built.error();
    const int n = count_.load(std::memory_order_relaxed);
    if (n < kSlots) {
      slots_[n].key = key;
      slots_[n].value = built.value();
      count_.store(n + 1, std::memory_order_release);
    } else {
      overflow_.emplace_back(key, built.value());
    }
    return built.value();
  }

 private:
  struct Slot {
    std::type_index key{typeid(void)};
    std::shared_ptr<const void> value;
  };
  static constexpr int kSlots = 4;

  std::shared_ptr<const void> published(std::type_index key) const {
    const int n = count_.load(std::memory_order_acquire);
    for (int i = 0; i < n; ++i)
      if (slots_[i].key == key) return slots_[i].value;
    return nullptr;
  }

  mutable std::mutex mu_;  // building, and the overflow list
  mutable std::array<Slot, kSlots> slots_;
  mutable std::atomic<int> count_{0};
  mutable std::vector<std::pair<std::type_index, std::shared_ptr<const void>>> overflow_;
};

struct ObjectData {
  AttributeMap attrs;
  DerivedCache cache;  // tied to this snapshot: new attributes, new cache

  CK_OBJECT_CLASS object_class() const { return attrs.get_ulong(CKA_CLASS).value_or(CK_UNAVAILABLE_INFORMATION); }
  CK_KEY_TYPE key_type() const { return attrs.get_ulong(CKA_KEY_TYPE).value_or(CK_UNAVAILABLE_INFORMATION); }
  bool flag(CK_ATTRIBUTE_TYPE type, bool fallback = false) const { return attrs.get_bool_or(type, fallback); }
  bool is_token() const { return flag(CKA_TOKEN); }
  bool is_private() const { return flag(CKA_PRIVATE); }
};

// Counts Object::replace calls in the process: an index over attribute
// values (module/object_index) is stale once it changes.
std::uint64_t attribute_generation();

class Object {
 public:
  // `owner_session` is 0 for token objects, else the session that created it.
  Object(std::uint64_t store_id, CK_SESSION_HANDLE owner_session, AttributeMap attrs);

  std::shared_ptr<const ObjectData> snapshot() const;
  void replace(AttributeMap attrs);

  std::uint64_t store_id() const { return store_id_; }
  CK_SESSION_HANDLE owner_session() const { return owner_session_; }
  bool is_token() const { return owner_session_ == 0; }

  // Set once the object is destroyed, so a handle that raced with the
  // destruction cannot start new work on it.
  void mark_destroyed() { destroyed_.store(true, std::memory_order_release); }
  bool destroyed() const { return destroyed_.load(std::memory_order_acquire); }

 private:
  const std::uint64_t store_id_;
  const CK_SESSION_HANDLE owner_session_;
  mutable std::mutex mu_;
  std::shared_ptr<const ObjectData> data_;
  std::atomic<bool> destroyed_{false};
};

}  // namespace craton::objects
