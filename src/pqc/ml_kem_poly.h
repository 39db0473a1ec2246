// Polynomial arithmetic of ML-KEM (FIPS 203 sections 4.2.1 and 4.3):
// the ring Z_q[X]/(X^256 + 1) with q = 3329, its NTT, compression, byte
// encoding and the two samplers. Internal to src/pqc (used by ml_kem.cc).
//
// Representation: int16 coefficients, not necessarily reduced; functions
// state the range they need and give. Multiplication uses Montgomery
// reduction with R = 2^16, additions are re-centred with Barrett reduction.
// Everything that touches secret polynomials is branch-free and uses no
// secret-dependent memory index.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

namespace craton::pqc::mlkem {

inline constexpr int kN = 256;
inline constexpr std::int16_t kQ = 3329;
inline constexpr int kMaxK = 4;

struct Poly {
  std::int16_t c[kN];
};
using PolyVec = std::array<Poly, kMaxK>;

// Scalar Compress_d / Decompress_d (FIPS 203 eq. 4.7, 4.8) for x in [0, q).
// Compress uses a multiply-shift, never a division, so its time does not
// depend on x.
std::uint16_t compress(std::uint16_t x, int d);
std::uint16_t decompress(std::uint16_t y, int d);

// Algorithm 9. Input |coefficients| < q; output Barrett-reduced (|c| <= q/2).
void ntt(Poly& f);
// Algorithm 10, times R: applied to a sum of basemul products (which carry
// a factor R^-1) it yields the exact normal-domain result, |c| < q.
void inv_ntt(Poly& f);
// acc += (a o b) * R^-1 (Algorithms 11/12, MultiplyNTTs). Inputs |c| < q;
// at most kMaxK products may be accumulated before reducing acc.
void basemul_acc(Poly& acc, const Poly& a, const Poly& b);
// Removes the R^-1 factor of a product sum (multiplies by R), output |c| < q.
void poly_from_product(Poly& f);

void poly_add(Poly& r, const Poly& a);  // r += a
void poly_sub(Poly& r, const Poly& a);  // r -= a
void poly_reduce(Poly& f);              // Barrett: |c| <= q/2

// ByteEncode_12 of the canonical representatives; any int16 input range.
void byte_encode12(const Poly& f, std::uint8_t out[384]);
// ByteDecode_12 (values mod q). Returns false if some 12-bit value was >= q,
// i.e. the input fails the modulus check. Branch-free in the data.
bool byte_decode12(const std::uint8_t in[384], Poly& f);

// ByteEncode_d(Compress_d(f)), d in {1, 4, 5, 10, 11}; writes 32*d bytes.
void compress_encode(const Poly& f, int d, std::uint8_t* out);
// Decompress_d(ByteDecode_d(in)), d in {1, 4, 5, 10, 11}; reads 32*d bytes.
void decode_decompress(const std::uint8_t* in, int d, Poly& f);

// Algorithm 7: SampleNTT(B) with B = rho || b32 || b33 (34 bytes).
void sample_ntt(Poly& f, const std::uint8_t seed[34]);
// Algorithm 8 on PRF_eta(s, nonce) = SHAKE256(s || nonce, 64*eta); eta in {2, 3}.
void sample_cbd(Poly& f, const std::uint8_t s[32], std::uint8_t nonce, int eta);
// The same for count polynomials out[i] with nonces first_nonce + i and
// widths etas[i], four PRF streams per batched SHAKE256 call.
void sample_cbd_batch(Poly* const* out, const int* etas, std::size_t count, const std::uint8_t s[32],
                      std::uint8_t first_nonce);

}  // namespace craton::pqc::mlkem
