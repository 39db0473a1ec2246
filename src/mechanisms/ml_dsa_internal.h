// Internal to the ML-DSA family (ml_dsa*.cc): parameter sets, the parsed
// keys cached per object snapshot, the mechanism parameters, the pairwise
// consistency test and the rows each file contributes to register_pqc_ml_dsa.
#pragma once

#include <memory>
#include <optional>

#include "core/result.h"
#include "mechanisms/pqc_sign_params.h"
#include "mechanisms/registry.h"
#include "objects/object.h"
#include "pqc/ml_dsa.h"

namespace craton::mech::dsa {

// CKP_ML_DSA_* <-> FIPS 204 parameter set. CKR_PARAMETER_SET_NOT_SUPPORTED
// for any other value.
Result<pqc::MlDsaParams> ml_dsa_params(CK_ULONG parameter_set);
CK_ULONG ml_dsa_parameter_set(pqc::MlDsaParams params);

// The parameter set of a key object or template: CKR_TEMPLATE_INCOMPLETE if
// absent, CKR_ATTRIBUTE_VALUE_INVALID if not a CK_ULONG,
// CKR_PARAMETER_SET_NOT_SUPPORTED if unknown.
Result<pqc::MlDsaParams> ml_dsa_params_of(const objects::AttributeMap& attrs);

// Expanded keys of CKK_ML_DSA objects, built once per snapshot
// (objects::DerivedCache). CKR_KEY_TYPE_INCONSISTENT for another class or
// key type, or for key material that does not parse.
Result<std::shared_ptr<const pqc::MlDsaExpandedPrivateKey>> ml_dsa_private_key_for(const objects::ObjectData& obj);
Result<std::shared_ptr<const pqc::MlDsaExpandedPublicKey>> ml_dsa_public_key_for(const objects::ObjectData& obj);

// FIPS 140-3 pairwise consistency test of a freshly generated key pair: sign
// a fixed message with fresh randomness, verify it with pk. On failure it
// reports "ML-DSA pairwise" through craton::report_self_test_failure (the
// module enters its error state) and returns CKR_FUNCTION_FAILED.
Status pairwise_test_ml_dsa(const pqc::MlDsaExpandedPrivateKey& key, ByteView pk);

// SubjectPublicKeyInfo DER of an ML-DSA public key (NIST CSOR OIDs
// 2.16.840.1.101.3.4.3.17-19, absent parameters, RFC 9881).
Bytes ml_dsa_public_key_info(pqc::MlDsaParams params, ByteView pk);

// The parsed mechanism parameter (pqc_sign_params.h, shared with the other
// PQC signature family).
using pqc_sign::MessageForm;
using SignParams = pqc_sign::SignParams<pqc::MlDsaPreHash>;

// Row adders and key functions, called by register_pqc_ml_dsa (ml_dsa.cc).
Result<KeyPairMaterial> generate_ml_dsa(const MechContext& ctx, const objects::AttributeMap& pub,
                                        const objects::AttributeMap& priv);     // ml_dsa_keys.cc
Status check_ml_dsa_import(CK_OBJECT_CLASS cls, objects::AttributeMap& attrs);  // ml_dsa_keys.cc
// ml_dsa_ops.cc: the key class and type are checked here (CKR_KEY_TYPE_INCONSISTENT).
Result<std::unique_ptr<SignOperation>> make_ml_dsa_sign(const MechContext& ctx, SignParams params);
Result<std::unique_ptr<VerifyOperation>> make_ml_dsa_verify(const MechContext& ctx, SignParams params);

}  // namespace craton::mech::dsa
