// Edwards (Ed25519, Ed448) and Montgomery (X25519, X448) family: key-pair
// generation, import checks and PKCS#8 codecs for CKK_EC_EDWARDS and
// CKK_EC_MONTGOMERY, plus the CKM_EDDSA rows (eddsa.cc). X25519/X448 key
// agreement is CKM_ECDH1_DERIVE (ecdh.cc).
#include "mechanisms/ec_common.h"
#include "mechanisms/families.h"
#include "mechanisms/registry.h"

namespace craton::mech {
namespace {
using namespace ec;

CurveKind kind_of(CK_KEY_TYPE key_type) {
  return key_type == CKK_EC_EDWARDS ? CurveKind::kEdwards : CurveKind::kMontgomery;
}

Result<KeyPairMaterial> generate(const MechContext& ctx, const objects::AttributeMap& pub,
                                 const objects::AttributeMap& priv, CK_KEY_TYPE key_type) {
  TRY_STATUS(require_no_param(*ctx.mechanism));
  TRY_ASSIGN(ByteView params, keygen_ec_params(pub, priv, key_type));
  TRY_ASSIGN(CurveId id, parse_ec_params(params));
  if (id.kind != kind_of(key_type)) return err(CKR_CURVE_NOT_SUPPORTED);
  TRY_ASSIGN(crypto::OkpKeyPairBytes kp, crypto::okp_generate(id.okp));
  return ec_key_pair_material(key_type, params, kp.public_key, kp.public_key_info, std::move(kp.private_key));
}

Result<KeyPairMaterial> generate_edwards(const MechContext& ctx, const objects::AttributeMap& pub,
                                         const objects::AttributeMap& priv) {
  return generate(ctx, pub, priv, CKK_EC_EDWARDS);
}

Result<KeyPairMaterial> generate_montgomery(const MechContext& ctx, const objects::AttributeMap& pub,
                                            const objects::AttributeMap& priv) {
  return generate(ctx, pub, priv, CKK_EC_MONTGOMERY);
}

// Public: CKA_EC_POINT raw or DER, stored as DER; an Edwards point must
// decode. Private: CKA_VALUE of the curve's raw private-key length. Both
// get CKA_PUBLIC_KEY_INFO.
Status check_import(CK_OBJECT_CLASS cls, objects::AttributeMap& attrs, CK_KEY_TYPE key_type) {
  if (cls != CKO_PUBLIC_KEY && cls != CKO_PRIVATE_KEY) return Status::ok();
  TRY_ASSIGN(CurveId id, import_curve(attrs, kind_of(key_type)));
  if (cls == CKO_PUBLIC_KEY) {
    if (!attrs.has(CKA_EC_POINT)) return err(CKR_TEMPLATE_INCOMPLETE);
    auto raw = unwrap_point(attrs.view(CKA_EC_POINT), crypto::okp_public_bytes(id.okp));
    if (!raw) return err(CKR_ATTRIBUTE_VALUE_INVALID);
    auto key = crypto::okp_public_key(id.okp, *raw);
    if (!key) return err(CKR_ATTRIBUTE_VALUE_INVALID);
    const Bytes der = der_octet_string(*raw);
    attrs.set(CKA_EC_POINT, der);
    TRY_ASSIGN(Bytes spki, crypto::okp_public_key_info(**key));
    return apply_public_key_info(attrs, spki);
  }
  if (!attrs.has(CKA_VALUE)) return err(CKR_TEMPLATE_INCOMPLETE);
  auto key = crypto::okp_private_key(id.okp, attrs.view(CKA_VALUE));
  if (!key) return err(CKR_ATTRIBUTE_VALUE_INVALID);
  TRY_ASSIGN(Bytes spki, crypto::okp_public_key_info(**key));
  return apply_public_key_info(attrs, spki);
}

Status check_edwards(CK_OBJECT_CLASS cls, objects::AttributeMap& attrs) {
  return check_import(cls, attrs, CKK_EC_EDWARDS);
}
Status check_montgomery(CK_OBJECT_CLASS cls, objects::AttributeMap& attrs) {
  return check_import(cls, attrs, CKK_EC_MONTGOMERY);
}

Result<SecureBytes> encode_pkcs8(const objects::ObjectData& key) {
  if (key.object_class() != CKO_PRIVATE_KEY) return err(CKR_KEY_TYPE_INCONSISTENT);
  TRY_ASSIGN(crypto::OkpKeyRef parsed, okp_key_for(key));
  return crypto::okp_encode_pkcs8(*parsed);
}

Result<objects::AttributeMap> decode_pkcs8(ByteView der, CK_KEY_TYPE key_type) {
  TRY_ASSIGN(crypto::OkpPrivateBytes decoded, crypto::okp_decode_pkcs8(der));
  const CurveKind kind = kind_of(key_type);
  if (crypto::okp_is_edwards(decoded.curve) != (kind == CurveKind::kEdwards)) return err(CKR_WRAPPED_KEY_INVALID);
  objects::AttributeMap attrs;
  attrs.set_ulong(CKA_KEY_TYPE, key_type);
  attrs.set(CKA_EC_PARAMS, ec_params_der(CurveId{kind, {}, decoded.curve}));
  attrs.set(CKA_VALUE, std::move(decoded.private_key));
  return attrs;
}

Result<objects::AttributeMap> decode_edwards(ByteView der) { return decode_pkcs8(der, CKK_EC_EDWARDS); }
Result<objects::AttributeMap> decode_montgomery(ByteView der) { return decode_pkcs8(der, CKK_EC_MONTGOMERY); }

MechanismEntry keygen_row(CK_MECHANISM_TYPE type, std::string_view name, GenerateKeyPairFn fn, bool approved) {
  MechanismEntry e;
  e.type = type;
  e.name = name;
  e.min_key_size = 255;
  e.max_key_size = 448;
  e.flags = CKF_GENERATE_KEY_PAIR | kOkpInfoFlags;
  e.fips_approved = approved;
  e.generate_key_pair = fn;
  return e;
}

}  // namespace

void register_edwards(Registry& r) {
  r.add(keygen_row(CKM_EC_EDWARDS_KEY_PAIR_GEN, "CKM_EC_EDWARDS_KEY_PAIR_GEN", generate_edwards, true));
  // X25519/X448 are not SP 800-56A curves.
  r.add(keygen_row(CKM_EC_MONTGOMERY_KEY_PAIR_GEN, "CKM_EC_MONTGOMERY_KEY_PAIR_GEN", generate_montgomery, false));
  add_eddsa_rows(r);
  add_private_key_codec(PrivateKeyCodec{CKK_EC_EDWARDS, encode_pkcs8, decode_edwards});
  add_private_key_codec(PrivateKeyCodec{CKK_EC_MONTGOMERY, encode_pkcs8, decode_montgomery});
  add_key_import_check(KeyImportCheck{CKK_EC_EDWARDS, check_edwards});
  add_key_import_check(KeyImportCheck{CKK_EC_MONTGOMERY, check_montgomery});
}

}  // namespace craton::mech
