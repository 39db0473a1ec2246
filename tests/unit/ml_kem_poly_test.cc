// ML-KEM polynomial layer: compression against exact rational rounding,
// NTT multiplication against schoolbook multiplication in Z_q[X]/(X^256+1),
// byte encodings, and the range/shape of both samplers.
#include <gtest/gtest.h>

#include <cstring>
#include <random>

#include "pqc/ml_kem_poly.h"

namespace craton::pqc::mlkem {
namespace {

int mod_q(long v) { return static_cast<int>(((v % kQ) + kQ) % kQ); }

Poly random_poly(std::mt19937& rng, int lo, int hi) {
  std::uniform_int_distribution<int> dist(lo, hi);
  Poly p;
  for (auto& c : p.c) c = static_cast<std::int16_t>(dist(rng));
  return p;
}

// Every x in [0, q) and every d ML-KEM uses: round(2^d x / q) mod 2^d,
// computed with exact integer arithmetic (q odd, so no ties).
TEST(MlKemPoly, CompressMatchesExactRounding) {
  for (int d : {1, 4, 5, 10, 11}) {
    for (int x = 0; x < kQ; ++x) {
      const long num = (static_cast<long>(x) << d) * 2 + kQ;  // 2 * (2^d x / q + 1/2) * q
      const long want = (num / (2L * kQ)) % (1L << d);
      ASSERT_EQ(compress(static_cast<std::uint16_t>(x), d), want) << "x=" << x << " d=" << d;
    }
    for (int y = 0; y < (1 << d); ++y) {
      const long want = (static_cast<long>(y) * kQ * 2 + (1L << d)) / (2L << d);  // round(q y / 2^d)
      ASSERT_EQ(decompress(static_cast<std::uint16_t>(y), d), want);
      // Decompress then compress is the identity (FIPS 203 section 4.2.1).
      ASSERT_EQ(compress(decompress(static_cast<std::uint16_t>(y), d), d), y);
    }
  }
}

TEST(MlKemPoly, NttMultiplicationMatchesSchoolbook) {
  std::mt19937 rng(203);
  for (int round = 0; round < 20; ++round) {
    Poly a = random_poly(rng, -(kQ - 1), kQ - 1), b = random_poly(rng, -(kQ - 1), kQ - 1);
    long want[kN] = {};
    for (int i = 0; i < kN; ++i)
      for (int j = 0; j < kN; ++j) {
        const long prod = static_cast<long>(a.c[i]) * b.c[j];
        want[(i + j) % kN] += (i + j < kN) ? prod : -prod;  // X^256 = -1
      }
    ntt(a);
    ntt(b);
    Poly acc{};
    basemul_acc(acc, a, b);
    inv_ntt(acc);
    for (int i = 0; i < kN; ++i) {
      ASSERT_LT(std::abs(acc.c[i]), kQ);
      ASSERT_EQ(mod_q(acc.c[i]), mod_q(want[i])) << i;
    }
  }
}

// A sum of kMaxK products stays in range and equals the sum of the products.
TEST(MlKemPoly, AccumulatedProductsAndFromProduct) {
  std::mt19937 rng(7);
  Poly acc{}, acc_fp{};
  long want[kN] = {};
  for (int t = 0; t < kMaxK; ++t) {
    Poly a = random_poly(rng, 0, kQ - 1), b = random_poly(rng, -3, 3);
    for (int i = 0; i < kN; ++i)
      for (int j = 0; j < kN; ++j) {
        const long prod = static_cast<long>(a.c[i]) * b.c[j];
        want[(i + j) % kN] += (i + j < kN) ? prod : -prod;
      }
    ntt(a);
    ntt(b);
    basemul_acc(acc, a, b);
    basemul_acc(acc_fp, a, b);
  }
  inv_ntt(acc);
  for (int i = 0; i < kN; ++i) ASSERT_EQ(mod_q(acc.c[i]), mod_q(want[i]));
  // poly_from_product gives the NTT-domain product exactly; inverting a
  // plain NTT-domain value with inv_ntt multiplies by R = 2^16.
  poly_from_product(acc_fp);
  inv_ntt(acc_fp);
  for (int i = 0; i < kN; ++i) ASSERT_EQ(mod_q(acc_fp.c[i]), mod_q(want[i] * 65536L));
}

TEST(MlKemPoly, ByteEncode12RoundTripAndModulusFlag) {
  std::mt19937 rng(12);
  Poly p = random_poly(rng, -30000, 30000), back;
  std::uint8_t buf[384];
  byte_encode12(p, buf);
  ASSERT_TRUE(byte_decode12(buf, back));
  for (int i = 0; i < kN; ++i) {
    EXPECT_EQ(back.c[i], mod_q(p.c[i]));
  }
  // Coefficient 3 (bits 36..47 = bytes 4.5..5) set to 4095: fails the check, decoded mod q.
  buf[4] = static_cast<std::uint8_t>(buf[4] | 0xF0);
  buf[5] = 0xFF;
  ASSERT_FALSE(byte_decode12(buf, back));
  EXPECT_EQ(back.c[3], 4095 - kQ);
  // Exactly q is also out of range; q - 1 is fine.
  Poly edge{};
  edge.c[0] = kQ - 1;
  byte_encode12(edge, buf);
  EXPECT_TRUE(byte_decode12(buf, back));
  buf[0] = static_cast<std::uint8_t>(kQ & 0xFF);
  buf[1] = static_cast<std::uint8_t>((buf[1] & 0xF0) | (kQ >> 8));
  EXPECT_FALSE(byte_decode12(buf, back));
  EXPECT_EQ(back.c[0], 0);
}

TEST(MlKemPoly, CompressEncodeRoundTrip) {
  std::mt19937 rng(5);
  for (int d : {1, 4, 5, 10, 11}) {
    std::uint8_t buf[32 * 12];
    std::uniform_int_distribution<int> dist(0, (1 << d) - 1);
    Poly p, back;
    std::uint16_t vals[kN];
    for (int i = 0; i < kN; ++i) {
      vals[i] = static_cast<std::uint16_t>(dist(rng));
      p.c[i] = static_cast<std::int16_t>(decompress(vals[i], d));
    }
    compress_encode(p, d, buf);
    decode_decompress(buf, d, back);
    for (int i = 0; i < kN; ++i) ASSERT_EQ(back.c[i], p.c[i]) << "d=" << d;
    // Bit order: ByteEncode is little-endian within and across bytes.
    EXPECT_EQ(buf[0] & ((1 << std::min(d, 8)) - 1), vals[0] & ((1 << std::min(d, 8)) - 1)) << d;
  }
}

TEST(MlKemPoly, SamplersStayInRange) {
  std::uint8_t seed[34] = {};
  for (int t = 0; t < 4; ++t) {
    seed[32] = static_cast<std::uint8_t>(t);
    Poly a;
    sample_ntt(a, seed);
    for (auto c : a.c) ASSERT_TRUE(c >= 0 && c < kQ);
  }
  for (int eta : {2, 3}) {
    long histogram[7] = {};
    for (std::uint8_t nonce = 0; nonce < 16; ++nonce) {
      Poly e;
      sample_cbd(e, seed, nonce, eta);
      for (auto c : e.c) {
        ASSERT_LE(std::abs(c), eta);
        ++histogram[c + 3];
      }
    }
    // Centered binomial: symmetric-ish, every value in [-eta, eta] occurs.
    for (int v = -eta; v <= eta; ++v) EXPECT_GT(histogram[v + 3], 0) << eta << " " << v;
  }
}

}  // namespace
}  // namespace craton::pqc::mlkem
