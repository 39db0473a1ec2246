#include "module/call_context.h"

#include <cstring>

#include "module/approved_mode.h"

namespace craton::module {

Result<Module*> current_module() {
  Module* m = Module::current();
  if (m == nullptr) return err(CKR_CRYPTOKI_NOT_INITIALIZED);
  if (Module::state() == ModuleState::kError) return err(CKR_GENERAL_ERROR);
  return m;
}

Result<Module*> current_module_for_status() {
  Module* m = Module::current();
  if (m == nullptr) return err(CKR_CRYPTOKI_NOT_INITIALIZED);
  return m;
}

CK_STATE SessionCall::state() const {
  switch (token->login_state()) {
    case LoginState::kSecurityOfficer: return CKS_RW_SO_FUNCTIONS;
    case LoginState::kUser: return session->read_write() ? CKS_RW_USER_FUNCTIONS : CKS_RO_USER_FUNCTIONS;
    case LoginState::kPublic: break;
  }
  return session->read_write() ? CKS_RW_PUBLIC_SESSION : CKS_RO_PUBLIC_SESSION;
}

Result<SessionCall> enter_session(CK_SESSION_HANDLE h) {
  TRY_ASSIGN(Module * m, current_module());
  TRY_ASSIGN(auto s, m->session(h));
  SessionCall call;
  call.module = m;
  call.handle = h;
  call.token = m->token(s->slot());
  // Another process may have changed the token: catch up first, before the
  // session lock (lock order Token -> Session). One atomic load if not.
  TRY_STATUS(call.token->sync_if_changed());
  call.lock = std::unique_lock<std::mutex>(s->mutex());
  if (s->closed) return err(CKR_SESSION_CLOSED);  // closed by another thread meanwhile
  if (s->spares_stale.load(std::memory_order_acquire)) s->drop_spares();
  call.session = std::move(s);
  return call;
}

Result<std::shared_ptr<objects::Object>> find_object(SessionCall& call, CK_OBJECT_HANDLE h) {
  auto obj = call.token->objects().find(h);
  if (!obj || obj->destroyed()) return err(CKR_OBJECT_HANDLE_INVALID);
  if (!call.token->visible(*obj->snapshot())) return err(CKR_OBJECT_HANDLE_INVALID);
  return obj;
}

Result<mech::KeyRef> find_key(SessionCall& call, CK_OBJECT_HANDLE h) {
  // One snapshot serves the visibility and the class check (each snapshot()
  // is a lock and a reference count on a line other threads also use).
  auto obj = call.token->objects().find(h);
  if (!obj || obj->destroyed()) return err(CKR_KEY_HANDLE_INVALID);
  auto data = obj->snapshot();
  if (!call.token->visible(*data)) return err(CKR_KEY_HANDLE_INVALID);
  // A valid handle of an object that is not a key is still not a key handle.
  const CK_OBJECT_CLASS cls = data->object_class();
  if (cls != CKO_SECRET_KEY && cls != CKO_PUBLIC_KEY && cls != CKO_PRIVATE_KEY) return err(CKR_KEY_HANDLE_INVALID);
  return data;
}

mech::KeyResolver key_resolver(SessionCall& call) {
  return [&call](CK_OBJECT_HANDLE h) { return find_key(call, h); };
}

mech::MechContext context_for(SessionCall& call, CK_MECHANISM_PTR mechanism, mech::KeyRef key) {
  mech::MechContext ctx;
  ctx.mechanism = mechanism;
  ctx.key = std::move(key);
  ctx.resolve_key = key_resolver(call);
  return ctx;
}

Status check_write_access(const SessionCall& call, bool token_object, bool private_object) {
  if (token_object && !call.session->read_write()) return err(CKR_SESSION_READ_ONLY);
  if (private_object && call.token->login_state() != LoginState::kUser) return err(CKR_USER_NOT_LOGGED_IN);
  return Status::ok();
}

Result<const mech::MechanismEntry*> find_mechanism(const Module& m, const CK_MECHANISM* mechanism) {
  if (mechanism == nullptr) return err(CKR_ARGUMENTS_BAD);
  const mech::MechanismEntry* e = mech::Registry::instance().find(mechanism->mechanism);
  if (e == nullptr) return err(CKR_MECHANISM_INVALID);
  if (!mechanism_offered(m, *e)) return err(CKR_MECHANISM_INVALID);
  return e;
}

}  // namespace craton::module
