#include "storage/sqlite_schema.h"

#include <array>
#include <cstdio>

#include "storage/sqlite_db.h"

namespace craton::storage::sqlite {
namespace {

// Version 1. Values are opaque blobs (sensitive ones already sealed by the
// vault); `encrypted` only tells the module which ones to open.
constexpr const char* kSchemaV1 = R"sql(
CREATE TABLE token_meta(
  slot INTEGER NOT NULL,
  key TEXT NOT NULL,
  value BLOB NOT NULL,
  PRIMARY KEY(slot, key)
);
CREATE TABLE objects(
  slot INTEGER NOT NULL,
  id INTEGER NOT NULL,
  PRIMARY KEY(slot, id)
);
CREATE TABLE attributes(
  slot INTEGER NOT NULL,
  object_id INTEGER NOT NULL,
  type INTEGER NOT NULL,
  encrypted INTEGER NOT NULL CHECK(encrypted IN (0, 1)),
  value BLOB NOT NULL,
  PRIMARY KEY(slot, object_id, type),
  FOREIGN KEY(slot, object_id) REFERENCES objects(slot, id) ON DELETE CASCADE
);
CREATE TABLE counters(
  slot INTEGER PRIMARY KEY,
  next_object_id INTEGER NOT NULL,
  change_counter INTEGER NOT NULL
);
)sql";

int migrate_0_to_1(sqlite3* db) { return exec(db, kSchemaV1); }

// Version 2: change tracking for load_changes. objects.version is the slot's
// change_counter of the transaction that last wrote the object; tombstones
// remember deletions; counters.reload_below says that callers whose `since`
// is older must reload everything (set by wipes and tombstone pruning).
// Migrated stores have no history: every object gets the current counter and
// reload_below starts there, so only callers already at it avoid a reload.
// A slot with objects but no counters row (never written by us, but cheap to
// cover) gets one at counter 1, so no object keeps version 0, which
// load_changes(slot, 0) would not return.
constexpr const char* kMigrateV1ToV2 = R"sql(
INSERT INTO counters(slot, next_object_id, change_counter)
  SELECT slot, max(id) + 1, 1 FROM objects WHERE slot NOT IN (SELECT slot FROM counters) GROUP BY slot;
ALTER TABLE objects ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
UPDATE objects SET version = coalesce((SELECT c.change_counter FROM counters c WHERE c.slot = objects.slot), 0);
ALTER TABLE counters ADD COLUMN reload_below INTEGER NOT NULL DEFAULT 0;
UPDATE counters SET reload_below = change_counter;
CREATE TABLE tombstones(
  slot INTEGER NOT NULL,
  id INTEGER NOT NULL,
  version INTEGER NOT NULL,
  PRIMARY KEY(slot, id)
);
CREATE INDEX objects_by_version ON objects(slot, version);
CREATE INDEX tombstones_by_version ON tombstones(slot, version);
)sql";

int migrate_1_to_2(sqlite3* db) { return exec(db, kMigrateV1ToV2); }

// kMigrations[v] takes the schema from version v to v + 1. A later version
// appends one function here and raises kSchemaVersion.
using Migration = int (*)(sqlite3* db);
constexpr std::array<Migration, kSchemaVersion> kMigrations = {&migrate_0_to_1, &migrate_1_to_2};

struct Header {
  std::int64_t application_id = 0;
  std::int64_t version = 0;
};

Error refuse(std::string* message, const std::string& path, const std::string& why) {
  if (message != nullptr) *message = path + ": " + why;
  return err(CKR_GENERAL_ERROR);
}

Error sqlite_refuse(sqlite3* db, int rc, std::string* message, const std::string& path, const char* what) {
  std::string why = std::string(what) + ": " + sqlite3_errstr(rc) + " (" + sqlite3_errmsg(db) + ")";
  return refuse(message, path, why);
}

// Reads one integer from a statement such as a PRAGMA or a count.
int read_int(sqlite3* db, const char* sql, std::int64_t* out) {
  Statement s;
  int rc = s.prepare(db, sql);
  if (rc != SQLITE_OK) return rc;
  rc = s.step();
  if (rc != SQLITE_ROW) return rc == SQLITE_DONE ? SQLITE_CORRUPT : rc;
  *out = s.column_int(0);
  return SQLITE_OK;
}

int read_header(sqlite3* db, Header* h) {
  int rc = read_int(db, "PRAGMA application_id", &h->application_id);
  if (rc == SQLITE_OK) rc = read_int(db, "PRAGMA user_version", &h->version);
  return rc;
}

Status check_header(const Header& h, const std::string& path, std::string* message) {
  if (h.version > kSchemaVersion) {
    return refuse(message, path,
                  "schema version " + std::to_string(h.version) + " is newer than this module supports (" +
                      std::to_string(kSchemaVersion) + "); use a newer Craton HSM");
  }
  if (h.version < 0) return refuse(message, path, "invalid schema version " + std::to_string(h.version));
  const bool ours = h.application_id == kApplicationId;
  if (!ours && (h.application_id != 0 || h.version != 0)) {
    return refuse(message, path, "is an SQLite database of another application, not a Craton HSM store");
  }
  return Status::ok();
}

// Triggers or views in our file could run code on our writes; we never create any.
Status check_no_code(sqlite3* db, const std::string& path, std::string* message) {
  std::int64_t n = 0;
  const int rc = read_int(db, "SELECT count(*) FROM sqlite_master WHERE type IN ('trigger', 'view')", &n);
  if (rc != SQLITE_OK) return sqlite_refuse(db, rc, message, path, "cannot read the schema");
  if (n != 0) return refuse(message, path, "contains triggers or views that Craton HSM never creates; refusing it");
  return Status::ok();
}

// Runs inside BEGIN IMMEDIATE: re-reads the header another process may have
// just migrated, then applies the missing steps.
Status migrate_locked(sqlite3* db, const std::string& path, std::string* message) {
  Header h;
  int rc = read_header(db, &h);
  if (rc != SQLITE_OK) return sqlite_refuse(db, rc, message, path, "cannot read the schema version");
  TRY_STATUS(check_header(h, path, message));
  if (h.version == 0) {
    std::int64_t n = 0;
    rc = read_int(db, "SELECT count(*) FROM sqlite_master", &n);
    if (rc != SQLITE_OK) return sqlite_refuse(db, rc, message, path, "cannot read the schema");
    if (n != 0) return refuse(message, path, "holds tables of another application, not a Craton HSM store");
  }
  for (std::int64_t v = h.version; v < kSchemaVersion; ++v) {
    rc = kMigrations[static_cast<std::size_t>(v)](db);
    if (rc != SQLITE_OK) {
      const std::string what = "migration to schema version " + std::to_string(v + 1) + " failed";
      return sqlite_refuse(db, rc, message, path, what.c_str());
    }
  }
  char sql[96];
  std::snprintf(sql, sizeof sql, "PRAGMA application_id = %lld; PRAGMA user_version = %lld;",
                static_cast<long long>(kApplicationId), static_cast<long long>(kSchemaVersion));
  rc = exec(db, sql);
  if (rc != SQLITE_OK) return sqlite_refuse(db, rc, message, path, "cannot record the schema version");
  return Status::ok();
}

}  // namespace

Status ensure_schema(sqlite3* db, const std::string& path, std::string* message) {
  Header h;
  int rc = read_header(db, &h);
  if (rc != SQLITE_OK) return sqlite_refuse(db, rc, message, path, "cannot read the schema version");
  TRY_STATUS(check_header(h, path, message));
  if (h.version < kSchemaVersion) {
    rc = exec(db, "BEGIN IMMEDIATE");
    if (rc != SQLITE_OK) return sqlite_refuse(db, rc, message, path, "cannot lock the database to create its schema");
    Status st = migrate_locked(db, path, message);
    if (st.is_ok()) {
      rc = exec(db, "COMMIT");
      if (rc != SQLITE_OK) st = sqlite_refuse(db, rc, message, path, "cannot commit the schema");
    }
    if (!st.is_ok() && sqlite3_get_autocommit(db) == 0) (void)exec(db, "ROLLBACK");
    TRY_STATUS(st);
  }
  return check_no_code(db, path, message);
}

}  // namespace craton::storage::sqlite
