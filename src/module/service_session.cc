// Sessions, login and PINs, operation state, validation flags.
#include <cstring>

#include "module/audit_events.h"
#include "module/call_context.h"
#include "module/services.h"

namespace craton::module {

// Notify callbacks are accepted but never called: we make no surrender calls.
CK_RV open_session(CK_SLOT_ID slot, CK_FLAGS flags, CK_VOID_PTR /*application*/, CK_NOTIFY /*notify*/,
                   CK_SESSION_HANDLE_PTR session) {
  RV_ASSIGN(Module * m, current_module());
  Token* t = m->token(slot);
  if (t == nullptr) return CKR_SLOT_ID_INVALID;
  if (session == nullptr) return CKR_ARGUMENTS_BAD;
  if (!(flags & CKF_SERIAL_SESSION)) return CKR_SESSION_PARALLEL_NOT_SUPPORTED;
  if (flags & CKF_ASYNC_SESSION) return CKR_SESSION_ASYNC_NOT_SUPPORTED;
  if (flags & ~(CKF_SERIAL_SESSION | CKF_RW_SESSION)) return CKR_ARGUMENTS_BAD;
  // An SO may only have R/W sessions (PKCS#11 5.6: CKR_SESSION_READ_WRITE_SO_EXISTS).
  if (!(flags & CKF_RW_SESSION) && t->login_state() == LoginState::kSecurityOfficer)
    return CKR_SESSION_READ_WRITE_SO_EXISTS;
  auto s = std::make_shared<sessions::Session>(slot, flags);
  t->session_count.fetch_add(1);
  if (flags & CKF_RW_SESSION) t->rw_session_count.fetch_add(1);
  *session = m->sessions().insert(std::move(s));
  return CKR_OK;
}

CK_RV close_session(CK_SESSION_HANDLE h) {
  RV_ASSIGN(Module * m, current_module());
  return m->close_session(h).rv();
}

CK_RV close_all_sessions(CK_SLOT_ID slot) {
  RV_ASSIGN(Module * m, current_module());
  if (m->token(slot) == nullptr) return CKR_SLOT_ID_INVALID;
  m->close_all_sessions(slot);
  return CKR_OK;
}

CK_RV get_session_info(CK_SESSION_HANDLE h, CK_SESSION_INFO_PTR info) {
  RV_ASSIGN(SessionCall call, enter_session(h));
  if (info == nullptr) return CKR_ARGUMENTS_BAD;
  info->slotID = call.session->slot();
  info->state = call.state();
  info->flags = call.session->flags();
  info->ulDeviceError = 0;
  return CKR_OK;
}

CK_RV session_cancel(CK_SESSION_HANDLE h, CK_FLAGS flags) {
  RV_ASSIGN(SessionCall call, enter_session(h));
  sessions::Session& s = *call.session;
  if (flags & CKF_ENCRYPT) s.encrypt.discard();
  if (flags & CKF_DECRYPT) s.decrypt.discard();
  if (flags & CKF_DIGEST) s.digest.discard();
  if (flags & CKF_SIGN) s.sign.discard();
  if (flags & CKF_SIGN_RECOVER) s.sign_recover.discard();
  if (flags & CKF_VERIFY) {
    s.verify.discard();
    s.verify_signature.verify.discard();
  }
  if (flags & CKF_VERIFY_RECOVER) s.verify_recover.discard();
  if (flags & CKF_FIND_OBJECTS) s.find = sessions::FindState{};
  if (flags & CKF_MESSAGE_ENCRYPT) s.message_encrypt = sessions::MessageState{};
  if (flags & CKF_MESSAGE_DECRYPT) s.message_decrypt = sessions::MessageState{};
  return CKR_OK;
}

CK_RV init_pin(CK_SESSION_HANDLE h, CK_UTF8CHAR_PTR pin, CK_ULONG pin_len) {
  return audited("C_InitPIN", h, CK_UNAVAILABLE_INFORMATION, [&]() -> CK_RV {
    RV_ASSIGN(SessionCall call, enter_session(h));
    if (pin == nullptr) return CKR_ARGUMENTS_BAD;
    if (!call.session->read_write()) return CKR_SESSION_READ_ONLY;
    return call.token->init_pin(ByteView(pin, pin_len)).rv();
  });
}

CK_RV set_pin(CK_SESSION_HANDLE h, CK_UTF8CHAR_PTR old_pin, CK_ULONG old_len, CK_UTF8CHAR_PTR new_pin,
              CK_ULONG new_len) {
  return audited("C_SetPIN", h, CK_UNAVAILABLE_INFORMATION, [&]() -> CK_RV {
    RV_ASSIGN(SessionCall call, enter_session(h));
    if (old_pin == nullptr || new_pin == nullptr) return CKR_ARGUMENTS_BAD;
    if (!call.session->read_write()) return CKR_SESSION_READ_ONLY;
    return call.token->set_pin(ByteView(old_pin, old_len), ByteView(new_pin, new_len)).rv();
  });
}

CK_RV login(CK_SESSION_HANDLE h, CK_USER_TYPE user, CK_UTF8CHAR_PTR pin, CK_ULONG pin_len) {
  return audited("C_Login", h, CK_UNAVAILABLE_INFORMATION, [&]() -> CK_RV {
    RV_ASSIGN(SessionCall call, enter_session(h));
    if (user != CKU_SO && user != CKU_USER && user != CKU_CONTEXT_SPECIFIC) return CKR_USER_TYPE_INVALID;
    if (pin == nullptr) return CKR_ARGUMENTS_BAD;  // no protected authentication path
    ByteView pin_view(pin, pin_len);
    if (user == CKU_CONTEXT_SPECIFIC) {
      sessions::Session& s = *call.session;
      bool* pending = nullptr;
      if (s.sign.needs_context_login) pending = &s.sign.needs_context_login;
      else if (s.decrypt.needs_context_login) pending = &s.decrypt.needs_context_login;
      else if (s.sign_recover.needs_context_login) pending = &s.sign_recover.needs_context_login;
      if (pending == nullptr) return CKR_OPERATION_NOT_INITIALIZED;
      CK_RV rv = call.token->check_context_pin(pin_view).rv();
      if (rv == CKR_OK) *pending = false;
      return rv;
    }
    Module* m = call.module;
    CK_SLOT_ID slot = call.session->slot();
    // has_ro_sessions walks the session table; release our session lock first
    // so the lock order Module -> Token -> Session is never inverted.
    call.lock.unlock();
    return call.token->login(user, pin_view, user == CKU_SO && m->has_ro_sessions(slot)).rv();
  });
}

CK_RV login_user(CK_SESSION_HANDLE h, CK_USER_TYPE user, CK_UTF8CHAR_PTR pin, CK_ULONG pin_len,
                 CK_UTF8CHAR_PTR username, CK_ULONG username_len) {
  // Our tokens have one user per role: a user name is not a credential here.
  if (username == nullptr && username_len != 0) return CKR_ARGUMENTS_BAD;
  return login(h, user, pin, pin_len);
}

CK_RV logout(CK_SESSION_HANDLE h) {
  return audited("C_Logout", h, CK_UNAVAILABLE_INFORMATION, [&]() -> CK_RV {
    RV_ASSIGN(SessionCall call, enter_session(h));
    call.lock.unlock();
    const CK_RV rv = call.token->logout().rv();
    if (rv == CKR_OK) call.module->forget_spares(call.session->slot());  // private keys are gone
    return rv;
  });
}

// Saved state: [u32 magic][u64 mechanism][ticket]. Only digests are saveable.
CK_RV get_operation_state(CK_SESSION_HANDLE h, CK_BYTE_PTR state, CK_ULONG_PTR state_len) {
  RV_ASSIGN(SessionCall call, enter_session(h));
  if (state_len == nullptr) return CKR_ARGUMENTS_BAD;
  sessions::Session& s = *call.session;
  if (s.encrypt || s.decrypt || s.sign || s.verify || s.sign_recover || s.verify_recover ||
      s.message_encrypt.cipher || s.message_decrypt.cipher || s.verify_signature.verify)
    return CKR_STATE_UNSAVEABLE;
  if (!s.digest) return CKR_OPERATION_NOT_INITIALIZED;
  auto saved = s.digest.op->save_state();
  if (!saved.is_ok()) return saved.rv();
  Bytes blob(4 + sizeof(CK_MECHANISM_TYPE));
  const std::uint32_t magic = 0x43524431;  // "CRD1"
  std::memcpy(blob.data(), &magic, 4);
  std::memcpy(blob.data() + 4, &s.digest.mechanism, sizeof(CK_MECHANISM_TYPE));
  blob.insert(blob.end(), saved->begin(), saved->end());
  if (state == nullptr) {
    *state_len = blob.size();
    return CKR_OK;
  }
  if (*state_len < blob.size()) {
    *state_len = blob.size();
    return CKR_BUFFER_TOO_SMALL;
  }
  std::memcpy(state, blob.data(), blob.size());
  *state_len = blob.size();
  return CKR_OK;
}

CK_RV set_operation_state(CK_SESSION_HANDLE h, CK_BYTE_PTR state, CK_ULONG state_len, CK_OBJECT_HANDLE enc_key,
                          CK_OBJECT_HANDLE auth_key) {
  RV_ASSIGN(SessionCall call, enter_session(h));
  if (state == nullptr) return CKR_ARGUMENTS_BAD;
  if (enc_key != CK_INVALID_HANDLE || auth_key != CK_INVALID_HANDLE) return CKR_KEY_NOT_NEEDED;
  const std::size_t header = 4 + sizeof(CK_MECHANISM_TYPE);
  std::uint32_t magic = 0;
  if (state_len <= header) return CKR_SAVED_STATE_INVALID;
  std::memcpy(&magic, state, 4);
  if (magic != 0x43524431) return CKR_SAVED_STATE_INVALID;
  CK_MECHANISM_TYPE type;
  std::memcpy(&type, state + 4, sizeof type);
  CK_MECHANISM mechanism{type, nullptr, 0};
  auto entry = find_mechanism(*call.module, &mechanism);
  if (!entry.is_ok() || entry.value()->digest == nullptr) return CKR_SAVED_STATE_INVALID;
  mech::MechContext ctx;
  ctx.mechanism = &mechanism;
  auto op = entry.value()->digest(ctx);
  if (!op.is_ok()) return CKR_SAVED_STATE_INVALID;
  if (Status st = op.value()->restore_state(ByteView(state + header, state_len - header)); !st.is_ok())
    return st.rv();
  call.session->cancel_all();
  call.session->digest.op = std::move(op).value();
  call.session->digest.mechanism = type;
  call.session->digest.approved = entry.value()->fips_approved;
  call.session->digest.multipart_started = true;
  return CKR_OK;
}

CK_RV get_session_validation_flags(CK_SESSION_HANDLE h, CK_SESSION_VALIDATION_FLAGS_TYPE type, CK_FLAGS_PTR flags) {
  RV_ASSIGN(SessionCall call, enter_session(h));
  if (flags == nullptr) return CKR_ARGUMENTS_BAD;
  // No validation object is published yet: no flag is ever set (docs/conformance.md).
  *flags = type == CKS_LAST_VALIDATION_OK ? call.session->last_validation_flags : 0;
  return CKR_OK;
}

}  // namespace craton::module
