#include "module/operation_init.h"

#include <cstring>

#include "module/key_lifecycle.h"

namespace craton::module {

Status check_key_usage(const objects::ObjectData& key, CK_ATTRIBUTE_TYPE usage, CK_MECHANISM_TYPE mechanism) {
  if (!key.flag(usage)) return err(CKR_KEY_FUNCTION_NOT_PERMITTED);
  TRY_STATUS(check_key_lifecycle(key, use_for_usage(usage)));
  // An empty list (the default) means no restriction.
  const SecureBytes* allowed = key.attrs.find(CKA_ALLOWED_MECHANISMS);
  if (allowed != nullptr && !allowed->empty()) {
    const std::size_t n = allowed->size() / sizeof(CK_MECHANISM_TYPE);
    for (std::size_t i = 0; i < n; ++i) {
      CK_MECHANISM_TYPE t;
      std::memcpy(&t, allowed->data() + i * sizeof t, sizeof t);
      if (t == mechanism) return Status::ok();
    }
    return err(CKR_MECHANISM_INVALID);
  }
  return Status::ok();
}

}  // namespace craton::module
