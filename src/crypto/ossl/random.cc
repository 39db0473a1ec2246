#include "crypto/random.h"

#include "crypto/drbg.h"

namespace craton::crypto {

// Every random bit the module hands out comes from the approved DRBG
// (drbg.cc): the calling thread's HMAC_DRBG instance, with the continuous
// health test; key material with prediction resistance.
Status random_bytes(MutableByteView out) { return drbg_generate(out, false); }
Status random_bytes_for_key(MutableByteView out) { return drbg_generate(out, true); }

}  // namespace craton::crypto
