// The crypto backend seam: process-wide set-up of the OpenSSL library
// context. Everything cryptographic above this layer goes through the
// headers in crypto/.
#pragma once

#include <string>

#include "core/result.h"

namespace craton::crypto {

struct BackendOptions {
  bool use_fips_provider = false;  // algorithms.crypto_backend = "openssl-fips"
};

// Loads the providers. Safe to call again after shutdown(); `message` gets
// a clear reason on failure (for example: FIPS provider not installed).
Status init(const BackendOptions& options, std::string* message);
void shutdown();

// The DRBG OpenSSL itself draws from inside our library context (RSA and
// EC key generation, ECDSA nonces, PSS salts): mechanism name and digest,
// e.g. "HMAC-DRBG" / "SHA2-256". Empty strings before init().
struct InternalDrbgInfo {
  std::string mechanism;
  std::string digest;
};
InternalDrbgInfo internal_drbg_info();

}  // namespace craton::crypto
