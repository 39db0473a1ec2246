#include "objects/object.h"

namespace craton::objects {

Object::Object(std::uint64_t store_id, CK_SESSION_HANDLE owner_session, AttributeMap attrs)
    : store_id_(store_id), owner_session_(owner_session) {
  auto data = std::make_shared<ObjectData>();
  data->attrs = std::move(attrs);
  data_ = std::move(data);
}

std::shared_ptr<const ObjectData> Object::snapshot() const {
  std::lock_guard<std::mutex> lock(mu_);
  return data_;
}

namespace {
std::atomic<std::uint64_t> g_attribute_generation{0};
}  // namespace

std::uint64_t attribute_generation() { return g_attribute_generation.load(std::memory_order_acquire); }

void Object::replace(AttributeMap attrs) {
  auto data = std::make_shared<ObjectData>();
  data->attrs = std::move(attrs);
  std::shared_ptr<const ObjectData> old;
  {
    std::lock_guard<std::mutex> lock(mu_);
    old = std::exchange(data_, std::move(data));
    g_attribute_generation.fetch_add(1, std::memory_order_acq_rel);
  }
}

}  // namespace craton::objects
