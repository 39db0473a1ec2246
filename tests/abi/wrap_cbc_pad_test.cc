// CKM_AES_CBC_PAD as a wrapping mechanism (what NSS uses for PKCS#12 import
// and export), and the CKA_PRIVATE default for session keys made while
// nobody is logged in.
#include "key_helpers.h"

namespace craton::test {
namespace {

class CbcPadWrapTest : public ModuleTest {
 protected:
  CK_BYTE iv_[16] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
  CK_MECHANISM mech_{CKM_AES_CBC_PAD, iv_, sizeof iv_};

  Bytes wrap(CK_SESSION_HANDLE s, CK_OBJECT_HANDLE kek, CK_OBJECT_HANDLE key) {
    CK_ULONG len = 0;
    EXPECT_OK(f()->C_WrapKey(s, &mech_, kek, key, nullptr, &len));
    Bytes out(len);
    EXPECT_OK(f()->C_WrapKey(s, &mech_, kek, key, out.data(), &len));
    out.resize(len);
    return out;
  }
};

TEST_F(CbcPadWrapTest, SecretKeyRoundTrip) {
  CK_SESSION_HANDLE s = ready_user_session();
  CK_OBJECT_HANDLE kek = generate_aes_key(s);
  const Bytes value = from_hex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
  CK_OBJECT_HANDLE key = create_aes_key(s, value);
  const Bytes wrapped = wrap(s, kek, key);
  EXPECT_EQ(wrapped.size(), 48u) << "32 bytes + a whole block of padding";

  CK_OBJECT_CLASS cls = CKO_SECRET_KEY;
  CK_KEY_TYPE kt = CKK_AES;
  CK_BBOOL no = CK_FALSE;
  CK_ATTRIBUTE t[] = {attr(CKA_CLASS, &cls, sizeof cls), attr(CKA_KEY_TYPE, &kt, sizeof kt),
                      attr(CKA_SENSITIVE, &no, 1)};
  CK_OBJECT_HANDLE back = 0;
  ASSERT_OK(f()->C_UnwrapKey(s, &mech_, kek, const_cast<CK_BYTE*>(wrapped.data()), wrapped.size(), t, 3, &back));
  EXPECT_EQ(get_attr(s, back, CKA_VALUE), value);

  // Not a whole number of blocks; a wrong IV length.
  EXPECT_RV(CKR_WRAPPED_KEY_LEN_RANGE,
            f()->C_UnwrapKey(s, &mech_, kek, const_cast<CK_BYTE*>(wrapped.data()), 47, t, 3, &back));
  CK_MECHANISM short_iv{CKM_AES_CBC_PAD, iv_, 8};
  EXPECT_RV(CKR_MECHANISM_PARAM_INVALID,
            f()->C_UnwrapKey(s, &short_iv, kek, const_cast<CK_BYTE*>(wrapped.data()), wrapped.size(), t, 3, &back));
  CK_ULONG len = 0;
  EXPECT_RV(CKR_MECHANISM_PARAM_INVALID, f()->C_WrapKey(s, &short_iv, kek, key, nullptr, &len));
}

TEST_F(CbcPadWrapTest, PrivateKeyRoundTripSigns) {
  CK_SESSION_HANDLE s = ready_user_session();
  CK_OBJECT_HANDLE kek = generate_aes_key(s);
  KeyPair ec = generate_ec(f(), s, kP256Params, CKM_EC_KEY_PAIR_GEN);
  Bytes wrapped = wrap(s, kek, ec.priv);
  ASSERT_EQ(wrapped.size() % 16, 0u);

  CK_OBJECT_CLASS cls = CKO_PRIVATE_KEY;
  CK_KEY_TYPE kt = CKK_EC;
  CK_BBOOL yes = CK_TRUE;
  CK_ATTRIBUTE t[] = {attr(CKA_CLASS, &cls, sizeof cls), attr(CKA_KEY_TYPE, &kt, sizeof kt), attr(CKA_SIGN, &yes, 1)};
  CK_OBJECT_HANDLE back = 0;
  ASSERT_OK(f()->C_UnwrapKey(s, &mech_, kek, wrapped.data(), wrapped.size(), t, 3, &back));
  const Bytes hash(32, 0x5a);
  CK_MECHANISM ecdsa{CKM_ECDSA, nullptr, 0};
  const Bytes sig = sign(f(), s, ecdsa, back, hash);
  EXPECT_RV(CKR_OK, verify(f(), s, ecdsa, ec.pub, hash, sig));

  // A changed first block breaks the PKCS#8 encoding inside (the padding in
  // the last block still checks): the wrapped key is invalid.
  wrapped[3] ^= 0x40;
  EXPECT_RV(CKR_WRAPPED_KEY_INVALID, f()->C_UnwrapKey(s, &mech_, kek, wrapped.data(), wrapped.size(), t, 3, &back));
}

TEST(CbcPadWrapApproved, RefusedForKeyTransportInApprovedMode) {
  use_config(default_test_config() + "[algorithms]\nfips_approved_only = true\n");
  CK_FUNCTION_LIST_3_2* fn = module().fns;
  ASSERT_OK(fn->C_Initialize(nullptr));
  CK_UTF8CHAR label[32];
  std::memset(label, ' ', sizeof label);
  ASSERT_OK(fn->C_InitToken(0, (CK_UTF8CHAR_PTR)kSoPin, std::strlen(kSoPin), label));
  CK_SESSION_HANDLE s = 0;
  ASSERT_OK(fn->C_OpenSession(0, CKF_SERIAL_SESSION | CKF_RW_SESSION, nullptr, nullptr, &s));
  ASSERT_OK(fn->C_Login(s, CKU_SO, (CK_UTF8CHAR_PTR)kSoPin, std::strlen(kSoPin)));
  ASSERT_OK(fn->C_InitPIN(s, (CK_UTF8CHAR_PTR)kUserPin, std::strlen(kUserPin)));
  ASSERT_OK(fn->C_Logout(s));
  ASSERT_OK(fn->C_Login(s, CKU_USER, (CK_UTF8CHAR_PTR)kUserPin, std::strlen(kUserPin)));
  CK_MECHANISM gen{CKM_AES_KEY_GEN, nullptr, 0};
  CK_ULONG len = 32;
  CK_BBOOL yes = CK_TRUE;
  CK_ATTRIBUTE t[] = {attr(CKA_VALUE_LEN, &len, sizeof len), attr(CKA_WRAP, &yes, 1), attr(CKA_EXTRACTABLE, &yes, 1)};
  CK_OBJECT_HANDLE kek = 0, key = 0;
  ASSERT_OK(fn->C_GenerateKey(s, &gen, t, 3, &kek));
  ASSERT_OK(fn->C_GenerateKey(s, &gen, t, 3, &key));
  CK_BYTE iv[16] = {};
  CK_MECHANISM cbc_pad{CKM_AES_CBC_PAD, iv, sizeof iv};
  CK_ULONG out_len = 0;
  EXPECT_RV(CKR_MECHANISM_INVALID, fn->C_WrapKey(s, &cbc_pad, kek, key, nullptr, &out_len));
  CK_MECHANISM kw{CKM_AES_KEY_WRAP, nullptr, 0};
  EXPECT_OK(fn->C_WrapKey(s, &kw, kek, key, nullptr, &out_len));
  EXPECT_OK(fn->C_Finalize(nullptr));
}

TEST_F(CbcPadWrapTest, SessionKeyWithoutLoginDefaultsToPublic) {
  init_token();
  init_user_pin();
  CK_SESSION_HANDLE s = open_session(false);
  CK_MECHANISM gen{CKM_AES_KEY_GEN, nullptr, 0};
  CK_ULONG len = 16;
  CK_ATTRIBUTE open_tmpl[] = {attr(CKA_VALUE_LEN, &len, sizeof len)};
  CK_OBJECT_HANDLE key = 0;
  ASSERT_OK(f()->C_GenerateKey(s, &gen, open_tmpl, 1, &key));
  EXPECT_EQ(get_attr(s, key, CKA_PRIVATE), Bytes{CK_FALSE});
  // Asked for explicitly, a private key still needs the login.
  CK_BBOOL yes = CK_TRUE;
  CK_ATTRIBUTE private_tmpl[] = {attr(CKA_VALUE_LEN, &len, sizeof len), attr(CKA_PRIVATE, &yes, 1)};
  EXPECT_RV(CKR_USER_NOT_LOGGED_IN, f()->C_GenerateKey(s, &gen, private_tmpl, 2, &key));
  // Logged in, the default stays private.
  ASSERT_OK(f()->C_Login(s, CKU_USER, (CK_UTF8CHAR_PTR)kUserPin, std::strlen(kUserPin)));
  ASSERT_OK(f()->C_GenerateKey(s, &gen, open_tmpl, 1, &key));
  EXPECT_EQ(get_attr(s, key, CKA_PRIVATE), Bytes{CK_TRUE});
}

}  // namespace
}  // namespace craton::test
