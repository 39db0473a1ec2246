// Black-box test harness: loads the built module with dlopen and drives it
// through C_GetInterface("PKCS 11", 3.2), exactly like an application.
// Each test gets a fresh in-memory token (storage.backend = "memory").
#pragma once

#include <dlfcn.h>
#include <sys/wait.h>
#include <unistd.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <algorithm>
#include <string>
#include <vector>

#include "craton/pkcs11/pkcs11.h"

namespace craton::test {

using Bytes = std::vector<unsigned char>;

inline constexpr char kSoPin[] = "so-pin-1234";
inline constexpr char kUserPin[] = "user-pin-1234";

// The loaded module, shared by every test in the process.
struct LoadedModule {
  void* handle = nullptr;
  CK_FUNCTION_LIST_3_2* fns = nullptr;
  CK_C_GetInterface get_interface = nullptr;
  CK_C_GetInterfaceList get_interface_list = nullptr;
  CK_C_GetFunctionList get_function_list = nullptr;
};
LoadedModule& module();

// Writes a configuration file and points CRATON_HSM_CONF at it.
void use_config(const std::string& toml_body);
std::string default_test_config();

class ModuleTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  CK_FUNCTION_LIST_3_2* f() { return module().fns; }

  // Token helpers (slot 0 unless given).
  void init_token(CK_SLOT_ID slot = 0);
  void init_user_pin(CK_SLOT_ID slot = 0);
  CK_SESSION_HANDLE open_session(bool rw = true, CK_SLOT_ID slot = 0);
  // init token + user PIN, open a R/W session, log in as user.
  CK_SESSION_HANDLE ready_user_session(CK_SLOT_ID slot = 0);

  Bytes get_attr(CK_SESSION_HANDLE s, CK_OBJECT_HANDLE o, CK_ATTRIBUTE_TYPE type);
  CK_ULONG get_ulong_attr(CK_SESSION_HANDLE s, CK_OBJECT_HANDLE o, CK_ATTRIBUTE_TYPE type);

  CK_OBJECT_HANDLE create_aes_key(CK_SESSION_HANDLE s, const Bytes& value, bool token = false);
  CK_OBJECT_HANDLE generate_aes_key(CK_SESSION_HANDLE s, CK_ULONG len = 32, bool token = false);

  bool initialized_ = false;
};

Bytes from_hex(const std::string& hex);
std::string to_hex(const Bytes& b);

inline CK_ATTRIBUTE attr(CK_ATTRIBUTE_TYPE t, const void* v, CK_ULONG len) {
  return CK_ATTRIBUTE{t, const_cast<void*>(v), len};
}

}  // namespace craton::test

// CK_RV comparisons print as hex.
#define EXPECT_RV(expected, expr) EXPECT_EQ(static_cast<CK_RV>(expected), static_cast<CK_RV>(expr))
#define ASSERT_RV(expected, expr) ASSERT_EQ(static_cast<CK_RV>(expected), static_cast<CK_RV>(expr))
#define ASSERT_OK(expr) ASSERT_RV(CKR_OK, expr)
#define EXPECT_OK(expr) EXPECT_RV(CKR_OK, expr)
