// Typed configuration, read once from craton_hsm.toml at C_Initialize.
// A missing file means these safe defaults; an invalid file is an error.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/log.h"
#include "core/result.h"

namespace craton::config {

struct SlotConfig {
  std::string label;  // token label used when the token is first created
};

struct Config {
  // [token]
  std::uint32_t slot_count = 1;            // 1..64
  std::vector<SlotConfig> slots;           // optional per-slot labels; size <= slot_count
  std::uint32_t pin_min_length = 4;        // >= 4
  std::uint32_t pin_max_length = 64;       // >= pin_min_length, <= 255
  std::uint32_t max_login_failures = 10;   // 1..100: PIN locks after this many
  // [storage]
  std::string storage_backend = "sqlite";            // "sqlite" | "memory"
  std::string storage_path = "/var/lib/craton-hsm";  // directory of the store
  std::uint32_t pbkdf2_iterations = 600000;          // >= 100000 (floor)
  // [logging]
  log::Level log_level = log::Level::kWarn;
  // [algorithms]
  bool fips_approved_only = false;
  // In approved-only mode, still offer ML-KEM, ML-DSA and SLH-DSA (never
  // reported as approved: audited fips_approved = false, no indicator bit).
  bool allow_non_approved_pqc = false;
  std::string crypto_backend = "openssl";  // "openssl" | "openssl-fips"
  // [audit]
  bool audit_enabled = true;
  std::string audit_path;  // "" = <storage_path>/audit.log; see audit_log_path()

  // Where this configuration came from ("" = built-in defaults).
  std::string source_path;

  std::string label_for_slot(std::uint32_t slot) const;
  // The audit log file: [audit] path, or "audit.log" in the storage directory.
  std::string audit_log_path() const;
};

// Finds the configuration file: $CRATON_HSM_CONF, then ./craton_hsm.toml,
// then /etc/craton-hsm/craton_hsm.toml. Returns "" if none exists.
// If CRATON_HSM_CONF is set but the file does not exist, that is an error
// (reported by load_config), not a silent fallback.
std::string find_config_file();

// Loads and validates. On failure returns CKR_GENERAL_ERROR and writes the
// reason to *message (never secret: configuration holds no secrets).
Result<Config> load_config(std::string* message);

// Parses TOML text (exposed for unit tests). `origin` names the file in messages.
Result<Config> parse_config(const std::string& toml_text, const std::string& origin,
                            std::string* message);

}  // namespace craton::config
