// Opens (creating if needed) the SQLite token store in directory `dir`
// (file craton_hsm.db). On failure `message` says why, for the log.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "storage/token_store.h"

namespace craton::storage {

struct SqliteStoreOptions {
  // Deletions remembered per slot for load_changes; a caller whose `since`
  // predates the oldest forgotten one gets a full reload. Tests lower it.
  std::uint64_t tombstones_kept = 10000;
};

Result<std::unique_ptr<TokenStore>> open_sqlite_store(const std::string& dir, std::string* message,
                                                      const SqliteStoreOptions& options = {});

}  // namespace craton::storage
