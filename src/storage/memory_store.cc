#include <algorithm>
#include <array>
#include <atomic>
#include <map>
#include <mutex>

#include "storage/token_store.h"

namespace craton::storage {
namespace {

// The same change-tracking rules as the SQLite store (docs/storage-format.md):
// every change raises the slot's counter, objects remember the counter value
// that last wrote them, deletions leave tombstones, and a wipe or tombstone
// pruning sets `reload_below` so older callers get a full reload.
class MemoryStore final : public TokenStore {
 public:
  static constexpr std::size_t kHintSlots = 64;
  static constexpr std::size_t kTombstonesKept = 10000;

  Result<std::optional<Bytes>> get_meta(std::uint32_t slot, std::string_view key) override {
    std::lock_guard<std::mutex> lock(mu_);
    auto& m = tokens_[slot].meta;
    auto it = m.find(std::string(key));
    if (it == m.end()) return std::optional<Bytes>();
    return std::optional<Bytes>(it->second);
  }
  Status put_meta(std::uint32_t slot, std::string_view key, ByteView value) override {
    std::lock_guard<std::mutex> lock(mu_);
    Token& t = tokens_[slot];
    t.meta[std::string(key)] = Bytes(value.begin(), value.end());
    bump(slot, t);
    return Status::ok();
  }
  Result<std::uint64_t> allocate_object_id(std::uint32_t slot) override {
    std::lock_guard<std::mutex> lock(mu_);
    return ++tokens_[slot].last_id;
  }
  Status put_object(std::uint32_t slot, const StoredObject& object) override {
    std::lock_guard<std::mutex> lock(mu_);
    Token& t = tokens_[slot];
    const std::uint64_t version = bump(slot, t);
    t.objects[object.id] = Versioned{object, version};
    return Status::ok();
  }
  Status delete_object(std::uint32_t slot, std::uint64_t id) override {
    std::lock_guard<std::mutex> lock(mu_);
    Token& t = tokens_[slot];
    const std::uint64_t version = bump(slot, t);
    if (t.objects.erase(id) != 0) {
      t.tombstones[version] = id;
      if (t.tombstones.size() > kTombstonesKept) {
        // Forget the oldest deletion: callers older than it must reload everything.
        auto oldest = t.tombstones.begin();
        t.reload_below = std::max(t.reload_below, oldest->first);
        t.tombstones.erase(oldest);
      }
    }
    return Status::ok();
  }
  Result<std::vector<StoredObject>> load_objects(std::uint32_t slot) override {
    std::lock_guard<std::mutex> lock(mu_);
    std::vector<StoredObject> out;
    for (const auto& [id, v] : tokens_[slot].objects) out.push_back(v.object);
    return out;
  }
  Status wipe_token(std::uint32_t slot) override {
    std::lock_guard<std::mutex> lock(mu_);
    Token& t = tokens_[slot];
    t.meta.clear();
    t.objects.clear();
    t.tombstones.clear();
    t.reload_below = bump(slot, t);
    return Status::ok();
  }
  Result<std::uint64_t> change_counter(std::uint32_t slot) override {
    std::lock_guard<std::mutex> lock(mu_);
    return tokens_[slot].counter;
  }
  Result<ObjectChanges> load_changes(std::uint32_t slot, std::uint64_t since) override;
  Result<TokenSnapshot> export_token(std::uint32_t slot) override;
  Status restore_token(std::uint32_t slot, const TokenSnapshot& snapshot, bool replace) override;

  std::uint64_t change_hint(std::uint32_t slot) const override {
    if (slot < kHintSlots) return hints_[slot].load(std::memory_order_acquire);
    std::lock_guard<std::mutex> lock(mu_);
    auto it = tokens_.find(slot);
    return it == tokens_.end() ? 0 : it->second.counter;
  }

 private:
  struct Versioned {
    StoredObject object;
    std::uint64_t version = 0;  // counter value of the change that last wrote it
  };
  struct Token {
    std::map<std::string, Bytes> meta;
    std::map<std::uint64_t, Versioned> objects;
    std::map<std::uint64_t, std::uint64_t> tombstones;  // deleting change's counter -> id
    std::uint64_t last_id = 0;
    std::uint64_t counter = 0;
    std::uint64_t reload_below = 0;  // load_changes(since < this) is a full reload
  };

  // Called under mu_ with the change applied by the caller; returns the new counter.
  std::uint64_t bump(std::uint32_t slot, Token& t) {
    ++t.counter;
    if (slot < kHintSlots) hints_[slot].store(t.counter, std::memory_order_release);
    return t.counter;
  }

  mutable std::mutex mu_;
  std::map<std::uint32_t, Token> tokens_;
  std::array<std::atomic<std::uint64_t>, kHintSlots> hints_{};
};

Result<ObjectChanges> MemoryStore::load_changes(std::uint32_t slot, std::uint64_t since) {
  std::lock_guard<std::mutex> lock(mu_);
  const Token& t = tokens_[slot];
  ObjectChanges out;
  out.counter = t.counter;
  if (since == t.counter) return out;
  // A `since` from the future (another store, or a reset one) is as unknown as a pruned one.
  out.full_reload = since < t.reload_below || since > t.counter;
  for (const auto& [id, v] : t.objects) {
    if (out.full_reload || v.version > since) out.changed.push_back(v.object);
  }
  if (out.full_reload) return out;
  for (auto it = t.tombstones.upper_bound(since); it != t.tombstones.end(); ++it) {
    if (t.objects.count(it->second) == 0) out.deleted.push_back(it->second);
  }
  std::sort(out.deleted.begin(), out.deleted.end());
  out.deleted.erase(std::unique(out.deleted.begin(), out.deleted.end()), out.deleted.end());
  return out;
}

Result<TokenSnapshot> MemoryStore::export_token(std::uint32_t slot) {
  std::lock_guard<std::mutex> lock(mu_);
  const Token& t = tokens_[slot];
  TokenSnapshot out;
  out.meta.assign(t.meta.begin(), t.meta.end());
  for (const auto& [id, v] : t.objects) out.objects.push_back(v.object);
  return out;
}

// Same rules as the SQLite store: one change, no tombstones, a full reload
// for every caller older than it, ids never handed out again.
Status MemoryStore::restore_token(std::uint32_t slot, const TokenSnapshot& snapshot, bool replace) {
  std::lock_guard<std::mutex> lock(mu_);
  Token& t = tokens_[slot];
  if (!replace && (!t.meta.empty() || !t.objects.empty())) return err(CKR_FUNCTION_REJECTED);
  const std::uint64_t version = bump(slot, t);
  t.meta.clear();
  t.objects.clear();
  t.tombstones.clear();
  for (const auto& [key, value] : snapshot.meta) t.meta[key] = value;
  for (const StoredObject& o : snapshot.objects) {
    t.objects[o.id] = Versioned{o, version};
    t.last_id = std::max(t.last_id, o.id);
  }
  t.reload_below = version;
  return Status::ok();
}

}  // namespace

std::unique_ptr<TokenStore> make_memory_store() { return std::make_unique<MemoryStore>(); }

}  // namespace craton::storage
