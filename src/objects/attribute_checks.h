// Key-type checks the attribute tables point at: value lengths, parameter
// sets, and the CKA_CHECK_VALUE (key check value) computations. Internal to
// the objects layer.
#pragma once

#include "core/result.h"
#include "objects/attribute_map.h"

namespace craton::objects::checks {

// Secret keys: CKA_VALUE length for the key type (CKR_ATTRIBUTE_VALUE_INVALID).
Status aes_key(const AttributeMap& attrs);
Status aes_xts_key(const AttributeMap& attrs);
Status key_32_bytes(const AttributeMap& attrs);  // ChaCha20, Poly1305
Status nonempty_key(const AttributeMap& attrs);  // generic secret, HMAC, HKDF

// PQC keys: CKA_PARAMETER_SET (CKR_PARAMETER_SET_NOT_SUPPORTED) and the
// FIPS 203/204/205 sizes of CKA_VALUE / CKA_SEED (CKR_ATTRIBUTE_VALUE_INVALID).
Status ml_kem_public(const AttributeMap& attrs);
Status ml_kem_private(const AttributeMap& attrs);
Status ml_dsa_public(const AttributeMap& attrs);
Status ml_dsa_private(const AttributeMap& attrs);
Status slh_dsa_public(const AttributeMap& attrs);
Status slh_dsa_private(const AttributeMap& attrs);

// Certificates: non-empty CKA_VALUE unless CKA_URL is given; hashes present
// when CKA_URL is given; known certificate category / security domain.
Status x509_certificate(const AttributeMap& attrs);
Status wtls_certificate(const AttributeMap& attrs);
Status attribute_certificate(const AttributeMap& attrs);

// CKA_CHECK_VALUE: first 3 bytes of AES-ECB(key, 0^16) for AES; first 3
// bytes of SHA-1(CKA_VALUE) for generic secret / HMAC / HKDF keys and for
// certificates. An empty result means "nothing to compute" (empty value).
Result<SecureBytes> kcv_aes(const AttributeMap& attrs);
Result<SecureBytes> kcv_sha1(const AttributeMap& attrs);

}  // namespace craton::objects::checks
