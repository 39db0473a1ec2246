// The persistent TokenStore: one SQLite file shared by every process that
// opens the same storage directory.
//
// Durability: the file is in WAL mode with synchronous=FULL, so the WAL is
// fsynced at every COMMIT and a call that returned CKR_OK survives a crash or
// power cut. NORMAL would only sync at checkpoints, so a power cut could roll
// back acknowledged changes - including a PIN failure counter, which would
// let an attacker reset it by cutting power.
//
// Concurrency: one connection per store object, serialised by a mutex (the
// connection is opened NOMUTEX because we lock anyway). Processes coordinate
// through SQLite's file locks: every change is one BEGIN IMMEDIATE transaction
// that waits up to busy_timeout for another writer.
//
// Change detection (docs/storage-format.md): every change transaction raises
// the slot's change_counter and stamps what it writes with the new value;
// deletions leave tombstones, so load_changes answers "what changed since
// counter N" with two indexed range reads. After each such COMMIT the writer
// bumps the slot's word in the shared craton_hsm.db-gen map (sqlite_gen.h),
// which change_hint() reads without a lock or a system call.
#include <sqlite3.h>

#include <stdlib.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <mutex>
#include <utility>

#include "core/log.h"
#include "storage/sqlite_db.h"
#include "storage/sqlite_files.h"
#include "storage/sqlite_gen.h"
#include "storage/sqlite_open.h"
#include "storage/sqlite_schema.h"

namespace craton::storage {
namespace {

using sqlite::DbHandle;
using sqlite::Statement;
using sqlite::StatementScope;

constexpr int kBusyTimeoutMs = 5000;
constexpr const char* kDbFileName = "/craton_hsm.db";
constexpr const char* kGenSuffix = "-gen";
// change_hint() after a failed counter read: a value no counter reaches, new
// each time, so a caller never mistakes the failure for "unchanged".
constexpr std::uint64_t kHintErrorBit = std::uint64_t{1} << 63;

// Every statement the store runs, prepared once when the store opens.
struct Statements {
  Statement begin, begin_read, commit, rollback;
  Statement get_meta, put_meta;
  Statement bump, read_counter, read_state, raise_reload_below;
  Statement reserve_id, read_next_id;
  Statement insert_object, clear_attributes, insert_attribute, delete_object;
  Statement insert_tombstone, drop_tombstone, prune_threshold, prune_tombstones;
  Statement load_objects, load_changed, load_deleted;
  Statement wipe_meta, wipe_objects, wipe_tombstones;
  Statement list_meta, count_rows;
};

class SqliteStore final : public TokenStore {
 public:
  SqliteStore(DbHandle db, std::string path, sqlite::GenFile gen, const SqliteStoreOptions& options)
      : db_(std::move(db)), path_(std::move(path)), gen_(std::move(gen)), options_(options) {}

  // Prepares every statement; a failure means the schema is not what we expect.
  Status prepare(std::string* message);

  Result<std::optional<Bytes>> get_meta(std::uint32_t slot, std::string_view key) override;
  Status put_meta(std::uint32_t slot, std::string_view key, ByteView value) override;
  Result<std::uint64_t> allocate_object_id(std::uint32_t slot) override;
  Status put_object(std::uint32_t slot, const StoredObject& object) override;
  Status delete_object(std::uint32_t slot, std::uint64_t id) override;
  Result<std::vector<StoredObject>> load_objects(std::uint32_t slot) override;
  Status wipe_token(std::uint32_t slot) override;
  Result<std::uint64_t> change_counter(std::uint32_t slot) override;
  Result<ObjectChanges> load_changes(std::uint32_t slot, std::uint64_t since) override;
  std::uint64_t change_hint(std::uint32_t slot) const override;
  Result<TokenSnapshot> export_token(std::uint32_t slot) override;
  Status restore_token(std::uint32_t slot, const TokenSnapshot& snapshot, bool replace) override;

 private:
  // Runs `body(version)` (returning an SQLite code) in BEGIN IMMEDIATE ...
  // COMMIT, after raising the slot's change counter to `version` (and its
  // next id to at least `min_next_id`). Anything that fails rolls the whole
  // change back; a commit bumps the slot's change hint.
  template <class Body>
  Status transact(std::uint32_t slot, std::int64_t min_next_id, const char* what, Body&& body);
  int bump_counter(std::uint32_t slot, std::int64_t min_next_id, std::int64_t* version);
  int run(Statement& s);  // runs a bound statement that returns no rows, then resets it
  int raise_reload_below(std::uint32_t slot, std::int64_t version);
  int prune_tombstones(std::uint32_t slot);
  // Appends the rows of a load statement (id, type, encrypted, value) as objects.
  int collect_objects(Statement& s, std::vector<StoredObject>* out);
  int read_changes(std::uint32_t slot, std::uint64_t since, ObjectChanges* out);
  int read_snapshot(std::uint32_t slot, TokenSnapshot* out);
  int slot_occupied(std::uint32_t slot, bool* occupied);
  int wipe_rows(std::uint32_t slot);
  int insert_attributes(std::uint32_t slot, std::int64_t id, const std::vector<StoredAttribute>& attributes);
  int write_snapshot(std::uint32_t slot, const TokenSnapshot& snapshot, std::int64_t version);
  Error fail(int rc, const char* what) { return sqlite::log_failure(db_.get(), rc, what, path_); }

  std::mutex mu_;  // guards the connection and the statements
  DbHandle db_;
  std::string path_;
  sqlite::GenFile gen_;  // set at open, then only read: change_hint needs no lock
  SqliteStoreOptions options_;
  Statements st_;
  mutable std::atomic<std::uint64_t> hint_failures_{0};
};

Status SqliteStore::prepare(std::string* message) {
  const std::pair<Statement*, const char*> table[] = {
      {&st_.begin, "BEGIN IMMEDIATE"},
      {&st_.begin_read, "BEGIN DEFERRED"},
      {&st_.commit, "COMMIT"},
      {&st_.rollback, "ROLLBACK"},
      {&st_.get_meta, "SELECT value FROM token_meta WHERE slot = ?1 AND key = ?2"},
      {&st_.put_meta,
       "INSERT INTO token_meta(slot, key, value) VALUES(?1, ?2, ?3) "
       "ON CONFLICT(slot, key) DO UPDATE SET value = excluded.value"},
      {&st_.bump,
       "INSERT INTO counters(slot, next_object_id, change_counter) VALUES(?1, ?2, 1) "
       "ON CONFLICT(slot) DO UPDATE SET change_counter = change_counter + 1, "
       "next_object_id = max(next_object_id, excluded.next_object_id) RETURNING change_counter"},
      {&st_.read_counter, "SELECT change_counter FROM counters WHERE slot = ?1"},
      {&st_.read_state, "SELECT change_counter, reload_below FROM counters WHERE slot = ?1"},
      {&st_.raise_reload_below, "UPDATE counters SET reload_below = max(reload_below, ?2) WHERE slot = ?1"},
      {&st_.reserve_id,
       "INSERT INTO counters(slot, next_object_id, change_counter) VALUES(?1, 2, 0) "
       "ON CONFLICT(slot) DO UPDATE SET next_object_id = next_object_id + 1"},
      {&st_.read_next_id, "SELECT next_object_id FROM counters WHERE slot = ?1"},
      // An upsert, not REPLACE: REPLACE would delete the row and cascade to its attributes.
      {&st_.insert_object,
       "INSERT INTO objects(slot, id, version) VALUES(?1, ?2, ?3) "
       "ON CONFLICT(slot, id) DO UPDATE SET version = excluded.version"},
      {&st_.clear_attributes, "DELETE FROM attributes WHERE slot = ?1 AND object_id = ?2"},
      {&st_.insert_attribute,
       "INSERT INTO attributes(slot, object_id, type, encrypted, value) VALUES(?1, ?2, ?3, ?4, ?5)"},
      {&st_.delete_object, "DELETE FROM objects WHERE slot = ?1 AND id = ?2"},
      {&st_.insert_tombstone,
       "INSERT INTO tombstones(slot, id, version) VALUES(?1, ?2, ?3) "
       "ON CONFLICT(slot, id) DO UPDATE SET version = excluded.version"},
      {&st_.drop_tombstone, "DELETE FROM tombstones WHERE slot = ?1 AND id = ?2"},
      // The newest tombstone beyond the ones kept; it and all older ones go.
      {&st_.prune_threshold,
       "SELECT version FROM tombstones WHERE slot = ?1 ORDER BY version DESC LIMIT 1 OFFSET ?2"},
      {&st_.prune_tombstones, "DELETE FROM tombstones WHERE slot = ?1 AND version <= ?2"},
      // LEFT JOIN keeps objects that have no attributes.
      {&st_.load_objects,
       "SELECT o.id, a.type, a.encrypted, a.value FROM objects o "
       "LEFT JOIN attributes a ON a.slot = o.slot AND a.object_id = o.id "
       "WHERE o.slot = ?1 ORDER BY o.id, a.type"},
      // INDEXED BY: left alone, the planner walks every object of the slot in
      // id order to save a sort; the version index reads only changed rows.
      {&st_.load_changed,
       "SELECT o.id, a.type, a.encrypted, a.value FROM objects o INDEXED BY objects_by_version "
       "LEFT JOIN attributes a ON a.slot = o.slot AND a.object_id = o.id "
       "WHERE o.slot = ?1 AND o.version > ?2 ORDER BY o.id, a.type"},
      {&st_.load_deleted, "SELECT id FROM tombstones WHERE slot = ?1 AND version > ?2 ORDER BY id"},
      {&st_.wipe_meta, "DELETE FROM token_meta WHERE slot = ?1"},
      {&st_.wipe_objects, "DELETE FROM objects WHERE slot = ?1"},  // attributes go by ON DELETE CASCADE
      {&st_.wipe_tombstones, "DELETE FROM tombstones WHERE slot = ?1"},
      {&st_.list_meta, "SELECT key, value FROM token_meta WHERE slot = ?1 ORDER BY key"},
      {&st_.count_rows,
       "SELECT (SELECT count(*) FROM token_meta WHERE slot = ?1) + (SELECT count(*) FROM objects WHERE slot = ?1)"},
  };
  for (const auto& [stmt, sql] : table) {
    const int rc = stmt->prepare(db_.get(), sql);
    if (rc != SQLITE_OK) {
      if (message != nullptr) {
        *message = path_ + ": schema does not match this module (" + sqlite3_errmsg(db_.get()) + ")";
      }
      return err(CKR_GENERAL_ERROR);
    }
  }
  return Status::ok();
}

int SqliteStore::run(Statement& s) {
  StatementScope scope(s);
  return s.run();
}

int SqliteStore::bump_counter(std::uint32_t slot, std::int64_t min_next_id, std::int64_t* version) {
  Statement& s = st_.bump;
  StatementScope scope(s);
  s.bind_int(1, slot);
  s.bind_int(2, min_next_id);
  // The upsert is done by the first step, which also returns the new value.
  const int rc = s.step();
  if (rc != SQLITE_ROW) return rc == SQLITE_DONE ? SQLITE_CORRUPT : rc;
  *version = s.column_int(0);
  return *version > 0 ? SQLITE_OK : SQLITE_CORRUPT;  // a tampered counter must not stamp 0 or negatives
}

int SqliteStore::raise_reload_below(std::uint32_t slot, std::int64_t version) {
  st_.raise_reload_below.bind_int(1, slot);
  st_.raise_reload_below.bind_int(2, version);
  return run(st_.raise_reload_below);
}

template <class Body>
Status SqliteStore::transact(std::uint32_t slot, std::int64_t min_next_id, const char* what, Body&& body) {
  int rc = run(st_.begin);
  if (rc != SQLITE_OK) return fail(rc, what);
  std::int64_t version = 0;
  rc = bump_counter(slot, min_next_id, &version);
  if (rc == SQLITE_OK) rc = body(version);
  if (rc == SQLITE_OK) rc = run(st_.commit);
  if (rc == SQLITE_OK) {
    // After the COMMIT: a reader that sees the new hint also sees the change.
    if (gen_.covers(slot)) gen_.bump(slot);
    return Status::ok();
  }
  const Error e = fail(rc, what);
  // SQLite may already have rolled back (e.g. on SQLITE_FULL); then there is nothing to undo.
  if (sqlite3_get_autocommit(db_.get()) == 0) (void)run(st_.rollback);
  return e;
}

Result<std::optional<Bytes>> SqliteStore::get_meta(std::uint32_t slot, std::string_view key) {
  std::lock_guard<std::mutex> lock(mu_);
  Statement& s = st_.get_meta;
  StatementScope scope(s);
  s.bind_int(1, slot);
  s.bind_text(2, key);
  const int rc = s.step();
  if (rc == SQLITE_DONE) return std::optional<Bytes>();
  if (rc != SQLITE_ROW) return fail(rc, "reading a token record");
  return std::optional<Bytes>(s.column_bytes(0));
}

Status SqliteStore::put_meta(std::uint32_t slot, std::string_view key, ByteView value) {
  std::lock_guard<std::mutex> lock(mu_);
  return transact(slot, 1, "writing a token record", [&](std::int64_t) {
    st_.put_meta.bind_int(1, slot);
    st_.put_meta.bind_text(2, key);
    st_.put_meta.bind_blob(3, value);
    return run(st_.put_meta);
  });
}

// Reserving an id changes nothing another process could see, so like the
// memory store it leaves the change counter alone; the put_object that
// follows raises it.
Result<std::uint64_t> SqliteStore::allocate_object_id(std::uint32_t slot) {
  std::lock_guard<std::mutex> lock(mu_);
  constexpr const char* kWhat = "allocating an object id";
  int rc = run(st_.begin);
  if (rc != SQLITE_OK) return fail(rc, kWhat);
  std::int64_t next = 0;
  st_.reserve_id.bind_int(1, slot);
  rc = run(st_.reserve_id);
  if (rc == SQLITE_OK) {
    StatementScope scope(st_.read_next_id);
    st_.read_next_id.bind_int(1, slot);
    rc = st_.read_next_id.step();
    if (rc == SQLITE_ROW) {
      next = st_.read_next_id.column_int(0);
      rc = next >= 2 ? SQLITE_OK : SQLITE_CORRUPT;  // a tampered counter must not hand out 0 or negatives
    } else if (rc == SQLITE_DONE) {
      rc = SQLITE_CORRUPT;
    }
  }
  if (rc == SQLITE_OK) rc = run(st_.commit);
  if (rc == SQLITE_OK) return static_cast<std::uint64_t>(next - 1);
  const Error e = fail(rc, kWhat);
  if (sqlite3_get_autocommit(db_.get()) == 0) (void)run(st_.rollback);
  return e;
}

Status SqliteStore::put_object(std::uint32_t slot, const StoredObject& object) {
  // SQLite integers are signed 64-bit; ids come from allocate_object_id and never get near this.
  if (object.id >= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) return err(CKR_GENERAL_ERROR);
  const auto id = static_cast<std::int64_t>(object.id);
  std::lock_guard<std::mutex> lock(mu_);
  // min_next_id = id + 1: an id put here is never handed out again.
  return transact(slot, id + 1, "writing a token object", [&](std::int64_t version) {
    st_.insert_object.bind_int(1, slot);
    st_.insert_object.bind_int(2, id);
    st_.insert_object.bind_int(3, version);
    int rc = run(st_.insert_object);
    if (rc != SQLITE_OK) return rc;
    // Ids are not reused, but if one is put again it is no longer deleted.
    st_.drop_tombstone.bind_int(1, slot);
    st_.drop_tombstone.bind_int(2, id);
    rc = run(st_.drop_tombstone);
    if (rc != SQLITE_OK) return rc;
    // Replace the whole attribute set: drop the old rows, insert the new ones.
    st_.clear_attributes.bind_int(1, slot);
    st_.clear_attributes.bind_int(2, id);
    rc = run(st_.clear_attributes);
    if (rc != SQLITE_OK) return rc;
    return insert_attributes(slot, id, object.attributes);
  });
}

int SqliteStore::insert_attributes(std::uint32_t slot, std::int64_t id, const std::vector<StoredAttribute>& attributes) {
  for (const StoredAttribute& a : attributes) {
    Statement& s = st_.insert_attribute;
    s.bind_int(1, slot);
    s.bind_int(2, id);
    s.bind_int(3, static_cast<std::int64_t>(a.type));  // CK_ULONG round-trips through the cast
    s.bind_int(4, a.encrypted ? 1 : 0);
    s.bind_blob(5, a.value);
    const int rc = run(s);
    if (rc != SQLITE_OK) return rc;
  }
  return SQLITE_OK;
}

Status SqliteStore::delete_object(std::uint32_t slot, std::uint64_t id) {
  std::lock_guard<std::mutex> lock(mu_);
  return transact(slot, 1, "deleting a token object", [&](std::int64_t version) {
    st_.delete_object.bind_int(1, slot);
    st_.delete_object.bind_int(2, static_cast<std::int64_t>(id));
    int rc = run(st_.delete_object);
    // Only a row that existed leaves a tombstone (cascaded attribute rows are not counted).
    if (rc != SQLITE_OK || sqlite3_changes(db_.get()) == 0) return rc;
    st_.insert_tombstone.bind_int(1, slot);
    st_.insert_tombstone.bind_int(2, static_cast<std::int64_t>(id));
    st_.insert_tombstone.bind_int(3, version);
    rc = run(st_.insert_tombstone);
    if (rc != SQLITE_OK) return rc;
    return prune_tombstones(slot);
  });
}

// Keeps the newest options_.tombstones_kept tombstones of the slot. Callers
// older than the newest one dropped can no longer learn of that deletion, so
// reload_below rises to it.
int SqliteStore::prune_tombstones(std::uint32_t slot) {
  std::int64_t threshold = 0;
  {
    Statement& s = st_.prune_threshold;
    StatementScope scope(s);
    s.bind_int(1, slot);
    s.bind_int(2, static_cast<std::int64_t>(
                      std::min<std::uint64_t>(options_.tombstones_kept, std::numeric_limits<std::int64_t>::max())));
    const int rc = s.step();
    if (rc == SQLITE_DONE) return SQLITE_OK;  // not more than the bound
    if (rc != SQLITE_ROW) return rc;
    threshold = s.column_int(0);
  }
  st_.prune_tombstones.bind_int(1, slot);
  st_.prune_tombstones.bind_int(2, threshold);
  const int rc = run(st_.prune_tombstones);
  if (rc != SQLITE_OK) return rc;
  return raise_reload_below(slot, threshold);
}

int SqliteStore::collect_objects(Statement& s, std::vector<StoredObject>* out) {
  StatementScope scope(s);
  int rc;
  while ((rc = s.step()) == SQLITE_ROW) {
    const auto id = static_cast<std::uint64_t>(s.column_int(0));
    if (out->empty() || out->back().id != id) {
      out->emplace_back();
      out->back().id = id;
    }
    if (s.column_is_null(1)) continue;  // an object without attributes
    StoredAttribute a;
    a.type = static_cast<CK_ATTRIBUTE_TYPE>(s.column_int(1));
    a.encrypted = s.column_int(2) != 0;
    a.value = s.column_bytes(3);
    out->back().attributes.push_back(std::move(a));
  }
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

Result<std::vector<StoredObject>> SqliteStore::load_objects(std::uint32_t slot) {
  std::lock_guard<std::mutex> lock(mu_);
  st_.load_objects.bind_int(1, slot);
  std::vector<StoredObject> out;
  // One statement: it reads a single consistent snapshot even while others write.
  const int rc = collect_objects(st_.load_objects, &out);
  if (rc != SQLITE_OK) return fail(rc, "loading token objects");
  return out;
}

// Runs inside one read transaction, so the counter, the objects and the
// tombstones all come from the same snapshot.
int SqliteStore::read_changes(std::uint32_t slot, std::uint64_t since, ObjectChanges* out) {
  std::int64_t counter = 0;
  std::int64_t reload_below = 0;
  {
    Statement& s = st_.read_state;
    StatementScope scope(s);
    s.bind_int(1, slot);
    const int rc = s.step();
    if (rc == SQLITE_ROW) {
      counter = s.column_int(0);
      reload_below = s.column_int(1);
    } else if (rc != SQLITE_DONE) {
      return rc;
    }
  }
  if (counter < 0 || reload_below < 0) return SQLITE_CORRUPT;
  out->counter = static_cast<std::uint64_t>(counter);
  if (since == out->counter) return SQLITE_OK;
  // A `since` ahead of the counter comes from another file (say, a restored
  // backup): nothing about it is known, as for one older than reload_below.
  out->full_reload = since > out->counter || since < static_cast<std::uint64_t>(reload_below);
  if (out->full_reload) {
    st_.load_objects.bind_int(1, slot);
    return collect_objects(st_.load_objects, &out->changed);
  }
  // since < counter <= INT64_MAX here, so the casts below are exact.
  st_.load_changed.bind_int(1, slot);
  st_.load_changed.bind_int(2, static_cast<std::int64_t>(since));
  int rc = collect_objects(st_.load_changed, &out->changed);
  if (rc != SQLITE_OK) return rc;
  Statement& d = st_.load_deleted;
  StatementScope scope(d);
  d.bind_int(1, slot);
  d.bind_int(2, static_cast<std::int64_t>(since));
  while ((rc = d.step()) == SQLITE_ROW) out->deleted.push_back(static_cast<std::uint64_t>(d.column_int(0)));
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

Result<ObjectChanges> SqliteStore::load_changes(std::uint32_t slot, std::uint64_t since) {
  std::lock_guard<std::mutex> lock(mu_);
  constexpr const char* kWhat = "loading token object changes";
  int rc = run(st_.begin_read);
  if (rc != SQLITE_OK) return fail(rc, kWhat);
  ObjectChanges out;
  rc = read_changes(slot, since, &out);
  if (rc == SQLITE_OK) rc = run(st_.commit);  // ends the read snapshot
  if (rc == SQLITE_OK) return out;
  const Error e = fail(rc, kWhat);
  if (sqlite3_get_autocommit(db_.get()) == 0) (void)run(st_.rollback);
  return e;
}

Status SqliteStore::wipe_token(std::uint32_t slot) {
  std::lock_guard<std::mutex> lock(mu_);
  // The counters row stays: ids are never reused and the counter never goes back.
  // Deleted objects leave no tombstones: reload_below sends every caller
  // older than the wipe to a full reload instead.
  return transact(slot, 1, "wiping a token", [&](std::int64_t version) {
    const int rc = wipe_rows(slot);
    if (rc != SQLITE_OK) return rc;
    return raise_reload_below(slot, version);
  });
}

int SqliteStore::wipe_rows(std::uint32_t slot) {
  st_.wipe_objects.bind_int(1, slot);
  int rc = run(st_.wipe_objects);
  if (rc != SQLITE_OK) return rc;
  st_.wipe_tombstones.bind_int(1, slot);
  rc = run(st_.wipe_tombstones);
  if (rc != SQLITE_OK) return rc;
  st_.wipe_meta.bind_int(1, slot);
  return run(st_.wipe_meta);
}

Result<std::uint64_t> SqliteStore::change_counter(std::uint32_t slot) {
  std::lock_guard<std::mutex> lock(mu_);
  Statement& s = st_.read_counter;
  StatementScope scope(s);
  s.bind_int(1, slot);
  const int rc = s.step();
  if (rc == SQLITE_DONE) return std::uint64_t{0};
  if (rc != SQLITE_ROW) return fail(rc, "reading the change counter");
  return static_cast<std::uint64_t>(s.column_int(0));
}

std::uint64_t SqliteStore::change_hint(std::uint32_t slot) const {
  if (gen_.covers(slot)) return gen_.load(slot);
  // Slow path (no gen map, or slot >= 64): the authoritative counter. The
  // store is never const itself; only this interface method is.
  auto counter = const_cast<SqliteStore*>(this)->change_counter(slot);
  if (counter.is_ok()) return *counter;
  return kHintErrorBit | hint_failures_.fetch_add(1, std::memory_order_relaxed);
}

int SqliteStore::read_snapshot(std::uint32_t slot, TokenSnapshot* out) {
  {
    Statement& s = st_.list_meta;
    StatementScope scope(s);
    s.bind_int(1, slot);
    int rc;
    while ((rc = s.step()) == SQLITE_ROW) {
      const Bytes key = s.column_bytes(0);
      out->meta.emplace_back(std::string(key.begin(), key.end()), s.column_bytes(1));
    }
    if (rc != SQLITE_DONE) return rc;
  }
  st_.load_objects.bind_int(1, slot);
  return collect_objects(st_.load_objects, &out->objects);
}

Result<TokenSnapshot> SqliteStore::export_token(std::uint32_t slot) {
  std::lock_guard<std::mutex> lock(mu_);
  constexpr const char* kWhat = "reading a token for a backup";
  // One read transaction: the records and the objects come from the same snapshot.
  int rc = run(st_.begin_read);
  if (rc != SQLITE_OK) return fail(rc, kWhat);
  TokenSnapshot out;
  rc = read_snapshot(slot, &out);
  if (rc == SQLITE_OK) rc = run(st_.commit);
  if (rc == SQLITE_OK) return out;
  const Error e = fail(rc, kWhat);
  if (sqlite3_get_autocommit(db_.get()) == 0) (void)run(st_.rollback);
  return e;
}

int SqliteStore::slot_occupied(std::uint32_t slot, bool* occupied) {
  Statement& s = st_.count_rows;
  StatementScope scope(s);
  s.bind_int(1, slot);
  const int rc = s.step();
  if (rc != SQLITE_ROW) return rc == SQLITE_DONE ? SQLITE_CORRUPT : rc;
  *occupied = s.column_int(0) != 0;
  return SQLITE_OK;
}

// Wipes the slot and writes the snapshot's rows, every object stamped with
// `version`; reload_below = version, as after wipe_token.
int SqliteStore::write_snapshot(std::uint32_t slot, const TokenSnapshot& snapshot, std::int64_t version) {
  int rc = wipe_rows(slot);
  for (const auto& [key, value] : snapshot.meta) {
    if (rc != SQLITE_OK) return rc;
    st_.put_meta.bind_int(1, slot);
    st_.put_meta.bind_text(2, key);
    st_.put_meta.bind_blob(3, value);
    rc = run(st_.put_meta);
  }
  for (const StoredObject& o : snapshot.objects) {
    if (rc != SQLITE_OK) return rc;
    const auto id = static_cast<std::int64_t>(o.id);
    st_.insert_object.bind_int(1, slot);
    st_.insert_object.bind_int(2, id);
    st_.insert_object.bind_int(3, version);
    rc = run(st_.insert_object);
    if (rc == SQLITE_OK) rc = insert_attributes(slot, id, o.attributes);
  }
  if (rc != SQLITE_OK) return rc;
  return raise_reload_below(slot, version);
}

Status SqliteStore::restore_token(std::uint32_t slot, const TokenSnapshot& snapshot, bool replace) {
  std::int64_t min_next_id = 1;
  for (const StoredObject& o : snapshot.objects) {
    if (o.id == 0 || o.id >= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
      return err(CKR_ARGUMENTS_BAD);
    min_next_id = std::max(min_next_id, static_cast<std::int64_t>(o.id) + 1);
  }
  std::lock_guard<std::mutex> lock(mu_);
  constexpr const char* kWhat = "restoring a token";
  // Not transact(): the occupancy check must be able to refuse without
  // logging a store failure, inside the same write lock as the change.
  int rc = run(st_.begin);
  if (rc != SQLITE_OK) return fail(rc, kWhat);
  bool occupied = false;
  rc = slot_occupied(slot, &occupied);
  if (rc == SQLITE_OK && occupied && !replace) {
    rc = run(st_.rollback);
    if (rc != SQLITE_OK) return fail(rc, kWhat);
    return err(CKR_FUNCTION_REJECTED);
  }
  std::int64_t version = 0;
  if (rc == SQLITE_OK) rc = bump_counter(slot, min_next_id, &version);
  if (rc == SQLITE_OK) rc = write_snapshot(slot, snapshot, version);
  if (rc == SQLITE_OK) rc = run(st_.commit);
  if (rc == SQLITE_OK) {
    if (gen_.covers(slot)) gen_.bump(slot);
    return Status::ok();
  }
  const Error e = fail(rc, kWhat);
  if (sqlite3_get_autocommit(db_.get()) == 0) (void)run(st_.rollback);
  return e;
}

Error refuse(std::string* message, const std::string& path, const std::string& why) {
  if (message != nullptr) *message = path + ": " + why;
  return err(CKR_GENERAL_ERROR);
}

// Says what an SQLite failure at open time means for this file.
Error open_failure(sqlite3* db, int rc, const std::string& path, const char* step, std::string* message) {
  if ((rc & 0xff) == SQLITE_NOTADB) return refuse(message, path, "is not an SQLite database");
  if ((rc & 0xff) == SQLITE_CORRUPT) {
    return refuse(message, path, "is damaged (truncated or corrupt); restore it from a backup");
  }
  const char* reason = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  return refuse(message, path, std::string(step) + " failed: " + reason);
}

// PRAGMA quick_check answers a single "ok" row for a sound file.
Status quick_check(sqlite3* db, const std::string& path, std::string* message) {
  Statement s;
  int rc = s.prepare(db, "PRAGMA quick_check");
  if (rc == SQLITE_OK) rc = s.step();
  if (rc != SQLITE_ROW) return open_failure(db, rc, path, "integrity check", message);
  const Bytes first = s.column_bytes(0);
  const std::string_view ok = "ok";
  if (!std::equal(first.begin(), first.end(), ok.begin(), ok.end())) {
    return refuse(message, path, "is damaged (integrity check failed); restore it from a backup");
  }
  return Status::ok();
}

// Connection settings; see the top of this file for why each one.
Status configure(sqlite3* db, const std::string& path, std::string* message) {
  int rc = sqlite3_busy_timeout(db, kBusyTimeoutMs);
  // DEFENSIVE: no writable_schema tricks that could corrupt the file from SQL.
  if (rc == SQLITE_OK) rc = sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
  if (rc == SQLITE_OK) rc = sqlite::exec(db, "PRAGMA trusted_schema = OFF");
  if (rc != SQLITE_OK) return open_failure(db, rc, path, "configuring the connection", message);
  TRY_STATUS(quick_check(db, path, message));
  Statement wal;
  rc = wal.prepare(db, "PRAGMA journal_mode = WAL");
  if (rc == SQLITE_OK) rc = wal.step();
  if (rc != SQLITE_ROW) return open_failure(db, rc, path, "switching to WAL mode", message);
  const Bytes mode = wal.column_bytes(0);
  const std::string_view want = "wal";
  if (!std::equal(mode.begin(), mode.end(), want.begin(), want.end())) {
    return refuse(message, path, "cannot use WAL journal mode");
  }
  wal.reset();
  rc = sqlite::exec(db, "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;");
  if (rc != SQLITE_OK) return open_failure(db, rc, path, "setting pragmas", message);
  return Status::ok();
}

}  // namespace

Result<std::unique_ptr<TokenStore>> open_sqlite_store(const std::string& dir, std::string* message,
                                                      const SqliteStoreOptions& options) {
  // We share one file between processes and threads: SQLite must be built thread-safe.
  if (sqlite3_threadsafe() == 0) return refuse(message, dir, "the SQLite library was built without thread safety");
  TRY_STATUS(sqlite::ensure_private_dir(dir, message));
  // SQLite's NOFOLLOW refuses a symlink anywhere in the path, and deployments
  // may symlink the directory: resolve it, so only the file itself must not be one.
  char* resolved = ::realpath(dir.c_str(), nullptr);
  if (resolved == nullptr) return refuse(message, dir, std::string("cannot resolve the path: ") + std::strerror(errno));
  const std::string path = std::string(resolved) + kDbFileName;
  std::free(resolved);
  TRY_STATUS(sqlite::ensure_private_file(path, message));
  TRY_STATUS(sqlite::check_side_file(path + "-wal", message));
  TRY_STATUS(sqlite::check_side_file(path + "-shm", message));

  sqlite3* raw = nullptr;
  // No SQLITE_OPEN_CREATE: we created the file with the right mode above.
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_NOFOLLOW | SQLITE_OPEN_EXRESCODE;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  DbHandle db(raw);
  if (rc != SQLITE_OK) return open_failure(db.get(), rc, path, "opening", message);
  TRY_STATUS(configure(db.get(), path, message));
  TRY_STATUS(sqlite::ensure_schema(db.get(), path, message));

  // After the schema: a store we refused never creates the gen file.
  auto store = std::make_unique<SqliteStore>(std::move(db), path, sqlite::GenFile::open(path + kGenSuffix), options);
  TRY_STATUS(store->prepare(message));
  log::debug("token store opened: " + path);
  return std::unique_ptr<TokenStore>(std::move(store));
}

}  // namespace craton::storage
