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

}  // namespace craton::crypto
