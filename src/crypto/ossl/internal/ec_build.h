// Helpers shared by the EC and Edwards/Montgomery key code: EVP_PKEY_fromdata,
// PKCS#8 encode/decode of a whole EVP_PKEY. Included only by .cc files under
// crypto/ossl/.
#pragma once

#include "core/result.h"
#include "core/secure_memory.h"
#include "crypto/ossl/internal/handles.h"

namespace craton::crypto::ossl {

// EVP_PKEY_fromdata for `key_type` in libctx(); `fail_rv` (drained) if
// OpenSSL rejects the components.
Result<EvpPkeyPtr> ec_pkey_from_params(const char* key_type, int selection, const OSSL_PARAM* params,
                                       CK_RV fail_rv);

// SubjectPublicKeyInfo DER of a key's public part.
Result<Bytes> pkey_spki_der(const EVP_PKEY* pkey);

// PKCS#8 PrivateKeyInfo DER of a private key.
Result<SecureBytes> pkey_to_pkcs8(const EVP_PKEY* pkey);
// Parses PrivateKeyInfo DER; CKR_WRAPPED_KEY_INVALID if malformed or
// followed by trailing bytes.
Result<EvpPkeyPtr> pkey_from_pkcs8(ByteView der);

}  // namespace craton::crypto::ossl
