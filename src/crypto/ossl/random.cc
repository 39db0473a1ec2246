#include "crypto/random.h"

#include "crypto/drbg.h"

namespace craton::crypto {

// Every random bit the module hands out comes from the approved DRBG
// (drbg.cc): the calling thread's HMAC_DRBG instance, with prediction
// resistance and the continuous health test.
Status random_bytes(MutableByteView out) { return drbg_generate(out); }

}  // namespace craton::crypto
