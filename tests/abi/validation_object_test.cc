// The token's CKO_VALIDATION object (PKCS#11 3.2): one per token, public,
// read-only, describing a module with no validation certificate, and whose
// CKA_VALIDATION_FLAG is the bit C_GetSessionValidationFlags reports.
#include "harness.h"

namespace craton::test {
namespace {

class ValidationObjectTest : public ModuleTest {
 protected:
  std::vector<CK_OBJECT_HANDLE> find_validation(CK_SESSION_HANDLE s) {
    CK_OBJECT_CLASS cls = CKO_VALIDATION;
    CK_ATTRIBUTE t[] = {attr(CKA_CLASS, &cls, sizeof cls)};
    EXPECT_OK(f()->C_FindObjectsInit(s, t, 1));
    CK_OBJECT_HANDLE found[4];
    CK_ULONG n = 0;
    EXPECT_OK(f()->C_FindObjects(s, found, 4, &n));
    EXPECT_OK(f()->C_FindObjectsFinal(s));
    return {found, found + n};
  }
  std::string text(CK_SESSION_HANDLE s, CK_OBJECT_HANDLE o, CK_ATTRIBUTE_TYPE t) {
    Bytes b = get_attr(s, o, t);
    return std::string(b.begin(), b.end());
  }
};

TEST_F(ValidationObjectTest, OnePerTokenVisibleWithoutLogin) {
  init_token(0);
  for (CK_SLOT_ID slot : {0ul, 1ul}) {
    CK_SESSION_HANDLE s = open_session(false, slot);
    auto found = find_validation(s);
    ASSERT_EQ(found.size(), 1u) << "slot " << slot;
    CK_OBJECT_HANDLE v = found[0];
    EXPECT_EQ(get_ulong_attr(s, v, CKA_VALIDATION_TYPE), CKV_TYPE_SOFTWARE);
    EXPECT_EQ(get_attr(s, v, CKA_VALIDATION_VERSION), (Bytes{3, 0})) << "FIPS 140-3";
    EXPECT_EQ(get_ulong_attr(s, v, CKA_VALIDATION_LEVEL), 1u);
    EXPECT_EQ(text(s, v, CKA_VALIDATION_MODULE_ID), "Craton HSM");
    EXPECT_EQ(get_ulong_attr(s, v, CKA_VALIDATION_FLAG), CKS_LAST_VALIDATION_OK);
    // Honest: nobody has validated this module.
    EXPECT_EQ(get_ulong_attr(s, v, CKA_VALIDATION_AUTHORITY_TYPE), CKV_AUTHORITY_TYPE_UNSPECIFIED);
    EXPECT_EQ(text(s, v, CKA_VALIDATION_CERTIFICATE_IDENTIFIER), "");
    EXPECT_EQ(get_attr(s, v, CKA_TOKEN), Bytes{CK_TRUE});
    EXPECT_EQ(get_attr(s, v, CKA_PRIVATE), Bytes{CK_FALSE});
    ASSERT_OK(f()->C_CloseSession(s));
  }
}

TEST_F(ValidationObjectTest, ReadOnlyAndNotCreatable) {
  CK_SESSION_HANDLE s = ready_user_session();
  auto found = find_validation(s);
  ASSERT_EQ(found.size(), 1u);
  CK_OBJECT_HANDLE v = found[0];
  const char label[] = "mine now";
  CK_ATTRIBUTE relabel[] = {attr(CKA_LABEL, label, sizeof label - 1)};
  EXPECT_RV(CKR_ACTION_PROHIBITED, f()->C_SetAttributeValue(s, v, relabel, 1));
  EXPECT_RV(CKR_ACTION_PROHIBITED, f()->C_DestroyObject(s, v));
  CK_OBJECT_HANDLE copy = 0;
  EXPECT_RV(CKR_ACTION_PROHIBITED, f()->C_CopyObject(s, v, nullptr, 0, &copy));

  CK_OBJECT_CLASS cls = CKO_VALIDATION;
  CK_ULONG level = 4;
  CK_ATTRIBUTE forged[] = {attr(CKA_CLASS, &cls, sizeof cls), attr(CKA_VALIDATION_LEVEL, &level, sizeof level)};
  CK_OBJECT_HANDLE h = 0;
  EXPECT_RV(CKR_ATTRIBUTE_VALUE_INVALID, f()->C_CreateObject(s, forged, 2, &h));
  EXPECT_RV(CKR_ATTRIBUTE_VALUE_INVALID, f()->C_CreateObject(s, forged, 1, &h));
  EXPECT_EQ(find_validation(s).size(), 1u);
}

TEST_F(ValidationObjectTest, SurvivesInitToken) {
  init_token(0);
  CK_SESSION_HANDLE s = open_session(false, 0);
  ASSERT_EQ(find_validation(s).size(), 1u);
  ASSERT_OK(f()->C_CloseSession(s));
  init_token(0);
  s = open_session(false, 0);
  EXPECT_EQ(find_validation(s).size(), 1u);
}

}  // namespace
}  // namespace craton::test
