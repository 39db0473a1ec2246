#include "fips/integrity.h"

#include <dlfcn.h>
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <mutex>
#include <string_view>

#include "core/log.h"
#include "crypto/hmac.h"
#include "fips/integrity_key.h"
#include "fips/kat.h"

namespace craton::fips {
namespace {

constexpr std::size_t kReadChunk = 1 << 16;
constexpr std::size_t kMacHexLen = 64;
constexpr std::size_t kMaxSidecar = 4096;

// dladdr finds the object that holds this address: the module itself when
// the code is in libcraton_hsm.so, the executable when linked statically.
const char g_anchor = 0;

struct Overrides {
  std::mutex mu;
  std::string path;
  std::optional<bool> required;
};
Overrides& overrides() {
  static Overrides o;
  return o;
}

// A file descriptor closed on scope exit.
struct Fd {
  int fd;
  explicit Fd(const std::string& path) : fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC)) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

// Reads at most `limit` bytes. `error` is 0 on success, else the errno.
struct SmallFile {
  std::string text;
  int error = 0;
};
SmallFile read_small_file(const std::string& path, std::size_t limit) {
  Fd f(path);
  if (f.fd < 0) return {{}, errno};
  std::string text(limit, '\0');
  std::size_t got = 0;
  while (got < limit) {
    const ssize_t n = ::read(f.fd, text.data() + got, limit - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return {{}, errno};
    if (n == 0) break;
    got += static_cast<std::size_t>(n);
  }
  text.resize(got);
  return {std::move(text), 0};
}

// The sidecar holds the MAC as 64 hex digits, optionally surrounded by
// whitespace (a trailing newline, for instance).
std::optional<Bytes> parse_sidecar(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return std::nullopt;
  const auto last = text.find_last_not_of(" \t\r\n");
  const std::string_view digits = text.substr(first, last - first + 1);
  if (digits.size() != kMacHexLen) return std::nullopt;
  for (char c : digits)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) return std::nullopt;
  return hex(digits);
}

IntegrityResult outcome(IntegrityOutcome o, std::string path, std::string detail) {
  return IntegrityResult{o, std::move(path), std::move(detail)};
}

}  // namespace

Result<std::string> integrity_module_path() {
  {
    std::lock_guard lock(overrides().mu);
    if (!overrides().path.empty()) return overrides().path;
  }
  Dl_info info{};
  if (dladdr(&g_anchor, &info) == 0 || info.dli_fname == nullptr) return err(CKR_GENERAL_ERROR);
  const std::string name = info.dli_fname;
  // A name without a slash is the executable's argv[0] (found on PATH).
  if (name.find('/') == std::string::npos) {
    char buf[PATH_MAX];
    const ssize_t n = ::readlink("/proc/self/exe", buf, sizeof(buf) - 1);
    if (n <= 0) return err(CKR_GENERAL_ERROR);
    return std::string(buf, static_cast<std::size_t>(n));
  }
  char resolved[PATH_MAX];
  if (::realpath(name.c_str(), resolved) == nullptr) return err(CKR_GENERAL_ERROR);
  return std::string(resolved);
}

Result<std::array<std::uint8_t, 32>> integrity_mac_of_file(const std::string& path) {
  const Bytes key = hex(CRATON_INTEGRITY_KEY_HEX);
  TRY_ASSIGN(crypto::Hmac mac, crypto::Hmac::create(crypto::HashAlg::kSha256, key));
  Fd f(path);
  if (f.fd < 0) return err(CKR_GENERAL_ERROR);
  Bytes buf(kReadChunk);
  for (;;) {
    const ssize_t n = ::read(f.fd, buf.data(), buf.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return err(CKR_GENERAL_ERROR);
    if (n == 0) break;
    TRY_STATUS(mac.update(ByteView(buf.data(), static_cast<std::size_t>(n))));
  }
  std::array<std::uint8_t, 32> out{};
  TRY_STATUS(mac.final(out));
  return out;
}

bool integrity_sidecar_required() {
  std::lock_guard lock(overrides().mu);
  if (overrides().required) return *overrides().required;
#ifdef CRATON_FIPS
  return true;
#else
  return false;
#endif
}

IntegrityResult check_module_integrity() {
  Result<std::string> path = integrity_module_path();
  if (!path) return outcome(IntegrityOutcome::kFailed, "", "cannot find the module's own file");
  const std::string sidecar = integrity_sidecar_path(*path);
  const SmallFile file = read_small_file(sidecar, kMaxSidecar);
  if (file.error == ENOENT) {
    if (integrity_sidecar_required())
      return outcome(IntegrityOutcome::kFailed, *path, "integrity sidecar " + sidecar + " is missing (FIPS build)");
    log::warn("integrity test skipped: no sidecar " + sidecar + " (run tools/compute-integrity-hmac.sh)");
    return outcome(IntegrityOutcome::kSkipped, *path, "no sidecar " + sidecar);
  }
  if (file.error != 0) return outcome(IntegrityOutcome::kFailed, *path, "cannot read " + sidecar);
  const std::optional<Bytes> expected = parse_sidecar(file.text);
  if (!expected) return outcome(IntegrityOutcome::kFailed, *path, sidecar + " does not hold a 64-digit hex MAC");
  Result<std::array<std::uint8_t, 32>> actual = integrity_mac_of_file(*path);
  if (!actual) return outcome(IntegrityOutcome::kFailed, *path, "cannot read " + *path);
  if (!constant_time_equal(*actual, *expected))
    return outcome(IntegrityOutcome::kFailed, *path, "HMAC-SHA-256 of " + *path + " does not match " + sidecar);
  return outcome(IntegrityOutcome::kPassed, *path, "");
}

namespace testing {
void set_integrity_module_path(std::string path) {
  std::lock_guard lock(overrides().mu);
  overrides().path = std::move(path);
}
void set_integrity_sidecar_required(std::optional<bool> required) {
  std::lock_guard lock(overrides().mu);
  overrides().required = required;
}
}  // namespace testing

}  // namespace craton::fips
