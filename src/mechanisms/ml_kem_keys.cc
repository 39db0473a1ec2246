// ML-KEM keys (FIPS 203, PKCS#11 3.2 CKK_ML_KEM): parameter sets, key-pair
// generation with its pairwise consistency test, the import check of
// C_CreateObject / C_UnwrapKey, CKA_PUBLIC_KEY_INFO and the parsed keys
// cached per object snapshot.
#include <algorithm>

#include "core/self_test_failure.h"
#include "core/test_hooks.h"
#include "crypto/random.h"
#include "mechanisms/ml_kem_internal.h"
#include "mechanisms/pqc_keys.h"

namespace craton::mech::kem {
namespace {

using pqc::MlKemParams;

// DER of the NIST CSOR OIDs id-alg-ml-kem-512/768/1024 (2.16.840.1.101.3.4.4.1-3).
Bytes ml_kem_oid(MlKemParams p) {
  Bytes oid = {0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x04, 0x01};
  oid.back() = static_cast<std::uint8_t>(ml_kem_parameter_set(p));  // CKP_ML_KEM_* is the last arc
  return oid;
}

// CKA_PARAMETER_SET for key-pair generation: from the public template
// (PKCS#11 3.2 footnote 3). pkcs11-tool repeats it in the private template,
// which is accepted when equal. A CKA_KEY_TYPE in either template must be
// CKK_ML_KEM.
Result<MlKemParams> keygen_params(const objects::AttributeMap& pub, const objects::AttributeMap& priv) {
  return pqc_keys::keygen_params(pub, priv, CKK_ML_KEM, ml_kem_params_of, ml_kem_parameter_set);
}

// The embedded ek of an expanded dk: dk = dk_pke (384k) || ek || H(ek) || z.
ByteView ek_of_dk(MlKemParams p, ByteView dk) {
  return dk.subspan(dk.size() - pqc::ml_kem_ek_size(p) - 64, pqc::ml_kem_ek_size(p));
}

Status check_public_import(MlKemParams p, objects::AttributeMap& attrs) {
  const SecureBytes* ek = attrs.find(CKA_VALUE);
  if (ek == nullptr) return err(CKR_TEMPLATE_INCOMPLETE);
  if (ek->size() != pqc::ml_kem_ek_size(p)) return err(CKR_ATTRIBUTE_VALUE_INVALID);
  // FIPS 203 section 7.2 modulus check, once here rather than per encapsulation.
  if (!pqc::ml_kem_check_encapsulation_key(p, ek->view())) return err(CKR_ATTRIBUTE_VALUE_INVALID);
  const Bytes spki = ml_kem_public_key_info(p, ek->view());
  return apply_public_key_info(attrs, spki);
}

// Seed only: expand and add CKA_VALUE. Value only: length and the FIPS 203
// section 7.3 hash check. Both: the seed must expand to exactly the value.
Status check_private_import(MlKemParams p, objects::AttributeMap& attrs) {
  const SecureBytes* seed = attrs.find(CKA_SEED);
  const SecureBytes* value = attrs.find(CKA_VALUE);
  if (seed == nullptr && value == nullptr) return err(CKR_TEMPLATE_INCOMPLETE);
  if (value != nullptr) {
    if (value->size() != pqc::ml_kem_dk_size(p)) return err(CKR_ATTRIBUTE_VALUE_INVALID);
    if (!pqc::ml_kem_check_decapsulation_key(p, value->view())) return err(CKR_ATTRIBUTE_VALUE_INVALID);
  }
  if (seed != nullptr) {
    if (seed->size() != pqc::kMlKemSeedSize) return err(CKR_ATTRIBUTE_VALUE_INVALID);
    auto kp = pqc::ml_kem_keygen_from_seed(p, seed->view());
    if (!kp) return err(CKR_ATTRIBUTE_VALUE_INVALID);
    if (value == nullptr) {
      attrs.set(CKA_VALUE, std::move(kp->dk));
    } else if (!constant_time_equal(kp->dk.view(), value->view())) {
      return err(CKR_ATTRIBUTE_VALUE_INVALID);
    }
  }
  const Bytes spki = ml_kem_public_key_info(p, ek_of_dk(p, attrs.view(CKA_VALUE)));
  return apply_public_key_info(attrs, spki);
}

Status draw_random(MutableByteView out) { return crypto::random_bytes(out); }

// Encapsulate to ek with fresh randomness, decapsulate with dk, compare.
bool pairwise_check(MlKemParams params, const pqc::MlKemKeyPair& key_pair) {
  auto enc = pqc::ml_kem_encaps(params, key_pair.ek, pqc::MlKemRandom(draw_random));
  if (!enc) return false;
  test_hooks::corrupt_pairwise(enc->ciphertext);
  auto dec = pqc::ml_kem_decaps(params, key_pair.dk.view(), enc->ciphertext);
  return dec.is_ok() && constant_time_equal(dec->view(), enc->shared_secret.view());
}

}  // namespace

Result<MlKemParams> ml_kem_params(CK_ULONG parameter_set) {
  switch (parameter_set) {
    case CKP_ML_KEM_512: return MlKemParams::k512;
    case CKP_ML_KEM_768: return MlKemParams::k768;
    case CKP_ML_KEM_1024: return MlKemParams::k1024;
    default: return err(CKR_PARAMETER_SET_NOT_SUPPORTED);
  }
}

CK_ULONG ml_kem_parameter_set(MlKemParams params) {
  switch (params) {
    case MlKemParams::k512: return CKP_ML_KEM_512;
    case MlKemParams::k768: return CKP_ML_KEM_768;
    case MlKemParams::k1024: return CKP_ML_KEM_1024;
  }
  return CK_UNAVAILABLE_INFORMATION;
}

Result<MlKemParams> ml_kem_params_of(const objects::AttributeMap& attrs) {
  TRY_ASSIGN(auto p, attrs.get_ulong_checked(CKA_PARAMETER_SET));
  if (!p) return err(CKR_TEMPLATE_INCOMPLETE);
  return ml_kem_params(*p);
}

Result<std::shared_ptr<const pqc::MlKemEncapsKey>> ml_kem_encaps_key_for(const objects::ObjectData& obj) {
  if (obj.object_class() != CKO_PUBLIC_KEY || obj.key_type() != CKK_ML_KEM) return err(CKR_KEY_TYPE_INCONSISTENT);
  return obj.cache.get_or_build<pqc::MlKemEncapsKey>(
      [&]() -> Result<std::shared_ptr<const pqc::MlKemEncapsKey>> {
        auto params = ml_kem_params_of(obj.attrs);
        if (!params) return err(CKR_KEY_TYPE_INCONSISTENT);
        auto key = pqc::MlKemEncapsKey::parse(*params, obj.attrs.view(CKA_VALUE));
        if (!key) return err(CKR_KEY_TYPE_INCONSISTENT);
        return key;
      });
}

Result<std::shared_ptr<const pqc::MlKemDecapsKey>> ml_kem_decaps_key_for(const objects::ObjectData& obj) {
  if (obj.object_class() != CKO_PRIVATE_KEY || obj.key_type() != CKK_ML_KEM) return err(CKR_KEY_TYPE_INCONSISTENT);
  return obj.cache.get_or_build<pqc::MlKemDecapsKey>(
      [&]() -> Result<std::shared_ptr<const pqc::MlKemDecapsKey>> {
        auto params = ml_kem_params_of(obj.attrs);
        if (!params) return err(CKR_KEY_TYPE_INCONSISTENT);
        // Imports always complete CKA_VALUE; a seed-only object is expanded here.
        SecureBytes expanded;
        ByteView dk = obj.attrs.view(CKA_VALUE);
        if (dk.empty() && obj.attrs.has(CKA_SEED)) {
          auto kp = pqc::ml_kem_keygen_from_seed(*params, obj.attrs.view(CKA_SEED));
          if (!kp) return err(CKR_KEY_TYPE_INCONSISTENT);
          expanded = std::move(kp->dk);
          dk = expanded.view();
        }
        auto key = pqc::MlKemDecapsKey::parse(*params, dk);
        if (!key) return err(CKR_KEY_TYPE_INCONSISTENT);
        return key;
      });
}

Status pairwise_test_ml_kem(MlKemParams params, const pqc::MlKemKeyPair& key_pair) {
  if (pairwise_check(params, key_pair)) return Status::ok();
  craton::report_self_test_failure("ML-KEM pairwise");
  return err(CKR_FUNCTION_FAILED);
}

Bytes ml_kem_public_key_info(MlKemParams params, ByteView ek) { return raw_public_key_info(ml_kem_oid(params), ek); }

Result<KeyPairMaterial> generate_ml_kem(const MechContext& ctx, const objects::AttributeMap& pub,
                                        const objects::AttributeMap& priv) {
  TRY_STATUS(require_no_param(*ctx.mechanism));
  TRY_ASSIGN(MlKemParams params, keygen_params(pub, priv));
  SecureBytes seed(pqc::kMlKemSeedSize);  // d || z, wiped when it goes out of scope
  TRY_STATUS(crypto::random_bytes_for_key(seed));
  auto kp = pqc::ml_kem_keygen_from_seed(params, seed.view());
  if (!kp) return err(CKR_FUNCTION_FAILED);
  TRY_STATUS(pairwise_test_ml_kem(params, *kp));
  const Bytes spki = ml_kem_public_key_info(params, kp->ek);
  return pqc_keys::key_pair_material(CKK_ML_KEM, ml_kem_parameter_set(params), kp->ek, spki, std::move(kp->dk),
                                     std::move(seed));
}

Status check_ml_kem_import(CK_OBJECT_CLASS cls, objects::AttributeMap& attrs) {
  if (cls != CKO_PUBLIC_KEY && cls != CKO_PRIVATE_KEY) return Status::ok();
  TRY_ASSIGN(MlKemParams params, ml_kem_params_of(attrs));
  return cls == CKO_PUBLIC_KEY ? check_public_import(params, attrs) : check_private_import(params, attrs);
}

}  // namespace craton::mech::kem
