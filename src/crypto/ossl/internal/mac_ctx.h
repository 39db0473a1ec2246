// Keyed EVP_MAC contexts, shared by the HMAC, CMAC and KDF-PRF wrappers.
#pragma once

#include "core/result.h"
#include "core/secure_memory.h"
#include "crypto/ossl/internal/handles.h"

namespace craton::crypto::ossl {

// A new context of the EVP_MAC `mac_name` (fetched once per process,
// fetched_mac), keyed with `key` and one string parameter such as
// OSSL_MAC_PARAM_DIGEST = "SHA256" or OSSL_MAC_PARAM_CIPHER = "AES-128-CBC".
// An empty key is allowed (OpenSSL reads a NULL key as "keep the previous
// one", so a non-null pointer is passed). Errors: CKR_MECHANISM_INVALID if
// the MAC is unavailable, CKR_HOST_MEMORY, CKR_FUNCTION_FAILED.
Result<EvpMacCtxPtr> new_keyed_mac_ctx(const char* mac_name, const char* param_name, const char* param_value,
                                       ByteView key);

}  // namespace craton::crypto::ossl
