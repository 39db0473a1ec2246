// CKM_AES_KEY_WRAP and CKM_AES_KEY_WRAP_KWP: Wycheproof aes_wrap_test.json
// and aes_kwp_test.json through both the wrap/unwrap functions and the
// encrypt/decrypt operations, IV parameters and length answers.
#include <gtest/gtest.h>

#include "aes_test_helpers.h"

namespace craton::aestest {
namespace {

Result<Bytes> wrap(const Mech& m, const mech::KeyRef& kek, ByteView key_bytes) {
  const mech::MechanismEntry* e = row(m.m.mechanism);
  TRY_ASSIGN(std::size_t need, e->wrap(m.ctx(kek), key_bytes, {}));
  Bytes out(need);
  TRY_ASSIGN(std::size_t n, e->wrap(m.ctx(kek), key_bytes, out));
  out.resize(n);
  return out;
}

Result<Bytes> unwrap(const Mech& m, const mech::KeyRef& kek, ByteView wrapped) {
  TRY_ASSIGN(SecureBytes key, row(m.m.mechanism)->unwrap(m.ctx(kek), wrapped));
  return Bytes(key.begin(), key.end());
}

struct Tally {
  int valid = 0, invalid = 0, acceptable = 0;
};

Tally run_wycheproof(CK_MECHANISM_TYPE type, const std::string& file) {
  const nlohmann::json doc = load_json(file);
  Tally tally;
  Mech m(type);
  for (const auto& group : doc["testGroups"]) {
    for (const auto& t : group["tests"]) {
      SCOPED_TRACE(testing::Message() << file << " tcId " << t["tcId"]);
      const Bytes key = hex(t["key"]), msg = hex(t["msg"]), ct = hex(t["ct"]);
      auto kek = aes_key(key);
      auto wrapped = wrap(m, kek, msg);
      auto encrypted = oneshot(m, kek, true, msg);
      auto unwrapped = unwrap(m, kek, ct);
      auto decrypted = oneshot(m, kek, false, ct);
      if (t["result"] == "valid") {
        ++tally.valid;
        EXPECT_TRUE(wrapped.is_ok() && to_hex(*wrapped) == to_hex(ct)) << wrapped.rv();
        EXPECT_TRUE(encrypted.is_ok() && to_hex(*encrypted) == to_hex(ct)) << encrypted.rv();
        EXPECT_TRUE(unwrapped.is_ok() && *unwrapped == msg) << unwrapped.rv();
        EXPECT_TRUE(decrypted.is_ok() && *decrypted == msg) << decrypted.rv();
        continue;
      }
      if (t["result"] == "acceptable") {
        // KW of an 8-byte key (RFC 3394 allows it, SP 800-38F does not): we
        // refuse it, which Wycheproof accepts; it must never "succeed" wrongly.
        ++tally.acceptable;
        EXPECT_EQ(wrapped.rv(), CKR_KEY_SIZE_RANGE);
        EXPECT_EQ(unwrapped.rv(), CKR_WRAPPED_KEY_LEN_RANGE);
        continue;
      }
      ++tally.invalid;
      EXPECT_TRUE(unwrapped.rv() == CKR_WRAPPED_KEY_INVALID || unwrapped.rv() == CKR_WRAPPED_KEY_LEN_RANGE)
          << unwrapped.rv();
      EXPECT_TRUE(decrypted.rv() == CKR_ENCRYPTED_DATA_INVALID || decrypted.rv() == CKR_ENCRYPTED_DATA_LEN_RANGE)
          << decrypted.rv();
      // The plaintext may be wrappable (e.g. a modified IV in the vector), but
      // it must not produce the invalid ciphertext.
      if (wrapped.is_ok()) {
        EXPECT_NE(to_hex(*wrapped), to_hex(ct));
      } else {
        EXPECT_EQ(wrapped.rv(), CKR_KEY_SIZE_RANGE);
      }
      if (encrypted.is_ok()) {
        EXPECT_NE(to_hex(*encrypted), to_hex(ct));
      } else {
        EXPECT_EQ(encrypted.rv(), CKR_DATA_LEN_RANGE);
      }
    }
  }
  return tally;
}

TEST(AesKeyWrap, WycheproofKw) {
  const Tally t = run_wycheproof(CKM_AES_KEY_WRAP, "wycheproof/aes_wrap_test.json");
  EXPECT_EQ(t.valid, 36);
  EXPECT_EQ(t.invalid, 126);
  EXPECT_EQ(t.acceptable, 3);
}

TEST(AesKeyWrap, WycheproofKwp) {
  const Tally t = run_wycheproof(CKM_AES_KEY_WRAP_KWP, "wycheproof/aes_kwp_test.json");
  EXPECT_EQ(t.valid, 77);
  EXPECT_EQ(t.invalid, 177);
}

TEST(AesKeyWrap, Rfc3394AndExplicitIv) {
  auto kek = aes_key(hex("000102030405060708090a0b0c0d0e0f"));
  const Bytes key_data = hex("00112233445566778899aabbccddeeff");
  const std::string want = "1fa68b0a8112b447aef34bd8fb5a7b829d3e862371d2cfe5";
  auto w = wrap(Mech(CKM_AES_KEY_WRAP), kek, key_data);
  ASSERT_TRUE(w.is_ok());
  EXPECT_EQ(to_hex(*w), want);
  const Bytes default_iv = hex("a6a6a6a6a6a6a6a6");
  Mech explicit_iv(CKM_AES_KEY_WRAP, default_iv.data(), default_iv.size());
  auto w2 = wrap(explicit_iv, kek, key_data);
  ASSERT_TRUE(w2.is_ok());
  EXPECT_EQ(to_hex(*w2), want);
  const Bytes other_iv = hex("0102030405060708");
  Mech other(CKM_AES_KEY_WRAP, other_iv.data(), other_iv.size());
  auto w3 = wrap(other, kek, key_data);
  ASSERT_TRUE(w3.is_ok());
  EXPECT_NE(to_hex(*w3), want);
  auto back = unwrap(other, kek, *w3);
  ASSERT_TRUE(back.is_ok());
  EXPECT_EQ(*back, key_data);
  EXPECT_EQ(unwrap(Mech(CKM_AES_KEY_WRAP), kek, *w3).rv(), CKR_WRAPPED_KEY_INVALID);
  const Bytes bad_len(4);
  Mech bad(CKM_AES_KEY_WRAP, bad_len.data(), bad_len.size());
  EXPECT_EQ(wrap(bad, kek, key_data).rv(), CKR_MECHANISM_PARAM_INVALID);
  EXPECT_EQ(wrap(Mech(CKM_AES_KEY_WRAP), aes_key(Bytes(16), CKK_DES3), key_data).rv(), CKR_KEY_TYPE_INCONSISTENT);
}

TEST(AesKeyWrap, Rfc5649AndExplicitIv) {
  auto kek = aes_key(hex("5840df6e29b02af1ab493b705bf16ea1ae8338f4dcc176a8"));
  const Bytes k20 = hex("c37b7e6492584340bed12207808941155068f738");
  const Bytes k7 = hex("466f7250617369");
  auto w20 = wrap(Mech(CKM_AES_KEY_WRAP_KWP), kek, k20);
  ASSERT_TRUE(w20.is_ok());
  EXPECT_EQ(to_hex(*w20), "138bdeaa9b8fa7fc61f97742e72248ee5ae6ae5360d1ae6a5f54f373fa543b6a");
  auto w7 = wrap(Mech(CKM_AES_KEY_WRAP_KWP), kek, k7);
  ASSERT_TRUE(w7.is_ok());
  EXPECT_EQ(to_hex(*w7), "afbeb0f07dfbf5419200f2ccb50bb24f");
  const Bytes default_iv = hex("a65959a6");
  auto same = wrap(Mech(CKM_AES_KEY_WRAP_KWP, default_iv.data(), default_iv.size()), kek, k7);
  ASSERT_TRUE(same.is_ok());
  EXPECT_EQ(*same, *w7);
  const Bytes other_iv = hex("01020304");
  Mech other(CKM_AES_KEY_WRAP_KWP, other_iv.data(), other_iv.size());
  auto w = wrap(other, kek, k20);
  ASSERT_TRUE(w.is_ok());
  EXPECT_NE(*w, *w20);
  EXPECT_EQ(unwrap(Mech(CKM_AES_KEY_WRAP_KWP), kek, *w).rv(), CKR_WRAPPED_KEY_INVALID);
  auto back = unwrap(other, kek, *w);
  ASSERT_TRUE(back.is_ok());
  EXPECT_EQ(*back, k20);
  EXPECT_EQ(wrap(Mech(CKM_AES_KEY_WRAP_KWP), kek, {}).rv(), CKR_KEY_SIZE_RANGE);
}

TEST(AesKeyWrap, LengthAnswersAndBufferTooSmall) {
  auto kek = aes_key(Bytes(32, 0x11));
  const Bytes key20(20, 0x22);
  const mech::MechanismEntry* e = row(CKM_AES_KEY_WRAP_KWP);
  Mech m(CKM_AES_KEY_WRAP_KWP);
  auto need = e->wrap(m.ctx(kek), key20, {});
  ASSERT_TRUE(need.is_ok());
  EXPECT_EQ(*need, 32U);
  Bytes small(31);
  auto r = e->wrap(m.ctx(kek), key20, small);
  ASSERT_EQ(r.rv(), CKR_BUFFER_TOO_SMALL);
  EXPECT_EQ(r.error().needed, 32U);

  // KWP decryption knows the exact length only after unwrapping; a short
  // buffer gets it back, and the retry on the same operation works.
  auto ct = oneshot(m, kek, true, key20);
  ASSERT_TRUE(ct.is_ok());
  auto op = cipher_op(m, kek, false);
  ASSERT_TRUE(op.is_ok());
  EXPECT_FALSE((*op)->multipart());
  EXPECT_EQ((*op)->oneshot_output_max(32), 24U);
  Bytes out(19);
  auto d = (*op)->oneshot(*ct, out);
  ASSERT_EQ(d.rv(), CKR_BUFFER_TOO_SMALL);
  EXPECT_EQ(d.error().needed, 20U);
  out.resize(20);
  auto d2 = (*op)->oneshot(*ct, out);
  ASSERT_TRUE(d2.is_ok());
  EXPECT_EQ(out, key20);

  Mech kw(CKM_AES_KEY_WRAP);
  EXPECT_EQ(row(CKM_AES_KEY_WRAP)->wrap(kw.ctx(kek), Bytes(20), {}).rv(), CKR_KEY_SIZE_RANGE);
  EXPECT_EQ(row(CKM_AES_KEY_WRAP)->unwrap(kw.ctx(kek), Bytes(20)).rv(), CKR_WRAPPED_KEY_LEN_RANGE);
  EXPECT_EQ(oneshot(kw, kek, true, Bytes(20)).rv(), CKR_DATA_LEN_RANGE);
  EXPECT_EQ(oneshot(kw, kek, false, Bytes(16)).rv(), CKR_ENCRYPTED_DATA_LEN_RANGE);
}

}  // namespace
}  // namespace craton::aestest
