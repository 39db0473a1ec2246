// Thin RAII layer over the sqlite3 C API: the connection handle, prepared
// statements that are reset after every use, and the one place where SQLite
// result codes become CK_RVs. Used only inside storage/.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/result.h"
#include "core/secure_memory.h"

namespace craton::storage::sqlite {

struct DbCloser {
  // close_v2 never fails on a busy connection: it defers until statements finish.
  void operator()(sqlite3* db) const noexcept { sqlite3_close_v2(db); }
};
using DbHandle = std::unique_ptr<sqlite3, DbCloser>;

// CK_RV for an SQLite result code (primary or extended):
// busy/locked -> CKR_FUNCTION_FAILED, I/O, full, corrupt -> CKR_DEVICE_ERROR.
CK_RV rv_for(int rc);

// True for the codes that mean the file itself is damaged or not ours.
bool is_corruption(int rc);

// Logs which operation failed on which file and why (SQLite's reason, never a
// bound value) and returns the matching error.
Error log_failure(sqlite3* db, int rc, std::string_view what, const std::string& file);

// A statement prepared once per connection. Binding errors are remembered and
// reported by step(), so call sites can bind without checking each call.
class Statement {
 public:
  Statement() = default;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  int prepare(sqlite3* db, std::string_view sql);

  void bind_int(int index, std::int64_t value);
  void bind_blob(int index, ByteView value);  // empty -> zero-length blob, not NULL
  void bind_text(int index, std::string_view value);

  int step();  // SQLITE_ROW, SQLITE_DONE or an error code
  // Steps a statement that returns no rows; SQLITE_OK on success.
  int run();

  bool column_is_null(int col) const;
  std::int64_t column_int(int col) const;
  Bytes column_bytes(int col) const;

  void reset() noexcept;

 private:
  struct Finalizer {
    void operator()(sqlite3_stmt* s) const noexcept { sqlite3_finalize(s); }
  };
  std::unique_ptr<sqlite3_stmt, Finalizer> stmt_;
  int bind_rc_ = SQLITE_OK;
};

// Resets a statement when the scope ends, so an early return never leaves it
// mid-step (which would keep a read transaction open).
class StatementScope {
 public:
  explicit StatementScope(Statement& s) : s_(s) {}
  ~StatementScope() { s_.reset(); }
  StatementScope(const StatementScope&) = delete;
  StatementScope& operator=(const StatementScope&) = delete;

 private:
  Statement& s_;
};

// Runs SQL text without results (schema scripts, pragmas that set values).
int exec(sqlite3* db, const char* sql);

}  // namespace craton::storage::sqlite
