#include "module_loader.h"

#include <dlfcn.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <vector>

#include "ck_names.h"

namespace craton::admin {

CkError::CkError(const std::string& function, CK_RV rv)
    : std::runtime_error(function + " failed: " + rv_name(rv)), rv_(rv) {}

void check_rv(const char* function, CK_RV rv) {
  if (rv != CKR_OK) throw CkError(function, rv);
}

namespace {

template <typename Fn>
Fn symbol(void* handle, const char* name) {
  // POSIX guarantees object and function pointers convert losslessly.
  return reinterpret_cast<Fn>(dlsym(handle, name));
}

}  // namespace

Module::Module(const std::string& path) : path_(path) {
  handle_ = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (handle_ == nullptr) {
    const char* why = dlerror();
    throw std::runtime_error("cannot load module " + path + ": " + (why ? why : "unknown error"));
  }
  try {
    resolve_functions();
    CK_C_INITIALIZE_ARGS args{};
    args.flags = CKF_OS_LOCKING_OK;
    check_rv("C_Initialize", functions_->C_Initialize(&args));
    initialized_ = true;
  } catch (...) {
    dlclose(handle_);
    throw;
  }
}

void Module::resolve_functions() {
  auto get_interface = symbol<CK_C_GetInterface>(handle_, "C_GetInterface");
  if (get_interface != nullptr) {
    static CK_UTF8CHAR kName[] = "PKCS 11";
    CK_INTERFACE_PTR iface = nullptr;
    check_rv("C_GetInterface", get_interface(kName, nullptr, &iface, 0));
    if (iface == nullptr || iface->pFunctionList == nullptr) {
      throw std::runtime_error("C_GetInterface returned no function list");
    }
    functions_ = static_cast<CK_FUNCTION_LIST*>(iface->pFunctionList);
    return;
  }
  auto get_list = symbol<CK_C_GetFunctionList>(handle_, "C_GetFunctionList");
  if (get_list == nullptr) {
    throw std::runtime_error(path_ + " exports neither C_GetInterface nor C_GetFunctionList");
  }
  check_rv("C_GetFunctionList", get_list(&functions_));
  if (functions_ == nullptr) throw std::runtime_error("C_GetFunctionList returned NULL");
}

Module::~Module() {
  if (initialized_) functions_->C_Finalize(nullptr);
  if (handle_ != nullptr) dlclose(handle_);
}

std::string default_module_path() {
  namespace fs = std::filesystem;
  if (const char* env = std::getenv("CRATON_HSM_MODULE"); env != nullptr && *env != '\0') {
    return env;
  }
  std::vector<fs::path> candidates;
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    candidates.push_back(exe.parent_path() / "libcraton_hsm.so");
    candidates.push_back(exe.parent_path().parent_path() / "lib" / "libcraton_hsm.so");
  }
  candidates.emplace_back(CRATON_ADMIN_BUILT_MODULE);
  for (const fs::path& p : candidates) {
    if (fs::exists(p, ec)) return p.string();
  }
  return "libcraton_hsm.so";  // let the dynamic linker search
}

}  // namespace craton::admin
