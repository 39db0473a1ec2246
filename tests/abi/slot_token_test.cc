// Slots, tokens, PINs and login (C_GetSlotList ... C_Logout).
#include "harness.h"

namespace craton::test {
namespace {

class SlotTokenTest : public ModuleTest {};

CK_UTF8CHAR_PTR pin(const char* p) { return reinterpret_cast<CK_UTF8CHAR_PTR>(const_cast<char*>(p)); }

TEST_F(SlotTokenTest, SlotList) {
  CK_ULONG n = 0;
  ASSERT_OK(f()->C_GetSlotList(CK_TRUE, nullptr, &n));
  EXPECT_EQ(n, 2u);
  std::vector<CK_SLOT_ID> slots(n);
  CK_ULONG small = 1;
  EXPECT_RV(CKR_BUFFER_TOO_SMALL, f()->C_GetSlotList(CK_FALSE, slots.data(), &small));
  EXPECT_EQ(small, 2u);
  ASSERT_OK(f()->C_GetSlotList(CK_FALSE, slots.data(), &n));
  EXPECT_EQ(slots[0], 0u);
  EXPECT_EQ(slots[1], 1u);
  EXPECT_RV(CKR_ARGUMENTS_BAD, f()->C_GetSlotList(CK_FALSE, slots.data(), nullptr));
}

TEST_F(SlotTokenTest, SlotAndTokenInfo) {
  CK_SLOT_INFO si;
  ASSERT_OK(f()->C_GetSlotInfo(0, &si));
  EXPECT_TRUE(si.flags & CKF_TOKEN_PRESENT);
  EXPECT_RV(CKR_SLOT_ID_INVALID, f()->C_GetSlotInfo(7, &si));
  EXPECT_RV(CKR_ARGUMENTS_BAD, f()->C_GetSlotInfo(0, nullptr));
  CK_TOKEN_INFO ti;
  ASSERT_OK(f()->C_GetTokenInfo(0, &ti));
  EXPECT_TRUE(ti.flags & CKF_RNG);
  EXPECT_TRUE(ti.flags & CKF_LOGIN_REQUIRED);
  EXPECT_FALSE(ti.flags & CKF_TOKEN_INITIALIZED);
  EXPECT_FALSE(ti.flags & CKF_USER_PIN_INITIALIZED);
  EXPECT_EQ(ti.ulMinPinLen, 4u);
  EXPECT_RV(CKR_SLOT_ID_INVALID, f()->C_GetTokenInfo(9, &ti));
  EXPECT_RV(CKR_ARGUMENTS_BAD, f()->C_GetTokenInfo(0, nullptr));
  init_token();
  init_user_pin();
  ASSERT_OK(f()->C_GetTokenInfo(0, &ti));
  EXPECT_TRUE(ti.flags & CKF_TOKEN_INITIALIZED);
  EXPECT_TRUE(ti.flags & CKF_USER_PIN_INITIALIZED);
  EXPECT_EQ(std::string(reinterpret_cast<char*>(ti.label), 10), "test token");
  CK_SESSION_HANDLE s = open_session(true);
  CK_SESSION_HANDLE r = open_session(false);
  ASSERT_OK(f()->C_GetTokenInfo(0, &ti));
  EXPECT_EQ(ti.ulSessionCount, 2u);
  EXPECT_EQ(ti.ulRwSessionCount, 1u);
  (void)s;
  (void)r;
}

TEST_F(SlotTokenTest, InitTokenRules) {
  CK_UTF8CHAR label[32];
  std::memset(label, ' ', 32);
  EXPECT_RV(CKR_ARGUMENTS_BAD, f()->C_InitToken(0, nullptr, 4, label));
  EXPECT_RV(CKR_ARGUMENTS_BAD, f()->C_InitToken(0, pin(kSoPin), std::strlen(kSoPin), nullptr));
  EXPECT_RV(CKR_SLOT_ID_INVALID, f()->C_InitToken(5, pin(kSoPin), std::strlen(kSoPin), label));
  EXPECT_RV(CKR_PIN_LEN_RANGE, f()->C_InitToken(0, pin("abc"), 3, label));
  init_token();
  // Re-initialising needs the right SO PIN, and no open session.
  EXPECT_RV(CKR_PIN_INCORRECT, f()->C_InitToken(0, pin("wrong-pin"), 9, label));
  CK_SESSION_HANDLE s = open_session(true);
  EXPECT_RV(CKR_SESSION_EXISTS, f()->C_InitToken(0, pin(kSoPin), std::strlen(kSoPin), label));
  ASSERT_OK(f()->C_CloseSession(s));
  ASSERT_OK(f()->C_InitToken(0, pin(kSoPin), std::strlen(kSoPin), label));
}

TEST_F(SlotTokenTest, InitTokenWipesOnlyThatSlot) {
  init_token(0);
  init_token(1);
  init_user_pin(0);
  init_user_pin(1);
  CK_SESSION_HANDLE s0 = open_session(true, 0);
  CK_SESSION_HANDLE s1 = open_session(true, 1);
  ASSERT_OK(f()->C_Login(s0, CKU_USER, pin(kUserPin), std::strlen(kUserPin)));
  ASSERT_OK(f()->C_Login(s1, CKU_USER, pin(kUserPin), std::strlen(kUserPin)));
  generate_aes_key(s0, 32, true);
  generate_aes_key(s1, 32, true);
  ASSERT_OK(f()->C_CloseSession(s0));
  ASSERT_OK(f()->C_CloseSession(s1));
  init_token(0);
  init_user_pin(0);
  for (CK_SLOT_ID slot : {0ul, 1ul}) {
    CK_SESSION_HANDLE s = open_session(true, slot);
    ASSERT_OK(f()->C_Login(s, CKU_USER, pin(kUserPin), std::strlen(kUserPin)));
    ASSERT_OK(f()->C_FindObjectsInit(s, nullptr, 0));
    CK_OBJECT_HANDLE found[4];
    CK_ULONG n = 0;
    ASSERT_OK(f()->C_FindObjects(s, found, 4, &n));
    ASSERT_OK(f()->C_FindObjectsFinal(s));
    // Besides the key left in slot 1: each token's CKO_VALIDATION object,
    // which the module publishes and C_InitToken leaves in place.
    EXPECT_EQ(n, slot == 0 ? 1u : 2u) << "slot " << slot;
    ASSERT_OK(f()->C_CloseSession(s));
  }
}

TEST_F(SlotTokenTest, LoginRules) {
  init_token();
  CK_SESSION_HANDLE s = open_session(true);
  EXPECT_RV(CKR_USER_PIN_NOT_INITIALIZED, f()->C_Login(s, CKU_USER, pin(kUserPin), std::strlen(kUserPin)));
  EXPECT_RV(CKR_USER_TYPE_INVALID, f()->C_Login(s, 77, pin(kUserPin), std::strlen(kUserPin)));
  EXPECT_RV(CKR_ARGUMENTS_BAD, f()->C_Login(s, CKU_SO, nullptr, 4));
  EXPECT_RV(CKR_SESSION_HANDLE_INVALID, f()->C_Login(999999, CKU_SO, pin(kSoPin), std::strlen(kSoPin)));
  ASSERT_OK(f()->C_Login(s, CKU_SO, pin(kSoPin), std::strlen(kSoPin)));
  EXPECT_RV(CKR_USER_ALREADY_LOGGED_IN, f()->C_Login(s, CKU_SO, pin(kSoPin), std::strlen(kSoPin)));
  EXPECT_RV(CKR_USER_ANOTHER_ALREADY_LOGGED_IN, f()->C_Login(s, CKU_USER, pin(kUserPin), std::strlen(kUserPin)));
  // An SO cannot have read-only sessions.
  CK_SESSION_HANDLE ro;
  EXPECT_RV(CKR_SESSION_READ_WRITE_SO_EXISTS, f()->C_OpenSession(0, CKF_SERIAL_SESSION, nullptr, nullptr, &ro));
  ASSERT_OK(f()->C_InitPIN(s, pin(kUserPin), std::strlen(kUserPin)));
  ASSERT_OK(f()->C_Logout(s));
  EXPECT_RV(CKR_USER_NOT_LOGGED_IN, f()->C_Logout(s));
  // SO login is refused while a read-only session exists.
  ro = open_session(false);
  EXPECT_RV(CKR_SESSION_READ_ONLY_EXISTS, f()->C_Login(s, CKU_SO, pin(kSoPin), std::strlen(kSoPin)));
  ASSERT_OK(f()->C_Login(s, CKU_USER, pin(kUserPin), std::strlen(kUserPin)));
  CK_SESSION_INFO info;
  ASSERT_OK(f()->C_GetSessionInfo(ro, &info));
  EXPECT_EQ(info.state, CKS_RO_USER_FUNCTIONS);
  ASSERT_OK(f()->C_GetSessionInfo(s, &info));
  EXPECT_EQ(info.state, CKS_RW_USER_FUNCTIONS);
}

TEST_F(SlotTokenTest, PinLockoutAndFlags) {
  init_token();
  init_user_pin();
  CK_SESSION_HANDLE s = open_session(true);
  CK_TOKEN_INFO ti;
  for (int i = 0; i < 4; ++i) EXPECT_RV(CKR_PIN_INCORRECT, f()->C_Login(s, CKU_USER, pin("bad-pin"), 7));
  ASSERT_OK(f()->C_GetTokenInfo(0, &ti));
  EXPECT_TRUE(ti.flags & CKF_USER_PIN_COUNT_LOW);
  EXPECT_TRUE(ti.flags & CKF_USER_PIN_FINAL_TRY);
  EXPECT_FALSE(ti.flags & CKF_USER_PIN_LOCKED);
  EXPECT_RV(CKR_PIN_LOCKED, f()->C_Login(s, CKU_USER, pin("bad-pin"), 7));
  ASSERT_OK(f()->C_GetTokenInfo(0, &ti));
  EXPECT_TRUE(ti.flags & CKF_USER_PIN_LOCKED);
  // Even the right PIN is refused once locked.
  EXPECT_RV(CKR_PIN_LOCKED, f()->C_Login(s, CKU_USER, pin(kUserPin), std::strlen(kUserPin)));
  // The SO unlocks by setting a new user PIN.
  ASSERT_OK(f()->C_Login(s, CKU_SO, pin(kSoPin), std::strlen(kSoPin)));
  ASSERT_OK(f()->C_InitPIN(s, pin("fresh-pin"), 9));
  ASSERT_OK(f()->C_Logout(s));
  ASSERT_OK(f()->C_Login(s, CKU_USER, pin("fresh-pin"), 9));
  ASSERT_OK(f()->C_GetTokenInfo(0, &ti));
  EXPECT_FALSE(ti.flags & (CKF_USER_PIN_LOCKED | CKF_USER_PIN_COUNT_LOW | CKF_USER_PIN_FINAL_TRY));
}

TEST_F(SlotTokenTest, SetPinKeepsObjectsUsable) {
  CK_SESSION_HANDLE s = ready_user_session();
  CK_OBJECT_HANDLE k = generate_aes_key(s, 32, true);
  EXPECT_RV(CKR_PIN_INCORRECT, f()->C_SetPIN(s, pin("nope"), 4, pin("new-pin-5678"), 12));
  EXPECT_RV(CKR_PIN_LEN_RANGE, f()->C_SetPIN(s, pin(kUserPin), std::strlen(kUserPin), pin("ab"), 2));
  EXPECT_RV(CKR_ARGUMENTS_BAD, f()->C_SetPIN(s, nullptr, 0, pin("new-pin-5678"), 12));
  ASSERT_OK(f()->C_SetPIN(s, pin(kUserPin), std::strlen(kUserPin), pin("new-pin-5678"), 12));
  ASSERT_OK(f()->C_Logout(s));
  EXPECT_RV(CKR_PIN_INCORRECT, f()->C_Login(s, CKU_USER, pin(kUserPin), std::strlen(kUserPin)));
  ASSERT_OK(f()->C_Login(s, CKU_USER, pin("new-pin-5678"), 12));
  // The logout invalidated the handle (PKCS#11 C_Logout); the key is found again.
  CK_OBJECT_CLASS cls = CKO_SECRET_KEY;
  CK_ATTRIBUTE find[] = {attr(CKA_CLASS, &cls, sizeof cls)};
  ASSERT_OK(f()->C_FindObjectsInit(s, find, 1));
  CK_ULONG n = 0;
  ASSERT_OK(f()->C_FindObjects(s, &k, 1, &n));
  ASSERT_OK(f()->C_FindObjectsFinal(s));
  ASSERT_EQ(n, 1u);
  CK_ULONG len = get_ulong_attr(s, k, CKA_VALUE_LEN);
  EXPECT_EQ(len, 32u);
  CK_SESSION_HANDLE ro = open_session(false);
  EXPECT_RV(CKR_SESSION_READ_ONLY, f()->C_SetPIN(ro, pin("new-pin-5678"), 12, pin("x-pin-5678"), 10));
}

// PKCS#11 C_Logout: "any of the application's handles to private objects
// become invalid (even if a user is later logged back into the token, those
// handles remain invalid)", and private session objects are destroyed.
// Public objects keep their handles.
TEST_F(SlotTokenTest, LogoutInvalidatesPrivateHandlesAndDestroysPrivateSessionObjects) {
  CK_SESSION_HANDLE s = ready_user_session();
  CK_OBJECT_HANDLE token_key = generate_aes_key(s, 16, true);
  CK_OBJECT_HANDLE session_key = generate_aes_key(s, 16, false);
  CK_OBJECT_CLASS data = CKO_DATA;
  CK_BBOOL yes = CK_TRUE, no = CK_FALSE;
  const char label[] = "public data";
  CK_ATTRIBUTE pub_tmpl[] = {attr(CKA_CLASS, &data, sizeof data), attr(CKA_TOKEN, &yes, 1),
                             attr(CKA_PRIVATE, &no, 1), attr(CKA_LABEL, label, sizeof label - 1)};
  CK_OBJECT_HANDLE public_object = 0;
  ASSERT_OK(f()->C_CreateObject(s, pub_tmpl, 4, &public_object));
  ASSERT_OK(f()->C_Logout(s));
  CK_ATTRIBUTE a{CKA_VALUE_LEN, nullptr, 0};
  EXPECT_RV(CKR_OBJECT_HANDLE_INVALID, f()->C_GetAttributeValue(s, token_key, &a, 1));
  EXPECT_RV(CKR_OBJECT_HANDLE_INVALID, f()->C_GetAttributeValue(s, session_key, &a, 1));
  ASSERT_OK(f()->C_Login(s, CKU_USER, pin(kUserPin), std::strlen(kUserPin)));
  EXPECT_RV(CKR_OBJECT_HANDLE_INVALID, f()->C_GetAttributeValue(s, token_key, &a, 1));
  EXPECT_RV(CKR_OBJECT_HANDLE_INVALID, f()->C_GetAttributeValue(s, session_key, &a, 1));
  EXPECT_EQ(get_attr(s, public_object, CKA_LABEL), Bytes(label, label + sizeof label - 1));
  // The token key is still there, under a new handle; the session key is gone.
  CK_OBJECT_CLASS secret = CKO_SECRET_KEY;
  CK_ATTRIBUTE find[] = {attr(CKA_CLASS, &secret, sizeof secret)};
  ASSERT_OK(f()->C_FindObjectsInit(s, find, 1));
  CK_OBJECT_HANDLE found[4];
  CK_ULONG n = 0;
  ASSERT_OK(f()->C_FindObjects(s, found, 4, &n));
  ASSERT_OK(f()->C_FindObjectsFinal(s));
  ASSERT_EQ(n, 1u);
  EXPECT_NE(found[0], token_key);
  EXPECT_EQ(get_ulong_attr(s, found[0], CKA_VALUE_LEN), 16u);
}

TEST_F(SlotTokenTest, WaitForSlotEventDontBlock) {
  CK_SLOT_ID slot;
  EXPECT_RV(CKR_NO_EVENT, f()->C_WaitForSlotEvent(CKF_DONT_BLOCK, &slot, nullptr));
  EXPECT_RV(CKR_ARGUMENTS_BAD, f()->C_WaitForSlotEvent(CKF_DONT_BLOCK, nullptr, nullptr));
}

TEST_F(SlotTokenTest, MechanismListAndInfo) {
  CK_ULONG n = 0;
  ASSERT_OK(f()->C_GetMechanismList(0, nullptr, &n));
  ASSERT_GT(n, 10u);
  std::vector<CK_MECHANISM_TYPE> list(n);
  ASSERT_OK(f()->C_GetMechanismList(0, list.data(), &n));
  EXPECT_NE(std::find(list.begin(), list.end(), CKM_SHA256), list.end());
  CK_MECHANISM_INFO info;
  ASSERT_OK(f()->C_GetMechanismInfo(0, CKM_SHA256, &info));
  EXPECT_TRUE(info.flags & CKF_DIGEST);
  EXPECT_RV(CKR_MECHANISM_INVALID, f()->C_GetMechanismInfo(0, 0x7fffff00, &info));
  EXPECT_RV(CKR_SLOT_ID_INVALID, f()->C_GetMechanismInfo(42, CKM_SHA256, &info));
  EXPECT_RV(CKR_ARGUMENTS_BAD, f()->C_GetMechanismInfo(0, CKM_SHA256, nullptr));
  CK_ULONG small = 1;
  EXPECT_RV(CKR_BUFFER_TOO_SMALL, f()->C_GetMechanismList(0, list.data(), &small));
  EXPECT_EQ(small, n);
}

}  // namespace
}  // namespace craton::test
