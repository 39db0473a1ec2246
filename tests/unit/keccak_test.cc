// Keccak / SHA-3 / SHAKE known answers (FIPS 202 examples, NIST CSRC).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "crypto/hash.h"
#include "pqc/keccak.h"

namespace {

std::string hex(const std::uint8_t* p, std::size_t n) {
  static const char* k = "0123456789abcdef";
  std::string s;
  for (std::size_t i = 0; i < n; ++i) {
    s.push_back(k[p[i] >> 4]);
    s.push_back(k[p[i] & 15]);
  }
  return s;
}

std::span<const std::uint8_t> bytes(const std::string& s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

TEST(Keccak, Sha3_256Abc) {
  std::uint8_t out[32];
  craton::pqc::sha3_256(bytes("abc"), out);
  EXPECT_EQ(hex(out, 32), "3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532");
  craton::pqc::sha3_256(bytes(""), out);
  EXPECT_EQ(hex(out, 32), "a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a");
}

// Our SHA3 must equal OpenSSL's for every length around the rate boundaries.
TEST(Keccak, Sha3MatchesOpenSslAtEveryLength) {
  std::vector<std::uint8_t> msg;
  for (int len = 0; len < 300; ++len) {
    std::uint8_t ours256[32], ours512[64];
    craton::pqc::sha3_256(msg, ours256);
    craton::pqc::sha3_512(msg, ours512);
    auto ref256 = craton::crypto::hash(craton::crypto::HashAlg::kSha3_256, msg);
    auto ref512 = craton::crypto::hash(craton::crypto::HashAlg::kSha3_512, msg);
    ASSERT_TRUE(ref256.is_ok() && ref512.is_ok());
    ASSERT_EQ(std::vector<std::uint8_t>(ours256, ours256 + 32), ref256.value()) << len;
    ASSERT_EQ(std::vector<std::uint8_t>(ours512, ours512 + 64), ref512.value()) << len;
    msg.push_back(static_cast<std::uint8_t>(len * 31 + 7));
  }
}

TEST(Keccak, ShakeEmptyAndStreaming) {
  std::uint8_t out[32];
  craton::pqc::shake128(bytes(""), out);
  EXPECT_EQ(hex(out, 32), "7f9c2ba4e88f827d616045507605853ed73b8093f6efbc88eb1a6eacfa66ef26");
  craton::pqc::shake256(bytes(""), out);
  EXPECT_EQ(hex(out, 32), "46b9dd2b0ba88d13233b3feb743eeb243fcd52ea62b81b82b50c27646ed5762f");
  // Squeezing in pieces equals one squeeze; absorbing across the rate boundary too.
  std::string long_input(1000, 'a');
  std::vector<std::uint8_t> one(500), parts(500);
  craton::pqc::shake128(bytes(long_input), one);
  craton::pqc::Shake128 s;
  s.absorb(bytes(long_input.substr(0, 167)));
  s.absorb(bytes(long_input.substr(167)));
  s.squeeze(std::span<std::uint8_t>(parts.data(), 1));
  s.squeeze(std::span<std::uint8_t>(parts.data() + 1, 200));
  s.squeeze(std::span<std::uint8_t>(parts.data() + 201, 299));
  EXPECT_EQ(one, parts);
}

}  // namespace
