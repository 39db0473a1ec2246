#include "objects/attribute_map.h"

#include <algorithm>
#include <cstring>

namespace craton::objects {

SecureBytes encode_ulong(CK_ULONG v) {
  SecureBytes out(sizeof(CK_ULONG));
  std::memcpy(out.data(), &v, sizeof v);
  return out;
}

SecureBytes encode_bool(bool v) { return SecureBytes{static_cast<std::uint8_t>(v ? CK_TRUE : CK_FALSE)}; }

Result<AttributeMap> AttributeMap::from_template(const CK_ATTRIBUTE* tmpl, CK_ULONG count) {
  AttributeMap map;
  if (count == 0) return map;
  if (tmpl == nullptr) return err(CKR_ARGUMENTS_BAD);
  for (CK_ULONG i = 0; i < count; ++i) {
    const CK_ATTRIBUTE& a = tmpl[i];
    if (a.pValue == nullptr && a.ulValueLen != 0) return err(CKR_ATTRIBUTE_VALUE_INVALID);
    if (a.ulValueLen == CK_UNAVAILABLE_INFORMATION) return err(CKR_ATTRIBUTE_VALUE_INVALID);
    ByteView value(static_cast<const std::uint8_t*>(a.pValue), a.ulValueLen);
    if (const SecureBytes* prior = map.find(a.type)) {
      if (!std::equal(prior->begin(), prior->end(), value.begin(), value.end()))
        return err(CKR_TEMPLATE_INCONSISTENT);
      continue;
    }
    map.set(a.type, value);
  }
  return map;
}

std::vector<Attribute>::iterator AttributeMap::lower_bound(CK_ATTRIBUTE_TYPE type) {
  return std::lower_bound(items_.begin(), items_.end(), type,
                          [](const Attribute& a, CK_ATTRIBUTE_TYPE t) { return a.type < t; });
}
std::vector<Attribute>::const_iterator AttributeMap::lower_bound(CK_ATTRIBUTE_TYPE type) const {
  return std::lower_bound(items_.begin(), items_.end(), type,
                          [](const Attribute& a, CK_ATTRIBUTE_TYPE t) { return a.type < t; });
}

const SecureBytes* AttributeMap::find(CK_ATTRIBUTE_TYPE type) const {
  auto it = lower_bound(type);
  if (it == items_.end() || it->type != type) return nullptr;
  return &it->value;
}

ByteView AttributeMap::view(CK_ATTRIBUTE_TYPE type) const {
  const SecureBytes* v = find(type);
  return v ? v->view() : ByteView();
}

std::optional<bool> AttributeMap::get_bool(CK_ATTRIBUTE_TYPE type) const {
  const SecureBytes* v = find(type);
  if (v == nullptr || v->size() != sizeof(CK_BBOOL)) return std::nullopt;
  return (*v)[0] != CK_FALSE;
}

std::optional<CK_ULONG> AttributeMap::get_ulong(CK_ATTRIBUTE_TYPE type) const {
  const SecureBytes* v = find(type);
  if (v == nullptr || v->size() != sizeof(CK_ULONG)) return std::nullopt;
  CK_ULONG out;
  std::memcpy(&out, v->data(), sizeof out);
  return out;
}

bool AttributeMap::get_bool_or(CK_ATTRIBUTE_TYPE type, bool fallback) const {
  return get_bool(type).value_or(fallback);
}

Result<std::optional<bool>> AttributeMap::get_bool_checked(CK_ATTRIBUTE_TYPE type) const {
  const SecureBytes* v = find(type);
  if (v == nullptr) return std::optional<bool>();
  if (v->size() != sizeof(CK_BBOOL)) return err(CKR_ATTRIBUTE_VALUE_INVALID);
  return std::optional<bool>((*v)[0] != CK_FALSE);
}

Result<std::optional<CK_ULONG>> AttributeMap::get_ulong_checked(CK_ATTRIBUTE_TYPE type) const {
  const SecureBytes* v = find(type);
  if (v == nullptr) return std::optional<CK_ULONG>();
  if (v->size() != sizeof(CK_ULONG)) return err(CKR_ATTRIBUTE_VALUE_INVALID);
  CK_ULONG out;
  std::memcpy(&out, v->data(), sizeof out);
  return std::optional<CK_ULONG>(out);
}

void AttributeMap::set(CK_ATTRIBUTE_TYPE type, ByteView value) { set(type, SecureBytes(value)); }

void AttributeMap::set(CK_ATTRIBUTE_TYPE type, SecureBytes value) {
  auto it = lower_bound(type);
  if (it != items_.end() && it->type == type) {
    it->value = std::move(value);
  } else {
    items_.insert(it, Attribute{type, std::move(value)});
  }
}

void AttributeMap::set_bool(CK_ATTRIBUTE_TYPE type, bool value) { set(type, encode_bool(value)); }
void AttributeMap::set_ulong(CK_ATTRIBUTE_TYPE type, CK_ULONG value) { set(type, encode_ulong(value)); }
void AttributeMap::set_string(CK_ATTRIBUTE_TYPE type, const std::string& value) { set(type, as_bytes(value)); }

void AttributeMap::set_if_absent_bool(CK_ATTRIBUTE_TYPE type, bool value) {
  if (!has(type)) set_bool(type, value);
}
void AttributeMap::set_if_absent(CK_ATTRIBUTE_TYPE type, ByteView value) {
  if (!has(type)) set(type, value);
}

void AttributeMap::erase(CK_ATTRIBUTE_TYPE type) {
  auto it = lower_bound(type);
  if (it != items_.end() && it->type == type) items_.erase(it);
}

void AttributeMap::merge_from(const AttributeMap& other) {
  for (const Attribute& a : other) set(a.type, a.value);
}

bool AttributeMap::matches(const AttributeMap& tmpl) const {
  for (const Attribute& want : tmpl) {
    const SecureBytes* have = find(want.type);
    if (have == nullptr || *have != want.value) return false;
  }
  return true;
}

}  // namespace craton::objects
