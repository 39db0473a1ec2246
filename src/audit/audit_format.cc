// Formatting and parsing of audit log lines. Lines are written by hand (the
// writer formats every event; a JSON library's object model costs several
// times more) and parsed with nlohmann/json. The hash covers exact bytes, so
// parsing never needs to re-serialise: a line is checked as written.
#include "audit/audit_format.h"

#include <charconv>
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

std::string to_hex(ByteView bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (std::uint8_t b : bytes) {
    out.push_back(kHex[b >> 4]);
    out.push_back(kHex[b & 0x0F]);
  }
  return out;
}

void append_uint(std::string& out, std::uint64_t v) {
  char buf[24];
  const auto res = std::to_chars(buf, buf + sizeof(buf), v);
  out.append(buf, res.ptr);
}

// Handles that do not apply are written as null, not as a magic number.
void append_handle(std::string& out, std::string_view key, CK_ULONG value, CK_ULONG none) {
  out.append(key);
  if (value == none) out.append("null");
  else append_uint(out, value);
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

// A JSON string literal. Invalid UTF-8 bytes become U+FFFD, one per byte:
// an audit record is never refused because of what a caller passed.
void append_json_string(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const std::size_t n = utf8_sequence(s, i);
    if (n == 0) {
      out.append("\xEF\xBF\xBD");
      ++i;
      continue;
    }
    if (n > 1) {
      out.append(s.substr(i, n));
    } else if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(static_cast<char>(c));
    } else if (c == '\n') {
      out.append("\\n");
    } else if (c == '\r') {
      out.append("\\r");
    } else if (c == '\t') {
      out.append("\\t");
    } else if (c < 0x20) {
      out.append("\\u00").push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0x0F]);
    } else {
      out.push_back(static_cast<char>(c));
    }
    i += n;
  }
  out.push_back('"');
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

Result<std::string> format_line(const Sha256& sha, std::uint64_t seq, std::uint32_t pid, const AuditEvent& e,
                                std::string_view prev_hex) {
  try {
    std::string line;
    line.reserve(256 + e.function.size() + e.detail.size());
    line.append("{\"seq\":");
    append_uint(line, seq);
    line.append(",\"time_ns\":");
    append_uint(line, e.time_ns);
    line.append(",\"pid\":");
    append_uint(line, pid);
    line.append(",\"function\":");
    append_json_string(line, truncate_utf8(e.function, kMaxFunctionBytes));
    append_handle(line, ",\"slot\":", e.slot, CK_UNAVAILABLE_INFORMATION);
    append_handle(line, ",\"session\":", e.session, CK_INVALID_HANDLE);
    append_handle(line, ",\"mechanism\":", e.mechanism, CK_UNAVAILABLE_INFORMATION);
    append_handle(line, ",\"object\":", e.object, CK_INVALID_HANDLE);
    line.append(",\"rv\":");
    append_uint(line, e.rv);
    line.append(e.fips_approved ? ",\"fips_approved\":true" : ",\"fips_approved\":false");
    line.append(",\"detail\":");
    append_json_string(line, truncate_utf8(e.detail, kMaxDetailBytes));
    line.append(",\"prev\":");
    append_json_string(line, prev_hex);
    line.push_back('}');
    TRY_ASSIGN(std::string hash, sha.hex(line));
    line.pop_back();  // the closing '}'
    line.append(kHashPrefix).append(hash).append("\"}");
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
