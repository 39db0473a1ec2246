// Objects: create, copy, destroy, size, get/set attributes, find.
#include "harness.h"

namespace craton::test {
namespace {

class ObjectTest : public ModuleTest {
 protected:
  CK_OBJECT_HANDLE create_data(CK_SESSION_HANDLE s, const std::string& label, bool token = false,
                               bool priv = false) {
    CK_OBJECT_CLASS cls = CKO_DATA;
    CK_BBOOL tok = token, pr = priv;
    CK_BYTE value[] = {1, 2, 3};
    CK_ATTRIBUTE t[] = {attr(CKA_CLASS, &cls, sizeof cls), attr(CKA_LABEL, label.data(), label.size()),
                        attr(CKA_TOKEN, &tok, 1), attr(CKA_PRIVATE, &pr, 1), attr(CKA_VALUE, value, 3)};
    CK_OBJECT_HANDLE h = CK_INVALID_HANDLE;
    EXPECT_OK(f()->C_CreateObject(s, t, 5, &h));
    return h;
  }
  std::vector<CK_OBJECT_HANDLE> find(CK_SESSION_HANDLE s, CK_ATTRIBUTE* t, CK_ULONG n) {
    std::vector<CK_OBJECT_HANDLE> out;
    EXPECT_OK(f()->C_FindObjectsInit(s, t, n));
    CK_OBJECT_HANDLE buf[3];
    CK_ULONG got = 0;
    do {
      EXPECT_OK(f()->C_FindObjects(s, buf, 3, &got));
      out.insert(out.end(), buf, buf + got);
    } while (got > 0);
    EXPECT_OK(f()->C_FindObjectsFinal(s));
    return out;
  }
};

TEST_F(ObjectTest, CreateArgumentErrors) {
  CK_SESSION_HANDLE s = ready_user_session();
  CK_OBJECT_CLASS cls = CKO_DATA;
  CK_ATTRIBUTE t[] = {attr(CKA_CLASS, &cls, sizeof cls)};
  CK_OBJECT_HANDLE h;
  EXPECT_RV(CKR_ARGUMENTS_BAD, f()->C_CreateObject(s, t, 1, nullptr));
  EXPECT_RV(CKR_ARGUMENTS_BAD, f()->C_CreateObject(s, nullptr, 1, &h));
  EXPECT_RV(CKR_SESSION_HANDLE_INVALID, f()->C_CreateObject(0, t, 1, &h));
  EXPECT_RV(CKR_TEMPLATE_INCOMPLETE, f()->C_CreateObject(s, nullptr, 0, &h));
  CK_ATTRIBUTE null_value[] = {attr(CKA_CLASS, nullptr, sizeof cls)};
  EXPECT_RV(CKR_ATTRIBUTE_VALUE_INVALID, f()->C_CreateObject(s, null_value, 1, &h));
  CK_ATTRIBUTE short_class[] = {attr(CKA_CLASS, &cls, 2)};
  EXPECT_RV(CKR_ATTRIBUTE_VALUE_INVALID, f()->C_CreateObject(s, short_class, 1, &h));
  CK_OBJECT_CLASS other = CKO_SECRET_KEY;
  CK_ATTRIBUTE twice[] = {attr(CKA_CLASS, &cls, sizeof cls), attr(CKA_CLASS, &other, sizeof other)};
  EXPECT_RV(CKR_TEMPLATE_INCONSISTENT, f()->C_CreateObject(s, twice, 2, &h));
  CK_BBOOL yes = CK_TRUE;
  CK_ATTRIBUTE local[] = {attr(CKA_CLASS, &cls, sizeof cls), attr(CKA_LOCAL, &yes, 1)};
  EXPECT_NE(CKR_OK, f()->C_CreateObject(s, local, 2, &h));
  // A secret key needs its value.
  CK_OBJECT_CLASS sk = CKO_SECRET_KEY;
  CK_KEY_TYPE aes = CKK_AES;
  CK_ATTRIBUTE no_value[] = {attr(CKA_CLASS, &sk, sizeof sk), attr(CKA_KEY_TYPE, &aes, sizeof aes)};
  EXPECT_RV(CKR_TEMPLATE_INCOMPLETE, f()->C_CreateObject(s, no_value, 2, &h));
}

TEST_F(ObjectTest, TokenSetAttributesAndUniqueId) {
  CK_SESSION_HANDLE s = ready_user_session();
  CK_OBJECT_HANDLE k = create_aes_key(s, Bytes(16, 7));
  CK_OBJECT_HANDLE g = generate_aes_key(s, 16);
  CK_BBOOL b = 0;
  CK_ATTRIBUTE a{CKA_LOCAL, &b, 1};
  ASSERT_OK(f()->C_GetAttributeValue(s, k, &a, 1));
  EXPECT_EQ(b, CK_FALSE);
  ASSERT_OK(f()->C_GetAttributeValue(s, g, &a, 1));
  EXPECT_EQ(b, CK_TRUE);
  EXPECT_EQ(get_ulong_attr(s, g, CKA_KEY_GEN_MECHANISM), CKM_AES_KEY_GEN);
  EXPECT_EQ(get_ulong_attr(s, k, CKA_KEY_GEN_MECHANISM), CK_UNAVAILABLE_INFORMATION);
  Bytes id1 = get_attr(s, k, CKA_UNIQUE_ID), id2 = get_attr(s, g, CKA_UNIQUE_ID);
  EXPECT_FALSE(id1.empty());
  EXPECT_NE(id1, id2);
  // CKA_UNIQUE_ID can't be changed.
  CK_ATTRIBUTE set{CKA_UNIQUE_ID, id2.data(), id2.size()};
  EXPECT_NE(CKR_OK, f()->C_SetAttributeValue(s, k, &set, 1));
}

TEST_F(ObjectTest, GetAttributeValueRules) {
  CK_SESSION_HANDLE s = ready_user_session();
  CK_OBJECT_CLASS cls = CKO_SECRET_KEY;
  CK_KEY_TYPE kt = CKK_AES;
  CK_BBOOL yes = CK_TRUE;
  Bytes value(32, 0x42);
  const char label[] = "sensitive";
  CK_ATTRIBUTE t[] = {attr(CKA_CLASS, &cls, sizeof cls), attr(CKA_KEY_TYPE, &kt, sizeof kt),
                      attr(CKA_VALUE, value.data(), value.size()), attr(CKA_SENSITIVE, &yes, 1),
                      attr(CKA_LABEL, label, 9)};
  CK_OBJECT_HANDLE k;
  ASSERT_OK(f()->C_CreateObject(s, t, 5, &k));
  CK_BYTE label_buf[4];
  CK_BYTE val_buf[64];
  CK_ULONG len_buf = 0;
  CK_ATTRIBUTE q[] = {{CKA_VALUE, val_buf, sizeof val_buf},
                      {CKA_LABEL, label_buf, sizeof label_buf},
                      {CKA_MODULUS, nullptr, 0},
                      {CKA_VALUE_LEN, &len_buf, sizeof len_buf}};
  CK_RV rv = f()->C_GetAttributeValue(s, k, q, 4);
  EXPECT_TRUE(rv == CKR_ATTRIBUTE_SENSITIVE || rv == CKR_ATTRIBUTE_TYPE_INVALID || rv == CKR_BUFFER_TOO_SMALL);
  EXPECT_EQ(q[0].ulValueLen, CK_UNAVAILABLE_INFORMATION);  // sensitive
  EXPECT_EQ(q[1].ulValueLen, CK_UNAVAILABLE_INFORMATION);  // too small
  EXPECT_EQ(q[2].ulValueLen, CK_UNAVAILABLE_INFORMATION);  // not an AES attribute
  EXPECT_EQ(q[3].ulValueLen, sizeof(CK_ULONG));            // processing went on after errors
  EXPECT_EQ(len_buf, 32u);
  CK_ATTRIBUTE only_sensitive{CKA_VALUE, nullptr, 0};
  EXPECT_RV(CKR_ATTRIBUTE_SENSITIVE, f()->C_GetAttributeValue(s, k, &only_sensitive, 1));
  CK_ATTRIBUTE small{CKA_LABEL, label_buf, 2};
  EXPECT_RV(CKR_BUFFER_TOO_SMALL, f()->C_GetAttributeValue(s, k, &small, 1));
  EXPECT_RV(CKR_OBJECT_HANDLE_INVALID, f()->C_GetAttributeValue(s, 123456789, q, 1));
  EXPECT_RV(CKR_ARGUMENTS_BAD, f()->C_GetAttributeValue(s, k, nullptr, 1));
}

TEST_F(ObjectTest, SetAttributeValueRules) {
  CK_SESSION_HANDLE s = ready_user_session();
  CK_OBJECT_HANDLE k = create_aes_key(s, Bytes(16, 1));
  const char label[] = "renamed";
  CK_ATTRIBUTE lab{CKA_LABEL, const_cast<char*>(label), 7};
  ASSERT_OK(f()->C_SetAttributeValue(s, k, &lab, 1));
  EXPECT_EQ(get_attr(s, k, CKA_LABEL), Bytes(label, label + 7));
  CK_OBJECT_CLASS cls = CKO_DATA;
  CK_ATTRIBUTE cl{CKA_CLASS, &cls, sizeof cls};
  EXPECT_NE(CKR_OK, f()->C_SetAttributeValue(s, k, &cl, 1));
  CK_BBOOL yes = CK_TRUE, no = CK_FALSE;
  CK_ATTRIBUTE sens{CKA_SENSITIVE, &yes, 1};
  ASSERT_OK(f()->C_SetAttributeValue(s, k, &sens, 1));
  CK_ATTRIBUTE unsens{CKA_SENSITIVE, &no, 1};
  EXPECT_NE(CKR_OK, f()->C_SetAttributeValue(s, k, &unsens, 1));  // one way only
  CK_ATTRIBUTE ext_off{CKA_EXTRACTABLE, &no, 1};
  ASSERT_OK(f()->C_SetAttributeValue(s, k, &ext_off, 1));
  CK_ATTRIBUTE ext_on{CKA_EXTRACTABLE, &yes, 1};
  EXPECT_NE(CKR_OK, f()->C_SetAttributeValue(s, k, &ext_on, 1));
  CK_ATTRIBUTE not_modifiable{CKA_MODIFIABLE, &no, 1};
  CK_OBJECT_HANDLE copy;
  ASSERT_OK(f()->C_CopyObject(s, k, &not_modifiable, 1, &copy));
  EXPECT_RV(CKR_ACTION_PROHIBITED, f()->C_SetAttributeValue(s, copy, &lab, 1));
  EXPECT_RV(CKR_ARGUMENTS_BAD, f()->C_SetAttributeValue(s, k, nullptr, 1));
}

TEST_F(ObjectTest, CopyAndDestroyRules) {
  CK_SESSION_HANDLE s = ready_user_session();
  CK_OBJECT_HANDLE k = create_aes_key(s, Bytes(16, 9));
  CK_OBJECT_HANDLE copy;
  ASSERT_OK(f()->C_CopyObject(s, k, nullptr, 0, &copy));
  EXPECT_NE(copy, k);
  EXPECT_EQ(get_ulong_attr(s, copy, CKA_VALUE_LEN), 16u);
  EXPECT_NE(get_attr(s, copy, CKA_UNIQUE_ID), get_attr(s, k, CKA_UNIQUE_ID));
  CK_BBOOL no = CK_FALSE;
  CK_ATTRIBUTE nocopy{CKA_COPYABLE, &no, 1};
  CK_OBJECT_HANDLE c2;
  ASSERT_OK(f()->C_CopyObject(s, k, &nocopy, 1, &c2));
  CK_OBJECT_HANDLE c3;
  EXPECT_RV(CKR_ACTION_PROHIBITED, f()->C_CopyObject(s, c2, nullptr, 0, &c3));
  CK_ATTRIBUTE nodestroy{CKA_DESTROYABLE, &no, 1};
  CK_OBJECT_HANDLE c4;
  ASSERT_OK(f()->C_CopyObject(s, k, &nodestroy, 1, &c4));
  EXPECT_RV(CKR_ACTION_PROHIBITED, f()->C_DestroyObject(s, c4));
  ASSERT_OK(f()->C_DestroyObject(s, copy));
  EXPECT_RV(CKR_OBJECT_HANDLE_INVALID, f()->C_DestroyObject(s, copy));
  EXPECT_RV(CKR_ARGUMENTS_BAD, f()->C_CopyObject(s, k, nullptr, 0, nullptr));
  EXPECT_RV(CKR_OBJECT_HANDLE_INVALID, f()->C_CopyObject(s, 987654, nullptr, 0, &c3));
  CK_ULONG size = 0;
  ASSERT_OK(f()->C_GetObjectSize(s, k, &size));
  EXPECT_GT(size, 16u);
  EXPECT_RV(CKR_ARGUMENTS_BAD, f()->C_GetObjectSize(s, k, nullptr));
}

TEST_F(ObjectTest, FindMatchesAnyAttributeAndHidesPrivate) {
  CK_SESSION_HANDLE s = ready_user_session();
  create_data(s, "alpha");
  create_data(s, "beta");
  create_data(s, "beta");
  create_data(s, "secret", false, true);
  const char beta[] = "beta";
  CK_ATTRIBUTE by_label{CKA_LABEL, const_cast<char*>(beta), 4};
  EXPECT_EQ(find(s, &by_label, 1).size(), 2u);
  CK_OBJECT_CLASS cls = CKO_DATA;
  CK_ATTRIBUTE by_class{CKA_CLASS, &cls, sizeof cls};
  EXPECT_EQ(find(s, &by_class, 1).size(), 4u);
  ASSERT_OK(f()->C_Logout(s));
  EXPECT_EQ(find(s, &by_class, 1).size(), 3u);
  EXPECT_RV(CKR_ARGUMENTS_BAD, f()->C_FindObjectsInit(s, nullptr, 2));
  ASSERT_OK(f()->C_FindObjectsInit(s, nullptr, 0));
  EXPECT_RV(CKR_OPERATION_ACTIVE, f()->C_FindObjectsInit(s, nullptr, 0));
  CK_ULONG n;
  EXPECT_RV(CKR_ARGUMENTS_BAD, f()->C_FindObjects(s, nullptr, 1, &n));
  EXPECT_RV(CKR_ARGUMENTS_BAD, f()->C_FindObjects(s, nullptr, 0, nullptr));
  ASSERT_OK(f()->C_FindObjectsFinal(s));
  EXPECT_RV(CKR_OPERATION_NOT_INITIALIZED, f()->C_FindObjectsFinal(s));
}

TEST_F(ObjectTest, PublicSessionCannotCreatePrivateObjects) {
  init_token();
  init_user_pin();
  CK_SESSION_HANDLE s = open_session(true);
  CK_OBJECT_CLASS cls = CKO_DATA;
  CK_BBOOL yes = CK_TRUE;
  CK_ATTRIBUTE t[] = {attr(CKA_CLASS, &cls, sizeof cls), attr(CKA_PRIVATE, &yes, 1)};
  CK_OBJECT_HANDLE h;
  EXPECT_RV(CKR_USER_NOT_LOGGED_IN, f()->C_CreateObject(s, t, 2, &h));
  CK_ATTRIBUTE pub[] = {attr(CKA_CLASS, &cls, sizeof cls)};
  EXPECT_OK(f()->C_CreateObject(s, pub, 1, &h));
}

TEST_F(ObjectTest, TokenObjectsPersistAcrossFinalize) {
  // Uses the memory store: objects survive only within C_Initialize; this
  // checks that token and session objects are told apart on reload instead.
  CK_SESSION_HANDLE s = ready_user_session();
  CK_OBJECT_HANDLE tok = create_data(s, "kept", true);
  CK_OBJECT_HANDLE ses = create_data(s, "gone", false);
  ASSERT_OK(f()->C_CloseSession(s));
  CK_SESSION_HANDLE s2 = open_session(true);
  CK_ATTRIBUTE a{CKA_LABEL, nullptr, 0};
  EXPECT_OK(f()->C_GetAttributeValue(s2, tok, &a, 1));
  EXPECT_RV(CKR_OBJECT_HANDLE_INVALID, f()->C_GetAttributeValue(s2, ses, &a, 1));
}

}  // namespace
}  // namespace craton::test
