#include "commands.h"

#include <cstdio>
#include <stdexcept>
#include <vector>

#include "ck_names.h"

namespace craton::admin {
namespace {

std::vector<CK_SLOT_ID> slot_ids(const CK_FUNCTION_LIST& fn) {
  CK_ULONG count = 0;
  check_rv("C_GetSlotList", fn.C_GetSlotList(CK_FALSE, nullptr, &count));
  std::vector<CK_SLOT_ID> ids(count);
  if (count != 0) check_rv("C_GetSlotList", fn.C_GetSlotList(CK_FALSE, ids.data(), &count));
  ids.resize(count);
  return ids;
}

std::string count_text(CK_ULONG value) {
  if (value == CK_UNAVAILABLE_INFORMATION) return "unavailable";
  return std::to_string(value);
}

// For the maxima, CK_EFFECTIVELY_INFINITE (0) means no limit.
std::string max_text(CK_ULONG value) {
  return value == CK_EFFECTIVELY_INFINITE ? "unlimited" : count_text(value);
}

void print_token(const CK_TOKEN_INFO& t) {
  std::printf("  token label:   %s\n", padded_field(t.label, sizeof t.label).c_str());
  std::printf("  manufacturer:  %s\n",
              padded_field(t.manufacturerID, sizeof t.manufacturerID).c_str());
  std::printf("  model:         %s\n", padded_field(t.model, sizeof t.model).c_str());
  std::printf("  serial:        %s\n",
              padded_field(t.serialNumber, sizeof t.serialNumber).c_str());
  std::printf("  token flags:   %s\n", token_flags(t.flags).c_str());
  std::printf("  PIN length:    %lu..%lu\n", t.ulMinPinLen, t.ulMaxPinLen);
  std::printf("  sessions:      %s open (max %s), %s read/write (max %s)\n",
              count_text(t.ulSessionCount).c_str(), max_text(t.ulMaxSessionCount).c_str(),
              count_text(t.ulRwSessionCount).c_str(), max_text(t.ulMaxRwSessionCount).c_str());
  std::printf("  versions:      hardware %u.%u, firmware %u.%u\n", t.hardwareVersion.major,
              t.hardwareVersion.minor, t.firmwareVersion.major, t.firmwareVersion.minor);
}

// Read/write session that is closed (and logged out) on every exit path.
class Session {
 public:
  Session(const CK_FUNCTION_LIST& fn, CK_SLOT_ID slot) : fn_(fn) {
    check_rv("C_OpenSession", fn_.C_OpenSession(slot, CKF_SERIAL_SESSION | CKF_RW_SESSION,
                                                nullptr, nullptr, &handle_));
  }
  ~Session() {
    if (logged_in_) fn_.C_Logout(handle_);
    fn_.C_CloseSession(handle_);
  }
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  void login(CK_USER_TYPE user, Secret& pin) {
    check_rv("C_Login", fn_.C_Login(handle_, user, pin.data(), pin.size()));
    logged_in_ = true;
  }
  CK_SESSION_HANDLE handle() const { return handle_; }

 private:
  const CK_FUNCTION_LIST& fn_;
  CK_SESSION_HANDLE handle_ = CK_INVALID_HANDLE;
  bool logged_in_ = false;
};

}  // namespace

void list_slots(const Module& module) {
  const CK_FUNCTION_LIST& fn = module.fn();
  CK_INFO info{};
  check_rv("C_GetInfo", fn.C_GetInfo(&info));
  std::printf("Module:        %s\n", module.path().c_str());
  std::printf("Library:       %s %u.%u (Cryptoki %u.%u), %s\n",
              padded_field(info.libraryDescription, sizeof info.libraryDescription).c_str(),
              info.libraryVersion.major, info.libraryVersion.minor,
              info.cryptokiVersion.major, info.cryptokiVersion.minor,
              padded_field(info.manufacturerID, sizeof info.manufacturerID).c_str());
  for (CK_SLOT_ID id : slot_ids(fn)) {
    CK_SLOT_INFO slot{};
    check_rv("C_GetSlotInfo", fn.C_GetSlotInfo(id, &slot));
    std::printf("Slot %lu: %s\n", id,
                padded_field(slot.slotDescription, sizeof slot.slotDescription).c_str());
    std::printf("  slot flags:    %s\n", slot_flags(slot.flags).c_str());
    if ((slot.flags & CKF_TOKEN_PRESENT) == 0) {
      std::printf("  (no token)\n");
      continue;
    }
    CK_TOKEN_INFO token{};
    check_rv("C_GetTokenInfo", fn.C_GetTokenInfo(id, &token));
    print_token(token);
  }
}

void list_mechanisms(const Module& module, CK_SLOT_ID slot) {
  const CK_FUNCTION_LIST& fn = module.fn();
  CK_ULONG count = 0;
  check_rv("C_GetMechanismList", fn.C_GetMechanismList(slot, nullptr, &count));
  std::vector<CK_MECHANISM_TYPE> types(count);
  if (count != 0) check_rv("C_GetMechanismList", fn.C_GetMechanismList(slot, types.data(), &count));
  types.resize(count);
  std::printf("%lu mechanisms in slot %lu:\n", count, slot);
  for (CK_MECHANISM_TYPE type : types) {
    CK_MECHANISM_INFO info{};
    check_rv("C_GetMechanismInfo", fn.C_GetMechanismInfo(slot, type, &info));
    std::printf("%-36s 0x%08lX  keysize %lu..%lu  %s\n", mechanism_name(type).c_str(), type,
                info.ulMinKeySize, info.ulMaxKeySize, mechanism_flags(info.flags).c_str());
  }
}

void init_token(const Module& module, CK_SLOT_ID slot, const std::string& label,
                const SecretSource& so_pin) {
  if (label.size() > 32) throw std::runtime_error("token label longer than 32 bytes");
  CK_UTF8CHAR padded[32];
  for (std::size_t i = 0; i < sizeof padded; ++i) {
    padded[i] = i < label.size() ? static_cast<CK_UTF8CHAR>(label[i]) : ' ';
  }
  Secret pin = read_secret(so_pin);
  check_rv("C_InitToken", module.fn().C_InitToken(slot, pin.data(), pin.size(), padded));
  std::printf("Token in slot %lu initialised with label \"%s\"\n", slot, label.c_str());
}

void init_pin(const Module& module, CK_SLOT_ID slot, const SecretSource& so_pin,
              const SecretSource& user_pin) {
  Secret so = read_secret(so_pin);
  Secret user = read_secret(user_pin);
  Session session(module.fn(), slot);
  session.login(CKU_SO, so);
  check_rv("C_InitPIN", module.fn().C_InitPIN(session.handle(), user.data(), user.size()));
  std::printf("User PIN of the token in slot %lu initialised\n", slot);
}

namespace {

// Every key object (secret, private or public) whose label or id matches.
std::vector<CK_OBJECT_HANDLE> find_keys(const CK_FUNCTION_LIST& fn, CK_SESSION_HANDLE session,
                                        const KeySelector& which) {
  std::vector<CK_OBJECT_HANDLE> found;
  for (CK_OBJECT_CLASS cls : {CKO_SECRET_KEY, CKO_PRIVATE_KEY, CKO_PUBLIC_KEY}) {
    std::vector<CK_ATTRIBUTE> tmpl{{CKA_CLASS, &cls, sizeof cls}};
    if (!which.label.empty())
      tmpl.push_back({CKA_LABEL, const_cast<char*>(which.label.data()), static_cast<CK_ULONG>(which.label.size())});
    if (!which.id.empty())
      tmpl.push_back({CKA_ID, const_cast<unsigned char*>(which.id.data()), static_cast<CK_ULONG>(which.id.size())});
    check_rv("C_FindObjectsInit", fn.C_FindObjectsInit(session, tmpl.data(), static_cast<CK_ULONG>(tmpl.size())));
    CK_OBJECT_HANDLE batch[64];
    CK_ULONG n = 0;
    CK_RV rv = CKR_OK;
    while ((rv = fn.C_FindObjects(session, batch, 64, &n)) == CKR_OK && n != 0) found.insert(found.end(), batch, batch + n);
    fn.C_FindObjectsFinal(session);
    check_rv("C_FindObjects", rv);
  }
  return found;
}

}  // namespace

std::size_t mark_compromised(const Module& module, CK_SLOT_ID slot, const KeySelector& which, bool as_so,
                             const SecretSource& pin) {
  if (which.label.empty() && which.id.empty()) throw std::runtime_error("give --label or --id (or both)");
  const CK_FUNCTION_LIST& fn = module.fn();
  Secret secret = read_secret(pin);
  Session session(fn, slot);
  session.login(as_so ? CKU_SO : CKU_USER, secret);
  const std::vector<CK_OBJECT_HANDLE> keys = find_keys(fn, session.handle(), which);
  if (keys.empty()) throw std::runtime_error("no key object matches (an SO session sees public objects only)");
  CK_BBOOL yes = CK_TRUE;
  CK_ATTRIBUTE mark{CKA_VENDOR_CRATON_COMPROMISED, &yes, sizeof yes};
  for (CK_OBJECT_HANDLE key : keys) check_rv("C_SetAttributeValue", fn.C_SetAttributeValue(session.handle(), key, &mark, 1));
  std::printf("%zu key object(s) in slot %lu marked compromised: they can no longer be used\n", keys.size(), slot);
  return keys.size();
}

}  // namespace craton::admin
