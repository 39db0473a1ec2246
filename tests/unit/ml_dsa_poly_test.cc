// ML-DSA building blocks checked against their FIPS 204 definitions:
// NTT products against schoolbook multiplication, Decompose / Power2Round
// exhaustively, the hint lemma, bit packing, samplers and hint decoding.
#include <gtest/gtest.h>

#include <cstring>
#include <random>

#include "pqc/ml_dsa_encode.h"
#include "pqc/ml_dsa_poly.h"
#include "pqc/ml_dsa_sample.h"

namespace craton::pqc::mldsa {
namespace {

std::int64_t mod_q(std::int64_t a) { return ((a % kQ) + kQ) % kQ; }

Poly random_poly(std::mt19937& rng, std::int32_t lo, std::int32_t hi) {
  std::uniform_int_distribution<std::int32_t> d(lo, hi);
  Poly p;
  for (auto& c : p.c) c = d(rng);
  return p;
}

TEST(MlDsaPoly, NttProductMatchesSchoolbook) {
  std::mt19937 rng(1);
  for (int round = 0; round < 20; ++round) {
    const Poly a = random_poly(rng, -(kQ - 1), kQ - 1);
    const Poly b = random_poly(rng, -(kQ - 1), kQ - 1);
    std::int64_t want[kN] = {};
    for (int i = 0; i < kN; ++i)
      for (int j = 0; j < kN; ++j) {
        const std::int64_t prod = mod_q(static_cast<std::int64_t>(a.c[i]) * b.c[j]);
        if (i + j < kN) want[i + j] = mod_q(want[i + j] + prod);
        else want[i + j - kN] = mod_q(want[i + j - kN] - prod);  // X^256 = -1
      }
    Poly ah = a, bh = b, r;
    ntt(ah);
    ntt(bh);
    poly_reduce32(ah);
    pointwise_montgomery(r, ah, bh);
    invntt_tomont(r);
    for (int i = 0; i < kN; ++i) {
      ASSERT_GT(r.c[i], -kQ);
      ASSERT_LT(r.c[i], kQ);
      ASSERT_EQ(mod_q(r.c[i]), want[i]) << "coefficient " << i;
    }
  }
}

TEST(MlDsaPoly, InverseNttUndoesNttTimesMontgomeryFactor) {
  std::mt19937 rng(2);
  const Poly a = random_poly(rng, -(kQ - 1), kQ - 1);
  Poly b = a;
  ntt(b);
  poly_reduce32(b);
  invntt_tomont(b);
  const std::int64_t mont = (std::int64_t{1} << 32) % kQ;
  for (int i = 0; i < kN; ++i) ASSERT_EQ(mod_q(b.c[i]), mod_q(a.c[i] * mont)) << i;
}

TEST(MlDsaPoly, ReductionsKeepTheirRanges) {
  for (std::int64_t a : {std::int64_t{0}, (std::int64_t{kQ} << 31) - 1, 1 - (std::int64_t{kQ} << 31),
                         std::int64_t{123456789}}) {
    const std::int32_t r = montgomery_reduce(a);
    EXPECT_GT(r, -kQ);
    EXPECT_LT(r, kQ);
    EXPECT_EQ(mod_q(static_cast<std::int64_t>(r) << 32), mod_q(a));
  }
  for (std::int32_t a : {0, 1, -1, kQ, -kQ, 2147483647 - (1 << 22), -2147483647, 6283009, -6283009}) {
    const std::int32_t r = reduce32(a);
    EXPECT_GE(r, -6283009);
    EXPECT_LE(r, 6283008);
    EXPECT_EQ(mod_q(r), mod_q(a));
    const std::int32_t f = freeze(a);
    EXPECT_GE(f, 0);
    EXPECT_LT(f, kQ);
    EXPECT_EQ(f, mod_q(a));
  }
}

// Every r in [0, q) against the literal FIPS 204 definitions (algorithms 35, 36).
TEST(MlDsaPoly, DecomposeAndPower2RoundExhaustive) {
  for (std::int32_t gamma2 : {(kQ - 1) / 88, (kQ - 1) / 32}) {
    const std::int32_t alpha = 2 * gamma2;
    for (std::int32_t r = 0; r < kQ; ++r) {
      std::int32_t r0 = r % alpha;
      if (r0 > gamma2) r0 -= alpha;
      std::int32_t r1;
      if (r - r0 == kQ - 1) {
        r1 = 0;
        r0 -= 1;
      } else {
        r1 = (r - r0) / alpha;
      }
      std::int32_t g1, g0;
      decompose(r, gamma2, g1, g0);
      if (g1 != r1 || g0 != r0) FAIL() << "decompose(" << r << ") gamma2 " << gamma2;
    }
  }
  for (std::int32_t r = 0; r < kQ; ++r) {
    std::int32_t r0 = r % (1 << kD);
    if (r0 > (1 << (kD - 1))) r0 -= 1 << kD;
    std::int32_t g1, g0;
    power2round(r, g1, g0);
    if (g0 != r0 || g1 != (r - r0) >> kD) FAIL() << "power2round(" << r << ")";
  }
}

// FIPS 204 lemma: UseHint(MakeHint(z, r), r) = HighBits(r + z) for |z| <= gamma2.
TEST(MlDsaPoly, UseHintRecoversHighBits) {
  std::mt19937 rng(3);
  for (std::int32_t gamma2 : {(kQ - 1) / 88, (kQ - 1) / 32}) {
    std::uniform_int_distribution<std::int32_t> dr(0, kQ - 1), dz(-gamma2, gamma2);
    for (int i = 0; i < 200000; ++i) {
      const std::int32_t r = i < 100 ? kQ - 1 - i : dr(rng);  // include the q-1 corner
      const std::int32_t z = dz(rng);
      std::int32_t r1, v1, t0;
      decompose(r, gamma2, r1, t0);
      decompose(static_cast<std::int32_t>(mod_q(std::int64_t{r} + z)), gamma2, v1, t0);
      const std::int32_t h = r1 != v1 ? 1 : 0;
      ASSERT_EQ(use_hint(h, r, gamma2), v1) << "r " << r << " z " << z;
    }
  }
}

TEST(MlDsaPoly, PackUnpackRoundTripsEveryWidth) {
  std::mt19937 rng(4);
  for (int bits : {3, 4, 6, 10, 13, 18, 20}) {
    std::uint32_t v[kN], back[kN];
    for (auto& x : v) x = rng() & ((1u << bits) - 1);
    std::uint8_t buf[32 * 20];
    pack_bits(v, bits, buf);
    unpack_bits(buf, bits, back);
    ASSERT_EQ(0, std::memcmp(v, back, sizeof v)) << bits;
  }
  // Little-endian bit order (FIPS 204 algorithm 16): 10-bit 1, 2 -> 01 08 00.
  std::uint32_t v[kN] = {1, 2};
  std::uint8_t buf[320];
  pack_bits(v, 10, buf);
  EXPECT_EQ(buf[0], 0x01);
  EXPECT_EQ(buf[1], 0x08);
  EXPECT_EQ(buf[2], 0x00);
}

TEST(MlDsaPoly, BitUnpackRejectsFieldsAboveRange) {
  Poly w;
  std::uint8_t buf[32 * 3];
  std::memset(buf, 0, sizeof buf);
  EXPECT_TRUE(bit_unpack(buf, 2, 2, 3, w));  // every field 0 -> 2
  EXPECT_EQ(w.c[0], 2);
  buf[0] = 0x04;  // field 4 -> -2, still valid
  EXPECT_TRUE(bit_unpack(buf, 2, 2, 3, w));
  EXPECT_EQ(w.c[0], -2);
  buf[0] = 0x05;  // field 5 -> -3, outside [-eta, eta]
  EXPECT_FALSE(bit_unpack(buf, 2, 2, 3, w));
}

TEST(MlDsaPoly, NormCheckIsStrict) {
  Poly a{};
  a.c[7] = -99;
  EXPECT_EQ(poly_norm_exceeds(a, 100), 0u);
  EXPECT_EQ(poly_norm_exceeds(a, 99), 1u);
  a.c[7] = 99;
  EXPECT_EQ(poly_norm_exceeds(a, 99), 1u);
}

TEST(MlDsaSample, SamplersStayInRange) {
  std::uint8_t seed[kCrhBytes];
  for (std::size_t i = 0; i < sizeof seed; ++i) seed[i] = static_cast<std::uint8_t>(i * 7);
  Poly a;
  rej_ntt_poly(a, seed, 1, 2);
  for (std::int32_t c : a.c) ASSERT_TRUE(c >= 0 && c < kQ);
  for (int eta : {2, 4}) {
    rej_bounded_poly(a, seed, 3, eta);
    int seen_min = 0, seen_max = 0;
    for (std::int32_t c : a.c) {
      ASSERT_TRUE(c >= -eta && c <= eta) << c;
      seen_min = std::min(seen_min, c);
      seen_max = std::max(seen_max, c);
    }
    EXPECT_EQ(seen_min, -eta);
    EXPECT_EQ(seen_max, eta);
  }
  for (const ParamSet* p : {&kParams44, &kParams65, &kParams87}) {
    Poly c;
    sample_in_ball(c, *p, std::span<const std::uint8_t>(seed, static_cast<std::size_t>(p->c_tilde_bytes)));
    int nonzero = 0;
    for (std::int32_t v : c.c) {
      ASSERT_TRUE(v >= -1 && v <= 1);
      nonzero += v != 0;
    }
    EXPECT_EQ(nonzero, p->tau);
    PolyVecL y;
    expand_mask(y, *p, seed, 5);
    for (int j = 0; j < p->l; ++j)
      for (std::int32_t v : y[j].c) ASSERT_TRUE(v > -p->gamma1 && v <= p->gamma1);
  }
}

// HintBitUnpack's bottom cases, on an ML-DSA-44 signature with an all-zero z.
class MlDsaHints : public ::testing::Test {
 protected:
  const ParamSet& p = kParams44;
  std::uint8_t sig[kParams44.sig_bytes] = {};
  std::uint8_t* y = sig + kParams44.sig_bytes - (kParams44.omega + kParams44.k);
  bool decode() {
    const std::uint8_t* c_tilde;
    return sig_decode(p, sig, c_tilde, z, h);
  }
  PolyVecL z;
  PolyVecK h;
};

TEST_F(MlDsaHints, AcceptsWellFormedAndRoundTrips) {
  PolyVecK in{};
  in[0].c[3] = in[0].c[200] = in[2].c[0] = 1;
  PolyVecL zero{};
  const std::uint8_t c_tilde[32] = {};
  sig_encode(p, c_tilde, zero, in, sig);
  ASSERT_TRUE(decode());
  for (int i = 0; i < p.k; ++i) ASSERT_EQ(0, std::memcmp(in[i].c, h[i].c, sizeof h[i].c)) << i;
  EXPECT_EQ(y[p.omega + 0], 2);
  EXPECT_EQ(y[p.omega + 3], 3);
}

TEST_F(MlDsaHints, RejectsMalformedEncodings) {
  y[0] = 5;
  y[1] = 5;  // repeated index
  for (int i = 0; i < p.k; ++i) y[p.omega + i] = 2;
  EXPECT_FALSE(decode());
  y[1] = 4;  // decreasing index
  EXPECT_FALSE(decode());
  y[1] = 6;
  EXPECT_TRUE(decode());
  y[p.omega + 1] = 1;  // cumulative count going backwards
  EXPECT_FALSE(decode());
  y[p.omega + 1] = 2;
  y[p.omega + 3] = static_cast<std::uint8_t>(p.omega + 1);  // more than omega
  EXPECT_FALSE(decode());
  y[p.omega + 3] = 2;
  y[10] = 1;  // non-zero padding after the last hint
  EXPECT_FALSE(decode());
}

}  // namespace
}  // namespace craton::pqc::mldsa
