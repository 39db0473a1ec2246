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

void Object::replace(AttributeMap attrs) {
  auto data = std::make_shared<ObjectData>();
  data->attrs = std::move(attrs);
  std::lock_guard<std::mutex> lock(mu_);
  data_ = std::move(data);
}

}  // namespace craton::objects
