// Plumbing shared by the PQC families (ML-KEM, X-Wing, ML-DSA, SLH-DSA):
// their mechanism rows, and the key-pair generation of the ones whose keys
// are "CKA_PARAMETER_SET + CKA_VALUE (+ CKA_SEED)". Internal to src/mechanisms.
#pragma once

#include <optional>
#include <string_view>

#include "core/result.h"
#include "core/secure_memory.h"
#include "mechanisms/registry.h"
#include "objects/attribute_map.h"

namespace craton::mech::pqc_keys {

// A mechanism a family registers, by number and name.
struct MechName {
  CK_MECHANISM_TYPE type;
  std::string_view name;
};

// A row with the family's key sizes (public-key bytes); fips_approved =
// false as no CMVP validation covers these implementations.
MechanismEntry pqc_row(CK_MECHANISM_TYPE type, std::string_view name, CK_FLAGS flags, CK_ULONG min_key_size,
                       CK_ULONG max_key_size);

// A CKA_KEY_TYPE in either key-pair template must be key_type
// (CKR_TEMPLATE_INCONSISTENT).
Status check_keygen_key_type(const objects::AttributeMap& pub, const objects::AttributeMap& priv, CK_KEY_TYPE key_type);
// A CKA_PARAMETER_SET in the private template must equal the public one.
Status check_private_parameter_set(const objects::AttributeMap& priv, CK_ULONG parameter_set);

// CKA_PARAMETER_SET for key-pair generation comes from the public template
// (PKCS#11 3.2 footnote 3). pkcs11-tool repeats it in the private template,
// which is accepted when equal. `params_of` / `parameter_set` are the
// family's CKP_* <-> parameter-set mapping.
template <class Params>
Result<Params> keygen_params(const objects::AttributeMap& pub, const objects::AttributeMap& priv, CK_KEY_TYPE key_type,
                             Result<Params> (*params_of)(const objects::AttributeMap&),
                             CK_ULONG (*parameter_set)(Params)) {
  TRY_STATUS(check_keygen_key_type(pub, priv, key_type));
  TRY_ASSIGN(Params params, params_of(pub));
  TRY_STATUS(check_private_parameter_set(priv, parameter_set(params)));
  return params;
}

// What key-pair generation returns: CKA_CLASS, CKA_KEY_TYPE,
// CKA_PARAMETER_SET, CKA_VALUE and CKA_PUBLIC_KEY_INFO on both halves, and
// CKA_SEED on the private half when the family keeps one.
KeyPairMaterial key_pair_material(CK_KEY_TYPE key_type, CK_ULONG parameter_set, ByteView pk, ByteView spki,
                                  SecureBytes sk, std::optional<SecureBytes> seed);

}  // namespace craton::mech::pqc_keys
