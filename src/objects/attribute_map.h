// AttributeMap: the attributes of one object (or one caller template) as a
// small sorted vector. Every value is kept in SecureBytes so that sensitive
// values are wiped wherever a copy ends up.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/result.h"
#include "core/secure_memory.h"
#include "craton/pkcs11/pkcs11t.h"

namespace craton::objects {

struct Attribute {
  CK_ATTRIBUTE_TYPE type;
  SecureBytes value;
};

class AttributeMap {
 public:
  AttributeMap() = default;

  // Copies a caller template. Fails with CKR_ATTRIBUTE_VALUE_INVALID for a
  // NULL value with non-zero length, CKR_TEMPLATE_INCONSISTENT for the same
  // type given twice with different values, CKR_ARGUMENTS_BAD for a NULL
  // template with a non-zero count.
  static Result<AttributeMap> from_template(const CK_ATTRIBUTE* tmpl, CK_ULONG count);

  bool has(CK_ATTRIBUTE_TYPE type) const { return find(type) != nullptr; }
  const SecureBytes* find(CK_ATTRIBUTE_TYPE type) const;
  ByteView view(CK_ATTRIBUTE_TYPE type) const;  // empty if absent

  // Typed readers. Return nullopt if absent; CKR_ATTRIBUTE_VALUE_INVALID
  // through the *_checked forms if present with the wrong length.
  std::optional<bool> get_bool(CK_ATTRIBUTE_TYPE type) const;
  std::optional<CK_ULONG> get_ulong(CK_ATTRIBUTE_TYPE type) const;
  bool get_bool_or(CK_ATTRIBUTE_TYPE type, bool fallback) const;
  Result<std::optional<bool>> get_bool_checked(CK_ATTRIBUTE_TYPE type) const;
  Result<std::optional<CK_ULONG>> get_ulong_checked(CK_ATTRIBUTE_TYPE type) const;

  void set(CK_ATTRIBUTE_TYPE type, ByteView value);
  void set(CK_ATTRIBUTE_TYPE type, SecureBytes value);
  void set_bool(CK_ATTRIBUTE_TYPE type, bool value);
  void set_ulong(CK_ATTRIBUTE_TYPE type, CK_ULONG value);
  void set_string(CK_ATTRIBUTE_TYPE type, const std::string& value);
  void set_if_absent_bool(CK_ATTRIBUTE_TYPE type, bool value);
  void set_if_absent(CK_ATTRIBUTE_TYPE type, ByteView value);
  void erase(CK_ATTRIBUTE_TYPE type);
  // Copies every attribute of `other` over this map.
  void merge_from(const AttributeMap& other);

  // Room for n attributes: building an object inserts a few dozen, and
  // each reallocation of the sorted vector moves all of them.
  void reserve(std::size_t n) { items_.reserve(n); }
  // Empties the map, handing over its attributes (sorted by type) without
  // copying their values.
  std::vector<Attribute> release() { return std::exchange(items_, {}); }
  std::size_t size() const { return items_.size(); }
  bool empty() const { return items_.empty(); }
  auto begin() const { return items_.begin(); }
  auto end() const { return items_.end(); }

  // True if every attribute of `tmpl` is present here with an equal value.
  bool matches(const AttributeMap& tmpl) const;

 private:
  std::vector<Attribute>::iterator lower_bound(CK_ATTRIBUTE_TYPE type);
  std::vector<Attribute>::const_iterator lower_bound(CK_ATTRIBUTE_TYPE type) const;
  std::vector<Attribute> items_;  // sorted by type
};

// Encoding helpers for CK_ULONG / CK_BBOOL values in native layout.
SecureBytes encode_ulong(CK_ULONG v);
SecureBytes encode_bool(bool v);

}  // namespace craton::objects
