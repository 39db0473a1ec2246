#include "objects/attribute_values.h"

#include <bit>
#include <cstdint>
#include <limits>

#include "objects/attribute_rules.h"

namespace craton::objects {
namespace {

// Nested template encoding, one record per attribute in ascending type order:
//   u64 little-endian type | u64 little-endian length | length bytes
// Fixed-width little-endian fields so a stored token reads the same on any
// platform (a CK_ULONG is 4 bytes on some, 8 on others). An empty template
// encodes as zero bytes.
constexpr std::size_t kFieldLen = 8;

void put_u64(SecureBytes& out, std::uint64_t v) {
  for (std::size_t i = 0; i < kFieldLen; ++i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}

std::uint64_t get_u64(ByteView in) {
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < kFieldLen; ++i) v |= static_cast<std::uint64_t>(in[i]) << (8 * i);
  return v;
}

Result<AttributeMap> decode_records(ByteView encoded) {
  AttributeMap out;
  std::size_t pos = 0;
  while (pos < encoded.size()) {
    if (encoded.size() - pos < 2 * kFieldLen) return err(CKR_ATTRIBUTE_VALUE_INVALID);
    std::uint64_t type = get_u64(encoded.subspan(pos));
    std::uint64_t len = get_u64(encoded.subspan(pos + kFieldLen));
    pos += 2 * kFieldLen;
    if (type > std::numeric_limits<CK_ATTRIBUTE_TYPE>::max() || len > encoded.size() - pos)
      return err(CKR_ATTRIBUTE_VALUE_INVALID);
    auto t = static_cast<CK_ATTRIBUTE_TYPE>(type);
    if (out.has(t)) return err(CKR_ATTRIBUTE_VALUE_INVALID);  // one value per type
    out.set(t, encoded.subspan(pos, static_cast<std::size_t>(len)));
    pos += static_cast<std::size_t>(len);
  }
  return out;
}

bool is_digit(std::uint8_t c) { return c >= '0' && c <= '9'; }

// CK_DATE: "YYYYMMDD" in ASCII; an empty value means "no date".
bool valid_date(ByteView v) {
  if (v.empty()) return true;
  if (v.size() != sizeof(CK_DATE)) return false;
  for (std::uint8_t c : v)
    if (!is_digit(c)) return false;
  int month = (v[4] - '0') * 10 + (v[5] - '0');
  int day = (v[6] - '0') * 10 + (v[7] - '0');
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

Result<SecureBytes> canonical_nested(ByteView value, int depth);

Result<SecureBytes> canonical_at(AttrKind kind, ByteView value, int depth) {
  switch (kind) {
    case AttrKind::kBool:
      if (value.size() != sizeof(CK_BBOOL)) return err(CKR_ATTRIBUTE_VALUE_INVALID);
      return encode_bool(value[0] != CK_FALSE);
    case AttrKind::kUlong:
      if (value.size() != sizeof(CK_ULONG)) return err(CKR_ATTRIBUTE_VALUE_INVALID);
      break;
    case AttrKind::kDate:
      if (!valid_date(value)) return err(CKR_ATTRIBUTE_VALUE_INVALID);
      break;
    case AttrKind::kBigInt:
      if (value.empty()) return err(CKR_ATTRIBUTE_VALUE_INVALID);
      break;
    case AttrKind::kMechList:
      if (value.size() % sizeof(CK_MECHANISM_TYPE) != 0) return err(CKR_ATTRIBUTE_VALUE_INVALID);
      break;
    case AttrKind::kAttrArray:
      return canonical_nested(value, depth);
    case AttrKind::kBytes:
    case AttrKind::kString:
      break;
  }
  return SecureBytes(value);
}

// A nested template: every record decodes, every type is one some object
// class defines, every value has its kind's shape. Templates nest at most
// kMaxNesting deep.
Result<SecureBytes> canonical_nested(ByteView value, int depth) {
  if (depth >= values::kMaxNesting) return err(CKR_ATTRIBUTE_VALUE_INVALID);
  TRY_ASSIGN(AttributeMap nested, decode_records(value));
  AttributeMap clean;
  for (const Attribute& a : nested) {
    const AttrKind* kind = kind_of(a.type);
    if (kind == nullptr) return err(CKR_ATTRIBUTE_VALUE_INVALID);
    TRY_ASSIGN(SecureBytes v, canonical_at(*kind, a.value.view(), depth + 1));
    clean.set(a.type, std::move(v));
  }
  return encode_attribute_array(clean);
}

}  // namespace

namespace values {

Result<SecureBytes> canonical(AttrKind kind, ByteView value) { return canonical_at(kind, value, 0); }

CK_ULONG bit_length(ByteView big_endian) {
  std::size_t i = 0;
  while (i < big_endian.size() && big_endian[i] == 0) ++i;
  if (i == big_endian.size()) return 0;
  auto top = static_cast<CK_ULONG>(std::bit_width(static_cast<unsigned>(big_endian[i])));
  return top + static_cast<CK_ULONG>(8 * (big_endian.size() - i - 1));
}

}  // namespace values

SecureBytes encode_attribute_array(const AttributeMap& nested) {
  std::size_t total = 0;
  for (const Attribute& a : nested) total += 2 * kFieldLen + a.value.size();
  SecureBytes out;
  out.reserve(total);
  for (const Attribute& a : nested) {
    put_u64(out, a.type);
    put_u64(out, a.value.size());
    out.insert(out.end(), a.value.begin(), a.value.end());
  }
  return out;
}

Result<AttributeMap> decode_attribute_array(ByteView encoded) { return decode_records(encoded); }

}  // namespace craton::objects
