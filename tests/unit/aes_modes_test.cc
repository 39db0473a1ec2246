// AES key generation, registry rows, ECB/CBC/CBC_PAD/CTR: known answers
// (FIPS 197, SP 800-38A), Wycheproof aes_cbc_pkcs5_test.json, multi-part
// equality, CTR counter-wrap limits and CKR_BUFFER_TOO_SMALL retries.
#include <gtest/gtest.h>

#include <cstring>

#include "aes_test_helpers.h"

namespace craton::aestest {
namespace {

// SP 800-38A test key, IV/counter and four-block plaintext.
const Bytes kSpKey = hex("2b7e151628aed2a6abf7158809cf4f3c");
const Bytes kSpPlain = hex(
    "6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51"
    "30c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710");

TEST(AesRegistry, RowsHaveSizesFlagsAndFactories) {
  struct Want {
    CK_MECHANISM_TYPE type;
    CK_FLAGS flags;
  };
  const Want kWant[] = {
      {CKM_AES_KEY_GEN, CKF_GENERATE},
      {CKM_AES_ECB, CKF_ENCRYPT | CKF_DECRYPT},
      {CKM_AES_CBC, CKF_ENCRYPT | CKF_DECRYPT},
      {CKM_AES_CBC_PAD, CKF_ENCRYPT | CKF_DECRYPT | CKF_WRAP | CKF_UNWRAP},
      {CKM_AES_CTR, CKF_ENCRYPT | CKF_DECRYPT},
      {CKM_AES_GCM, CKF_ENCRYPT | CKF_DECRYPT | CKF_MESSAGE_ENCRYPT | CKF_MESSAGE_DECRYPT | CKF_MULTI_MESSAGE},
      {CKM_AES_CCM, CKF_ENCRYPT | CKF_DECRYPT | CKF_MESSAGE_ENCRYPT | CKF_MESSAGE_DECRYPT | CKF_MULTI_MESSAGE},
      {CKM_AES_KEY_WRAP, CKF_ENCRYPT | CKF_DECRYPT | CKF_WRAP | CKF_UNWRAP},
      {CKM_AES_KEY_WRAP_KWP, CKF_ENCRYPT | CKF_DECRYPT | CKF_WRAP | CKF_UNWRAP},
      {CKM_AES_CMAC, CKF_SIGN | CKF_VERIFY},
      {CKM_AES_CMAC_GENERAL, CKF_SIGN | CKF_VERIFY},
  };
  for (const Want& w : kWant) {
    const mech::MechanismEntry* e = row(w.type);
    ASSERT_NE(e, nullptr) << std::hex << w.type;
    EXPECT_EQ(e->flags, w.flags) << e->name;
    EXPECT_EQ(e->min_key_size, 16U);
    EXPECT_EQ(e->max_key_size, 32U);
    EXPECT_TRUE(e->fips_approved);
    EXPECT_EQ(e->encrypt != nullptr, (w.flags & CKF_ENCRYPT) != 0) << e->name;
    EXPECT_EQ(e->decrypt != nullptr, (w.flags & CKF_DECRYPT) != 0) << e->name;
    EXPECT_EQ(e->message_encrypt != nullptr, (w.flags & CKF_MESSAGE_ENCRYPT) != 0) << e->name;
    EXPECT_EQ(e->wrap != nullptr, (w.flags & CKF_WRAP) != 0) << e->name;
    EXPECT_EQ(e->unwrap != nullptr, (w.flags & CKF_UNWRAP) != 0) << e->name;
    EXPECT_EQ(e->sign != nullptr, (w.flags & CKF_SIGN) != 0) << e->name;
    EXPECT_EQ(e->verify != nullptr, (w.flags & CKF_VERIFY) != 0) << e->name;
    EXPECT_EQ(e->generate_key != nullptr, (w.flags & CKF_GENERATE) != 0) << e->name;
  }
}

TEST(AesKeyGen, GeneratesRequestedLengthAndRejectsOthers) {
  const mech::MechanismEntry* e = row(CKM_AES_KEY_GEN);
  ASSERT_NE(e, nullptr);
  Mech m(CKM_AES_KEY_GEN);
  Bytes first;
  for (CK_ULONG len : {16UL, 24UL, 32UL}) {
    objects::AttributeMap tmpl;
    tmpl.set_ulong(CKA_VALUE_LEN, len);
    auto r = e->generate_key(m.ctx(nullptr), tmpl);
    ASSERT_TRUE(r.is_ok()) << r.rv();
    EXPECT_EQ(r->get_ulong(CKA_CLASS), CKO_SECRET_KEY);
    EXPECT_EQ(r->get_ulong(CKA_KEY_TYPE), CKK_AES);
    EXPECT_EQ(r->get_ulong(CKA_VALUE_LEN), len);
    ASSERT_EQ(r->view(CKA_VALUE).size(), len);
    if (first.empty()) first.assign(r->view(CKA_VALUE).begin(), r->view(CKA_VALUE).end());
  }
  objects::AttributeMap again;
  again.set_ulong(CKA_VALUE_LEN, 16);
  auto second = e->generate_key(m.ctx(nullptr), again);
  ASSERT_TRUE(second.is_ok());
  EXPECT_NE(to_hex(first), to_hex(second->view(CKA_VALUE)));  // fresh randomness

  objects::AttributeMap none;
  EXPECT_EQ(e->generate_key(m.ctx(nullptr), none).rv(), CKR_TEMPLATE_INCOMPLETE);
  for (CK_ULONG bad : {0UL, 8UL, 17UL, 64UL}) {
    objects::AttributeMap t;
    t.set_ulong(CKA_VALUE_LEN, bad);
    EXPECT_EQ(e->generate_key(m.ctx(nullptr), t).rv(), CKR_KEY_SIZE_RANGE) << bad;
  }
  objects::AttributeMap wrong_type;
  wrong_type.set_ulong(CKA_VALUE_LEN, 16);
  wrong_type.set_ulong(CKA_KEY_TYPE, CKK_GENERIC_SECRET);
  EXPECT_EQ(e->generate_key(m.ctx(nullptr), wrong_type).rv(), CKR_TEMPLATE_INCONSISTENT);
  CK_BYTE junk[4] = {};
  Mech with_param(CKM_AES_KEY_GEN, junk, sizeof junk);
  EXPECT_EQ(e->generate_key(with_param.ctx(nullptr), again).rv(), CKR_MECHANISM_PARAM_INVALID);
}

TEST(AesKeyChecks, WrongTypeClassOrSize) {
  Mech ecb(CKM_AES_ECB);
  const Bytes k16(16, 1);
  EXPECT_EQ(cipher_op(ecb, aes_key(k16, CKK_GENERIC_SECRET), true).rv(), CKR_KEY_TYPE_INCONSISTENT);
  EXPECT_EQ(cipher_op(ecb, aes_key(k16, CKK_AES, CKO_PUBLIC_KEY), true).rv(), CKR_KEY_TYPE_INCONSISTENT);
  for (std::size_t n : {0, 8, 15, 20, 33, 64})
    EXPECT_EQ(cipher_op(ecb, aes_key(Bytes(n, 1)), true).rv(), CKR_KEY_SIZE_RANGE) << n;
  CK_BYTE iv[15] = {};
  EXPECT_EQ(cipher_op(Mech(CKM_AES_CBC, iv, sizeof iv), aes_key(k16), true).rv(), CKR_MECHANISM_PARAM_INVALID);
  EXPECT_EQ(cipher_op(Mech(CKM_AES_CBC), aes_key(k16), true).rv(), CKR_MECHANISM_PARAM_INVALID);
  EXPECT_EQ(cipher_op(Mech(CKM_AES_ECB, iv, sizeof iv), aes_key(k16), true).rv(), CKR_MECHANISM_PARAM_INVALID);
}

TEST(AesEcb, Fips197AppendixC) {
  const Bytes plain = hex("00112233445566778899aabbccddeeff");
  struct Case {
    const char* key;
    const char* ct;
  };
  const Case kCases[] = {
      {"000102030405060708090a0b0c0d0e0f", "69c4e0d86a7b0430d8cdb78070b4c55a"},
      {"000102030405060708090a0b0c0d0e0f1011121314151617", "dda97ca4864cdfe06eaf70a0ec0d7191"},
      {"000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f", "8ea2b7ca516745bfeafc49904b496089"},
  };
  for (const Case& c : kCases) {
    auto key = aes_key(hex(c.key));
    auto ct = oneshot(Mech(CKM_AES_ECB), key, true, plain);
    ASSERT_TRUE(ct.is_ok()) << ct.rv();
    EXPECT_EQ(to_hex(*ct), c.ct);
    auto pt = oneshot(Mech(CKM_AES_ECB), key, false, *ct);
    ASSERT_TRUE(pt.is_ok());
    EXPECT_EQ(*pt, plain);
  }
  auto key = aes_key(hex(kCases[0].key));
  EXPECT_EQ(oneshot(Mech(CKM_AES_ECB), key, true, Bytes(17)).rv(), CKR_DATA_LEN_RANGE);
  EXPECT_EQ(oneshot(Mech(CKM_AES_ECB), key, false, Bytes(15)).rv(), CKR_ENCRYPTED_DATA_LEN_RANGE);
  EXPECT_EQ(multipart(Mech(CKM_AES_ECB), key, true, Bytes(17), 5).rv(), CKR_DATA_LEN_RANGE);
}

TEST(AesCbc, Sp80038aF21AndMultipart) {
  const Bytes iv = hex("000102030405060708090a0b0c0d0e0f");
  const std::string want =
      "7649abac8119b246cee98e9b12e9197d5086cb9b507219ee95db113a917678b2"
      "73bed6b8e3c1743b7116e69e222295163ff1caa1681fac09120eca307586e1a7";
  Mech m(CKM_AES_CBC, iv.data(), iv.size());
  auto key = aes_key(kSpKey);
  auto ct = oneshot(m, key, true, kSpPlain);
  ASSERT_TRUE(ct.is_ok()) << ct.rv();
  EXPECT_EQ(to_hex(*ct), want);
  for (std::size_t chunk : {1, 5, 16, 17, 33}) {
    auto mp = multipart(m, key, true, kSpPlain, chunk);
    ASSERT_TRUE(mp.is_ok()) << chunk;
    EXPECT_EQ(to_hex(*mp), want) << chunk;
    auto dec = multipart(m, key, false, *ct, chunk);
    ASSERT_TRUE(dec.is_ok()) << chunk;
    EXPECT_EQ(*dec, kSpPlain) << chunk;
  }
  EXPECT_EQ(oneshot(m, key, true, Bytes(31)).rv(), CKR_DATA_LEN_RANGE);
  EXPECT_EQ(multipart(m, key, false, Bytes(33), 7).rv(), CKR_ENCRYPTED_DATA_LEN_RANGE);
}

TEST(AesCbc, InPlaceMultipartWithCarriedBlock) {
  const Bytes iv(16, 7);
  Mech m(CKM_AES_CBC, iv.data(), iv.size());
  auto key = aes_key(kSpKey);
  auto want = oneshot(m, key, true, kSpPlain);
  ASSERT_TRUE(want.is_ok());
  auto op = cipher_op(m, key, true);
  ASSERT_TRUE(op.is_ok());
  Bytes buf = kSpPlain;
  buf.resize(80);
  auto a = (*op)->update(ByteView(buf.data(), 5), MutableByteView(buf.data(), 5));
  ASSERT_TRUE(a.is_ok());
  EXPECT_EQ(*a, 0U);
  // The other 59 bytes are encrypted in place while 5 are carried, so the
  // output (64 bytes) starts where the input does and runs past it.
  auto b = (*op)->update(ByteView(buf.data() + 5, 59), MutableByteView(buf.data() + 5, 75));
  ASSERT_TRUE(b.is_ok());
  ASSERT_EQ(*b, 64U);
  EXPECT_EQ(to_hex(ByteView(buf.data() + 5, 64)), to_hex(*want));
}

TEST(AesCtr, Sp80038aF51AndCounterBits) {
  const std::string want =
      "874d6191b620e3261bef6864990db6ce9806f66b7970fdff8617187bb9fffdff"
      "5ae4df3edbd5d35e5b4f09020db03eab1e031dda2fbe03d1792170a0f3009cee";
  CK_AES_CTR_PARAMS p{};
  const Bytes cb = hex("f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff");
  std::memcpy(p.cb, cb.data(), 16);
  auto key = aes_key(kSpKey);
  for (CK_ULONG bits : {16UL, 32UL, 64UL, 100UL, 128UL}) {
    p.ulCounterBits = bits;
    Mech m(CKM_AES_CTR, p);
    auto ct = oneshot(m, key, true, kSpPlain);
    ASSERT_TRUE(ct.is_ok()) << bits << " " << ct.rv();
    EXPECT_EQ(to_hex(*ct), want) << bits;
    for (std::size_t chunk : {1, 7, 16, 40}) {
      auto mp = multipart(m, key, false, *ct, chunk);
      ASSERT_TRUE(mp.is_ok());
      EXPECT_EQ(*mp, kSpPlain);
    }
  }
  // 8 counter bits starting at 0xff leave one block; the next would wrap.
  p.ulCounterBits = 8;
  Mech m8(CKM_AES_CTR, p);
  EXPECT_EQ(oneshot(m8, key, true, kSpPlain).rv(), CKR_DATA_LEN_RANGE);
  EXPECT_EQ(oneshot(m8, key, false, kSpPlain).rv(), CKR_ENCRYPTED_DATA_LEN_RANGE);
  auto one = oneshot(m8, key, true, ByteView(kSpPlain.data(), 16));
  ASSERT_TRUE(one.is_ok());
  EXPECT_EQ(to_hex(*one), want.substr(0, 32));
  for (CK_ULONG bad : {0UL, 129UL}) {
    p.ulCounterBits = bad;
    EXPECT_EQ(cipher_op(Mech(CKM_AES_CTR, p), key, true).rv(), CKR_MECHANISM_PARAM_INVALID);
  }
}

TEST(AesCtr, MultipartWrapRejectedWithoutConsumingState) {
  CK_AES_CTR_PARAMS p{};
  p.ulCounterBits = 4;
  p.cb[15] = 0x0e;  // counter field 0xe: values 0xe and 0xf left, 32 bytes
  auto key = aes_key(kSpKey);
  auto op = cipher_op(Mech(CKM_AES_CTR, p), key, true);
  ASSERT_TRUE(op.is_ok());
  Bytes out(64);
  ASSERT_EQ((*op)->update(ByteView(kSpPlain.data(), 10), out).rv(), CKR_OK);
  EXPECT_EQ((*op)->update(ByteView(kSpPlain.data(), 23), out).rv(), CKR_DATA_LEN_RANGE);
  auto r = (*op)->update(ByteView(kSpPlain.data(), 22), out);  // exactly fills block 2
  ASSERT_TRUE(r.is_ok());
  EXPECT_EQ(*r, 22U);
  EXPECT_EQ((*op)->update(ByteView(kSpPlain.data(), 1), out).rv(), CKR_DATA_LEN_RANGE);
  // Full 128-bit counter at its last value: exactly one block.
  CK_AES_CTR_PARAMS q{};
  q.ulCounterBits = 128;
  std::memset(q.cb, 0xff, 16);
  EXPECT_TRUE(oneshot(Mech(CKM_AES_CTR, q), key, true, Bytes(16)).is_ok());
  EXPECT_EQ(oneshot(Mech(CKM_AES_CTR, q), key, true, Bytes(17)).rv(), CKR_DATA_LEN_RANGE);
}

TEST(AesCbcPad, WycheproofCbcPkcs5) {
  const nlohmann::json doc = load_json("wycheproof/aes_cbc_pkcs5_test.json");
  int checked = 0;
  for (const auto& group : doc["testGroups"]) {
    for (const auto& t : group["tests"]) {
      const Bytes key = hex(t["key"]), iv = hex(t["iv"]), msg = hex(t["msg"]), ct = hex(t["ct"]);
      const bool valid = t["result"] == "valid";
      Mech m(CKM_AES_CBC_PAD, iv.data(), iv.size());
      auto k = aes_key(key);
      SCOPED_TRACE(testing::Message() << "tcId " << t["tcId"]);
      auto dec = oneshot(m, k, false, ct);
      auto dec_mp = multipart(m, k, false, ct, 7);
      if (valid) {
        auto enc = oneshot(m, k, true, msg);
        ASSERT_TRUE(enc.is_ok());
        EXPECT_EQ(to_hex(*enc), to_hex(ct));
        auto enc_mp = multipart(m, k, true, msg, 5);
        ASSERT_TRUE(enc_mp.is_ok());
        EXPECT_EQ(to_hex(*enc_mp), to_hex(ct));
        ASSERT_TRUE(dec.is_ok()) << dec.rv();
        EXPECT_EQ(to_hex(*dec), to_hex(msg));
        ASSERT_TRUE(dec_mp.is_ok());
        EXPECT_EQ(to_hex(*dec_mp), to_hex(msg));
      } else {
        EXPECT_TRUE(dec.rv() == CKR_ENCRYPTED_DATA_INVALID || dec.rv() == CKR_ENCRYPTED_DATA_LEN_RANGE) << dec.rv();
        EXPECT_EQ(dec_mp.rv(), dec.rv());
      }
      ++checked;
    }
  }
  EXPECT_EQ(checked, 216);
}

TEST(AesCbcPad, BufferTooSmallKeepsState) {
  const Bytes iv(16, 3);
  Mech m(CKM_AES_CBC_PAD, iv.data(), iv.size());
  auto key = aes_key(kSpKey);
  const Bytes msg(kSpPlain.begin(), kSpPlain.begin() + 37);  // 37 bytes: ciphertext 48
  auto ct = oneshot(m, key, true, msg);
  ASSERT_TRUE(ct.is_ok());
  ASSERT_EQ(ct->size(), 48U);

  // One-shot decryption into a buffer just one byte short: the exact length
  // comes back and a retry with it succeeds.
  auto op = cipher_op(m, key, false);
  ASSERT_TRUE(op.is_ok());
  EXPECT_EQ((*op)->oneshot_output_max(48), 48U);
  Bytes small(36);
  auto r = (*op)->oneshot(*ct, small);
  ASSERT_EQ(r.rv(), CKR_BUFFER_TOO_SMALL);
  EXPECT_EQ(r.error().needed, 37U);
  Bytes exact(37);
  auto r2 = (*op)->oneshot(*ct, exact);
  ASSERT_TRUE(r2.is_ok()) << r2.rv();
  EXPECT_EQ(exact, msg);

  // Multi-part: the last block is held back until Final; a too-small Final
  // buffer is answered and the retry still succeeds.
  auto op2 = cipher_op(m, key, false);
  ASSERT_TRUE(op2.is_ok());
  Bytes out(48);
  Bytes tiny(2);
  EXPECT_EQ((*op2)->update(ByteView(ct->data(), 32), tiny).rv(), CKR_BUFFER_TOO_SMALL);
  auto u = (*op2)->update(ByteView(ct->data(), 32), out);
  ASSERT_TRUE(u.is_ok());
  EXPECT_EQ(*u, 16U);  // the second block is held back
  auto u2 = (*op2)->update(ByteView(ct->data() + 32, 16), MutableByteView(out.data() + 16, 32));
  ASSERT_TRUE(u2.is_ok());
  EXPECT_EQ(*u2, 16U);
  auto f = (*op2)->final(tiny);
  ASSERT_EQ(f.rv(), CKR_BUFFER_TOO_SMALL);
  EXPECT_EQ(f.error().needed, 5U);
  auto f2 = (*op2)->final(MutableByteView(out.data() + 32, 16));
  ASSERT_TRUE(f2.is_ok());
  EXPECT_EQ(*f2, 5U);
  out.resize(37);
  EXPECT_EQ(out, msg);

  // Encryption Final with too small a buffer, then the retry.
  auto op3 = cipher_op(m, key, true);
  ASSERT_TRUE(op3.is_ok());
  Bytes enc(64);
  auto e1 = (*op3)->update(msg, enc);
  ASSERT_TRUE(e1.is_ok());
  EXPECT_EQ((*op3)->final(tiny).rv(), CKR_BUFFER_TOO_SMALL);
  auto e2 = (*op3)->final(MutableByteView(enc.data() + *e1, 16));
  ASSERT_TRUE(e2.is_ok());
  enc.resize(*e1 + *e2);
  EXPECT_EQ(enc, *ct);
}

TEST(AesCbcPad, EmptyInputAndBadLengths) {
  const Bytes iv(16, 9);
  Mech m(CKM_AES_CBC_PAD, iv.data(), iv.size());
  auto key = aes_key(kSpKey);
  auto ct = oneshot(m, key, true, {});
  ASSERT_TRUE(ct.is_ok());
  EXPECT_EQ(ct->size(), 16U);
  auto pt = oneshot(m, key, false, *ct);
  ASSERT_TRUE(pt.is_ok());
  EXPECT_TRUE(pt->empty());
  EXPECT_EQ(oneshot(m, key, false, {}).rv(), CKR_ENCRYPTED_DATA_LEN_RANGE);
  EXPECT_EQ(oneshot(m, key, false, Bytes(20)).rv(), CKR_ENCRYPTED_DATA_LEN_RANGE);
  EXPECT_EQ(multipart(m, key, false, Bytes(20), 3).rv(), CKR_ENCRYPTED_DATA_LEN_RANGE);
}

}  // namespace
}  // namespace craton::aestest
