// Formatting and parsing of audit log lines. Lines are written by hand (the
// writer formats every event; a JSON library's object model costs several
// times more) and parsed with nlohmann/json. The hash covers exact bytes, so
// parsing never needs to re-serialise: a line is checked as written.
#include "audit/audit_format.h"

#include <charconv>
#include <cstring>
#include <exception>
#include <nlohmann/json.hpp>

namespace craton::audit {
namespace detail {
namespace {

using Json = nlohmann::ordered_json;

constexpr std::string_view kHashPrefix = ",\"hash\":\"";

// Cuts at most `max` bytes without splitting a UTF-8 sequence.
std::string_view truncate_utf8(std::string_view s, std::size_t max) {
  if (s.size() <= max) return s;
  std::size_t n = max;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return s.substr(0, n);
}

constexpr char kHexDigits[] = "0123456789abcdef";

char* put_hex(char* p, const std::uint8_t* bytes, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) {
    *p++ = kHexDigits[bytes[i] >> 4];
    *p++ = kHexDigits[bytes[i] & 0x0F];
  }
  return p;
}

std::string to_hex(ByteView bytes) {
  std::string out(bytes.size() * 2, '\0');
  put_hex(out.data(), bytes.data(), bytes.size());
  return out;
}

// The formatter writes through a raw cursor into a buffer the caller sized
// with kMaxLineBytes: no std::string growth checks per character.
char* put(char* p, std::string_view s) {
  std::memcpy(p, s.data(), s.size());
  return p + s.size();
}

char* put_uint(char* p, std::uint64_t v) { return std::to_chars(p, p + 20, v).ptr; }

// Handles that do not apply are written as null, not as a magic number.
char* put_handle(char* p, std::string_view key, CK_ULONG value, CK_ULONG none) {
  p = put(p, key);
  return value == none ? put(p, "null") : put_uint(p, value);
}

// Length of the valid UTF-8 sequence at s[i], or 0 if it is not valid
// (overlong forms, surrogates and code points above U+10FFFF are invalid).
std::size_t utf8_sequence(std::string_view s, std::size_t i) {
  const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[i + k]); };
  const auto cont = [&](std::size_t k) { return i + k < s.size() && (b(k) & 0xC0) == 0x80; };
  const unsigned char c = b(0);
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) return cont(1) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    if (!cont(1) || !cont(2)) return 0;
    if ((c == 0xE0 && b(1) < 0xA0) || (c == 0xED && b(1) > 0x9F)) return 0;
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (!cont(1) || !cont(2) || !cont(3)) return 0;
    if ((c == 0xF0 && b(1) < 0x90) || (c == 0xF4 && b(1) > 0x8F)) return 0;
    return 4;
  }
  return 0;
}

bool is_plain(char ch) {
  const auto c = static_cast<unsigned char>(ch);
  return c >= 0x20 && c < 0x80 && c != '"' && c != '\\';
}

// A JSON string literal (at most 6 bytes out per byte in). Invalid UTF-8
// bytes become U+FFFD, one per byte: an audit record is never refused
// because of what a caller passed.
char* put_json_string(char* p, std::string_view s) {
  *p++ = '"';
  for (std::size_t i = 0; i < s.size();) {
    // The common case: a run of printable ASCII needing no escape, copied at once.
    std::size_t run = i;
    while (run < s.size() && is_plain(s[run])) ++run;
    if (run != i) {
      p = put(p, s.substr(i, run - i));
      i = run;
      continue;
    }
    const auto c = static_cast<unsigned char>(s[i]);
    const std::size_t n = utf8_sequence(s, i);
    if (n == 0) {
      p = put(p, "\xEF\xBF\xBD");
      ++i;
      continue;
    }
    if (n > 1) {
      p = put(p, s.substr(i, n));
    } else if (c == '"' || c == '\\') {
      *p++ = '\\';
      *p++ = static_cast<char>(c);
    } else if (c == '\n') {
      p = put(p, "\\n");
    } else if (c == '\r') {
      p = put(p, "\\r");
    } else if (c == '\t') {
      p = put(p, "\\t");
    } else {
      p = put(p, "\\u00");
      *p++ = kHexDigits[c >> 4];
      *p++ = kHexDigits[c & 0x0F];
    }
    i += n;
  }
  *p++ = '"';
  return p;
}

bool is_lower_hex(std::string_view s, std::size_t size) {
  if (s.size() != size) return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

}  // namespace

Result<std::string> sha256_hex(std::string_view text) {
  TRY_ASSIGN(Bytes digest, crypto::hash(crypto::HashAlg::kSha256, as_bytes(text)));
  return to_hex(digest);
}

Result<Sha256> Sha256::create() {
  TRY_ASSIGN(crypto::Hash h, crypto::Hash::create(crypto::HashAlg::kSha256));
  return Sha256(std::move(h));
}

Result<std::string> Sha256::hex(std::string_view text) const {
  TRY_ASSIGN(crypto::Hash h, pristine_.clone());
  TRY_STATUS(h.update(as_bytes(text)));
  std::uint8_t digest[32];
  TRY_STATUS(h.final(MutableByteView(digest, sizeof digest)));
  return to_hex(ByteView(digest, sizeof digest));
}

Result<LineHasher> LineHasher::create(const Sha256& sha) {
  TRY_ASSIGN(crypto::Hash a, sha.pristine_.clone());
  TRY_ASSIGN(crypto::Hash b, sha.pristine_.clone());
  return LineHasher(std::move(a), std::move(b));
}

Status LineHasher::begin(std::string_view prefix, std::uint8_t canon[32]) {
  TRY_STATUS(a_.reset());
  TRY_STATUS(a_.update(as_bytes(prefix)));
  TRY_STATUS(b_.copy_from(a_));
  TRY_STATUS(a_.update(as_bytes(std::string_view("}"))));
  return a_.final(MutableByteView(canon, 32));
}

Status LineHasher::finish(std::string_view tail, std::uint8_t full[32]) {
  TRY_STATUS(b_.update(as_bytes(tail)));
  return b_.final(MutableByteView(full, 32));
}

Result<std::size_t> format_line_into(LineHasher& hasher, std::uint64_t seq, std::uint32_t pid, const AuditEvent& e,
                                     std::string_view prev_hex, char* out, char* next_prev) {
  if (prev_hex.size() > 64) return err(CKR_GENERAL_ERROR);  // keeps the line within kMaxLineBytes
  char* p = put(out, "{\"seq\":");
  p = put_uint(p, seq);
  p = put(p, ",\"time_ns\":");
  p = put_uint(p, e.time_ns);
  p = put(p, ",\"pid\":");
  p = put_uint(p, pid);
  p = put(p, ",\"function\":");
  p = put_json_string(p, truncate_utf8(e.function, kMaxFunctionBytes));
  p = put_handle(p, ",\"slot\":", e.slot, CK_UNAVAILABLE_INFORMATION);
  p = put_handle(p, ",\"session\":", e.session, CK_INVALID_HANDLE);
  p = put_handle(p, ",\"mechanism\":", e.mechanism, CK_UNAVAILABLE_INFORMATION);
  p = put_handle(p, ",\"object\":", e.object, CK_INVALID_HANDLE);
  p = put(p, ",\"rv\":");
  p = put_uint(p, e.rv);
  p = put(p, e.fips_approved ? ",\"fips_approved\":true" : ",\"fips_approved\":false");
  p = put(p, ",\"detail\":");
  p = put_json_string(p, truncate_utf8(e.detail, kMaxDetailBytes));
  p = put(p, ",\"prev\":");
  p = put_json_string(p, prev_hex);
  const std::string_view prefix(out, static_cast<std::size_t>(p - out));
  std::uint8_t digest[32];
  TRY_STATUS(hasher.begin(prefix, digest));
  char* tail = p;
  p = put(p, kHashPrefix);
  p = put_hex(p, digest, sizeof digest);
  p = put(p, "\"}");
  TRY_STATUS(hasher.finish(std::string_view(tail, static_cast<std::size_t>(p - tail)), digest));
  put_hex(next_prev, digest, sizeof digest);
  return static_cast<std::size_t>(p - out);
}

Result<std::string> format_line(const Sha256& sha, std::uint64_t seq, std::uint32_t pid, const AuditEvent& e,
                                std::string_view prev_hex) {
  try {
    TRY_ASSIGN(LineHasher hasher, LineHasher::create(sha));
    std::string line(kMaxLineBytes, '\0');
    char next_prev[64];
    TRY_ASSIGN(std::size_t n, format_line_into(hasher, seq, pid, e, prev_hex, line.data(), next_prev));
    line.resize(n);
    return line;
  } catch (const std::exception&) {
    return err(CKR_HOST_MEMORY);
  }
}

std::uint64_t seq_of_line(std::string_view line) {
  const Json j = Json::parse(line, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return 0;
  const auto it = j.find("seq");
  return (it != j.end() && it->is_number_unsigned()) ? it->get<std::uint64_t>() : 0;
}

namespace {

bool fail(std::string* why, const char* reason) {
  if (why != nullptr) *why = reason;
  return false;
}

bool read_handle(const Json& j, const char* key, CK_ULONG none, CK_ULONG* out) {
  const auto it = j.find(key);
  if (it == j.end()) return false;
  if (it->is_null()) {
    *out = none;
    return true;
  }
  if (!it->is_number_unsigned()) return false;
  *out = it->get<CK_ULONG>();
  return true;
}

bool read_uint(const Json& j, const char* key, std::uint64_t* out) {
  const auto it = j.find(key);
  if (it == j.end() || !it->is_number_unsigned()) return false;
  *out = it->get<std::uint64_t>();
  return true;
}

bool read_string(const Json& j, const char* key, std::string* out) {
  const auto it = j.find(key);
  if (it == j.end() || !it->is_string()) return false;
  *out = it->get<std::string>();
  return true;
}

// Checks that `j` has exactly the expected members with the right types.
bool read_fields(const Json& j, AuditRecord* r, std::string* why) {
  static constexpr std::size_t kMembers = 12;
  if (!j.is_object() || j.size() != kMembers) return fail(why, "not an audit record (wrong set of members)");
  std::uint64_t pid = 0;
  std::uint64_t rv = 0;
  AuditEvent& e = r->event;
  if (!read_uint(j, "seq", &r->seq) || !read_uint(j, "time_ns", &e.time_ns) || !read_uint(j, "pid", &pid) ||
      pid > 0xFFFFFFFFu)
    return fail(why, "seq, time_ns or pid missing or not an unsigned integer");
  if (!read_string(j, "function", &e.function) || !read_string(j, "detail", &e.detail) ||
      !read_string(j, "prev", &r->prev))
    return fail(why, "function, detail or prev missing or not a string");
  if (!read_handle(j, "slot", CK_UNAVAILABLE_INFORMATION, &e.slot) ||
      !read_handle(j, "session", CK_INVALID_HANDLE, &e.session) ||
      !read_handle(j, "mechanism", CK_UNAVAILABLE_INFORMATION, &e.mechanism) ||
      !read_handle(j, "object", CK_INVALID_HANDLE, &e.object))
    return fail(why, "slot, session, mechanism or object is not an unsigned integer or null");
  if (!read_uint(j, "rv", &rv)) return fail(why, "rv missing or not an unsigned integer");
  const auto fa = j.find("fips_approved");
  if (fa == j.end() || !fa->is_boolean()) return fail(why, "fips_approved missing or not a boolean");
  if (!is_lower_hex(r->prev, 64)) return fail(why, "prev is not 64 lower-case hex digits");
  e.fips_approved = fa->get<bool>();
  e.rv = static_cast<CK_RV>(rv);
  r->pid = static_cast<std::uint32_t>(pid);
  return true;
}

}  // namespace
}  // namespace detail

Result<AuditRecord> parse_audit_line(std::string_view line, std::string* why) {
  using detail::fail;
  try {
    const std::size_t n = line.size();
    if (n <= detail::kHashSuffixSize || line.substr(n - detail::kHashSuffixSize, detail::kHashPrefix.size()) !=
                                            detail::kHashPrefix || line.substr(n - 2) != "\"}") {
      fail(why, "no \"hash\" member at the end of the line");
      return err(CKR_DATA_INVALID);
    }
    AuditRecord r;
    r.hash = std::string(line.substr(n - 2 - 64, 64));
    if (!detail::is_lower_hex(r.hash, 64)) {
      fail(why, "hash is not 64 lower-case hex digits");
      return err(CKR_DATA_INVALID);
    }
    std::string canonical(line.substr(0, n - detail::kHashSuffixSize));
    canonical.push_back('}');
    TRY_ASSIGN(std::string computed, detail::sha256_hex(canonical));
    if (computed != r.hash) {
      fail(why, "hash does not match the line (line modified)");
      return err(CKR_DATA_INVALID);
    }
    const detail::Json j = detail::Json::parse(canonical, nullptr, false);
    if (j.is_discarded()) {
      fail(why, "not valid JSON");
      return err(CKR_DATA_INVALID);
    }
    if (!detail::read_fields(j, &r, why)) return err(CKR_DATA_INVALID);
    return r;
  } catch (const std::exception&) {
    fail(why, "cannot parse the line");
    return err(CKR_DATA_INVALID);
  }
}

}  // namespace craton::audit
