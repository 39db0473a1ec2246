// C_FindObjectsInit through the label / class index (module/object_index):
// results must equal a full scan's after creates, label changes, destroys,
// session close, logout, and with templates the index cannot narrow.
#include <algorithm>
#include <set>

#include "harness.h"

namespace craton::test {
namespace {

class FindIndexTest : public ModuleTest {
 protected:
  CK_OBJECT_HANDLE create(CK_SESSION_HANDLE s, CK_OBJECT_CLASS cls, const std::string& label, bool priv = false) {
    CK_BBOOL pr = priv;
    CK_BYTE value[] = {1, 2, 3};
    CK_ATTRIBUTE t[] = {attr(CKA_CLASS, &cls, sizeof cls), attr(CKA_LABEL, label.data(), label.size()),
                        attr(CKA_PRIVATE, &pr, 1), attr(CKA_VALUE, value, 3)};
    CK_OBJECT_HANDLE h = CK_INVALID_HANDLE;
    EXPECT_OK(f()->C_CreateObject(s, t, 4, &h));
    return h;
  }
  std::set<CK_OBJECT_HANDLE> find(CK_SESSION_HANDLE s, std::vector<CK_ATTRIBUTE> t) {
    std::set<CK_OBJECT_HANDLE> out;
    EXPECT_OK(f()->C_FindObjectsInit(s, t.data(), static_cast<CK_ULONG>(t.size())));
    CK_OBJECT_HANDLE buf[7];
    CK_ULONG got = 0;
    do {
      EXPECT_OK(f()->C_FindObjects(s, buf, 7, &got));
      out.insert(buf, buf + got);
    } while (got > 0);
    EXPECT_OK(f()->C_FindObjectsFinal(s));
    return out;
  }
  std::set<CK_OBJECT_HANDLE> by_label(CK_SESSION_HANDLE s, const std::string& label) {
    return find(s, {attr(CKA_LABEL, label.data(), label.size())});
  }
};

TEST_F(FindIndexTest, LabelLookupsFollowChanges) {
  CK_SESSION_HANDLE s = ready_user_session();
  std::vector<CK_OBJECT_HANDLE> many;
  for (int i = 0; i < 300; ++i) many.push_back(create(s, CKO_DATA, "obj-" + std::to_string(i % 100)));
  EXPECT_EQ(by_label(s, "obj-7"), (std::set<CK_OBJECT_HANDLE>{many[7], many[107], many[207]}));
  EXPECT_TRUE(by_label(s, "nothing").empty());
  EXPECT_TRUE(by_label(s, "obj-").empty());  // whole-value match only

  // Relabel: the old label no longer finds it, the new one does.
  const std::string fresh = "renamed";
  CK_ATTRIBUTE set{CKA_LABEL, const_cast<char*>(fresh.data()), fresh.size()};
  ASSERT_OK(f()->C_SetAttributeValue(s, many[7], &set, 1));
  EXPECT_EQ(by_label(s, "obj-7"), (std::set<CK_OBJECT_HANDLE>{many[107], many[207]}));
  EXPECT_EQ(by_label(s, "renamed"), std::set<CK_OBJECT_HANDLE>{many[7]});

  // Destroyed objects disappear; new ones appear.
  ASSERT_OK(f()->C_DestroyObject(s, many[107]));
  EXPECT_EQ(by_label(s, "obj-7"), std::set<CK_OBJECT_HANDLE>{many[207]});
  CK_OBJECT_HANDLE late = create(s, CKO_DATA, "obj-7");
  EXPECT_EQ(by_label(s, "obj-7"), (std::set<CK_OBJECT_HANDLE>{many[207], late}));
}

TEST_F(FindIndexTest, ClassAndCombinedTemplates) {
  CK_SESSION_HANDLE s = ready_user_session();
  CK_OBJECT_HANDLE d1 = create(s, CKO_DATA, "a");
  CK_OBJECT_HANDLE d2 = create(s, CKO_DATA, "b");
  CK_OBJECT_CLASS data = CKO_DATA, cert = CKO_CERTIFICATE;
  EXPECT_EQ(find(s, {attr(CKA_CLASS, &data, sizeof data)}), (std::set<CK_OBJECT_HANDLE>{d1, d2}));
  EXPECT_TRUE(find(s, {attr(CKA_CLASS, &cert, sizeof cert)}).empty());
  EXPECT_EQ(find(s, {attr(CKA_CLASS, &data, sizeof data), attr(CKA_LABEL, "b", 1)}),
            std::set<CK_OBJECT_HANDLE>{d2});
  EXPECT_TRUE(find(s, {attr(CKA_CLASS, &cert, sizeof cert), attr(CKA_LABEL, "b", 1)}).empty());
  // A template the index cannot narrow still scans everything.
  CK_BYTE value[] = {1, 2, 3};
  EXPECT_EQ(find(s, {attr(CKA_VALUE, value, 3)}), (std::set<CK_OBJECT_HANDLE>{d1, d2}));
  // A malformed class value matches nothing (and is not an index key).
  EXPECT_TRUE(find(s, {attr(CKA_CLASS, &data, 2)}).empty());
}

TEST_F(FindIndexTest, VisibilityAndSessionObjects) {
  CK_SESSION_HANDLE s = ready_user_session();
  CK_OBJECT_HANDLE pub = create(s, CKO_DATA, "same");
  CK_OBJECT_HANDLE priv = create(s, CKO_DATA, "same", true);
  EXPECT_EQ(by_label(s, "same"), (std::set<CK_OBJECT_HANDLE>{pub, priv}));
  ASSERT_OK(f()->C_Logout(s));
  EXPECT_EQ(by_label(s, "same"), std::set<CK_OBJECT_HANDLE>{pub});
  // Session objects go with their session.
  CK_SESSION_HANDLE other = open_session(true);
  CK_OBJECT_HANDLE mine = create(other, CKO_DATA, "other-session");
  EXPECT_EQ(by_label(s, "other-session"), std::set<CK_OBJECT_HANDLE>{mine});
  ASSERT_OK(f()->C_CloseSession(other));
  EXPECT_TRUE(by_label(s, "other-session").empty());
}

}  // namespace
}  // namespace craton::test
