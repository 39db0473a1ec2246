// Internal to the KDF family (kdf.cc, hkdf.cc, pbkdf2.cc, sp800_108.cc):
// per-mechanism registration and the helpers they share.
#pragma once

#include <cstddef>

#include "core/result.h"
#include "craton/pkcs11/pkcs11t.h"
#include "objects/attribute_map.h"
#include "objects/object.h"

namespace craton::mech {

class Registry;

void register_hkdf(Registry& r);       // hkdf.cc: CKM_HKDF_DERIVE, CKM_HKDF_DATA, CKM_HKDF_KEY_GEN
void register_pbkdf2(Registry& r);     // pbkdf2.cc: CKM_PKCS5_PBKD2
void register_sp800_108(Registry& r);  // sp800_108.cc: CKM_SP800_108_COUNTER_KDF

// Key sizes the KDF mechanisms report and accept. Generation mechanisms
// report bits (as the spec does for CKM_GENERIC_SECRET_KEY_GEN); derivation
// mechanisms report the base key's size in bytes.
inline constexpr std::size_t kKdfMaxBaseKeyBytes = 4096;
inline constexpr CK_ULONG kKdfMinGeneratedBytes = 1;
inline constexpr CK_ULONG kKdfMaxGeneratedBytes = 512;

// What a generation-style KDF (PBKDF2, HKDF key gen) must produce, read from
// the caller's template: the key type (default `default_type`) and length.
struct SecretKeyShape {
  CK_KEY_TYPE key_type;
  std::size_t value_len;
};

// Accepts CKK_GENERIC_SECRET, CKK_AES (16/24/32 bytes), CKK_HKDF and the HMAC
// key types; CKA_VALUE_LEN is required (CKR_TEMPLATE_INCOMPLETE), out of
// range gives CKR_KEY_SIZE_RANGE, another key type or class
// CKR_TEMPLATE_INCONSISTENT.
Result<SecretKeyShape> secret_key_shape(const objects::AttributeMap& tmpl, CK_KEY_TYPE default_type);

// CKA_CLASS, CKA_KEY_TYPE, CKA_VALUE and CKA_VALUE_LEN of a new secret key.
objects::AttributeMap secret_key_attributes(CK_KEY_TYPE key_type, SecureBytes value);

// A base or salt key for HKDF: CKO_SECRET_KEY of type CKK_GENERIC_SECRET or
// CKK_HKDF (CKR_KEY_TYPE_INCONSISTENT otherwise).
Status check_hkdf_key(const objects::ObjectData& key);

}  // namespace craton::mech
