#include "p11_util.h"

#include <cstdio>

namespace bench {
namespace {

struct CkName {
  unsigned long value;
  const char* name;
};
#include "ck_name_tables.inc"

template <std::size_t N>
std::string lookup(const CkName (&table)[N], unsigned long value, const char* prefix) {
  for (const auto& row : table) {
    if (row.value == value) return row.name;
  }
  char buf[48];
  std::snprintf(buf, sizeof buf, "%s0x%lx", prefix, value);
  return buf;
}

}  // namespace

Template& Template::add_bytes(CK_ATTRIBUTE_TYPE type, const void* data, std::size_t size) {
  const auto* p = static_cast<const unsigned char*>(data);
  values_.emplace_back(p, p + size);
  Bytes& v = values_.back();
  attrs_.push_back(CK_ATTRIBUTE{type, v.empty() ? nullptr : v.data(), static_cast<CK_ULONG>(v.size())});
  return *this;
}

Template& Template::add_bool(CK_ATTRIBUTE_TYPE type, bool value) {
  const CK_BBOOL b = value ? CK_TRUE : CK_FALSE;
  return add_bytes(type, &b, sizeof b);
}

Template& Template::add_ulong(CK_ATTRIBUTE_TYPE type, CK_ULONG value) { return add_bytes(type, &value, sizeof value); }

std::string rv_name(CK_RV rv) { return lookup(kReturnValueNames, rv, "CKR_"); }

std::string mechanism_name(CK_MECHANISM_TYPE type) { return lookup(kMechanismNames, type, "CKM_"); }

std::string padded_field(const CK_UTF8CHAR* data, std::size_t size) {
  std::string s(reinterpret_cast<const char*>(data), size);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\0')) s.pop_back();
  return s;
}

}  // namespace bench
