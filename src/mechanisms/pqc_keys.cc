// PQC key-pair generation plumbing (pqc_keys.h).
#include "mechanisms/pqc_keys.h"

namespace craton::mech::pqc_keys {

MechanismEntry pqc_row(CK_MECHANISM_TYPE type, std::string_view name, CK_FLAGS flags, CK_ULONG min_key_size,
                       CK_ULONG max_key_size) {
  MechanismEntry e;
  e.type = type;
  e.name = name;
  e.min_key_size = min_key_size;
  e.max_key_size = max_key_size;
  e.flags = flags;
  e.fips_approved = false;
  return e;
}

Status check_keygen_key_type(const objects::AttributeMap& pub, const objects::AttributeMap& priv,
                             CK_KEY_TYPE key_type) {
  for (const objects::AttributeMap* t : {&pub, &priv}) {
    TRY_ASSIGN(auto kt, t->get_ulong_checked(CKA_KEY_TYPE));
    if (kt && *kt != key_type) return err(CKR_TEMPLATE_INCONSISTENT);
  }
  return Status::ok();
}

Status check_private_parameter_set(const objects::AttributeMap& priv, CK_ULONG parameter_set) {
  TRY_ASSIGN(auto again, priv.get_ulong_checked(CKA_PARAMETER_SET));
  if (again && *again != parameter_set) return err(CKR_TEMPLATE_INCONSISTENT);
  return Status::ok();
}

KeyPairMaterial key_pair_material(CK_KEY_TYPE key_type, CK_ULONG parameter_set, ByteView pk, ByteView spki,
                                  SecureBytes sk, std::optional<SecureBytes> seed) {
  KeyPairMaterial m;
  m.public_attrs.set_ulong(CKA_CLASS, CKO_PUBLIC_KEY);
  m.public_attrs.set_ulong(CKA_KEY_TYPE, key_type);
  m.public_attrs.set_ulong(CKA_PARAMETER_SET, parameter_set);
  m.public_attrs.set(CKA_VALUE, pk);
  m.public_attrs.set(CKA_PUBLIC_KEY_INFO, spki);
  m.private_attrs.set_ulong(CKA_CLASS, CKO_PRIVATE_KEY);
  m.private_attrs.set_ulong(CKA_KEY_TYPE, key_type);
  m.private_attrs.set_ulong(CKA_PARAMETER_SET, parameter_set);
  if (seed) m.private_attrs.set(CKA_SEED, std::move(*seed));
  m.private_attrs.set(CKA_VALUE, std::move(sk));
  m.private_attrs.set(CKA_PUBLIC_KEY_INFO, spki);
  return m;
}

}  // namespace craton::mech::pqc_keys
