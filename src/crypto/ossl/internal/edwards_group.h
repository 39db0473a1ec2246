// Group and scalar operations on edwards25519 and edwards448 (RFC 8032),
// on encoded points and little-endian scalars, for the EdDSA instances that
// OpenSSL 3.0 lacks. Operations on secret scalars run in constant time.
#pragma once

#include <cstddef>
#include <cstdint>

namespace craton::crypto::edmath {

enum class Curve { k25519, k448 };

// Encoded point and scalar lengths: 32 / 57 bytes for both.
constexpr std::size_t point_bytes(Curve c) { return c == Curve::k25519 ? 32 : 57; }
constexpr std::size_t scalar_bytes(Curve c) { return c == Curve::k25519 ? 32 : 57; }

// out = encode([k]B); k has scalar_bytes(c) little-endian bytes.
void base_mul_encode(Curve c, const std::uint8_t* k, std::uint8_t* out);

// True if `enc` (point_bytes(c)) decodes to a curve point (RFC 8032 5.1.3 / 5.2.3).
bool point_decodes(Curve c, const std::uint8_t* enc);

// The verification equation: encode([s]B - [k]A) == r_enc. False if A does
// not decode. s and k are reduced scalars (< L).
bool check_equation(Curve c, const std::uint8_t* s, const std::uint8_t* k, const std::uint8_t* a_enc,
                    const std::uint8_t* r_enc);

// out = in mod L, `in` little-endian of any length up to 128 bytes.
void scalar_reduce(Curve c, const std::uint8_t* in, std::size_t in_len, std::uint8_t* out);
// out = (a * b + c) mod L; all scalar_bytes(c) long.
void scalar_muladd(Curve curve, const std::uint8_t* a, const std::uint8_t* b, const std::uint8_t* c,
                   std::uint8_t* out);
// s < L (public data; not constant time).
bool scalar_is_canonical(Curve c, const std::uint8_t* s);

}  // namespace craton::crypto::edmath
