#include "module_loader.h"

#include <dlfcn.h>

#include <stdexcept>

#include "p11_util.h"

namespace bench {
namespace {

CK_FUNCTION_LIST_3_2* interface_3_2(void* handle) {
  auto get_interface = reinterpret_cast<CK_C_GetInterface>(dlsym(handle, "C_GetInterface"));
  if (get_interface == nullptr) return nullptr;
  CK_VERSION v{3, 2};
  CK_INTERFACE* iface = nullptr;
  char name[] = "PKCS 11";
  if (get_interface(reinterpret_cast<CK_UTF8CHAR_PTR>(name), &v, &iface, 0) != CKR_OK || iface == nullptr) {
    return nullptr;
  }
  return static_cast<CK_FUNCTION_LIST_3_2*>(iface->pFunctionList);
}

}  // namespace

LoadedModule load_module(const std::string& path) {
  LoadedModule m;
  m.path = path;
  m.handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (m.handle == nullptr) throw std::runtime_error(std::string("dlopen: ") + dlerror());
  auto get_list = reinterpret_cast<CK_C_GetFunctionList>(dlsym(m.handle, "C_GetFunctionList"));
  if (get_list == nullptr) throw std::runtime_error("C_GetFunctionList not exported");
  check(get_list(&m.f), "C_GetFunctionList");
  m.f32 = interface_3_2(m.handle);
  CK_C_INITIALIZE_ARGS args{};
  args.flags = CKF_OS_LOCKING_OK;
  check(m.f->C_Initialize(&args), "C_Initialize");
  check(m.f->C_GetInfo(&m.info), "C_GetInfo");
  return m;
}

void finalize_module(LoadedModule& m) {
  if (m.f != nullptr) m.f->C_Finalize(nullptr);
  m.f = nullptr;
  m.f32 = nullptr;
}

}  // namespace bench
