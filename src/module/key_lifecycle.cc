#include "module/key_lifecycle.h"

#include <cstring>

#include "craton/pkcs11/craton_vendor.h"

namespace craton::module {
namespace {

// CK_DATE is "YYYYMMDD" in ASCII; empty means no bound. Returns YYYYMMDD as
// a number, or 0 for an absent/empty/malformed date (treated as no bound).
long date_number(const objects::AttributeMap& attrs, CK_ATTRIBUTE_TYPE type) {
  const SecureBytes* v = attrs.find(type);
  if (v == nullptr || v->size() != 8) return 0;
  long n = 0;
  for (std::uint8_t c : *v) {
    if (c < '0' || c > '9') return 0;
    n = n * 10 + (c - '0');
  }
  return n;
}

long today(std::time_t now) {
  // gmtime_r is cheap but not free; the date changes once a day, so the last
  // answer is cached per thread by the second it was computed for.
  thread_local std::time_t cached_at = -1;
  thread_local long cached_day = 0;
  if (now == cached_at) return cached_day;
  std::tm utc{};
  gmtime_r(&now, &utc);
  cached_at = now;
  cached_day = (utc.tm_year + 1900L) * 10000 + (utc.tm_mon + 1) * 100 + utc.tm_mday;
  return cached_day;
}

}  // namespace

KeyState key_state(const objects::ObjectData& key, std::time_t now) {
  if (key.flag(CKA_VENDOR_CRATON_COMPROMISED)) return KeyState::kCompromised;
  const long start = date_number(key.attrs, CKA_START_DATE);
  const long end = date_number(key.attrs, CKA_END_DATE);
  // Most keys carry no dates: skip the calendar (gmtime_r) entirely then.
  if (start == 0 && end == 0) return KeyState::kActive;
  const long day = today(now);
  if (start != 0 && day < start) return KeyState::kPreActivation;
  if (end != 0 && day > end) return KeyState::kDeactivated;
  return KeyState::kActive;
}

Status check_key_lifecycle(const objects::ObjectData& key, KeyUse use) {
  switch (key_state(key, std::time(nullptr))) {
    case KeyState::kActive: return Status::ok();
    case KeyState::kDeactivated:
      if (use == KeyUse::kProcess) return Status::ok();
      return err(CKR_KEY_FUNCTION_NOT_PERMITTED);
    case KeyState::kPreActivation:
    case KeyState::kCompromised: break;
  }
  return err(CKR_KEY_FUNCTION_NOT_PERMITTED);
}

KeyUse use_for_usage(CK_ATTRIBUTE_TYPE usage) {
  switch (usage) {
    case CKA_VERIFY:
    case CKA_VERIFY_RECOVER:
    case CKA_DECRYPT:
    case CKA_UNWRAP:
    case CKA_DECAPSULATE: return KeyUse::kProcess;
    default: return KeyUse::kProtect;
  }
}

}  // namespace craton::module
