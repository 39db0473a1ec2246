// The AVX2 and portable variants of the post-quantum kernels must agree
// bit for bit (src/pqc/cpu_dispatch.h). On a CPU without AVX2 both runs take
// the portable path and the comparison is trivially true.
#include <gtest/gtest.h>

#include <cstring>
#include <random>

#include "pqc/cpu_dispatch.h"
#include "pqc/keccak.h"
#include "pqc/ml_dsa_poly.h"
#include "pqc/ml_kem_poly.h"

namespace craton::pqc {
namespace {

// Restores CPU detection however the test ends.
class PortableScope {
 public:
  PortableScope() { force_portable_path(true); }
  ~PortableScope() { force_portable_path(false); }
  PortableScope(const PortableScope&) = delete;
  PortableScope& operator=(const PortableScope&) = delete;
};

template <class F>
void both_paths(F f) {
  f();
  PortableScope portable;
  f();
}

TEST(PqcDispatch, PortableFlagTakesEffect) {
  const bool before = use_avx2();
  {
    PortableScope portable;
    EXPECT_FALSE(use_avx2());
  }
  EXPECT_EQ(use_avx2(), before);
}

mlkem::Poly random_kem_poly(std::mt19937& rng, int bound) {
  std::uniform_int_distribution<int> d(-bound + 1, bound - 1);
  mlkem::Poly p;
  for (auto& c : p.c) c = static_cast<std::int16_t>(d(rng));
  return p;
}

TEST(PqcDispatch, MlKemKernelsAgree) {
  std::mt19937 rng(1);
  for (int round = 0; round < 50; ++round) {
    const mlkem::Poly a = random_kem_poly(rng, mlkem::kQ), b = random_kem_poly(rng, mlkem::kQ);
    std::vector<mlkem::Poly> results;
    std::vector<std::vector<std::uint8_t>> encodings;
    both_paths([&] {
      mlkem::Poly f = a;
      mlkem::ntt(f);
      results.push_back(f);
      mlkem::Poly acc{};
      mlkem::basemul_acc(acc, a, b);
      mlkem::basemul_acc(acc, b, f);
      results.push_back(acc);
      mlkem::inv_ntt(acc);
      results.push_back(acc);
      for (int d : {1, 4, 5, 10, 11}) {
        std::vector<std::uint8_t> enc(32 * static_cast<std::size_t>(d));
        mlkem::compress_encode(acc, d, enc.data());
        mlkem::Poly back;
        mlkem::decode_decompress(enc.data(), d, back);
        results.push_back(back);
        encodings.push_back(enc);
      }
    });
    const std::size_t half = results.size() / 2;
    for (std::size_t i = 0; i < half; ++i)
      ASSERT_EQ(std::memcmp(&results[i], &results[half + i], sizeof(mlkem::Poly)), 0) << "round " << round << " #" << i;
    const std::size_t ehalf = encodings.size() / 2;
    for (std::size_t i = 0; i < ehalf; ++i) ASSERT_EQ(encodings[i], encodings[ehalf + i]);
  }
}

TEST(PqcDispatch, MlDsaKernelsAgree) {
  std::mt19937 rng(2);
  std::uniform_int_distribution<std::int32_t> d(-mldsa::kQ + 1, mldsa::kQ - 1);
  for (int round = 0; round < 50; ++round) {
    mldsa::Poly a, b;
    for (auto& c : a.c) c = d(rng);
    for (auto& c : b.c) c = d(rng);
    std::vector<mldsa::Poly> results;
    both_paths([&] {
      mldsa::Poly f = a;
      mldsa::ntt(f);
      mldsa::poly_reduce32(f);
      results.push_back(f);
      mldsa::Poly r;
      mldsa::pointwise_montgomery(r, f, b);
      mldsa::pointwise_acc_montgomery(r, a, b);
      results.push_back(r);
      mldsa::poly_reduce32(r);
      mldsa::invntt_tomont(r);
      results.push_back(r);
    });
    for (std::size_t i = 0; i < results.size() / 2; ++i)
      ASSERT_EQ(std::memcmp(&results[i], &results[results.size() / 2 + i], sizeof(mldsa::Poly)), 0)
          << "round " << round << " #" << i;
  }
}

// The bit packers have unrolled instances per width and a generic loop:
// every width from 1 to 20 must round-trip.
TEST(PqcDispatch, MlDsaPackingRoundTrips) {
  std::mt19937 rng(3);
  for (int bits = 1; bits <= 20; ++bits) {
    std::uint32_t v[mldsa::kN], back[mldsa::kN];
    for (auto& x : v) x = rng() & ((1u << bits) - 1);
    std::vector<std::uint8_t> packed(32 * static_cast<std::size_t>(bits) + 1, 0xA5);
    mldsa::pack_bits(v, bits, packed.data());
    EXPECT_EQ(packed.back(), 0xA5) << "wrote past 32 * bits bytes, bits = " << bits;
    mldsa::unpack_bits(packed.data(), bits, back);
    ASSERT_EQ(std::memcmp(v, back, sizeof v), 0) << "bits = " << bits;
    // Bit i of the stream is bit (i mod bits) of value i / bits.
    for (int i = 0; i < 32 * bits * 8; i += 7) {
      const int bit = (packed[static_cast<std::size_t>(i / 8)] >> (i % 8)) & 1;
      ASSERT_EQ(bit, static_cast<int>((v[i / bits] >> (i % bits)) & 1)) << "bits = " << bits << " i = " << i;
    }
  }
}

// Absorbing and squeezing in pieces of every alignment gives the one-shot result.
TEST(PqcDispatch, KeccakSpongeChunkingIsInvisible) {
  std::vector<std::uint8_t> in(1000);
  for (std::size_t i = 0; i < in.size(); ++i) in[i] = static_cast<std::uint8_t>(i * 7 + 1);
  std::vector<std::uint8_t> expected(700);
  shake128(in, expected);
  for (std::size_t step : {1u, 3u, 7u, 8u, 13u, 167u, 168u, 169u}) {
    Shake128 x;
    for (std::size_t pos = 0; pos < in.size(); pos += step)
      x.absorb(std::span<const std::uint8_t>(in).subspan(pos, std::min(step, in.size() - pos)));
    std::vector<std::uint8_t> out(700);
    for (std::size_t pos = 0; pos < out.size(); pos += step)
      x.squeeze(std::span<std::uint8_t>(out).subspan(pos, std::min(step, out.size() - pos)));
    EXPECT_EQ(out, expected) << "step " << step;
  }
}

// The batched SHAKE equals four one-shot calls, for input and output lengths
// around the rate boundaries, with unused lanes.
TEST(PqcDispatch, ShakeX4MatchesOneShot) {
  std::vector<std::uint8_t> in(4 * 400);
  for (std::size_t i = 0; i < in.size(); ++i) in[i] = static_cast<std::uint8_t>(i * 13 + 5);
  for (std::size_t in_len : {0u, 1u, 33u, 66u, 135u, 136u, 137u, 167u, 168u, 169u, 400u}) {
    for (std::size_t out_len : {1u, 8u, 64u, 136u, 168u, 192u, 640u}) {
      for (int lanes = 1; lanes <= 4; ++lanes) {
        std::vector<std::uint8_t> out(4 * out_len, 0), expect(4 * out_len, 0);
        const std::uint8_t* ins[4] = {};
        std::uint8_t* outs[4] = {};
        for (int i = 0; i < lanes; ++i) {
          ins[i] = in.data() + 400 * static_cast<std::size_t>(i);
          outs[i] = out.data() + out_len * static_cast<std::size_t>(i);
        }
        both_paths([&] {
          shake256_x4(ins, in_len, outs, out_len);
          for (int i = 0; i < lanes; ++i)
            shake256({ins[i], in_len}, {expect.data() + out_len * static_cast<std::size_t>(i), out_len});
          ASSERT_EQ(out, expect) << "shake256 in " << in_len << " out " << out_len << " lanes " << lanes;
          shake128_x4(ins, in_len, outs, out_len);
          for (int i = 0; i < lanes; ++i)
            shake128({ins[i], in_len}, {expect.data() + out_len * static_cast<std::size_t>(i), out_len});
          ASSERT_EQ(out, expect) << "shake128 in " << in_len << " out " << out_len << " lanes " << lanes;
        });
      }
    }
  }
}

}  // namespace
}  // namespace craton::pqc
