// The PKCS#11 attribute rules (spec tables per object class and key type),
// expressed as data: which attributes are required or forbidden when an
// object is made, which become read-only, which are sensitive, which only
// the token sets. Every object-making path (create, generate, unwrap,
// derive, copy, encapsulate) goes through build_new_object.
#pragma once

#include <optional>

#include "core/result.h"
#include "objects/attribute_map.h"
#include "objects/object.h"

namespace craton::objects {

enum class Origin {
  kCreate,       // C_CreateObject
  kGenerate,     // C_GenerateKey / C_GenerateKeyPair
  kUnwrap,       // C_UnwrapKey
  kDerive,       // C_DeriveKey
  kEncapsulate,  // C_EncapsulateKey / C_DecapsulateKey
};

struct NewObjectRequest {
  Origin origin = Origin::kCreate;
  // The caller's template.
  const AttributeMap* tmpl = nullptr;
  // Attributes computed by the mechanism (key value, components); may be null.
  // They win over nothing: a template attribute that conflicts with computed
  // material (e.g. CKA_KEY_TYPE) fails with CKR_TEMPLATE_INCONSISTENT.
  const AttributeMap* material = nullptr;
  // Class/key type when the template may omit them (key generation knows them).
  std::optional<CK_OBJECT_CLASS> default_class;
  std::optional<CK_KEY_TYPE> default_key_type;
  // CKA_KEY_GEN_MECHANISM for generated keys (CK_UNAVAILABLE_INFORMATION otherwise).
  CK_MECHANISM_TYPE key_gen_mechanism = CK_UNAVAILABLE_INFORMATION;
  // For derive: the base key's CKA_ALWAYS_SENSITIVE / CKA_NEVER_EXTRACTABLE.
  std::optional<bool> base_always_sensitive;
  std::optional<bool> base_never_extractable;
  // True when the session is logged in as the SO: only the SO may create an
  // object with CKA_TRUSTED = CK_TRUE (else CKR_ATTRIBUTE_READ_ONLY).
  bool is_so = false;
};

// Validates the request and returns the full attribute set of the new object:
// template + material + defaults (CKA_TOKEN=false, CKA_PRIVATE per class,
// CKA_MODIFIABLE/COPYABLE/DESTROYABLE=true, CKA_SENSITIVE=false, CKA_EXTRACTABLE=true,
// usage flags per class ...) + token-set attributes (CKA_LOCAL,
// CKA_KEY_GEN_MECHANISM, CKA_ALWAYS_SENSITIVE, CKA_NEVER_EXTRACTABLE).
// CKA_UNIQUE_ID is left for the caller (the module) to assign.
// Errors: CKR_TEMPLATE_INCOMPLETE, CKR_TEMPLATE_INCONSISTENT,
// CKR_ATTRIBUTE_READ_ONLY (token-set attribute given), CKR_ATTRIBUTE_TYPE_INVALID
// (unknown to this class), CKR_ATTRIBUTE_VALUE_INVALID (bad length/value).
Result<AttributeMap> build_new_object(const NewObjectRequest& request);

// C_SetAttributeValue: returns the object's new attribute set, or
// CKR_ATTRIBUTE_READ_ONLY (not modifiable after creation), CKR_ACTION_PROHIBITED
// (CKA_MODIFIABLE false), CKR_ATTRIBUTE_TYPE_INVALID, CKR_ATTRIBUTE_VALUE_INVALID,
// CKR_TEMPLATE_INCONSISTENT. One-way attributes: CKA_SENSITIVE false->true only,
// CKA_EXTRACTABLE true->false only, CKA_WRAP_WITH_TRUSTED false->true only,
// CKA_COPYABLE true->false only. CKA_TRUSTED may become true only when `is_so`;
// a trusted certificate may not be changed except its CKA_TRUSTED by the SO.
Result<AttributeMap> apply_set_attributes(const AttributeMap& current, const AttributeMap& changes, bool is_so);

// C_CopyObject: the copy's attribute set. CKA_TOKEN, CKA_PRIVATE,
// CKA_MODIFIABLE, CKA_DESTROYABLE and every attribute C_SetAttributeValue may
// change (spec footnote 8: CKA_LABEL, CKA_ID, dates, usage flags ...) may be
// changed, one-way attributes only in their allowed direction (CKA_SENSITIVE
// -> true, CKA_EXTRACTABLE -> false, CKA_COPYABLE -> false ...); a template
// value equal to the current one is always accepted; anything else ->
// CKR_ATTRIBUTE_READ_ONLY. CKA_COPYABLE false -> CKR_ACTION_PROHIBITED.
// CKA_UNIQUE_ID removed (the module assigns a new one). Token-set attributes
// (CKA_LOCAL, CKA_ALWAYS_SENSITIVE, ...) are kept as they were.
Result<AttributeMap> apply_copy_template(const AttributeMap& current, const AttributeMap& changes);

// C_GetAttributeValue per attribute: CKR_OK if the value may be revealed,
// CKR_ATTRIBUTE_SENSITIVE if it is a sensitive attribute of a key with
// CKA_SENSITIVE true or CKA_EXTRACTABLE false, CKR_ATTRIBUTE_TYPE_INVALID if the
// attribute is not defined for the object (absent).
Status check_readable(const AttributeMap& attrs, CK_ATTRIBUTE_TYPE type);

// True for attributes that hold secret key material for this class/key type
// (CKA_VALUE of secret and private keys, private RSA components, CKA_SEED ...).
// Storage encrypts these at rest.
bool is_secret_component(CK_OBJECT_CLASS cls, CK_KEY_TYPE key_type, CK_ATTRIBUTE_TYPE type);

// CKA_ALLOWED_MECHANISMS check: true if the key lists `mechanism`, or if the
// list is absent or empty (no restriction).
bool mechanism_allowed(const AttributeMap& attrs, CK_MECHANISM_TYPE mechanism);

// Attribute types whose values are arrays of CK_ATTRIBUTE (CKA_WRAP_TEMPLATE,
// CKA_UNWRAP_TEMPLATE, CKA_DERIVE_TEMPLATE ...; the CKF_ARRAY_ATTRIBUTE bit).
bool is_array_attribute(CK_ATTRIBUTE_TYPE type);
// Serialises a nested template for storage in an AttributeMap, and back.
// Encoding: per attribute, in ascending type order, u64 little-endian type,
// u64 little-endian length, then the value bytes; empty template = no bytes.
// Decoding fails with CKR_ATTRIBUTE_VALUE_INVALID on truncation, a length
// past the end, or a type given twice.
SecureBytes encode_attribute_array(const AttributeMap& nested);
Result<AttributeMap> decode_attribute_array(ByteView encoded);

}  // namespace craton::objects
