#include "storage/sqlite_files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace craton::storage::sqlite {
namespace {

Error refuse(std::string* message, const std::string& path, const std::string& why) {
  if (message != nullptr) *message = path + ": " + why;
  return err(CKR_GENERAL_ERROR);
}

std::string errno_text(int e) { return std::strerror(e); }

std::string octal_mode(mode_t mode) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%04o", static_cast<unsigned>(mode & 07777));
  return buf;
}

// Owner and permission rules shared by the directory and the files.
Status check_owner_and_mode(const struct stat& st, const std::string& path, std::string* message) {
  if (st.st_uid != geteuid()) {
    return refuse(message, path,
                  "is owned by uid " + std::to_string(st.st_uid) + ", not by this process (uid " +
                      std::to_string(geteuid()) + "); refusing to use it");
  }
  if ((st.st_mode & 022) != 0) {
    return refuse(message, path,
                  "is writable by group or others (mode " + octal_mode(st.st_mode) +
                      "); refusing to use it (chmod go-w)");
  }
  return Status::ok();
}

// mkdir that ignores an existing entry; what we create gets exactly 0700.
Status make_dir(const std::string& path, std::string* message) {
  if (::mkdir(path.c_str(), 0700) == 0) {
    if (::chmod(path.c_str(), 0700) != 0) return refuse(message, path, "cannot set mode 0700: " + errno_text(errno));
    return Status::ok();
  }
  const int e = errno;
  struct stat st {};
  // An existing directory may answer EACCES rather than EEXIST for a parent we cannot write.
  if (e == EEXIST || (::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode))) return Status::ok();
  return refuse(message, path, "cannot create directory: " + errno_text(e));
}

// Makes a durable directory entry for a file we just created.
void sync_parent(const std::string& path) {
  const auto slash = path.find_last_of('/');
  const std::string parent = slash == std::string::npos ? "." : (slash == 0 ? "/" : path.substr(0, slash));
  const int fd = ::open(parent.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  (void)::fsync(fd);
  ::close(fd);
}

Status check_open_file(int fd, const std::string& path, std::string* message) {
  struct stat st {};
  if (::fstat(fd, &st) != 0) return refuse(message, path, "cannot stat: " + errno_text(errno));
  if (!S_ISREG(st.st_mode)) return refuse(message, path, "is not a regular file");
  return check_owner_and_mode(st, path, message);
}

Status open_error(int e, const std::string& path, std::string* message) {
  if (e == ELOOP) return refuse(message, path, "is a symbolic link; refusing to follow it");
  return refuse(message, path, "cannot open: " + errno_text(e));
}

}  // namespace

Status ensure_private_dir(const std::string& dir, std::string* message) {
  if (dir.empty()) return refuse(message, "(empty)", "storage directory is not set");
  // Create each missing component, like mkdir -p.
  for (std::size_t pos = dir.find('/', 1); pos != std::string::npos; pos = dir.find('/', pos + 1)) {
    TRY_STATUS(make_dir(dir.substr(0, pos), message));
  }
  TRY_STATUS(make_dir(dir, message));
  struct stat st {};
  if (::stat(dir.c_str(), &st) != 0) return refuse(message, dir, "cannot stat: " + errno_text(errno));
  if (!S_ISDIR(st.st_mode)) return refuse(message, dir, "is not a directory");
  return check_owner_and_mode(st, dir, message);
}

Status ensure_private_file(const std::string& path, std::string* message) {
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd >= 0) {
    // The umask may have removed bits we need; set exactly 0600.
    const bool ok = ::fchmod(fd, 0600) == 0 && ::fsync(fd) == 0;
    const int e = errno;
    ::close(fd);
    if (!ok) return refuse(message, path, "cannot set mode 0600: " + errno_text(e));
    sync_parent(path);
    return Status::ok();
  }
  if (errno != EEXIST) return open_error(errno, path, message);
  // O_NONBLOCK: a FIFO planted in place of the file must not hang us.
  fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
  if (fd < 0) return open_error(errno, path, message);
  Status st = check_open_file(fd, path, message);
  ::close(fd);
  return st;
}

Status check_side_file(const std::string& path, std::string* message) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
  if (fd < 0) {
    if (errno == ENOENT) return Status::ok();
    return open_error(errno, path, message);
  }
  Status st = check_open_file(fd, path, message);
  ::close(fd);
  return st;
}

Result<int> open_private_file(const std::string& path, std::string* message) {
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd >= 0) {
    // The umask may have removed bits we need; set exactly 0600.
    if (::fchmod(fd, 0600) != 0) {
      const int e = errno;
      ::close(fd);
      return refuse(message, path, "cannot set mode 0600: " + errno_text(e));
    }
  } else {
    if (errno != EEXIST) return open_error(errno, path, message);
    fd = ::open(path.c_str(), O_RDWR | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    if (fd < 0) return open_error(errno, path, message);
  }
  // Checked on the descriptor we keep, so a swap after the check cannot matter.
  Status st = check_open_file(fd, path, message);
  if (!st.is_ok()) {
    ::close(fd);
    return st.error();
  }
  return fd;
}

}  // namespace craton::storage::sqlite
