// Loads a PKCS#11 module with dlopen and obtains its function list through
// C_GetInterface (falling back to C_GetFunctionList for 2.x modules).
#pragma once

#include <stdexcept>
#include <string>

#include "craton/pkcs11/pkcs11.h"

namespace craton::admin {

// A PKCS#11 call returned something other than CKR_OK.
class CkError : public std::runtime_error {
 public:
  CkError(const std::string& function, CK_RV rv);
  CK_RV rv() const { return rv_; }

 private:
  CK_RV rv_;
};

// Throws CkError unless rv == CKR_OK.
void check_rv(const char* function, CK_RV rv);

class Module {
 public:
  // dlopen + C_GetInterface + C_Initialize; throws std::runtime_error/CkError.
  explicit Module(const std::string& path);
  ~Module();
  Module(const Module&) = delete;
  Module& operator=(const Module&) = delete;

  // Functions 1-68 share one layout in every interface version.
  const CK_FUNCTION_LIST& fn() const { return *functions_; }
  const std::string& path() const { return path_; }

 private:
  void resolve_functions();

  std::string path_;
  void* handle_ = nullptr;
  CK_FUNCTION_LIST* functions_ = nullptr;
  bool initialized_ = false;
};

// --module default: $CRATON_HSM_MODULE, else libcraton_hsm.so next to this
// executable, else ../lib/ beside it, else the module of this build tree.
std::string default_module_path();

}  // namespace craton::admin
