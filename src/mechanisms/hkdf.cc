// HKDF mechanisms (PKCS#11 3.0 section "HKDF"): CKM_HKDF_DERIVE derives a
// key, CKM_HKDF_DATA the value of a data object (same parameters, same
// bytes: the module builds the object), CKM_HKDF_KEY_GEN makes CKK_HKDF keys.
#include <optional>

#include "crypto/kdf.h"
#include "crypto/random.h"
#include "mechanisms/hash_mechanisms.h"
#include "mechanisms/kdf_family.h"
#include "mechanisms/registry.h"

namespace craton::mech {
namespace {

bool valid_bool(CK_BBOOL b) { return b == CK_TRUE || b == CK_FALSE; }

// The salt of HKDF-Extract: none, caller bytes, or another key's value.
// A salt key must allow derivation: otherwise HKDF with a known IKM would
// compute HMAC under that key, a use its attributes never granted.
Result<SecureBytes> resolve_salt(const MechContext& ctx, const CK_HKDF_PARAMS& p) {
  switch (p.ulSaltType) {
    case CKF_HKDF_SALT_NULL:
      return SecureBytes();
    case CKF_HKDF_SALT_DATA:
      if (p.pSalt == nullptr || p.ulSaltLen == 0) return err(CKR_MECHANISM_PARAM_INVALID);
      return SecureBytes(ByteView(p.pSalt, p.ulSaltLen));
    case CKF_HKDF_SALT_KEY: {
      if (!ctx.resolve_key) return err(CKR_MECHANISM_PARAM_INVALID);
      TRY_ASSIGN(KeyRef salt_key, ctx.resolve_key(p.hSaltKey));
      if (!salt_key) return err(CKR_KEY_HANDLE_INVALID);
      TRY_STATUS(check_hkdf_key(*salt_key));
      if (!salt_key->flag(CKA_DERIVE)) return err(CKR_KEY_FUNCTION_NOT_PERMITTED);
      return SecureBytes(salt_key->attrs.view(CKA_VALUE));
    }
    default:
      return err(CKR_MECHANISM_PARAM_INVALID);
  }
}

// Output length: extract-only yields the PRK (hash length); otherwise the
// template's length, 1 .. 255 * hash length.
Result<std::size_t> output_length(const CK_HKDF_PARAMS& p, std::size_t hash_len, std::size_t wanted_len) {
  if (!p.bExpand) {
    if (wanted_len != 0 && wanted_len != hash_len) return err(CKR_TEMPLATE_INCONSISTENT);
    return hash_len;
  }
  if (wanted_len == 0) return err(CKR_TEMPLATE_INCOMPLETE);
  if (wanted_len > 255 * hash_len) return err(CKR_KEY_SIZE_RANGE);
  return wanted_len;
}

Result<SecureBytes> hkdf_derive(const MechContext& ctx, std::size_t wanted_len) {
  TRY_ASSIGN(const CK_HKDF_PARAMS* p, param_as<CK_HKDF_PARAMS>(*ctx.mechanism));
  if (!valid_bool(p->bExtract) || !valid_bool(p->bExpand)) return err(CKR_MECHANISM_PARAM_INVALID);
  if (!p->bExtract && !p->bExpand) return err(CKR_MECHANISM_PARAM_INVALID);
  const auto alg = hash_for_digest_mechanism(p->prfHashMechanism);
  if (!alg) return err(CKR_MECHANISM_PARAM_INVALID);
  if (p->bExpand && p->ulInfoLen != 0 && p->pInfo == nullptr) return err(CKR_MECHANISM_PARAM_INVALID);
  if (!ctx.key) return err(CKR_KEY_HANDLE_INVALID);
  TRY_STATUS(check_hkdf_key(*ctx.key));
  TRY_ASSIGN(std::size_t out_len, output_length(*p, crypto::hash_size(*alg), wanted_len));

  const ByteView ikm = ctx.key->attrs.view(CKA_VALUE);
  SecureBytes prk;
  if (p->bExtract) {
    TRY_ASSIGN(SecureBytes salt, resolve_salt(ctx, *p));
    TRY_ASSIGN(prk, crypto::hkdf_extract(*alg, salt.view(), ikm));
    if (!p->bExpand) return prk;
  }
  const ByteView expand_key = p->bExtract ? prk.view() : ikm;  // expand-only: the base key is the PRK
  const ByteView info = p->ulInfoLen == 0 ? ByteView() : ByteView(p->pInfo, p->ulInfoLen);
  SecureBytes out(out_len);
  TRY_STATUS(crypto::hkdf_expand(*alg, expand_key, info, out));
  return out;
}

Result<objects::AttributeMap> generate_hkdf_key(const MechContext& ctx, const objects::AttributeMap& tmpl) {
  TRY_STATUS(require_no_param(*ctx.mechanism));
  TRY_ASSIGN(std::optional<CK_ULONG> type, tmpl.get_ulong_checked(CKA_KEY_TYPE));
  if (type && *type != CKK_HKDF && *type != CKK_GENERIC_SECRET) return err(CKR_TEMPLATE_INCONSISTENT);
  TRY_ASSIGN(SecretKeyShape shape, secret_key_shape(tmpl, CKK_HKDF));
  SecureBytes value(shape.value_len);
  TRY_STATUS(crypto::random_bytes_for_key(value));
  return secret_key_attributes(shape.key_type, std::move(value));
}

}  // namespace

void register_hkdf(Registry& r) {
  for (auto [type, name] : {std::pair<CK_MECHANISM_TYPE, std::string_view>{CKM_HKDF_DERIVE, "CKM_HKDF_DERIVE"},
                            {CKM_HKDF_DATA, "CKM_HKDF_DATA"}}) {
    MechanismEntry e;
    e.type = type;
    e.name = name;
    e.min_key_size = 1;  // base key, bytes
    e.max_key_size = kKdfMaxBaseKeyBytes;
    e.flags = CKF_DERIVE;
    e.fips_approved = true;  // SP 800-56C two-step KDF; SHA-1 PRF is the module policy's concern
    e.derive = hkdf_derive;
    r.add(e);
  }
  MechanismEntry gen;
  gen.type = CKM_HKDF_KEY_GEN;
  gen.name = "CKM_HKDF_KEY_GEN";
  gen.min_key_size = kKdfMinGeneratedBytes * 8;  // bits
  gen.max_key_size = kKdfMaxGeneratedBytes * 8;
  gen.flags = CKF_GENERATE;
  gen.fips_approved = true;
  gen.generate_key = generate_hkdf_key;
  r.add(gen);
}

}  // namespace craton::mech
