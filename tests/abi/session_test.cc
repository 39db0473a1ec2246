// Sessions: open/close, states, R/O rules, C_SessionCancel, operation rules.
#include "harness.h"

namespace craton::test {
namespace {

class SessionTest : public ModuleTest {
 protected:
  // Starts SHA-256 on `s`, digests "a" and returns the saved state.
  Bytes saved_sha256_state_after_a(CK_SESSION_HANDLE s) {
    CK_MECHANISM m{CKM_SHA256, nullptr, 0};
    EXPECT_OK(f()->C_DigestInit(s, &m));
    CK_BYTE a[] = "a";
    EXPECT_OK(f()->C_DigestUpdate(s, a, 1));
    CK_ULONG len = 0;
    EXPECT_OK(f()->C_GetOperationState(s, nullptr, &len));
    Bytes state(len);
    EXPECT_OK(f()->C_GetOperationState(s, state.data(), &len));
    state.resize(len);
    return state;
  }
};

TEST_F(SessionTest, OpenCloseAndInfo) {
  CK_SESSION_HANDLE s;
  EXPECT_RV(CKR_SESSION_PARALLEL_NOT_SUPPORTED, f()->C_OpenSession(0, 0, nullptr, nullptr, &s));
  EXPECT_RV(CKR_SLOT_ID_INVALID, f()->C_OpenSession(9, CKF_SERIAL_SESSION, nullptr, nullptr, &s));
  EXPECT_RV(CKR_ARGUMENTS_BAD, f()->C_OpenSession(0, CKF_SERIAL_SESSION, nullptr, nullptr, nullptr));
  EXPECT_RV(CKR_SESSION_ASYNC_NOT_SUPPORTED,
            f()->C_OpenSession(0, CKF_SERIAL_SESSION | CKF_ASYNC_SESSION, nullptr, nullptr, &s));
  s = open_session(false);
  CK_SESSION_INFO info;
  ASSERT_OK(f()->C_GetSessionInfo(s, &info));
  EXPECT_EQ(info.slotID, 0u);
  EXPECT_EQ(info.state, CKS_RO_PUBLIC_SESSION);
  EXPECT_EQ(info.flags, CKF_SERIAL_SESSION);
  EXPECT_RV(CKR_ARGUMENTS_BAD, f()->C_GetSessionInfo(s, nullptr));
  CK_SESSION_HANDLE w = open_session(true);
  ASSERT_OK(f()->C_GetSessionInfo(w, &info));
  EXPECT_EQ(info.state, CKS_RW_PUBLIC_SESSION);
  ASSERT_OK(f()->C_CloseSession(s));
  EXPECT_RV(CKR_SESSION_HANDLE_INVALID, f()->C_CloseSession(s));
  EXPECT_RV(CKR_SESSION_HANDLE_INVALID, f()->C_GetSessionInfo(s, &info));
  EXPECT_RV(CKR_SESSION_HANDLE_INVALID, f()->C_CloseSession(CK_INVALID_HANDLE));
}

TEST_F(SessionTest, CloseAllSessionsLogsOutAndDropsSessionObjects) {
  CK_SESSION_HANDLE s = ready_user_session();
  CK_OBJECT_HANDLE k = generate_aes_key(s, 16, false);
  CK_SESSION_HANDLE s2 = open_session(false);
  ASSERT_OK(f()->C_CloseAllSessions(0));
  EXPECT_RV(CKR_SESSION_HANDLE_INVALID, f()->C_CloseSession(s2));
  EXPECT_RV(CKR_SLOT_ID_INVALID, f()->C_CloseAllSessions(17));
  CK_SESSION_HANDLE fresh = open_session(true);
  CK_SESSION_INFO info;
  ASSERT_OK(f()->C_GetSessionInfo(fresh, &info));
  EXPECT_EQ(info.state, CKS_RW_PUBLIC_SESSION);  // closing the last session logged out
  ASSERT_OK(f()->C_Login(fresh, CKU_USER, (CK_UTF8CHAR_PTR)kUserPin, std::strlen(kUserPin)));
  CK_ATTRIBUTE a{CKA_CLASS, nullptr, 0};
  EXPECT_RV(CKR_OBJECT_HANDLE_INVALID, f()->C_GetAttributeValue(fresh, k, &a, 1));
}

TEST_F(SessionTest, SessionObjectsVisibleAcrossSessionsUntilClose) {
  CK_SESSION_HANDLE s = ready_user_session();
  CK_SESSION_HANDLE other = open_session(false);
  CK_OBJECT_HANDLE k = generate_aes_key(s, 24, false);
  EXPECT_EQ(get_ulong_attr(other, k, CKA_VALUE_LEN), 24u);
  ASSERT_OK(f()->C_CloseSession(s));
  CK_ATTRIBUTE a{CKA_CLASS, nullptr, 0};
  EXPECT_RV(CKR_OBJECT_HANDLE_INVALID, f()->C_GetAttributeValue(other, k, &a, 1));
}

TEST_F(SessionTest, ReadOnlySessionCannotCreateTokenObjects) {
  init_token();
  init_user_pin();
  CK_SESSION_HANDLE ro = open_session(false);
  ASSERT_OK(f()->C_Login(ro, CKU_USER, (CK_UTF8CHAR_PTR)kUserPin, std::strlen(kUserPin)));
  CK_MECHANISM m{CKM_AES_KEY_GEN, nullptr, 0};
  CK_ULONG len = 16;
  CK_BBOOL yes = CK_TRUE;
  CK_ATTRIBUTE t[] = {attr(CKA_VALUE_LEN, &len, sizeof len), attr(CKA_TOKEN, &yes, 1)};
  CK_OBJECT_HANDLE h;
  EXPECT_RV(CKR_SESSION_READ_ONLY, f()->C_GenerateKey(ro, &m, t, 2, &h));
  ASSERT_OK(f()->C_GenerateKey(ro, &m, t, 1, &h));  // a session object is fine
}

TEST_F(SessionTest, DigestOperationRules) {
  CK_SESSION_HANDLE s = open_session(false);
  CK_BYTE data[] = "abc";
  CK_BYTE out[64];
  CK_ULONG out_len = sizeof out;
  EXPECT_RV(CKR_OPERATION_NOT_INITIALIZED, f()->C_Digest(s, data, 3, out, &out_len));
  EXPECT_RV(CKR_OPERATION_NOT_INITIALIZED, f()->C_DigestUpdate(s, data, 3));
  EXPECT_RV(CKR_OPERATION_NOT_INITIALIZED, f()->C_DigestFinal(s, out, &out_len));
  CK_MECHANISM m{CKM_SHA256, nullptr, 0};
  ASSERT_OK(f()->C_DigestInit(s, &m));
  EXPECT_RV(CKR_OPERATION_ACTIVE, f()->C_DigestInit(s, &m));
  // Length query and too-small buffer keep the operation alive.
  CK_ULONG q = 0;
  ASSERT_OK(f()->C_Digest(s, data, 3, nullptr, &q));
  EXPECT_EQ(q, 32u);
  CK_ULONG tiny = 4;
  EXPECT_RV(CKR_BUFFER_TOO_SMALL, f()->C_Digest(s, data, 3, out, &tiny));
  EXPECT_EQ(tiny, 32u);
  ASSERT_OK(f()->C_Digest(s, data, 3, out, &out_len));
  EXPECT_EQ(to_hex(Bytes(out, out + out_len)), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  // The operation ended with the successful call.
  EXPECT_RV(CKR_OPERATION_NOT_INITIALIZED, f()->C_Digest(s, data, 3, out, &out_len));
  // Any other error ends it as well.
  ASSERT_OK(f()->C_DigestInit(s, &m));
  EXPECT_RV(CKR_ARGUMENTS_BAD, f()->C_Digest(s, data, 3, out, nullptr));
  EXPECT_RV(CKR_OPERATION_NOT_INITIALIZED, f()->C_DigestUpdate(s, data, 3));
  // A NULL mechanism cancels an active operation.
  ASSERT_OK(f()->C_DigestInit(s, &m));
  ASSERT_OK(f()->C_DigestInit(s, nullptr));
  EXPECT_RV(CKR_OPERATION_NOT_INITIALIZED, f()->C_DigestUpdate(s, data, 3));
  CK_MECHANISM bad{0x7ffffff0, nullptr, 0};
  EXPECT_RV(CKR_MECHANISM_INVALID, f()->C_DigestInit(s, &bad));
  CK_BYTE param = 1;
  CK_MECHANISM with_param{CKM_SHA256, &param, 1};
  EXPECT_RV(CKR_MECHANISM_PARAM_INVALID, f()->C_DigestInit(s, &with_param));
}

TEST_F(SessionTest, MultiPartDigestAndSingleAfterUpdateRefused) {
  CK_SESSION_HANDLE s = open_session(false);
  CK_MECHANISM m{CKM_SHA3_256, nullptr, 0};
  ASSERT_OK(f()->C_DigestInit(s, &m));
  CK_BYTE a[] = "a", bc[] = "bc";
  ASSERT_OK(f()->C_DigestUpdate(s, a, 1));
  ASSERT_OK(f()->C_DigestUpdate(s, bc, 2));
  CK_BYTE out[32];
  CK_ULONG len = sizeof out;
  ASSERT_OK(f()->C_DigestFinal(s, out, &len));
  EXPECT_EQ(to_hex(Bytes(out, out + len)), "3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532");
  ASSERT_OK(f()->C_DigestInit(s, &m));
  ASSERT_OK(f()->C_DigestUpdate(s, a, 1));
  EXPECT_RV(CKR_OPERATION_ACTIVE, f()->C_Digest(s, a, 1, out, &len));
}

TEST_F(SessionTest, SessionCancelEndsOperations) {
  CK_SESSION_HANDLE s = open_session(false);
  CK_MECHANISM m{CKM_SHA256, nullptr, 0};
  ASSERT_OK(f()->C_DigestInit(s, &m));
  ASSERT_OK(f()->C_FindObjectsInit(s, nullptr, 0));
  ASSERT_OK(f()->C_SessionCancel(s, CKF_DIGEST));
  CK_BYTE a[] = "a";
  EXPECT_RV(CKR_OPERATION_NOT_INITIALIZED, f()->C_DigestUpdate(s, a, 1));
  CK_OBJECT_HANDLE h;
  CK_ULONG n;
  EXPECT_OK(f()->C_FindObjects(s, &h, 1, &n));  // find was not cancelled
  ASSERT_OK(f()->C_SessionCancel(s, CKF_FIND_OBJECTS));
  EXPECT_RV(CKR_OPERATION_NOT_INITIALIZED, f()->C_FindObjects(s, &h, 1, &n));
  EXPECT_RV(CKR_SESSION_HANDLE_INVALID, f()->C_SessionCancel(0, CKF_DIGEST));
}

TEST_F(SessionTest, DigestOperationStateSaveRestore) {
  CK_SESSION_HANDLE s = open_session(false);
  Bytes state = saved_sha256_state_after_a(s);
  ASSERT_FALSE(state.empty());
  CK_ULONG len = state.size();
  CK_SESSION_HANDLE s2 = open_session(false);
  ASSERT_OK(f()->C_SetOperationState(s2, state.data(), len, CK_INVALID_HANDLE, CK_INVALID_HANDLE));
  CK_BYTE bc[] = "bc";
  ASSERT_OK(f()->C_DigestUpdate(s2, bc, 2));
  CK_BYTE out[32];
  CK_ULONG out_len = sizeof out;
  ASSERT_OK(f()->C_DigestFinal(s2, out, &out_len));
  EXPECT_EQ(to_hex(Bytes(out, out + 32)), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  Bytes bad = state;
  bad.back() ^= 1;
  EXPECT_RV(CKR_SAVED_STATE_INVALID, f()->C_SetOperationState(s2, bad.data(), bad.size(), 0, 0));
  EXPECT_RV(CKR_SAVED_STATE_INVALID, f()->C_SetOperationState(s2, bad.data(), 3, 0, 0));
  EXPECT_RV(CKR_ARGUMENTS_BAD, f()->C_SetOperationState(s2, nullptr, 3, 0, 0));
  CK_SESSION_HANDLE s3 = open_session(false);
  EXPECT_RV(CKR_OPERATION_NOT_INITIALIZED, f()->C_GetOperationState(s3, nullptr, &len));
}

// A saved state belongs to the library instance that made it: after
// C_Finalize + C_Initialize (possibly on another backend) it is refused.
TEST_F(SessionTest, SavedDigestStateDoesNotSurviveFinalize) {
  CK_SESSION_HANDLE s = open_session(false);
  Bytes state = saved_sha256_state_after_a(s);
  ASSERT_FALSE(state.empty());
  const CK_ULONG len = state.size();
  CK_SESSION_HANDLE s2 = open_session(false);
  ASSERT_OK(f()->C_SetOperationState(s2, state.data(), len, 0, 0));  // valid while the instance lives
  ASSERT_OK(f()->C_Finalize(nullptr));
  ASSERT_OK(f()->C_Initialize(nullptr));
  CK_SESSION_HANDLE s3 = open_session(false);
  EXPECT_RV(CKR_SAVED_STATE_INVALID, f()->C_SetOperationState(s3, state.data(), len, 0, 0));
}

TEST_F(SessionTest, RandomNumbers) {
  CK_SESSION_HANDLE s = open_session(false);
  Bytes a(32), b(32);
  ASSERT_OK(f()->C_GenerateRandom(s, a.data(), a.size()));
  ASSERT_OK(f()->C_GenerateRandom(s, b.data(), b.size()));
  EXPECT_NE(a, b);
  EXPECT_NE(a, Bytes(32, 0));
  EXPECT_RV(CKR_ARGUMENTS_BAD, f()->C_GenerateRandom(s, nullptr, 5));
  EXPECT_OK(f()->C_GenerateRandom(s, nullptr, 0));
  EXPECT_RV(CKR_SESSION_HANDLE_INVALID, f()->C_GenerateRandom(12345678, a.data(), 1));
  EXPECT_RV(CKR_RANDOM_SEED_NOT_SUPPORTED, f()->C_SeedRandom(s, a.data(), a.size()));
}

TEST_F(SessionTest, UnsupportedFunctionsSayNotSupported) {
  CK_SESSION_HANDLE s = open_session(false);
  EXPECT_RV(CKR_FUNCTION_NOT_PARALLEL, f()->C_GetFunctionStatus(s));
  EXPECT_RV(CKR_FUNCTION_NOT_PARALLEL, f()->C_CancelFunction(s));
  CK_ULONG id;
  EXPECT_RV(CKR_FUNCTION_NOT_SUPPORTED, f()->C_AsyncGetID(s, (CK_UTF8CHAR_PTR) "C_Sign", &id));
  EXPECT_RV(CKR_FUNCTION_NOT_SUPPORTED, f()->C_MessageSignInit(s, nullptr, 0));
  CK_FLAGS flags = 99;
  ASSERT_OK(f()->C_GetSessionValidationFlags(s, CKS_LAST_VALIDATION_OK, &flags));
  EXPECT_EQ(flags, 0u);
  EXPECT_RV(CKR_ARGUMENTS_BAD, f()->C_GetSessionValidationFlags(s, CKS_LAST_VALIDATION_OK, nullptr));
}

}  // namespace
}  // namespace craton::test
