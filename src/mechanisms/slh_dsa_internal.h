// Internal to the SLH-DSA family (slh_dsa*.cc): parameter sets, the key
// bytes of a CKK_SLH_DSA object, the parsed mechanism parameters and the
// functions each file contributes to register_pqc_slh_dsa.
#pragma once

#include <memory>

#include "core/result.h"
#include "core/secure_memory.h"
#include "mechanisms/pqc_sign_params.h"
#include "mechanisms/registry.h"
#include "objects/object.h"
#include "pqc/slh_dsa.h"

namespace craton::mech::slh {

// CKP_SLH_DSA_* <-> FIPS 205 parameter set; CKR_PARAMETER_SET_NOT_SUPPORTED
// for any other value.
Result<pqc::SlhDsaParams> slh_dsa_params(CK_ULONG parameter_set);
CK_ULONG slh_dsa_parameter_set(pqc::SlhDsaParams params);

// CKA_PARAMETER_SET of a template or object: CKR_TEMPLATE_INCOMPLETE if
// absent, CKR_ATTRIBUTE_VALUE_INVALID if not a CK_ULONG,
// CKR_PARAMETER_SET_NOT_SUPPORTED if unknown.
Result<pqc::SlhDsaParams> slh_dsa_params_of(const objects::AttributeMap& attrs);

// The FIPS 205 key byte string of a CKK_SLH_DSA object (the private key is
// SK.seed || SK.prf || PK.seed || PK.root, the public PK.seed || PK.root).
// CKR_KEY_TYPE_INCONSISTENT for another class / key type or a bad length.
struct SlhKey {
  pqc::SlhDsaParams params;
  SecureBytes bytes;
};
Result<std::shared_ptr<const SlhKey>> slh_dsa_key_for(const objects::ObjectData& obj, CK_OBJECT_CLASS cls);

// The parsed mechanism parameter (pqc_sign_params.h, shared with the other
// PQC signature family).
using pqc_sign::MessageForm;
using SignParams = pqc_sign::SignParams<pqc::SlhPreHash>;

Result<KeyPairMaterial> generate_slh_dsa(const MechContext& ctx, const objects::AttributeMap& pub,
                                         const objects::AttributeMap& priv);      // slh_dsa_keys.cc
Status check_slh_dsa_import(CK_OBJECT_CLASS cls, objects::AttributeMap& attrs);  // slh_dsa_keys.cc
Result<std::unique_ptr<SignOperation>> make_slh_dsa_sign(const MechContext& ctx, SignParams params);     // slh_dsa_ops.cc
Result<std::unique_ptr<VerifyOperation>> make_slh_dsa_verify(const MechContext& ctx, SignParams params);  // slh_dsa_ops.cc

}  // namespace craton::mech::slh
