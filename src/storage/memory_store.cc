#include <map>
#include <mutex>

#include "storage/token_store.h"

namespace craton::storage {
namespace {

class MemoryStore final : public TokenStore {
 public:
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
    ++t.counter;
    return Status::ok();
  }
  Result<std::uint64_t> allocate_object_id(std::uint32_t slot) override {
    std::lock_guard<std::mutex> lock(mu_);
    return ++tokens_[slot].last_id;
  }
  Status put_object(std::uint32_t slot, const StoredObject& object) override {
    std::lock_guard<std::mutex> lock(mu_);
    Token& t = tokens_[slot];
    t.objects[object.id] = object;
    ++t.counter;
    return Status::ok();
  }
  Status delete_object(std::uint32_t slot, std::uint64_t id) override {
    std::lock_guard<std::mutex> lock(mu_);
    Token& t = tokens_[slot];
    t.objects.erase(id);
    ++t.counter;
    return Status::ok();
  }
  Result<std::vector<StoredObject>> load_objects(std::uint32_t slot) override {
    std::lock_guard<std::mutex> lock(mu_);
    std::vector<StoredObject> out;
    for (const auto& [id, obj] : tokens_[slot].objects) out.push_back(obj);
    return out;
  }
  Status wipe_token(std::uint32_t slot) override {
    std::lock_guard<std::mutex> lock(mu_);
    Token& t = tokens_[slot];
    t.meta.clear();
    t.objects.clear();
    ++t.counter;
    return Status::ok();
  }
  Result<std::uint64_t> change_counter(std::uint32_t slot) override {
    std::lock_guard<std::mutex> lock(mu_);
    return tokens_[slot].counter;
  }

 private:
  struct Token {
    std::map<std::string, Bytes> meta;
    std::map<std::uint64_t, StoredObject> objects;
    std::uint64_t last_id = 0;
    std::uint64_t counter = 0;
  };
  std::mutex mu_;
  std::map<std::uint32_t, Token> tokens_;
};

}  // namespace

std::unique_ptr<TokenStore> make_memory_store() { return std::make_unique<MemoryStore>(); }

}  // namespace craton::storage
