#include "mechanisms/ec_common.h"

#include <algorithm>

namespace craton::mech::ec {
namespace {

Result<CurveId> curve_of(const objects::ObjectData& obj, CurveKind kind) {
  const SecureBytes* params = obj.attrs.find(CKA_EC_PARAMS);
  if (params == nullptr) return err(CKR_KEY_TYPE_INCONSISTENT);
  TRY_ASSIGN(CurveId id, parse_ec_params(params->view()));
  if (id.kind != kind) return err(CKR_KEY_TYPE_INCONSISTENT);
  return id;
}

Result<crypto::EcKeyRef> build_ec(const objects::ObjectData& obj) {
  if (obj.key_type() != CKK_EC) return err(CKR_KEY_TYPE_INCONSISTENT);
  TRY_ASSIGN(CurveId id, curve_of(obj, CurveKind::kWeierstrass));
  if (obj.object_class() == CKO_PRIVATE_KEY) {
    const SecureBytes* value = obj.attrs.find(CKA_VALUE);
    if (value == nullptr) return err(CKR_KEY_TYPE_INCONSISTENT);
    auto key = crypto::ec_private_key(id.ec, value->view());
    if (!key) return err(CKR_KEY_TYPE_INCONSISTENT);
    return key;
  }
  if (obj.object_class() != CKO_PUBLIC_KEY) return err(CKR_KEY_TYPE_INCONSISTENT);
  auto point = unwrap_point(obj.attrs.view(CKA_EC_POINT), crypto::ec_point_bytes(id.ec));
  if (!point) return err(CKR_KEY_TYPE_INCONSISTENT);
  auto key = crypto::ec_public_key(id.ec, *point);
  if (!key) return err(CKR_KEY_TYPE_INCONSISTENT);
  return key;
}

Result<crypto::OkpKeyRef> build_okp(const objects::ObjectData& obj) {
  CurveKind kind;
  if (obj.key_type() == CKK_EC_EDWARDS)
    kind = CurveKind::kEdwards;
  else if (obj.key_type() == CKK_EC_MONTGOMERY)
    kind = CurveKind::kMontgomery;
  else
    return err(CKR_KEY_TYPE_INCONSISTENT);
  TRY_ASSIGN(CurveId id, curve_of(obj, kind));
  if (obj.object_class() == CKO_PRIVATE_KEY) {
    auto key = crypto::okp_private_key(id.okp, obj.attrs.view(CKA_VALUE));
    if (!key) return err(CKR_KEY_TYPE_INCONSISTENT);
    return key;
  }
  if (obj.object_class() != CKO_PUBLIC_KEY) return err(CKR_KEY_TYPE_INCONSISTENT);
  auto raw = unwrap_point(obj.attrs.view(CKA_EC_POINT), crypto::okp_public_bytes(id.okp));
  if (!raw) return err(CKR_KEY_TYPE_INCONSISTENT);
  auto key = crypto::okp_public_key(id.okp, *raw);
  if (!key) return err(CKR_KEY_TYPE_INCONSISTENT);
  return key;
}

}  // namespace

Result<crypto::EcKeyRef> ec_key_for(const objects::ObjectData& obj) {
  return obj.cache.get_or_build<crypto::EcKey>([&obj] { return build_ec(obj); });
}

Result<crypto::OkpKeyRef> okp_key_for(const objects::ObjectData& obj) {
  return obj.cache.get_or_build<crypto::OkpKey>([&obj] { return build_okp(obj); });
}

Status require_key(const MechContext& ctx, CK_KEY_TYPE key_type, CK_OBJECT_CLASS cls, CK_OBJECT_CLASS other_cls) {
  if (!ctx.key) return err(CKR_KEY_HANDLE_INVALID);
  if (ctx.key->key_type() != key_type) return err(CKR_KEY_TYPE_INCONSISTENT);
  const CK_OBJECT_CLASS c = ctx.key->object_class();
  if (c != cls && c != other_cls) return err(CKR_KEY_TYPE_INCONSISTENT);
  return Status::ok();
}

Result<ByteView> keygen_ec_params(const objects::AttributeMap& pub, const objects::AttributeMap& priv,
                                  CK_KEY_TYPE key_type) {
  for (const objects::AttributeMap* t : {&pub, &priv}) {
    auto kt = t->get_ulong(CKA_KEY_TYPE);
    if (t->has(CKA_KEY_TYPE) && (!kt || *kt != key_type)) return err(CKR_TEMPLATE_INCONSISTENT);
  }
  const SecureBytes* params = pub.find(CKA_EC_PARAMS);
  if (params == nullptr) return err(CKR_TEMPLATE_INCOMPLETE);
  const SecureBytes* again = priv.find(CKA_EC_PARAMS);
  if (again != nullptr && !std::equal(again->begin(), again->end(), params->begin(), params->end()))
    return err(CKR_TEMPLATE_INCONSISTENT);
  return params->view();
}

Result<CurveId> import_curve(const objects::AttributeMap& attrs, CurveKind kind) {
  const SecureBytes* params = attrs.find(CKA_EC_PARAMS);
  if (params == nullptr) return err(CKR_TEMPLATE_INCOMPLETE);
  TRY_ASSIGN(CurveId id, parse_ec_params(params->view()));
  if (id.kind != kind) return err(CKR_CURVE_NOT_SUPPORTED);
  return id;
}

KeyPairMaterial ec_key_pair_material(CK_KEY_TYPE key_type, ByteView params, ByteView point, ByteView spki,
                                     SecureBytes value) {
  KeyPairMaterial m;
  m.public_attrs.set_ulong(CKA_CLASS, CKO_PUBLIC_KEY);
  m.public_attrs.set_ulong(CKA_KEY_TYPE, key_type);
  m.public_attrs.set(CKA_EC_PARAMS, params);
  m.public_attrs.set(CKA_EC_POINT, der_octet_string(point));
  m.public_attrs.set(CKA_PUBLIC_KEY_INFO, spki);
  m.private_attrs.set_ulong(CKA_CLASS, CKO_PRIVATE_KEY);
  m.private_attrs.set_ulong(CKA_KEY_TYPE, key_type);
  m.private_attrs.set(CKA_EC_PARAMS, params);
  m.private_attrs.set(CKA_VALUE, std::move(value));
  m.private_attrs.set(CKA_PUBLIC_KEY_INFO, spki);
  return m;
}

}  // namespace craton::mech::ec
