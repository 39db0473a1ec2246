// Internal to the PQC KEM family (ml_kem*.cc, xwing*.cc): parameter sets,
// parsed keys cached per object snapshot, the pairwise consistency test and
// the rows each file contributes to register_pqc_kem.
#pragma once

#include <memory>

#include "core/result.h"
#include "mechanisms/pqc_keys.h"
#include "mechanisms/public_key_info.h"
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

// SubjectPublicKeyInfo of an ML-KEM encapsulation key (NIST CSOR OIDs
// 2.16.840.1.101.3.4.4.1-3); raw_public_key_info and apply_public_key_info
// (public_key_info.h) serve X-Wing too.
Bytes ml_kem_public_key_info(pqc::MlKemParams params, ByteView ek);

// Row adders and key checks, called by register_pqc_kem (ml_kem.cc).
Result<KeyPairMaterial> generate_ml_kem(const MechContext& ctx, const objects::AttributeMap& pub,
                                        const objects::AttributeMap& priv);  // ml_kem_keys.cc
Status check_ml_kem_import(CK_OBJECT_CLASS cls, objects::AttributeMap& attrs);  // ml_kem_keys.cc
void add_xwing_rows(Registry& r);                                                // xwing_mech.cc

// The rows of one KEM: CKM_<X>_KEY_PAIR_GEN, CKM_<X> (encapsulate and
// decapsulate) and the key type's import check. Key sizes are
// encapsulation-key bytes.
struct KemRows {
  pqc_keys::MechName keygen;
  pqc_keys::MechName kem;
  CK_KEY_TYPE key_type;
  CK_ULONG min_key_size;
  CK_ULONG max_key_size;
  GenerateKeyPairFn generate;
  EncapsulateFn encapsulate;
  DecapsulateFn decapsulate;
  Status (*check_import)(CK_OBJECT_CLASS cls, objects::AttributeMap& attrs);
};
void add_kem_rows(Registry& r, const KemRows& rows);  // ml_kem.cc

}  // namespace craton::mech::kem
