// ML-DSA keys (FIPS 204, PKCS#11 3.2 CKK_ML_DSA): parameter sets, key-pair
// generation with its pairwise consistency test, the import check of
// C_CreateObject / C_UnwrapKey, CKA_PUBLIC_KEY_INFO and the expanded keys
// cached per object snapshot.
#include <array>

#include "core/self_test_failure.h"
#include "core/test_hooks.h"
#include "crypto/random.h"
#include "mechanisms/ml_dsa_internal.h"
#include "mechanisms/pqc_keys.h"
#include "mechanisms/public_key_info.h"

namespace craton::mech::dsa {
namespace {

using pqc::MlDsaParams;

// DER of the NIST CSOR OIDs id-ml-dsa-44/65/87 (2.16.840.1.101.3.4.3.17-19).
Bytes ml_dsa_oid(MlDsaParams p) {
  Bytes oid = {0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x03, 0x11};
  oid.back() = static_cast<std::uint8_t>(0x10 + ml_dsa_parameter_set(p));  // CKP 1..3 -> arcs 17..19
  return oid;
}

// CKA_PARAMETER_SET for key-pair generation comes from the public template
// (PKCS#11 3.2 footnote 3). pkcs11-tool repeats it in the private template,
// which is accepted when equal. A CKA_KEY_TYPE in either template must be
// CKK_ML_DSA.
Result<MlDsaParams> keygen_params(const objects::AttributeMap& pub, const objects::AttributeMap& priv) {
  return pqc_keys::keygen_params(pub, priv, CKK_ML_DSA, ml_dsa_params_of, ml_dsa_parameter_set);
}

Status check_public_import(MlDsaParams p, objects::AttributeMap& attrs) {
  const SecureBytes* pk = attrs.find(CKA_VALUE);
  if (pk == nullptr) return err(CKR_TEMPLATE_INCOMPLETE);
  if (pk->size() != pqc::ml_dsa_public_key_size(p)) return err(CKR_ATTRIBUTE_VALUE_INVALID);
  if (!pqc::MlDsaExpandedPublicKey::create(p, pk->view())) return err(CKR_ATTRIBUTE_VALUE_INVALID);
  return apply_public_key_info(attrs, ml_dsa_public_key_info(p, pk->view()));
}

// Seed only: expand and add CKA_VALUE. Value only: length, coefficient
// ranges (MlDsaExpandedPrivateKey::create) and the key's own consistency
// (t0 and tr must be the ones KeyGen gives, public_from_private). Both: the
// seed must expand to exactly the value (the check_key_consistency rule,
// done here on the one expansion that also yields pk for the SPKI).
Status check_private_import(MlDsaParams p, objects::AttributeMap& attrs) {
  const SecureBytes* seed = attrs.find(CKA_SEED);
  const SecureBytes* value = attrs.find(CKA_VALUE);
  if (seed == nullptr && value == nullptr) return err(CKR_TEMPLATE_INCOMPLETE);
  if (value != nullptr && value->size() != pqc::ml_dsa_private_key_size(p)) return err(CKR_ATTRIBUTE_VALUE_INVALID);
  Bytes pk;
  if (seed != nullptr) {
    if (seed->size() != pqc::kMlDsaSeedSize) return err(CKR_ATTRIBUTE_VALUE_INVALID);
    SecureBytes sk;
    if (!pqc::MlDsaExpandedPrivateKey::from_seed(p, seed->view(), &pk, &sk)) return err(CKR_ATTRIBUTE_VALUE_INVALID);
    if (value == nullptr) {
      attrs.set(CKA_VALUE, std::move(sk));
    } else if (!constant_time_equal(sk.view(), value->view())) {
      return err(CKR_ATTRIBUTE_VALUE_INVALID);
    }
  } else {
    auto key = pqc::MlDsaExpandedPrivateKey::create(p, value->view());
    if (!key) return err(CKR_ATTRIBUTE_VALUE_INVALID);
    auto derived = pqc::public_from_private(*key);
    if (!derived) return err(CKR_ATTRIBUTE_VALUE_INVALID);
    pk = std::move(derived).value();
  }
  return apply_public_key_info(attrs, ml_dsa_public_key_info(p, pk));
}

// The fixed message of the pairwise test; any message would do.
constexpr std::array<std::uint8_t, 24> kPairwiseMessage = {'C', 'r', 'a', 't', 'o', 'n', ' ', 'M', 'L', '-', 'D', 'S',
                                                           'A', ' ', 'p', 'a', 'i', 'r', 'w', 'i', 's', 'e', '.', 0};

Status pairwise_check(const pqc::MlDsaExpandedPrivateKey& key, ByteView pk) {
  std::array<std::uint8_t, pqc::kMlDsaRndSize> rnd{};
  TRY_STATUS(crypto::random_bytes(rnd));
  auto sig = pqc::sign(key, kPairwiseMessage, ByteView(), rnd);
  secure_wipe(rnd.data(), rnd.size());
  if (!sig) return err(CKR_FUNCTION_FAILED);
  test_hooks::corrupt_pairwise(*sig);
  auto pub = pqc::MlDsaExpandedPublicKey::create(key.params(), pk);
  if (!pub) return err(CKR_FUNCTION_FAILED);
  if (!pqc::verify(*pub, kPairwiseMessage, ByteView(), *sig)) return err(CKR_FUNCTION_FAILED);
  return Status::ok();
}

}  // namespace

Result<MlDsaParams> ml_dsa_params(CK_ULONG parameter_set) {
  switch (parameter_set) {
    case CKP_ML_DSA_44: return MlDsaParams::k44;
    case CKP_ML_DSA_65: return MlDsaParams::k65;
    case CKP_ML_DSA_87: return MlDsaParams::k87;
    default: return err(CKR_PARAMETER_SET_NOT_SUPPORTED);
  }
}

CK_ULONG ml_dsa_parameter_set(MlDsaParams params) {
  switch (params) {
    case MlDsaParams::k44: return CKP_ML_DSA_44;
    case MlDsaParams::k65: return CKP_ML_DSA_65;
    case MlDsaParams::k87: return CKP_ML_DSA_87;
  }
  return CK_UNAVAILABLE_INFORMATION;
}

Result<MlDsaParams> ml_dsa_params_of(const objects::AttributeMap& attrs) {
  TRY_ASSIGN(auto p, attrs.get_ulong_checked(CKA_PARAMETER_SET));
  if (!p) return err(CKR_TEMPLATE_INCOMPLETE);
  return ml_dsa_params(*p);
}

Result<std::shared_ptr<const pqc::MlDsaExpandedPrivateKey>> ml_dsa_private_key_for(const objects::ObjectData& obj) {
  using Key = pqc::MlDsaExpandedPrivateKey;
  if (obj.object_class() != CKO_PRIVATE_KEY || obj.key_type() != CKK_ML_DSA) return err(CKR_KEY_TYPE_INCONSISTENT);
  return obj.cache.get_or_build<Key>([&]() -> Result<std::shared_ptr<const Key>> {
    auto params = ml_dsa_params_of(obj.attrs);
    if (!params) return err(CKR_KEY_TYPE_INCONSISTENT);
    // Imports always complete CKA_VALUE; a seed-only object is expanded here.
    const ByteView sk = obj.attrs.view(CKA_VALUE);
    auto key = !sk.empty() || !obj.attrs.has(CKA_SEED) ? Key::create(*params, sk)
                                                       : Key::from_seed(*params, obj.attrs.view(CKA_SEED));
    if (!key) return err(CKR_KEY_TYPE_INCONSISTENT);
    return std::shared_ptr<const Key>(std::make_shared<Key>(std::move(key).value()));
  });
}

Result<std::shared_ptr<const pqc::MlDsaExpandedPublicKey>> ml_dsa_public_key_for(const objects::ObjectData& obj) {
  using Key = pqc::MlDsaExpandedPublicKey;
  if (obj.object_class() != CKO_PUBLIC_KEY || obj.key_type() != CKK_ML_DSA) return err(CKR_KEY_TYPE_INCONSISTENT);
  return obj.cache.get_or_build<Key>([&]() -> Result<std::shared_ptr<const Key>> {
    auto params = ml_dsa_params_of(obj.attrs);
    if (!params) return err(CKR_KEY_TYPE_INCONSISTENT);
    auto key = Key::create(*params, obj.attrs.view(CKA_VALUE));
    if (!key) return err(CKR_KEY_TYPE_INCONSISTENT);
    return std::shared_ptr<const Key>(std::make_shared<Key>(std::move(key).value()));
  });
}

Status pairwise_test_ml_dsa(const pqc::MlDsaExpandedPrivateKey& key, ByteView pk) {
  Status st = pairwise_check(key, pk);
  if (st) return st;
  craton::report_self_test_failure("ML-DSA pairwise");
  return err(CKR_FUNCTION_FAILED);
}

Bytes ml_dsa_public_key_info(MlDsaParams params, ByteView pk) {
  return raw_public_key_info(ml_dsa_oid(params), pk);
}

Result<KeyPairMaterial> generate_ml_dsa(const MechContext& ctx, const objects::AttributeMap& pub,
                                        const objects::AttributeMap& priv) {
  TRY_STATUS(require_no_param(*ctx.mechanism));
  TRY_ASSIGN(MlDsaParams params, keygen_params(pub, priv));
  SecureBytes xi(pqc::kMlDsaSeedSize);  // wiped when it goes out of scope
  TRY_STATUS(crypto::random_bytes_for_key(xi));
  Bytes pk;
  SecureBytes sk;
  auto key = pqc::MlDsaExpandedPrivateKey::from_seed(params, xi.view(), &pk, &sk);
  if (!key) return err(CKR_FUNCTION_FAILED);
  TRY_STATUS(pairwise_test_ml_dsa(*key, pk));
  const Bytes spki = ml_dsa_public_key_info(params, pk);
  return pqc_keys::key_pair_material(CKK_ML_DSA, ml_dsa_parameter_set(params), pk, spki, std::move(sk), std::move(xi));
}

Status check_ml_dsa_import(CK_OBJECT_CLASS cls, objects::AttributeMap& attrs) {
  if (cls != CKO_PUBLIC_KEY && cls != CKO_PRIVATE_KEY) return Status::ok();
  TRY_ASSIGN(MlDsaParams params, ml_dsa_params_of(attrs));
  return cls == CKO_PUBLIC_KEY ? check_public_import(params, attrs) : check_private_import(params, attrs);
}

}  // namespace craton::mech::dsa
