#include "storage/sqlite_db.h"

#include "core/log.h"

namespace craton::storage::sqlite {

CK_RV rv_for(int rc) {
  switch (rc & 0xff) {
    case SQLITE_OK:
    case SQLITE_ROW:
    case SQLITE_DONE:
      return CKR_OK;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return CKR_FUNCTION_FAILED;  // another process held the lock past busy_timeout
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
    case SQLITE_CANTOPEN:
    case SQLITE_PROTOCOL:
    case SQLITE_READONLY:
    case SQLITE_PERM:
      return CKR_DEVICE_ERROR;
    case SQLITE_NOMEM:
      return CKR_HOST_MEMORY;
    case SQLITE_TOOBIG:
      return CKR_DEVICE_MEMORY;
    default:
      return CKR_GENERAL_ERROR;
  }
}

bool is_corruption(int rc) {
  const int primary = rc & 0xff;
  return primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB;
}

Error log_failure(sqlite3* db, int rc, std::string_view what, const std::string& file) {
  std::string line = "token store ";
  line += file;
  line += ": ";
  line += what;
  line += " failed: ";
  line += sqlite3_errstr(rc);
  // errmsg names tables/columns at most: every value is a bound parameter.
  if (db != nullptr && sqlite3_errcode(db) == rc) {
    line += " (";
    line += sqlite3_errmsg(db);
    line += ")";
  }
  if (is_corruption(rc)) line += "; the database file is damaged, restore it from a backup";
  const CK_RV rv = rv_for(rc);
  if (rv == CKR_FUNCTION_FAILED) {
    log::warn(line);
  } else {
    log::error(line);
  }
  return err(rv);
}

int Statement::prepare(sqlite3* db, std::string_view sql) {
  sqlite3_stmt* raw = nullptr;
  // PERSISTENT: the statement lives as long as the store, not one call.
  const int rc = sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &raw,
                                    nullptr);
  stmt_.reset(raw);
  if (rc == SQLITE_OK && raw == nullptr) return SQLITE_MISUSE;  // empty SQL text
  return rc;
}

void Statement::bind_int(int index, std::int64_t value) {
  const int rc = sqlite3_bind_int64(stmt_.get(), index, value);
  if (bind_rc_ == SQLITE_OK) bind_rc_ = rc;
}

void Statement::bind_blob(int index, ByteView value) {
  // A null pointer would bind SQL NULL; an empty attribute is a zero-length blob.
  const int rc = value.empty()
                     ? sqlite3_bind_zeroblob(stmt_.get(), index, 0)
                     : sqlite3_bind_blob64(stmt_.get(), index, value.data(), value.size(), SQLITE_STATIC);
  if (bind_rc_ == SQLITE_OK) bind_rc_ = rc;
}

void Statement::bind_text(int index, std::string_view value) {
  const char* p = value.empty() ? "" : value.data();
  const int rc = sqlite3_bind_text64(stmt_.get(), index, p, value.size(), SQLITE_STATIC, SQLITE_UTF8);
  if (bind_rc_ == SQLITE_OK) bind_rc_ = rc;
}

int Statement::step() {
  if (bind_rc_ != SQLITE_OK) return bind_rc_;
  return sqlite3_step(stmt_.get());
}

int Statement::run() {
  const int rc = step();
  if (rc == SQLITE_DONE || rc == SQLITE_ROW) return SQLITE_OK;
  return rc;
}

bool Statement::column_is_null(int col) const { return sqlite3_column_type(stmt_.get(), col) == SQLITE_NULL; }

std::int64_t Statement::column_int(int col) const { return sqlite3_column_int64(stmt_.get(), col); }

Bytes Statement::column_bytes(int col) const {
  // blob first, then bytes: the documented order that avoids a re-conversion.
  const auto* p = static_cast<const std::uint8_t*>(sqlite3_column_blob(stmt_.get(), col));
  const int n = sqlite3_column_bytes(stmt_.get(), col);
  if (p == nullptr || n <= 0) return Bytes();
  return Bytes(p, p + n);
}

void Statement::reset() noexcept {
  if (!stmt_) return;
  sqlite3_reset(stmt_.get());
  sqlite3_clear_bindings(stmt_.get());
  bind_rc_ = SQLITE_OK;
}

int exec(sqlite3* db, const char* sql) { return sqlite3_exec(db, sql, nullptr, nullptr, nullptr); }

}  // namespace craton::storage::sqlite
