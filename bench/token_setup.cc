#include "token_setup.h"

#include <stdlib.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <vector>

#include "p11_util.h"

namespace bench {
namespace {

bool contains(const std::string& s, const char* part) { return s.find(part) != std::string::npos; }

void write_file(const std::string& path, const std::string& body) {
  std::ofstream out(path);
  out << body;
  if (!out) throw std::runtime_error("cannot write " + path);
}

std::string craton_config(const std::string& dir, const TokenOptions& options) {
  std::string s = "[token]\nslot_count = 1\nlabels = [\"" + std::string(kTokenLabel) + "\"]\n";
  s += "[storage]\nbackend = \"sqlite\"\npath = \"" + dir + "/store\"\npbkdf2_iterations = 100000\n";
  s += "[logging]\nlevel = \"error\"\n";
  if (!options.craton_audit) s += "[audit]\nenabled = false\n";
  return s;
}

std::string softhsm_config(const std::string& dir) {
  return "directories.tokendir = " + dir + "/tokens\nobjectstore.backend = file\nlog.level = ERROR\n"
         "slots.removable = false\n";
}

std::vector<CK_SLOT_ID> slots(CK_FUNCTION_LIST* f, bool with_token) {
  CK_ULONG n = 0;
  check(f->C_GetSlotList(with_token ? CK_TRUE : CK_FALSE, nullptr, &n), "C_GetSlotList");
  std::vector<CK_SLOT_ID> ids(n);
  check(f->C_GetSlotList(with_token ? CK_TRUE : CK_FALSE, ids.data(), &n), "C_GetSlotList");
  ids.resize(n);
  return ids;
}

CK_SLOT_ID find_uninitialised(CK_FUNCTION_LIST* f) {
  for (CK_SLOT_ID id : slots(f, true)) {
    CK_TOKEN_INFO info{};
    if (f->C_GetTokenInfo(id, &info) == CKR_OK && (info.flags & CKF_TOKEN_INITIALIZED) == 0) return id;
  }
  throw std::runtime_error("no slot with an uninitialised token");
}

CK_SLOT_ID find_by_label(CK_FUNCTION_LIST* f) {
  for (CK_SLOT_ID id : slots(f, true)) {
    CK_TOKEN_INFO info{};
    if (f->C_GetTokenInfo(id, &info) == CKR_OK && padded_field(info.label, sizeof info.label) == kTokenLabel) return id;
  }
  throw std::runtime_error("the initialised token is not in the slot list");
}

CK_UTF8CHAR_PTR pin(const char* p) { return reinterpret_cast<CK_UTF8CHAR_PTR>(const_cast<char*>(p)); }

}  // namespace

ModuleKind guess_kind(const std::string& name, const std::string& path) {
  if (contains(name, "softhsm") || contains(path, "softhsm")) return ModuleKind::kSoftHsm;
  if (contains(name, "craton") || contains(path, "craton")) return ModuleKind::kCraton;
  return ModuleKind::kOther;
}

std::string prepare_environment(ModuleKind kind, const TokenOptions& options) {
  char tmpl[] = "/tmp/craton-bench-XXXXXX";
  if (mkdtemp(tmpl) == nullptr) throw std::runtime_error("mkdtemp failed");
  const std::string dir = tmpl;
  if (kind == ModuleKind::kCraton) {
    std::filesystem::create_directories(dir + "/store");
    write_file(dir + "/craton_hsm.toml", craton_config(dir, options));
    setenv("CRATON_HSM_CONF", (dir + "/craton_hsm.toml").c_str(), 1);
  } else if (kind == ModuleKind::kSoftHsm) {
    std::filesystem::create_directories(dir + "/tokens");
    write_file(dir + "/softhsm2.conf", softhsm_config(dir));
    setenv("SOFTHSM2_CONF", (dir + "/softhsm2.conf").c_str(), 1);
  }
  return dir;
}

CK_SLOT_ID init_token(CK_FUNCTION_LIST* f) {
  const CK_SLOT_ID slot = find_uninitialised(f);
  CK_UTF8CHAR label[32];
  std::memset(label, ' ', sizeof label);
  std::memcpy(label, kTokenLabel, std::strlen(kTokenLabel));
  check(f->C_InitToken(slot, pin(kSoPin), std::strlen(kSoPin), label), "C_InitToken");
  const CK_SLOT_ID now = find_by_label(f);
  CK_SESSION_HANDLE s = CK_INVALID_HANDLE;
  check(f->C_OpenSession(now, CKF_SERIAL_SESSION | CKF_RW_SESSION, nullptr, nullptr, &s), "C_OpenSession");
  check(f->C_Login(s, CKU_SO, pin(kSoPin), std::strlen(kSoPin)), "C_Login(SO)");
  check(f->C_InitPIN(s, pin(kUserPin), std::strlen(kUserPin)), "C_InitPIN");
  check(f->C_Logout(s), "C_Logout");
  check(f->C_CloseSession(s), "C_CloseSession");
  return now;
}

CK_SESSION_HANDLE open_user_session(CK_FUNCTION_LIST* f, CK_SLOT_ID slot) {
  CK_SESSION_HANDLE s = CK_INVALID_HANDLE;
  check(f->C_OpenSession(slot, CKF_SERIAL_SESSION | CKF_RW_SESSION, nullptr, nullptr, &s), "C_OpenSession");
  check(f->C_Login(s, CKU_USER, pin(kUserPin), std::strlen(kUserPin)), "C_Login(user)");
  return s;
}

void remove_temp_dir(const std::string& dir) {
  if (dir.rfind("/tmp/craton-bench-", 0) != 0) return;  // never anything else
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
}

}  // namespace bench
