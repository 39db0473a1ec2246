#include "backup_command.h"

#include <CLI/CLI.hpp>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <exception>
#include <memory>
#include <stdexcept>
#include <string>

#include "config/config.h"
#include "module/token_backup.h"
#include "secret_input.h"
#include "storage/sqlite_open.h"

namespace craton::admin {
namespace {

constexpr int kExitOk = 0;
constexpr int kExitBadBackup = 2;
constexpr int kExitOther = 3;
constexpr const char* kPassphraseEnv = "CRATON_BACKUP_PASSPHRASE";

struct BackupOptions {
  unsigned long slot = 0;
  std::string file;  // --out for backup, --in for restore
  std::string store;
  std::string passphrase_file;
  std::uint32_t iterations = module::kBackupDefaultIterations;
  bool force = false;
};

// A refused backup file or option: its own exit status (2).
struct BackupRefused : std::runtime_error {
  using std::runtime_error::runtime_error;
};

std::string errno_text() { return std::strerror(errno); }

// The store the module would use (craton_hsm.toml found as the module finds
// it), or --store DIR. Only the sqlite backend persists anything.
std::string store_dir(const BackupOptions& opt, bool must_exist) {
  std::string message;
  auto cfg = config::load_config(&message);
  if (!cfg.is_ok()) throw std::runtime_error("configuration: " + message);
  log::set_level(cfg->log_level);
  if (opt.slot >= cfg->slot_count) {
    throw std::runtime_error("slot " + std::to_string(opt.slot) + " is not configured (slot_count = " +
                             std::to_string(cfg->slot_count) + ")");
  }
  std::string dir = opt.store;
  if (dir.empty()) {
    if (cfg->storage_backend != "sqlite")
      throw std::runtime_error("the configured store is not persistent (backend = \"" + cfg->storage_backend + "\")");
    dir = cfg->storage_path;
  }
  struct stat st {};
  if (must_exist && ::stat((dir + "/craton_hsm.db").c_str(), &st) != 0)
    throw std::runtime_error("no token store in " + dir);
  return dir;
}

std::unique_ptr<storage::TokenStore> open_store(const std::string& dir) {
  std::string message;
  auto store = storage::open_sqlite_store(dir, &message);
  if (!store.is_ok()) throw std::runtime_error("cannot open the token store: " + message);
  return std::move(store).value();
}

ByteView view_of(Secret& s) { return ByteView(s.data(), s.size()); }

Secret read_passphrase(const BackupOptions& opt, bool confirm) {
  return read_secret(SecretSource{opt.passphrase_file, kPassphraseEnv, "backup passphrase", confirm});
}

// Written beside the target and renamed over it, so a crash never leaves a
// half-written file under the final name. 0600, like the store.
void write_file(const std::string& path, ByteView data) {
  std::string tmp = path + ".XXXXXX";
  const int fd = ::mkstemp(tmp.data());
  if (fd < 0) throw std::runtime_error("cannot create " + tmp + ": " + errno_text());
  std::size_t done = 0;
  while (done < data.size()) {
    const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    done += static_cast<std::size_t>(n);
  }
  const bool ok = done == data.size() && ::fsync(fd) == 0;
  const std::string why = errno_text();
  ::close(fd);
  if (!ok || ::rename(tmp.c_str(), path.c_str()) != 0) {
    const std::string reason = ok ? errno_text() : why;
    ::unlink(tmp.c_str());
    throw std::runtime_error("cannot write " + path + ": " + reason);
  }
}

Bytes read_file(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw std::runtime_error("cannot open " + path + ": " + errno_text());
  struct stat st {};
  constexpr std::uint64_t kLimit = module::kBackupHeaderSize + module::kBackupMaxBodySize + module::kBackupTagSize;
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || static_cast<std::uint64_t>(st.st_size) > kLimit) {
    ::close(fd);
    throw BackupRefused(path + ": not a regular file of at most 1 GiB");
  }
  Bytes out(static_cast<std::size_t>(st.st_size));
  std::size_t done = 0;
  while (done < out.size()) {
    const ssize_t n = ::read(fd, out.data() + done, out.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    done += static_cast<std::size_t>(n);
  }
  ::close(fd);
  out.resize(done);  // a file that shrank while we read is judged as it is
  return out;
}

std::string utc_time(std::uint64_t unix_seconds) {
  const auto t = static_cast<std::time_t>(unix_seconds);
  std::tm tm {};
  char buf[32];
  if (::gmtime_r(&t, &tm) == nullptr || std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
    return "(unknown time)";
  return buf;
}

void fail_with(module::BackupError e) {
  const std::string text = module::backup_error_message(e);
  switch (e) {
    case module::BackupError::kStoreFailure:
    case module::BackupError::kCryptoFailure:
    case module::BackupError::kEmptyToken:
    case module::BackupError::kTargetNotEmpty:
      throw std::runtime_error(text);
    default:
      throw BackupRefused(text);
  }
}

void run_backup(const BackupOptions& opt) {
  auto store = open_store(store_dir(opt, true));
  Secret passphrase = read_passphrase(opt, true);
  Bytes file;
  module::BackupContents written;
  const auto slot = static_cast<std::uint32_t>(opt.slot);
  const module::BackupError e =
      module::make_backup(*store, slot, view_of(passphrase), opt.iterations, &file, &written);
  if (e != module::BackupError::kNone) fail_with(e);
  write_file(opt.file, file);
  std::printf("slot %u backed up to %s: %zu record(s), %zu object(s), PBKDF2-HMAC-SHA256 %u iterations\n", slot,
              opt.file.c_str(), written.token.meta.size(), written.token.objects.size(), opt.iterations);
}

void run_restore(const BackupOptions& opt) {
  // The whole file is checked and verified before the store is even opened.
  const std::string dir = store_dir(opt, false);
  const Bytes file = read_file(opt.file);
  module::BackupHeader header;
  if (const module::BackupError e = module::parse_backup_header(file, &header); e != module::BackupError::kNone)
    fail_with(e);
  module::BackupContents restored;
  {
    Secret passphrase = read_passphrase(opt, false);
    if (const module::BackupError e = module::read_backup(file, view_of(passphrase), &restored);
        e != module::BackupError::kNone)
      fail_with(e);
  }
  auto store = open_store(dir);
  const auto slot = static_cast<std::uint32_t>(opt.slot);
  if (const module::BackupError e = module::restore_contents(*store, slot, restored, opt.force);
      e != module::BackupError::kNone)
    fail_with(e);
  std::printf("slot %u restored from %s (backup of slot %u made %s): %zu record(s), %zu object(s)\n", slot,
              opt.file.c_str(), restored.source_slot, utc_time(restored.created_unix).c_str(),
              restored.token.meta.size(), restored.token.objects.size());
  std::printf("processes using this store see the restored token at their next call; log in again there\n");
}

// Runs one command and ends parsing with its exit status (see the header).
template <class Fn>
void finish(Fn&& fn, const BackupOptions& opt) {
  int status = kExitOk;
  try {
    fn(opt);
  } catch (const BackupRefused& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    status = kExitBadBackup;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    status = kExitOther;
  }
  std::fflush(stdout);
  throw CLI::RuntimeError(status);
}

void add_common(CLI::App* sub, BackupOptions& opt) {
  sub->add_option("--slot", opt.slot, "Slot ID")->required();
  sub->add_option("--store", opt.store, "Token store directory (default: [storage] path of craton_hsm.toml)");
  sub->add_option("--passphrase-file", opt.passphrase_file,
                  "File whose first line is the backup passphrase (else $CRATON_BACKUP_PASSPHRASE, else the terminal)");
}

}  // namespace

void add_backup_commands(CLI::App& app) {
  auto backup_opt = std::make_shared<BackupOptions>();
  CLI::App* backup = app.add_subcommand(
      "backup", "Write one slot's token to a passphrase-protected file (exit 0 done, 2 refused, 3 other error)");
  add_common(backup, *backup_opt);
  backup->add_option("--out", backup_opt->file, "The backup file to write (0600)")->required();
  backup->add_option("--iterations", backup_opt->iterations, "PBKDF2 iterations for the passphrase")
      ->check(CLI::Range(module::kBackupMinIterations, module::kBackupMaxIterations))
      ->capture_default_str();
  backup->callback([backup_opt] { finish(run_backup, *backup_opt); });

  auto restore_opt = std::make_shared<BackupOptions>();
  CLI::App* restore = app.add_subcommand(
      "restore", "Recreate a slot's token from a backup file (exit 0 done, 2 file refused, 3 other error)");
  add_common(restore, *restore_opt);
  restore->add_option("--in", restore_opt->file, "The backup file to read")->required();
  restore->add_flag("--force", restore_opt->force, "Replace the token the slot already holds");
  restore->callback([restore_opt] { finish(run_restore, *restore_opt); });
}

}  // namespace craton::admin
