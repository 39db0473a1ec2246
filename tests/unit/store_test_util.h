// Helpers for the token-store unit tests: stored attributes, and raw SQL on a
// store file through a connection of its own (as another process would).
#pragma once

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>

#include "storage/sqlite_open.h"
#include "storage/token_store.h"

namespace craton::storage::storetest {

inline Bytes bytes(std::string_view s) { return Bytes(s.begin(), s.end()); }

inline StoredAttribute attr(CK_ATTRIBUTE_TYPE type, Bytes value, bool encrypted = false) {
  StoredAttribute a;
  a.type = type;
  a.encrypted = encrypted;
  a.value = std::move(value);
  return a;
}

// Runs SQL on the store file through a separate raw connection.
inline void raw_exec(const std::string& path, const char* sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr), SQLITE_OK);
  sqlite3_busy_timeout(db, 5000);
  char* msg = nullptr;
  const int rc = sqlite3_exec(db, sql, nullptr, nullptr, &msg);
  const std::string text = msg != nullptr ? msg : "";
  sqlite3_free(msg);
  sqlite3_close(db);
  ASSERT_EQ(rc, SQLITE_OK) << text;
}

// The first column of the first row of a query, read-only; -1 on any error.
inline std::int64_t raw_int(const std::string& path, const char* sql) {
  sqlite3* db = nullptr;
  std::int64_t n = -1;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(db, sql, -1, &s, nullptr) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW) {
      n = sqlite3_column_int64(s, 0);
    }
    sqlite3_finalize(s);
  }
  sqlite3_close(db);
  return n;
}

// Opens the SQLite store in `dir`; null (and a test failure) if it will not.
inline std::unique_ptr<TokenStore> open_store(const std::string& dir, const SqliteStoreOptions& options = {}) {
  std::string msg;
  auto r = open_sqlite_store(dir, &msg, options);
  EXPECT_TRUE(r.is_ok()) << msg;
  return r.is_ok() ? std::move(r).value() : nullptr;
}

// A fresh temporary directory per test, for fixtures to mix in: base_ is
// made by make_temp and removed with all it holds by remove_temp; dir_ =
// base_/store is left for the test (or the store) to create; db_path_ is the
// SQLite file in it.
class TempStoreDir {
 protected:
  void make_temp(const std::string& prefix) {
    std::string tmpl = "/tmp/" + prefix + "_XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    base_ = tmpl;
    dir_ = base_ + "/store";
    db_path_ = dir_ + "/craton_hsm.db";
  }
  void remove_temp() {
    std::error_code ec;
    std::filesystem::remove_all(base_, ec);
  }

  std::string base_, dir_, db_path_;
};

}  // namespace craton::storage::storetest
