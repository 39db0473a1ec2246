// Change detection in both token stores: load_changes (changed objects,
// tombstones, full reloads after a wipe or tombstone pruning), change_hint
// (moves after every committed change by any store object or process, and
// only then), the craton_hsm.db-gen file and its fallback, and the schema
// migration from version 1 to 2.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "storage/sqlite_open.h"
#include "storage/token_store.h"
#include "store_test_util.h"

namespace craton::storage {
namespace {

namespace fs = std::filesystem;
using namespace storetest;

StoredObject object(std::uint64_t id, std::string_view label) {
  return StoredObject{id, {attr(CKA_LABEL, bytes(label)), attr(CKA_VALUE, bytes("sealed"), true)}};
}

bool same(const StoredObject& a, const StoredObject& b) {
  if (a.id != b.id || a.attributes.size() != b.attributes.size()) return false;
  for (std::size_t i = 0; i < a.attributes.size(); ++i) {
    const auto& x = a.attributes[i];
    const auto& y = b.attributes[i];
    if (x.type != y.type || x.encrypted != y.encrypted || x.value != y.value) return false;
  }
  return true;
}

std::vector<std::uint64_t> ids(const std::vector<StoredObject>& objects) {
  std::vector<std::uint64_t> out;
  for (const auto& o : objects) out.push_back(o.id);
  return out;
}

using Mirror = std::map<std::uint64_t, StoredObject>;

// What a caching caller does with an answer.
void apply_changes(const ObjectChanges& c, Mirror& m) {
  if (c.full_reload) m.clear();
  for (const auto& o : c.changed) m[o.id] = o;
  for (auto id : c.deleted) m.erase(id);
}

bool mirrors(const Mirror& m, const std::vector<StoredObject>& objects) {
  if (m.size() != objects.size()) return false;
  for (const auto& o : objects) {
    auto it = m.find(o.id);
    if (it == m.end() || !same(it->second, o)) return false;
  }
  return true;
}

// ---- Another process ----
// SQLite forbids carrying an open connection across fork(), and the parent
// holds one here; so the child execs this test binary again and runs the
// disabled test SqliteChangesChild.DISABLED_Run, told what to do through the
// environment.
constexpr const char* kChildRole = "CRATON_CHANGES_CHILD_ROLE";
constexpr const char* kChildDir = "CRATON_CHANGES_CHILD_DIR";
constexpr const char* kChildIds = "CRATON_CHANGES_CHILD_IDS";

pid_t spawn_child(const std::string& role, const std::string& dir, const std::string& ids = "") {
  const pid_t pid = ::fork();
  if (pid != 0) return pid;
  ::setenv(kChildRole, role.c_str(), 1);
  ::setenv(kChildDir, dir.c_str(), 1);
  ::setenv(kChildIds, ids.c_str(), 1);
  const int devnull = ::open("/dev/null", O_WRONLY);
  if (devnull >= 0) ::dup2(devnull, STDOUT_FILENO);  // keep the child's test report out of ours
  ::execl("/proc/self/exe", "unit_tests", "--gtest_filter=SqliteChangesChild.DISABLED_Run",
          "--gtest_also_run_disabled_tests", static_cast<char*>(nullptr));
  ::_exit(127);
}

int wait_child(pid_t pid) {
  int status = -1;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 100;
}

// Role "edit" (ids "keep,gone"): creates one object, rewrites `keep`,
// deletes `gone`. Role "churn": a long mix of creates, updates and deletes.
TEST(SqliteChangesChild, DISABLED_Run) {
  const char* role = std::getenv(kChildRole);
  const char* dir = std::getenv(kChildDir);
  ASSERT_TRUE(role != nullptr && dir != nullptr) << "run only by spawn_child";
  std::string msg;
  auto r = open_sqlite_store(dir, &msg);
  ASSERT_TRUE(r.is_ok()) << msg;
  TokenStore& w = *r.value();
  if (std::string(role) == "edit") {
    const std::string ids = std::getenv(kChildIds);
    const std::uint64_t keep = std::stoull(ids);
    const std::uint64_t gone = std::stoull(ids.substr(ids.find(',') + 1));
    auto id = w.allocate_object_id(0);
    ASSERT_TRUE(id.is_ok());
    ASSERT_TRUE(w.put_object(0, object(*id, "from child")).is_ok());
    ASSERT_TRUE(w.put_object(0, object(keep, "kept, changed")).is_ok());
    ASSERT_TRUE(w.delete_object(0, gone).is_ok());
    return;
  }
  ASSERT_EQ(std::string(role), "churn");
  std::vector<std::uint64_t> live;
  for (int i = 0; i < 60; ++i) {
    if (i % 5 == 4 && !live.empty()) {
      ASSERT_TRUE(w.delete_object(0, live.front()).is_ok());
      live.erase(live.begin());
    } else if (i % 3 == 2 && !live.empty()) {
      ASSERT_TRUE(w.put_object(0, object(live.back(), "update " + std::to_string(i))).is_ok());
    } else {
      auto id = w.allocate_object_id(0);
      ASSERT_TRUE(id.is_ok());
      ASSERT_TRUE(w.put_object(0, object(*id, "new " + std::to_string(i))).is_ok());
      live.push_back(*id);
    }
  }
}

// ---- Behaviour both backends share, run against each ----

class ChangesTest : public ::testing::TestWithParam<bool>, protected TempStoreDir {  // true: SQLite
 protected:
  void SetUp() override {
    make_temp("craton_changes_test");
    if (HasFatalFailure()) return;
    if (GetParam()) {
      store_ = open_sqlite(dir_, 3);
    } else {
      store_ = make_memory_store();
    }
    ASSERT_TRUE(store_);
  }
  void TearDown() override {
    store_.reset();
    remove_temp();
  }
  static std::unique_ptr<TokenStore> open_sqlite(const std::string& dir, std::uint64_t kept) {
    SqliteStoreOptions options;
    options.tombstones_kept = kept;
    return open_store(dir, options);
  }
  std::uint64_t put(std::string_view label) {
    const std::uint64_t id = *store_->allocate_object_id(0);
    EXPECT_TRUE(store_->put_object(0, object(id, label)).is_ok());
    return id;
  }
  ObjectChanges changes(std::uint64_t since) {
    auto r = store_->load_changes(0, since);
    EXPECT_TRUE(r.is_ok());
    return r.is_ok() ? std::move(r).value() : ObjectChanges{};
  }

  std::unique_ptr<TokenStore> store_;
};

TEST_P(ChangesTest, ReportsPutsUpdatesAndDeletesSinceACounter) {
  ObjectChanges c = changes(0);
  EXPECT_EQ(c.counter, 0u);
  EXPECT_FALSE(c.full_reload);
  EXPECT_TRUE(c.changed.empty() && c.deleted.empty());

  const std::uint64_t a = put("a");
  const std::uint64_t b = put("b");
  c = changes(0);
  EXPECT_EQ(c.counter, 2u);
  EXPECT_FALSE(c.full_reload);
  ASSERT_EQ(ids(c.changed), (std::vector<std::uint64_t>{a, b}));
  EXPECT_TRUE(same(c.changed[0], object(a, "a")));
  EXPECT_TRUE(c.deleted.empty());

  ASSERT_TRUE(store_->put_object(0, object(a, "a2")).is_ok());  // counter 3
  ASSERT_TRUE(store_->delete_object(0, b).is_ok());             // counter 4
  const std::uint64_t d = put("d");                             // counter 5
  c = changes(2);
  EXPECT_EQ(c.counter, 5u);
  EXPECT_FALSE(c.full_reload);
  ASSERT_EQ(ids(c.changed), (std::vector<std::uint64_t>{a, d}));
  EXPECT_TRUE(same(c.changed[0], object(a, "a2"))) << "an update brings the new attributes";
  EXPECT_EQ(c.deleted, (std::vector<std::uint64_t>{b}));

  c = changes(3);  // after the update, before the delete
  EXPECT_EQ(ids(c.changed), (std::vector<std::uint64_t>{d}));
  EXPECT_EQ(c.deleted, (std::vector<std::uint64_t>{b}));
  c = changes(4);
  EXPECT_EQ(ids(c.changed), (std::vector<std::uint64_t>{d}));
  EXPECT_TRUE(c.deleted.empty());

  c = changes(5);
  EXPECT_EQ(c.counter, 5u);
  EXPECT_TRUE(c.changed.empty() && c.deleted.empty() && !c.full_reload) << "since == counter is empty";
}

TEST_P(ChangesTest, MetaChangesAndMissingDeletesMoveOnlyTheCounter) {
  put("a");
  ASSERT_TRUE(store_->put_meta(0, "info", bytes("x")).is_ok());
  ASSERT_TRUE(store_->delete_object(0, 999).is_ok());
  ObjectChanges c = changes(1);
  EXPECT_EQ(c.counter, 3u);
  EXPECT_FALSE(c.full_reload);
  EXPECT_TRUE(c.changed.empty());
  EXPECT_TRUE(c.deleted.empty()) << "no tombstone for an object that never existed";
}

TEST_P(ChangesTest, DeletedThenPutAgainIsChangedNotDeleted) {
  const std::uint64_t a = put("a");
  ASSERT_TRUE(store_->delete_object(0, a).is_ok());
  ASSERT_TRUE(store_->put_object(0, object(a, "back")).is_ok());
  ObjectChanges c = changes(1);
  ASSERT_EQ(ids(c.changed), (std::vector<std::uint64_t>{a}));
  EXPECT_TRUE(c.deleted.empty());
  ASSERT_TRUE(store_->delete_object(0, a).is_ok());
  c = changes(1);
  EXPECT_TRUE(c.changed.empty());
  EXPECT_EQ(c.deleted, (std::vector<std::uint64_t>{a}));
}

TEST_P(ChangesTest, WipeForcesAFullReloadForOlderCallersOnly) {
  const std::uint64_t a = put("a");
  put("b");
  ASSERT_TRUE(store_->put_meta(0, "so_wrap", bytes("w")).is_ok());
  ASSERT_TRUE(store_->wipe_token(0).is_ok());  // counter 4
  const std::uint64_t c_id = put("c");         // counter 5
  for (std::uint64_t since : {0u, 1u, 3u}) {
    ObjectChanges c = changes(since);
    EXPECT_TRUE(c.full_reload) << since;
    EXPECT_EQ(c.counter, 5u);
    EXPECT_EQ(ids(c.changed), (std::vector<std::uint64_t>{c_id})) << "every object there is now";
    EXPECT_TRUE(c.deleted.empty());
  }
  ObjectChanges c = changes(4);
  EXPECT_FALSE(c.full_reload) << "a caller that saw the wipe needs no reload";
  EXPECT_EQ(ids(c.changed), (std::vector<std::uint64_t>{c_id}));
  // Another slot is untouched by the wipe.
  EXPECT_FALSE(store_->load_changes(1, 0)->full_reload);
  (void)a;
}

TEST_P(ChangesTest, PruningTombstonesForcesAFullReloadForCallersBeforeThem) {
  // The SQLite store here keeps 3 tombstones per slot, the memory store 10,000.
  const std::uint64_t kept = GetParam() ? 3 : 10000;
  std::vector<std::uint64_t> created;
  for (std::uint64_t i = 0; i < kept + 3; ++i) created.push_back(put("o"));
  const std::uint64_t base = *store_->change_counter(0);
  for (std::uint64_t i = 0; i < kept + 2; ++i) ASSERT_TRUE(store_->delete_object(0, created[i]).is_ok());
  // Deletions happened at base+1 .. base+kept+2; the two oldest were pruned.
  const std::uint64_t pruned_through = base + 2;
  for (std::uint64_t since : {std::uint64_t{0}, base, base + 1}) {
    ObjectChanges c = changes(since);
    EXPECT_TRUE(c.full_reload) << since;
    EXPECT_EQ(ids(c.changed), (std::vector<std::uint64_t>{created.back()}));
    EXPECT_TRUE(c.deleted.empty());
  }
  ObjectChanges c = changes(pruned_through);
  EXPECT_FALSE(c.full_reload);
  EXPECT_TRUE(c.changed.empty());
  ASSERT_EQ(c.deleted.size(), kept);
  EXPECT_EQ(c.deleted.front(), created[2]);
  EXPECT_EQ(c.deleted.back(), created[kept + 1]);
}

TEST_P(ChangesTest, SinceAheadOfTheCounterIsAFullReload) {
  put("a");
  ObjectChanges c = changes(1000);  // e.g. the file was restored from an older backup
  EXPECT_TRUE(c.full_reload);
  EXPECT_EQ(c.counter, 1u);
  EXPECT_EQ(c.changed.size(), 1u);
  c = changes(~std::uint64_t{0});
  EXPECT_TRUE(c.full_reload);
}

TEST_P(ChangesTest, HintMovesAfterEachCommittedChangeAndOnlyThen) {
  std::uint64_t h = store_->change_hint(0);
  auto moved = [&] {
    const std::uint64_t now = store_->change_hint(0);
    const bool m = now != h;
    h = now;
    return m;
  };
  const std::uint64_t id = *store_->allocate_object_id(0);
  EXPECT_FALSE(moved()) << "allocating an id changes nothing visible";
  ASSERT_TRUE(store_->put_object(0, object(id, "a")).is_ok());
  EXPECT_TRUE(moved());
  ASSERT_TRUE(store_->put_meta(0, "k", bytes("v")).is_ok());
  EXPECT_TRUE(moved());
  ASSERT_TRUE(store_->delete_object(0, id).is_ok());
  EXPECT_TRUE(moved());
  ASSERT_TRUE(store_->wipe_token(0).is_ok());
  EXPECT_TRUE(moved());
  EXPECT_FALSE(moved());
  const std::uint64_t other = store_->change_hint(1);
  ASSERT_TRUE(store_->put_meta(0, "k", bytes("w")).is_ok());
  EXPECT_EQ(store_->change_hint(1), other) << "hints are per slot";
  if (!GetParam()) {
    EXPECT_EQ(store_->change_hint(0), 5u) << "the memory store's hint is its counter";
    EXPECT_EQ(store_->change_hint(0), *store_->change_counter(0));
  }
}

TEST_P(ChangesTest, HighSlotsStillHaveAMovingHint) {
  const std::uint32_t slot = 1000;  // beyond the 64 words of the gen file
  const std::uint64_t h = store_->change_hint(slot);
  ASSERT_TRUE(store_->put_meta(slot, "k", bytes("v")).is_ok());
  EXPECT_NE(store_->change_hint(slot), h);
  EXPECT_EQ(store_->change_hint(slot), *store_->change_counter(slot));
}

INSTANTIATE_TEST_SUITE_P(Backends, ChangesTest, ::testing::Values(false, true),
                         [](const ::testing::TestParamInfo<bool>& i) { return i.param ? "Sqlite" : "Memory"; });

// ---- SQLite only: other store objects and processes, the gen file, migration ----

class SqliteChangesTest : public ::testing::Test, protected TempStoreDir {
 protected:
  void SetUp() override {
    make_temp("craton_changes_test");
    gen_path_ = db_path_ + "-gen";
  }
  void TearDown() override { remove_temp(); }
  std::unique_ptr<TokenStore> open() { return open_store(dir_); }
  void make_dir() {
    fs::create_directories(dir_);
    ::chmod(dir_.c_str(), 0700);
  }

  std::string gen_path_;
};

TEST_F(SqliteChangesTest, AnotherStoreObjectsChangesAreSeen) {
  auto mine = open();
  auto other = open();  // as another process would have
  ASSERT_TRUE(mine && other);
  Mirror cache;
  std::uint64_t since = 0;
  std::uint64_t hint = mine->change_hint(0);
  auto refresh = [&] {
    // Hint first, then the changes: a commit after the read moves the hint again.
    hint = mine->change_hint(0);
    auto c = mine->load_changes(0, since);
    ASSERT_TRUE(c.is_ok());
    apply_changes(*c, cache);
    since = c->counter;
  };

  const std::uint64_t a = *other->allocate_object_id(0);
  ASSERT_TRUE(other->put_object(0, object(a, "a")).is_ok());
  EXPECT_NE(mine->change_hint(0), hint);
  refresh();
  EXPECT_TRUE(mirrors(cache, *mine->load_objects(0)));
  EXPECT_EQ(mine->change_hint(0), hint) << "no change since the refresh";

  const std::uint64_t b = *other->allocate_object_id(0);
  ASSERT_TRUE(other->put_object(0, object(b, "b")).is_ok());
  ASSERT_TRUE(other->put_object(0, object(a, "a updated")).is_ok());
  EXPECT_NE(mine->change_hint(0), hint);
  refresh();
  EXPECT_TRUE(mirrors(cache, *other->load_objects(0)));
  EXPECT_TRUE(same(cache.at(a), object(a, "a updated")));

  ASSERT_TRUE(other->delete_object(0, a).is_ok());
  EXPECT_NE(mine->change_hint(0), hint);
  refresh();
  EXPECT_EQ(cache.size(), 1u);
  EXPECT_TRUE(mirrors(cache, *other->load_objects(0)));

  ASSERT_TRUE(other->wipe_token(0).is_ok());
  EXPECT_NE(mine->change_hint(0), hint);
  auto c = mine->load_changes(0, since);
  ASSERT_TRUE(c.is_ok());
  EXPECT_TRUE(c->full_reload);
  apply_changes(*c, cache);
  EXPECT_TRUE(cache.empty());
}

TEST_F(SqliteChangesTest, AFailedTransactionDoesNotMoveTheHint) {
  auto s = open();
  auto other = open();
  ASSERT_TRUE(s && other);
  const std::uint64_t id = *s->allocate_object_id(0);
  ASSERT_TRUE(s->put_object(0, object(id, "a")).is_ok());
  const std::uint64_t h = other->change_hint(0);
  StoredObject bad{id, {attr(CKA_ID, bytes("x")), attr(CKA_ID, bytes("y"))}};  // duplicate type
  EXPECT_FALSE(s->put_object(0, bad).is_ok());
  EXPECT_EQ(other->change_hint(0), h);
  EXPECT_EQ(s->load_changes(0, 1)->counter, 1u);
}

TEST_F(SqliteChangesTest, AnotherProcessesChangesMoveTheHintAndAreLoaded) {
  auto s = open();
  ASSERT_TRUE(s);
  const std::uint64_t keep = *s->allocate_object_id(0);
  const std::uint64_t gone = *s->allocate_object_id(0);
  ASSERT_TRUE(s->put_object(0, object(keep, "keep")).is_ok());
  ASSERT_TRUE(s->put_object(0, object(gone, "gone")).is_ok());
  const std::uint64_t since = *s->change_counter(0);
  const std::uint64_t hint = s->change_hint(0);

  ASSERT_EQ(wait_child(spawn_child("edit", dir_, std::to_string(keep) + "," + std::to_string(gone))), 0);
  EXPECT_NE(s->change_hint(0), hint) << "the child's commits reached our mapping";
  auto c = s->load_changes(0, since);
  ASSERT_TRUE(c.is_ok());
  EXPECT_FALSE(c->full_reload);
  EXPECT_EQ(c->counter, since + 3);
  ASSERT_EQ(c->changed.size(), 2u);
  EXPECT_TRUE(same(c->changed[0], object(keep, "kept, changed")));
  const std::uint64_t created = c->changed[1].id;
  EXPECT_TRUE(same(c->changed[1], object(created, "from child")));
  EXPECT_EQ(c->deleted, (std::vector<std::uint64_t>{gone}));
}

// A child keeps writing while the parent polls the hint and applies changes
// as a caching module would; when the child is done and the hint says
// nothing new, the parent's cache must equal the store.
TEST_F(SqliteChangesTest, PollingTheHintWhileAnotherProcessWritesMissesNothing) {
  auto s = open();
  ASSERT_TRUE(s);
  const pid_t pid = spawn_child("churn", dir_);
  Mirror cache;
  std::uint64_t since = 0;
  std::uint64_t hint = s->change_hint(0);
  int loads = 0;
  auto poll = [&] {
    const std::uint64_t now = s->change_hint(0);
    if (now == hint) return;
    hint = now;
    auto c = s->load_changes(0, since);
    ASSERT_TRUE(c.is_ok());
    apply_changes(*c, cache);
    since = c->counter;
    ++loads;
  };
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  int status = -1;
  while (::waitpid(pid, &status, WNOHANG) == 0 && std::chrono::steady_clock::now() < deadline) {
    poll();
    std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
  if (!WIFEXITED(status)) {  // deadline passed: do not leave the writer behind
    ::kill(pid, SIGKILL);
    ::waitpid(pid, &status, 0);
  }
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  poll();
  EXPECT_EQ(s->change_hint(0), hint);
  EXPECT_EQ(since, *s->change_counter(0));
  EXPECT_TRUE(mirrors(cache, *s->load_objects(0)));
  EXPECT_GE(loads, 1);
}

TEST_F(SqliteChangesTest, GenFileIsPrivateAndSizedForSixtyFourSlots) {
  const mode_t old = ::umask(0);
  auto s = open();
  ::umask(old);
  ASSERT_TRUE(s);
  struct stat st {};
  ASSERT_EQ(::lstat(gen_path_.c_str(), &st), 0);
  EXPECT_TRUE(S_ISREG(st.st_mode));
  EXPECT_EQ(st.st_mode & 07777, 0600u);
  EXPECT_EQ(st.st_size, 64 * 8);
  // Its words are not the counter: a fresh file starts at 0 whatever the counter.
  ASSERT_TRUE(s->put_meta(3, "k", bytes("v")).is_ok());
  std::ifstream in(gen_path_, std::ios::binary);
  std::uint64_t words[64] = {};
  in.read(reinterpret_cast<char*>(words), sizeof words);
  EXPECT_EQ(words[3], 1u);
  EXPECT_EQ(words[0], 0u);
}

TEST_F(SqliteChangesTest, AShortGenFileIsGrownNotRefused) {
  make_dir();
  std::ofstream(gen_path_, std::ios::binary) << "12345678";
  ::chmod(gen_path_.c_str(), 0600);
  auto s = open();
  ASSERT_TRUE(s);
  EXPECT_EQ(fs::file_size(gen_path_), 64u * 8);
  const std::uint64_t h = s->change_hint(63);
  ASSERT_TRUE(s->put_meta(63, "k", bytes("v")).is_ok());
  EXPECT_EQ(s->change_hint(63), h + 1);
}

// A gen file we cannot trust or map disables hints, never the store: the
// hint is then the database's change counter.
void expect_fallback(TokenStore& s, TokenStore& other) {
  EXPECT_EQ(s.change_hint(0), *s.change_counter(0));
  const std::uint64_t h = s.change_hint(0);
  ASSERT_TRUE(other.put_meta(0, "k", bytes("v")).is_ok());
  EXPECT_NE(s.change_hint(0), h);
  EXPECT_EQ(s.change_hint(0), *s.change_counter(0));
}

TEST_F(SqliteChangesTest, AWritableGenFileIsNotUsed) {
  make_dir();
  std::ofstream(gen_path_, std::ios::binary) << std::string(512, '\0');
  ASSERT_EQ(::chmod(gen_path_.c_str(), 0666), 0);
  auto s = open();
  auto other = open();
  ASSERT_TRUE(s && other);
  expect_fallback(*s, *other);
  EXPECT_EQ(fs::file_size(gen_path_), 512u);
  std::ifstream in(gen_path_, std::ios::binary);
  std::uint64_t word = 1;
  in.read(reinterpret_cast<char*>(&word), sizeof word);
  EXPECT_EQ(word, 0u) << "nobody wrote to the untrusted file";
}

TEST_F(SqliteChangesTest, AGenPathThatIsNotAFileIsNotUsed) {
  make_dir();
  ASSERT_EQ(::mkdir(gen_path_.c_str(), 0700), 0);
  auto s = open();
  auto other = open();
  ASSERT_TRUE(s && other);
  expect_fallback(*s, *other);
}

TEST_F(SqliteChangesTest, ASymlinkedGenFileIsNotFollowed) {
  make_dir();
  const std::string target = base_ + "/elsewhere";
  std::ofstream(target, std::ios::binary) << std::string(512, '\0');
  ::chmod(target.c_str(), 0600);
  fs::create_symlink(target, gen_path_);
  auto s = open();
  auto other = open();
  ASSERT_TRUE(s && other);
  expect_fallback(*s, *other);
}

// The version 1 schema as the previous release created it.
constexpr const char* kV1Store = R"sql(
PRAGMA journal_mode = WAL;
CREATE TABLE token_meta(slot INTEGER NOT NULL, key TEXT NOT NULL, value BLOB NOT NULL, PRIMARY KEY(slot, key));
CREATE TABLE objects(slot INTEGER NOT NULL, id INTEGER NOT NULL, PRIMARY KEY(slot, id));
CREATE TABLE attributes(
  slot INTEGER NOT NULL, object_id INTEGER NOT NULL, type INTEGER NOT NULL,
  encrypted INTEGER NOT NULL CHECK(encrypted IN (0, 1)), value BLOB NOT NULL,
  PRIMARY KEY(slot, object_id, type),
  FOREIGN KEY(slot, object_id) REFERENCES objects(slot, id) ON DELETE CASCADE);
CREATE TABLE counters(slot INTEGER PRIMARY KEY, next_object_id INTEGER NOT NULL, change_counter INTEGER NOT NULL);
INSERT INTO token_meta VALUES(0, 'info', x'0102');
INSERT INTO objects VALUES(0, 1), (0, 2), (5, 7), (9, 4);
INSERT INTO attributes VALUES(0, 1, 3, 0, x'6c6162656c'), (0, 1, 17, 1, x'deadbeef'), (5, 7, 3, 0, x'');
INSERT INTO counters VALUES(0, 3, 12), (5, 8, 4);
PRAGMA application_id = 1129469006;
PRAGMA user_version = 1;
)sql";

TEST_F(SqliteChangesTest, MigratesAVersion1StoreKeepingItsData) {
  make_dir();
  { std::ofstream(db_path_, std::ios::binary); }
  ::chmod(db_path_.c_str(), 0600);
  raw_exec(db_path_, kV1Store);
  ASSERT_EQ(raw_int(db_path_, "PRAGMA user_version"), 1);

  auto s = open();
  ASSERT_TRUE(s);
  EXPECT_EQ(raw_int(db_path_, "PRAGMA user_version"), 2);
  EXPECT_EQ(raw_int(db_path_, "PRAGMA application_id"), 1129469006);
  EXPECT_EQ(raw_int(db_path_, "SELECT count(*) FROM sqlite_master WHERE name IN "
                              "('tombstones', 'objects_by_version', 'tombstones_by_version')"),
            3);

  EXPECT_EQ(**s->get_meta(0, "info"), (Bytes{1, 2}));
  auto objects = s->load_objects(0);
  ASSERT_TRUE(objects.is_ok());
  ASSERT_EQ(ids(*objects), (std::vector<std::uint64_t>{1, 2}));
  EXPECT_TRUE(same((*objects)[0], StoredObject{1, {attr(3, bytes("label")), attr(17, {0xde, 0xad, 0xbe, 0xef}, true)}}));
  EXPECT_TRUE((*objects)[1].attributes.empty());
  EXPECT_EQ(s->load_objects(5)->size(), 1u);
  EXPECT_EQ(*s->change_counter(0), 12u);
  EXPECT_EQ(*s->allocate_object_id(0), 3u) << "id allocation continues";

  // No history before the migration: older callers reload, current ones do not.
  auto c = s->load_changes(0, 11);
  ASSERT_TRUE(c.is_ok());
  EXPECT_TRUE(c->full_reload);
  EXPECT_EQ(ids(c->changed), (std::vector<std::uint64_t>{1, 2}));
  c = s->load_changes(0, 12);
  EXPECT_FALSE(c->full_reload);
  EXPECT_TRUE(c->changed.empty());
  ASSERT_TRUE(s->delete_object(0, 2).is_ok());
  ASSERT_TRUE(s->put_object(0, object(3, "new")).is_ok());
  c = s->load_changes(0, 12);
  EXPECT_FALSE(c->full_reload);
  EXPECT_EQ(ids(c->changed), (std::vector<std::uint64_t>{3}));
  EXPECT_EQ(c->deleted, (std::vector<std::uint64_t>{2}));
  EXPECT_EQ(c->counter, 14u);

  // Slot 9 had an object but no counters row: it must still be loadable from 0.
  c = s->load_changes(9, 0);
  ASSERT_TRUE(c.is_ok());
  EXPECT_EQ(ids(c->changed), (std::vector<std::uint64_t>{4}));
  EXPECT_EQ(c->counter, 1u);
  EXPECT_EQ(*s->allocate_object_id(9), 5u);

  s.reset();
  EXPECT_TRUE(open()) << "a migrated store opens again without migrating";
  EXPECT_EQ(raw_int(db_path_, "PRAGMA user_version"), 2);
}

TEST_F(SqliteChangesTest, ChangeQueriesUseTheVersionIndexes) {
  ASSERT_TRUE(open());
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open_v2(db_path_.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  auto plan = [&](const char* sql) {
    std::string out;
    sqlite3_stmt* s = nullptr;
    const std::string q = std::string("EXPLAIN QUERY PLAN ") + sql;
    if (sqlite3_prepare_v2(db, q.c_str(), -1, &s, nullptr) != SQLITE_OK) return std::string("(prepare failed)");
    while (sqlite3_step(s) == SQLITE_ROW) out += reinterpret_cast<const char*>(sqlite3_column_text(s, 3)) + std::string("\n");
    sqlite3_finalize(s);
    return out;
  };
  // The statements of sqlite_store.cc.
  EXPECT_NE(plan("SELECT o.id, a.type, a.encrypted, a.value FROM objects o INDEXED BY objects_by_version "
                 "LEFT JOIN attributes a ON a.slot = o.slot AND a.object_id = o.id "
                 "WHERE o.slot = ?1 AND o.version > ?2 ORDER BY o.id, a.type")
                .find("objects_by_version (slot=? AND version>?)"),
            std::string::npos);
  EXPECT_NE(plan("SELECT id FROM tombstones WHERE slot = ?1 AND version > ?2 ORDER BY id")
                .find("tombstones_by_version (slot=? AND version>?)"),
            std::string::npos);
  sqlite3_close(db);
}

}  // namespace
}  // namespace craton::storage
