// The SQLite store under crashes and tampering: a process killed at any
// instant loses nothing it was told was done, and damaged contents give a
// clear refusal, never a crash or a silently wrong key.
#include <signal.h>
#include <sqlite3.h>

#include <fstream>
#include <random>
#include <set>
#include <sstream>

#include "harness.h"
#include "sqlite_fixture.h"

namespace craton::test {
namespace {

class StoreDamageTest : public SqliteModuleTest {
 protected:
  void SetUp() override { start_sqlite("craton_dmg", "", "off"); }
  std::string db() const { return dir_ + "/craton_hsm.db"; }
  CK_ULONG count(CK_SESSION_HANDLE s, CK_ATTRIBUTE* t, CK_ULONG n) {
    EXPECT_OK(f()->C_FindObjectsInit(s, t, n));
    std::vector<CK_OBJECT_HANDLE> h(20000);
    CK_ULONG got = 0;
    EXPECT_OK(f()->C_FindObjects(s, h.data(), h.size(), &got));
    EXPECT_OK(f()->C_FindObjectsFinal(s));
    return got;
  }
  CK_ULONG count_label(CK_SESSION_HANDLE s, const std::string& label) {
    CK_ATTRIBUTE t{CKA_LABEL, const_cast<char*>(label.data()), label.size()};
    return count(s, &t, 1);
  }
  // Runs SQL on the store file directly, as an attacker with file access would.
  void tamper(const std::string& sql) {
    sqlite3* handle = nullptr;
    ASSERT_EQ(sqlite3_open(db().c_str(), &handle), SQLITE_OK);
    char* msg = nullptr;
    EXPECT_EQ(sqlite3_exec(handle, sql.c_str(), nullptr, nullptr, &msg), SQLITE_OK) << (msg ? msg : "");
    sqlite3_free(msg);
    sqlite3_close(handle);
  }
  std::string integrity_check() {
    sqlite3* handle = nullptr;
    if (sqlite3_open(db().c_str(), &handle) != SQLITE_OK) return "cannot open";
    std::string result;
    sqlite3_exec(
        handle, "PRAGMA integrity_check",
        [](void* out, int, char** values, char**) {
          *static_cast<std::string*>(out) += values[0] ? values[0] : "";
          return 0;
        },
        &result, nullptr);
    sqlite3_close(handle);
    return result;
  }
  CK_OBJECT_HANDLE make_key(CK_SESSION_HANDLE s, const std::string& label, unsigned char fill) {
    CK_OBJECT_CLASS cls = CKO_SECRET_KEY;
    CK_KEY_TYPE kt = CKK_AES;
    CK_BBOOL yes = CK_TRUE;
    Bytes value(32, fill);
    CK_ATTRIBUTE t[] = {attr(CKA_CLASS, &cls, sizeof cls), attr(CKA_KEY_TYPE, &kt, sizeof kt),
                        attr(CKA_VALUE, value.data(), 32), attr(CKA_TOKEN, &yes, 1),
                        attr(CKA_LABEL, label.data(), label.size())};
    CK_OBJECT_HANDLE h = 0;
    EXPECT_OK(f()->C_CreateObject(s, t, 5, &h));
    return h;
  }
};

// The child creates and destroys token objects as fast as it can and reports
// each acknowledged change on a pipe; the parent kills it at random instants.
TEST_F(StoreDamageTest, KillNineNeverLosesAcknowledgedChanges) {
  CK_SESSION_HANDLE s = ready_user_session();
  ASSERT_OK(f()->C_CloseSession(s));
  std::mt19937 rng(12345);
  std::set<std::string> created, destroyed, pending;
  int next_id = 0;
  for (int round = 0; round < 12; ++round) {
    int fds[2];
    ASSERT_EQ(pipe(fds), 0);
    const int first_id = next_id;
    pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      close(fds[0]);
      if (f()->C_Initialize(nullptr) != CKR_OK) _exit(1);
      CK_SESSION_HANDLE c;
      f()->C_OpenSession(0, CKF_SERIAL_SESSION | CKF_RW_SESSION, nullptr, nullptr, &c);
      if (f()->C_Login(c, CKU_USER, (CK_UTF8CHAR_PTR)kUserPin, std::strlen(kUserPin)) != CKR_OK) _exit(2);
      CK_OBJECT_HANDLE previous = 0;
      std::string previous_label;
      for (int i = first_id;; ++i) {
        std::string label = "obj-" + std::to_string(i);
        CK_OBJECT_HANDLE h = make_key(c, label, static_cast<unsigned char>(i));
        std::string line = "C " + label + "\n";
        if (write(fds[1], line.data(), line.size()) < 0) _exit(3);
        if (i % 3 == 0 && previous != 0) {
          // "P" before the call: a kill between the destroy and its "D"
          // leaves a destroy that happened but was never acknowledged.
          line = "P " + previous_label + "\n";
          if (write(fds[1], line.data(), line.size()) < 0) _exit(3);
          if (f()->C_DestroyObject(c, previous) == CKR_OK) {
            line = "D " + previous_label + "\n";
            if (write(fds[1], line.data(), line.size()) < 0) _exit(3);
          }
        }
        previous = h;
        previous_label = label;
      }
    }
    close(fds[1]);
    usleep(std::uniform_int_distribution<int>(150000, 600000)(rng));
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    std::string all;
    char buf[4096];
    ssize_t n;
    while ((n = read(fds[0], buf, sizeof buf)) > 0) all.append(buf, n);
    close(fds[0]);
    std::istringstream lines(all);
    std::string kind, label;
    while (lines >> kind >> label) {
      (kind == "C" ? created : kind == "D" ? destroyed : pending).insert(label);
      if (kind == "C") next_id = std::max(next_id, std::stoi(label.substr(4)) + 1);
    }
    next_id += 1000;  // never reuse a label of an unacknowledged create
    ASSERT_EQ(integrity_check(), "ok") << "round " << round;
  }
  ASSERT_GT(created.size(), 12u);
  // Reopen the store in this process and check every acknowledged change.
  ASSERT_OK(f()->C_Finalize(nullptr));
  ASSERT_OK(f()->C_Initialize(nullptr));
  CK_SESSION_HANDLE check = open_session(true);
  ASSERT_OK(f()->C_Login(check, CKU_USER, (CK_UTF8CHAR_PTR)kUserPin, std::strlen(kUserPin)));
  for (const auto& l : created) {
    const CK_ULONG n = count_label(check, l);
    if (destroyed.count(l)) EXPECT_EQ(n, 0u) << l << ": acknowledged destroy lost";
    else if (pending.count(l)) EXPECT_LE(n, 1u) << l;  // either outcome is correct
    else EXPECT_EQ(n, 1u) << l << ": acknowledged create lost";
  }
}

TEST_F(StoreDamageTest, FlippedByteInSealedValueWithholdsOnlyThatObject) {
  CK_SESSION_HANDLE s = ready_user_session();
  make_key(s, "victim", 1);
  make_key(s, "bystander", 2);
  ASSERT_OK(f()->C_Finalize(nullptr));
  tamper(
      "UPDATE attributes SET value = substr(value, 1, 20) || char((unicode(substr(value, 21, 1)) + 1) % 256) || "
      "substr(value, 22) WHERE encrypted = 1 AND object_id = (SELECT object_id FROM attributes WHERE type = 3 AND "
      "value = CAST('victim' AS BLOB))");
  ASSERT_OK(f()->C_Initialize(nullptr));
  CK_SESSION_HANDLE s2 = open_session(true);
  ASSERT_OK(f()->C_Login(s2, CKU_USER, (CK_UTF8CHAR_PTR)kUserPin, std::strlen(kUserPin)));
  EXPECT_EQ(count_label(s2, "victim"), 0u);
  EXPECT_EQ(count_label(s2, "bystander"), 1u);
}

TEST_F(StoreDamageTest, SealedBlobSwappedBetweenObjectsDoesNotOpen) {
  CK_SESSION_HANDLE s = ready_user_session();
  make_key(s, "first", 0xAA);
  make_key(s, "second", 0xBB);
  ASSERT_OK(f()->C_Finalize(nullptr));
  // Give "second" the sealed CKA_VALUE of "first": the associated data names
  // the object, so the blob must not open under "second".
  tamper(
      "UPDATE attributes SET value = (SELECT a.value FROM attributes a WHERE a.encrypted = 1 AND a.object_id = "
      "(SELECT object_id FROM attributes WHERE type = 3 AND value = CAST('first' AS BLOB))) WHERE encrypted = 1 "
      "AND object_id = (SELECT object_id FROM attributes WHERE type = 3 AND value = CAST('second' AS BLOB))");
  ASSERT_OK(f()->C_Initialize(nullptr));
  CK_SESSION_HANDLE s2 = open_session(true);
  ASSERT_OK(f()->C_Login(s2, CKU_USER, (CK_UTF8CHAR_PTR)kUserPin, std::strlen(kUserPin)));
  EXPECT_EQ(count_label(s2, "first"), 1u);
  EXPECT_EQ(count_label(s2, "second"), 0u);
}

TEST_F(StoreDamageTest, TruncatedOrForeignFileFailsInitializeCleanly) {
  CK_SESSION_HANDLE s = ready_user_session();
  for (int i = 0; i < 20; ++i) make_key(s, "k" + std::to_string(i), static_cast<unsigned char>(i));
  ASSERT_OK(f()->C_Finalize(nullptr));
  std::system(("rm -f " + db() + "-wal " + db() + "-shm").c_str());
  ASSERT_EQ(truncate(db().c_str(), 3000), 0);
  EXPECT_RV(CKR_GENERAL_ERROR, f()->C_Initialize(nullptr));
  std::ofstream(db(), std::ios::trunc) << "this is not a database at all, just text";
  EXPECT_RV(CKR_GENERAL_ERROR, f()->C_Initialize(nullptr));
  initialized_ = false;
}

TEST_F(StoreDamageTest, WorldWritableStoreIsRefused) {
  init_token();
  ASSERT_OK(f()->C_Finalize(nullptr));
  ASSERT_EQ(chmod(db().c_str(), 0666), 0);
  EXPECT_RV(CKR_GENERAL_ERROR, f()->C_Initialize(nullptr));
  ASSERT_EQ(chmod(db().c_str(), 0600), 0);
  ASSERT_OK(f()->C_Initialize(nullptr));
}

}  // namespace
}  // namespace craton::test
