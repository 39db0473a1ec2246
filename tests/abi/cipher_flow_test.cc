// Encryption, wrapping, derivation and dual-function calls through the ABI.
#include "key_helpers.h"

namespace craton::test {
namespace {

class CipherFlowTest : public ModuleTest {
 protected:
  Bytes encrypt(CK_SESSION_HANDLE s, CK_MECHANISM m, CK_OBJECT_HANDLE k, const Bytes& in) {
    EXPECT_OK(f()->C_EncryptInit(s, &m, k));
    CK_ULONG len = 0;
    EXPECT_OK(f()->C_Encrypt(s, const_cast<CK_BYTE*>(in.data()), in.size(), nullptr, &len));
    Bytes out(len);
    EXPECT_OK(f()->C_Encrypt(s, const_cast<CK_BYTE*>(in.data()), in.size(), out.data(), &len));
    out.resize(len);
    return out;
  }
  CK_RV decrypt(CK_SESSION_HANDLE s, CK_MECHANISM m, CK_OBJECT_HANDLE k, const Bytes& in, Bytes* out) {
    CK_RV rv = f()->C_DecryptInit(s, &m, k);
    if (rv != CKR_OK) return rv;
    CK_ULONG len = in.size() + 32;
    out->assign(len, 0);
    rv = f()->C_Decrypt(s, const_cast<CK_BYTE*>(in.data()), in.size(), out->data(), &len);
    if (rv == CKR_OK) out->resize(len);
    return rv;
  }
};

TEST_F(CipherFlowTest, AesGcmKnownAnswerAndTamper) {
  CK_SESSION_HANDLE s = ready_user_session();
  // NIST GCM test case 4 (McGrew & Viega), AES-128.
  CK_OBJECT_HANDLE k = create_aes_key(s, from_hex("feffe9928665731c6d6a8f9467308308"));
  Bytes iv = from_hex("cafebabefacedbaddecaf888");
  Bytes aad = from_hex("feedfacedeadbeeffeedfacedeadbeefabaddad2");
  Bytes pt = from_hex(
      "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39");
  CK_GCM_PARAMS p{iv.data(), iv.size(), 96, aad.data(), aad.size(), 128};
  CK_MECHANISM m{CKM_AES_GCM, &p, sizeof p};
  Bytes ct = encrypt(s, m, k, pt);
  EXPECT_EQ(to_hex(ct),
            "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d"
            "58e0915bc94fbc3221a5db94fae95ae7121a47");
  Bytes back;
  ASSERT_OK(decrypt(s, m, k, ct, &back));
  EXPECT_EQ(back, pt);
  ct[3] ^= 1;
  EXPECT_RV(CKR_ENCRYPTED_DATA_INVALID, decrypt(s, m, k, ct, &back));
  CK_GCM_PARAMS bad_tag{iv.data(), iv.size(), 96, nullptr, 0, 20};
  CK_MECHANISM bm{CKM_AES_GCM, &bad_tag, sizeof bad_tag};
  EXPECT_RV(CKR_MECHANISM_PARAM_INVALID, f()->C_EncryptInit(s, &bm, k));
  CK_MECHANISM short_param{CKM_AES_GCM, &p, 4};
  EXPECT_RV(CKR_MECHANISM_PARAM_INVALID, f()->C_EncryptInit(s, &short_param, k));
}

TEST_F(CipherFlowTest, CbcPadMultiPartAndLengthRules) {
  CK_SESSION_HANDLE s = ready_user_session();
  CK_OBJECT_HANDLE k = generate_aes_key(s, 32);
  Bytes iv(16, 3);
  CK_MECHANISM m{CKM_AES_CBC_PAD, iv.data(), iv.size()};
  Bytes pt(37, 'p');
  Bytes ct = encrypt(s, m, k, pt);
  EXPECT_EQ(ct.size(), 48u);
  ASSERT_OK(f()->C_DecryptInit(s, &m, k));
  Bytes out(64);
  CK_ULONG n1 = out.size();
  ASSERT_OK(f()->C_DecryptUpdate(s, ct.data(), 20, out.data(), &n1));
  CK_ULONG n2 = out.size() - n1;
  ASSERT_OK(f()->C_DecryptUpdate(s, ct.data() + 20, 28, out.data() + n1, &n2));
  CK_ULONG n3 = out.size() - n1 - n2;
  ASSERT_OK(f()->C_DecryptFinal(s, out.data() + n1 + n2, &n3));
  out.resize(n1 + n2 + n3);
  EXPECT_EQ(out, pt);
  CK_MECHANISM cbc{CKM_AES_CBC, iv.data(), iv.size()};
  ASSERT_OK(f()->C_EncryptInit(s, &cbc, k));
  CK_ULONG len = 64;
  EXPECT_RV(CKR_DATA_LEN_RANGE, f()->C_Encrypt(s, pt.data(), 17, out.data(), &len));
  CK_MECHANISM bad_iv{CKM_AES_CBC, iv.data(), 8};
  EXPECT_RV(CKR_MECHANISM_PARAM_INVALID, f()->C_EncryptInit(s, &bad_iv, k));
}

TEST_F(CipherFlowTest, MessageBasedGcm) {
  CK_SESSION_HANDLE s = ready_user_session();
  CK_OBJECT_HANDLE k = generate_aes_key(s, 16);
  CK_MECHANISM m{CKM_AES_GCM, nullptr, 0};
  ASSERT_OK(f()->C_MessageEncryptInit(s, &m, k));
  Bytes iv(12, 0), tag(16, 0), aad = {1, 2, 3}, pt(50, 'z');
  CK_GCM_MESSAGE_PARAMS p{iv.data(), iv.size(), 0, CKG_GENERATE_RANDOM, tag.data(), 128};
  Bytes ct(pt.size());
  CK_ULONG ct_len = ct.size();
  ASSERT_OK(f()->C_EncryptMessage(s, &p, sizeof p, aad.data(), aad.size(), pt.data(), pt.size(), ct.data(), &ct_len));
  EXPECT_NE(iv, Bytes(12, 0));  // the token generated the IV
  ASSERT_OK(f()->C_MessageEncryptFinal(s));
  ASSERT_OK(f()->C_MessageDecryptInit(s, &m, k));
  CK_GCM_MESSAGE_PARAMS dp{iv.data(), iv.size(), 0, CKG_NO_GENERATE, tag.data(), 128};
  Bytes back(pt.size());
  CK_ULONG back_len = back.size();
  ASSERT_OK(f()->C_DecryptMessage(s, &dp, sizeof dp, aad.data(), aad.size(), ct.data(), ct_len, back.data(), &back_len));
  EXPECT_EQ(back, pt);
  tag[0] ^= 1;
  back_len = back.size();
  EXPECT_RV(CKR_ENCRYPTED_DATA_INVALID,
            f()->C_DecryptMessage(s, &dp, sizeof dp, aad.data(), aad.size(), ct.data(), ct_len, back.data(), &back_len));
  ASSERT_OK(f()->C_MessageDecryptFinal(s));
  EXPECT_RV(CKR_OPERATION_NOT_INITIALIZED, f()->C_MessageDecryptFinal(s));
}

TEST_F(CipherFlowTest, WrapUnwrapSecretAndPrivateKeys) {
  CK_SESSION_HANDLE s = ready_user_session();
  CK_OBJECT_HANDLE kek = generate_aes_key(s, 32);
  Bytes secret(32, 0x11);
  CK_OBJECT_HANDLE target = create_aes_key(s, secret);
  CK_MECHANISM kw{CKM_AES_KEY_WRAP, nullptr, 0};
  CK_ULONG len = 0;
  ASSERT_OK(f()->C_WrapKey(s, &kw, kek, target, nullptr, &len));
  EXPECT_EQ(len, 40u);
  Bytes wrapped(len);
  CK_ULONG tiny = 8;
  EXPECT_RV(CKR_BUFFER_TOO_SMALL, f()->C_WrapKey(s, &kw, kek, target, wrapped.data(), &tiny));
  ASSERT_OK(f()->C_WrapKey(s, &kw, kek, target, wrapped.data(), &len));
  CK_OBJECT_CLASS cls = CKO_SECRET_KEY;
  CK_KEY_TYPE kt = CKK_AES;
  CK_BBOOL yes = CK_TRUE;
  CK_ATTRIBUTE t[] = {attr(CKA_CLASS, &cls, sizeof cls), attr(CKA_KEY_TYPE, &kt, sizeof kt),
                      attr(CKA_ENCRYPT, &yes, 1)};
  CK_OBJECT_HANDLE unwrapped;
  ASSERT_OK(f()->C_UnwrapKey(s, &kw, kek, wrapped.data(), len, t, 3, &unwrapped));
  EXPECT_EQ(get_attr(s, unwrapped, CKA_VALUE), secret);
  wrapped[5] ^= 1;
  EXPECT_RV(CKR_WRAPPED_KEY_INVALID, f()->C_UnwrapKey(s, &kw, kek, wrapped.data(), len, t, 3, &unwrapped));
  EXPECT_RV(CKR_WRAPPING_KEY_HANDLE_INVALID, f()->C_WrapKey(s, &kw, 5555555, target, nullptr, &len));
  EXPECT_RV(CKR_UNWRAPPING_KEY_HANDLE_INVALID, f()->C_UnwrapKey(s, &kw, 5555555, wrapped.data(), len, t, 3, &unwrapped));

  // A private key travels as PKCS#8 under AES-KWP and still signs afterwards.
  KeyPair ec = generate_ec(f(), s, kP256Params, CKM_EC_KEY_PAIR_GEN);
  CK_MECHANISM kwp{CKM_AES_KEY_WRAP_KWP, nullptr, 0};
  ASSERT_OK(f()->C_WrapKey(s, &kwp, kek, ec.priv, nullptr, &len));
  Bytes wrapped_priv(len);
  ASSERT_OK(f()->C_WrapKey(s, &kwp, kek, ec.priv, wrapped_priv.data(), &len));
  CK_OBJECT_CLASS pcls = CKO_PRIVATE_KEY;
  CK_KEY_TYPE ec_type = CKK_EC;
  CK_ATTRIBUTE pt[] = {attr(CKA_CLASS, &pcls, sizeof pcls), attr(CKA_KEY_TYPE, &ec_type, sizeof ec_type),
                       attr(CKA_SIGN, &yes, 1)};
  CK_OBJECT_HANDLE priv2;
  ASSERT_OK(f()->C_UnwrapKey(s, &kwp, kek, wrapped_priv.data(), len, pt, 3, &priv2));
  Bytes msg(32, 1);
  Bytes sig = sign(f(), s, {CKM_ECDSA, nullptr, 0}, priv2, msg);
  EXPECT_OK(verify(f(), s, {CKM_ECDSA, nullptr, 0}, ec.pub, msg, sig));
}

TEST_F(CipherFlowTest, WrapRulesExtractableAndTrusted) {
  CK_SESSION_HANDLE s = ready_user_session();
  CK_OBJECT_HANDLE kek = generate_aes_key(s, 16);
  CK_OBJECT_HANDLE target = generate_aes_key(s, 16);
  CK_MECHANISM kw{CKM_AES_KEY_WRAP, nullptr, 0};
  CK_BBOOL yes = CK_TRUE, no = CK_FALSE;
  CK_ATTRIBUTE wwt{CKA_WRAP_WITH_TRUSTED, &yes, 1};
  ASSERT_OK(f()->C_SetAttributeValue(s, target, &wwt, 1));
  CK_ULONG len = 0;
  EXPECT_RV(CKR_KEY_NOT_WRAPPABLE, f()->C_WrapKey(s, &kw, kek, target, nullptr, &len));
  CK_ATTRIBUTE unext{CKA_EXTRACTABLE, &no, 1};
  CK_OBJECT_HANDLE locked = generate_aes_key(s, 16);
  ASSERT_OK(f()->C_SetAttributeValue(s, locked, &unext, 1));
  EXPECT_RV(CKR_KEY_UNEXTRACTABLE, f()->C_WrapKey(s, &kw, kek, locked, nullptr, &len));
  CK_BBOOL b = 1;
  CK_ATTRIBUTE ne{CKA_NEVER_EXTRACTABLE, &b, 1};
  ASSERT_OK(f()->C_GetAttributeValue(s, locked, &ne, 1));
  EXPECT_EQ(b, CK_FALSE);  // it was extractable once
  // Only the SO may mark a wrapping key trusted.
  CK_ATTRIBUTE trusted{CKA_TRUSTED, &yes, 1};
  EXPECT_NE(CKR_OK, f()->C_SetAttributeValue(s, kek, &trusted, 1));
}

TEST_F(CipherFlowTest, EcdhBothSidesDeriveTheSameKey) {
  CK_SESSION_HANDLE s = ready_user_session();
  KeyPair a = generate_ec(f(), s, kP256Params, CKM_EC_KEY_PAIR_GEN, true);
  KeyPair b = generate_ec(f(), s, kP256Params, CKM_EC_KEY_PAIR_GEN, true);
  auto derive = [&](CK_OBJECT_HANDLE priv, CK_OBJECT_HANDLE peer_pub) {
    Bytes point = get_attr(s, peer_pub, CKA_EC_POINT);
    CK_ECDH1_DERIVE_PARAMS p{CKD_SHA256_KDF, 0, nullptr, point.size(), point.data()};
    CK_MECHANISM m{CKM_ECDH1_DERIVE, &p, sizeof p};
    CK_OBJECT_CLASS cls = CKO_SECRET_KEY;
    CK_KEY_TYPE kt = CKK_AES;
    CK_ULONG len = 32;
    CK_BBOOL yes = CK_TRUE, no = CK_FALSE;
    CK_ATTRIBUTE t[] = {attr(CKA_CLASS, &cls, sizeof cls), attr(CKA_KEY_TYPE, &kt, sizeof kt),
                        attr(CKA_VALUE_LEN, &len, sizeof len), attr(CKA_SENSITIVE, &no, 1),
                        attr(CKA_ENCRYPT, &yes, 1)};
    CK_OBJECT_HANDLE k = CK_INVALID_HANDLE;
    EXPECT_OK(f()->C_DeriveKey(s, &m, priv, t, 5, &k));
    return k;
  };
  CK_OBJECT_HANDLE ka = derive(a.priv, b.pub), kb = derive(b.priv, a.pub);
  Bytes va = get_attr(s, ka, CKA_VALUE), vb = get_attr(s, kb, CKA_VALUE);
  EXPECT_EQ(va.size(), 32u);
  EXPECT_EQ(va, vb);
  CK_BBOOL local = 1;
  CK_ATTRIBUTE l{CKA_LOCAL, &local, 1};
  ASSERT_OK(f()->C_GetAttributeValue(s, ka, &l, 1));
  EXPECT_EQ(local, CK_FALSE);
  // A key without CKA_DERIVE may not derive.
  KeyPair c = generate_ec(f(), s, kP256Params, CKM_EC_KEY_PAIR_GEN, false);
  Bytes point = get_attr(s, a.pub, CKA_EC_POINT);
  CK_ECDH1_DERIVE_PARAMS p{CKD_NULL, 0, nullptr, point.size(), point.data()};
  CK_MECHANISM m{CKM_ECDH1_DERIVE, &p, sizeof p};
  CK_OBJECT_HANDLE k;
  EXPECT_RV(CKR_KEY_FUNCTION_NOT_PERMITTED, f()->C_DeriveKey(s, &m, c.priv, nullptr, 0, &k));
}

TEST_F(CipherFlowTest, DigestEncryptUpdate) {
  CK_SESSION_HANDLE s = ready_user_session();
  CK_OBJECT_HANDLE k = generate_aes_key(s, 16);
  CK_MECHANISM ecb{CKM_AES_ECB, nullptr, 0};
  CK_MECHANISM sha{CKM_SHA256, nullptr, 0};
  ASSERT_OK(f()->C_EncryptInit(s, &ecb, k));
  ASSERT_OK(f()->C_DigestInit(s, &sha));
  Bytes pt(32, 'q'), ct(32);
  CK_ULONG len = ct.size();
  ASSERT_OK(f()->C_DigestEncryptUpdate(s, pt.data(), pt.size(), ct.data(), &len));
  Bytes digest(32);
  CK_ULONG dlen = 32;
  ASSERT_OK(f()->C_DigestFinal(s, digest.data(), &dlen));
  EXPECT_EQ(to_hex(digest), "3e441393404b2085e7a3090a47d377abb7a6db6ad6bbd006a2f92cc7f469e651");
  CK_ULONG flen = 16;
  ASSERT_OK(f()->C_EncryptFinal(s, ct.data(), &flen));
  EXPECT_EQ(flen, 0u);
}

}  // namespace
}  // namespace craton::test
