// The RSA private exponent from the public exponent and the primes, for
// keys given in CRT form only (p, q, dP, dQ, qInv without d), as ACVP's
// "crt" key mode and some imports provide them.
#pragma once

#include "core/result.h"
#include "core/secure_memory.h"

namespace craton::crypto {

// d = e^-1 mod lcm(p - 1, q - 1) (FIPS 186-5 A.1.1), big-endian without
// leading zeros. CKR_ATTRIBUTE_VALUE_INVALID when e has no inverse.
Result<SecureBytes> rsa_private_exponent(ByteView e, ByteView p, ByteView q);

}  // namespace craton::crypto
