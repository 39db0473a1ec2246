// ObjectIndex: CKA_LABEL and CKA_CLASS -> object handles, so C_FindObjectsInit
// with a label (or class) in its template looks at a few candidates instead
// of every object. The index only narrows the search: each candidate is still
// checked against the object's current snapshot, visibility and the whole
// template, so a stale entry can cost time but never change a result.
//
// It is rebuilt lazily from the handle table when the table or any object's
// attributes changed since the last build (HandleTable::version,
// objects::attribute_generation); cross-process sync changes both.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "objects/attribute_map.h"
#include "objects/handle_table.h"
#include "objects/object.h"

namespace craton::module {

class ObjectIndex {
 public:
  // Handles that may match `want`, or nullopt when the template has neither
  // CKA_LABEL nor CKA_CLASS (the caller scans every object).
  std::optional<std::vector<CK_OBJECT_HANDLE>> candidates(const objects::HandleTable<objects::Object>& table,
                                                          const objects::AttributeMap& want);

 private:
  void rebuild(const objects::HandleTable<objects::Object>& table);

  std::mutex mu_;
  bool built_ = false;
  std::uint64_t table_version_ = 0;
  std::uint64_t attribute_generation_ = 0;
  std::unordered_map<std::string, std::vector<CK_OBJECT_HANDLE>> by_label_;
  std::unordered_map<CK_ULONG, std::vector<CK_OBJECT_HANDLE>> by_class_;
};

}  // namespace craton::module
