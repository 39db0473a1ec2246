#include "module/approved_mode.h"

#include <algorithm>

namespace craton::module {
namespace {

bool approved_only(const Module& m) { return m.config().fips_approved_only; }

// The NIST post-quantum families (FIPS 203/204/205). X-Wing is not among
// them: it combines ML-KEM with X25519, which is not approved either.
bool is_pqc_mechanism(CK_MECHANISM_TYPE type) {
  switch (type) {
    case CKM_ML_KEM_KEY_PAIR_GEN: case CKM_ML_KEM:
    case CKM_ML_DSA_KEY_PAIR_GEN: case CKM_ML_DSA: case CKM_HASH_ML_DSA:
    case CKM_HASH_ML_DSA_SHA224: case CKM_HASH_ML_DSA_SHA256: case CKM_HASH_ML_DSA_SHA384:
    case CKM_HASH_ML_DSA_SHA512: case CKM_HASH_ML_DSA_SHA3_224: case CKM_HASH_ML_DSA_SHA3_256:
    case CKM_HASH_ML_DSA_SHA3_384: case CKM_HASH_ML_DSA_SHA3_512: case CKM_HASH_ML_DSA_SHAKE128:
    case CKM_HASH_ML_DSA_SHAKE256:
    case CKM_SLH_DSA_KEY_PAIR_GEN: case CKM_SLH_DSA: case CKM_HASH_SLH_DSA:
    case CKM_HASH_SLH_DSA_SHA224: case CKM_HASH_SLH_DSA_SHA256: case CKM_HASH_SLH_DSA_SHA384:
    case CKM_HASH_SLH_DSA_SHA512: case CKM_HASH_SLH_DSA_SHA3_224: case CKM_HASH_SLH_DSA_SHA3_256:
    case CKM_HASH_SLH_DSA_SHA3_384: case CKM_HASH_SLH_DSA_SHA3_512: case CKM_HASH_SLH_DSA_SHAKE128:
    case CKM_HASH_SLH_DSA_SHAKE256: return true;
    default: return false;
  }
}

// algorithms.allow_non_approved_pqc: offered in approved-only mode, while
// the entry stays fips_approved = false (indicator and audit say so).
bool pqc_allowed(const Module& m, const mech::MechanismEntry& e) {
  return m.config().allow_non_approved_pqc && is_pqc_mechanism(e.type);
}

// DER of the approved named curves (P-256, P-384, P-521) and Edwards curves.
bool approved_curve(ByteView params) {
  static const std::uint8_t kP256[] = {0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07};
  static const std::uint8_t kP384[] = {0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x22};
  static const std::uint8_t kP521[] = {0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x23};
  for (ByteView want : {ByteView(kP256), ByteView(kP384), ByteView(kP521)})
    if (std::equal(params.begin(), params.end(), want.begin(), want.end())) return true;
  return false;
}

constexpr CK_ULONG kMinRsaBits = 2048;   // SP 800-131A
constexpr std::size_t kMinHmacKeyBytes = 14;  // 112 bits, SP 800-131A

}  // namespace

bool mechanism_offered(const Module& m, const mech::MechanismEntry& e) {
  return !approved_only(m) || e.fips_approved || e.fips_verify_only || pqc_allowed(m, e);
}

CK_FLAGS offered_flags(const Module& m, const mech::MechanismEntry& e) {
  if (approved_only(m) && !e.fips_approved && e.fips_verify_only) return e.flags & CKF_VERIFY;
  return e.flags;
}

Status check_approved_use(const Module& m, const mech::MechanismEntry& e, CK_ATTRIBUTE_TYPE usage) {
  if (!approved_only(m) || e.fips_approved || pqc_allowed(m, e)) return Status::ok();
  if (e.fips_verify_only && usage == CKA_VERIFY) return Status::ok();
  return err(CKR_MECHANISM_INVALID);
}

Status check_approved_key(const Module& m, const objects::AttributeMap& key) {
  if (!approved_only(m)) return Status::ok();
  switch (key.get_ulong(CKA_KEY_TYPE).value_or(CK_UNAVAILABLE_INFORMATION)) {
    case CKK_RSA: {
      const std::size_t modulus = key.view(CKA_MODULUS).size();
      std::size_t leading_zero = 0;
      while (leading_zero < modulus && key.view(CKA_MODULUS)[leading_zero] == 0) ++leading_zero;
      if ((modulus - leading_zero) * 8 < kMinRsaBits) return err(CKR_KEY_SIZE_RANGE);
      return Status::ok();
    }
    case CKK_EC:
      if (!approved_curve(key.view(CKA_EC_PARAMS))) return err(CKR_KEY_SIZE_RANGE);
      return Status::ok();
    case CKK_GENERIC_SECRET:
      if (key.has(CKA_VALUE) && key.view(CKA_VALUE).size() < kMinHmacKeyBytes) return err(CKR_KEY_SIZE_RANGE);
      return Status::ok();
    default: return Status::ok();
  }
}

Status check_key_transport(const Module& m, CK_MECHANISM_TYPE mechanism) {
  if (!approved_only(m)) return Status::ok();
  if (mechanism == CKM_AES_KEY_WRAP || mechanism == CKM_AES_KEY_WRAP_KWP) return Status::ok();
  return err(CKR_MECHANISM_INVALID);
}

Status check_approved_generation(const Module& m, const objects::AttributeMap& tmpl) {
  if (!approved_only(m)) return Status::ok();
  if (auto bits = tmpl.get_ulong(CKA_MODULUS_BITS); bits && *bits < kMinRsaBits) return err(CKR_KEY_SIZE_RANGE);
  if (tmpl.has(CKA_EC_PARAMS) && !approved_curve(tmpl.view(CKA_EC_PARAMS))) {
    // Edwards curves (Ed25519/Ed448) are approved for EdDSA (FIPS 186-5).
    static const std::uint8_t kEd25519[] = {0x06, 0x03, 0x2b, 0x65, 0x70};
    static const std::uint8_t kEd448[] = {0x06, 0x03, 0x2b, 0x65, 0x71};
    ByteView p = tmpl.view(CKA_EC_PARAMS);
    bool edwards = std::equal(p.begin(), p.end(), std::begin(kEd25519), std::end(kEd25519)) ||
                   std::equal(p.begin(), p.end(), std::begin(kEd448), std::end(kEd448));
    if (!edwards) return err(CKR_KEY_SIZE_RANGE);
  }
  if (auto len = tmpl.get_ulong(CKA_VALUE_LEN);
      len && tmpl.get_ulong(CKA_KEY_TYPE).value_or(CKK_GENERIC_SECRET) == CKK_GENERIC_SECRET && *len < kMinHmacKeyBytes)
    return err(CKR_KEY_SIZE_RANGE);
  return Status::ok();
}

}  // namespace craton::module
