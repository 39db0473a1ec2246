// Field arithmetic modulo p25519 = 2^255 - 19 (five 51-bit limbs) and
// p448 = 2^448 - 2^224 - 1 (eight 56-bit limbs), for the EdDSA instances
// OpenSSL 3.0 lacks. Every operation runs in time independent of the values.
// Results of add/sub/mul are weakly reduced (limbs slightly above their
// nominal width are allowed); to_bytes produces the canonical encoding.
#pragma once

#include <cstddef>
#include <cstdint>

namespace craton::crypto::edmath {

struct Fe25519 {
  std::uint64_t v[5];
};
struct Fe448 {
  std::uint64_t v[8];
};

// 32 little-endian bytes; bit 255 is ignored.
void fe_from_bytes(Fe25519& r, const std::uint8_t* in);
void fe_to_bytes(std::uint8_t* out, const Fe25519& a);  // 32 bytes, canonical
void fe_add(Fe25519& r, const Fe25519& a, const Fe25519& b);
void fe_sub(Fe25519& r, const Fe25519& a, const Fe25519& b);
void fe_mul(Fe25519& r, const Fe25519& a, const Fe25519& b);
void fe_set_small(Fe25519& r, std::uint64_t v);
// r = a when mask is all ones, unchanged when mask is zero.
void fe_cmov(Fe25519& r, const Fe25519& a, std::uint64_t mask);
void fe_invert(Fe25519& r, const Fe25519& a);
// x = sqrt(u / v) if it exists (RFC 8032 section 5.1.3).
bool fe_sqrt_ratio(Fe25519& x, const Fe25519& u, const Fe25519& v);

// 56 little-endian bytes.
void fe_from_bytes(Fe448& r, const std::uint8_t* in);
void fe_to_bytes(std::uint8_t* out, const Fe448& a);  // 56 bytes, canonical
void fe_add(Fe448& r, const Fe448& a, const Fe448& b);
void fe_sub(Fe448& r, const Fe448& a, const Fe448& b);
void fe_mul(Fe448& r, const Fe448& a, const Fe448& b);
void fe_set_small(Fe448& r, std::uint64_t v);
void fe_cmov(Fe448& r, const Fe448& a, std::uint64_t mask);
void fe_invert(Fe448& r, const Fe448& a);
// RFC 8032 section 5.2.3.
bool fe_sqrt_ratio(Fe448& x, const Fe448& u, const Fe448& v);

}  // namespace craton::crypto::edmath
