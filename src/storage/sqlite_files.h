// File-system checks done before SQLite touches the store: the directory and
// the database file must belong to us and be writable by nobody else, since
// whoever can write them can replace wrapped keys or roll back PIN counters.
#pragma once

#include <string>

#include "core/result.h"

namespace craton::storage::sqlite {

// Creates `dir` (and missing parents) with mode 0700 whatever the umask, then
// checks it is a directory owned by the effective uid without group/other write.
Status ensure_private_dir(const std::string& dir, std::string* message);

// Creates `path` with mode 0600 (umask-safe) if it does not exist; then checks
// it is a regular file (not a symlink) owned by us without group/other write.
Status ensure_private_file(const std::string& path, std::string* message);

// Checks an SQLite side file (-wal, -shm) the same way if it exists.
Status check_side_file(const std::string& path, std::string* message);

// Opens `path` read-write, creating it with mode 0600 if missing, and applies
// the checks of ensure_private_file to the opened descriptor. Returns the fd
// (O_CLOEXEC; the caller closes it).
Result<int> open_private_file(const std::string& path, std::string* message);

}  // namespace craton::storage::sqlite
