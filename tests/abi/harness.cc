#include "harness.h"

#include <sys/wait.h>
#include <unistd.h>

namespace craton::test {

LoadedModule& module() {
  static LoadedModule m = [] {
    LoadedModule lm;
    lm.handle = dlopen(CRATON_MODULE_PATH, RTLD_NOW | RTLD_LOCAL);
    if (lm.handle == nullptr) {
      std::fprintf(stderr, "dlopen failed: %s\n", dlerror());
      std::abort();
    }
    lm.get_interface = reinterpret_cast<CK_C_GetInterface>(dlsym(lm.handle, "C_GetInterface"));
    lm.get_interface_list = reinterpret_cast<CK_C_GetInterfaceList>(dlsym(lm.handle, "C_GetInterfaceList"));
    lm.get_function_list = reinterpret_cast<CK_C_GetFunctionList>(dlsym(lm.handle, "C_GetFunctionList"));
    CK_INTERFACE* iface = nullptr;
    CK_VERSION v{3, 2};
    if (lm.get_interface == nullptr ||
        lm.get_interface(reinterpret_cast<CK_UTF8CHAR_PTR>(const_cast<char*>("PKCS 11")), &v, &iface, 0) != CKR_OK) {
      std::fprintf(stderr, "C_GetInterface failed\n");
      std::abort();
    }
    lm.fns = static_cast<CK_FUNCTION_LIST_3_2*>(iface->pFunctionList);
    // The per-process config and audit log (see below) go when the process does.
    std::atexit([] {
      const std::string pid = std::to_string(getpid());
      std::remove(("/tmp/craton_abi_audit_" + pid + ".log").c_str());
      std::remove(("/tmp/craton_abi_test_" + pid + ".toml").c_str());
    });
    return lm;
  }();
  return m;
}

std::string default_test_config() {
  return "[token]\nslot_count = 2\npin_min_length = 4\nmax_login_failures = 5\n"
         "[storage]\nbackend = \"memory\"\npbkdf2_iterations = 100000\n"
         "[logging]\nlevel = \"error\"\n"
         "[audit]\npath = \"/tmp/craton_abi_audit_" + std::to_string(getpid()) + ".log\"\n";
}

void use_config(const std::string& toml_body) {
  static const std::string path = "/tmp/craton_abi_test_" + std::to_string(getpid()) + ".toml";
  std::ofstream(path) << toml_body;
  setenv("CRATON_HSM_CONF", path.c_str(), 1);
}

void ModuleTest::SetUp() {
  use_config(default_test_config());
  ASSERT_OK(f()->C_Initialize(nullptr));
  initialized_ = true;
}

void ModuleTest::TearDown() {
  if (initialized_) f()->C_Finalize(nullptr);
}

void ModuleTest::init_token(CK_SLOT_ID slot) {
  CK_UTF8CHAR label[32];
  std::memset(label, ' ', sizeof label);
  std::memcpy(label, "test token", 10);
  ASSERT_OK(f()->C_InitToken(slot, (CK_UTF8CHAR_PTR)kSoPin, std::strlen(kSoPin), label));
}

void ModuleTest::init_user_pin(CK_SLOT_ID slot) {
  CK_SESSION_HANDLE s = open_session(true, slot);
  ASSERT_OK(f()->C_Login(s, CKU_SO, (CK_UTF8CHAR_PTR)kSoPin, std::strlen(kSoPin)));
  ASSERT_OK(f()->C_InitPIN(s, (CK_UTF8CHAR_PTR)kUserPin, std::strlen(kUserPin)));
  ASSERT_OK(f()->C_Logout(s));
  ASSERT_OK(f()->C_CloseSession(s));
}

CK_SESSION_HANDLE ModuleTest::open_session(bool rw, CK_SLOT_ID slot) {
  CK_SESSION_HANDLE s = CK_INVALID_HANDLE;
  CK_FLAGS flags = CKF_SERIAL_SESSION | (rw ? CKF_RW_SESSION : 0);
  EXPECT_OK(f()->C_OpenSession(slot, flags, nullptr, nullptr, &s));
  return s;
}

CK_SESSION_HANDLE ModuleTest::ready_user_session(CK_SLOT_ID slot) {
  init_token(slot);
  init_user_pin(slot);
  CK_SESSION_HANDLE s = open_session(true, slot);
  EXPECT_OK(f()->C_Login(s, CKU_USER, (CK_UTF8CHAR_PTR)kUserPin, std::strlen(kUserPin)));
  return s;
}

Bytes ModuleTest::get_attr(CK_SESSION_HANDLE s, CK_OBJECT_HANDLE o, CK_ATTRIBUTE_TYPE type) {
  CK_ATTRIBUTE a{type, nullptr, 0};
  EXPECT_OK(f()->C_GetAttributeValue(s, o, &a, 1));
  Bytes out(a.ulValueLen == CK_UNAVAILABLE_INFORMATION ? 0 : a.ulValueLen);
  a.pValue = out.data();
  EXPECT_OK(f()->C_GetAttributeValue(s, o, &a, 1));
  return out;
}

CK_ULONG ModuleTest::get_ulong_attr(CK_SESSION_HANDLE s, CK_OBJECT_HANDLE o, CK_ATTRIBUTE_TYPE type) {
  CK_ULONG v = 0;
  CK_ATTRIBUTE a{type, &v, sizeof v};
  EXPECT_OK(f()->C_GetAttributeValue(s, o, &a, 1));
  return v;
}

CK_OBJECT_HANDLE ModuleTest::create_aes_key(CK_SESSION_HANDLE s, const Bytes& value, bool token) {
  CK_OBJECT_CLASS cls = CKO_SECRET_KEY;
  CK_KEY_TYPE kt = CKK_AES;
  CK_BBOOL yes = CK_TRUE;
  CK_BBOOL tok = token ? CK_TRUE : CK_FALSE;
  CK_ATTRIBUTE t[] = {attr(CKA_CLASS, &cls, sizeof cls),        attr(CKA_KEY_TYPE, &kt, sizeof kt),
                      attr(CKA_VALUE, value.data(), value.size()), attr(CKA_TOKEN, &tok, 1),
                      attr(CKA_ENCRYPT, &yes, 1),                attr(CKA_DECRYPT, &yes, 1),
                      attr(CKA_WRAP, &yes, 1),                   attr(CKA_UNWRAP, &yes, 1),
                      attr(CKA_SIGN, &yes, 1),                   attr(CKA_VERIFY, &yes, 1)};
  CK_OBJECT_HANDLE h = CK_INVALID_HANDLE;
  EXPECT_OK(f()->C_CreateObject(s, t, sizeof t / sizeof t[0], &h));
  return h;
}

CK_OBJECT_HANDLE ModuleTest::generate_aes_key(CK_SESSION_HANDLE s, CK_ULONG len, bool token) {
  CK_MECHANISM m{CKM_AES_KEY_GEN, nullptr, 0};
  CK_BBOOL tok = token ? CK_TRUE : CK_FALSE;
  CK_BBOOL yes = CK_TRUE;
  CK_ATTRIBUTE t[] = {attr(CKA_VALUE_LEN, &len, sizeof len), attr(CKA_TOKEN, &tok, 1), attr(CKA_ENCRYPT, &yes, 1),
                      attr(CKA_DECRYPT, &yes, 1), attr(CKA_WRAP, &yes, 1), attr(CKA_UNWRAP, &yes, 1)};
  CK_OBJECT_HANDLE h = CK_INVALID_HANDLE;
  EXPECT_OK(f()->C_GenerateKey(s, &m, t, sizeof t / sizeof t[0], &h));
  return h;
}

Bytes from_hex(const std::string& hex) {
  Bytes out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) out.push_back(static_cast<unsigned char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
  return out;
}

std::string to_hex(const Bytes& b) {
  static const char* k = "0123456789abcdef";
  std::string s;
  for (auto c : b) {
    s.push_back(k[c >> 4]);
    s.push_back(k[c & 15]);
  }
  return s;
}

}  // namespace craton::test
