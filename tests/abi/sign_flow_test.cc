// Signing and verification through the ABI, checked against plain OpenSSL,
// plus the key-usage rules every C_xxxInit applies.
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <openssl/core_names.h>
#include <openssl/param_build.h>

#include "key_helpers.h"

namespace craton::test {
namespace {

class SignFlowTest : public ModuleTest {};

// An OpenSSL public key rebuilt from the token's public attributes.
EVP_PKEY* rsa_public_from_token(ModuleTest* t, CK_FUNCTION_LIST_3_2* f, CK_SESSION_HANDLE s, CK_OBJECT_HANDLE pub) {
  (void)t;
  CK_ATTRIBUTE a[] = {{CKA_MODULUS, nullptr, 0}, {CKA_PUBLIC_EXPONENT, nullptr, 0}};
  EXPECT_OK(f->C_GetAttributeValue(s, pub, a, 2));
  Bytes n(a[0].ulValueLen), e(a[1].ulValueLen);
  a[0].pValue = n.data();
  a[1].pValue = e.data();
  EXPECT_OK(f->C_GetAttributeValue(s, pub, a, 2));
  BIGNUM* bn_n = BN_bin2bn(n.data(), n.size(), nullptr);
  BIGNUM* bn_e = BN_bin2bn(e.data(), e.size(), nullptr);
  OSSL_PARAM_BLD* bld = OSSL_PARAM_BLD_new();
  OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, bn_n);
  OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, bn_e);
  OSSL_PARAM* params = OSSL_PARAM_BLD_to_param(bld);
  EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr);
  EVP_PKEY* pkey = nullptr;
  EVP_PKEY_fromdata_init(ctx);
  EVP_PKEY_fromdata(ctx, &pkey, EVP_PKEY_PUBLIC_KEY, params);
  EVP_PKEY_CTX_free(ctx);
  OSSL_PARAM_free(params);
  OSSL_PARAM_BLD_free(bld);
  BN_free(bn_n);
  BN_free(bn_e);
  return pkey;
}

TEST_F(SignFlowTest, RsaPkcs1SignatureVerifiesWithOpenSsl) {
  CK_SESSION_HANDLE s = ready_user_session();
  KeyPair kp = generate_rsa(f(), s, 2048);
  Bytes msg = {'h', 'e', 'l', 'l', 'o'};
  Bytes sig = sign(f(), s, {CKM_SHA256_RSA_PKCS, nullptr, 0}, kp.priv, msg);
  ASSERT_EQ(sig.size(), 256u);
  EXPECT_OK(verify(f(), s, {CKM_SHA256_RSA_PKCS, nullptr, 0}, kp.pub, msg, sig));
  EVP_PKEY* pkey = rsa_public_from_token(this, f(), s, kp.pub);
  ASSERT_NE(pkey, nullptr);
  EVP_MD_CTX* md = EVP_MD_CTX_new();
  ASSERT_EQ(EVP_DigestVerifyInit(md, nullptr, EVP_sha256(), nullptr, pkey), 1);
  EXPECT_EQ(EVP_DigestVerify(md, sig.data(), sig.size(), msg.data(), msg.size()), 1);
  EVP_MD_CTX_free(md);
  EVP_PKEY_free(pkey);
  Bytes bad = sig;
  bad[10] ^= 1;
  EXPECT_RV(CKR_SIGNATURE_INVALID, verify(f(), s, {CKM_SHA256_RSA_PKCS, nullptr, 0}, kp.pub, msg, bad));
  bad.pop_back();
  EXPECT_RV(CKR_SIGNATURE_LEN_RANGE, verify(f(), s, {CKM_SHA256_RSA_PKCS, nullptr, 0}, kp.pub, msg, bad));
}

TEST_F(SignFlowTest, EcdsaRawSignatureVerifiesWithOpenSsl) {
  CK_SESSION_HANDLE s = ready_user_session();
  KeyPair kp = generate_ec(f(), s, kP256Params, CKM_EC_KEY_PAIR_GEN);
  Bytes msg(100, 'x');
  Bytes sig = sign(f(), s, {CKM_ECDSA_SHA256, nullptr, 0}, kp.priv, msg);
  ASSERT_EQ(sig.size(), 64u);  // raw r || s
  EXPECT_OK(verify(f(), s, {CKM_ECDSA_SHA256, nullptr, 0}, kp.pub, msg, sig));
  // Rebuild the public key from CKA_EC_POINT (DER OCTET STRING of 04||X||Y).
  Bytes point = get_attr(s, kp.pub, CKA_EC_POINT);
  ASSERT_EQ(point.size(), 67u);
  ASSERT_EQ(point[0], 0x04);
  ASSERT_EQ(point[2], 0x04);
  OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, const_cast<char*>("prime256v1"), 0),
      OSSL_PARAM_construct_octet_string(OSSL_PKEY_PARAM_PUB_KEY, point.data() + 2, 65), OSSL_PARAM_construct_end()};
  EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr);
  EVP_PKEY* pkey = nullptr;
  EVP_PKEY_fromdata_init(ctx);
  ASSERT_EQ(EVP_PKEY_fromdata(ctx, &pkey, EVP_PKEY_PUBLIC_KEY, params), 1);
  ECDSA_SIG* esig = ECDSA_SIG_new();
  ECDSA_SIG_set0(esig, BN_bin2bn(sig.data(), 32, nullptr), BN_bin2bn(sig.data() + 32, 32, nullptr));
  unsigned char* der = nullptr;
  int der_len = i2d_ECDSA_SIG(esig, &der);
  EVP_MD_CTX* md = EVP_MD_CTX_new();
  ASSERT_EQ(EVP_DigestVerifyInit(md, nullptr, EVP_sha256(), nullptr, pkey), 1);
  EXPECT_EQ(EVP_DigestVerify(md, der, der_len, msg.data(), msg.size()), 1);
  EVP_MD_CTX_free(md);
  OPENSSL_free(der);
  ECDSA_SIG_free(esig);
  EVP_PKEY_free(pkey);
  EVP_PKEY_CTX_free(ctx);
}

TEST_F(SignFlowTest, MultiPartSigningEqualsSinglePartVerification) {
  CK_SESSION_HANDLE s = ready_user_session();
  KeyPair kp = generate_rsa(f(), s, 2048);
  CK_MECHANISM m{CKM_SHA384_RSA_PKCS, nullptr, 0};
  ASSERT_OK(f()->C_SignInit(s, &m, kp.priv));
  CK_BYTE a[] = "first-", b[] = "second";
  ASSERT_OK(f()->C_SignUpdate(s, a, 6));
  ASSERT_OK(f()->C_SignUpdate(s, b, 6));
  CK_ULONG len = 0;
  ASSERT_OK(f()->C_SignFinal(s, nullptr, &len));
  Bytes sig(len);
  CK_ULONG tiny = 3;
  EXPECT_RV(CKR_BUFFER_TOO_SMALL, f()->C_SignFinal(s, sig.data(), &tiny));
  ASSERT_OK(f()->C_SignFinal(s, sig.data(), &len));
  Bytes whole = {'f', 'i', 'r', 's', 't', '-', 's', 'e', 'c', 'o', 'n', 'd'};
  EXPECT_OK(verify(f(), s, m, kp.pub, whole, sig));
  // Single-part mechanisms refuse updates.
  CK_MECHANISM raw{CKM_ECDSA, nullptr, 0};
  KeyPair ec = generate_ec(f(), s, kP256Params, CKM_EC_KEY_PAIR_GEN);
  ASSERT_OK(f()->C_SignInit(s, &raw, ec.priv));
  EXPECT_RV(CKR_FUNCTION_NOT_SUPPORTED, f()->C_SignUpdate(s, a, 6));
}

TEST_F(SignFlowTest, VerifySignatureFamily32) {
  CK_SESSION_HANDLE s = ready_user_session();
  KeyPair kp = generate_ec(f(), s, kP384Params, CKM_EC_KEY_PAIR_GEN);
  Bytes msg(77, 'm');
  CK_MECHANISM m{CKM_ECDSA_SHA384, nullptr, 0};
  Bytes sig = sign(f(), s, m, kp.priv, msg);
  ASSERT_OK(f()->C_VerifySignatureInit(s, &m, kp.pub, sig.data(), sig.size()));
  EXPECT_OK(f()->C_VerifySignature(s, msg.data(), msg.size()));
  EXPECT_RV(CKR_OPERATION_NOT_INITIALIZED, f()->C_VerifySignature(s, msg.data(), msg.size()));
  ASSERT_OK(f()->C_VerifySignatureInit(s, &m, kp.pub, sig.data(), sig.size()));
  ASSERT_OK(f()->C_VerifySignatureUpdate(s, msg.data(), 10));
  ASSERT_OK(f()->C_VerifySignatureUpdate(s, msg.data() + 10, msg.size() - 10));
  EXPECT_OK(f()->C_VerifySignatureFinal(s));
  Bytes bad = sig;
  bad[5] ^= 0x40;
  ASSERT_OK(f()->C_VerifySignatureInit(s, &m, kp.pub, bad.data(), bad.size()));
  EXPECT_RV(CKR_SIGNATURE_INVALID, f()->C_VerifySignature(s, msg.data(), msg.size()));
  ASSERT_OK(f()->C_VerifySignatureInit(s, &m, kp.pub, sig.data(), sig.size()));
  ASSERT_OK(f()->C_VerifySignatureUpdate(s, msg.data(), 10));
  EXPECT_RV(CKR_OPERATION_ACTIVE, f()->C_VerifySignature(s, msg.data(), msg.size()));
  EXPECT_RV(CKR_ARGUMENTS_BAD, f()->C_VerifySignatureInit(s, &m, kp.pub, nullptr, 4));
  // A NULL mechanism cancels.
  ASSERT_OK(f()->C_VerifySignatureInit(s, &m, kp.pub, sig.data(), sig.size()));
  ASSERT_OK(f()->C_VerifySignatureInit(s, nullptr, kp.pub, nullptr, 0));
  EXPECT_RV(CKR_OPERATION_NOT_INITIALIZED, f()->C_VerifySignatureFinal(s));
}

TEST_F(SignFlowTest, AlwaysAuthenticateNeedsContextLogin) {
  CK_SESSION_HANDLE s = ready_user_session();
  KeyPair kp = generate_rsa(f(), s, 2048, true);
  CK_MECHANISM m{CKM_SHA256_RSA_PKCS, nullptr, 0};
  CK_BYTE data[] = "payload";
  CK_BYTE sig[256];
  CK_ULONG len = sizeof sig;
  ASSERT_OK(f()->C_SignInit(s, &m, kp.priv));
  EXPECT_RV(CKR_USER_NOT_LOGGED_IN, f()->C_Sign(s, data, 7, sig, &len));
  EXPECT_RV(CKR_OPERATION_NOT_INITIALIZED, f()->C_Sign(s, data, 7, sig, &len));
  ASSERT_OK(f()->C_SignInit(s, &m, kp.priv));
  EXPECT_RV(CKR_PIN_INCORRECT, f()->C_Login(s, CKU_CONTEXT_SPECIFIC, (CK_UTF8CHAR_PTR) "wrong", 5));
  ASSERT_OK(f()->C_Login(s, CKU_CONTEXT_SPECIFIC, (CK_UTF8CHAR_PTR)kUserPin, std::strlen(kUserPin)));
  EXPECT_OK(f()->C_Sign(s, data, 7, sig, &len));
  // Without an operation waiting for it, a context login has nothing to do.
  EXPECT_RV(CKR_OPERATION_NOT_INITIALIZED,
            f()->C_Login(s, CKU_CONTEXT_SPECIFIC, (CK_UTF8CHAR_PTR)kUserPin, std::strlen(kUserPin)));
  CK_BBOOL b = 0;
  CK_ATTRIBUTE a{CKA_ALWAYS_AUTHENTICATE, &b, 1};
  ASSERT_OK(f()->C_GetAttributeValue(s, kp.priv, &a, 1));
  EXPECT_EQ(b, CK_TRUE);
}

TEST_F(SignFlowTest, KeyUsageAndTypeRules) {
  CK_SESSION_HANDLE s = ready_user_session();
  KeyPair kp = generate_ec(f(), s, kP256Params, CKM_EC_KEY_PAIR_GEN);
  CK_MECHANISM ecdsa{CKM_ECDSA, nullptr, 0};
  CK_MECHANISM rsa{CKM_SHA256_RSA_PKCS, nullptr, 0};
  EXPECT_RV(CKR_KEY_TYPE_INCONSISTENT, f()->C_SignInit(s, &rsa, kp.priv));
  EXPECT_RV(CKR_KEY_FUNCTION_NOT_PERMITTED, f()->C_SignInit(s, &ecdsa, kp.pub));  // public key has no CKA_SIGN
  EXPECT_RV(CKR_KEY_HANDLE_INVALID, f()->C_SignInit(s, &ecdsa, 424242));
  EXPECT_RV(CKR_ARGUMENTS_BAD, f()->C_GenerateKeyPair(s, nullptr, nullptr, 0, nullptr, 0, nullptr, nullptr));
  CK_BBOOL no = CK_FALSE;
  CK_ATTRIBUTE nosign{CKA_SIGN, &no, 1};
  ASSERT_OK(f()->C_SetAttributeValue(s, kp.priv, &nosign, 1));
  EXPECT_RV(CKR_KEY_FUNCTION_NOT_PERMITTED, f()->C_SignInit(s, &ecdsa, kp.priv));
  CK_BBOOL yes = CK_TRUE;
  CK_ATTRIBUTE sign_again{CKA_SIGN, &yes, 1};
  ASSERT_OK(f()->C_SetAttributeValue(s, kp.priv, &sign_again, 1));
  CK_MECHANISM_TYPE only = CKM_ECDSA_SHA512;
  CK_ATTRIBUTE allowed{CKA_ALLOWED_MECHANISMS, &only, sizeof only};
  CK_OBJECT_HANDLE restricted;
  ASSERT_OK(f()->C_CopyObject(s, kp.priv, nullptr, 0, &restricted));
  if (f()->C_SetAttributeValue(s, restricted, &allowed, 1) == CKR_OK) {
    EXPECT_RV(CKR_MECHANISM_INVALID, f()->C_SignInit(s, &ecdsa, restricted));
    CK_MECHANISM ok{CKM_ECDSA_SHA512, nullptr, 0};
    EXPECT_OK(f()->C_SignInit(s, &ok, restricted));
  }
  EXPECT_RV(CKR_OPERATION_ACTIVE, f()->C_SignInit(s, &ecdsa, kp.priv));
}

}  // namespace
}  // namespace craton::test
