// Elliptic curves over prime fields (NIST P-256, P-384, P-521) over OpenSSL,
// without OpenSSL types: key generation and building, ECDSA on a given
// hash, ECDH, the ANSI X9.63 KDF and PKCS#8.
//
// A parsed key (EcKey) is built once per key object and shared by every
// operation on it; each call here only makes a fresh, cheap EVP_PKEY_CTX.
#pragma once

#include <cstddef>
#include <memory>

#include "core/result.h"
#include "core/secure_memory.h"
#include "crypto/hash.h"
#include "crypto/pkey.h"

namespace craton::crypto {

enum class EcCurve { kP256, kP384, kP521 };

// Bytes of a field element (and of the group order: equal for these curves).
std::size_t ec_field_bytes(EcCurve curve);
std::size_t ec_field_bits(EcCurve curve);
// Length of an uncompressed point 04 || X || Y.
inline std::size_t ec_point_bytes(EcCurve curve) { return 1 + 2 * ec_field_bytes(curve); }
// Raw r || s signature length.
inline std::size_t ecdsa_signature_bytes(EcCurve curve) { return 2 * ec_field_bytes(curve); }

struct EcKey {
  EcCurve curve;
  PkeyRef pkey;
  bool has_private = false;
};
using EcKeyRef = std::shared_ptr<const EcKey>;

// Public key from an uncompressed point. CKR_ATTRIBUTE_VALUE_INVALID if the
// encoding is wrong or the point is not on the curve (the point at infinity
// has no uncompressed encoding, so it is rejected too).
Result<EcKeyRef> ec_public_key(EcCurve curve, ByteView point);
// Private key from a big-endian scalar (leading zeros allowed); the public
// point is computed once here. CKR_ATTRIBUTE_VALUE_INVALID unless
// 1 <= scalar < order.
Result<EcKeyRef> ec_private_key(EcCurve curve, ByteView scalar);

struct EcKeyPairBytes {
  SecureBytes scalar;  // big-endian, ec_field_bytes() long
  Bytes point;         // uncompressed
  Bytes public_key_info;  // SubjectPublicKeyInfo DER (CKA_PUBLIC_KEY_INFO)
};
// Generates a key pair and runs the pairwise consistency test (an ECDSA
// signature made and verified with the new pair).
Result<EcKeyPairBytes> ec_generate(EcCurve curve);
// Uncompressed public point of a private or public key.
Result<Bytes> ec_public_point(const EcKey& key);
// SubjectPublicKeyInfo DER (id-ecPublicKey, named curve, uncompressed point).
Result<Bytes> ec_public_key_info(const EcKey& key);

// ECDSA over a caller-supplied hash of any length (truncated to the order
// as ECDSA specifies). `sig` must hold ecdsa_signature_bytes().
Status ecdsa_sign(const EcKey& key, ByteView digest, MutableByteView sig);
// CKR_OK, CKR_SIGNATURE_LEN_RANGE (wrong length) or CKR_SIGNATURE_INVALID.
Status ecdsa_verify(const EcKey& key, ByteView digest, ByteView sig);

// ECDH: the x-coordinate of d * Q, ec_field_bytes() long. The peer point is
// uncompressed; CKR_MECHANISM_PARAM_INVALID if it is malformed or off the
// curve. For these curves (cofactor 1) the cofactor variant is identical.
Result<SecureBytes> ecdh_derive(const EcKey& private_key, ByteView peer_point);

// ANSI X9.63 KDF (SEC 1 section 3.6.1): Hash(Z || counter || SharedInfo)...
Status x963_kdf(HashAlg hash, ByteView z, ByteView shared_info, MutableByteView out);

// PKCS#8 PrivateKeyInfo (id-ecPublicKey with a named curve) DER.
Result<SecureBytes> ec_encode_pkcs8(const EcKey& key);
struct EcPrivateBytes {
  EcCurve curve;
  SecureBytes scalar;  // big-endian, ec_field_bytes() long
};
// CKR_WRAPPED_KEY_INVALID for other key types, unsupported curves or
// trailing data.
Result<EcPrivateBytes> ec_decode_pkcs8(ByteView der);

}  // namespace craton::crypto
