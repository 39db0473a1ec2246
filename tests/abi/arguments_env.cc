#include "arguments_env.h"

namespace craton::test {
namespace {

CK_OBJECT_HANDLE make_secret(Env* e, CK_KEY_TYPE type, const Bytes& value) {
  CK_OBJECT_CLASS cls = CKO_SECRET_KEY;
  CK_ATTRIBUTE t[] = {attr(CKA_CLASS, &cls, sizeof cls),          attr(CKA_KEY_TYPE, &type, sizeof type),
                      attr(CKA_VALUE, value.data(), value.size()), attr(CKA_TOKEN, &e->no, 1),
                      attr(CKA_PRIVATE, &e->no, 1),              attr(CKA_SENSITIVE, &e->no, 1),
                      attr(CKA_EXTRACTABLE, &e->yes, 1),         attr(CKA_ENCRYPT, &e->yes, 1),
                      attr(CKA_DECRYPT, &e->yes, 1),             attr(CKA_SIGN, &e->yes, 1),
                      attr(CKA_VERIFY, &e->yes, 1),              attr(CKA_WRAP, &e->yes, 1),
                      attr(CKA_UNWRAP, &e->yes, 1),              attr(CKA_DERIVE, &e->yes, 1)};
  CK_OBJECT_HANDLE h = CK_INVALID_HANDLE;
  EXPECT_OK(e->f->C_CreateObject(e->s, t, sizeof t / sizeof t[0], &h));
  return h;
}

void make_key_pairs(Env* e) {
  CK_ATTRIBUTE ec_pub[] = {attr(CKA_EC_PARAMS, kP256Params.data(), kP256Params.size()), attr(CKA_TOKEN, &e->no, 1),
                           attr(CKA_PRIVATE, &e->no, 1), attr(CKA_VERIFY, &e->yes, 1)};
  CK_ATTRIBUTE ec_priv[] = {attr(CKA_TOKEN, &e->no, 1), attr(CKA_PRIVATE, &e->no, 1), attr(CKA_SIGN, &e->yes, 1),
                            attr(CKA_DERIVE, &e->yes, 1), attr(CKA_SENSITIVE, &e->no, 1),
                            attr(CKA_EXTRACTABLE, &e->yes, 1)};
  EXPECT_OK(e->f->C_GenerateKeyPair(e->s, &e->ec_gen, ec_pub, 4, ec_priv, 6, &e->ec_pub, &e->ec_priv));
  CK_MECHANISM rsa_gen{CKM_RSA_PKCS_KEY_PAIR_GEN, nullptr, 0};
  CK_ULONG bits = 2048;
  CK_BYTE exponent[] = {1, 0, 1};
  CK_ATTRIBUTE rsa_pub[] = {attr(CKA_MODULUS_BITS, &bits, sizeof bits), attr(CKA_PUBLIC_EXPONENT, exponent, 3),
                            attr(CKA_TOKEN, &e->no, 1),                 attr(CKA_PRIVATE, &e->no, 1),
                            attr(CKA_VERIFY, &e->yes, 1),               attr(CKA_VERIFY_RECOVER, &e->yes, 1),
                            attr(CKA_ENCRYPT, &e->yes, 1)};
  CK_ATTRIBUTE rsa_priv[] = {attr(CKA_TOKEN, &e->no, 1), attr(CKA_PRIVATE, &e->no, 1), attr(CKA_SIGN, &e->yes, 1),
                             attr(CKA_SIGN_RECOVER, &e->yes, 1), attr(CKA_DECRYPT, &e->yes, 1)};
  EXPECT_OK(e->f->C_GenerateKeyPair(e->s, &rsa_gen, rsa_pub, 7, rsa_priv, 5, &e->rsa_pub, &e->rsa_priv));
}

void make_templates(Env* e) {
  e->data_tmpl = {attr(CKA_CLASS, &e->data_class, sizeof e->data_class), attr(CKA_TOKEN, &e->no, 1),
                  attr(CKA_PRIVATE, &e->no, 1), attr(CKA_VALUE, e->in, 3)};
  e->gen_tmpl = {attr(CKA_VALUE_LEN, &e->key_len, sizeof e->key_len), attr(CKA_TOKEN, &e->no, 1),
                 attr(CKA_PRIVATE, &e->no, 1)};
  e->secret_tmpl = {attr(CKA_CLASS, &e->secret_class, sizeof e->secret_class),
                    attr(CKA_KEY_TYPE, &e->generic_type, sizeof e->generic_type), attr(CKA_TOKEN, &e->no, 1),
                    attr(CKA_PRIVATE, &e->no, 1)};
  e->derive_tmpl = e->secret_tmpl;
  e->derive_tmpl.push_back(attr(CKA_VALUE_LEN, &e->derived_len, sizeof e->derived_len));
  e->ec_pub_tmpl = {attr(CKA_EC_PARAMS, kP256Params.data(), kP256Params.size()), attr(CKA_TOKEN, &e->no, 1)};
  e->ec_priv_tmpl = {attr(CKA_TOKEN, &e->no, 1), attr(CKA_SIGN, &e->yes, 1)};
}

}  // namespace

void Env::cancel_all() const {
  f->C_SessionCancel(s, CKF_ENCRYPT | CKF_DECRYPT | CKF_DIGEST | CKF_SIGN | CKF_SIGN_RECOVER | CKF_VERIFY |
                            CKF_VERIFY_RECOVER | CKF_FIND_OBJECTS | CKF_MESSAGE_ENCRYPT | CKF_MESSAGE_DECRYPT);
}

void make_env(CK_FUNCTION_LIST_3_2* f, CK_SESSION_HANDLE s, Env* e) {
  e->f = f;
  e->s = s;
  for (std::size_t i = 0; i < sizeof e->in; ++i) e->in[i] = static_cast<CK_BYTE>(0x11 + i);
  e->aes = make_secret(e, CKK_AES, Bytes(16, 0x2a));
  e->generic = make_secret(e, CKK_GENERIC_SECRET, Bytes(32, 0x3b));
  make_templates(e);
  EXPECT_OK(f->C_CreateObject(s, e->data_tmpl.data(), e->data_tmpl.size(), &e->data));
  make_key_pairs(e);
  CK_ULONG len = 0;
  EXPECT_OK(f->C_WrapKey(s, &e->kw, e->aes, e->generic, nullptr, &len));
  e->wrapped.assign(len, 0);
  EXPECT_OK(f->C_WrapKey(s, &e->kw, e->aes, e->generic, e->wrapped.data(), &len));
  e->gcm_msg = CK_GCM_MESSAGE_PARAMS{e->iv, sizeof e->iv, 0, CKG_GENERATE_RANDOM, e->tag, 128};
  e->hkdf = CK_HKDF_PARAMS{CK_TRUE, CK_TRUE, CKM_SHA256, CKF_HKDF_SALT_NULL, nullptr, 0, CK_INVALID_HANDLE, nullptr, 0};
  e->hkdf_mech.pParameter = &e->hkdf;
  e->hkdf_mech.ulParameterLen = sizeof e->hkdf;
}

namespace {

CK_UTF8CHAR_PTR user_pin() { return reinterpret_cast<CK_UTF8CHAR_PTR>(const_cast<char*>(kUserPin)); }
CK_ULONG user_pin_len() { return std::strlen(kUserPin); }
CK_UTF8CHAR_PTR name_of(const char* s) { return reinterpret_cast<CK_UTF8CHAR_PTR>(const_cast<char*>(s)); }

using R = CK_RV;
using H = CK_SESSION_HANDLE;

std::vector<Call> general_calls() {
  return {
      {"C_Initialize", Kind::kInitialize, [](Env& e, H) -> R { return e.f->C_Initialize(nullptr); }},
      {"C_Finalize", Kind::kGeneral, [](Env& e, H) -> R { return e.f->C_Finalize(nullptr); }},
      {"C_GetInfo", Kind::kGeneral, [](Env& e, H) -> R { CK_INFO i; return e.f->C_GetInfo(&i); }},
      {"C_GetFunctionList", Kind::kPreInit,
       [](Env& e, H) -> R { CK_FUNCTION_LIST_PTR p; return e.f->C_GetFunctionList(&p); }},
      {"C_GetSlotList", Kind::kGeneral,
       [](Env& e, H) -> R { CK_ULONG n; return e.f->C_GetSlotList(CK_FALSE, nullptr, &n); }},
      {"C_GetSlotInfo", Kind::kSlot, [](Env& e, H slot) -> R { CK_SLOT_INFO i; return e.f->C_GetSlotInfo(slot, &i); }},
      {"C_GetTokenInfo", Kind::kSlot,
       [](Env& e, H slot) -> R { CK_TOKEN_INFO i; return e.f->C_GetTokenInfo(slot, &i); }},
      {"C_GetMechanismList", Kind::kSlot,
       [](Env& e, H slot) -> R { CK_ULONG n; return e.f->C_GetMechanismList(slot, nullptr, &n); }},
      {"C_GetMechanismInfo", Kind::kSlot,
       [](Env& e, H slot) -> R { CK_MECHANISM_INFO i; return e.f->C_GetMechanismInfo(slot, CKM_SHA256, &i); }},
      {"C_InitToken", Kind::kSlot,
       [](Env& e, H slot) -> R {
         CK_UTF8CHAR label[32];
         std::memset(label, ' ', sizeof label);
         return e.f->C_InitToken(slot, name_of(kSoPin), std::strlen(kSoPin), label);
       }},
      {"C_InitPIN", Kind::kSession, [](Env& e, H h) -> R { return e.f->C_InitPIN(h, user_pin(), user_pin_len()); }},
      {"C_SetPIN", Kind::kSession,
       [](Env& e, H h) -> R { return e.f->C_SetPIN(h, user_pin(), user_pin_len(), user_pin(), user_pin_len()); }},
      {"C_OpenSession", Kind::kSlot,
       [](Env& e, H slot) -> R { H n; return e.f->C_OpenSession(slot, CKF_SERIAL_SESSION, nullptr, nullptr, &n); }},
      {"C_CloseSession", Kind::kSession, [](Env& e, H h) -> R { return e.f->C_CloseSession(h); }},
      {"C_CloseAllSessions", Kind::kSlot, [](Env& e, H slot) -> R { return e.f->C_CloseAllSessions(slot); }},
      {"C_GetSessionInfo", Kind::kSession,
       [](Env& e, H h) -> R { CK_SESSION_INFO i; return e.f->C_GetSessionInfo(h, &i); }},
      {"C_GetOperationState", Kind::kSession,
       [](Env& e, H h) -> R { CK_ULONG n; return e.f->C_GetOperationState(h, nullptr, &n); }},
      {"C_SetOperationState", Kind::kSession,
       [](Env& e, H h) -> R { return e.f->C_SetOperationState(h, e.out, 16, CK_INVALID_HANDLE, CK_INVALID_HANDLE); }},
      {"C_Login", Kind::kSession, [](Env& e, H h) -> R { return e.f->C_Login(h, CKU_USER, user_pin(), user_pin_len()); }},
      {"C_Logout", Kind::kSession, [](Env& e, H h) -> R { return e.f->C_Logout(h); }},
  };
}

std::vector<Call> object_calls() {
  return {
      {"C_CreateObject", Kind::kSession,
       [](Env& e, H h) -> R { CK_OBJECT_HANDLE o; return e.f->C_CreateObject(h, e.data_tmpl.data(), e.data_tmpl.size(), &o); }},
      {"C_CopyObject", Kind::kSession,
       [](Env& e, H h) -> R { CK_OBJECT_HANDLE o; return e.f->C_CopyObject(h, e.data, nullptr, 0, &o); }},
      {"C_DestroyObject", Kind::kSession, [](Env& e, H h) -> R { return e.f->C_DestroyObject(h, e.data); }},
      {"C_GetObjectSize", Kind::kSession,
       [](Env& e, H h) -> R { CK_ULONG n; return e.f->C_GetObjectSize(h, e.data, &n); }},
      {"C_GetAttributeValue", Kind::kSession,
       [](Env& e, H h) -> R {
         CK_OBJECT_CLASS c;
         CK_ATTRIBUTE a{CKA_CLASS, &c, sizeof c};
         return e.f->C_GetAttributeValue(h, e.data, &a, 1);
       }},
      {"C_SetAttributeValue", Kind::kSession,
       [](Env& e, H h) -> R {
         CK_ATTRIBUTE a{CKA_LABEL, e.in, 4};
         return e.f->C_SetAttributeValue(h, e.data, &a, 1);
       }},
      {"C_FindObjectsInit", Kind::kSession, [](Env& e, H h) -> R { return e.f->C_FindObjectsInit(h, nullptr, 0); }},
      {"C_FindObjects", Kind::kSession,
       [](Env& e, H h) -> R { CK_OBJECT_HANDLE o; CK_ULONG n; return e.f->C_FindObjects(h, &o, 1, &n); }},
      {"C_FindObjectsFinal", Kind::kSession, [](Env& e, H h) -> R { return e.f->C_FindObjectsFinal(h); }},
  };
}

std::vector<Call> cipher_calls() {
  return {
      {"C_EncryptInit", Kind::kSession, [](Env& e, H h) -> R { return e.f->C_EncryptInit(h, &e.ecb, e.aes); }},
      {"C_Encrypt", Kind::kSession, [](Env& e, H h) -> R { return e.f->C_Encrypt(h, e.in, 16, e.out, &e.out_len); }},
      {"C_EncryptUpdate", Kind::kSession,
       [](Env& e, H h) -> R { return e.f->C_EncryptUpdate(h, e.in, 16, e.out, &e.out_len); }},
      {"C_EncryptFinal", Kind::kSession, [](Env& e, H h) -> R { return e.f->C_EncryptFinal(h, e.out, &e.out_len); }},
      {"C_DecryptInit", Kind::kSession, [](Env& e, H h) -> R { return e.f->C_DecryptInit(h, &e.ecb, e.aes); }},
      {"C_Decrypt", Kind::kSession, [](Env& e, H h) -> R { return e.f->C_Decrypt(h, e.in, 16, e.out, &e.out_len); }},
      {"C_DecryptUpdate", Kind::kSession,
       [](Env& e, H h) -> R { return e.f->C_DecryptUpdate(h, e.in, 16, e.out, &e.out_len); }},
      {"C_DecryptFinal", Kind::kSession, [](Env& e, H h) -> R { return e.f->C_DecryptFinal(h, e.out, &e.out_len); }},
      {"C_DigestInit", Kind::kSession, [](Env& e, H h) -> R { return e.f->C_DigestInit(h, &e.sha256); }},
      {"C_Digest", Kind::kSession, [](Env& e, H h) -> R { return e.f->C_Digest(h, e.in, 16, e.out, &e.out_len); }},
      {"C_DigestUpdate", Kind::kSession, [](Env& e, H h) -> R { return e.f->C_DigestUpdate(h, e.in, 16); }},
      {"C_DigestKey", Kind::kSession, [](Env& e, H h) -> R { return e.f->C_DigestKey(h, e.aes); }},
      {"C_DigestFinal", Kind::kSession, [](Env& e, H h) -> R { return e.f->C_DigestFinal(h, e.out, &e.out_len); }},
      {"C_SignInit", Kind::kSession, [](Env& e, H h) -> R { return e.f->C_SignInit(h, &e.hmac, e.generic); }},
      {"C_Sign", Kind::kSession, [](Env& e, H h) -> R { return e.f->C_Sign(h, e.in, 16, e.out, &e.out_len); }},
      {"C_SignUpdate", Kind::kSession, [](Env& e, H h) -> R { return e.f->C_SignUpdate(h, e.in, 16); }},
      {"C_SignFinal", Kind::kSession, [](Env& e, H h) -> R { return e.f->C_SignFinal(h, e.out, &e.out_len); }},
      {"C_SignRecoverInit", Kind::kSession,
       [](Env& e, H h) -> R { return e.f->C_SignRecoverInit(h, &e.rsa_pkcs, e.rsa_priv); }},
      {"C_SignRecover", Kind::kSession,
       [](Env& e, H h) -> R { return e.f->C_SignRecover(h, e.in, 16, e.out, &e.out_len); }},
      {"C_VerifyInit", Kind::kSession, [](Env& e, H h) -> R { return e.f->C_VerifyInit(h, &e.hmac, e.generic); }},
      {"C_Verify", Kind::kSession, [](Env& e, H h) -> R { return e.f->C_Verify(h, e.in, 16, e.sig, 32); }},
      {"C_VerifyUpdate", Kind::kSession, [](Env& e, H h) -> R { return e.f->C_VerifyUpdate(h, e.in, 16); }},
      {"C_VerifyFinal", Kind::kSession, [](Env& e, H h) -> R { return e.f->C_VerifyFinal(h, e.sig, 32); }},
      {"C_VerifyRecoverInit", Kind::kSession,
       [](Env& e, H h) -> R { return e.f->C_VerifyRecoverInit(h, &e.rsa_pkcs, e.rsa_pub); }},
      {"C_VerifyRecover", Kind::kSession,
       [](Env& e, H h) -> R { return e.f->C_VerifyRecover(h, e.sig, 256, e.out, &e.out_len); }},
      {"C_DigestEncryptUpdate", Kind::kSession,
       [](Env& e, H h) -> R { return e.f->C_DigestEncryptUpdate(h, e.in, 16, e.out, &e.out_len); }},
      {"C_DecryptDigestUpdate", Kind::kSession,
       [](Env& e, H h) -> R { return e.f->C_DecryptDigestUpdate(h, e.in, 16, e.out, &e.out_len); }},
      {"C_SignEncryptUpdate", Kind::kSession,
       [](Env& e, H h) -> R { return e.f->C_SignEncryptUpdate(h, e.in, 16, e.out, &e.out_len); }},
      {"C_DecryptVerifyUpdate", Kind::kSession,
       [](Env& e, H h) -> R { return e.f->C_DecryptVerifyUpdate(h, e.in, 16, e.out, &e.out_len); }},
  };
}

std::vector<Call> key_calls() {
  return {
      {"C_GenerateKey", Kind::kSession,
       [](Env& e, H h) -> R {
         CK_OBJECT_HANDLE o;
         return e.f->C_GenerateKey(h, &e.aes_gen, e.gen_tmpl.data(), e.gen_tmpl.size(), &o);
       }},
      {"C_GenerateKeyPair", Kind::kSession,
       [](Env& e, H h) -> R {
         CK_OBJECT_HANDLE a, b;
         return e.f->C_GenerateKeyPair(h, &e.ec_gen, e.ec_pub_tmpl.data(), e.ec_pub_tmpl.size(),
                                       e.ec_priv_tmpl.data(), e.ec_priv_tmpl.size(), &a, &b);
       }},
      {"C_WrapKey", Kind::kSession,
       [](Env& e, H h) -> R { return e.f->C_WrapKey(h, &e.kw, e.aes, e.generic, e.out, &e.out_len); }},
      {"C_UnwrapKey", Kind::kSession,
       [](Env& e, H h) -> R {
         CK_OBJECT_HANDLE o;
         return e.f->C_UnwrapKey(h, &e.kw, e.aes, e.wrapped.data(), e.wrapped.size(), e.secret_tmpl.data(),
                                 e.secret_tmpl.size(), &o);
       }},
      {"C_DeriveKey", Kind::kSession,
       [](Env& e, H h) -> R {
         CK_OBJECT_HANDLE o;
         return e.f->C_DeriveKey(h, &e.hkdf_mech, e.generic, e.derive_tmpl.data(), e.derive_tmpl.size(), &o);
       }},
      {"C_SeedRandom", Kind::kSession, [](Env& e, H h) -> R { return e.f->C_SeedRandom(h, e.in, 16); }},
      {"C_GenerateRandom", Kind::kSession, [](Env& e, H h) -> R { return e.f->C_GenerateRandom(h, e.out, 16); }},
      {"C_GetFunctionStatus", Kind::kLegacy, [](Env& e, H h) -> R { return e.f->C_GetFunctionStatus(h); }},
      {"C_CancelFunction", Kind::kLegacy, [](Env& e, H h) -> R { return e.f->C_CancelFunction(h); }},
      {"C_WaitForSlotEvent", Kind::kGeneral,
       [](Env& e, H) -> R { CK_SLOT_ID slot; return e.f->C_WaitForSlotEvent(CKF_DONT_BLOCK, &slot, nullptr); }},
  };
}

std::vector<Call> v3_calls() {
  return {
      {"C_GetInterfaceList", Kind::kPreInit,
       [](Env& e, H) -> R { CK_ULONG n; return e.f->C_GetInterfaceList(nullptr, &n); }},
      {"C_GetInterface", Kind::kPreInit,
       [](Env& e, H) -> R { CK_INTERFACE_PTR i; return e.f->C_GetInterface(name_of("PKCS 11"), nullptr, &i, 0); }},
      {"C_LoginUser", Kind::kSession,
       [](Env& e, H h) -> R {
         return e.f->C_LoginUser(h, CKU_USER, user_pin(), user_pin_len(), name_of("user"), 4);
       }},
      {"C_SessionCancel", Kind::kSession, [](Env& e, H h) -> R { return e.f->C_SessionCancel(h, CKF_ENCRYPT); }},
      {"C_MessageEncryptInit", Kind::kSession,
       [](Env& e, H h) -> R { return e.f->C_MessageEncryptInit(h, &e.gcm, e.aes); }},
      {"C_EncryptMessage", Kind::kSession,
       [](Env& e, H h) -> R {
         return e.f->C_EncryptMessage(h, &e.gcm_msg, sizeof e.gcm_msg, e.in, 4, e.in, 16, e.out, &e.out_len);
       }},
      {"C_EncryptMessageBegin", Kind::kSession,
       [](Env& e, H h) -> R { return e.f->C_EncryptMessageBegin(h, &e.gcm_msg, sizeof e.gcm_msg, e.in, 4); }},
      {"C_EncryptMessageNext", Kind::kSession,
       [](Env& e, H h) -> R {
         return e.f->C_EncryptMessageNext(h, &e.gcm_msg, sizeof e.gcm_msg, e.in, 16, e.out, &e.out_len,
                                          CKF_END_OF_MESSAGE);
       }},
      {"C_MessageEncryptFinal", Kind::kSession, [](Env& e, H h) -> R { return e.f->C_MessageEncryptFinal(h); }},
      {"C_MessageDecryptInit", Kind::kSession,
       [](Env& e, H h) -> R { return e.f->C_MessageDecryptInit(h, &e.gcm, e.aes); }},
      {"C_DecryptMessage", Kind::kSession,
       [](Env& e, H h) -> R {
         return e.f->C_DecryptMessage(h, &e.gcm_msg, sizeof e.gcm_msg, e.in, 4, e.in, 16, e.out, &e.out_len);
       }},
      {"C_DecryptMessageBegin", Kind::kSession,
       [](Env& e, H h) -> R { return e.f->C_DecryptMessageBegin(h, &e.gcm_msg, sizeof e.gcm_msg, e.in, 4); }},
      {"C_DecryptMessageNext", Kind::kSession,
       [](Env& e, H h) -> R {
         return e.f->C_DecryptMessageNext(h, &e.gcm_msg, sizeof e.gcm_msg, e.in, 16, e.out, &e.out_len,
                                          CKF_END_OF_MESSAGE);
       }},
      {"C_MessageDecryptFinal", Kind::kSession, [](Env& e, H h) -> R { return e.f->C_MessageDecryptFinal(h); }},
  };
}

std::vector<Call> stub_calls() {
  return {
      {"C_MessageSignInit", Kind::kStub, [](Env& e, H h) -> R { return e.f->C_MessageSignInit(h, &e.hmac, e.generic); }},
      {"C_SignMessage", Kind::kStub,
       [](Env& e, H h) -> R { return e.f->C_SignMessage(h, e.in, 4, e.in, 16, e.out, &e.out_len); }},
      {"C_SignMessageBegin", Kind::kStub, [](Env& e, H h) -> R { return e.f->C_SignMessageBegin(h, e.in, 4); }},
      {"C_SignMessageNext", Kind::kStub,
       [](Env& e, H h) -> R { return e.f->C_SignMessageNext(h, e.in, 4, e.in, 16, e.out, &e.out_len); }},
      {"C_MessageSignFinal", Kind::kStub, [](Env& e, H h) -> R { return e.f->C_MessageSignFinal(h); }},
      {"C_MessageVerifyInit", Kind::kStub,
       [](Env& e, H h) -> R { return e.f->C_MessageVerifyInit(h, &e.hmac, e.generic); }},
      {"C_VerifyMessage", Kind::kStub,
       [](Env& e, H h) -> R { return e.f->C_VerifyMessage(h, e.in, 4, e.in, 16, e.sig, 32); }},
      {"C_VerifyMessageBegin", Kind::kStub, [](Env& e, H h) -> R { return e.f->C_VerifyMessageBegin(h, e.in, 4); }},
      {"C_VerifyMessageNext", Kind::kStub,
       [](Env& e, H h) -> R { return e.f->C_VerifyMessageNext(h, e.in, 4, e.in, 16, e.sig, 32); }},
      {"C_MessageVerifyFinal", Kind::kStub, [](Env& e, H h) -> R { return e.f->C_MessageVerifyFinal(h); }},
      {"C_EncapsulateKey", Kind::kSession,
       [](Env& e, H h) -> R {
         CK_OBJECT_HANDLE o;
         return e.f->C_EncapsulateKey(h, &e.ecdsa, e.ec_pub, e.secret_tmpl.data(), e.secret_tmpl.size(), e.out,
                                      &e.out_len, &o);
       }},
      {"C_DecapsulateKey", Kind::kSession,
       [](Env& e, H h) -> R {
         CK_OBJECT_HANDLE o;
         return e.f->C_DecapsulateKey(h, &e.ecdsa, e.ec_priv, e.secret_tmpl.data(), e.secret_tmpl.size(), e.in, 16,
                                      &o);
       }},
  };
}

std::vector<Call> v32_calls() {
  return {
      {"C_VerifySignatureInit", Kind::kSession,
       [](Env& e, H h) -> R { return e.f->C_VerifySignatureInit(h, &e.hmac, e.generic, e.sig, 32); }},
      {"C_VerifySignature", Kind::kSession, [](Env& e, H h) -> R { return e.f->C_VerifySignature(h, e.in, 16); }},
      {"C_VerifySignatureUpdate", Kind::kSession,
       [](Env& e, H h) -> R { return e.f->C_VerifySignatureUpdate(h, e.in, 16); }},
      {"C_VerifySignatureFinal", Kind::kSession, [](Env& e, H h) -> R { return e.f->C_VerifySignatureFinal(h); }},
      {"C_GetSessionValidationFlags", Kind::kSession,
       [](Env& e, H h) -> R { CK_FLAGS fl; return e.f->C_GetSessionValidationFlags(h, CKS_LAST_VALIDATION_OK, &fl); }},
      {"C_AsyncComplete", Kind::kStub,
       [](Env& e, H h) -> R { CK_ASYNC_DATA d{}; return e.f->C_AsyncComplete(h, name_of("C_Sign"), &d); }},
      {"C_AsyncGetID", Kind::kStub,
       [](Env& e, H h) -> R { CK_ULONG id; return e.f->C_AsyncGetID(h, name_of("C_Sign"), &id); }},
      {"C_AsyncJoin", Kind::kStub,
       [](Env& e, H h) -> R { return e.f->C_AsyncJoin(h, name_of("C_Sign"), 1, e.out, 16); }},
      {"C_WrapKeyAuthenticated", Kind::kStub,
       [](Env& e, H h) -> R {
         return e.f->C_WrapKeyAuthenticated(h, &e.gcm, e.aes, e.generic, e.in, 4, e.out, &e.out_len);
       }},
      {"C_UnwrapKeyAuthenticated", Kind::kStub,
       [](Env& e, H h) -> R {
         CK_OBJECT_HANDLE o;
         return e.f->C_UnwrapKeyAuthenticated(h, &e.gcm, e.aes, e.in, 32, e.secret_tmpl.data(), e.secret_tmpl.size(),
                                              e.in, 4, &o);
       }},
  };
}

}  // namespace

const std::vector<Call>& all_calls() {
  static const std::vector<Call> calls = [] {
    std::vector<Call> all;
    for (auto part : {general_calls(), object_calls(), cipher_calls(), key_calls(), v3_calls(), stub_calls(),
                      v32_calls()})
      all.insert(all.end(), part.begin(), part.end());
    return all;
  }();
  return calls;
}

}  // namespace craton::test
