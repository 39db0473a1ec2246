// Names of PKCS#11 constants for human-readable output.
#pragma once

#include <string>

#include "craton/pkcs11/pkcs11.h"

namespace craton::admin {

// "CKR_PIN_INCORRECT"; unknown values as "CKR_0x...".
std::string rv_name(CK_RV rv);
// "CKM_AES_GCM"; unknown values as "CKM_0x...".
std::string mechanism_name(CK_MECHANISM_TYPE type);

// Flag words share bit values between contexts (CKF_RNG == CKF_HW), so each
// word has its own table. Unknown bits are shown as hex.
std::string slot_flags(CK_FLAGS flags);
std::string token_flags(CK_FLAGS flags);
std::string mechanism_flags(CK_FLAGS flags);

// Fixed-width, blank-padded CK_UTF8CHAR field -> trimmed string.
std::string padded_field(const CK_UTF8CHAR* data, std::size_t size);

}  // namespace craton::admin
