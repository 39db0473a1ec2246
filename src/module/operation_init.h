// The shared start of every C_xxxInit: mechanism lookup, key lookup,
// key-usage and allowed-mechanism checks, then the family's factory.
#pragma once

#include "module/approved_mode.h"
#include "module/audit_events.h"
#include "module/call_context.h"
#include "module/validation_object.h"
#include "sessions/session.h"

namespace craton::module {

// The algorithm indicator of a single-shot call: records it in the session
// (C_GetSessionValidationFlags) and in `approved` (the audit record).
inline void indicate(SessionCall& call, bool entry_approved, bool& approved) {
  approved = entry_approved;
  call.session->last_validation_flags = approved ? kApprovedIndicator : 0;
}

// Checks that `key` may be used with `mechanism` for the purpose named by
// `usage` (CKA_SIGN, CKA_ENCRYPT ...): CKR_KEY_FUNCTION_NOT_PERMITTED if the
// usage attribute is false, CKR_MECHANISM_INVALID if CKA_ALLOWED_MECHANISMS
// excludes the mechanism.
Status check_key_usage(const objects::ObjectData& key, CK_ATTRIBUTE_TYPE usage, CK_MECHANISM_TYPE mechanism);

// `function` ("C_SignInit" ...) names the call in the audit record.
template <class Op, class Factory>
CK_RV start_keyed_operation(const char* function, SessionCall& call, sessions::ActiveOp<Op>& slot,
                            CK_MECHANISM_PTR mechanism, CK_OBJECT_HANDLE key_handle, CK_ATTRIBUTE_TYPE usage,
                            Factory mech::MechanismEntry::*factory) {
  // A NULL mechanism ends the active operation (PKCS#11 3.0 section 5.12).
  if (mechanism == nullptr) {
    if (!slot) return CKR_OPERATION_NOT_INITIALIZED;
    slot.reset();
    return CKR_OK;
  }
  if (slot) return CKR_OPERATION_ACTIVE;
  RV_ASSIGN(const mech::MechanismEntry* entry, find_mechanism(*call.module, mechanism));
  if (entry->*factory == nullptr) return CKR_MECHANISM_INVALID;
  RV_TRY(check_approved_use(*call.module, *entry, usage));
  RV_ASSIGN(mech::KeyRef key, find_key(call, key_handle));
  RV_TRY(check_key_usage(*key, usage, mechanism->mechanism));
  RV_TRY(check_approved_key(*call.module, key->attrs));
  const mech::MechContext ctx = context_for(call, mechanism, key);
  // The session's last finished operation of this kind, if it can restart
  // for the same key snapshot: no new cipher context to build and free.
  if (auto spare = slot.restart_spare(ctx)) {
    slot.op = std::move(spare);
  } else {
    RV_ASSIGN(slot.op, (entry->*factory)(ctx));
  }
  slot.key = std::move(key);
  slot.mechanism = mechanism->mechanism;
  slot.approved = entry->fips_approved || (entry->fips_verify_only && usage == CKA_VERIFY);
  call.session->last_validation_flags = slot.approved ? kApprovedIndicator : 0;
  slot.multipart_started = false;
  slot.needs_context_login = slot.key->flag(CKA_ALWAYS_AUTHENTICATE);
  call.module->audit_operation(function, call.handle, mechanism->mechanism, key_handle, slot.approved);
  return CKR_OK;
}

// start_keyed_operation, with refused starts audited one line each (a
// start that succeeds is counted, see Module::audit_operation).
template <class Op, class Factory>
CK_RV init_keyed_operation(const char* function, SessionCall& call, sessions::ActiveOp<Op>& slot,
                           CK_MECHANISM_PTR mechanism, CK_OBJECT_HANDLE key_handle, CK_ATTRIBUTE_TYPE usage,
                           Factory mech::MechanismEntry::*factory) {
  const CK_RV rv = start_keyed_operation(function, call, slot, mechanism, key_handle, usage, factory);
  if (rv != CKR_OK) audit_call(function, call.handle, mechanism_of(mechanism), key_handle, rv);
  return rv;
}

// Before using an operation: it exists, and any context-specific login
// it needs was made (else the operation ends with CKR_USER_NOT_LOGGED_IN).
template <class Op>
CK_RV check_active(sessions::ActiveOp<Op>& slot) {
  if (!slot) return CKR_OPERATION_NOT_INITIALIZED;
  if (slot.needs_context_login) {
    slot.reset();
    return CKR_USER_NOT_LOGGED_IN;
  }
  return CKR_OK;
}

// Ends the operation unless it must continue.
template <class Op>
CK_RV finish(sessions::ActiveOp<Op>& slot, CK_RV rv, bool keep_alive) {
  if (!keep_alive) slot.reset();
  return rv;
}

}  // namespace craton::module
