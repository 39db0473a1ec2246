// Token objects on the SQLite store: they survive C_Finalize/C_Initialize and
// are seen by another process; secrets never reach the file in clear.
#include <fstream>
#include <iterator>

#include "harness.h"
#include "sqlite_fixture.h"

namespace craton::test {
namespace {

class PersistenceTest : public SqliteModuleTest {
 protected:
  void SetUp() override { start_sqlite("craton_persist"); }
  void restart() {
    ASSERT_OK(f()->C_Finalize(nullptr));
    ASSERT_OK(f()->C_Initialize(nullptr));
  }
  std::string read_store_files() {
    std::string all;
    for (const char* name : {"/craton_hsm.db", "/craton_hsm.db-wal"}) {
      std::ifstream in(dir_ + name, std::ios::binary);
      all.append(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    return all;
  }
};

TEST_F(PersistenceTest, TokenSurvivesRestart) {
  CK_SESSION_HANDLE s = ready_user_session();
  Bytes secret = from_hex("00112233445566778899aabbccddeeff0f1e2d3c4b5a69788796a5b4c3d2e1f0");
  CK_OBJECT_HANDLE k = create_aes_key(s, secret, true);
  Bytes uid = get_attr(s, k, CKA_UNIQUE_ID);
  restart();
  CK_TOKEN_INFO ti;
  ASSERT_OK(f()->C_GetTokenInfo(0, &ti));
  EXPECT_TRUE(ti.flags & CKF_TOKEN_INITIALIZED);
  EXPECT_TRUE(ti.flags & CKF_USER_PIN_INITIALIZED);
  CK_SESSION_HANDLE s2 = open_session(true);
  EXPECT_RV(CKR_PIN_INCORRECT, f()->C_Login(s2, CKU_USER, (CK_UTF8CHAR_PTR) "wrong-pin", 9));
  ASSERT_OK(f()->C_Login(s2, CKU_USER, (CK_UTF8CHAR_PTR)kUserPin, std::strlen(kUserPin)));
  CK_ATTRIBUTE by_uid{CKA_UNIQUE_ID, uid.data(), uid.size()};
  ASSERT_OK(f()->C_FindObjectsInit(s2, &by_uid, 1));
  CK_OBJECT_HANDLE found = 0;
  CK_ULONG n = 0;
  ASSERT_OK(f()->C_FindObjects(s2, &found, 1, &n));
  ASSERT_OK(f()->C_FindObjectsFinal(s2));
  ASSERT_EQ(n, 1u);
  EXPECT_EQ(get_attr(s2, found, CKA_VALUE), secret);
}

TEST_F(PersistenceTest, FailureCounterSurvivesRestart) {
  init_token();
  init_user_pin();
  CK_SESSION_HANDLE s = open_session(true);
  for (int i = 0; i < 2; ++i) EXPECT_RV(CKR_PIN_INCORRECT, f()->C_Login(s, CKU_USER, (CK_UTF8CHAR_PTR) "nope", 4));
  restart();
  CK_TOKEN_INFO ti;
  ASSERT_OK(f()->C_GetTokenInfo(0, &ti));
  EXPECT_TRUE(ti.flags & CKF_USER_PIN_COUNT_LOW);
}

TEST_F(PersistenceTest, NoSecretBytesInTheStoreFiles) {
  CK_SESSION_HANDLE s = ready_user_session();
  Bytes secret = from_hex("c0ffee00deadbeef0123456789abcdeffedcba98765432100123456789abcdef");
  create_aes_key(s, secret, true);
  std::string files = read_store_files();
  ASSERT_FALSE(files.empty());
  std::string needle(secret.begin(), secret.end());
  EXPECT_EQ(files.find(needle), std::string::npos);
  EXPECT_EQ(files.find(needle.substr(0, 12)), std::string::npos);
  EXPECT_EQ(files.find(kUserPin), std::string::npos);
  EXPECT_EQ(files.find(kSoPin), std::string::npos);
}

TEST_F(PersistenceTest, AnotherProcessSeesTokenObjects) {
  CK_SESSION_HANDLE s = ready_user_session();
  Bytes secret(32, 0x5a);
  CK_OBJECT_HANDLE k = create_aes_key(s, secret, true);
  Bytes uid = get_attr(s, k, CKA_UNIQUE_ID);
  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    int code = 0;
    if (f()->C_Initialize(nullptr) != CKR_OK) _exit(1);
    CK_SESSION_HANDLE c;
    if (f()->C_OpenSession(0, CKF_SERIAL_SESSION, nullptr, nullptr, &c) != CKR_OK) _exit(2);
    if (f()->C_Login(c, CKU_USER, (CK_UTF8CHAR_PTR)kUserPin, std::strlen(kUserPin)) != CKR_OK) _exit(3);
    CK_ATTRIBUTE by_uid{CKA_UNIQUE_ID, uid.data(), uid.size()};
    CK_OBJECT_HANDLE h;
    CK_ULONG n = 0;
    f()->C_FindObjectsInit(c, &by_uid, 1);
    f()->C_FindObjects(c, &h, 1, &n);
    f()->C_FindObjectsFinal(c);
    if (n != 1) code |= 4;
    f()->C_Finalize(nullptr);
    _exit(code);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

}  // namespace
}  // namespace craton::test
