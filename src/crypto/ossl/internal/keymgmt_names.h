// Provider key-manager names that keep OpenSSL 3.0's ENGINE layer out of
// our key building.
//
// Why: OpenSSL 3.0 maps a key-type name such as "EC" or "RSA" to a legacy
// NID inside EVP_PKEY_CTX_new_from_name and asks the ENGINE table first. In
// an application that made an engine the default (`openssl -engine pkcs11`,
// which loads this very module through libp11), that routes our keygen and
// fromdata contexts to the engine, which can't do them. The same key
// managers are also registered under their OID, and an OID string maps to
// no legacy NID, so the context comes straight from our library context's
// provider.
#pragma once

namespace craton::crypto::ossl {

// The OID alias of the provider key manager for `key_type` ("RSA", "EC",
// "ED25519", "ED448", "X25519", "X448"); other names are returned as given.
const char* keymgmt_name(const char* key_type);

}  // namespace craton::crypto::ossl
