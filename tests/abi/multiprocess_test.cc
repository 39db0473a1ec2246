// Two processes on one SQLite token: each sees the other's creates, changes
// and destroys at its next call, with no restart.
#include <fstream>

#include "harness.h"
#include "sqlite_fixture.h"

namespace craton::test {
namespace {

class MultiProcessTest : public SqliteModuleTest {
 protected:
  void SetUp() override { start_sqlite("craton_mp", "max_login_failures = 4\n"); }
  CK_ULONG count_by_label(CK_SESSION_HANDLE s, const std::string& label) {
    CK_ATTRIBUTE t{CKA_LABEL, const_cast<char*>(label.data()), label.size()};
    EXPECT_OK(f()->C_FindObjectsInit(s, &t, 1));
    CK_OBJECT_HANDLE h[16];
    CK_ULONG n = 0;
    EXPECT_OK(f()->C_FindObjects(s, h, 16, &n));
    EXPECT_OK(f()->C_FindObjectsFinal(s));
    return n;
  }
  CK_OBJECT_HANDLE make_data(CK_SESSION_HANDLE s, const std::string& label) {
    CK_OBJECT_CLASS cls = CKO_DATA;
    CK_BBOOL yes = CK_TRUE;
    CK_ATTRIBUTE t[] = {attr(CKA_CLASS, &cls, sizeof cls), attr(CKA_TOKEN, &yes, 1),
                        attr(CKA_LABEL, label.data(), label.size())};
    CK_OBJECT_HANDLE h = 0;
    EXPECT_OK(f()->C_CreateObject(s, t, 3, &h));
    return h;
  }
};

// Child and parent take turns through two pipes.
struct TurnPipes {
  int to_child[2];
  int to_parent[2];
  TurnPipes() {
    if (pipe(to_child) != 0 || pipe(to_parent) != 0) std::abort();
  }
  static void signal(int fd) {
    char c = 1;
    if (write(fd, &c, 1) != 1) std::abort();
  }
  static bool wait(int fd) {
    char c;
    return read(fd, &c, 1) == 1;
  }
};

TEST_F(MultiProcessTest, CreatesChangesAndDestroysAreSeenWithoutRestart) {
  CK_SESSION_HANDLE s = ready_user_session();
  TurnPipes p;
  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    int code = 0;
    if (f()->C_Initialize(nullptr) != CKR_OK) _exit(100);
    CK_SESSION_HANDLE c;
    f()->C_OpenSession(0, CKF_SERIAL_SESSION | CKF_RW_SESSION, nullptr, nullptr, &c);
    if (count_by_label(c, "from-parent") != 0) code |= 1;
    TurnPipes::signal(p.to_parent[1]);
    TurnPipes::wait(p.to_child[0]);  // parent created an object
    if (count_by_label(c, "from-parent") != 1) code |= 2;
    make_data(c, "from-child");
    TurnPipes::signal(p.to_parent[1]);
    TurnPipes::wait(p.to_child[0]);  // parent renamed its object
    if (count_by_label(c, "renamed") != 1) code |= 4;
    if (count_by_label(c, "from-parent") != 0) code |= 8;
    TurnPipes::signal(p.to_parent[1]);
    TurnPipes::wait(p.to_child[0]);  // parent destroyed it
    if (count_by_label(c, "renamed") != 0) code |= 16;
    f()->C_Finalize(nullptr);
    _exit(::testing::Test::HasFailure() ? 64 | code : code);
  }
  ASSERT_TRUE(TurnPipes::wait(p.to_parent[0]));
  CK_OBJECT_HANDLE mine = make_data(s, "from-parent");
  TurnPipes::signal(p.to_child[1]);
  ASSERT_TRUE(TurnPipes::wait(p.to_parent[0]));
  EXPECT_EQ(count_by_label(s, "from-child"), 1u);
  const char renamed[] = "renamed";
  CK_ATTRIBUTE lab{CKA_LABEL, const_cast<char*>(renamed), 7};
  ASSERT_OK(f()->C_SetAttributeValue(s, mine, &lab, 1));
  TurnPipes::signal(p.to_child[1]);
  ASSERT_TRUE(TurnPipes::wait(p.to_parent[0]));
  ASSERT_OK(f()->C_DestroyObject(s, mine));
  TurnPipes::signal(p.to_child[1]);
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

TEST_F(MultiProcessTest, LockoutCountsFailuresFromEveryProcess) {
  init_token();
  init_user_pin();
  CK_SESSION_HANDLE s = open_session(true);
  EXPECT_RV(CKR_PIN_INCORRECT, f()->C_Login(s, CKU_USER, (CK_UTF8CHAR_PTR) "bad1", 4));
  EXPECT_RV(CKR_PIN_INCORRECT, f()->C_Login(s, CKU_USER, (CK_UTF8CHAR_PTR) "bad2", 4));
  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    if (f()->C_Initialize(nullptr) != CKR_OK) _exit(100);
    CK_SESSION_HANDLE c;
    f()->C_OpenSession(0, CKF_SERIAL_SESSION, nullptr, nullptr, &c);
    int code = 0;
    if (f()->C_Login(c, CKU_USER, (CK_UTF8CHAR_PTR) "bad3", 4) != CKR_PIN_INCORRECT) code |= 1;
    f()->C_Finalize(nullptr);
    _exit(code);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFEXITED(status));
  ASSERT_EQ(WEXITSTATUS(status), 0);
  // Three failures so far (two here, one in the child): the fourth locks.
  EXPECT_RV(CKR_PIN_LOCKED, f()->C_Login(s, CKU_USER, (CK_UTF8CHAR_PTR) "bad4", 4));
  EXPECT_RV(CKR_PIN_LOCKED, f()->C_Login(s, CKU_USER, (CK_UTF8CHAR_PTR)kUserPin, std::strlen(kUserPin)));
}

}  // namespace
}  // namespace craton::test
