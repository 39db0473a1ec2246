// The C boundary: no C++ exception may cross into the application, and the
// library never ends the host process. Every export runs inside guard().
#pragma once

#include <new>

#include "craton/pkcs11/pkcs11t.h"

#define CRATON_EXPORT __attribute__((visibility("default")))

namespace craton::module {
// CKR_GENERAL_ERROR once the module is in its error state, else `rv`
// (defined in src/module/module.cc).
CK_RV rv_in_error_state(CK_RV rv) noexcept;
}  // namespace craton::module

namespace craton::abi {

template <class F>
CK_RV guard(F&& f) noexcept {
  try {
    // A call during which a self-test failed (DRBG continuous test, pairwise
    // test) answers as every later call will: CKR_GENERAL_ERROR.
    const CK_RV rv = f();
    return rv == CKR_FUNCTION_FAILED ? craton::module::rv_in_error_state(rv) : rv;
  } catch (const std::bad_alloc&) {
    return CKR_HOST_MEMORY;
  } catch (...) {
    return CKR_GENERAL_ERROR;
  }
}

}  // namespace craton::abi
