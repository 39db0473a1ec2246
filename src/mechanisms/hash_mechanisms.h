// Mapping between PKCS#11 digest mechanisms (CKM_SHA256 ...) and the crypto
// layer's HashAlg, shared by every family that takes a hash parameter.
#pragma once

#include <optional>

#include "crypto/hash.h"
#include "craton/pkcs11/pkcs11t.h"

namespace craton::mech {

std::optional<crypto::HashAlg> hash_for_digest_mechanism(CK_MECHANISM_TYPE type);
// CKG_MGF1_SHA256 ... -> HashAlg
std::optional<crypto::HashAlg> hash_for_mgf(CK_RSA_PKCS_MGF_TYPE mgf);

}  // namespace craton::mech
