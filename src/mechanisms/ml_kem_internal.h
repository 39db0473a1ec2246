// Internal to the PQC KEM family (ml_kem*.cc, xwing*.cc): parameter sets,
// parsed keys cached per object snapshot, the pairwise consistency test and
// the rows each file contributes to register_pqc_kem.
#pragma once

#include <memory>

#include "core/result.h"
#include "mechanisms/registry.h"
#include "objects/object.h"
#include "pqc/ml_kem.h"

namespace craton::mech::kem {

// CKP_ML_KEM_* <-> FIPS 203 parameter set. CKR_PARAMETER_SET_NOT_SUPPORTED
// for any other value.
Result<pqc::MlKemParams> ml_kem_params(CK_ULONG parameter_set);
CK_ULONG ml_kem_parameter_set(pqc::MlKemParams params);

// The parameter set of a key object or template: CKR_TEMPLATE_INCOMPLETE if
// absent, CKR_ATTRIBUTE_VALUE_INVALID if not a CK_ULONG,
// CKR_PARAMETER_SET_NOT_SUPPORTED if unknown.
Result<pqc::MlKemParams> ml_kem_params_of(const objects::AttributeMap& attrs);

// Parsed keys of CKK_ML_KEM objects, built once per snapshot
// (objects::DerivedCache). CKR_KEY_TYPE_INCONSISTENT for another class or
// key type, or for key material that does not parse.
Result<std::shared_ptr<const pqc::MlKemEncapsKey>> ml_kem_encaps_key_for(const objects::ObjectData& obj);
Result<std::shared_ptr<const pqc::MlKemDecapsKey>> ml_kem_decaps_key_for(const objects::ObjectData& obj);

// FIPS 140-3 pairwise consistency test of a freshly generated key pair:
// encapsulate to ek with fresh randomness, decapsulate with dk, compare the
// secrets. A failure is reported as "ML-KEM pairwise" through
// craton::report_self_test_failure (the module enters its error state) and
// returned as CKR_FUNCTION_FAILED.
Status pairwise_test_ml_kem(pqc::MlKemParams params, const pqc::MlKemKeyPair& key_pair);

// SubjectPublicKeyInfo DER with an absent-parameters AlgorithmIdentifier
// (RFC 5280) around a raw public key: ML-KEM (NIST CSOR OIDs
// 2.16.840.1.101.3.4.4.1-3, draft-ietf-lamps-kyber-certificates) and X-Wing.
Bytes ml_kem_public_key_info(pqc::MlKemParams params, ByteView ek);
Bytes raw_public_key_info(ByteView oid_der, ByteView public_key);

// CKA_PUBLIC_KEY_INFO at import: set when absent or empty; a value the
// caller gave must equal the computed one (CKR_ATTRIBUTE_VALUE_INVALID).
Status apply_public_key_info(objects::AttributeMap& attrs, ByteView spki);

// Row adders and key checks, called by register_pqc_kem (ml_kem.cc).
Result<KeyPairMaterial> generate_ml_kem(const MechContext& ctx, const objects::AttributeMap& pub,
                                        const objects::AttributeMap& priv);  // ml_kem_keys.cc
Status check_ml_kem_import(CK_OBJECT_CLASS cls, objects::AttributeMap& attrs);  // ml_kem_keys.cc
void add_xwing_rows(Registry& r);                                                // xwing_mech.cc

}  // namespace craton::mech::kem
