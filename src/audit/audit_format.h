// The line format of the audit log (internal to src/audit).
//
// A line is the compact JSON object
//   {"seq":..,"time_ns":..,"pid":..,"function":..,"slot":..,"session":..,
//    "mechanism":..,"object":..,"rv":..,"fips_approved":..,"detail":..,
//    "prev":"<64 hex>","hash":"<64 hex>"}
// where "hash" is the SHA-256 of the exact bytes of the line with its
// trailing `,"hash":"<64 hex>"` member removed (the "canonical line"), and
// "prev" is the SHA-256 of the full text of the previous line (no newline).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "audit/audit_log.h"
#include "crypto/hash.h"

namespace craton::audit::detail {

// `,"hash":"` + 64 hex + `"}`
inline constexpr std::size_t kHashSuffixSize = 9 + 64 + 2;

// Lower-case hex SHA-256 of `text`.
Result<std::string> sha256_hex(std::string_view text);

// The same from a context set up once: each use clones it, so the writer
// never enters OpenSSL's fetch cache (or its lock) after open(), and a fork
// while it hashes cannot leave that lock held in the child.
class Sha256 {
 public:
  static Result<Sha256> create();
  Result<std::string> hex(std::string_view text) const;

 private:
  explicit Sha256(crypto::Hash pristine) : pristine_(std::move(pristine)) {}
  crypto::Hash pristine_;
};

// Builds one complete line (no newline). function and detail are truncated
// to their limits; invalid UTF-8 is replaced, never rejected.
Result<std::string> format_line(const Sha256& sha, std::uint64_t seq, std::uint32_t pid, const AuditEvent& e,
                                std::string_view prev_hex);

// Best effort "seq" of a line that may be damaged: 0 if it cannot be read.
std::uint64_t seq_of_line(std::string_view line);

}  // namespace craton::audit::detail
