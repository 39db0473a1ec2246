// Audit helpers for the services: one line per security-relevant call,
// with its outcome and, for cryptographic operations, the algorithm
// indicator. Never a PIN, key value or data.
#pragma once

#include <string>
#include <utility>

#include "module/module.h"

namespace craton::module {

inline void audit_call(const char* function, CK_SESSION_HANDLE session, CK_MECHANISM_TYPE mechanism,
                       CK_OBJECT_HANDLE object, CK_RV rv, bool approved = false, std::string detail = {}) {
  if (Module* m = Module::current()) {
    audit::AuditEvent e;
    e.function = function;
    e.session = session;
    e.mechanism = mechanism;
    e.object = object;
    e.rv = rv;
    e.fips_approved = approved;
    e.detail = std::move(detail);
    m->audit(std::move(e));
  }
}

inline CK_MECHANISM_TYPE mechanism_of(const CK_MECHANISM* m) {
  return m ? m->mechanism : CK_UNAVAILABLE_INFORMATION;
}

// Runs `body` and records its outcome under `function`.
template <class Body>
CK_RV audited(const char* function, CK_SESSION_HANDLE session, CK_MECHANISM_TYPE mechanism, Body&& body) {
  CK_RV rv = body();
  audit_call(function, session, mechanism, CK_INVALID_HANDLE, rv);
  return rv;
}

// For single-shot calls that run one mechanism (C_GenerateKey, C_WrapKey,
// C_DeriveKey, C_EncapsulateKey ...): `body(approved)` sets `approved`, the
// algorithm indicator, once it knows the mechanism, and the record carries it.
template <class Body>
CK_RV audited_mechanism(const char* function, CK_SESSION_HANDLE session, CK_MECHANISM_TYPE mechanism, Body&& body) {
  bool approved = false;
  CK_RV rv = body(approved);
  audit_call(function, session, mechanism, CK_INVALID_HANDLE, rv, approved);
  return rv;
}

}  // namespace craton::module
