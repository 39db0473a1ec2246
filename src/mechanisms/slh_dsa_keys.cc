// SLH-DSA keys (FIPS 205, PKCS#11 3.2 CKK_SLH_DSA): parameter sets, key-pair
// generation with its pairwise consistency test, the import check of
// C_CreateObject / C_UnwrapKey and CKA_PUBLIC_KEY_INFO.
//
// Import of a private key checks PK.root against SK.seed / PK.seed only for
// the sets whose top XMSS tree is small (the 'f' sets, h' <= 4: at most 16
// WOTS+ leaves, well under a millisecond). For the 's' sets (h' = 8 or 9,
// 256-512 leaves) the check would cost as much as a key generation on every
// C_CreateObject, so it is skipped: a wrong PK.root there only makes the
// key's signatures fail to verify.
#include <array>

#include "core/self_test_failure.h"
#include "core/test_hooks.h"
#include "crypto/random.h"
#include "mechanisms/pqc_keys.h"
#include "mechanisms/public_key_info.h"
#include "mechanisms/slh_dsa_internal.h"

namespace craton::mech::slh {
namespace {

using pqc::SlhDsaParams;

constexpr std::uint32_t kMaxCheckedTreeHeight = 4;

// DER of the NIST CSOR OIDs id-slh-dsa-* (2.16.840.1.101.3.4.3.20-31, RFC 9909):
// the arcs follow FIPS 205 Table 2 order, which SlhDsaParams also follows.
Bytes slh_dsa_oid(SlhDsaParams p) {
  Bytes oid = {0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x03, 0x14};
  oid.back() = static_cast<std::uint8_t>(20 + static_cast<int>(p));
  return oid;
}

Bytes public_key_info(SlhDsaParams p, ByteView pk) { return raw_public_key_info(slh_dsa_oid(p), pk); }

// CKA_PARAMETER_SET for key-pair generation comes from the public template
// (PKCS#11 3.2); an equal value in the private template is accepted.
Result<SlhDsaParams> keygen_params(const objects::AttributeMap& pub, const objects::AttributeMap& priv) {
  return pqc_keys::keygen_params(pub, priv, CKK_SLH_DSA, slh_dsa_params_of, slh_dsa_parameter_set);
}

Status check_public_import(SlhDsaParams p, objects::AttributeMap& attrs) {
  const SecureBytes* pk = attrs.find(CKA_VALUE);
  if (pk == nullptr) return err(CKR_TEMPLATE_INCOMPLETE);
  if (pk->size() != pqc::slh_dsa_pk_bytes(p)) return err(CKR_ATTRIBUTE_VALUE_INVALID);
  return apply_public_key_info(attrs, public_key_info(p, pk->view()));
}

Status check_private_import(SlhDsaParams p, objects::AttributeMap& attrs) {
  if (attrs.has(CKA_SEED)) return err(CKR_ATTRIBUTE_TYPE_INVALID);  // PKCS#11 3.2: SLH-DSA keys have no CKA_SEED
  const SecureBytes* sk = attrs.find(CKA_VALUE);
  if (sk == nullptr) return err(CKR_TEMPLATE_INCOMPLETE);
  if (sk->size() != pqc::slh_dsa_sk_bytes(p)) return err(CKR_ATTRIBUTE_VALUE_INVALID);
  const std::size_t n = pqc::slh_dsa_n(p);
  const ByteView v = sk->view();
  const ByteView pk = v.subspan(2 * n);
  if (pqc::slh_param_set(p).hp <= kMaxCheckedTreeHeight) {
    auto kp = pqc::slh_keygen_internal(p, v.first(n), v.subspan(n, n), v.subspan(2 * n, n));
    if (!kp || !constant_time_equal(ByteView(kp->pk), pk)) return err(CKR_ATTRIBUTE_VALUE_INVALID);
  }
  return apply_public_key_info(attrs, public_key_info(p, pk));
}

// The fixed message of the pairwise test; any message would do.
constexpr std::array<std::uint8_t, 16> kPairwiseMessage = {'C', 'r', 'a', 't', 'o', 'n', ' ', 'S',
                                                           'L', 'H', '-', 'D', 'S', 'A', ' ', 'P'};

Status pairwise_check(SlhDsaParams p, const pqc::SlhDsaKeyPair& kp) {
  auto sig = pqc::slh_sign(p, kp.sk.view(), kPairwiseMessage, ByteView(), ByteView());
  if (!sig) return err(CKR_FUNCTION_FAILED);
  test_hooks::corrupt_pairwise(*sig);
  if (!pqc::slh_verify(p, kp.pk, kPairwiseMessage, ByteView(), *sig)) return err(CKR_FUNCTION_FAILED);
  return Status::ok();
}

Status pairwise_test(SlhDsaParams p, const pqc::SlhDsaKeyPair& kp) {
  if (pairwise_check(p, kp)) return Status::ok();
  craton::report_self_test_failure("SLH-DSA pairwise");
  return err(CKR_FUNCTION_FAILED);
}

// PKCS#11 order of CKP_SLH_DSA_* (SHA2/SHAKE interleaved) by SlhDsaParams index.
constexpr CK_ULONG kParameterSets[] = {
    CKP_SLH_DSA_SHA2_128S,  CKP_SLH_DSA_SHA2_128F,  CKP_SLH_DSA_SHA2_192S,  CKP_SLH_DSA_SHA2_192F,
    CKP_SLH_DSA_SHA2_256S,  CKP_SLH_DSA_SHA2_256F,  CKP_SLH_DSA_SHAKE_128S, CKP_SLH_DSA_SHAKE_128F,
    CKP_SLH_DSA_SHAKE_192S, CKP_SLH_DSA_SHAKE_192F, CKP_SLH_DSA_SHAKE_256S, CKP_SLH_DSA_SHAKE_256F,
};
static_assert(std::size(kParameterSets) == std::size(pqc::kAllSlhDsaParams));

}  // namespace

Result<SlhDsaParams> slh_dsa_params(CK_ULONG parameter_set) {
  for (std::size_t i = 0; i < std::size(kParameterSets); ++i)
    if (kParameterSets[i] == parameter_set) return pqc::kAllSlhDsaParams[i];
  return err(CKR_PARAMETER_SET_NOT_SUPPORTED);
}

CK_ULONG slh_dsa_parameter_set(SlhDsaParams params) { return kParameterSets[static_cast<int>(params)]; }

Result<SlhDsaParams> slh_dsa_params_of(const objects::AttributeMap& attrs) {
  TRY_ASSIGN(auto p, attrs.get_ulong_checked(CKA_PARAMETER_SET));
  if (!p) return err(CKR_TEMPLATE_INCOMPLETE);
  return slh_dsa_params(*p);
}

Result<std::shared_ptr<const SlhKey>> slh_dsa_key_for(const objects::ObjectData& obj, CK_OBJECT_CLASS cls) {
  if (obj.object_class() != cls || obj.key_type() != CKK_SLH_DSA) return err(CKR_KEY_TYPE_INCONSISTENT);
  return obj.cache.get_or_build<SlhKey>([&]() -> Result<std::shared_ptr<const SlhKey>> {
    auto params = slh_dsa_params_of(obj.attrs);
    if (!params) return err(CKR_KEY_TYPE_INCONSISTENT);
    const ByteView v = obj.attrs.view(CKA_VALUE);
    const std::size_t want = cls == CKO_PRIVATE_KEY ? pqc::slh_dsa_sk_bytes(*params) : pqc::slh_dsa_pk_bytes(*params);
    if (v.size() != want) return err(CKR_KEY_TYPE_INCONSISTENT);
    auto key = std::make_shared<SlhKey>();
    key->params = *params;
    key->bytes = SecureBytes(v);
    return std::shared_ptr<const SlhKey>(std::move(key));
  });
}

Result<KeyPairMaterial> generate_slh_dsa(const MechContext& ctx, const objects::AttributeMap& pub,
                                         const objects::AttributeMap& priv) {
  TRY_STATUS(require_no_param(*ctx.mechanism));
  TRY_ASSIGN(SlhDsaParams params, keygen_params(pub, priv));
  const std::size_t n = pqc::slh_dsa_n(params);
  SecureBytes seeds(3 * n);  // SK.seed || SK.prf || PK.seed, wiped on scope exit
  TRY_STATUS(crypto::random_bytes_for_key(seeds));
  const ByteView s = seeds.view();
  auto kp = pqc::slh_keygen_internal(params, s.first(n), s.subspan(n, n), s.subspan(2 * n, n));
  if (!kp) return err(CKR_FUNCTION_FAILED);
  TRY_STATUS(pairwise_test(params, *kp));
  const Bytes spki = public_key_info(params, kp->pk);
  return pqc_keys::key_pair_material(CKK_SLH_DSA, slh_dsa_parameter_set(params), kp->pk, spki, std::move(kp->sk),
                                     std::nullopt);  // SLH-DSA keys have no CKA_SEED
}

Status check_slh_dsa_import(CK_OBJECT_CLASS cls, objects::AttributeMap& attrs) {
  if (cls != CKO_PUBLIC_KEY && cls != CKO_PRIVATE_KEY) return Status::ok();
  TRY_ASSIGN(SlhDsaParams params, slh_dsa_params_of(attrs));
  return cls == CKO_PUBLIC_KEY ? check_public_import(params, attrs) : check_private_import(params, attrs);
}

}  // namespace craton::mech::slh
