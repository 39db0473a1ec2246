// CKA_PUBLIC_KEY_INFO helpers shared by every asymmetric key family
// (EC, Edwards/Montgomery, ML-KEM, X-Wing, ML-DSA, SLH-DSA).
#pragma once

#include "core/result.h"
#include "core/secure_memory.h"
#include "objects/attribute_map.h"

namespace craton::mech {

// SubjectPublicKeyInfo DER with an absent-parameters AlgorithmIdentifier
// (RFC 5280) around a raw public key: ML-KEM (NIST CSOR OIDs
// 2.16.840.1.101.3.4.4.1-3, draft-ietf-lamps-kyber-certificates), ML-DSA,
// SLH-DSA and X-Wing. `oid_der` is the full DER OBJECT IDENTIFIER.
Bytes raw_public_key_info(ByteView oid_der, ByteView public_key);

// CKA_PUBLIC_KEY_INFO at import: set when absent or empty; a value the
// caller gave must equal the computed one (CKR_ATTRIBUTE_VALUE_INVALID).
Status apply_public_key_info(objects::AttributeMap& attrs, ByteView spki);

}  // namespace craton::mech
