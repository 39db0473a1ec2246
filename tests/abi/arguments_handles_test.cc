// Second half of the negative-argument sweep (see arguments_test.cc):
// object and key handle arguments (bad, destroyed, from a closed session,
// not a key, invisible to a public session), keys of the wrong kind, and
// the R/O / SO session rules.
#include "arguments_env.h"

namespace craton::test {
namespace {

constexpr CK_OBJECT_HANDLE kNeverIssued = 0x7fffff01;

class HandleArgumentsTest : public ArgumentsFixture {};

// Every function taking an object or key handle, with the code the spec
// names for a handle that does not designate a usable object/key.
struct HandleCase {
  std::string name;
  CK_RV expected;
  std::function<CK_RV(Env&, CK_OBJECT_HANDLE)> call;
};

#define HC(name, rv, ...) HandleCase{name, rv, [](Env& e, CK_OBJECT_HANDLE bad) -> CK_RV { __VA_ARGS__ }}

std::vector<HandleCase> object_cases() {
  return {
      HC("C_CopyObject(hObject)", CKR_OBJECT_HANDLE_INVALID, CK_OBJECT_HANDLE o;
         return e.f->C_CopyObject(e.s, bad, nullptr, 0, &o);),
      HC("C_DestroyObject(hObject)", CKR_OBJECT_HANDLE_INVALID, return e.f->C_DestroyObject(e.s, bad);),
      HC("C_GetObjectSize(hObject)", CKR_OBJECT_HANDLE_INVALID, CK_ULONG n;
         return e.f->C_GetObjectSize(e.s, bad, &n);),
      HC("C_GetAttributeValue(hObject)", CKR_OBJECT_HANDLE_INVALID, CK_OBJECT_CLASS c;
         CK_ATTRIBUTE a{CKA_CLASS, &c, sizeof c}; return e.f->C_GetAttributeValue(e.s, bad, &a, 1);),
      HC("C_SetAttributeValue(hObject)", CKR_OBJECT_HANDLE_INVALID, CK_ATTRIBUTE a{CKA_LABEL, e.in, 4};
         return e.f->C_SetAttributeValue(e.s, bad, &a, 1);),
  };
}

std::vector<HandleCase> key_cases() {
  return {
      HC("C_EncryptInit(hKey)", CKR_KEY_HANDLE_INVALID, return e.f->C_EncryptInit(e.s, &e.ecb, bad);),
      HC("C_DecryptInit(hKey)", CKR_KEY_HANDLE_INVALID, return e.f->C_DecryptInit(e.s, &e.ecb, bad);),
      HC("C_SignInit(hKey)", CKR_KEY_HANDLE_INVALID, return e.f->C_SignInit(e.s, &e.hmac, bad);),
      HC("C_SignRecoverInit(hKey)", CKR_KEY_HANDLE_INVALID, return e.f->C_SignRecoverInit(e.s, &e.rsa_pkcs, bad);),
      HC("C_VerifyInit(hKey)", CKR_KEY_HANDLE_INVALID, return e.f->C_VerifyInit(e.s, &e.hmac, bad);),
      HC("C_VerifyRecoverInit(hKey)", CKR_KEY_HANDLE_INVALID,
         return e.f->C_VerifyRecoverInit(e.s, &e.rsa_pkcs, bad);),
      HC("C_DigestKey(hKey)", CKR_KEY_HANDLE_INVALID, CK_RV rv = e.f->C_DigestInit(e.s, &e.sha256);
         return rv != CKR_OK ? rv : e.f->C_DigestKey(e.s, bad);),
      HC("C_MessageEncryptInit(hKey)", CKR_KEY_HANDLE_INVALID, return e.f->C_MessageEncryptInit(e.s, &e.gcm, bad);),
      HC("C_MessageDecryptInit(hKey)", CKR_KEY_HANDLE_INVALID, return e.f->C_MessageDecryptInit(e.s, &e.gcm, bad);),
      HC("C_VerifySignatureInit(hKey)", CKR_KEY_HANDLE_INVALID,
         return e.f->C_VerifySignatureInit(e.s, &e.hmac, bad, e.sig, 32);),
      HC("C_WrapKey(hWrappingKey)", CKR_WRAPPING_KEY_HANDLE_INVALID,
         return e.f->C_WrapKey(e.s, &e.kw, bad, e.generic, e.out, &e.out_len);),
      HC("C_WrapKey(hKey)", CKR_KEY_HANDLE_INVALID, return e.f->C_WrapKey(e.s, &e.kw, e.aes, bad, e.out, &e.out_len);),
      HC("C_UnwrapKey(hUnwrappingKey)", CKR_UNWRAPPING_KEY_HANDLE_INVALID, CK_OBJECT_HANDLE o;
         return e.f->C_UnwrapKey(e.s, &e.kw, bad, e.wrapped.data(), e.wrapped.size(), e.secret_tmpl.data(),
                                 e.secret_tmpl.size(), &o);),
      HC("C_DeriveKey(hBaseKey)", CKR_KEY_HANDLE_INVALID, CK_OBJECT_HANDLE o;
         return e.f->C_DeriveKey(e.s, &e.hkdf_mech, bad, e.derive_tmpl.data(), e.derive_tmpl.size(), &o);),
  };
}

void run_cases(Env& e, const std::vector<HandleCase>& cases, CK_OBJECT_HANDLE bad, const std::string& label) {
  for (const auto& c : cases) {
    e.out_len = sizeof e.out;
    expect_rv(c.name + " with " + label, c.expected, c.call(e, bad));
    e.cancel_all();
  }
}

TEST_F(HandleArgumentsTest, BadObjectAndKeyHandles) {
  Env& e = env();
  // A destroyed object, and an object that died with its session.
  CK_OBJECT_HANDLE destroyed;
  ASSERT_OK(f()->C_CreateObject(e.s, e.data_tmpl.data(), e.data_tmpl.size(), &destroyed));
  ASSERT_OK(f()->C_DestroyObject(e.s, destroyed));
  CK_SESSION_HANDLE other;
  ASSERT_OK(f()->C_OpenSession(0, CKF_SERIAL_SESSION | CKF_RW_SESSION, nullptr, nullptr, &other));
  CK_OBJECT_HANDLE orphan;
  ASSERT_OK(f()->C_CopyObject(other, e.aes, nullptr, 0, &orphan));
  ASSERT_OK(f()->C_CloseSession(other));
  const std::pair<const char*, CK_OBJECT_HANDLE> bad[] = {{"handle 0", CK_INVALID_HANDLE},
                                                         {"a never-issued handle", kNeverIssued},
                                                         {"a destroyed object", destroyed},
                                                         {"an object of a closed session", orphan}};
  for (const auto& [label, h] : bad) {
    run_cases(e, object_cases(), h, label);
    run_cases(e, key_cases(), h, label);
  }
}

// PKCS#11 CKR_KEY_HANDLE_INVALID: "It may be the case that the specified
// handle is a valid handle for an object which is not a key."
TEST_F(HandleArgumentsTest, DataObjectIsNotAKey) {
  Env& e = env();
  run_cases(e, key_cases(), e.data, "a data object");
}

// A private object does not exist for a public session: every handle
// argument naming it is invalid.
TEST_F(HandleArgumentsTest, PrivateObjectsInvisibleToPublicSession) {
  Env& e = env();
  CK_OBJECT_HANDLE hidden;
  CK_BBOOL yes = CK_TRUE;
  CK_ATTRIBUTE make_private{CKA_PRIVATE, &yes, 1};
  ASSERT_OK(f()->C_CopyObject(e.s, e.aes, &make_private, 1, &hidden));
  ASSERT_OK(f()->C_Logout(e.s));
  run_cases(e, object_cases(), hidden, "a private key seen from a public session");
  run_cases(e, key_cases(), hidden, "a private key seen from a public session");
  // And it is not found either.
  ASSERT_OK(f()->C_FindObjectsInit(e.s, nullptr, 0));
  CK_OBJECT_HANDLE found[64];
  CK_ULONG n = 0;
  ASSERT_OK(f()->C_FindObjects(e.s, found, 64, &n));
  ASSERT_OK(f()->C_FindObjectsFinal(e.s));
  EXPECT_EQ(std::count(found, found + n, hidden), 0);
}

// Keys of the wrong kind for the operation.
TEST_F(HandleArgumentsTest, WrongKeyKindForOperation) {
  Env& e = env();
  expect_rv("C_SignInit(CKM_ECDSA, EC public key)", CKR_KEY_FUNCTION_NOT_PERMITTED,
            f()->C_SignInit(e.s, &e.ecdsa, e.ec_pub));
  expect_rv("C_SignInit(CKM_ECDSA, AES key with CKA_SIGN)", CKR_KEY_TYPE_INCONSISTENT,
            f()->C_SignInit(e.s, &e.ecdsa, e.aes));
  CK_MECHANISM cmac{CKM_AES_CMAC, nullptr, 0};
  expect_rv("C_SignInit(CKM_AES_CMAC, EC private key)", CKR_KEY_TYPE_INCONSISTENT,
            f()->C_SignInit(e.s, &cmac, e.ec_priv));
  expect_rv("C_EncryptInit(CKM_AES_ECB, generic secret with CKA_ENCRYPT)", CKR_KEY_TYPE_INCONSISTENT,
            f()->C_EncryptInit(e.s, &e.ecb, e.generic));
  expect_rv("C_VerifyInit(CKM_RSA_PKCS, EC public key)", CKR_KEY_TYPE_INCONSISTENT,
            f()->C_VerifyInit(e.s, &e.rsa_pkcs, e.ec_pub));
  ASSERT_OK(f()->C_DigestInit(e.s, &e.sha256));
  expect_rv("C_DigestKey(RSA private key)", CKR_KEY_INDIGESTIBLE, f()->C_DigestKey(e.s, e.rsa_priv));
  e.cancel_all();
  // ECDH on a secret key.
  Bytes point = get_attr(e.s, e.ec_pub, CKA_EC_POINT);
  CK_ECDH1_DERIVE_PARAMS p{CKD_NULL, 0, nullptr, point.size(), point.data()};
  CK_MECHANISM ecdh{CKM_ECDH1_DERIVE, &p, sizeof p};
  CK_OBJECT_HANDLE o;
  expect_rv("C_DeriveKey(CKM_ECDH1_DERIVE, AES base key)", CKR_KEY_TYPE_INCONSISTENT,
            f()->C_DeriveKey(e.s, &ecdh, e.aes, e.secret_tmpl.data(), e.secret_tmpl.size(), &o));
  // Wrapping with a key AES-KW cannot use: the wrapping-key codes.
  e.out_len = sizeof e.out;
  expect_rv("C_WrapKey(CKM_AES_KEY_WRAP, generic-secret wrapping key)", CKR_WRAPPING_KEY_TYPE_INCONSISTENT,
            f()->C_WrapKey(e.s, &e.kw, e.generic, e.aes, e.out, &e.out_len));
  expect_rv("C_UnwrapKey(CKM_AES_KEY_WRAP, generic-secret unwrapping key)", CKR_UNWRAPPING_KEY_TYPE_INCONSISTENT,
            f()->C_UnwrapKey(e.s, &e.kw, e.generic, e.wrapped.data(), e.wrapped.size(), e.secret_tmpl.data(),
                             e.secret_tmpl.size(), &o));
}

TEST_F(HandleArgumentsTest, ReadOnlySessionCannotWriteTokenObjects) {
  Env& e = env();
  CK_BBOOL yes = CK_TRUE, no = CK_FALSE;
  CK_OBJECT_CLASS data_class = CKO_DATA;
  CK_ATTRIBUTE token_data[] = {attr(CKA_CLASS, &data_class, sizeof data_class), attr(CKA_TOKEN, &yes, 1),
                               attr(CKA_PRIVATE, &no, 1)};
  CK_OBJECT_HANDLE token_object;
  ASSERT_OK(f()->C_CreateObject(e.s, token_data, 3, &token_object));
  CK_SESSION_HANDLE ro = open_session(false);
  CK_SESSION_INFO info;
  ASSERT_OK(f()->C_GetSessionInfo(ro, &info));
  ASSERT_EQ(info.state, CKS_RO_USER_FUNCTIONS);
  CK_OBJECT_HANDLE o, o2;
  expect_rv("R/O C_CreateObject(token object)", CKR_SESSION_READ_ONLY, f()->C_CreateObject(ro, token_data, 3, &o));
  CK_ATTRIBUTE to_token{CKA_TOKEN, &yes, 1};
  expect_rv("R/O C_CopyObject(to a token object)", CKR_SESSION_READ_ONLY,
            f()->C_CopyObject(ro, e.data, &to_token, 1, &o));
  std::vector<CK_ATTRIBUTE> gen = e.gen_tmpl;
  gen[1] = to_token;  // CKA_TOKEN position in gen_tmpl
  expect_rv("R/O C_GenerateKey(token key)", CKR_SESSION_READ_ONLY,
            f()->C_GenerateKey(ro, &e.aes_gen, gen.data(), gen.size(), &o));
  std::vector<CK_ATTRIBUTE> pub = e.ec_pub_tmpl, priv = e.ec_priv_tmpl;
  pub[1] = to_token;
  priv[0] = to_token;
  expect_rv("R/O C_GenerateKeyPair(token keys)", CKR_SESSION_READ_ONLY,
            f()->C_GenerateKeyPair(ro, &e.ec_gen, pub.data(), pub.size(), priv.data(), priv.size(), &o, &o2));
  std::vector<CK_ATTRIBUTE> unwrap = e.secret_tmpl, derive = e.derive_tmpl;
  unwrap[2] = to_token;
  derive[2] = to_token;
  expect_rv("R/O C_UnwrapKey(token key)", CKR_SESSION_READ_ONLY,
            f()->C_UnwrapKey(ro, &e.kw, e.aes, e.wrapped.data(), e.wrapped.size(), unwrap.data(), unwrap.size(), &o));
  expect_rv("R/O C_DeriveKey(token key)", CKR_SESSION_READ_ONLY,
            f()->C_DeriveKey(ro, &e.hkdf_mech, e.generic, derive.data(), derive.size(), &o));
  CK_ATTRIBUTE label{CKA_LABEL, e.in, 4};
  expect_rv("R/O C_SetAttributeValue(token object)", CKR_SESSION_READ_ONLY,
            f()->C_SetAttributeValue(ro, token_object, &label, 1));
  expect_rv("R/O C_DestroyObject(token object)", CKR_SESSION_READ_ONLY, f()->C_DestroyObject(ro, token_object));
  expect_rv("R/O C_SetPIN", CKR_SESSION_READ_ONLY,
            f()->C_SetPIN(ro, (CK_UTF8CHAR_PTR)kUserPin, std::strlen(kUserPin), (CK_UTF8CHAR_PTR)kUserPin,
                          std::strlen(kUserPin)));
  // Session objects stay allowed in a R/O session.
  expect_rv("R/O C_CreateObject(session object)", CKR_OK,
            f()->C_CreateObject(ro, e.data_tmpl.data(), e.data_tmpl.size(), &o));
  expect_rv("R/O C_GenerateKey(session key)", CKR_OK,
            f()->C_GenerateKey(ro, &e.aes_gen, e.gen_tmpl.data(), e.gen_tmpl.size(), &o));
}

TEST_F(HandleArgumentsTest, SecurityOfficerAndReadOnlySessions) {
  init_token();
  init_user_pin();
  CK_SESSION_HANDLE ro = open_session(false);
  CK_SESSION_HANDLE rw = open_session(true);
  auto pin = [](const char* p) { return (CK_UTF8CHAR_PTR)p; };
  expect_rv("C_Login(SO) while a R/O session exists", CKR_SESSION_READ_ONLY_EXISTS,
            f()->C_Login(rw, CKU_SO, pin(kSoPin), std::strlen(kSoPin)));
  ASSERT_OK(f()->C_CloseSession(ro));
  ASSERT_OK(f()->C_Login(rw, CKU_SO, pin(kSoPin), std::strlen(kSoPin)));
  CK_SESSION_HANDLE h;
  expect_rv("C_OpenSession(R/O) while the SO is logged in", CKR_SESSION_READ_WRITE_SO_EXISTS,
            f()->C_OpenSession(0, CKF_SERIAL_SESSION, nullptr, nullptr, &h));
  expect_rv("C_Login(USER) while the SO is logged in", CKR_USER_ANOTHER_ALREADY_LOGGED_IN,
            f()->C_Login(rw, CKU_USER, pin(kUserPin), std::strlen(kUserPin)));
  expect_rv("C_Login(SO) twice", CKR_USER_ALREADY_LOGGED_IN,
            f()->C_Login(rw, CKU_SO, pin(kSoPin), std::strlen(kSoPin)));
  expect_rv("C_Login(bad user type)", CKR_USER_TYPE_INVALID, f()->C_Login(rw, 77, pin(kSoPin), std::strlen(kSoPin)));
  ASSERT_OK(f()->C_Logout(rw));
  expect_rv("C_Logout when nobody is logged in", CKR_USER_NOT_LOGGED_IN, f()->C_Logout(rw));
  expect_rv("C_InitPIN in a public session", CKR_USER_NOT_LOGGED_IN,
            f()->C_InitPIN(rw, pin(kUserPin), std::strlen(kUserPin)));
}

}  // namespace
}  // namespace craton::test
