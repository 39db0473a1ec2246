// Edwards (Ed25519, Ed448) and Montgomery (X25519, X448) curves, without
// OpenSSL types: key generation and building, EdDSA in all five RFC 8032
// instances, X25519/X448 key agreement and PKCS#8.
//
// OpenSSL 3.0 implements only pure Ed25519 and Ed448 with an empty context.
// Ed25519ctx, Ed25519ph, Ed448 with a context and Ed448ph are computed by
// this module's own Edwards-curve arithmetic (edwards_group.cc, written
// from RFC 8032), checked against the RFC 8032 and ACVP vectors and against
// OpenSSL for the pure instances.
#pragma once

#include <cstddef>
#include <memory>

#include "core/result.h"
#include "core/secure_memory.h"
#include "crypto/pkey.h"

namespace craton::crypto {

enum class OkpCurve { kEd25519, kEd448, kX25519, kX448 };

inline bool okp_is_edwards(OkpCurve c) { return c == OkpCurve::kEd25519 || c == OkpCurve::kEd448; }
// Raw private key length (RFC 8032 seed / RFC 7748 scalar): 32, 57, 32, 56.
std::size_t okp_private_bytes(OkpCurve curve);
// Raw public key length: 32, 57, 32, 56.
std::size_t okp_public_bytes(OkpCurve curve);
// Field size in bits (CK_MECHANISM_INFO key sizes): 255 or 448.
std::size_t okp_field_bits(OkpCurve curve);
inline std::size_t eddsa_signature_bytes(OkpCurve c) { return c == OkpCurve::kEd25519 ? 64 : 114; }

struct OkpKey {
  OkpCurve curve;
  PkeyRef pkey;
  SecureBytes private_key;  // raw; empty for a public key
  Bytes public_key;         // raw
};
using OkpKeyRef = std::shared_ptr<const OkpKey>;

// CKR_ATTRIBUTE_VALUE_INVALID for a wrong length, or for an Edwards public
// key that does not decode to a curve point.
Result<OkpKeyRef> okp_public_key(OkpCurve curve, ByteView raw);
// The public key is computed here, once.
Result<OkpKeyRef> okp_private_key(OkpCurve curve, ByteView raw);

struct OkpKeyPairBytes {
  SecureBytes private_key;
  Bytes public_key;
  Bytes public_key_info;  // SubjectPublicKeyInfo DER (RFC 8410)
};
// SubjectPublicKeyInfo DER (RFC 8410) of a public or private key.
Result<Bytes> okp_public_key_info(const OkpKey& key);

// Generates a key pair and runs the pairwise consistency test (EdDSA: a
// signature made and verified; X25519/X448: the public key recomputed).
Result<OkpKeyPairBytes> okp_generate(OkpCurve curve);

enum class EddsaMode {
  kPure,     // Ed25519 / Ed448 (Ed448 with `context`, which may be empty)
  kContext,  // Ed25519ctx (context must be non-empty) / Ed448 with context
  kPrehash,  // Ed25519ph / Ed448ph (the message is hashed here)
};
struct EddsaParams {
  EddsaMode mode = EddsaMode::kPure;
  ByteView context;  // at most 255 bytes
};

// `sig` must hold eddsa_signature_bytes(). CKR_ARGUMENTS_BAD for a
// context that the instance does not allow.
Status eddsa_sign(const OkpKey& key, const EddsaParams& params, ByteView message, MutableByteView sig);
// CKR_OK, CKR_SIGNATURE_LEN_RANGE or CKR_SIGNATURE_INVALID.
Status eddsa_verify(const OkpKey& key, const EddsaParams& params, ByteView message, ByteView sig);

// The module's own implementation for every instance (also the pure ones,
// which eddsa_sign routes to OpenSSL). For tests and self-tests.
Status eddsa_sign_portable(const OkpKey& key, const EddsaParams& params, ByteView message, MutableByteView sig);
Status eddsa_verify_portable(const OkpKey& key, const EddsaParams& params, ByteView message, ByteView sig);

// X25519 / X448 (RFC 7748). CKR_MECHANISM_PARAM_INVALID for a peer key of
// the wrong length or one that gives the all-zero shared secret.
Result<SecureBytes> xdh_derive(const OkpKey& private_key, ByteView peer_public);

// PKCS#8 PrivateKeyInfo (RFC 8410) DER.
Result<SecureBytes> okp_encode_pkcs8(const OkpKey& key);
struct OkpPrivateBytes {
  OkpCurve curve;
  SecureBytes private_key;
};
// CKR_WRAPPED_KEY_INVALID for other key types or trailing data.
Result<OkpPrivateBytes> okp_decode_pkcs8(ByteView der);

}  // namespace craton::crypto
