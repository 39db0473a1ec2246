// Random bits for keys, IVs, nonces and salts. Every consumer uses this one
// function so the DRBG behind it can be swapped in one place.
#pragma once

#include "core/result.h"
#include "core/secure_memory.h"

namespace craton::crypto {

Status random_bytes(MutableByteView out);

}  // namespace craton::crypto
