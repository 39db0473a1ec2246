// The FIPS envelope's policies through the ABI: approved-only mode and the
// SP 800-57 key lifecycle.
#include <fstream>
#include <sstream>

#include "craton/pkcs11/craton_vendor.h"
#include "key_helpers.h"
#include "ml_dsa_helpers.h"

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

TEST_F(ApprovedModeTest, PostQuantumMechanismsAreHiddenByDefault) {
  auto list = mechanisms();
  CK_MECHANISM_INFO info;
  for (CK_MECHANISM_TYPE t : {CKM_ML_KEM, CKM_ML_KEM_KEY_PAIR_GEN, CKM_ML_DSA, CKM_ML_DSA_KEY_PAIR_GEN, CKM_SLH_DSA,
                              CKM_SLH_DSA_KEY_PAIR_GEN, CKM_HASH_ML_DSA_SHA256, CKM_VENDOR_XWING}) {
    EXPECT_FALSE(contains(list, t)) << std::hex << t;
    EXPECT_RV(CKR_MECHANISM_INVALID, f()->C_GetMechanismInfo(0, t, &info));
  }
  CK_SESSION_HANDLE s = ready_user_session();
  KeyPair kp;
  EXPECT_RV(CKR_MECHANISM_INVALID, generate_ml_dsa(f(), s, CKP_ML_DSA_44, &kp));
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

// algorithms.allow_non_approved_pqc = true: ML-KEM, ML-DSA and SLH-DSA are
// offered in approved-only mode, but never reported as approved.
class ApprovedModeWithPqcTest : public ApprovedModeTest {
 protected:
  void SetUp() override {
    use_config(default_test_config() + "[algorithms]\nfips_approved_only = true\nallow_non_approved_pqc = true\n");
    ASSERT_OK(f()->C_Initialize(nullptr));
    initialized_ = true;
  }
  CK_FLAGS last_validation(CK_SESSION_HANDLE s) {
    CK_FLAGS flags = 0xFF;
    EXPECT_OK(f()->C_GetSessionValidationFlags(s, CKS_LAST_VALIDATION_OK, &flags));
    return flags;
  }
  Bytes approved_signature(CK_SESSION_HANDLE s, const KeyPair& ec) {
    CK_MECHANISM ecdsa{CKM_ECDSA_SHA256, nullptr, 0};
    return sign(f(), s, ecdsa, ec.priv, Bytes(10, 1));
  }
};

TEST_F(ApprovedModeWithPqcTest, PqcListedButXWingAndNonApprovedClassicsStayHidden) {
  auto list = mechanisms();
  for (CK_MECHANISM_TYPE t : {CKM_ML_KEM, CKM_ML_KEM_KEY_PAIR_GEN, CKM_ML_DSA, CKM_ML_DSA_KEY_PAIR_GEN, CKM_HASH_ML_DSA,
                              CKM_HASH_ML_DSA_SHA256, CKM_SLH_DSA, CKM_SLH_DSA_KEY_PAIR_GEN, CKM_HASH_SLH_DSA_SHA256})
    EXPECT_TRUE(contains(list, t)) << std::hex << t;
  EXPECT_FALSE(contains(list, CKM_VENDOR_XWING));
  EXPECT_FALSE(contains(list, CKM_VENDOR_XWING_KEY_PAIR_GEN));
  EXPECT_FALSE(contains(list, CKM_RSA_X_509));
  EXPECT_TRUE(contains(list, CKM_AES_GCM));
  CK_MECHANISM_INFO info;
  ASSERT_OK(f()->C_GetMechanismInfo(0, CKM_ML_DSA, &info));
  EXPECT_EQ(info.flags & (CKF_SIGN | CKF_VERIFY), static_cast<CK_FLAGS>(CKF_SIGN | CKF_VERIFY));
}

TEST_F(ApprovedModeWithPqcTest, PqcOperationsWorkButAreNeverReportedApproved) {
  CK_SESSION_HANDLE s = ready_user_session();
  KeyPair ec = generate_ec(f(), s, kP256Params, CKM_EC_KEY_PAIR_GEN);
  approved_signature(s, ec);
  ASSERT_EQ(last_validation(s), 1u);

  // ML-DSA: key generation and signing work; the indicator drops to 0.
  KeyPair dsa;
  ASSERT_OK(generate_ml_dsa(f(), s, CKP_ML_DSA_44, &dsa));
  EXPECT_EQ(last_validation(s), 0u);
  approved_signature(s, ec);
  CK_MECHANISM ml_dsa{CKM_ML_DSA, nullptr, 0};
  const Bytes msg(32, 7);
  const Bytes sig = sign(f(), s, ml_dsa, dsa.priv, msg);
  EXPECT_EQ(sig.size(), 2420u);
  EXPECT_EQ(last_validation(s), 0u);
  EXPECT_OK(verify(f(), s, ml_dsa, dsa.pub, msg, sig));
  EXPECT_EQ(last_validation(s), 0u);

  // ML-KEM: encapsulation and decapsulation work; the indicator stays 0.
  CK_MECHANISM kem_gen{CKM_ML_KEM_KEY_PAIR_GEN, nullptr, 0};
  CK_ULONG set = CKP_ML_KEM_768;
  CK_BBOOL no = CK_FALSE, yes = CK_TRUE;
  CK_ATTRIBUTE kpub[] = {attr(CKA_TOKEN, &no, 1), attr(CKA_ENCAPSULATE, &yes, 1), attr(CKA_PARAMETER_SET, &set, sizeof set)};
  CK_ATTRIBUTE kpriv[] = {attr(CKA_TOKEN, &no, 1), attr(CKA_DECAPSULATE, &yes, 1)};
  KeyPair kem;
  ASSERT_OK(f()->C_GenerateKeyPair(s, &kem_gen, kpub, 3, kpriv, 2, &kem.pub, &kem.priv));
  approved_signature(s, ec);
  ASSERT_EQ(last_validation(s), 1u);
  CK_OBJECT_CLASS cls = CKO_SECRET_KEY;
  CK_KEY_TYPE kt = CKK_GENERIC_SECRET;
  CK_ATTRIBUTE secret[] = {attr(CKA_CLASS, &cls, sizeof cls), attr(CKA_KEY_TYPE, &kt, sizeof kt),
                           attr(CKA_TOKEN, &no, 1)};
  CK_MECHANISM kem_mech{CKM_ML_KEM, nullptr, 0};
  Bytes ct(1088);
  CK_ULONG ct_len = ct.size();
  CK_OBJECT_HANDLE k1 = CK_INVALID_HANDLE, k2 = CK_INVALID_HANDLE;
  ASSERT_OK(f()->C_EncapsulateKey(s, &kem_mech, kem.pub, secret, 3, ct.data(), &ct_len, &k1));
  EXPECT_EQ(last_validation(s), 0u);
  approved_signature(s, ec);
  ASSERT_OK(f()->C_DecapsulateKey(s, &kem_mech, kem.priv, secret, 3, ct.data(), ct_len, &k2));
  EXPECT_EQ(last_validation(s), 0u);
  ASSERT_OK(f()->C_Finalize(nullptr));
  initialized_ = false;

  // The audit log records every PQC operation with fips_approved = false,
  // and the ECDSA ones with true (starts counted: "count=<n>" in detail).
  std::ifstream in("/tmp/craton_abi_audit_" + std::to_string(getpid()) + ".log");
  std::string line;
  int pqc_lines = 0, approved_lines = 0;
  const std::vector<std::string> pqc = {"\"mechanism\":" + std::to_string(CKM_ML_DSA) + ",",
                                        "\"mechanism\":" + std::to_string(CKM_ML_DSA_KEY_PAIR_GEN) + ",",
                                        "\"mechanism\":" + std::to_string(CKM_ML_KEM) + ",",
                                        "\"mechanism\":" + std::to_string(CKM_ML_KEM_KEY_PAIR_GEN) + ","};
  const std::string ecdsa = "\"mechanism\":" + std::to_string(CKM_ECDSA_SHA256) + ",";
  while (std::getline(in, line)) {
    if (line.find("\"rv\":0,") == std::string::npos) continue;
    for (const std::string& m : pqc) {
      if (line.find(m) == std::string::npos) continue;
      ++pqc_lines;
      EXPECT_NE(line.find("\"fips_approved\":false"), std::string::npos) << line;
    }
    if (line.find(ecdsa) != std::string::npos &&
        (line.find("\"C_SignInit\"") != std::string::npos || line.find("\"C_VerifyInit\"") != std::string::npos) &&
        line.find("\"fips_approved\":true") != std::string::npos) {
      // Operation starts are counted: one line may stand for several.
      const std::string marker = "\"detail\":\"count=";
      const auto at = line.find(marker);
      ASSERT_NE(at, std::string::npos) << line;
      approved_lines += std::stoi(line.substr(at + marker.size()));
    }
  }
  EXPECT_GE(pqc_lines, 6);  // keygen x2, sign and verify init, encapsulate, decapsulate
  EXPECT_GE(approved_lines, 4);
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
