// RSA key objects: parsing (once per snapshot), import checks, PKCS#8 and
// CKM_RSA_PKCS_KEY_PAIR_GEN.
#include "mechanisms/rsa_internal.h"

namespace craton::mech::rsa {
namespace {

using objects::AttributeMap;

crypto::RsaComponents components_of(const AttributeMap& a) {
  crypto::RsaComponents c;
  c.n = a.view(CKA_MODULUS);
  c.e = a.view(CKA_PUBLIC_EXPONENT);
  c.d = a.view(CKA_PRIVATE_EXPONENT);
  c.p = a.view(CKA_PRIME_1);
  c.q = a.view(CKA_PRIME_2);
  c.dp = a.view(CKA_EXPONENT_1);
  c.dq = a.view(CKA_EXPONENT_2);
  c.qinv = a.view(CKA_COEFFICIENT);
  return c;
}

Result<crypto::PkeyRef> build_pkey(const AttributeMap& attrs, CK_OBJECT_CLASS cls) {
  if (cls == CKO_PUBLIC_KEY) return crypto::rsa_public_key(attrs.view(CKA_MODULUS), attrs.view(CKA_PUBLIC_EXPONENT));
  if (cls == CKO_PRIVATE_KEY) return crypto::rsa_private_key(components_of(attrs));
  return err(CKR_KEY_TYPE_INCONSISTENT);
}

// Modulus size for import, and a public exponent that is odd, > 1 and < n.
Status check_public_numbers(const AttributeMap& attrs) {
  const std::size_t bits = bit_length(attrs.view(CKA_MODULUS));
  if (bits < kMinBits || bits > kMaxImportBits) return err(CKR_ATTRIBUTE_VALUE_INVALID);
  const ByteView e = strip_leading_zeros(attrs.view(CKA_PUBLIC_EXPONENT));
  if (e.empty() || (e.back() & 1) == 0 || (e.size() == 1 && e[0] == 1) || bit_length(e) >= bits)
    return err(CKR_ATTRIBUTE_VALUE_INVALID);
  return Status::ok();
}

Status check_public(AttributeMap& attrs) {
  if (!attrs.has(CKA_MODULUS) || !attrs.has(CKA_PUBLIC_EXPONENT)) return err(CKR_TEMPLATE_INCOMPLETE);
  TRY_STATUS(check_public_numbers(attrs));
  TRY_ASSIGN(crypto::PkeyRef key, build_pkey(attrs, CKO_PUBLIC_KEY));
  const CK_ULONG bits = crypto::rsa_bits(*key);
  TRY_ASSIGN(std::optional<CK_ULONG> given, attrs.get_ulong_checked(CKA_MODULUS_BITS));
  if (given && *given != bits) return err(CKR_TEMPLATE_INCONSISTENT);
  attrs.set_ulong(CKA_MODULUS_BITS, bits);
  return Status::ok();
}

Status check_private(const AttributeMap& attrs) {
  if (!attrs.has(CKA_MODULUS) || !attrs.has(CKA_PRIVATE_EXPONENT)) return err(CKR_TEMPLATE_INCOMPLETE);
  // Without e OpenSSL cannot blind the private operation: we require it.
  if (!attrs.has(CKA_PUBLIC_EXPONENT)) return err(CKR_TEMPLATE_INCOMPLETE);
  TRY_STATUS(check_public_numbers(attrs));
  auto key = build_pkey(attrs, CKO_PRIVATE_KEY);
  if (!key.is_ok()) return err(CKR_ATTRIBUTE_VALUE_INVALID);
  // Components that disagree would sign garbage later: refuse them now.
  if (!crypto::rsa_pairwise_check(**key).is_ok()) return err(CKR_ATTRIBUTE_VALUE_INVALID);
  return Status::ok();
}

void set_bytes(AttributeMap& m, CK_ATTRIBUTE_TYPE t, ByteView v) {
  if (!v.empty()) m.set(t, v);
}

// Accepts CKA_PUBLIC_EXPONENT as given (leading zeros allowed); returns it
// without them. Odd, at least 3, at most 256 bits (FIPS 186-5 bound).
Result<Bytes> public_exponent_of(const AttributeMap& tmpl) {
  static const Bytes kF4 = {0x01, 0x00, 0x01};
  if (!tmpl.has(CKA_PUBLIC_EXPONENT)) return kF4;
  const ByteView e = strip_leading_zeros(tmpl.view(CKA_PUBLIC_EXPONENT));
  if (e.empty() || (e.back() & 1) == 0 || (e.size() == 1 && e[0] < 3) || e.size() > 32)
    return err(CKR_ATTRIBUTE_VALUE_INVALID);
  return Bytes(e.begin(), e.end());
}

}  // namespace

Result<crypto::PkeyRef> cached_pkey(const objects::ObjectData& key) {
  return key.cache.get_or_build<crypto::Pkey>(
      [&key]() -> Result<std::shared_ptr<const crypto::Pkey>> { return build_pkey(key.attrs, key.object_class()); });
}

Result<UsableKey> usable_key(const KeyRef& key, CK_OBJECT_CLASS cls, KeyErrors errors) {
  if (key == nullptr) return err(CKR_KEY_HANDLE_INVALID);
  if (key->key_type() != CKK_RSA || key->object_class() != cls) return err(errors.type);
  TRY_ASSIGN(crypto::PkeyRef pkey, cached_pkey(*key));
  const std::size_t bits = crypto::rsa_bits(*pkey);
  if (bits < kMinBits || bits > kMaxBits) return err(errors.size);
  UsableKey out{key, std::move(pkey), strip_leading_zeros(key->attrs.view(CKA_MODULUS))};
  if (out.k() != (bits + 7) / 8) return err(errors.type);
  return out;
}

Status check_import(CK_OBJECT_CLASS cls, AttributeMap& attrs) {
  if (cls == CKO_PUBLIC_KEY) return check_public(attrs);
  if (cls == CKO_PRIVATE_KEY) return check_private(attrs);
  return Status::ok();
}

Result<SecureBytes> encode_pkcs8(const objects::ObjectData& key) {
  if (key.key_type() != CKK_RSA || key.object_class() != CKO_PRIVATE_KEY) return err(CKR_KEY_TYPE_INCONSISTENT);
  TRY_ASSIGN(crypto::PkeyRef pkey, cached_pkey(key));
  return crypto::rsa_encode_pkcs8(*pkey);
}

Result<AttributeMap> decode_pkcs8(ByteView der) {
  TRY_ASSIGN(crypto::PkeyRef pkey, crypto::rsa_decode_pkcs8(der));
  auto material = crypto::rsa_export_private(*pkey);
  if (!material.is_ok()) return err(CKR_WRAPPED_KEY_INVALID);
  const crypto::RsaKeyMaterial& m = *material;
  AttributeMap out;
  out.set_ulong(CKA_KEY_TYPE, CKK_RSA);
  out.set(CKA_MODULUS, m.n);
  out.set(CKA_PUBLIC_EXPONENT, m.e);
  out.set(CKA_PRIVATE_EXPONENT, m.d.view());
  set_bytes(out, CKA_PRIME_1, m.p.view());
  set_bytes(out, CKA_PRIME_2, m.q.view());
  set_bytes(out, CKA_EXPONENT_1, m.dp.view());
  set_bytes(out, CKA_EXPONENT_2, m.dq.view());
  set_bytes(out, CKA_COEFFICIENT, m.qinv.view());
  return out;
}

Result<KeyPairMaterial> generate_key_pair(const MechContext& ctx, const AttributeMap& pub_tmpl,
                                          const AttributeMap&) {
  TRY_STATUS(require_no_param(*ctx.mechanism));
  TRY_ASSIGN(std::optional<CK_ULONG> bits, pub_tmpl.get_ulong_checked(CKA_MODULUS_BITS));
  if (!bits) return err(CKR_TEMPLATE_INCOMPLETE);
  if (*bits < kMinBits || *bits > kMaxBits || *bits % 8 != 0) return err(CKR_KEY_SIZE_RANGE);
  TRY_ASSIGN(Bytes e, public_exponent_of(pub_tmpl));
  TRY_ASSIGN(crypto::RsaKeyMaterial m, crypto::rsa_generate(*bits, e));

  KeyPairMaterial out;
  AttributeMap& pub = out.public_attrs;
  pub.set_ulong(CKA_CLASS, CKO_PUBLIC_KEY);
  pub.set_ulong(CKA_KEY_TYPE, CKK_RSA);
  pub.set(CKA_MODULUS, m.n);
  pub.set(CKA_PUBLIC_EXPONENT, m.e);
  pub.set_ulong(CKA_MODULUS_BITS, *bits);

  AttributeMap& priv = out.private_attrs;
  priv.set_ulong(CKA_CLASS, CKO_PRIVATE_KEY);
  priv.set_ulong(CKA_KEY_TYPE, CKK_RSA);
  priv.set(CKA_MODULUS, m.n);
  priv.set(CKA_PUBLIC_EXPONENT, m.e);
  priv.set(CKA_PRIVATE_EXPONENT, std::move(m.d));
  priv.set(CKA_PRIME_1, std::move(m.p));
  priv.set(CKA_PRIME_2, std::move(m.q));
  priv.set(CKA_EXPONENT_1, std::move(m.dp));
  priv.set(CKA_EXPONENT_2, std::move(m.dq));
  priv.set(CKA_COEFFICIENT, std::move(m.qinv));
  return out;
}

}  // namespace craton::mech::rsa
