// KDF family: HKDF (RFC 5869 / SP 800-56C), PBKDF2 (SP 800-132) and the
// SP 800-108 counter-mode KDF. Each lives in its own file; this one holds
// the family's registration and shared template helpers.
#include "mechanisms/families.h"
#include "mechanisms/hmac_keys.h"
#include "mechanisms/kdf_family.h"
#include "mechanisms/registry.h"

namespace craton::mech {

Result<SecretKeyShape> secret_key_shape(const objects::AttributeMap& tmpl, CK_KEY_TYPE default_type) {
  TRY_ASSIGN(std::optional<CK_ULONG> cls, tmpl.get_ulong_checked(CKA_CLASS));
  if (cls && *cls != CKO_SECRET_KEY) return err(CKR_TEMPLATE_INCONSISTENT);
  TRY_ASSIGN(std::optional<CK_ULONG> type, tmpl.get_ulong_checked(CKA_KEY_TYPE));
  TRY_ASSIGN(std::optional<CK_ULONG> len, tmpl.get_ulong_checked(CKA_VALUE_LEN));
  const CK_KEY_TYPE key_type = type.value_or(default_type);
  const bool aes = key_type == CKK_AES;
  if (!aes && key_type != CKK_HKDF && !is_hmac_capable_key_type(key_type)) return err(CKR_TEMPLATE_INCONSISTENT);
  if (!len) return err(CKR_TEMPLATE_INCOMPLETE);
  if (aes && *len != 16 && *len != 24 && *len != 32) return err(CKR_KEY_SIZE_RANGE);
  if (*len < kKdfMinGeneratedBytes || *len > kKdfMaxGeneratedBytes) return err(CKR_KEY_SIZE_RANGE);
  return SecretKeyShape{key_type, static_cast<std::size_t>(*len)};
}

objects::AttributeMap secret_key_attributes(CK_KEY_TYPE key_type, SecureBytes value) {
  objects::AttributeMap out;
  const CK_ULONG len = value.size();
  out.set_ulong(CKA_CLASS, CKO_SECRET_KEY);
  out.set_ulong(CKA_KEY_TYPE, key_type);
  out.set(CKA_VALUE, std::move(value));
  out.set_ulong(CKA_VALUE_LEN, len);
  return out;
}

Status check_hkdf_key(const objects::ObjectData& key) {
  if (key.object_class() != CKO_SECRET_KEY) return err(CKR_KEY_TYPE_INCONSISTENT);
  const CK_KEY_TYPE type = key.key_type();
  if (type != CKK_GENERIC_SECRET && type != CKK_HKDF) return err(CKR_KEY_TYPE_INCONSISTENT);
  if (key.attrs.view(CKA_VALUE).size() > kKdfMaxBaseKeyBytes) return err(CKR_KEY_SIZE_RANGE);
  return Status::ok();
}

void register_kdf(Registry& r) {
  register_hkdf(r);
  register_pbkdf2(r);
  register_sp800_108(r);
}

}  // namespace craton::mech
