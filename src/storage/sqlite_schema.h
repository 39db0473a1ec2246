// The SQLite store's schema and its forward migrations. The version lives in
// PRAGMA user_version (written in the same transaction as the migration that
// reaches it) and PRAGMA application_id marks the file as ours.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <string>

#include "core/result.h"

namespace craton::storage::sqlite {

inline constexpr std::int64_t kSchemaVersion = 2;
inline constexpr std::int64_t kApplicationId = 0x4352544E;  // "CRTN"

// Brings an open database to kSchemaVersion, migrating forward under a write
// lock so two processes never migrate at once. Refuses a newer version, an
// SQLite file of another application, and schemas carrying triggers or views.
Status ensure_schema(sqlite3* db, const std::string& path, std::string* message);

}  // namespace craton::storage::sqlite
