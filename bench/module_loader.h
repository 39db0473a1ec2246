// Loads a PKCS#11 module by path (dlopen), as any application does: the 2.40
// function list from C_GetFunctionList, and the 3.2 list from C_GetInterface
// when the module exports it (needed for C_EncapsulateKey / C_DecapsulateKey).
#pragma once

#include <string>

#include "craton/pkcs11/pkcs11.h"

namespace bench {

struct LoadedModule {
  std::string path;
  void* handle = nullptr;
  CK_FUNCTION_LIST* f = nullptr;        // always set
  CK_FUNCTION_LIST_3_2* f32 = nullptr;  // only for modules offering "PKCS 11" 3.2
  CK_INFO info{};
};

// dlopen + function lists + C_Initialize (CKF_OS_LOCKING_OK: the benchmark is
// multi-threaded). Throws std::runtime_error / P11Error on failure. The
// module's configuration environment must be prepared before this call.
LoadedModule load_module(const std::string& path);

// C_Finalize; the library stays mapped (some modules misbehave on unload).
void finalize_module(LoadedModule& m);

}  // namespace bench
