// The C boundary: no C++ exception may cross into the application, and the
// library never ends the host process. Every export runs inside guard().
#pragma once

#include <new>

#include "craton/pkcs11/pkcs11t.h"

#define CRATON_EXPORT __attribute__((visibility("default")))

namespace craton::abi {

template <class F>
CK_RV guard(F&& f) noexcept {
  try {
    return f();
  } catch (const std::bad_alloc&) {
    return CKR_HOST_MEMORY;
  } catch (...) {
    return CKR_GENERAL_ERROR;
  }
}

}  // namespace craton::abi
