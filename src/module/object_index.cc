#include "module/object_index.h"

namespace craton::module {

void ObjectIndex::rebuild(const objects::HandleTable<objects::Object>& table) {
  // Versions first: a change made during the scan makes the next call rebuild.
  table_version_ = table.version();
  attribute_generation_ = objects::attribute_generation();
  by_label_.clear();
  by_class_.clear();
  for (const auto& [handle, obj] : table.entries()) {
    if (obj->destroyed()) continue;
    auto data = obj->snapshot();
    if (const SecureBytes* label = data->attrs.find(CKA_LABEL))
      by_label_[std::string(label->begin(), label->end())].push_back(handle);
    if (auto cls = data->attrs.get_ulong(CKA_CLASS)) by_class_[*cls].push_back(handle);
  }
  built_ = true;
}

std::optional<std::vector<CK_OBJECT_HANDLE>> ObjectIndex::candidates(
    const objects::HandleTable<objects::Object>& table, const objects::AttributeMap& want) {
  const SecureBytes* label = want.find(CKA_LABEL);
  const std::optional<CK_ULONG> cls = want.get_ulong(CKA_CLASS);
  if (label == nullptr && !cls) return std::nullopt;
  std::lock_guard lock(mu_);
  if (!built_ || table_version_ != table.version() || attribute_generation_ != objects::attribute_generation())
    rebuild(table);
  if (label != nullptr) {
    auto it = by_label_.find(std::string(label->begin(), label->end()));
    return it == by_label_.end() ? std::vector<CK_OBJECT_HANDLE>{} : it->second;
  }
  auto it = by_class_.find(*cls);
  return it == by_class_.end() ? std::vector<CK_OBJECT_HANDLE>{} : it->second;
}

}  // namespace craton::module
