// The X25519 function of RFC 7748 section 5 as a building block for hybrid
// KEMs (X-Wing). Keys are the OkpKey of crypto/edwards.h (okp_private_key
// with OkpCurve::kX25519 builds the EVP_PKEY and the public key once).
//
// Unlike xdh_derive (CKM_ECDH1_DERIVE), this does not reject a low-order
// peer point: X25519(k, u) is a total function, and X-Wing
// (draft-connolly-cfrg-xwing-kem, section 4 and appendix B.2) feeds its
// output, all-zero or not, into the combiner.
#pragma once

#include <cstddef>

#include "core/result.h"
#include "core/secure_memory.h"
#include "crypto/edwards.h"

namespace craton::crypto {

inline constexpr std::size_t kX25519Bytes = 32;

// out = X25519(private_key.scalar, u). `u` and `out` are 32 bytes
// (CKR_ARGUMENTS_BAD otherwise); CKR_KEY_TYPE_INCONSISTENT unless the key
// is an X25519 private key.
Status x25519(const OkpKey& private_key, ByteView u, MutableByteView out);

}  // namespace craton::crypto
