#include "key_helpers.h"

namespace craton::test {

KeyPair generate_rsa(CK_FUNCTION_LIST_3_2* f, CK_SESSION_HANDLE s, CK_ULONG bits, bool always_auth) {
  CK_MECHANISM m{CKM_RSA_PKCS_KEY_PAIR_GEN, nullptr, 0};
  CK_BYTE exp[] = {1, 0, 1};
  CK_BBOOL yes = CK_TRUE, aa = always_auth;
  CK_ATTRIBUTE pub[] = {attr(CKA_MODULUS_BITS, &bits, sizeof bits), attr(CKA_PUBLIC_EXPONENT, exp, 3),
                        attr(CKA_VERIFY, &yes, 1), attr(CKA_ENCRYPT, &yes, 1), attr(CKA_WRAP, &yes, 1)};
  CK_ATTRIBUTE priv[] = {attr(CKA_SIGN, &yes, 1), attr(CKA_DECRYPT, &yes, 1), attr(CKA_UNWRAP, &yes, 1),
                         attr(CKA_ALWAYS_AUTHENTICATE, &aa, 1), attr(CKA_EXTRACTABLE, &yes, 1)};
  KeyPair kp;
  EXPECT_OK(f->C_GenerateKeyPair(s, &m, pub, 5, priv, 5, &kp.pub, &kp.priv));
  return kp;
}

KeyPair generate_ec(CK_FUNCTION_LIST_3_2* f, CK_SESSION_HANDLE s, const Bytes& params, CK_MECHANISM_TYPE mech,
                    bool derive) {
  CK_MECHANISM m{mech, nullptr, 0};
  CK_BBOOL yes = CK_TRUE, der = derive;
  CK_ATTRIBUTE pub[] = {attr(CKA_EC_PARAMS, params.data(), params.size()), attr(CKA_VERIFY, &yes, 1)};
  CK_ATTRIBUTE priv[] = {attr(CKA_SIGN, &yes, 1), attr(CKA_DERIVE, &der, 1), attr(CKA_EXTRACTABLE, &yes, 1)};
  KeyPair kp;
  EXPECT_OK(f->C_GenerateKeyPair(s, &m, pub, 2, priv, 3, &kp.pub, &kp.priv));
  return kp;
}

Bytes sign(CK_FUNCTION_LIST_3_2* f, CK_SESSION_HANDLE s, CK_MECHANISM m, CK_OBJECT_HANDLE key, const Bytes& data) {
  EXPECT_OK(f->C_SignInit(s, &m, key));
  CK_ULONG len = 0;
  EXPECT_OK(f->C_Sign(s, const_cast<CK_BYTE*>(data.data()), data.size(), nullptr, &len));
  Bytes sig(len);
  EXPECT_OK(f->C_Sign(s, const_cast<CK_BYTE*>(data.data()), data.size(), sig.data(), &len));
  sig.resize(len);
  return sig;
}

CK_RV verify(CK_FUNCTION_LIST_3_2* f, CK_SESSION_HANDLE s, CK_MECHANISM m, CK_OBJECT_HANDLE key, const Bytes& data,
             const Bytes& sig) {
  CK_RV rv = f->C_VerifyInit(s, &m, key);
  if (rv != CKR_OK) return rv;
  return f->C_Verify(s, const_cast<CK_BYTE*>(data.data()), data.size(), const_cast<CK_BYTE*>(sig.data()), sig.size());
}

}  // namespace craton::test
