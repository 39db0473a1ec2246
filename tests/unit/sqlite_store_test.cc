// SQLite token store: round trips, persistence, id allocation, change counter
// across store objects (as across processes), concurrent writers, error
// mapping, and refusal of hostile or foreign files.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "storage/sqlite_db.h"
#include "storage/sqlite_open.h"
#include "storage/token_store.h"
#include "store_test_util.h"

namespace craton::storage {
namespace {

namespace fs = std::filesystem;
using namespace storetest;

bool same_attrs(std::vector<StoredAttribute> a, std::vector<StoredAttribute> b) {
  auto by_type = [](const StoredAttribute& x, const StoredAttribute& y) { return x.type < y.type; };
  std::sort(a.begin(), a.end(), by_type);
  std::sort(b.begin(), b.end(), by_type);
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].type != b[i].type || a[i].encrypted != b[i].encrypted || a[i].value != b[i].value) return false;
  }
  return true;
}

class SqliteStoreTest : public ::testing::Test, protected TempStoreDir {
 protected:
  void SetUp() override { make_temp("craton_store_test"); }  // dir_ does not exist yet: open must create it
  void TearDown() override { remove_temp(); }

  std::unique_ptr<TokenStore> open() { return open_store(dir_); }

  // Expects open to fail with CKR_GENERAL_ERROR and a message naming `reason`.
  void expect_refused(const std::string& reason) {
    std::string msg;
    auto r = open_sqlite_store(dir_, &msg);
    ASSERT_FALSE(r.is_ok()) << "opened a store that should be refused";
    EXPECT_EQ(r.rv(), CKR_GENERAL_ERROR);
    EXPECT_NE(msg.find(reason), std::string::npos) << msg;
  }

  void write_file(const std::string& path, const std::string& content, mode_t mode) {
    fs::create_directories(dir_);
    ::chmod(dir_.c_str(), 0700);
    std::ofstream(path, std::ios::binary | std::ios::trunc) << content;
    ::chmod(path.c_str(), mode);
  }

  // A closed store holding enough objects to span many pages.
  void make_filled_store() {
    auto s = open();
    ASSERT_TRUE(s);
    for (int i = 0; i < 40; ++i) {
      auto id = s->allocate_object_id(0);
      ASSERT_TRUE(id.is_ok());
      StoredObject o{*id, {attr(CKA_LABEL, Bytes(1000, static_cast<std::uint8_t>(i)))}};
      ASSERT_TRUE(s->put_object(0, o).is_ok());
    }
  }
};

TEST_F(SqliteStoreTest, CreatesPrivateDirectoryAndFileWhateverTheUmask) {
  const mode_t old = ::umask(0);
  auto s = open();
  ASSERT_TRUE(s);
  ASSERT_TRUE(s->put_meta(0, "k", bytes("v")).is_ok());
  struct stat st {};
  ASSERT_EQ(::stat(dir_.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0700u);
  ASSERT_EQ(::stat(db_path_.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0600u);
  ASSERT_EQ(::stat((db_path_ + "-wal").c_str(), &st), 0);  // WAL mode is on
  EXPECT_EQ(st.st_mode & 07777, 0600u);
  ::umask(old);
}

TEST_F(SqliteStoreTest, MetaRoundTrip) {
  auto s = open();
  ASSERT_TRUE(s);
  auto missing = s->get_meta(1, "label");
  ASSERT_TRUE(missing.is_ok());
  EXPECT_FALSE(missing->has_value());

  const Bytes v = {0x00, 0xff, 0x10, 0x00};
  ASSERT_TRUE(s->put_meta(1, "label", v).is_ok());
  ASSERT_TRUE(s->put_meta(1, "empty", Bytes{}).is_ok());
  ASSERT_TRUE(s->put_meta(2, "label", bytes("other slot")).is_ok());
  auto got = s->get_meta(1, "label");
  ASSERT_TRUE(got.is_ok() && got->has_value());
  EXPECT_EQ(**got, v);
  auto empty = s->get_meta(1, "empty");
  ASSERT_TRUE(empty.is_ok());
  ASSERT_TRUE(empty->has_value()) << "an empty record is not a missing one";
  EXPECT_TRUE((*empty)->empty());

  ASSERT_TRUE(s->put_meta(1, "label", bytes("replaced")).is_ok());
  EXPECT_EQ(**s->get_meta(1, "label"), bytes("replaced"));
  EXPECT_EQ(**s->get_meta(2, "label"), bytes("other slot"));
}

TEST_F(SqliteStoreTest, ObjectRoundTripKeepsEncryptedFlagAndBytesExactly) {
  auto s = open();
  ASSERT_TRUE(s);
  Bytes sealed(4096);
  for (std::size_t i = 0; i < sealed.size(); ++i) sealed[i] = static_cast<std::uint8_t>(i * 31 + 7);
  StoredObject a{*s->allocate_object_id(3),
                 {attr(CKA_CLASS, {3, 0, 0, 0, 0, 0, 0, 0}), attr(CKA_VALUE, sealed, true),
                  attr(CKA_LABEL, Bytes{}), attr(CKA_VENDOR_DEFINED | 0x42, bytes("vendor")),
                  attr(~CK_ULONG{0}, {1}, true), attr(CKA_ID, Bytes(1 << 20, 0xab))}};
  StoredObject empty{*s->allocate_object_id(3), {}};
  ASSERT_TRUE(s->put_object(3, empty).is_ok());
  ASSERT_TRUE(s->put_object(3, a).is_ok());

  auto loaded = s->load_objects(3);
  ASSERT_TRUE(loaded.is_ok());
  ASSERT_EQ(loaded->size(), 2u);
  EXPECT_EQ((*loaded)[0].id, a.id);  // ordered by id, not by insertion
  EXPECT_TRUE(same_attrs((*loaded)[0].attributes, a.attributes));
  EXPECT_EQ((*loaded)[1].id, empty.id);
  EXPECT_TRUE((*loaded)[1].attributes.empty());

  // put_object replaces the whole set: attributes not in the new set vanish.
  StoredObject smaller{a.id, {attr(CKA_VALUE, bytes("new sealed blob"), true)}};
  ASSERT_TRUE(s->put_object(3, smaller).is_ok());
  loaded = s->load_objects(3);
  ASSERT_TRUE(loaded.is_ok());
  EXPECT_TRUE(same_attrs((*loaded)[0].attributes, smaller.attributes));
  EXPECT_TRUE(s->load_objects(4)->empty());
}

TEST_F(SqliteStoreTest, DuplicateAttributeTypeFailsAtomically) {
  auto s = open();
  ASSERT_TRUE(s);
  StoredObject o{*s->allocate_object_id(0), {attr(CKA_LABEL, bytes("a"))}};
  ASSERT_TRUE(s->put_object(0, o).is_ok());
  const std::uint64_t before = *s->change_counter(0);
  StoredObject bad{o.id, {attr(CKA_ID, bytes("x")), attr(CKA_ID, bytes("y"))}};
  EXPECT_FALSE(s->put_object(0, bad).is_ok());
  // Nothing of the failed call is visible: old attributes, old counter.
  EXPECT_TRUE(same_attrs(s->load_objects(0)->at(0).attributes, o.attributes));
  EXPECT_EQ(*s->change_counter(0), before);
}

TEST_F(SqliteStoreTest, DataSurvivesReopen) {
  StoredObject o;
  {
    auto s = open();
    ASSERT_TRUE(s);
    ASSERT_TRUE(s->put_meta(0, "token_info", bytes("info")).is_ok());
    o = {*s->allocate_object_id(0), {attr(CKA_VALUE, bytes("sealed"), true), attr(CKA_LABEL, bytes("l"))}};
    ASSERT_TRUE(s->put_object(0, o).is_ok());
  }
  auto s = open();
  ASSERT_TRUE(s);
  EXPECT_EQ(**s->get_meta(0, "token_info"), bytes("info"));
  auto loaded = s->load_objects(0);
  ASSERT_TRUE(loaded.is_ok());
  ASSERT_EQ(loaded->size(), 1u);
  EXPECT_EQ((*loaded)[0].id, o.id);
  EXPECT_TRUE(same_attrs((*loaded)[0].attributes, o.attributes));
  EXPECT_GT(*s->allocate_object_id(0), o.id) << "ids continue after a reopen";
}

TEST_F(SqliteStoreTest, IdsAreUniqueIncreasingAndNeverReused) {
  auto s = open();
  ASSERT_TRUE(s);
  std::uint64_t last = 0;
  for (int i = 0; i < 50; ++i) {
    auto id = s->allocate_object_id(0);
    ASSERT_TRUE(id.is_ok());
    EXPECT_GT(*id, last);
    last = *id;
  }
  EXPECT_EQ(*s->allocate_object_id(7), 1u) << "each slot has its own sequence";
  StoredObject o{last, {}};
  ASSERT_TRUE(s->put_object(0, o).is_ok());
  ASSERT_TRUE(s->delete_object(0, last).is_ok());
  ASSERT_TRUE(s->wipe_token(0).is_ok());
  EXPECT_GT(*s->allocate_object_id(0), last) << "not reused after delete or wipe";
  // An id stored directly is never handed out later.
  ASSERT_TRUE(s->put_object(0, StoredObject{1000, {}}).is_ok());
  EXPECT_GT(*s->allocate_object_id(0), 1000u);
}

TEST_F(SqliteStoreTest, WipeTokenRemovesOnlyThatSlot) {
  auto s = open();
  ASSERT_TRUE(s);
  for (std::uint32_t slot : {1u, 2u}) {
    ASSERT_TRUE(s->put_meta(slot, "so_wrap", bytes("w")).is_ok());
    StoredObject o{*s->allocate_object_id(slot), {attr(CKA_VALUE, bytes("v"), true)}};
    ASSERT_TRUE(s->put_object(slot, o).is_ok());
  }
  ASSERT_TRUE(s->wipe_token(1).is_ok());
  EXPECT_FALSE(s->get_meta(1, "so_wrap")->has_value());
  EXPECT_TRUE(s->load_objects(1)->empty());
  EXPECT_TRUE(s->get_meta(2, "so_wrap")->has_value());
  EXPECT_EQ(s->load_objects(2)->size(), 1u);
  EXPECT_EQ(raw_int(db_path_, "SELECT count(*) FROM attributes WHERE slot = 1"), 0);
  EXPECT_EQ(raw_int(db_path_, "SELECT count(*) FROM attributes WHERE slot = 2"), 1);
}

TEST_F(SqliteStoreTest, DeleteObjectRemovesItsAttributes) {
  auto s = open();
  ASSERT_TRUE(s);
  StoredObject a{*s->allocate_object_id(0), {attr(CKA_LABEL, bytes("a")), attr(CKA_ID, bytes("1"))}};
  StoredObject b{*s->allocate_object_id(0), {attr(CKA_LABEL, bytes("b"))}};
  ASSERT_TRUE(s->put_object(0, a).is_ok());
  ASSERT_TRUE(s->put_object(0, b).is_ok());
  ASSERT_TRUE(s->delete_object(0, a.id).is_ok());
  ASSERT_TRUE(s->delete_object(0, 999).is_ok()) << "deleting a missing object is not an error";
  auto loaded = s->load_objects(0);
  ASSERT_EQ(loaded->size(), 1u);
  EXPECT_EQ((*loaded)[0].id, b.id);
  EXPECT_EQ(raw_int(db_path_, "SELECT count(*) FROM attributes"), 1);
}

TEST_F(SqliteStoreTest, ChangeCounterCountsEveryChangeAndIsSeenByAnotherStore) {
  auto s = open();
  auto other = open();  // a second connection, as another process would have
  ASSERT_TRUE(s && other);
  EXPECT_EQ(*s->change_counter(0), 0u);
  ASSERT_TRUE(s->put_meta(0, "k", bytes("v")).is_ok());
  EXPECT_EQ(*other->change_counter(0), 1u);
  const std::uint64_t id = *s->allocate_object_id(0);
  EXPECT_EQ(*other->change_counter(0), 1u) << "reserving an id changes nothing visible";
  ASSERT_TRUE(s->put_object(0, StoredObject{id, {attr(CKA_LABEL, bytes("x"))}}).is_ok());
  EXPECT_EQ(*other->change_counter(0), 2u);
  ASSERT_TRUE(other->delete_object(0, id).is_ok());
  EXPECT_EQ(*s->change_counter(0), 3u);
  ASSERT_TRUE(other->wipe_token(0).is_ok());
  EXPECT_EQ(*s->change_counter(0), 4u);
  EXPECT_EQ(*s->change_counter(1), 0u) << "counters are per slot";
  // The other connection sees the objects too, not only the counter.
  ASSERT_TRUE(s->put_object(0, StoredObject{*s->allocate_object_id(0), {}}).is_ok());
  EXPECT_EQ(other->load_objects(0)->size(), 1u);
  s.reset();
  other.reset();
  EXPECT_EQ(*open()->change_counter(0), 5u) << "the counter persists";
}

TEST_F(SqliteStoreTest, ConcurrentWritersFromTwoStoresLoseNothing) {
  auto s1 = open();
  auto s2 = open();
  ASSERT_TRUE(s1 && s2);
  constexpr int kPerThread = 40;
  std::atomic<int> failures{0};
  auto writer = [&](TokenStore* store, int tag) {
    for (int i = 0; i < kPerThread; ++i) {
      auto id = store->allocate_object_id(0);
      if (!id.is_ok()) {
        ++failures;
        continue;
      }
      const std::string label = std::to_string(tag) + ":" + std::to_string(i);
      if (!store->put_object(0, StoredObject{*id, {attr(CKA_LABEL, bytes(label))}}).is_ok()) ++failures;
    }
  };
  // Two threads per store object: exercises the store mutex and the file locks.
  std::vector<std::thread> threads;
  threads.emplace_back(writer, s1.get(), 0);
  threads.emplace_back(writer, s1.get(), 1);
  threads.emplace_back(writer, s2.get(), 2);
  threads.emplace_back(writer, s2.get(), 3);
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);

  auto loaded = s2->load_objects(0);
  ASSERT_TRUE(loaded.is_ok());
  ASSERT_EQ(loaded->size(), 4u * kPerThread);
  std::set<std::string> labels;
  for (std::size_t i = 0; i < loaded->size(); ++i) {
    if (i > 0) {
      EXPECT_LT((*loaded)[i - 1].id, (*loaded)[i].id);
    }
    ASSERT_EQ((*loaded)[i].attributes.size(), 1u);
    const Bytes& v = (*loaded)[i].attributes[0].value;
    labels.emplace(v.begin(), v.end());
  }
  EXPECT_EQ(labels.size(), 4u * kPerThread);
  EXPECT_EQ(*s1->change_counter(0), 4u * kPerThread);
}

// Runs `body` in a child process and returns its exit status. The child ends
// with _exit: no destructor, no sqlite3_close - exactly like a crash.
template <class Body>
int in_child(Body body) {
  const pid_t pid = ::fork();
  if (pid == 0) ::_exit(body());
  int status = -1;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 100;
}

TEST_F(SqliteStoreTest, AcknowledgedChangesSurviveAProcessCrash) {
  const int rc = in_child([&] {
    std::string msg;
    auto r = open_sqlite_store(dir_, &msg);
    if (!r.is_ok()) return 1;
    auto& s = *r.value();
    if (!s.put_meta(0, "user_failures", Bytes{3, 0, 0, 0}).is_ok()) return 2;
    auto id = s.allocate_object_id(0);
    if (!id.is_ok() || !s.put_object(0, StoredObject{*id, {attr(CKA_VALUE, bytes("sealed"), true)}}).is_ok()) return 3;
    return 0;  // the store is never closed
  });
  ASSERT_EQ(rc, 0);
  auto s = open();
  ASSERT_TRUE(s);
  EXPECT_EQ(**s->get_meta(0, "user_failures"), (Bytes{3, 0, 0, 0}));
  ASSERT_EQ(s->load_objects(0)->size(), 1u);
  EXPECT_EQ(*s->change_counter(0), 2u);
}

TEST_F(SqliteStoreTest, TwoProcessesWritingAtOnceLoseNothing) {
  ASSERT_TRUE(open());  // create the schema once, then close before forking
  constexpr int kPerProcess = 30;
  auto writer = [&] {
    std::string msg;
    auto r = open_sqlite_store(dir_, &msg);
    if (!r.is_ok()) return 1;
    for (int i = 0; i < kPerProcess; ++i) {
      auto id = r.value()->allocate_object_id(0);
      if (!id.is_ok() || !r.value()->put_object(0, StoredObject{*id, {}}).is_ok()) return 2;
    }
    return 0;
  };
  const pid_t a = ::fork();
  if (a == 0) ::_exit(writer());
  const int b_status = in_child(writer);
  int a_status = -1;
  ::waitpid(a, &a_status, 0);
  EXPECT_TRUE(WIFEXITED(a_status) && WEXITSTATUS(a_status) == 0);
  EXPECT_EQ(b_status, 0);
  auto s = open();
  ASSERT_TRUE(s);
  EXPECT_EQ(s->load_objects(0)->size(), 2u * kPerProcess);
  EXPECT_EQ(*s->change_counter(0), 2u * kPerProcess);
}

TEST_F(SqliteStoreTest, WriterHeldPastTimeoutGivesFunctionFailed) {
  auto s = open();
  ASSERT_TRUE(s);
  ASSERT_TRUE(s->put_meta(0, "k", bytes("v")).is_ok());
  sqlite3* holder = nullptr;
  ASSERT_EQ(sqlite3_open_v2(db_path_.c_str(), &holder, SQLITE_OPEN_READWRITE, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(holder, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
  // Readers are not blocked by a writer in WAL mode.
  EXPECT_EQ(*s->change_counter(0), 1u);
  EXPECT_EQ(**s->get_meta(0, "k"), bytes("v"));
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(s->put_meta(0, "k", bytes("w")).rv(), CKR_FUNCTION_FAILED);
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(4500));
  sqlite3_exec(holder, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(holder);
  EXPECT_TRUE(s->put_meta(0, "k", bytes("w")).is_ok());
  EXPECT_EQ(**s->get_meta(0, "k"), bytes("w"));
}

TEST_F(SqliteStoreTest, WriteFailureIsDeviceErrorAndLeavesNoTrace) {
  auto s = open();
  ASSERT_TRUE(s);
  ASSERT_TRUE(s->put_meta(0, "k", bytes("v")).is_ok());
  // A file-size limit makes the next large write fail as a full disk would.
  struct rlimit old {};
  ASSERT_EQ(::getrlimit(RLIMIT_FSIZE, &old), 0);
  auto old_handler = std::signal(SIGXFSZ, SIG_IGN);
  struct rlimit small = old;
  small.rlim_cur = 256 * 1024;
  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &small), 0);
  const Status st = s->put_meta(0, "big", Bytes(1 << 20, 0x5a));
  ::setrlimit(RLIMIT_FSIZE, &old);
  std::signal(SIGXFSZ, old_handler);
  EXPECT_EQ(st.rv(), CKR_DEVICE_ERROR);
  EXPECT_FALSE(s->get_meta(0, "big")->has_value());
  EXPECT_EQ(*s->change_counter(0), 1u);
  EXPECT_TRUE(s->put_meta(0, "after", bytes("ok")).is_ok()) << "the store recovers once space is back";
}

TEST(SqliteErrorMapping, ResultCodesMapToTheDocumentedCkRv) {
  EXPECT_EQ(sqlite::rv_for(SQLITE_BUSY), CKR_FUNCTION_FAILED);
  EXPECT_EQ(sqlite::rv_for(SQLITE_BUSY_SNAPSHOT), CKR_FUNCTION_FAILED);
  EXPECT_EQ(sqlite::rv_for(SQLITE_LOCKED), CKR_FUNCTION_FAILED);
  EXPECT_EQ(sqlite::rv_for(SQLITE_FULL), CKR_DEVICE_ERROR);
  EXPECT_EQ(sqlite::rv_for(SQLITE_IOERR_WRITE), CKR_DEVICE_ERROR);
  EXPECT_EQ(sqlite::rv_for(SQLITE_IOERR_FSYNC), CKR_DEVICE_ERROR);
  EXPECT_EQ(sqlite::rv_for(SQLITE_CORRUPT), CKR_DEVICE_ERROR);
  EXPECT_EQ(sqlite::rv_for(SQLITE_NOTADB), CKR_DEVICE_ERROR);
  EXPECT_EQ(sqlite::rv_for(SQLITE_NOMEM), CKR_HOST_MEMORY);
  EXPECT_EQ(sqlite::rv_for(SQLITE_CONSTRAINT_PRIMARYKEY), CKR_GENERAL_ERROR);
}

// ---- Files the store must refuse ----

TEST_F(SqliteStoreTest, RefusesAFileThatIsNotSqlite) {
  write_file(db_path_, std::string(4096, 'x') + "this is not a database", 0600);
  expect_refused("not an SQLite database");
}

TEST_F(SqliteStoreTest, RefusesATruncatedDatabase) {
  make_filled_store();
  const auto size = fs::file_size(db_path_);
  ASSERT_GT(size, 16384u);
  fs::resize_file(db_path_, size / 2);
  expect_refused("damaged");
}

TEST_F(SqliteStoreTest, RefusesADatabaseCutInsideItsHeader) {
  make_filled_store();
  fs::resize_file(db_path_, 60);
  expect_refused("craton_hsm.db");
}

TEST_F(SqliteStoreTest, RefusesADatabaseWithADamagedTablePage) {
  make_filled_store();
  ASSERT_GT(fs::file_size(db_path_), 6u * 4096);
  // Page 6 holds attribute rows; opening never reads it, only the check does.
  std::fstream f(db_path_, std::ios::binary | std::ios::in | std::ios::out);
  f.seekp(5 * 4096);
  const std::string junk(12, '\xff');
  f.write(junk.data(), static_cast<std::streamsize>(junk.size()));
  f.close();
  expect_refused("damaged");
}

TEST_F(SqliteStoreTest, SurvivesCorruptedPagesWithoutCrashing) {
  make_filled_store();
  const auto size = fs::file_size(db_path_);
  std::string original;
  {
    std::ifstream in(db_path_, std::ios::binary);
    original.assign(std::istreambuf_iterator<char>(in), {});
  }
  // Deterministic damage at many places, including the header and b-tree pages.
  for (std::size_t round = 0; round < 24; ++round) {
    std::string damaged = original;
    for (std::size_t k = 0; k < 16; ++k) {
      const std::size_t at = (round * 4099 + k * 7919 + 17) % size;
      damaged[at] = static_cast<char>(damaged[at] ^ (0x5a + k));
    }
    write_file(db_path_, damaged, 0600);
    std::string msg;
    auto r = open_sqlite_store(dir_, &msg);
    if (!r.is_ok()) {
      EXPECT_EQ(r.rv(), CKR_GENERAL_ERROR);
      EXPECT_FALSE(msg.empty());
      continue;
    }
    // Damage the check did not see (e.g. in free space): calls must still return.
    (void)(*r)->load_objects(0);
    (void)(*r)->change_counter(0);
    (void)(*r)->put_meta(0, "k", bytes("v"));
  }
}

TEST_F(SqliteStoreTest, RefusesAWorldWritableFile) {
  make_filled_store();
  ASSERT_EQ(::chmod(db_path_.c_str(), 0666), 0);
  expect_refused("writable by group or others");
}

TEST_F(SqliteStoreTest, RefusesAGroupWritableDirectory) {
  ASSERT_TRUE(open());
  ASSERT_EQ(::chmod(dir_.c_str(), 0770), 0);
  expect_refused("writable by group or others");
}

TEST_F(SqliteStoreTest, RefusesAWritableWalFile) {
  make_filled_store();
  write_file(db_path_ + "-wal", "", 0646);
  expect_refused("-wal");
}

TEST_F(SqliteStoreTest, RefusesAFileOwnedBySomeoneElse) {
  make_filled_store();
  if (::geteuid() != 0) {
    GTEST_SKIP() << "needs root to give the file away";
  }
  ASSERT_EQ(::chown(db_path_.c_str(), 65534, 65534), 0);
  expect_refused("owned by uid 65534");
}

TEST_F(SqliteStoreTest, RefusesASymlinkedDatabase) {
  make_filled_store();
  const std::string real = base_ + "/real.db";
  fs::rename(db_path_, real);
  fs::create_symlink(real, db_path_);
  expect_refused("symbolic link");
}

TEST_F(SqliteStoreTest, AcceptsASymlinkedDirectory) {
  // Deployments often point /var/lib/craton-hsm at another disk.
  const std::string real = base_ + "/real_dir";
  ASSERT_EQ(::mkdir(real.c_str(), 0700), 0);
  fs::create_symlink(real, dir_);
  auto s = open();
  ASSERT_TRUE(s);
  EXPECT_TRUE(s->put_meta(0, "k", bytes("v")).is_ok());
  EXPECT_TRUE(fs::exists(real + "/craton_hsm.db"));
}

TEST_F(SqliteStoreTest, RefusesANewerSchemaVersion) {
  make_filled_store();
  raw_exec(db_path_, "PRAGMA user_version = 3");  // one past kSchemaVersion
  expect_refused("newer");
}

TEST_F(SqliteStoreTest, RefusesAnotherApplicationsDatabase) {
  fs::create_directories(dir_);
  ::chmod(dir_.c_str(), 0700);
  write_file(db_path_, "", 0600);
  raw_exec(db_path_, "CREATE TABLE photos(id INTEGER PRIMARY KEY, data BLOB)");
  expect_refused("another application");
}

TEST_F(SqliteStoreTest, RefusesADatabaseWithTriggers) {
  make_filled_store();
  raw_exec(db_path_,
           "CREATE TRIGGER t AFTER INSERT ON token_meta BEGIN DELETE FROM objects; END");
  expect_refused("triggers");
}

}  // namespace
}  // namespace craton::storage
