// HMAC helpers shared by the HMAC family and the KDFs that use HMAC as a
// PRF (SP 800-108): mechanism -> hash mapping, key checks and the per-key
// cache of keyed HMAC templates.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>

#include "core/result.h"
#include "crypto/hmac.h"
#include "craton/pkcs11/pkcs11t.h"
#include "objects/object.h"

namespace craton::mech {

// Key sizes accepted for HMAC keys, in bytes (also the mechanism-info range).
inline constexpr std::size_t kHmacMinKeyBytes = 1;
inline constexpr std::size_t kHmacMaxKeyBytes = 4096;

struct HmacMechanismInfo {
  crypto::HashAlg alg;
  bool general;               // *_HMAC_GENERAL: output length from CK_MAC_GENERAL_PARAMS
  CK_KEY_TYPE specific_type;  // CKK_SHA256_HMAC ...: accepted besides CKK_GENERIC_SECRET
};

// CKM_SHA256_HMAC, CKM_SHA256_HMAC_GENERAL ... -> info; nullopt otherwise.
std::optional<HmacMechanismInfo> hmac_mechanism_info(CK_MECHANISM_TYPE type);

// True for CKK_GENERIC_SECRET and every CKK_<hash>_HMAC key type we support.
bool is_hmac_capable_key_type(CK_KEY_TYPE type);

// Checks that `key` is a secret key usable with `info` (class, type, size):
// CKR_KEY_TYPE_INCONSISTENT or CKR_KEY_SIZE_RANGE otherwise.
Status check_hmac_key(const objects::ObjectData& key, const HmacMechanismInfo& info);

// The keyed HMAC template for this key object and hash, built once per
// object snapshot and shared by every operation on it.
Result<std::shared_ptr<const crypto::HmacKey>> cached_hmac_key(const objects::ObjectData& key,
                                                               crypto::HashAlg alg);

}  // namespace craton::mech
