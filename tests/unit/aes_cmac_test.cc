// CKM_AES_CMAC and CKM_AES_CMAC_GENERAL: Wycheproof aes_cmac_test.json
// (sign and verify, single- and multi-part), SP 800-38B examples, length
// checks and CKR_BUFFER_TOO_SMALL retries.
#include <gtest/gtest.h>

#include "aes_test_helpers.h"

namespace craton::aestest {
namespace {

Result<Bytes> sign(const Mech& m, const mech::KeyRef& key, ByteView data, std::size_t chunk = 0) {
  TRY_ASSIGN(auto op, row(m.m.mechanism)->sign(m.ctx(key)));
  Bytes out(op->signature_size());
  if (chunk == 0) {
    TRY_ASSIGN(std::size_t n, op->sign(data, out));
    out.resize(n);
    return out;
  }
  for (std::size_t off = 0; off < data.size(); off += chunk)
    TRY_STATUS(op->update(data.subspan(off, std::min(chunk, data.size() - off))));
  TRY_ASSIGN(std::size_t n, op->final(out));
  out.resize(n);
  return out;
}

Status verify(const Mech& m, const mech::KeyRef& key, ByteView data, ByteView mac, std::size_t chunk = 0) {
  TRY_ASSIGN(auto op, row(m.m.mechanism)->verify(m.ctx(key)));
  if (chunk == 0) return op->verify(data, mac);
  for (std::size_t off = 0; off < data.size(); off += chunk)
    TRY_STATUS(op->update(data.subspan(off, std::min(chunk, data.size() - off))));
  return op->final(mac);
}

TEST(AesCmac, Wycheproof) {
  const nlohmann::json doc = load_json("wycheproof/aes_cmac_test.json");
  int valid = 0, invalid = 0, bad_key_size = 0;
  Mech m(CKM_AES_CMAC);
  for (const auto& group : doc["testGroups"]) {
    ASSERT_EQ(group["tagSize"], 128);
    for (const auto& t : group["tests"]) {
      SCOPED_TRACE(testing::Message() << "tcId " << t["tcId"]);
      const Bytes key = hex(t["key"]), msg = hex(t["msg"]), tag = hex(t["tag"]);
      auto k = aes_key(key);
      if (key.size() != 16 && key.size() != 24 && key.size() != 32) {
        // InvalidKeySize cases: refused before any MAC is computed.
        EXPECT_EQ(t["result"], "invalid");
        EXPECT_EQ(row(CKM_AES_CMAC)->sign(m.ctx(k)).rv(), CKR_KEY_SIZE_RANGE);
        EXPECT_EQ(row(CKM_AES_CMAC)->verify(m.ctx(k)).rv(), CKR_KEY_SIZE_RANGE);
        ++bad_key_size;
        continue;
      }
      if (t["result"] == "valid") {
        ++valid;
        auto s = sign(m, k, msg);
        ASSERT_TRUE(s.is_ok());
        EXPECT_EQ(to_hex(*s), to_hex(tag));
        auto s2 = sign(m, k, msg, 7);
        ASSERT_TRUE(s2.is_ok());
        EXPECT_EQ(to_hex(*s2), to_hex(tag));
        EXPECT_EQ(verify(m, k, msg, tag).rv(), CKR_OK);
        EXPECT_EQ(verify(m, k, msg, tag, 3).rv(), CKR_OK);
      } else {
        ++invalid;
        EXPECT_EQ(verify(m, k, msg, tag).rv(), tag.size() == 16 ? CKR_SIGNATURE_INVALID : CKR_SIGNATURE_LEN_RANGE);
        EXPECT_EQ(verify(m, k, msg, tag, 5).rv(), tag.size() == 16 ? CKR_SIGNATURE_INVALID : CKR_SIGNATURE_LEN_RANGE);
      }
    }
  }
  EXPECT_EQ(valid, 63);
  EXPECT_EQ(invalid + bad_key_size, 248);
  EXPECT_EQ(bad_key_size, 5);
}

TEST(AesCmac, Sp80038bGeneralLengths) {
  // SP 800-38B / RFC 4493 example 2 (AES-128, 16-byte message).
  auto k = aes_key(hex("2b7e151628aed2a6abf7158809cf4f3c"));
  const Bytes msg = hex("6bc1bee22e409f96e93d7e117393172a");
  const std::string full = "070a16b46b4d4144f79bdd9dd04a287c";
  for (CK_ULONG len = 1; len <= 16; ++len) {
    Mech m(CKM_AES_CMAC_GENERAL, len);
    auto s = sign(m, k, msg);
    ASSERT_TRUE(s.is_ok());
    EXPECT_EQ(to_hex(*s), full.substr(0, 2 * len));
    EXPECT_EQ(verify(m, k, msg, *s).rv(), CKR_OK);
    Bytes wrong = *s;
    wrong[0] ^= 1;
    EXPECT_EQ(verify(m, k, msg, wrong).rv(), CKR_SIGNATURE_INVALID);
    EXPECT_EQ(verify(m, k, msg, hex(full)).rv(), len == 16 ? CKR_OK : CKR_SIGNATURE_LEN_RANGE);
  }
  for (CK_ULONG bad : {0UL, 17UL}) {
    Mech m(CKM_AES_CMAC_GENERAL, bad);
    EXPECT_EQ(row(CKM_AES_CMAC_GENERAL)->sign(m.ctx(k)).rv(), CKR_MECHANISM_PARAM_INVALID);
  }
  EXPECT_EQ(row(CKM_AES_CMAC_GENERAL)->sign(Mech(CKM_AES_CMAC_GENERAL).ctx(k)).rv(), CKR_MECHANISM_PARAM_INVALID);
  CK_ULONG junk = 16;
  EXPECT_EQ(row(CKM_AES_CMAC)->sign(Mech(CKM_AES_CMAC, junk).ctx(k)).rv(), CKR_MECHANISM_PARAM_INVALID);
  EXPECT_EQ(verify(Mech(CKM_AES_CMAC), k, msg, Bytes(15)).rv(), CKR_SIGNATURE_LEN_RANGE);
  EXPECT_EQ(verify(Mech(CKM_AES_CMAC), k, msg, Bytes(17)).rv(), CKR_SIGNATURE_LEN_RANGE);
}

TEST(AesCmac, BufferTooSmallKeepsState) {
  auto k = aes_key(hex("2b7e151628aed2a6abf7158809cf4f3c"));
  auto op = row(CKM_AES_CMAC)->sign(Mech(CKM_AES_CMAC).ctx(k));
  ASSERT_TRUE(op.is_ok());
  ASSERT_TRUE((*op)->multipart());
  ASSERT_EQ((*op)->update(hex("6bc1bee22e409f96")).rv(), CKR_OK);
  ASSERT_EQ((*op)->update(hex("e93d7e117393172a")).rv(), CKR_OK);
  Bytes small(15);
  auto r = (*op)->final(small);
  ASSERT_EQ(r.rv(), CKR_BUFFER_TOO_SMALL);
  EXPECT_EQ(r.error().needed, 16U);
  Bytes out(16);
  auto r2 = (*op)->final(out);
  ASSERT_TRUE(r2.is_ok());
  EXPECT_EQ(to_hex(out), "070a16b46b4d4144f79bdd9dd04a287c");
  // Empty message (RFC 4493 example 1) and a key used twice (cached template).
  auto e1 = sign(Mech(CKM_AES_CMAC), k, {});
  auto e2 = sign(Mech(CKM_AES_CMAC), k, {});
  ASSERT_TRUE(e1.is_ok() && e2.is_ok());
  EXPECT_EQ(to_hex(*e1), "bb1d6929e95937287fa37d129b756746");
  EXPECT_EQ(*e1, *e2);
}

}  // namespace
}  // namespace craton::aestest
