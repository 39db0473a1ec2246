// Internal to the EC and Edwards/Montgomery families: mechanism-info flags,
// parsed keys cached per object snapshot, and the row adders each file
// contributes to register_ec / register_edwards.
#pragma once

#include "core/result.h"
#include "crypto/ec.h"
#include "crypto/edwards.h"
#include "mechanisms/ec_params.h"
#include "mechanisms/public_key_info.h"  // apply_public_key_info
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

// The curve of a key given at C_CreateObject / C_UnwrapKey: CKA_EC_PARAMS
// must be present (CKR_TEMPLATE_INCOMPLETE) and name a supported curve of
// `kind` (CKR_CURVE_NOT_SUPPORTED).
Result<CurveId> import_curve(const objects::AttributeMap& attrs, CurveKind kind);

// What key-pair generation returns for CKK_EC, CKK_EC_EDWARDS and
// CKK_EC_MONTGOMERY: CKA_CLASS, CKA_KEY_TYPE, CKA_EC_PARAMS and
// CKA_PUBLIC_KEY_INFO on both halves, CKA_EC_POINT (DER OCTET STRING of
// `point`) on the public one and CKA_VALUE on the private one.
KeyPairMaterial ec_key_pair_material(CK_KEY_TYPE key_type, ByteView params, ByteView point, ByteView spki,
                                     SecureBytes value);

void add_ecdsa_rows(Registry& r);  // ecdsa.cc
void add_ecdh_rows(Registry& r);   // ecdh.cc
void add_eddsa_rows(Registry& r);  // eddsa.cc

}  // namespace craton::mech::ec
