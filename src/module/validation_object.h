// The token's CKO_VALIDATION object (PKCS#11 3.2): what validation the
// module claims, and which C_GetSessionValidationFlags bit stands for it.
// Craton HSM has no certificate, so the object says exactly that: FIPS 140-3
// level 1 is the design target, no authority, no certificate identifier.
#pragma once

#include "craton/pkcs11/pkcs11.h"
#include "objects/attribute_map.h"

namespace craton::module {

// Owner recorded for objects the module publishes itself: not a session
// (so no session close removes them) and not a stored token object (so no
// store reload or C_InitToken removes them).
inline constexpr CK_SESSION_HANDLE kModuleOwnedObject = ~CK_SESSION_HANDLE{0};

// The bit set in CKS_LAST_VALIDATION_OK flags after an approved operation;
// also the object's CKA_VALIDATION_FLAG.
inline constexpr CK_FLAGS kApprovedIndicator = 0x1;

objects::AttributeMap validation_object_attributes(CK_SLOT_ID slot);

}  // namespace craton::module
