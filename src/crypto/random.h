// Random bits for keys, IVs, nonces and salts. Every consumer uses this one
// function so the DRBG behind it can be swapped in one place.
#pragma once

#include "core/result.h"
#include "core/secure_memory.h"

namespace craton::crypto {

// IVs, nonces, salts, C_GenerateRandom: from the DRBG's current state.
Status random_bytes(MutableByteView out);

// Secret and private key material: the DRBG reseeds from fresh entropy first
// (SP 800-90A prediction resistance).
Status random_bytes_for_key(MutableByteView out);

}  // namespace craton::crypto
