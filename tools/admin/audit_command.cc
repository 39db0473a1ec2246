#include "audit_command.h"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <exception>
#include <memory>
#include <string>

#include "audit/audit_log.h"

namespace craton::admin {
namespace {

constexpr int kExitOk = 0;
constexpr int kExitBroken = 2;
constexpr int kExitUnreadable = 3;

int audit_verify(const std::string& path) {
  auto result = audit::verify_audit_log(path);
  if (!result) {
    std::fprintf(stderr, "error: cannot read the audit log %s\n", path.c_str());
    return kExitUnreadable;
  }
  const audit::VerifyReport& r = *result;
  if (r.ok) {
    std::printf("%s: OK, %llu line(s), chain intact\n", path.c_str(), static_cast<unsigned long long>(r.lines));
    // The anchor to keep elsewhere: the chain alone cannot show lines cut
    // off its end (docs/audit-log.md).
    if (r.lines != 0)
      std::printf("last seq %llu, last line sha256 %s\n", static_cast<unsigned long long>(r.last_seq),
                  r.last_line_hash.c_str());
    return kExitOk;
  }
  std::printf("%s: BROKEN at line %llu of %llu: %s\n", path.c_str(),
              static_cast<unsigned long long>(r.first_bad_line), static_cast<unsigned long long>(r.lines),
              r.reason.c_str());
  if (r.first_bad_line > 1)
    std::printf("lines 1..%llu verify (last good seq %llu)\n",
                static_cast<unsigned long long>(r.first_bad_line - 1), static_cast<unsigned long long>(r.last_seq));
  return kExitBroken;
}

}  // namespace

namespace {

// `--file FILE` and the callback that verifies it, on `sub`.
void make_verify_command(CLI::App* sub) {
  auto file = std::make_shared<std::string>();
  sub->add_option("--file", *file, "The audit log file")->required();
  sub->callback([file] {
    int status = kExitUnreadable;
    try {
      status = audit_verify(*file);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "error: %s\n", e.what());
    }
    std::fflush(stdout);
    // Ends CLI11_PARSE in main() with this exit status (also for 0).
    throw CLI::RuntimeError(status);
  });
}

}  // namespace

void add_audit_commands(CLI::App& app) {
  constexpr const char* kWhat = "Verify the hash chain of an audit log (exit 0 intact, 2 broken, 3 unreadable)";
  make_verify_command(app.add_subcommand("audit-verify", kWhat));
  // The same as `audit verify`, the spelling of the issue and of docs/fips-mode.md.
  CLI::App* audit = app.add_subcommand("audit", "Audit log commands");
  audit->require_subcommand(1);
  make_verify_command(audit->add_subcommand("verify", kWhat));
}

}  // namespace craton::admin
