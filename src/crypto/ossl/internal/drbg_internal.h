// Between the DRBG (drbg.cc) and the library context (libctx.cc).
#pragma once

namespace craton::crypto::ossl {

// Frees every thread's DRBG instance. crypto::shutdown() calls it before it
// frees the library context those instances were made in; each thread makes
// a new instance on its next request.
void drbg_release_all();

}  // namespace craton::crypto::ossl
