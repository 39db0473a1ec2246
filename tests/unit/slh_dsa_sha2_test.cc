// The pqc layer's own SHA-2, HMAC, MGF1 and unrolled Keccak (used by SLH-DSA)
// checked against OpenSSL through crypto::hash / crypto::hmac, at every length
// around the block boundaries and with split updates.
#include <gtest/gtest.h>

#include <cstring>
#include <random>
#include <vector>

#include "crypto/hash.h"
#include "crypto/hmac.h"
#include "pqc/keccak.h"
#include "pqc/sha2.h"
#include "pqc/slh_dsa.h"
#include "pqc/slh_dsa_hash.h"

namespace {

namespace pqc = craton::pqc;
using craton::Bytes;
using craton::crypto::HashAlg;

Bytes pattern(std::size_t len, unsigned seed) {
  Bytes b(len);
  for (std::size_t i = 0; i < len; ++i) b[i] = static_cast<std::uint8_t>(i * 131 + seed * 7 + (i >> 3));
  return b;
}

template <class H>
Bytes ours(H h, const Bytes& msg, std::size_t split) {
  split = std::min(split, msg.size());
  h.update(std::span<const std::uint8_t>(msg.data(), split));
  h.update(std::span<const std::uint8_t>(msg.data() + split, msg.size() - split));
  Bytes out(h.digest_size());
  h.final(out.data());
  return out;
}

Bytes ref(HashAlg alg, const Bytes& msg) {
  auto r = craton::crypto::hash(alg, msg);
  EXPECT_TRUE(r.is_ok());
  return r.is_ok() ? r.value() : Bytes();
}

TEST(SlhDsaSha2, AllVariantsMatchOpenSslAtEveryLength) {
  for (std::size_t len = 0; len <= 300; ++len) {
    const Bytes msg = pattern(len, 1);
    const std::size_t split = (len * 7) % (len + 1);
    SCOPED_TRACE(len);
    ASSERT_EQ(ours(pqc::Sha256(), msg, split), ref(HashAlg::kSha256, msg));
    ASSERT_EQ(ours(pqc::Sha256::sha224(), msg, split), ref(HashAlg::kSha224, msg));
    ASSERT_EQ(ours(pqc::Sha512(), msg, split), ref(HashAlg::kSha512, msg));
    ASSERT_EQ(ours(pqc::Sha512::sha384(), msg, split), ref(HashAlg::kSha384, msg));
    ASSERT_EQ(ours(pqc::Sha512::sha512_224(), msg, split), ref(HashAlg::kSha512_224, msg));
    ASSERT_EQ(ours(pqc::Sha512::sha512_256(), msg, split), ref(HashAlg::kSha512_256, msg));
  }
}

TEST(SlhDsaSha2, KnownAnswersAndOneShots) {
  const std::string abc = "abc";
  const std::span<const std::uint8_t> m(reinterpret_cast<const std::uint8_t*>(abc.data()), abc.size());
  std::uint8_t d256[32], d512[64];
  pqc::sha256(m, d256);
  pqc::sha512(m, d512);
  // FIPS 180-4 example values for "abc".
  EXPECT_EQ(d256[0], 0xba);
  EXPECT_EQ(d256[31], 0xad);
  EXPECT_EQ(d512[0], 0xdd);
  EXPECT_EQ(d512[63], 0x9f);
  // A long message through many byte-sized updates.
  const Bytes big = pattern(100000, 3);
  pqc::Sha256 s;
  for (std::uint8_t b : big) s.update(std::span<const std::uint8_t>(&b, 1));
  Bytes out(32);
  s.final(out.data());
  EXPECT_EQ(out, ref(HashAlg::kSha256, big));
}

TEST(SlhDsaSha2, HardwareAndPortableCompressionAgree) {
  std::mt19937 rng(42);
  for (int i = 0; i < 2000; ++i) {
    std::uint32_t a[8], b[8];
    std::uint8_t block[64];
    for (auto& w : a) w = rng();
    for (auto& c : block) c = static_cast<std::uint8_t>(rng());
    std::memcpy(b, a, sizeof a);
    pqc::sha256_compress(a, block);
    pqc::sha2_detail::sha256_compress_portable(b, block);
    ASSERT_EQ(std::memcmp(a, b, sizeof a), 0) << i;
  }
  RecordProperty("sha_ni", pqc::sha2_detail::sha256_hw_available() ? "yes" : "no");
}

TEST(SlhDsaSha2, HmacMatchesOpenSsl) {
  for (std::size_t key_len : {0u, 1u, 16u, 32u, 63u, 64u, 65u, 127u, 128u, 129u, 200u}) {
    for (std::size_t msg_len : {0u, 1u, 55u, 64u, 111u, 128u, 1000u}) {
      const Bytes key = pattern(key_len, 5), msg = pattern(msg_len, 9);
      SCOPED_TRACE(std::to_string(key_len) + "/" + std::to_string(msg_len));
      Bytes o256(32), o512(64);
      {
        pqc::HmacSha256 h(key);
        h.update(msg);
        h.final(o256.data());
      }
      {
        pqc::HmacSha512 h(key);
        h.update(msg);
        h.final(o512.data());
      }
      auto r256 = craton::crypto::hmac(HashAlg::kSha256, key, msg);
      auto r512 = craton::crypto::hmac(HashAlg::kSha512, key, msg);
      ASSERT_TRUE(r256.is_ok() && r512.is_ok());
      EXPECT_EQ(o256, r256.value());
      EXPECT_EQ(o512, r512.value());
    }
  }
}

// MGF1 (RFC 8017 B.2.1): Hash(seed || counter) blocks, truncated.
TEST(SlhDsaSha2, Mgf1MatchesDefinition) {
  const Bytes seed = pattern(64, 11);
  for (std::size_t len : {0u, 1u, 30u, 32u, 33u, 49u, 64u, 65u, 200u}) {
    Bytes a(len), b(len);
    pqc::mgf1_sha256(seed, a);
    pqc::mgf1_sha512(seed, b);
    Bytes ea, eb;
    for (std::uint32_t c = 0; ea.size() < len || eb.size() < len; ++c) {
      Bytes in = seed;
      for (int s = 24; s >= 0; s -= 8) in.push_back(static_cast<std::uint8_t>(c >> s));
      const Bytes h256 = ref(HashAlg::kSha256, in), h512 = ref(HashAlg::kSha512, in);
      ea.insert(ea.end(), h256.begin(), h256.end());
      eb.insert(eb.end(), h512.begin(), h512.end());
    }
    ea.resize(len);
    eb.resize(len);
    EXPECT_EQ(a, ea) << len;
    EXPECT_EQ(b, eb) << len;
  }
}

TEST(SlhDsaSha2, MidstateIsExposedAfterWholeBlocks) {
  const Bytes block = pattern(64, 2);
  pqc::Sha256 s;
  s.update(block);
  ASSERT_EQ(s.buffered(), 0u);
  ASSERT_EQ(s.total_bytes(), 64u);
  std::uint32_t cv[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                         0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  pqc::sha256_compress(cv, block.data());
  EXPECT_EQ(std::memcmp(cv, s.chaining_value(), sizeof cv), 0);
}

TEST(SlhDsaKeccak, UnrolledPermutationMatchesReference) {
  std::mt19937_64 rng(7);
  for (int i = 0; i < 200; ++i) {
    std::uint64_t a[25], b[25];
    for (auto& w : a) w = rng();
    std::memcpy(b, a, sizeof a);
    pqc::keccak_f1600(a);
    pqc::slh::keccak_permute(b);
    ASSERT_EQ(std::memcmp(a, b, sizeof a), 0) << i;
  }
}

// The four-lane WOTS+ chains: the portable vector code and the AVX2 build of
// it give the same keys (the ACVP keyGen test pins the default path).
TEST(SlhDsaKeccak, PortableAndAvx2ChainsAgree) {
  for (auto p : {pqc::SlhDsaParams::kShake_128f, pqc::SlhDsaParams::kShake_192f, pqc::SlhDsaParams::kShake_256f}) {
    const std::size_t n = pqc::slh_dsa_n(p);
    const Bytes a = pattern(n, 1), b = pattern(n, 2), c = pattern(n, 3);
    pqc::slh::set_shake_avx2_allowed(false);
    auto portable = pqc::slh_keygen_internal(p, a, b, c);
    pqc::slh::set_shake_avx2_allowed(true);
    auto fast = pqc::slh_keygen_internal(p, a, b, c);
    ASSERT_TRUE(portable.is_ok() && fast.is_ok());
    EXPECT_EQ(portable->pk, fast->pk) << static_cast<int>(p);
  }
}

}  // namespace
