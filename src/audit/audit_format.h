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
  friend class LineHasher;
  explicit Sha256(crypto::Hash pristine) : pristine_(std::move(pristine)) {}
  crypto::Hash pristine_;
};

// Longest line format_line_into() can produce: the fixed members, function
// and detail at their limits with every byte escaped as \u00XX, prev, hash.
inline constexpr std::size_t kMaxLineBytes = 4608;

// The writer's reusable hashing state (one thread at a time). A line's
// canonical text and its complete text differ only after "prev": the shared
// prefix is hashed once and its state copied, and both contexts are reused,
// so a line costs no context creation and no algorithm fetch.
class LineHasher {
 public:
  static Result<LineHasher> create(const Sha256& sha);
  // begin(): `prefix` is the canonical text without its closing '}';
  // canon[32] receives the SHA-256 of prefix + "}" (the line's "hash").
  // finish(): full[32] receives the SHA-256 of prefix + `tail` (the whole
  // line, whose tail is the hash member and the closing brace).
  Status begin(std::string_view prefix, std::uint8_t canon[32]);
  Status finish(std::string_view tail, std::uint8_t full[32]);

 private:
  LineHasher(crypto::Hash a, crypto::Hash b) : a_(std::move(a)), b_(std::move(b)) {}
  crypto::Hash a_;
  crypto::Hash b_;
};

// Writes one complete line (no newline) into out[0, kMaxLineBytes) and
// returns its length; next_prev[0, 64) receives the hex SHA-256 of the
// complete line (the next line's "prev"). No allocation.
Result<std::size_t> format_line_into(LineHasher& hasher, std::uint64_t seq, std::uint32_t pid, const AuditEvent& e,
                                     std::string_view prev_hex, char* out, char* next_prev);

// Builds one complete line (no newline). function and detail are truncated
// to their limits; invalid UTF-8 is replaced, never rejected.
Result<std::string> format_line(const Sha256& sha, std::uint64_t seq, std::uint32_t pid, const AuditEvent& e,
                                std::string_view prev_hex);

// Best effort "seq" of a line that may be damaged: 0 if it cannot be read.
std::uint64_t seq_of_line(std::string_view line);

}  // namespace craton::audit::detail
