// Software integrity test (FIPS 140-3 section 9.4): HMAC-SHA-256, keyed
// with the constant in integrity_key.h, over the file the module was
// loaded from (found with dladdr), compared with the hex MAC in the
// sidecar file "<module>.hmac" (written by tools/compute-integrity-hmac.sh).
//
// No sidecar: the test is skipped with a warning, unless the build defines
// CRATON_FIPS (cmake -DCRATON_FIPS=ON), where the sidecar is mandatory.
// A sidecar that does not match, or cannot be read or parsed, is a failure.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>

#include "core/result.h"

namespace craton::fips {

enum class IntegrityOutcome { kPassed, kSkipped, kFailed };

struct IntegrityResult {
  IntegrityOutcome outcome = IntegrityOutcome::kFailed;
  std::string module_path;  // the file checked (empty if it was not found)
  std::string detail;       // why it was skipped or failed
};

IntegrityResult check_module_integrity();

// The absolute path of the file holding this code (the shared module, or
// the executable it is linked into), or the test override.
Result<std::string> integrity_module_path();
inline std::string integrity_sidecar_path(const std::string& module) { return module + ".hmac"; }
// HMAC-SHA-256 of a whole file under the integrity key (what the sidecar
// must hold, in hex). CKR_GENERAL_ERROR if the file cannot be read.
Result<std::array<std::uint8_t, 32>> integrity_mac_of_file(const std::string& path);
// True in a CRATON_FIPS build (or as overridden for tests).
bool integrity_sidecar_required();

namespace testing {
// Checks `path` instead of the module's own file; an empty path restores it.
void set_integrity_module_path(std::string path);
// Overrides whether a missing sidecar fails the test; nullopt restores the
// build's rule.
void set_integrity_sidecar_required(std::optional<bool> required);
}  // namespace testing

}  // namespace craton::fips
