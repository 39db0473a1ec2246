#include "module/templates.h"

#include <pthread.h>

#include <atomic>
#include <cstring>
#include <mutex>

#include "crypto/random.h"

namespace craton::module {
namespace {
constexpr int kMaxNesting = 2;

Result<objects::AttributeMap> convert(const CK_ATTRIBUTE* tmpl, CK_ULONG count, int depth) {
  if (count > 0 && tmpl == nullptr) return err(CKR_ARGUMENTS_BAD);
  objects::AttributeMap map;
  for (CK_ULONG i = 0; i < count; ++i) {
    const CK_ATTRIBUTE& a = tmpl[i];
    if (a.pValue == nullptr && a.ulValueLen != 0) return err(CKR_ATTRIBUTE_VALUE_INVALID);
    if (objects::is_array_attribute(a.type)) {
      if (depth >= kMaxNesting || a.ulValueLen % sizeof(CK_ATTRIBUTE) != 0) return err(CKR_ATTRIBUTE_VALUE_INVALID);
      TRY_ASSIGN(auto nested, convert(static_cast<const CK_ATTRIBUTE*>(a.pValue), a.ulValueLen / sizeof(CK_ATTRIBUTE),
                                      depth + 1));
      map.set(a.type, objects::encode_attribute_array(nested));
      continue;
    }
    ByteView value(static_cast<const std::uint8_t*>(a.pValue), a.ulValueLen);
    if (const SecureBytes* prior = map.find(a.type)) {
      if (!std::equal(prior->begin(), prior->end(), value.begin(), value.end())) return err(CKR_TEMPLATE_INCONSISTENT);
      continue;
    }
    map.set(a.type, value);
  }
  return map;
}

// One attribute into a caller's CK_ATTRIBUTE; array values fill nested arrays.
CK_RV fill_one(const objects::AttributeMap& attrs, CK_ATTRIBUTE& a, int depth) {
  Status readable = objects::check_readable(attrs, a.type);
  if (!readable.is_ok()) {
    a.ulValueLen = CK_UNAVAILABLE_INFORMATION;
    return readable.rv();
  }
  const SecureBytes& value = *attrs.find(a.type);
  if (objects::is_array_attribute(a.type) && depth < kMaxNesting) {
    auto nested = objects::decode_attribute_array(value.view());
    if (!nested.is_ok()) {
      a.ulValueLen = CK_UNAVAILABLE_INFORMATION;
      return CKR_GENERAL_ERROR;
    }
    const CK_ULONG needed = nested->size() * sizeof(CK_ATTRIBUTE);
    if (a.pValue == nullptr) {
      a.ulValueLen = needed;
      return CKR_OK;
    }
    if (a.ulValueLen < needed) {
      a.ulValueLen = CK_UNAVAILABLE_INFORMATION;
      return CKR_BUFFER_TOO_SMALL;
    }
    auto* inner = static_cast<CK_ATTRIBUTE*>(a.pValue);
    CK_RV rv = CKR_OK;
    std::size_t i = 0;
    for (const auto& n : nested.value()) {
      inner[i].type = n.type;
      CK_RV r = fill_one(nested.value(), inner[i], depth + 1);
      if (r != CKR_OK) rv = r;
      ++i;
    }
    a.ulValueLen = needed;
    return rv;
  }
  if (a.pValue == nullptr) {
    a.ulValueLen = value.size();
    return CKR_OK;
  }
  if (a.ulValueLen < value.size()) {
    a.ulValueLen = CK_UNAVAILABLE_INFORMATION;
    return CKR_BUFFER_TOO_SMALL;
  }
  if (!value.empty()) std::memcpy(a.pValue, value.data(), value.size());
  a.ulValueLen = value.size();
  return CKR_OK;
}
}  // namespace

Result<objects::AttributeMap> template_from_caller(const CK_ATTRIBUTE* tmpl, CK_ULONG count) {
  return convert(tmpl, count, 0);
}

CK_RV fill_caller_template(const objects::AttributeMap& attrs, CK_ATTRIBUTE_PTR tmpl, CK_ULONG count) {
  // Every attribute is processed even after an error (PKCS#11 5.7.5).
  CK_RV rv = CKR_OK;
  for (CK_ULONG i = 0; i < count; ++i) {
    CK_RV r = fill_one(attrs, tmpl[i], 0);
    if (r != CKR_OK && (rv == CKR_OK || rv == CKR_BUFFER_TOO_SMALL)) rv = r;
  }
  return rv;
}

namespace {
// CKA_UNIQUE_ID needs uniqueness, not secrecy: a random 64-bit prefix drawn
// once per process (drawn again in a forked child) followed by a counter.
// Another process sharing the token store draws its own prefix.
std::atomic<std::uint64_t> g_uid_prefix{0};
std::atomic<std::uint64_t> g_uid_counter{0};

void uid_atfork_child() {
  g_uid_prefix.store(0, std::memory_order_relaxed);
  g_uid_counter.store(0, std::memory_order_relaxed);
}

Result<std::uint64_t> uid_prefix() {
  std::uint64_t prefix = g_uid_prefix.load(std::memory_order_acquire);
  if (prefix != 0) return prefix;
  static std::once_flag atfork_once;
  std::call_once(atfork_once, [] { pthread_atfork(nullptr, nullptr, uid_atfork_child); });
  std::uint8_t raw[8];
  TRY_STATUS(crypto::random_bytes(raw));
  std::uint64_t drawn = 1;  // never 0: 0 means "not drawn yet"
  for (std::uint8_t b : raw) drawn = (drawn << 8) | b;
  drawn |= 1;
  // Two first callers race: one prefix wins and both use it.
  if (!g_uid_prefix.compare_exchange_strong(prefix, drawn, std::memory_order_acq_rel)) return prefix;
  return drawn;
}

void append_hex(std::string& out, std::uint64_t v) {
  static constexpr char kHex[] = "0123456789abcdef";
  for (int shift = 60; shift >= 0; shift -= 4) out.push_back(kHex[(v >> shift) & 15]);
}
}  // namespace

Result<std::string> new_unique_id() {
  TRY_ASSIGN(std::uint64_t prefix, uid_prefix());
  const std::uint64_t n = g_uid_counter.fetch_add(1, std::memory_order_relaxed);
  std::string id;
  id.reserve(32);
  append_hex(id, prefix);
  append_hex(id, n);
  return id;
}

Result<CK_OBJECT_HANDLE> store_new_object(SessionCall& call, objects::AttributeMap attrs) {
  const bool token_object = attrs.get_bool_or(CKA_TOKEN, false);
  const bool private_object = attrs.get_bool_or(CKA_PRIVATE, false);
  TRY_STATUS(check_write_access(call, token_object, private_object));
  TRY_ASSIGN(std::string uid, new_unique_id());
  attrs.set_string(CKA_UNIQUE_ID, uid);
  call.session->made_objects.store(true, std::memory_order_relaxed);  // read at close, under the session's lock
  return call.token->add_object(call.handle, std::move(attrs));
}

}  // namespace craton::module
