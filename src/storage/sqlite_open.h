// Opens (creating if needed) the SQLite token store in directory `dir`
// (file craton_hsm.db). On failure `message` says why, for the log.
#pragma once

#include <memory>
#include <string>

#include "storage/token_store.h"

namespace craton::storage {

Result<std::unique_ptr<TokenStore>> open_sqlite_store(const std::string& dir, std::string* message);

}  // namespace craton::storage
