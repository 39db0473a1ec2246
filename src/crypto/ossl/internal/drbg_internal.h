// Between the DRBG (drbg.cc) and the library context (libctx.cc).
#pragma once

namespace craton::crypto::ossl {

// Frees every thread's DRBG instance. crypto::shutdown() calls it before it
// frees the library context those instances were made in; each thread makes
// a new instance on its next request.
void drbg_release_all();

// True while the library context runs on OpenSSL's FIPS provider
// (crypto_backend = "openssl-fips"): the DRBG is then the provider's
// validated HMAC-DRBG; otherwise drbg.cc uses its own HMAC_DRBG core.
bool fips_provider_active();

}  // namespace craton::crypto::ossl
