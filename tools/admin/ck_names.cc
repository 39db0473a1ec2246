#include "ck_names.h"

#include <cstdio>
#include <span>

namespace craton::admin {
namespace {

struct CkName {
  unsigned long value;
  const char* name;
};

#include "ck_name_tables.inc"

struct FlagName {
  CK_FLAGS bit;
  const char* name;
};

constexpr FlagName kSlotFlags[] = {
    {CKF_TOKEN_PRESENT, "CKF_TOKEN_PRESENT"},
    {CKF_REMOVABLE_DEVICE, "CKF_REMOVABLE_DEVICE"},
    {CKF_HW_SLOT, "CKF_HW_SLOT"},
};

constexpr FlagName kTokenFlags[] = {
    {CKF_RNG, "CKF_RNG"},
    {CKF_WRITE_PROTECTED, "CKF_WRITE_PROTECTED"},
    {CKF_LOGIN_REQUIRED, "CKF_LOGIN_REQUIRED"},
    {CKF_USER_PIN_INITIALIZED, "CKF_USER_PIN_INITIALIZED"},
    {CKF_RESTORE_KEY_NOT_NEEDED, "CKF_RESTORE_KEY_NOT_NEEDED"},
    {CKF_CLOCK_ON_TOKEN, "CKF_CLOCK_ON_TOKEN"},
    {CKF_PROTECTED_AUTHENTICATION_PATH, "CKF_PROTECTED_AUTHENTICATION_PATH"},
    {CKF_DUAL_CRYPTO_OPERATIONS, "CKF_DUAL_CRYPTO_OPERATIONS"},
    {CKF_TOKEN_INITIALIZED, "CKF_TOKEN_INITIALIZED"},
    {CKF_SECONDARY_AUTHENTICATION, "CKF_SECONDARY_AUTHENTICATION"},
    {CKF_USER_PIN_COUNT_LOW, "CKF_USER_PIN_COUNT_LOW"},
    {CKF_USER_PIN_FINAL_TRY, "CKF_USER_PIN_FINAL_TRY"},
    {CKF_USER_PIN_LOCKED, "CKF_USER_PIN_LOCKED"},
    {CKF_USER_PIN_TO_BE_CHANGED, "CKF_USER_PIN_TO_BE_CHANGED"},
    {CKF_SO_PIN_COUNT_LOW, "CKF_SO_PIN_COUNT_LOW"},
    {CKF_SO_PIN_FINAL_TRY, "CKF_SO_PIN_FINAL_TRY"},
    {CKF_SO_PIN_LOCKED, "CKF_SO_PIN_LOCKED"},
    {CKF_SO_PIN_TO_BE_CHANGED, "CKF_SO_PIN_TO_BE_CHANGED"},
    {CKF_ERROR_STATE, "CKF_ERROR_STATE"},
    {CKF_SEED_RANDOM_REQUIRED, "CKF_SEED_RANDOM_REQUIRED"},
    {CKF_ASYNC_SESSION_SUPPORTED, "CKF_ASYNC_SESSION_SUPPORTED"},
};

constexpr FlagName kMechanismFlags[] = {
    {CKF_HW, "CKF_HW"},
    {CKF_MESSAGE_ENCRYPT, "CKF_MESSAGE_ENCRYPT"},
    {CKF_MESSAGE_DECRYPT, "CKF_MESSAGE_DECRYPT"},
    {CKF_MESSAGE_SIGN, "CKF_MESSAGE_SIGN"},
    {CKF_MESSAGE_VERIFY, "CKF_MESSAGE_VERIFY"},
    {CKF_MULTI_MESSAGE, "CKF_MULTI_MESSAGE"},
    {CKF_FIND_OBJECTS, "CKF_FIND_OBJECTS"},
    {CKF_ENCRYPT, "CKF_ENCRYPT"},
    {CKF_DECRYPT, "CKF_DECRYPT"},
    {CKF_DIGEST, "CKF_DIGEST"},
    {CKF_SIGN, "CKF_SIGN"},
    {CKF_SIGN_RECOVER, "CKF_SIGN_RECOVER"},
    {CKF_VERIFY, "CKF_VERIFY"},
    {CKF_VERIFY_RECOVER, "CKF_VERIFY_RECOVER"},
    {CKF_GENERATE, "CKF_GENERATE"},
    {CKF_GENERATE_KEY_PAIR, "CKF_GENERATE_KEY_PAIR"},
    {CKF_WRAP, "CKF_WRAP"},
    {CKF_UNWRAP, "CKF_UNWRAP"},
    {CKF_DERIVE, "CKF_DERIVE"},
    {CKF_EC_F_P, "CKF_EC_F_P"},
    {CKF_EC_F_2M, "CKF_EC_F_2M"},
    {CKF_EC_ECPARAMETERS, "CKF_EC_ECPARAMETERS"},
    {CKF_EC_OID, "CKF_EC_OID"},
    {CKF_EC_UNCOMPRESS, "CKF_EC_UNCOMPRESS"},
    {CKF_EC_COMPRESS, "CKF_EC_COMPRESS"},
    {CKF_EC_CURVENAME, "CKF_EC_CURVENAME"},
    {CKF_ENCAPSULATE, "CKF_ENCAPSULATE"},
    {CKF_DECAPSULATE, "CKF_DECAPSULATE"},
    {CKF_EXTENSION, "CKF_EXTENSION"},
};

std::string hex(unsigned long value) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "0x%08lX", value);
  return buf;
}

std::string lookup(std::span<const CkName> table, unsigned long value, const char* prefix) {
  for (const CkName& row : table) {
    if (row.value == value) return row.name;
  }
  return std::string(prefix) + hex(value);
}

std::string decode(std::span<const FlagName> table, CK_FLAGS flags) {
  std::string out;
  CK_FLAGS known = 0;
  for (const FlagName& row : table) {
    if ((flags & row.bit) == 0) continue;
    if (!out.empty()) out += ' ';
    out += row.name;
    known |= row.bit;
  }
  if ((flags & ~known) != 0) {
    if (!out.empty()) out += ' ';
    out += "other=" + hex(flags & ~known);
  }
  return out.empty() ? "(none)" : out;
}

}  // namespace

std::string rv_name(CK_RV rv) { return lookup(kReturnValueNames, rv, "CKR_"); }
std::string mechanism_name(CK_MECHANISM_TYPE type) {
  return lookup(kMechanismNames, type, "CKM_");
}
std::string slot_flags(CK_FLAGS flags) { return decode(kSlotFlags, flags); }
std::string token_flags(CK_FLAGS flags) { return decode(kTokenFlags, flags); }
std::string mechanism_flags(CK_FLAGS flags) { return decode(kMechanismFlags, flags); }

std::string padded_field(const CK_UTF8CHAR* data, std::size_t size) {
  std::string s(reinterpret_cast<const char*>(data), size);
  const auto end = s.find_last_not_of(" \0", std::string::npos, 2);
  return end == std::string::npos ? std::string() : s.substr(0, end + 1);
}

}  // namespace craton::admin
