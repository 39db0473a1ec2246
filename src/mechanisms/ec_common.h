// Internal to the EC and Edwards/Montgomery families: mechanism-info flags,
// parsed keys cached per object snapshot, and the row adders each file
// contributes to register_ec / register_edwards.
#pragma once

#include "core/result.h"
#include "crypto/ec.h"
#include "crypto/edwards.h"
#include "mechanisms/ec_params.h"
#include "mechanisms/registry.h"
#include "objects/object.h"

namespace craton::mech::ec {

// CK_MECHANISM_INFO flags for mechanisms on NIST curves: prime field, named
// curves given as OID or (3.0) curve name, uncompressed points.
inline constexpr CK_FLAGS kEcInfoFlags = CKF_EC_F_P | CKF_EC_NAMEDCURVE | CKF_EC_CURVENAME | CKF_EC_UNCOMPRESS;
// Edwards / Montgomery curves: prime field, named curves; points are raw.
inline constexpr CK_FLAGS kOkpInfoFlags = CKF_EC_F_P | CKF_EC_NAMEDCURVE | CKF_EC_CURVENAME;

// The parsed key of a CKK_EC public or private key object, built once per
// snapshot (objects::DerivedCache). CKR_KEY_TYPE_INCONSISTENT for other
// key types or missing attributes.
Result<crypto::EcKeyRef> ec_key_for(const objects::ObjectData& obj);
// The same for CKK_EC_EDWARDS and CKK_EC_MONTGOMERY key objects.
Result<crypto::OkpKeyRef> okp_key_for(const objects::ObjectData& obj);

// Checks the object in `ctx.key` is of `key_type` and one of the classes.
Status require_key(const MechContext& ctx, CK_KEY_TYPE key_type, CK_OBJECT_CLASS cls,
                   CK_OBJECT_CLASS other_cls = CK_UNAVAILABLE_INFORMATION);

// CKA_EC_PARAMS for key-pair generation: from the public template (the
// private one may repeat it). CKR_TEMPLATE_INCOMPLETE if absent,
// CKR_TEMPLATE_INCONSISTENT if the two differ or CKA_KEY_TYPE disagrees.
Result<ByteView> keygen_ec_params(const objects::AttributeMap& pub, const objects::AttributeMap& priv,
                                  CK_KEY_TYPE key_type);

// CKA_PUBLIC_KEY_INFO at import: filled in when absent or empty; a value
// the caller gave must equal the key's (CKR_ATTRIBUTE_VALUE_INVALID).
Status apply_public_key_info(objects::AttributeMap& attrs, ByteView spki);

void add_ecdsa_rows(Registry& r);  // ecdsa.cc
void add_ecdh_rows(Registry& r);   // ecdh.cc
void add_eddsa_rows(Registry& r);  // eddsa.cc

}  // namespace craton::mech::ec
