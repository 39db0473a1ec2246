// The FIPS envelope's policies through the ABI: approved-only mode and the
// SP 800-57 key lifecycle.
#include "craton/pkcs11/craton_vendor.h"
#include "key_helpers.h"

namespace craton::test {
namespace {

class ApprovedModeTest : public ModuleTest {
 protected:
  void SetUp() override {
    use_config(default_test_config() + "[algorithms]\nfips_approved_only = true\n");
    ASSERT_OK(f()->C_Initialize(nullptr));
    initialized_ = true;
  }
  std::vector<CK_MECHANISM_TYPE> mechanisms() {
    CK_ULONG n = 0;
    EXPECT_OK(f()->C_GetMechanismList(0, nullptr, &n));
    std::vector<CK_MECHANISM_TYPE> list(n);
    EXPECT_OK(f()->C_GetMechanismList(0, list.data(), &n));
    return list;
  }
};

bool contains(const std::vector<CK_MECHANISM_TYPE>& v, CK_MECHANISM_TYPE t) {
  return std::find(v.begin(), v.end(), t) != v.end();
}

TEST_F(ApprovedModeTest, MechanismListHoldsOnlyApprovedMechanisms) {
  auto list = mechanisms();
  EXPECT_TRUE(contains(list, CKM_AES_GCM));
  EXPECT_TRUE(contains(list, CKM_SHA256_RSA_PKCS));
  EXPECT_FALSE(contains(list, CKM_RSA_X_509));
  EXPECT_FALSE(contains(list, CKM_EC_MONTGOMERY_KEY_PAIR_GEN));
  CK_MECHANISM_INFO info;
  EXPECT_RV(CKR_MECHANISM_INVALID, f()->C_GetMechanismInfo(0, CKM_RSA_X_509, &info));
  // SHA-1 signatures: listed for verification only.
  ASSERT_TRUE(contains(list, CKM_SHA1_RSA_PKCS));
  ASSERT_OK(f()->C_GetMechanismInfo(0, CKM_SHA1_RSA_PKCS, &info));
  EXPECT_EQ(info.flags, static_cast<CK_FLAGS>(CKF_VERIFY));
}

TEST_F(ApprovedModeTest, NonApprovedUsesAndSizesAreRefused) {
  CK_SESSION_HANDLE s = ready_user_session();
  KeyPair rsa = generate_rsa(f(), s, 2048);
  CK_MECHANISM sha1{CKM_SHA1_RSA_PKCS, nullptr, 0};
  EXPECT_RV(CKR_MECHANISM_INVALID, f()->C_SignInit(s, &sha1, rsa.priv));
  EXPECT_OK(f()->C_VerifyInit(s, &sha1, rsa.pub));
  CK_MECHANISM raw{CKM_RSA_X_509, nullptr, 0};
  EXPECT_RV(CKR_MECHANISM_INVALID, f()->C_SignInit(s, &raw, rsa.priv));
  // RSA-1024 may not be generated.
  CK_MECHANISM gen{CKM_RSA_PKCS_KEY_PAIR_GEN, nullptr, 0};
  CK_ULONG bits = 1024;
  CK_ATTRIBUTE pub[] = {attr(CKA_MODULUS_BITS, &bits, sizeof bits)};
  CK_OBJECT_HANDLE p, q;
  EXPECT_RV(CKR_KEY_SIZE_RANGE, f()->C_GenerateKeyPair(s, &gen, pub, 1, nullptr, 0, &p, &q));
  // The algorithm indicator reports the last operation as approved.
  CK_MECHANISM sha256{CKM_SHA256_RSA_PKCS, nullptr, 0};
  Bytes msg(10, 1);
  Bytes sig = sign(f(), s, sha256, rsa.priv, msg);
  CK_FLAGS flags = 0;
  ASSERT_OK(f()->C_GetSessionValidationFlags(s, CKS_LAST_VALIDATION_OK, &flags));
  EXPECT_EQ(flags, 1u);
}

TEST_F(ApprovedModeTest, KeyTransportOnlyWithAesKeyWrap) {
  CK_SESSION_HANDLE s = ready_user_session();
  CK_OBJECT_HANDLE kek = generate_aes_key(s, 32);
  CK_OBJECT_HANDLE target = generate_aes_key(s, 32);
  KeyPair rsa = generate_rsa(f(), s, 2048);
  CK_ULONG len = 0;
  CK_MECHANISM kw{CKM_AES_KEY_WRAP, nullptr, 0};
  EXPECT_OK(f()->C_WrapKey(s, &kw, kek, target, nullptr, &len));
  CK_RSA_PKCS_OAEP_PARAMS oaep{CKM_SHA256, CKG_MGF1_SHA256, CKZ_DATA_SPECIFIED, nullptr, 0};
  CK_MECHANISM rsa_wrap{CKM_RSA_PKCS_OAEP, &oaep, sizeof oaep};
  EXPECT_RV(CKR_MECHANISM_INVALID, f()->C_WrapKey(s, &rsa_wrap, rsa.pub, target, nullptr, &len));
}

class LifecycleTest : public ModuleTest {
 protected:
  void set_dates(CK_SESSION_HANDLE s, CK_OBJECT_HANDLE k, const char* start, const char* end) {
    CK_ATTRIBUTE t[] = {attr(CKA_START_DATE, start, std::strlen(start)), attr(CKA_END_DATE, end, std::strlen(end))};
    ASSERT_OK(f()->C_SetAttributeValue(s, k, t, 2));
  }
};

TEST_F(LifecycleTest, DatesGovernWhatAKeyMayDo) {
  CK_SESSION_HANDLE s = ready_user_session();
  CK_OBJECT_HANDLE k = generate_aes_key(s, 32);
  Bytes iv(16, 0);
  CK_MECHANISM cbc{CKM_AES_CBC_PAD, iv.data(), 16};
  // Pre-activation: nothing.
  set_dates(s, k, "29990101", "");
  EXPECT_RV(CKR_KEY_FUNCTION_NOT_PERMITTED, f()->C_EncryptInit(s, &cbc, k));
  EXPECT_RV(CKR_KEY_FUNCTION_NOT_PERMITTED, f()->C_DecryptInit(s, &cbc, k));
  // Active.
  set_dates(s, k, "20000101", "29991231");
  EXPECT_OK(f()->C_EncryptInit(s, &cbc, k));
  ASSERT_OK(f()->C_EncryptInit(s, nullptr, k));
  // Deactivated: may still decrypt and unwrap, not encrypt or wrap.
  set_dates(s, k, "20000101", "20010101");
  EXPECT_RV(CKR_KEY_FUNCTION_NOT_PERMITTED, f()->C_EncryptInit(s, &cbc, k));
  EXPECT_OK(f()->C_DecryptInit(s, &cbc, k));
  ASSERT_OK(f()->C_DecryptInit(s, nullptr, k));
  CK_OBJECT_HANDLE other = generate_aes_key(s, 16);
  CK_MECHANISM kw{CKM_AES_KEY_WRAP, nullptr, 0};
  CK_ULONG len = 0;
  EXPECT_RV(CKR_KEY_FUNCTION_NOT_PERMITTED, f()->C_WrapKey(s, &kw, k, other, nullptr, &len));
}

TEST_F(LifecycleTest, CompromisedKeysDoNothingAndStayCompromised) {
  CK_SESSION_HANDLE s = ready_user_session();
  KeyPair kp = generate_ec(f(), s, kP256Params, CKM_EC_KEY_PAIR_GEN, true);
  CK_BBOOL yes = CK_TRUE, no = CK_FALSE;
  CK_ATTRIBUTE mark{CKA_VENDOR_CRATON_COMPROMISED, &yes, 1};
  ASSERT_OK(f()->C_SetAttributeValue(s, kp.pub, &mark, 1));
  CK_MECHANISM ecdsa{CKM_ECDSA, nullptr, 0};
  EXPECT_RV(CKR_KEY_FUNCTION_NOT_PERMITTED, f()->C_VerifyInit(s, &ecdsa, kp.pub));
  EXPECT_OK(f()->C_SignInit(s, &ecdsa, kp.priv));  // the other half is not marked
  ASSERT_OK(f()->C_SignInit(s, nullptr, kp.priv));
  ASSERT_OK(f()->C_SetAttributeValue(s, kp.priv, &mark, 1));
  EXPECT_RV(CKR_KEY_FUNCTION_NOT_PERMITTED, f()->C_SignInit(s, &ecdsa, kp.priv));
  CK_ATTRIBUTE unmark{CKA_VENDOR_CRATON_COMPROMISED, &no, 1};
  EXPECT_NE(CKR_OK, f()->C_SetAttributeValue(s, kp.priv, &unmark, 1));
  Bytes point = get_attr(s, kp.pub, CKA_EC_POINT);
  CK_ECDH1_DERIVE_PARAMS p{CKD_NULL, 0, nullptr, point.size(), point.data()};
  CK_MECHANISM derive{CKM_ECDH1_DERIVE, &p, sizeof p};
  CK_OBJECT_HANDLE out;
  EXPECT_RV(CKR_KEY_FUNCTION_NOT_PERMITTED, f()->C_DeriveKey(s, &derive, kp.priv, nullptr, 0, &out));
}

}  // namespace
}  // namespace craton::test
