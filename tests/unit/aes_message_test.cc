// PKCS#11 3.0 message-based AES-GCM / AES-CCM: generated IVs (random and
// counter), round trips, agreement with the single-part mechanisms,
// multi-part messages and CKR_BUFFER_TOO_SMALL retries.
#include <gtest/gtest.h>

#include "aes_test_helpers.h"

namespace craton::aestest {
namespace {

std::unique_ptr<mech::MessageCipherOperation> message_op(CK_MECHANISM_TYPE type, const mech::KeyRef& key,
                                                         bool encrypt) {
  Mech m(type);
  const mech::MechanismEntry* e = row(type);
  auto r = encrypt ? e->message_encrypt(m.ctx(key)) : e->message_decrypt(m.ctx(key));
  EXPECT_TRUE(r.is_ok()) << r.rv();
  return r.is_ok() ? std::move(r).value() : nullptr;
}

// Single-part CKM_AES_GCM with the given IV, for comparison.
Bytes gcm_single(const mech::KeyRef& key, const Bytes& iv, const Bytes& aad, const Bytes& msg) {
  CK_GCM_PARAMS p{const_cast<CK_BYTE*>(iv.data()), iv.size(), iv.size() * 8,
                  const_cast<CK_BYTE*>(aad.data()), aad.size(), 128};
  auto r = oneshot(Mech(CKM_AES_GCM, p), key, true, msg);
  EXPECT_TRUE(r.is_ok());
  return r.is_ok() ? *r : Bytes();
}

TEST(AesMessageGcm, RandomIvRoundTrip) {
  auto key = aes_key(Bytes(32, 0x5a));
  const Bytes aad = hex("0102030405"), msg(45, 0x33);
  auto enc = message_op(CKM_AES_GCM, key, true);
  auto dec = message_op(CKM_AES_GCM, key, false);
  ASSERT_TRUE(enc && dec);

  Bytes prev_iv;
  for (int i = 0; i < 2; ++i) {
    Bytes iv = hex("c0ffee01" "0000000000000000"), tag(16);
    CK_GCM_MESSAGE_PARAMS p{iv.data(), iv.size(), 32, CKG_GENERATE_RANDOM, tag.data(), 128};
    Bytes ct(enc->output_max(msg.size()));
    auto n = enc->process(&p, sizeof p, aad, msg, ct);
    ASSERT_TRUE(n.is_ok()) << n.rv();
    ASSERT_EQ(*n, msg.size());
    EXPECT_EQ(to_hex(ByteView(iv.data(), 4)), "c0ffee01");  // fixed bits kept
    EXPECT_NE(to_hex(ByteView(iv.data() + 4, 8)), "0000000000000000");
    EXPECT_NE(iv, prev_iv);
    prev_iv = iv;
    EXPECT_EQ(to_hex(concat(ct, tag)), to_hex(gcm_single(key, iv, aad, msg)));

    CK_GCM_MESSAGE_PARAMS q{iv.data(), iv.size(), 0, CKG_NO_GENERATE, tag.data(), 128};
    Bytes pt(dec->output_max(ct.size()));
    auto m = dec->process(&q, sizeof q, aad, ct, pt);
    ASSERT_TRUE(m.is_ok()) << m.rv();
    EXPECT_EQ(pt, msg);
    tag[0] ^= 1;
    EXPECT_EQ(dec->process(&q, sizeof q, aad, ct, pt).rv(), CKR_ENCRYPTED_DATA_INVALID);
  }
}

TEST(AesMessageGcm, CounterIvsAndBufferTooSmall) {
  auto key = aes_key(Bytes(16, 0x01));
  auto enc = message_op(CKM_AES_GCM, key, true);
  ASSERT_TRUE(enc);
  const Bytes msg(20, 0x44);
  Bytes iv = hex("aabbccddeeff0011" "ffffffff"), tag(12);
  CK_GCM_MESSAGE_PARAMS p{iv.data(), iv.size(), 64, CKG_GENERATE_COUNTER, tag.data(), 96};
  Bytes small(19), out(20);
  // A short buffer is answered before the counter moves or the IV is touched.
  auto r = enc->process(&p, sizeof p, {}, msg, small);
  ASSERT_EQ(r.rv(), CKR_BUFFER_TOO_SMALL);
  EXPECT_EQ(to_hex(iv), "aabbccddeeff0011ffffffff");
  ASSERT_TRUE(enc->process(&p, sizeof p, {}, msg, out).is_ok());
  EXPECT_EQ(to_hex(iv), "aabbccddeeff001100000000");
  ASSERT_TRUE(enc->process(&p, sizeof p, {}, msg, out).is_ok());
  EXPECT_EQ(to_hex(iv), "aabbccddeeff001100000001");
  const Bytes sealed = gcm_single(key, iv, {}, msg);
  EXPECT_EQ(to_hex(concat(out, tag)), to_hex(ByteView(sealed.data(), 32)));  // 96-bit tag = prefix

  // XOR variant: the counter (now 2) is mixed into the caller's IV.
  iv = hex("aabbccddeeff0011" "0f0f0f0f");
  p.pIv = iv.data();
  p.ivGenerator = CKG_GENERATE_COUNTER_XOR;
  ASSERT_TRUE(enc->process(&p, sizeof p, {}, msg, out).is_ok());
  EXPECT_EQ(to_hex(iv), "aabbccddeeff00110f0f0f0d");

  // A second operation on the same key continues the key's counter (3):
  // restarting at 0 would repeat an IV under the same key.
  auto again = message_op(CKM_AES_GCM, key, true);
  ASSERT_TRUE(again);
  iv = hex("aabbccddeeff0011" "00000000");
  p.pIv = iv.data();
  p.ivGenerator = CKG_GENERATE_COUNTER;
  ASSERT_TRUE(again->process(&p, sizeof p, {}, msg, out).is_ok());
  EXPECT_EQ(to_hex(iv), "aabbccddeeff001100000003");

  // A 2-bit counter field of a fresh key is exhausted after four messages.
  auto fresh_key = aes_key(Bytes(16, 0x02));
  auto enc2 = message_op(CKM_AES_GCM, fresh_key, true);
  ASSERT_TRUE(enc2);
  p.ulIvFixedBits = 94;
  for (int i = 0; i < 4; ++i) ASSERT_TRUE(enc2->process(&p, sizeof p, {}, msg, out).is_ok()) << i;
  EXPECT_EQ(enc2->process(&p, sizeof p, {}, msg, out).rv(), CKR_MECHANISM_PARAM_INVALID);
  // CKG_GENERATE leaves the choice to the token, which draws random IVs.
  p.ivGenerator = CKG_GENERATE;
  ASSERT_TRUE(enc2->process(&p, sizeof p, {}, msg, out).is_ok());
}

TEST(AesMessageGcm, MultipartMessages) {
  auto key = aes_key(Bytes(24, 0x77));
  const Bytes aad = hex("00ff"), msg(70, 0x21);
  Bytes iv(12, 0), tag(16);
  CK_GCM_MESSAGE_PARAMS p{iv.data(), iv.size(), 0, CKG_GENERATE_RANDOM, tag.data(), 128};
  auto enc = message_op(CKM_AES_GCM, key, true);
  ASSERT_TRUE(enc);
  ASSERT_EQ(enc->begin(&p, sizeof p, aad).rv(), CKR_OK);
  EXPECT_EQ(enc->begin(&p, sizeof p, aad).rv(), CKR_OPERATION_ACTIVE);
  Bytes ct(70);
  auto a = enc->next(&p, sizeof p, ByteView(msg.data(), 30), MutableByteView(ct.data(), 30), false);
  ASSERT_TRUE(a.is_ok());
  EXPECT_EQ(*a, 30U);
  auto b = enc->next(&p, sizeof p, ByteView(msg.data() + 30, 40), MutableByteView(ct.data() + 30, 40), true);
  ASSERT_TRUE(b.is_ok());
  EXPECT_EQ(to_hex(concat(ct, tag)), to_hex(gcm_single(key, iv, aad, msg)));

  auto dec = message_op(CKM_AES_GCM, key, false);
  ASSERT_TRUE(dec);
  p.ivGenerator = CKG_NO_GENERATE;
  ASSERT_EQ(dec->begin(&p, sizeof p, aad).rv(), CKR_OK);
  Bytes pt(70);
  auto c = dec->next(&p, sizeof p, ByteView(ct.data(), 50), pt, false);
  ASSERT_TRUE(c.is_ok());
  EXPECT_EQ(*c, 0U);  // held until the tag is checked
  EXPECT_EQ(dec->output_max(20), 70U);
  Bytes small(69);
  auto d0 = dec->next(&p, sizeof p, ByteView(ct.data() + 50, 20), small, true);
  ASSERT_EQ(d0.rv(), CKR_BUFFER_TOO_SMALL);
  EXPECT_EQ(d0.error().needed, 70U);
  auto d = dec->next(&p, sizeof p, ByteView(ct.data() + 50, 20), pt, true);
  ASSERT_TRUE(d.is_ok()) << d.rv();
  EXPECT_EQ(*d, 70U);
  EXPECT_EQ(pt, msg);
  // The operation serves the next message.
  Bytes pt2(70);
  EXPECT_TRUE(dec->process(&p, sizeof p, aad, ct, pt2).is_ok());
  EXPECT_EQ(pt2, msg);
}

TEST(AesMessageGcm, ParameterErrors) {
  auto key = aes_key(Bytes(16, 0x02));
  auto enc = message_op(CKM_AES_GCM, key, true);
  ASSERT_TRUE(enc);
  Bytes iv(12), tag(16), out(4);
  const Bytes msg(4);
  CK_GCM_MESSAGE_PARAMS p{iv.data(), iv.size(), 96, CKG_GENERATE_RANDOM, tag.data(), 128};
  EXPECT_EQ(enc->process(&p, sizeof p, {}, msg, out).rv(), CKR_MECHANISM_PARAM_INVALID);  // nothing to generate
  p.ulIvFixedBits = 0;
  EXPECT_EQ(enc->process(&p, sizeof p - 1, {}, msg, out).rv(), CKR_MECHANISM_PARAM_INVALID);
  EXPECT_EQ(enc->process(nullptr, 0, {}, msg, out).rv(), CKR_MECHANISM_PARAM_INVALID);
  p.ulTagBits = 40;
  EXPECT_EQ(enc->process(&p, sizeof p, {}, msg, out).rv(), CKR_MECHANISM_PARAM_INVALID);
  p.ulTagBits = 128;
  p.pTag = nullptr;
  EXPECT_EQ(enc->process(&p, sizeof p, {}, msg, out).rv(), CKR_MECHANISM_PARAM_INVALID);
  p.pTag = tag.data();
  p.ivGenerator = 99;
  EXPECT_EQ(enc->process(&p, sizeof p, {}, msg, out).rv(), CKR_MECHANISM_PARAM_INVALID);
  EXPECT_EQ(enc->next(&p, sizeof p, msg, out, true).rv(), CKR_OPERATION_NOT_INITIALIZED);
  EXPECT_EQ(row(CKM_AES_GCM)->message_encrypt(Mech(CKM_AES_GCM).ctx(aes_key(Bytes(10)))).rv(), CKR_KEY_SIZE_RANGE);
}

TEST(AesMessageCcm, RoundTripMatchesSinglePart) {
  auto key = aes_key(hex("404142434445464748494a4b4c4d4e4f"));
  const Bytes aad = hex("000102030405060708090a0b0c0d0e0f10111213");
  const Bytes msg = hex("202122232425262728292a2b2c2d2e2f3031323334353637");
  // SP 800-38C example 3 through the message API with a caller nonce.
  Bytes nonce = hex("101112131415161718191a1b"), mac(8);
  CK_CCM_MESSAGE_PARAMS p{msg.size(), nonce.data(), nonce.size(), 0, CKG_NO_GENERATE, mac.data(), 8};
  auto enc = message_op(CKM_AES_CCM, key, true);
  ASSERT_TRUE(enc);
  Bytes ct(msg.size());
  ASSERT_TRUE(enc->process(&p, sizeof p, aad, msg, ct).is_ok());
  EXPECT_EQ(to_hex(concat(ct, mac)), "e3b201a9f5b71a7a9b1ceaeccd97e70b6176aad9a4428aa5484392fbc1b09951");

  // Generated nonce, multi-part, then decrypted in one piece.
  p.nonceGenerator = CKG_GENERATE_RANDOM;
  p.ulNonceFixedBits = 16;
  ASSERT_EQ(enc->begin(&p, sizeof p, aad).rv(), CKR_OK);
  EXPECT_EQ(to_hex(ByteView(nonce.data(), 2)), "1011");
  Bytes ct2(msg.size());
  auto a = enc->next(&p, sizeof p, ByteView(msg.data(), 10), ct2, false);
  ASSERT_TRUE(a.is_ok());
  EXPECT_EQ(*a, 0U);
  auto b = enc->next(&p, sizeof p, ByteView(msg.data() + 10, 14), ct2, true);
  ASSERT_TRUE(b.is_ok());
  EXPECT_EQ(*b, msg.size());

  CK_CCM_PARAMS single{msg.size(), nonce.data(), nonce.size(), const_cast<CK_BYTE*>(aad.data()), aad.size(), 8};
  auto want = oneshot(Mech(CKM_AES_CCM, single), key, true, msg);
  ASSERT_TRUE(want.is_ok());
  EXPECT_EQ(to_hex(concat(ct2, mac)), to_hex(*want));

  auto dec = message_op(CKM_AES_CCM, key, false);
  ASSERT_TRUE(dec);
  p.nonceGenerator = CKG_NO_GENERATE;
  Bytes pt(msg.size());
  ASSERT_TRUE(dec->process(&p, sizeof p, aad, ct2, pt).is_ok());
  EXPECT_EQ(pt, msg);
  mac[7] ^= 1;
  EXPECT_EQ(dec->process(&p, sizeof p, aad, ct2, pt).rv(), CKR_ENCRYPTED_DATA_INVALID);
  EXPECT_EQ(dec->process(&p, sizeof p, aad, ByteView(ct2.data(), 5), pt).rv(), CKR_ENCRYPTED_DATA_LEN_RANGE);
}

}  // namespace
}  // namespace craton::aestest
