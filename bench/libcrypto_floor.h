// The libcrypto floor: the same primitives straight on OpenSSL 3 EVP, the
// straightforward way an application does them: a fresh context per
// operation (EVP_MD_CTX / EVP_PKEY_CTX / EVP_CIPHER_CTX / EVP_MAC_CTX) on a
// key parsed once and algorithms fetched once. No object store, no PKCS#11.
#pragma once

#include <memory>
#include <string>

#include "runner.h"

namespace bench {

// Throws NotAvailable when libcrypto has no equivalent (sessions, object
// search, ML-KEM / ML-DSA on OpenSSL 3.0).
std::unique_ptr<Runner> make_floor_runner(const std::string& base);

}  // namespace bench
