// Shape checks for attribute values (CK_BBOOL length, CK_DATE digits,
// mechanism lists, nested templates) and the storage encoding of nested
// templates. Internal to the objects layer; encode_attribute_array /
// decode_attribute_array in attribute_rules.h are the public face.
#pragma once

#include "core/result.h"
#include "objects/attribute_schema.h"

namespace craton::objects::values {

// Validates `value` as an attribute of kind `kind` and returns it in
// canonical form: booleans as exactly CK_TRUE / CK_FALSE (any non-zero byte
// is true), nested templates re-encoded with their own values canonical.
// Fails with CKR_ATTRIBUTE_VALUE_INVALID.
Result<SecureBytes> canonical(AttrKind kind, ByteView value);

// Number of significant bits of a big-endian unsigned integer.
CK_ULONG bit_length(ByteView big_endian);

// Nested templates: depth allowed for templates inside templates.
inline constexpr int kMaxNesting = 2;

}  // namespace craton::objects::values
