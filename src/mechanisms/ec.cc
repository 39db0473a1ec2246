// EC family (NIST P-256, P-384, P-521): key-pair generation, the CKK_EC
// import check and PKCS#8 codec, plus the ECDSA (ecdsa.cc) and ECDH
// (ecdh.cc) rows.
#include "mechanisms/ec_common.h"
#include "mechanisms/families.h"
#include "mechanisms/registry.h"

namespace craton::mech {
namespace {
using namespace ec;

Result<KeyPairMaterial> generate_pair(const MechContext& ctx, const objects::AttributeMap& pub,
                                      const objects::AttributeMap& priv) {
  TRY_STATUS(require_no_param(*ctx.mechanism));
  TRY_ASSIGN(ByteView params, keygen_ec_params(pub, priv, CKK_EC));
  TRY_ASSIGN(CurveId id, parse_ec_params(params));
  if (id.kind != CurveKind::kWeierstrass) return err(CKR_CURVE_NOT_SUPPORTED);
  TRY_ASSIGN(crypto::EcKeyPairBytes kp, crypto::ec_generate(id.ec));
  return ec_key_pair_material(CKK_EC, params, kp.point, kp.public_key_info, std::move(kp.scalar));
}

// Big-endian scalar, left-padded (or stripped of leading zeros) to `len`.
SecureBytes fixed_length(ByteView scalar, std::size_t len) {
  std::size_t off = 0;
  while (off < scalar.size() && scalar[off] == 0) ++off;
  SecureBytes out(len);
  const std::size_t n = scalar.size() - off;  // <= len, checked by the key builder
  std::copy(scalar.begin() + static_cast<std::ptrdiff_t>(off), scalar.end(), out.end() - static_cast<std::ptrdiff_t>(n));
  return out;
}

// C_CreateObject / C_UnwrapKey: CKA_EC_PARAMS must name a supported curve,
// a public point must lie on it (stored as a DER OCTET STRING), a private
// scalar must be in [1, n-1] (stored at the curve's byte length). Both get
// CKA_PUBLIC_KEY_INFO.
Status check_import(CK_OBJECT_CLASS cls, objects::AttributeMap& attrs) {
  if (cls != CKO_PUBLIC_KEY && cls != CKO_PRIVATE_KEY) return Status::ok();
  TRY_ASSIGN(CurveId id, import_curve(attrs, CurveKind::kWeierstrass));
  if (cls == CKO_PUBLIC_KEY) {
    if (!attrs.has(CKA_EC_POINT)) return err(CKR_TEMPLATE_INCOMPLETE);
    auto point = unwrap_point(attrs.view(CKA_EC_POINT), crypto::ec_point_bytes(id.ec));
    if (!point) return err(CKR_ATTRIBUTE_VALUE_INVALID);
    auto key = crypto::ec_public_key(id.ec, *point);
    if (!key) return err(CKR_ATTRIBUTE_VALUE_INVALID);
    const Bytes der = der_octet_string(*point);
    attrs.set(CKA_EC_POINT, der);
    TRY_ASSIGN(Bytes spki, crypto::ec_public_key_info(**key));
    return apply_public_key_info(attrs, spki);
  }
  if (!attrs.has(CKA_VALUE)) return err(CKR_TEMPLATE_INCOMPLETE);
  const ByteView value = attrs.view(CKA_VALUE);
  auto key = crypto::ec_private_key(id.ec, value);
  if (!key) return err(CKR_ATTRIBUTE_VALUE_INVALID);
  TRY_ASSIGN(Bytes spki, crypto::ec_public_key_info(**key));
  SecureBytes normalised = fixed_length(value, crypto::ec_field_bytes(id.ec));
  attrs.set(CKA_VALUE, std::move(normalised));
  return apply_public_key_info(attrs, spki);
}

Result<SecureBytes> encode_pkcs8(const objects::ObjectData& key) {
  if (key.object_class() != CKO_PRIVATE_KEY) return err(CKR_KEY_TYPE_INCONSISTENT);
  TRY_ASSIGN(crypto::EcKeyRef parsed, ec_key_for(key));
  return crypto::ec_encode_pkcs8(*parsed);
}

Result<objects::AttributeMap> decode_pkcs8(ByteView der) {
  TRY_ASSIGN(crypto::EcPrivateBytes decoded, crypto::ec_decode_pkcs8(der));
  objects::AttributeMap attrs;
  attrs.set_ulong(CKA_KEY_TYPE, CKK_EC);
  attrs.set(CKA_EC_PARAMS, ec_params_der(CurveId{CurveKind::kWeierstrass, decoded.curve, {}}));
  attrs.set(CKA_VALUE, std::move(decoded.scalar));
  return attrs;
}

}  // namespace

void register_ec(Registry& r) {
  MechanismEntry gen;
  gen.type = CKM_EC_KEY_PAIR_GEN;  // == CKM_ECDSA_KEY_PAIR_GEN
  gen.name = "CKM_EC_KEY_PAIR_GEN";
  gen.min_key_size = 256;
  gen.max_key_size = 521;
  gen.flags = CKF_GENERATE_KEY_PAIR | kEcInfoFlags;
  gen.fips_approved = true;
  gen.generate_key_pair = generate_pair;
  r.add(gen);
  add_ecdsa_rows(r);
  add_ecdh_rows(r);
  add_private_key_codec(PrivateKeyCodec{CKK_EC, encode_pkcs8, decode_pkcs8});
  add_key_import_check(KeyImportCheck{CKK_EC, check_import});
}

}  // namespace craton::mech
