// The PKCS#11 attribute tables as data. Each row is one line of a spec
// table (storage, data, certificate, common key, public/private/secret key,
// and one table per key type); its flags carry the spec's footnote numbers,
// so a row can be checked against the spec by eye.
#pragma once

#include <cstdint>
#include <span>

#include "core/result.h"
#include "objects/attribute_map.h"

namespace craton::objects {

// How an attribute's value is laid out (drives length/shape validation).
enum class AttrKind : std::uint8_t {
  kBool,       // CK_BBOOL, exactly 1 byte
  kUlong,      // CK_ULONG, exactly sizeof(CK_ULONG)
  kDate,       // CK_DATE: 8 ASCII digits YYYYMMDD, or empty
  kBytes,      // byte array, any length
  kString,     // RFC 2279 (UTF-8) string, any length
  kBigInt,     // big-endian unsigned integer, non-empty
  kMechList,   // CK_MECHANISM_TYPE array, multiple of sizeof(CK_MECHANISM_TYPE)
  kAttrArray,  // nested CK_ATTRIBUTE array, in encode_attribute_array() form
};

// Footnote flags. Bit n is the spec's common footnote n (PKCS#11 3.2,
// "Common footnotes for object attribute tables"), plus project flags.
namespace fn {
inline constexpr std::uint32_t k1 = 1u << 1;    // must be given to C_CreateObject
inline constexpr std::uint32_t k2 = 1u << 2;    // must not be given to C_CreateObject
inline constexpr std::uint32_t k3 = 1u << 3;    // must be given when generated
inline constexpr std::uint32_t k4 = 1u << 4;    // must not be given when generated
inline constexpr std::uint32_t k5 = 1u << 5;    // must be given when unwrapped
inline constexpr std::uint32_t k6 = 1u << 6;    // must not be given when unwrapped
inline constexpr std::uint32_t k7 = 1u << 7;    // sensitive: hidden if SENSITIVE or !EXTRACTABLE
inline constexpr std::uint32_t k8 = 1u << 8;    // modifiable (C_SetAttributeValue, C_CopyObject)
inline constexpr std::uint32_t k10 = 1u << 10;  // only the SO may set it to CK_TRUE
inline constexpr std::uint32_t k11 = 1u << 11;  // once CK_TRUE, read-only
inline constexpr std::uint32_t k12 = 1u << 12;  // once CK_FALSE, read-only
// Project flags.
inline constexpr std::uint32_t kTokenSet = 1u << 16;  // only the token sets it (CKR_ATTRIBUTE_READ_ONLY)
inline constexpr std::uint32_t kCopyOnly = 1u << 17;  // may change during C_CopyObject only
}  // namespace fn

// Value a freshly made object receives when nobody supplied the attribute.
enum class AttrDefault : std::uint8_t {
  kNone,     // left absent
  kFalse,    // CK_FALSE
  kTrue,     // CK_TRUE
  kEmpty,    // zero-length value (empty string/array/date)
  kZero,     // CK_ULONG 0
};

struct AttrRule {
  CK_ATTRIBUTE_TYPE type;
  AttrKind kind;
  std::uint32_t flags;
  AttrDefault def;

  bool has(std::uint32_t f) const { return (flags & f) != 0; }
};

// "At least one of a, b" must be present when creating with C_CreateObject
// (ML-KEM / ML-DSA private keys: CKA_SEED and/or CKA_VALUE).
struct OneOfRule {
  CK_ATTRIBUTE_TYPE a;
  CK_ATTRIBUTE_TYPE b;
};

// Marker for schemas that have no subtype (data objects).
inline constexpr CK_ULONG kNoSubtype = ~CK_ULONG{0};

// Everything known about one (class, key type / certificate type) pair.
struct ObjectSchema {
  CK_OBJECT_CLASS cls;
  CK_ULONG subtype;  // CKK_* for keys, CKC_* for certificates, kNoSubtype for data
  // Rows, searched in order: storage, class, common key, key type.
  std::span<const AttrRule> tables[4];
  std::span<const OneOfRule> one_of;
  // Key-type checks on the complete object (lengths, parameter sets), or null.
  Status (*check)(const AttributeMap& attrs) = nullptr;
  // Computes CKA_CHECK_VALUE (3 bytes) from the object, or null if this type has none.
  Result<SecureBytes> (*check_value)(const AttributeMap& attrs) = nullptr;

  const AttrRule* find(CK_ATTRIBUTE_TYPE type) const;
};

// The schema for a class and subtype, or null if the token does not support it.
const ObjectSchema* find_schema(CK_OBJECT_CLASS cls, CK_ULONG subtype);
// The schema for an existing object (reads CKA_CLASS and its subtype), or null.
const ObjectSchema* schema_of(const AttributeMap& attrs);
// Whether a class has a subtype, and which attribute names it (CKA_KEY_TYPE, CKA_CERTIFICATE_TYPE).
bool class_has_subtype(CK_OBJECT_CLASS cls, CK_ATTRIBUTE_TYPE* subtype_attr);
bool is_key_class(CK_OBJECT_CLASS cls);
// The value kind of any attribute some schema defines (for nested templates).
const AttrKind* kind_of(CK_ATTRIBUTE_TYPE type);

}  // namespace craton::objects
