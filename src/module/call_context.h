// Helpers every service function starts with: find the module, the session
// (locked for the call) and its token, and resolve object handles under the
// visibility rules. Also the one place that applies PKCS#11's output-buffer
// convention (NULL buffer = length query; too small = CKR_BUFFER_TOO_SMALL
// with the operation kept alive).
#pragma once

#include <memory>
#include <mutex>

#include "core/result.h"
#include "mechanisms/registry.h"
#include "module/module.h"

namespace craton::module {

// CKR_CRYPTOKI_NOT_INITIALIZED, or CKR_GENERAL_ERROR in the error state.
Result<Module*> current_module();
// The same, but allowed in the error state: status functions only
// (C_GetInfo, C_GetSlotList, C_GetSlotInfo, C_GetTokenInfo).
Result<Module*> current_module_for_status();

struct SessionCall {
  Module* module = nullptr;
  std::shared_ptr<sessions::Session> session;
  CK_SESSION_HANDLE handle = CK_INVALID_HANDLE;
  Token* token = nullptr;
  std::unique_lock<std::mutex> lock;

  // The session state as the spec names it (CKS_RO_PUBLIC_SESSION ...).
  CK_STATE state() const;
  bool logged_in_user() const { return token->login_state() == LoginState::kUser; }
};

// CKR_CRYPTOKI_NOT_INITIALIZED / CKR_SESSION_HANDLE_INVALID.
Result<SessionCall> enter_session(CK_SESSION_HANDLE h);

// An object this session may see: CKR_OBJECT_HANDLE_INVALID otherwise.
Result<std::shared_ptr<objects::Object>> find_object(SessionCall& call, CK_OBJECT_HANDLE h);
// The same for keys named in a mechanism: CKR_KEY_HANDLE_INVALID.
Result<mech::KeyRef> find_key(SessionCall& call, CK_OBJECT_HANDLE h);
mech::KeyResolver key_resolver(SessionCall& call);
// The context a mechanism factory gets: the mechanism, its key (or none)
// and a resolver for keys named in the mechanism parameter.
mech::MechContext context_for(SessionCall& call, CK_MECHANISM_PTR mechanism, mech::KeyRef key);

// May this session create/modify/destroy an object with these attributes?
// Token objects need a R/W session (CKR_SESSION_READ_ONLY); private objects
// need the user logged in (CKR_USER_NOT_LOGGED_IN).
Status check_write_access(const SessionCall& call, bool token_object, bool private_object);

// The registry row for a mechanism, honouring approved-only mode.
Result<const mech::MechanismEntry*> find_mechanism(const Module& m, const CK_MECHANISM* mechanism);

// Caller output buffer: data may be NULL (length query); len must not be NULL.
struct Output {
  CK_BYTE_PTR data;
  CK_ULONG_PTR len;
};

// Runs `produce` (which writes into a span and returns the length written,
// or buffer_too_small) under the output convention. `keep_alive` is set when
// the operation must continue (length query or CKR_BUFFER_TOO_SMALL).
template <class Produce>
CK_RV produce_output(Output out, std::size_t max_len, bool* keep_alive, Produce&& produce) {
  *keep_alive = false;
  if (out.len == nullptr) return CKR_ARGUMENTS_BAD;
  if (out.data == nullptr) {
    *out.len = max_len;
    *keep_alive = true;
    return CKR_OK;
  }
  Result<std::size_t> r = produce(MutableByteView(out.data, *out.len));
  if (!r.is_ok()) {
    if (r.rv() == CKR_BUFFER_TOO_SMALL) {
      *out.len = r.error().needed;
      *keep_alive = true;
    }
    return r.rv();
  }
  *out.len = r.value();
  return CKR_OK;
}

inline ByteView input(CK_BYTE_PTR data, CK_ULONG len) { return ByteView(data, data ? len : 0); }

}  // namespace craton::module
