// Negative-argument sweep over the whole PKCS#11 3.2 function list:
//  - every function before C_Initialize -> CKR_CRYPTOKI_NOT_INITIALIZED;
//  - every session function with handle 0, a closed and a never-issued
//    handle -> CKR_SESSION_HANDLE_INVALID;
//  - every pointer the spec requires non-NULL, passed as NULL -> CKR_ARGUMENTS_BAD;
//  - every object/key handle argument with bad handles -> CKR_OBJECT_HANDLE_INVALID,
//    CKR_KEY_HANDLE_INVALID, CKR_WRAPPING_/UNWRAPPING_KEY_HANDLE_INVALID;
//  - objects of the wrong class or kind, R/O and public session rules.
// Tables name each call so a failure says which function and argument.
#include <dlfcn.h>

#include <set>

#include "arguments_env.h"

namespace craton::test {
namespace {

constexpr CK_ULONG kNeverIssued = 0x7fffff01;

class ArgumentsTest : public ArgumentsFixture {};

// What a row of the function table must answer when it cannot reach the
// module's state: stubs and legacy functions have fixed answers.
CK_RV fixed_answer(Kind k, CK_RV otherwise) {
  if (k == Kind::kStub) return CKR_FUNCTION_NOT_SUPPORTED;
  if (k == Kind::kLegacy) return CKR_FUNCTION_NOT_PARALLEL;  // "should simply return" (legacy functions)
  return otherwise;
}

TEST_F(ArgumentsTest, TableCoversEveryFunctionOfTheList) {
  std::set<std::string> names;
  for (const auto& c : all_calls()) {
    EXPECT_TRUE(names.insert(c.name).second) << c.name << " twice";
    EXPECT_NE(dlsym(module().handle, c.name.c_str()), nullptr) << c.name << " not exported";
  }
  EXPECT_EQ(names.size(), 104u);  // the CK_FUNCTION_LIST_3_2 entries
}

TEST_F(ArgumentsTest, EveryFunctionBeforeInitialize) {
  Env& e = env();
  ASSERT_OK(f()->C_Finalize(nullptr));
  initialized_ = false;
  for (const auto& c : all_calls()) {
    if (c.kind == Kind::kInitialize) continue;
    e.out_len = sizeof e.out;
    const CK_RV want = c.kind == Kind::kPreInit ? CKR_OK : fixed_answer(c.kind, CKR_CRYPTOKI_NOT_INITIALIZED);
    const CK_SESSION_HANDLE h = c.kind == Kind::kSlot ? 0 : e.s;
    expect_rv(c.name + " before C_Initialize", want, c.run(e, h));
  }
  // C_Initialize's own argument rules.
  CK_C_INITIALIZE_ARGS args{};
  args.pReserved = e.in;
  expect_rv("C_Initialize(pReserved != NULL)", CKR_ARGUMENTS_BAD, f()->C_Initialize(&args));
  CK_C_INITIALIZE_ARGS partial{};
  partial.CreateMutex = [](CK_VOID_PTR_PTR) -> CK_RV { return CKR_OK; };
  expect_rv("C_Initialize(only CreateMutex given)", CKR_ARGUMENTS_BAD, f()->C_Initialize(&partial));
  ASSERT_OK(f()->C_Initialize(nullptr));
  initialized_ = true;
  expect_rv("C_Initialize twice", CKR_CRYPTOKI_ALREADY_INITIALIZED, f()->C_Initialize(nullptr));
}

TEST_F(ArgumentsTest, EverySessionFunctionRejectsInvalidHandles) {
  Env& e = env();
  CK_SESSION_HANDLE closed = CK_INVALID_HANDLE;
  ASSERT_OK(f()->C_OpenSession(0, CKF_SERIAL_SESSION, nullptr, nullptr, &closed));
  ASSERT_OK(f()->C_CloseSession(closed));
  const std::pair<const char*, CK_SESSION_HANDLE> bad[] = {
      {"0", CK_INVALID_HANDLE}, {"closed", closed}, {"never issued", kNeverIssued}};
  int checked = 0;
  for (const auto& c : all_calls()) {
    if (c.kind != Kind::kSession && c.kind != Kind::kStub && c.kind != Kind::kLegacy) continue;
    ++checked;
    for (const auto& [label, h] : bad) {
      e.out_len = sizeof e.out;
      expect_rv(c.name + " with session handle " + label, fixed_answer(c.kind, CKR_SESSION_HANDLE_INVALID),
                c.run(e, h));
    }
  }
  EXPECT_EQ(checked, 89);
  // The real session is untouched by all of that.
  CK_SESSION_INFO info;
  ASSERT_OK(f()->C_GetSessionInfo(e.s, &info));
  EXPECT_EQ(info.state, CKS_RW_USER_FUNCTIONS);
}

TEST_F(ArgumentsTest, EverySlotFunctionRejectsAnInvalidSlot) {
  Env& e = env();
  for (const auto& c : all_calls())
    if (c.kind == Kind::kSlot) expect_rv(c.name + " with slot 99", CKR_SLOT_ID_INVALID, c.run(e, 99));
}

// ---------------------------------------------------------------------------
// NULL pointers. Each row may first start the operation it needs, so that
// the NULL argument, not a missing operation, is what gets judged.

struct NullCase {
  std::string name;
  std::function<CK_RV(Env&)> setup;
  std::function<CK_RV(Env&)> call;
};

using namespace starts;  // NOLINT: the short names keep the case tables readable
CK_RV menc_begin(Env& e) {
  CK_RV rv = menc(e);
  return rv != CKR_OK ? rv : e.f->C_EncryptMessageBegin(e.s, &e.gcm_msg, sizeof e.gcm_msg, e.in, 4);
}
CK_RV mdec_begin(Env& e) {
  static CK_GCM_MESSAGE_PARAMS p;
  p = CK_GCM_MESSAGE_PARAMS{e.iv, sizeof e.iv, 0, CKG_NO_GENERATE, e.tag, 128};
  CK_RV rv = mdec(e);
  return rv != CKR_OK ? rv : e.f->C_DecryptMessageBegin(e.s, &p, sizeof p, e.in, 4);
}

#define NC(name, setup, ...) NullCase{name, setup, []([[maybe_unused]] Env& e) -> CK_RV { __VA_ARGS__ }}

std::vector<NullCase> general_null_cases() {
  return {
      NC("C_GetInfo(pInfo)", none, return e.f->C_GetInfo(nullptr);),
      NC("C_GetFunctionList(ppFunctionList)", none, return e.f->C_GetFunctionList(nullptr);),
      NC("C_GetSlotList(pulCount)", none, return e.f->C_GetSlotList(CK_FALSE, nullptr, nullptr);),
      NC("C_GetSlotInfo(pInfo)", none, return e.f->C_GetSlotInfo(0, nullptr);),
      NC("C_GetTokenInfo(pInfo)", none, return e.f->C_GetTokenInfo(0, nullptr);),
      NC("C_GetMechanismList(pulCount)", none, CK_MECHANISM_TYPE l[4]; return e.f->C_GetMechanismList(0, l, nullptr);),
      NC("C_GetMechanismInfo(pInfo)", none, return e.f->C_GetMechanismInfo(0, CKM_SHA256, nullptr);),
      // No protected authentication path (checked below), so a PIN is required.
      NC("C_InitToken(pPin)", none, CK_UTF8CHAR l[32]; std::memset(l, ' ', 32);
         return e.f->C_InitToken(1, nullptr, 8, l);),
      NC("C_InitToken(pLabel)", none,
         return e.f->C_InitToken(1, (CK_UTF8CHAR_PTR)kSoPin, std::strlen(kSoPin), nullptr);),
      NC("C_InitPIN(pPin)", none, return e.f->C_InitPIN(e.s, nullptr, 8);),
      NC("C_SetPIN(pOldPin)", none, return e.f->C_SetPIN(e.s, nullptr, 8, (CK_UTF8CHAR_PTR)kUserPin, 8);),
      NC("C_SetPIN(pNewPin)", none, return e.f->C_SetPIN(e.s, (CK_UTF8CHAR_PTR)kUserPin, 8, nullptr, 8);),
      NC("C_OpenSession(phSession)", none, return e.f->C_OpenSession(0, CKF_SERIAL_SESSION, nullptr, nullptr, nullptr);),
      NC("C_GetSessionInfo(pInfo)", none, return e.f->C_GetSessionInfo(e.s, nullptr);),
      NC("C_GetOperationState(pulOperationStateLen)", dig, return e.f->C_GetOperationState(e.s, e.out, nullptr);),
      NC("C_SetOperationState(pOperationState)", none, return e.f->C_SetOperationState(e.s, nullptr, 16, 0, 0);),
      NC("C_CreateObject(pTemplate, ulCount 1)", none, CK_OBJECT_HANDLE o; return e.f->C_CreateObject(e.s, nullptr, 1, &o);),
      NC("C_CreateObject(phObject)", none,
         return e.f->C_CreateObject(e.s, e.data_tmpl.data(), e.data_tmpl.size(), nullptr);),
      NC("C_CopyObject(pTemplate, ulCount 1)", none, CK_OBJECT_HANDLE o; return e.f->C_CopyObject(e.s, e.data, nullptr, 1, &o);),
      NC("C_CopyObject(phNewObject)", none, return e.f->C_CopyObject(e.s, e.data, nullptr, 0, nullptr);),
      NC("C_GetObjectSize(pulSize)", none, return e.f->C_GetObjectSize(e.s, e.data, nullptr);),
      NC("C_GetAttributeValue(pTemplate, ulCount 1)", none, return e.f->C_GetAttributeValue(e.s, e.data, nullptr, 1);),
      NC("C_SetAttributeValue(pTemplate, ulCount 1)", none, return e.f->C_SetAttributeValue(e.s, e.data, nullptr, 1);),
      NC("C_FindObjectsInit(pTemplate, ulCount 1)", none, return e.f->C_FindObjectsInit(e.s, nullptr, 1);),
      NC("C_FindObjects(phObject)", find, CK_ULONG n; return e.f->C_FindObjects(e.s, nullptr, 1, &n);),
      NC("C_FindObjects(pulObjectCount)", find, CK_OBJECT_HANDLE o; return e.f->C_FindObjects(e.s, &o, 1, nullptr);),
      NC("C_WaitForSlotEvent(pSlot)", none, return e.f->C_WaitForSlotEvent(CKF_DONT_BLOCK, nullptr, nullptr);),
      NC("C_WaitForSlotEvent(pReserved != NULL)", none, CK_SLOT_ID s;
         return e.f->C_WaitForSlotEvent(CKF_DONT_BLOCK, &s, e.in);),
      NC("C_GetInterfaceList(pulCount)", none, return e.f->C_GetInterfaceList(nullptr, nullptr);),
      NC("C_GetInterface(ppInterface)", none,
         return e.f->C_GetInterface((CK_UTF8CHAR_PTR) "PKCS 11", nullptr, nullptr, 0);),
      NC("C_GetSessionValidationFlags(pFlags)", none,
         return e.f->C_GetSessionValidationFlags(e.s, CKS_LAST_VALIDATION_OK, nullptr);),
      NC("C_SeedRandom(pSeed, ulSeedLen 16)", none, return e.f->C_SeedRandom(e.s, nullptr, 16);),
      NC("C_GenerateRandom(RandomData, ulRandomLen 16)", none, return e.f->C_GenerateRandom(e.s, nullptr, 16);),
  };
}

std::vector<NullCase> crypto_null_cases() {
  return {
      NC("C_Encrypt(pData)", enc, return e.f->C_Encrypt(e.s, nullptr, 16, e.out, &e.out_len);),
      NC("C_Encrypt(pulEncryptedDataLen)", enc, return e.f->C_Encrypt(e.s, e.in, 16, e.out, nullptr);),
      NC("C_EncryptUpdate(pPart)", enc, return e.f->C_EncryptUpdate(e.s, nullptr, 16, e.out, &e.out_len);),
      NC("C_EncryptUpdate(pulEncryptedPartLen)", enc, return e.f->C_EncryptUpdate(e.s, e.in, 16, e.out, nullptr);),
      NC("C_EncryptFinal(pulLastEncryptedPartLen)", enc, return e.f->C_EncryptFinal(e.s, e.out, nullptr);),
      NC("C_Decrypt(pEncryptedData)", dec, return e.f->C_Decrypt(e.s, nullptr, 16, e.out, &e.out_len);),
      NC("C_Decrypt(pulDataLen)", dec, return e.f->C_Decrypt(e.s, e.in, 16, e.out, nullptr);),
      NC("C_DecryptUpdate(pEncryptedPart)", dec, return e.f->C_DecryptUpdate(e.s, nullptr, 16, e.out, &e.out_len);),
      NC("C_DecryptUpdate(pulPartLen)", dec, return e.f->C_DecryptUpdate(e.s, e.in, 16, e.out, nullptr);),
      NC("C_DecryptFinal(pulLastPartLen)", dec, return e.f->C_DecryptFinal(e.s, e.out, nullptr);),
      NC("C_Digest(pData)", dig, return e.f->C_Digest(e.s, nullptr, 16, e.out, &e.out_len);),
      NC("C_Digest(pulDigestLen)", dig, return e.f->C_Digest(e.s, e.in, 16, e.out, nullptr);),
      NC("C_DigestUpdate(pPart)", dig, return e.f->C_DigestUpdate(e.s, nullptr, 16);),
      NC("C_DigestFinal(pulDigestLen)", dig, return e.f->C_DigestFinal(e.s, e.out, nullptr);),
      NC("C_Sign(pData)", sgn, return e.f->C_Sign(e.s, nullptr, 16, e.out, &e.out_len);),
      NC("C_Sign(pulSignatureLen)", sgn, return e.f->C_Sign(e.s, e.in, 16, e.out, nullptr);),
      NC("C_SignUpdate(pPart)", sgn, return e.f->C_SignUpdate(e.s, nullptr, 16);),
      NC("C_SignFinal(pulSignatureLen)", sgn, return e.f->C_SignFinal(e.s, e.out, nullptr);),
      NC("C_SignRecover(pData)", sgr, return e.f->C_SignRecover(e.s, nullptr, 16, e.out, &e.out_len);),
      NC("C_SignRecover(pulSignatureLen)", sgr, return e.f->C_SignRecover(e.s, e.in, 16, e.out, nullptr);),
      NC("C_Verify(pData)", ver, return e.f->C_Verify(e.s, nullptr, 16, e.sig, 32);),
      NC("C_Verify(pSignature)", ver, return e.f->C_Verify(e.s, e.in, 16, nullptr, 32);),
      NC("C_VerifyUpdate(pPart)", ver, return e.f->C_VerifyUpdate(e.s, nullptr, 16);),
      NC("C_VerifyFinal(pSignature)", ver, return e.f->C_VerifyFinal(e.s, nullptr, 32);),
      NC("C_VerifyRecover(pSignature)", vrr, return e.f->C_VerifyRecover(e.s, nullptr, 256, e.out, &e.out_len);),
      NC("C_VerifyRecover(pulDataLen)", vrr, return e.f->C_VerifyRecover(e.s, e.sig, 256, e.out, nullptr);),
      NC("C_DigestEncryptUpdate(pPart)", (both<dig, enc>),
         return e.f->C_DigestEncryptUpdate(e.s, nullptr, 16, e.out, &e.out_len);),
      NC("C_DigestEncryptUpdate(pulEncryptedPartLen)", (both<dig, enc>),
         return e.f->C_DigestEncryptUpdate(e.s, e.in, 16, e.out, nullptr);),
      NC("C_DecryptDigestUpdate(pEncryptedPart)", (both<dig, dec>),
         return e.f->C_DecryptDigestUpdate(e.s, nullptr, 16, e.out, &e.out_len);),
      NC("C_DecryptDigestUpdate(pulPartLen)", (both<dig, dec>),
         return e.f->C_DecryptDigestUpdate(e.s, e.in, 16, e.out, nullptr);),
      NC("C_SignEncryptUpdate(pPart)", (both<sgn, enc>),
         return e.f->C_SignEncryptUpdate(e.s, nullptr, 16, e.out, &e.out_len);),
      NC("C_SignEncryptUpdate(pulEncryptedPartLen)", (both<sgn, enc>),
         return e.f->C_SignEncryptUpdate(e.s, e.in, 16, e.out, nullptr);),
      NC("C_DecryptVerifyUpdate(pEncryptedPart)", (both<ver, dec>),
         return e.f->C_DecryptVerifyUpdate(e.s, nullptr, 16, e.out, &e.out_len);),
      NC("C_DecryptVerifyUpdate(pulPartLen)", (both<ver, dec>),
         return e.f->C_DecryptVerifyUpdate(e.s, e.in, 16, e.out, nullptr);),
      NC("C_VerifySignatureInit(pSignature)", none,
         return e.f->C_VerifySignatureInit(e.s, &e.hmac, e.generic, nullptr, 32);),
      NC("C_VerifySignature(pData)", vsig, return e.f->C_VerifySignature(e.s, nullptr, 16);),
      NC("C_VerifySignatureUpdate(pPart)", vsig, return e.f->C_VerifySignatureUpdate(e.s, nullptr, 16);),
  };
}

std::vector<NullCase> key_null_cases() {
  return {
      NC("C_GenerateKey(pMechanism)", none, CK_OBJECT_HANDLE o;
         return e.f->C_GenerateKey(e.s, nullptr, e.gen_tmpl.data(), e.gen_tmpl.size(), &o);),
      NC("C_GenerateKey(pTemplate, ulCount 2)", none, CK_OBJECT_HANDLE o;
         return e.f->C_GenerateKey(e.s, &e.aes_gen, nullptr, 2, &o);),
      NC("C_GenerateKey(phKey)", none,
         return e.f->C_GenerateKey(e.s, &e.aes_gen, e.gen_tmpl.data(), e.gen_tmpl.size(), nullptr);),
      NC("C_GenerateKeyPair(pMechanism)", none, CK_OBJECT_HANDLE a, b;
         return e.f->C_GenerateKeyPair(e.s, nullptr, e.ec_pub_tmpl.data(), e.ec_pub_tmpl.size(), e.ec_priv_tmpl.data(),
                                       e.ec_priv_tmpl.size(), &a, &b);),
      NC("C_GenerateKeyPair(pPublicKeyTemplate, count 2)", none, CK_OBJECT_HANDLE a, b;
         return e.f->C_GenerateKeyPair(e.s, &e.ec_gen, nullptr, 2, e.ec_priv_tmpl.data(), e.ec_priv_tmpl.size(), &a, &b);),
      NC("C_GenerateKeyPair(pPrivateKeyTemplate, count 2)", none, CK_OBJECT_HANDLE a, b;
         return e.f->C_GenerateKeyPair(e.s, &e.ec_gen, e.ec_pub_tmpl.data(), e.ec_pub_tmpl.size(), nullptr, 2, &a, &b);),
      NC("C_GenerateKeyPair(phPublicKey)", none, CK_OBJECT_HANDLE b;
         return e.f->C_GenerateKeyPair(e.s, &e.ec_gen, e.ec_pub_tmpl.data(), e.ec_pub_tmpl.size(), e.ec_priv_tmpl.data(),
                                       e.ec_priv_tmpl.size(), nullptr, &b);),
      NC("C_GenerateKeyPair(phPrivateKey)", none, CK_OBJECT_HANDLE a;
         return e.f->C_GenerateKeyPair(e.s, &e.ec_gen, e.ec_pub_tmpl.data(), e.ec_pub_tmpl.size(), e.ec_priv_tmpl.data(),
                                       e.ec_priv_tmpl.size(), &a, nullptr);),
      NC("C_WrapKey(pMechanism)", none, return e.f->C_WrapKey(e.s, nullptr, e.aes, e.generic, e.out, &e.out_len);),
      NC("C_WrapKey(pulWrappedKeyLen)", none, return e.f->C_WrapKey(e.s, &e.kw, e.aes, e.generic, e.out, nullptr);),
      NC("C_UnwrapKey(pMechanism)", none, CK_OBJECT_HANDLE o;
         return e.f->C_UnwrapKey(e.s, nullptr, e.aes, e.wrapped.data(), e.wrapped.size(), e.secret_tmpl.data(),
                                 e.secret_tmpl.size(), &o);),
      NC("C_UnwrapKey(pWrappedKey)", none, CK_OBJECT_HANDLE o;
         return e.f->C_UnwrapKey(e.s, &e.kw, e.aes, nullptr, e.wrapped.size(), e.secret_tmpl.data(),
                                 e.secret_tmpl.size(), &o);),
      NC("C_UnwrapKey(pTemplate, ulAttributeCount 2)", none, CK_OBJECT_HANDLE o;
         return e.f->C_UnwrapKey(e.s, &e.kw, e.aes, e.wrapped.data(), e.wrapped.size(), nullptr, 2, &o);),
      NC("C_UnwrapKey(phKey)", none,
         return e.f->C_UnwrapKey(e.s, &e.kw, e.aes, e.wrapped.data(), e.wrapped.size(), e.secret_tmpl.data(),
                                 e.secret_tmpl.size(), nullptr);),
      NC("C_DeriveKey(pMechanism)", none, CK_OBJECT_HANDLE o;
         return e.f->C_DeriveKey(e.s, nullptr, e.generic, e.derive_tmpl.data(), e.derive_tmpl.size(), &o);),
      NC("C_DeriveKey(pTemplate, ulAttributeCount 2)", none, CK_OBJECT_HANDLE o;
         return e.f->C_DeriveKey(e.s, &e.hkdf_mech, e.generic, nullptr, 2, &o);),
      NC("C_DeriveKey(phKey)", none,
         return e.f->C_DeriveKey(e.s, &e.hkdf_mech, e.generic, e.derive_tmpl.data(), e.derive_tmpl.size(), nullptr);),
  };
}

std::vector<NullCase> message_null_cases() {
  return {
      NC("C_EncryptMessage(pParameter)", menc,
         return e.f->C_EncryptMessage(e.s, nullptr, sizeof e.gcm_msg, e.in, 4, e.in, 16, e.out, &e.out_len);),
      NC("C_EncryptMessage(pPlaintext)", menc,
         return e.f->C_EncryptMessage(e.s, &e.gcm_msg, sizeof e.gcm_msg, e.in, 4, nullptr, 16, e.out, &e.out_len);),
      NC("C_EncryptMessage(pulCiphertextLen)", menc,
         return e.f->C_EncryptMessage(e.s, &e.gcm_msg, sizeof e.gcm_msg, e.in, 4, e.in, 16, e.out, nullptr);),
      NC("C_EncryptMessageBegin(pParameter)", menc,
         return e.f->C_EncryptMessageBegin(e.s, nullptr, sizeof e.gcm_msg, e.in, 4);),
      NC("C_EncryptMessageNext(pParameter)", menc_begin,
         return e.f->C_EncryptMessageNext(e.s, nullptr, sizeof e.gcm_msg, e.in, 16, e.out, &e.out_len, 0);),
      NC("C_EncryptMessageNext(pulCiphertextPartLen)", menc_begin,
         return e.f->C_EncryptMessageNext(e.s, &e.gcm_msg, sizeof e.gcm_msg, e.in, 16, e.out, nullptr, 0);),
      NC("C_DecryptMessage(pParameter)", mdec,
         return e.f->C_DecryptMessage(e.s, nullptr, sizeof e.gcm_msg, e.in, 4, e.in, 16, e.out, &e.out_len);),
      NC("C_DecryptMessage(pulPlaintextLen)", mdec,
         return e.f->C_DecryptMessage(e.s, &e.gcm_msg, sizeof e.gcm_msg, e.in, 4, e.in, 16, e.out, nullptr);),
      NC("C_DecryptMessageBegin(pParameter)", mdec,
         return e.f->C_DecryptMessageBegin(e.s, nullptr, sizeof e.gcm_msg, e.in, 4);),
      NC("C_DecryptMessageNext(pParameter)", mdec_begin,
         return e.f->C_DecryptMessageNext(e.s, nullptr, sizeof e.gcm_msg, e.in, 16, e.out, &e.out_len, 0);),
      NC("C_DecryptMessageNext(pulPlaintextPartLen)", mdec_begin,
         return e.f->C_DecryptMessageNext(e.s, &e.gcm_msg, sizeof e.gcm_msg, e.in, 16, e.out, nullptr, 0);),
  };
}

TEST_F(ArgumentsTest, NullPointersAreArgumentsBad) {
  Env& e = env();
  CK_TOKEN_INFO info;
  ASSERT_OK(f()->C_GetTokenInfo(0, &info));
  ASSERT_EQ(info.flags & CKF_PROTECTED_AUTHENTICATION_PATH, 0u);  // so NULL PINs are not a request for one
  int n = 0;
  for (auto part : {general_null_cases(), crypto_null_cases(), key_null_cases(), message_null_cases()}) {
    for (const auto& c : part) {
      ++n;
      e.out_len = sizeof e.out;
      const CK_RV pre = c.setup(e);
      EXPECT_RV(CKR_OK, pre) << "setup for " << c.name << ": " << rv_name(pre);
      if (pre == CKR_OK) expect_rv(c.name + " = NULL", CKR_ARGUMENTS_BAD, c.call(e));
      e.cancel_all();
    }
  }
  EXPECT_EQ(n, 98);  // rows in the four tables above
  // C_Login / C_LoginUser, judged in a public session (no "already logged in").
  ASSERT_OK(f()->C_Logout(e.s));
  expect_rv("C_Login(pPin) = NULL", CKR_ARGUMENTS_BAD, f()->C_Login(e.s, CKU_USER, nullptr, 8));
  expect_rv("C_LoginUser(pPin) = NULL", CKR_ARGUMENTS_BAD,
            f()->C_LoginUser(e.s, CKU_USER, nullptr, 8, (CK_UTF8CHAR_PTR) "user", 4));
  expect_rv("C_LoginUser(pUsername, ulUsernameLen 4) = NULL", CKR_ARGUMENTS_BAD,
            f()->C_LoginUser(e.s, CKU_USER, (CK_UTF8CHAR_PTR)kUserPin, std::strlen(kUserPin), nullptr, 4));
  // Last: a C_Finalize that must not finalize.
  expect_rv("C_Finalize(pReserved != NULL)", CKR_ARGUMENTS_BAD, f()->C_Finalize(e.in));
  CK_INFO general;
  EXPECT_OK(f()->C_GetInfo(&general));
}

}  // namespace
}  // namespace craton::test
