// The algorithm indicator (FIPS 140-3 IG 2.4.C) on calls that run one
// mechanism without an Init: C_GenerateKey(Pair), C_WrapKey, C_UnwrapKey,
// C_DeriveKey, and on C_DigestInit. C_GetSessionValidationFlags must follow
// each call, and the audit record must carry the same verdict.
#include <fstream>

#include "harness.h"

namespace craton::test {
namespace {

class IndicatorTest : public ModuleTest {
 protected:
  CK_FLAGS flags(CK_SESSION_HANDLE s) {
    CK_FLAGS out = 0xDEAD;
    EXPECT_OK(f()->C_GetSessionValidationFlags(s, CKS_LAST_VALIDATION_OK, &out));
    return out;
  }
  CK_OBJECT_HANDLE extractable_aes(CK_SESSION_HANDLE s) {
    CK_MECHANISM m{CKM_AES_KEY_GEN, nullptr, 0};
    CK_ULONG len = 32;
    CK_BBOOL yes = CK_TRUE;
    CK_ATTRIBUTE t[] = {attr(CKA_VALUE_LEN, &len, sizeof len), attr(CKA_EXTRACTABLE, &yes, 1),
                        attr(CKA_WRAP, &yes, 1), attr(CKA_UNWRAP, &yes, 1)};
    CK_OBJECT_HANDLE h = CK_INVALID_HANDLE;
    EXPECT_OK(f()->C_GenerateKey(s, &m, t, 4, &h));
    return h;
  }
};

TEST_F(IndicatorTest, SingleShotCallsReportTheirMechanism) {
  CK_SESSION_HANDLE s = ready_user_session();
  CK_OBJECT_HANDLE kek = extractable_aes(s);
  EXPECT_EQ(flags(s), CKS_LAST_VALIDATION_OK) << "C_GenerateKey(CKM_AES_KEY_GEN) is approved";
  CK_OBJECT_HANDLE target = extractable_aes(s);

  // RSA key pair (approved generation), then RSA PKCS#1 v1.5 wrapping (not approved).
  CK_MECHANISM gen{CKM_RSA_PKCS_KEY_PAIR_GEN, nullptr, 0};
  CK_ULONG bits = 2048;
  CK_BYTE e[] = {1, 0, 1};
  CK_BBOOL yes = CK_TRUE;
  CK_ATTRIBUTE pub[] = {attr(CKA_MODULUS_BITS, &bits, sizeof bits), attr(CKA_PUBLIC_EXPONENT, e, 3),
                        attr(CKA_WRAP, &yes, 1)};
  CK_ATTRIBUTE priv[] = {attr(CKA_UNWRAP, &yes, 1)};
  CK_OBJECT_HANDLE rsa_pub = 0, rsa_priv = 0;
  ASSERT_OK(f()->C_GenerateKeyPair(s, &gen, pub, 3, priv, 1, &rsa_pub, &rsa_priv));
  EXPECT_EQ(flags(s), CKS_LAST_VALIDATION_OK);

  CK_BYTE wrapped[512];
  CK_ULONG wrapped_len = sizeof wrapped;
  CK_MECHANISM rsa_pkcs{CKM_RSA_PKCS, nullptr, 0};
  ASSERT_OK(f()->C_WrapKey(s, &rsa_pkcs, rsa_pub, target, wrapped, &wrapped_len));
  EXPECT_EQ(flags(s), 0u) << "RSA PKCS#1 v1.5 key transport is not approved";

  CK_MECHANISM kw{CKM_AES_KEY_WRAP, nullptr, 0};
  wrapped_len = sizeof wrapped;
  ASSERT_OK(f()->C_WrapKey(s, &kw, kek, target, wrapped, &wrapped_len));
  EXPECT_EQ(flags(s), CKS_LAST_VALIDATION_OK);

  ASSERT_OK(f()->C_WrapKey(s, &rsa_pkcs, rsa_pub, target, wrapped + 0, &(wrapped_len = sizeof wrapped)));
  EXPECT_EQ(flags(s), 0u);
  CK_OBJECT_CLASS cls = CKO_SECRET_KEY;
  CK_KEY_TYPE kt = CKK_AES;
  CK_ATTRIBUTE unwrap_tmpl[] = {attr(CKA_CLASS, &cls, sizeof cls), attr(CKA_KEY_TYPE, &kt, sizeof kt)};
  CK_OBJECT_HANDLE unwrapped = 0;
  ASSERT_OK(f()->C_UnwrapKey(s, &rsa_pkcs, rsa_priv, wrapped, wrapped_len, unwrap_tmpl, 2, &unwrapped));
  EXPECT_EQ(flags(s), 0u);

  CK_MECHANISM sha256{CKM_SHA256, nullptr, 0};
  ASSERT_OK(f()->C_DigestInit(s, &sha256));
  EXPECT_EQ(flags(s), CKS_LAST_VALIDATION_OK);
  ASSERT_OK(f()->C_DigestInit(s, nullptr));  // ends it

  CK_HKDF_PARAMS hkdf{};
  hkdf.bExtract = CK_TRUE;
  hkdf.bExpand = CK_TRUE;
  hkdf.prfHashMechanism = CKM_SHA256;
  hkdf.ulSaltType = CKF_HKDF_SALT_NULL;
  CK_MECHANISM derive{CKM_HKDF_DERIVE, &hkdf, sizeof hkdf};
  CK_ULONG out_len = 32;
  CK_KEY_TYPE generic = CKK_GENERIC_SECRET;
  CK_ATTRIBUTE derive_tmpl[] = {attr(CKA_CLASS, &cls, sizeof cls), attr(CKA_KEY_TYPE, &generic, sizeof generic),
                                attr(CKA_VALUE_LEN, &out_len, sizeof out_len)};
  CK_MECHANISM secret_gen{CKM_GENERIC_SECRET_KEY_GEN, nullptr, 0};
  CK_ATTRIBUTE secret_tmpl[] = {attr(CKA_VALUE_LEN, &out_len, sizeof out_len), attr(CKA_DERIVE, &yes, 1)};
  CK_OBJECT_HANDLE ikm = 0;
  ASSERT_OK(f()->C_GenerateKey(s, &secret_gen, secret_tmpl, 2, &ikm));
  ASSERT_OK(f()->C_WrapKey(s, &rsa_pkcs, rsa_pub, target, wrapped, &(wrapped_len = sizeof wrapped)));
  EXPECT_EQ(flags(s), 0u);
  CK_OBJECT_HANDLE derived = 0;
  ASSERT_OK(f()->C_DeriveKey(s, &derive, ikm, derive_tmpl, 3, &derived));
  EXPECT_EQ(flags(s), CKS_LAST_VALIDATION_OK);
  ASSERT_OK(f()->C_Finalize(nullptr));  // flushes the audit log
  initialized_ = false;

  // The audit records say the same: approved key generation and AES-KW,
  // non-approved RSA PKCS#1 v1.5 wrapping.
  std::ifstream in("/tmp/craton_abi_audit_" + std::to_string(getpid()) + ".log");
  int approved_gen = 0, approved_kw = 0, unapproved_rsa_wrap = 0;
  const std::string kw_mech = "\"mechanism\":" + std::to_string(CKM_AES_KEY_WRAP) + ",";
  const std::string rsa_mech = "\"mechanism\":" + std::to_string(CKM_RSA_PKCS) + ",";
  for (std::string line; std::getline(in, line);) {
    if (line.find("\"rv\":0,") == std::string::npos) continue;
    const bool approved = line.find("\"fips_approved\":true") != std::string::npos;
    if (line.find("\"C_GenerateKey\"") != std::string::npos && approved) ++approved_gen;
    if (line.find("\"C_WrapKey\"") != std::string::npos && line.find(kw_mech) != std::string::npos && approved)
      ++approved_kw;
    if (line.find("\"C_WrapKey\"") != std::string::npos && line.find(rsa_mech) != std::string::npos && !approved)
      ++unapproved_rsa_wrap;
  }
  EXPECT_GE(approved_gen, 2);
  EXPECT_GE(approved_kw, 1);
  EXPECT_GE(unapproved_rsa_wrap, 3);
}

}  // namespace
}  // namespace craton::test
