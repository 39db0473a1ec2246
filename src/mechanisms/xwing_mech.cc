// Vendor X-Wing rows (include/craton/pkcs11/craton_vendor.h):
// CKM_VENDOR_XWING_KEY_PAIR_GEN and CKM_VENDOR_XWING on CKK_VENDOR_XWING
// keys. Public CKA_VALUE is the 1216-byte encapsulation key; private
// CKA_VALUE is the 32-byte seed (the draft's decapsulation key), expanded
// once per key object into the cached XWingDecapsKey.
#include <algorithm>

#include "core/self_test_failure.h"
#include "core/test_hooks.h"
#include "craton/pkcs11/craton_vendor.h"
#include "crypto/random.h"
#include "mechanisms/ml_kem_internal.h"
#include "mechanisms/xwing.h"

namespace craton::mech::kem {
namespace {

static_assert(CKK_VENDOR_XWING == (CKK_VENDOR_DEFINED | 0x43520001UL));
static_assert(CKM_VENDOR_XWING_KEY_PAIR_GEN == (CKM_VENDOR_DEFINED | 0x43520001UL));
static_assert(CKM_VENDOR_XWING == (CKM_VENDOR_DEFINED | 0x43520002UL));

// DER of id-XWing, 1.3.6.1.4.1.62253.25722 (draft section 5.8).
constexpr std::uint8_t kXwingOid[] = {0x06, 0x0b, 0x2b, 0x06, 0x01, 0x04, 0x01, 0x83, 0xe6, 0x2d, 0x81, 0xc8, 0x7a};

Result<std::shared_ptr<const xwing::XWingEncapsKey>> encaps_key_for(const objects::ObjectData& obj) {
  if (obj.object_class() != CKO_PUBLIC_KEY || obj.key_type() != CKK_VENDOR_XWING)
    return err(CKR_KEY_TYPE_INCONSISTENT);
  return obj.cache.get_or_build<xwing::XWingEncapsKey>(
      [&]() -> Result<std::shared_ptr<const xwing::XWingEncapsKey>> {
        auto key = xwing::XWingEncapsKey::parse(obj.attrs.view(CKA_VALUE));
        if (!key) return err(CKR_KEY_TYPE_INCONSISTENT);
        return key;
      });
}

Result<std::shared_ptr<const xwing::XWingDecapsKey>> decaps_key_for(const objects::ObjectData& obj) {
  if (obj.object_class() != CKO_PRIVATE_KEY || obj.key_type() != CKK_VENDOR_XWING)
    return err(CKR_KEY_TYPE_INCONSISTENT);
  return obj.cache.get_or_build<xwing::XWingDecapsKey>(
      [&]() -> Result<std::shared_ptr<const xwing::XWingDecapsKey>> {
        auto key = xwing::XWingDecapsKey::expand(obj.attrs.view(CKA_VALUE));
        if (!key) return err(CKR_KEY_TYPE_INCONSISTENT);
        return key;
      });
}

Result<xwing::XWingEncapsulation> encaps_random(const xwing::XWingEncapsKey& key) {
  SecureBytes eseed(xwing::kEncapsSeedBytes);  // m || ek_X
  TRY_STATUS(crypto::random_bytes(eseed));
  return key.encaps(eseed.view());
}

// Pairwise consistency test, as for ML-KEM: encapsulate, decapsulate, compare.
bool pairwise_check(const xwing::XWingDecapsKey& priv) {
  auto pub = xwing::XWingEncapsKey::parse(priv.public_key());
  if (!pub) return false;
  auto enc = encaps_random(**pub);
  if (!enc) return false;
  test_hooks::corrupt_pairwise(enc->ciphertext);
  auto dec = priv.decaps(enc->ciphertext);
  return dec.is_ok() && constant_time_equal(dec->view(), enc->shared_secret.view());
}

Status pairwise_test_xwing(const xwing::XWingDecapsKey& priv) {
  if (pairwise_check(priv)) return Status::ok();
  craton::report_self_test_failure("X-Wing pairwise");
  return err(CKR_FUNCTION_FAILED);
}

Result<KeyPairMaterial> generate(const MechContext& ctx, const objects::AttributeMap& pub,
                                 const objects::AttributeMap& priv) {
  TRY_STATUS(require_no_param(*ctx.mechanism));
  TRY_STATUS(pqc_keys::check_keygen_key_type(pub, priv, CKK_VENDOR_XWING));
  SecureBytes seed(xwing::kSeedBytes);
  TRY_STATUS(crypto::random_bytes_for_key(seed));
  auto key = xwing::XWingDecapsKey::expand(seed.view());
  if (!key) return err(CKR_FUNCTION_FAILED);
  TRY_STATUS(pairwise_test_xwing(**key));
  const Bytes spki = raw_public_key_info(kXwingOid, (*key)->public_key());
  KeyPairMaterial m;
  m.public_attrs.set_ulong(CKA_CLASS, CKO_PUBLIC_KEY);
  m.public_attrs.set_ulong(CKA_KEY_TYPE, CKK_VENDOR_XWING);
  m.public_attrs.set(CKA_VALUE, (*key)->public_key());
  m.public_attrs.set(CKA_PUBLIC_KEY_INFO, spki);
  m.private_attrs.set_ulong(CKA_CLASS, CKO_PRIVATE_KEY);
  m.private_attrs.set_ulong(CKA_KEY_TYPE, CKK_VENDOR_XWING);
  m.private_attrs.set(CKA_VALUE, std::move(seed));
  m.private_attrs.set(CKA_PUBLIC_KEY_INFO, spki);
  return m;
}

// Public: 1216 bytes whose ML-KEM part passes the modulus check. Private:
// a 32-byte seed. Both get CKA_PUBLIC_KEY_INFO (id-XWing, draft 5.8).
Status check_import(CK_OBJECT_CLASS cls, objects::AttributeMap& attrs) {
  if (cls != CKO_PUBLIC_KEY && cls != CKO_PRIVATE_KEY) return Status::ok();
  const SecureBytes* value = attrs.find(CKA_VALUE);
  if (value == nullptr) return err(CKR_TEMPLATE_INCOMPLETE);
  Bytes public_key;
  if (cls == CKO_PUBLIC_KEY) {
    if (!xwing::XWingEncapsKey::parse(value->view())) return err(CKR_ATTRIBUTE_VALUE_INVALID);
    public_key.assign(value->begin(), value->end());
  } else {
    auto key = xwing::XWingDecapsKey::expand(value->view());
    if (!key) return err(CKR_ATTRIBUTE_VALUE_INVALID);
    public_key.assign((*key)->public_key().begin(), (*key)->public_key().end());
  }
  return apply_public_key_info(attrs, raw_public_key_info(kXwingOid, public_key));
}

Result<Encapsulation> encapsulate(const MechContext& ctx, MutableByteView ciphertext_out) {
  TRY_STATUS(require_no_param(*ctx.mechanism));
  TRY_ASSIGN(auto key, encaps_key_for(*ctx.key));
  if (ciphertext_out.empty()) return Encapsulation{xwing::kCiphertextBytes, {}};  // length query
  if (ciphertext_out.size() < xwing::kCiphertextBytes) return buffer_too_small(xwing::kCiphertextBytes);
  TRY_ASSIGN(xwing::XWingEncapsulation enc, encaps_random(*key));
  std::copy(enc.ciphertext.begin(), enc.ciphertext.end(), ciphertext_out.begin());
  return Encapsulation{xwing::kCiphertextBytes, std::move(enc.shared_secret)};
}

Result<SecureBytes> decapsulate(const MechContext& ctx, ByteView ciphertext) {
  TRY_STATUS(require_no_param(*ctx.mechanism));
  TRY_ASSIGN(auto key, decaps_key_for(*ctx.key));
  return key->decaps(ciphertext);
}

}  // namespace

void add_xwing_rows(Registry& r) {
  // Key sizes are encapsulation-key bytes, as for ML-KEM; fips_approved is
  // false (X25519 is not approved; nothing here is validated).
  add_kem_rows(r, KemRows{{CKM_VENDOR_XWING_KEY_PAIR_GEN, "CKM_VENDOR_XWING_KEY_PAIR_GEN"},
                          {CKM_VENDOR_XWING, "CKM_VENDOR_XWING"},
                          CKK_VENDOR_XWING,
                          xwing::kPublicKeyBytes,
                          xwing::kPublicKeyBytes,
                          generate,
                          encapsulate,
                          decapsulate,
                          check_import});
}

}  // namespace craton::mech::kem
