// CKM_AES_GCM and CKM_AES_CCM through C_Encrypt*/C_Decrypt*: Wycheproof
// aes_gcm_test.json, SP 800-38C Appendix C CCM examples, parameter checks,
// multi-part equality and CKR_BUFFER_TOO_SMALL retries.
#include <gtest/gtest.h>

#include "aes_test_helpers.h"
#include "crypto/cipher.h"

namespace craton::aestest {
namespace {

CK_GCM_PARAMS gcm(const Bytes& iv, const Bytes& aad, CK_ULONG tag_bits) {
  return CK_GCM_PARAMS{const_cast<CK_BYTE*>(iv.data()), iv.size(), iv.size() * 8,
                       aad.empty() ? nullptr : const_cast<CK_BYTE*>(aad.data()), aad.size(), tag_bits};
}

// Encrypts with a 257-byte (or any) IV straight through the crypto layer,
// for the Wycheproof cases whose IV exceeds what CK_GCM_PARAMS allows.
Result<Bytes> gcm_crypto_encrypt(const Bytes& key, const Bytes& iv, const Bytes& aad, const Bytes& msg) {
  TRY_ASSIGN(crypto::Cipher c, crypto::Cipher::create(crypto::CipherMode::kGcm, key, true));
  if (iv.size() > crypto::kGcmBackendMaxIv) {
    TRY_ASSIGN(auto eq, crypto::gcm_equivalent_iv(key, iv));
    TRY_STATUS(c.start(eq));
  } else {
    TRY_STATUS(c.start(iv));
  }
  TRY_STATUS(c.aad(aad));
  Bytes out(msg.size() + 16);
  TRY_STATUS(c.update(msg, MutableByteView(out.data(), msg.size())).status());
  TRY_STATUS(c.finish(MutableByteView(out.data() + msg.size(), 16)));
  return out;
}

TEST(AesGcm, Wycheproof) {
  const nlohmann::json doc = load_json("wycheproof/aes_gcm_test.json");
  int checked = 0, rejected_param = 0, long_iv_crypto = 0;
  for (const auto& group : doc["testGroups"]) {
    const CK_ULONG tag_bits = group["tagSize"];
    for (const auto& t : group["tests"]) {
      SCOPED_TRACE(testing::Message() << "tcId " << t["tcId"]);
      const Bytes key = hex(t["key"]), iv = hex(t["iv"]), aad = hex(t["aad"]), msg = hex(t["msg"]);
      const Bytes sealed = concat(hex(t["ct"]), hex(t["tag"]));
      const bool valid = t["result"] == "valid";
      auto k = aes_key(key);
      if (iv.size() > 256) {
        // PKCS#11 bounds ulIvLen to 256 bytes, so the mechanism must refuse;
        // the long-IV arithmetic below it is still checked against the vector.
        const CK_GCM_PARAMS p = gcm(iv, aad, tag_bits);
        EXPECT_EQ(cipher_op(Mech(CKM_AES_GCM, p), k, true).rv(), CKR_MECHANISM_PARAM_INVALID);
        auto direct = gcm_crypto_encrypt(key, iv, aad, msg);
        ASSERT_TRUE(direct.is_ok());
        EXPECT_EQ(to_hex(*direct) == to_hex(sealed), valid);
        ++long_iv_crypto;
        continue;
      }
      const CK_GCM_PARAMS p = gcm(iv, aad, tag_bits);
      Mech m(CKM_AES_GCM, p);
      if (iv.empty()) {
        // Zero-length IVs are invalid for GCM and for CK_GCM_PARAMS alike.
        EXPECT_FALSE(valid);
        EXPECT_EQ(cipher_op(m, k, false).rv(), CKR_MECHANISM_PARAM_INVALID);
        ++rejected_param;
        continue;
      }
      auto dec = oneshot(m, k, false, sealed);
      auto dec_mp = multipart(m, k, false, sealed, 7);
      if (valid) {
        auto enc = oneshot(m, k, true, msg);
        ASSERT_TRUE(enc.is_ok()) << enc.rv();
        EXPECT_EQ(to_hex(*enc), to_hex(sealed));
        auto enc_mp = multipart(m, k, true, msg, 5);
        ASSERT_TRUE(enc_mp.is_ok());
        EXPECT_EQ(to_hex(*enc_mp), to_hex(sealed));
        ASSERT_TRUE(dec.is_ok()) << dec.rv();
        EXPECT_EQ(to_hex(*dec), to_hex(msg));
        ASSERT_TRUE(dec_mp.is_ok());
        EXPECT_EQ(to_hex(*dec_mp), to_hex(msg));
      } else {
        EXPECT_EQ(dec.rv(), CKR_ENCRYPTED_DATA_INVALID);
        EXPECT_EQ(dec_mp.rv(), CKR_ENCRYPTED_DATA_INVALID);
      }
      ++checked;
    }
  }
  EXPECT_EQ(checked + rejected_param + long_iv_crypto, 316);
  EXPECT_EQ(rejected_param, 6);   // ZeroLengthIv cases
  EXPECT_EQ(long_iv_crypto, 3);   // 2056-bit IVs: above the PKCS#11 bound
  RecordProperty("gcm_skipped_pkcs11_iv_bound", long_iv_crypto);
}

TEST(AesGcm, TruncatedTagsAndLegacyLayout) {
  const Bytes key = hex("00000000000000000000000000000000");
  const Bytes iv = hex("000000000000000000000000");
  const Bytes msg = hex("00000000000000000000000000000000");
  // McGrew-Viega test case 2.
  const std::string full = "0388dace60b6a392f328c2b971b2fe78ab6e47d42cec13bdf53a67b21257bddf";
  auto k = aes_key(key);
  for (CK_ULONG bits : {32UL, 64UL, 96UL, 104UL, 112UL, 120UL, 128UL}) {
    const CK_GCM_PARAMS p = gcm(iv, {}, bits);
    auto enc = oneshot(Mech(CKM_AES_GCM, p), k, true, msg);
    ASSERT_TRUE(enc.is_ok());
    EXPECT_EQ(to_hex(*enc), full.substr(0, 32 + bits / 4)) << bits;
    auto dec = oneshot(Mech(CKM_AES_GCM, p), k, false, *enc);
    ASSERT_TRUE(dec.is_ok());
    EXPECT_EQ(*dec, msg);
  }
  for (CK_ULONG bad : {0UL, 8UL, 31UL, 33UL, 65UL, 88UL, 100UL, 136UL}) {
    const CK_GCM_PARAMS p = gcm(iv, {}, bad);
    EXPECT_EQ(cipher_op(Mech(CKM_AES_GCM, p), k, true).rv(), CKR_MECHANISM_PARAM_INVALID) << bad;
  }
  // ulIvBits: 0 is tolerated, a value that disagrees with ulIvLen is not.
  CK_GCM_PARAMS p = gcm(iv, {}, 128);
  p.ulIvBits = 0;
  EXPECT_TRUE(oneshot(Mech(CKM_AES_GCM, p), k, true, msg).is_ok());
  p.ulIvBits = 64;
  EXPECT_EQ(cipher_op(Mech(CKM_AES_GCM, p), k, true).rv(), CKR_MECHANISM_PARAM_INVALID);
  p = gcm(iv, {}, 128);
  p.pAAD = nullptr;
  p.ulAADLen = 4;
  EXPECT_EQ(cipher_op(Mech(CKM_AES_GCM, p), k, true).rv(), CKR_MECHANISM_PARAM_INVALID);
  // The pre-errata layout without ulIvBits.
  struct Legacy {
    CK_BYTE_PTR pIv;
    CK_ULONG ulIvLen;
    CK_BYTE_PTR pAAD;
    CK_ULONG ulAADLen;
    CK_ULONG ulTagBits;
  } legacy{const_cast<CK_BYTE*>(iv.data()), iv.size(), nullptr, 0, 128};
  auto enc = oneshot(Mech(CKM_AES_GCM, legacy), k, true, msg);
  ASSERT_TRUE(enc.is_ok());
  EXPECT_EQ(to_hex(*enc), full);
}

TEST(AesGcm, IvLengthsUpTo256) {
  const Bytes key(32, 0x42), aad = hex("feedface"), msg(40, 0x17);
  auto k = aes_key(key);
  // IVs above OpenSSL's 128-byte limit; answers from an independent
  // SP 800-38D implementation (bitwise GHASH), itself checked against the
  // Wycheproof 2056-bit IV vectors.
  const std::pair<std::size_t, const char*> kLong[] = {
      {129, "2d7fd57ab6ea214573c8fa0a41d2a8b12a47c031c5193040d55e0d22832967fc6e345ef6b6733bc8baa2694d57faeb0ee530c33518f82d27"},
      {200, "72983b1e1e04c011c2ab94d70ca0ec5351a7ad70e96b89ea1337dd628f02fcfc8f5bb571800b950041c84029e562800cf89815cd53349648"},
      {256, "7a0def7e1623bdbbdc5a6da8b84d473e662cd1bc92e747f24dea3c014574b8dc7b256671249f782e9463cc02f1f3d20c6fda9e3c80a963c0"},
  };
  for (const auto& [n, want] : kLong) {
    const Bytes iv(n, static_cast<std::uint8_t>(n));
    const CK_GCM_PARAMS p = gcm(iv, aad, 128);
    auto enc = oneshot(Mech(CKM_AES_GCM, p), k, true, msg);
    ASSERT_TRUE(enc.is_ok()) << n;
    EXPECT_EQ(to_hex(*enc), want) << n;
    auto dec = multipart(Mech(CKM_AES_GCM, p), k, false, *enc, 9);
    ASSERT_TRUE(dec.is_ok()) << n;
    EXPECT_EQ(*dec, msg);
  }
  for (std::size_t n : {1, 8, 16, 128}) {
    const Bytes iv(n, static_cast<std::uint8_t>(n));
    const CK_GCM_PARAMS p = gcm(iv, aad, 128);
    auto enc = oneshot(Mech(CKM_AES_GCM, p), k, true, msg);
    ASSERT_TRUE(enc.is_ok()) << n;
    auto dec = oneshot(Mech(CKM_AES_GCM, p), k, false, *enc);
    ASSERT_TRUE(dec.is_ok()) << n;
    EXPECT_EQ(*dec, msg);
  }
}

TEST(AesGcm, BufferTooSmallKeepsStateAndNoEarlyPlaintext) {
  const Bytes key(16, 1), iv(12, 2), msg(50, 3);
  auto k = aes_key(key);
  const CK_GCM_PARAMS p = gcm(iv, {}, 128);
  Mech m(CKM_AES_GCM, p);
  auto sealed = oneshot(m, k, true, msg);
  ASSERT_TRUE(sealed.is_ok());
  ASSERT_EQ(sealed->size(), 66U);

  auto op = cipher_op(m, k, false);
  ASSERT_TRUE(op.is_ok());
  Bytes out(66);
  auto u = (*op)->update(*sealed, out);
  ASSERT_TRUE(u.is_ok());
  EXPECT_EQ(*u, 0U);  // nothing before the tag is checked
  EXPECT_EQ((*op)->final_output_max(), 50U);
  Bytes small(49);
  auto f = (*op)->final(small);
  ASSERT_EQ(f.rv(), CKR_BUFFER_TOO_SMALL);
  EXPECT_EQ(f.error().needed, 50U);
  auto f2 = (*op)->final(out);
  ASSERT_TRUE(f2.is_ok());
  out.resize(*f2);
  EXPECT_EQ(out, msg);

  auto enc = cipher_op(m, k, true);
  ASSERT_TRUE(enc.is_ok());
  Bytes tiny(10), big(66);
  EXPECT_EQ((*enc)->oneshot(msg, tiny).rv(), CKR_BUFFER_TOO_SMALL);
  auto r = (*enc)->oneshot(msg, big);
  ASSERT_TRUE(r.is_ok());
  EXPECT_EQ(big, *sealed);

  Bytes tampered = *sealed;
  tampered[3] ^= 1;
  Bytes plain(66, 0xAA);
  auto bad = cipher_op(m, k, false);
  ASSERT_TRUE(bad.is_ok());
  EXPECT_EQ((*bad)->oneshot(tampered, plain).rv(), CKR_ENCRYPTED_DATA_INVALID);
  EXPECT_EQ(Bytes(plain.begin(), plain.begin() + 50), Bytes(50, 0)) << "plaintext of a forged message must not remain";
  EXPECT_EQ(oneshot(m, k, false, Bytes(15)).rv(), CKR_ENCRYPTED_DATA_LEN_RANGE);
}

struct CcmCase {
  const char* nonce;
  std::string aad;
  const char* plain;
  CK_ULONG mac_len;
  const char* sealed;
};

TEST(AesCcm, Sp80038cAppendixC) {
  std::string big_aad;
  for (int i = 0; i < 65536; ++i) big_aad += to_hex(Bytes{static_cast<std::uint8_t>(i & 0xff)});
  const CcmCase kCases[] = {
      {"10111213141516", "0001020304050607", "20212223", 4, "7162015b4dac255d"},
      {"1011121314151617", "000102030405060708090a0b0c0d0e0f", "202122232425262728292a2b2c2d2e2f", 6,
       "d2a1f0e051ea5f62081a7792073d593d1fc64fbfaccd"},
      {"101112131415161718191a1b", "000102030405060708090a0b0c0d0e0f10111213",
       "202122232425262728292a2b2c2d2e2f3031323334353637", 8,
       "e3b201a9f5b71a7a9b1ceaeccd97e70b6176aad9a4428aa5484392fbc1b09951"},
      {"101112131415161718191a1b1c", big_aad, "202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f", 14,
       "69915dad1e84c6376a68c2967e4dab615ae0fd1faec44cc484828529463ccf72b4ac6bec93e8598e7f0dadbcea5b"},
  };
  auto k = aes_key(hex("404142434445464748494a4b4c4d4e4f"));
  for (const CcmCase& c : kCases) {
    const Bytes nonce = hex(c.nonce), aad = hex(c.aad), plain = hex(c.plain);
    CK_CCM_PARAMS p{plain.size(), const_cast<CK_BYTE*>(nonce.data()), nonce.size(),
                    const_cast<CK_BYTE*>(aad.data()), aad.size(), c.mac_len};
    Mech m(CKM_AES_CCM, p);
    auto enc = oneshot(m, k, true, plain);
    ASSERT_TRUE(enc.is_ok()) << enc.rv();
    EXPECT_EQ(to_hex(*enc), c.sealed);
    auto enc_mp = multipart(m, k, true, plain, 3);
    ASSERT_TRUE(enc_mp.is_ok());
    EXPECT_EQ(to_hex(*enc_mp), c.sealed);
    auto dec = oneshot(m, k, false, hex(c.sealed));
    ASSERT_TRUE(dec.is_ok()) << dec.rv();
    EXPECT_EQ(*dec, plain);
    auto dec_mp = multipart(m, k, false, hex(c.sealed), 5);
    ASSERT_TRUE(dec_mp.is_ok());
    EXPECT_EQ(*dec_mp, plain);
    Bytes forged = hex(c.sealed);
    forged.back() ^= 0x80;
    EXPECT_EQ(oneshot(m, k, false, forged).rv(), CKR_ENCRYPTED_DATA_INVALID);
    EXPECT_EQ(oneshot(m, k, true, Bytes(plain.size() + 1)).rv(), CKR_DATA_LEN_RANGE);
    EXPECT_EQ(oneshot(m, k, false, Bytes(plain.size())).rv(), CKR_ENCRYPTED_DATA_LEN_RANGE);
  }
}

TEST(AesCcm, ParameterLimitsAndEmptyPayload) {
  auto k = aes_key(Bytes(16, 5));
  const Bytes nonce(13, 1);
  CK_CCM_PARAMS p{0, const_cast<CK_BYTE*>(nonce.data()), 13, nullptr, 0, 16};
  auto enc = oneshot(Mech(CKM_AES_CCM, p), k, true, {});
  ASSERT_TRUE(enc.is_ok());
  EXPECT_EQ(enc->size(), 16U);
  auto dec = oneshot(Mech(CKM_AES_CCM, p), k, false, *enc);
  ASSERT_TRUE(dec.is_ok());
  EXPECT_TRUE(dec->empty());
  Bytes forged = *enc;
  forged[0] ^= 1;
  EXPECT_EQ(oneshot(Mech(CKM_AES_CCM, p), k, false, forged).rv(), CKR_ENCRYPTED_DATA_INVALID);

  auto expect_bad = [&](CK_CCM_PARAMS q) {
    EXPECT_EQ(cipher_op(Mech(CKM_AES_CCM, q), k, true).rv(), CKR_MECHANISM_PARAM_INVALID);
  };
  CK_CCM_PARAMS q = p;
  for (CK_ULONG n : {0UL, 6UL, 14UL}) {
    q.ulNonceLen = n;
    expect_bad(q);
  }
  q = p;
  for (CK_ULONG mac : {0UL, 2UL, 5UL, 18UL}) {
    q.ulMACLen = mac;
    expect_bad(q);
  }
  q = p;  // 13-byte nonce leaves L = 2: payload below 65536 bytes
  q.ulDataLen = 65536;
  expect_bad(q);
  q.ulDataLen = 65535;
  EXPECT_TRUE(cipher_op(Mech(CKM_AES_CCM, q), k, true).is_ok());
  q = p;
  q.pNonce = nullptr;
  expect_bad(q);
}

}  // namespace
}  // namespace craton::aestest
