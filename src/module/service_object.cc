// C_CreateObject ... C_FindObjectsFinal.
#include "mechanisms/registry.h"
#include "module/audit_events.h"
#include "module/call_context.h"
#include "module/services.h"
#include "module/templates.h"

namespace craton::module {
namespace {

bool is_so(const SessionCall& call) { return call.token->login_state() == LoginState::kSecurityOfficer; }

}  // namespace

CK_RV create_object(CK_SESSION_HANDLE h, CK_ATTRIBUTE_PTR tmpl, CK_ULONG count, CK_OBJECT_HANDLE_PTR object) {
  return audited("C_CreateObject", h, CK_UNAVAILABLE_INFORMATION, [&]() -> CK_RV {
    RV_ASSIGN(SessionCall call, enter_session(h));
    if (object == nullptr || (tmpl == nullptr && count != 0)) return CKR_ARGUMENTS_BAD;
    RV_ASSIGN(objects::AttributeMap caller, template_from_caller(tmpl, count));
    objects::NewObjectRequest req;
    req.origin = objects::Origin::kCreate;
    req.tmpl = &caller;
    req.is_so = is_so(call);  // only the SO may create CKA_TRUSTED objects
    RV_ASSIGN(objects::AttributeMap attrs, objects::build_new_object(req));
    const CK_OBJECT_CLASS cls = attrs.get_ulong(CKA_CLASS).value_or(CK_UNAVAILABLE_INFORMATION);
    if (cls == CKO_PUBLIC_KEY || cls == CKO_PRIVATE_KEY || cls == CKO_SECRET_KEY)
      RV_TRY(mech::check_imported_key(cls, attrs.get_ulong(CKA_KEY_TYPE).value_or(CK_UNAVAILABLE_INFORMATION), attrs));
    RV_ASSIGN(*object, store_new_object(call, std::move(attrs)));
    return CKR_OK;
  });
}

CK_RV copy_object(CK_SESSION_HANDLE h, CK_OBJECT_HANDLE object, CK_ATTRIBUTE_PTR tmpl, CK_ULONG count,
                  CK_OBJECT_HANDLE_PTR new_object) {
  return audited("C_CopyObject", h, CK_UNAVAILABLE_INFORMATION, [&]() -> CK_RV {
    RV_ASSIGN(SessionCall call, enter_session(h));
    RV_ASSIGN(auto obj, find_object(call, object));
    if (new_object == nullptr || (tmpl == nullptr && count != 0)) return CKR_ARGUMENTS_BAD;
    auto data = obj->snapshot();
    if (!data->flag(CKA_COPYABLE, true)) return CKR_ACTION_PROHIBITED;
    RV_ASSIGN(objects::AttributeMap changes, template_from_caller(tmpl, count));
    RV_ASSIGN(objects::AttributeMap attrs, objects::apply_copy_template(data->attrs, changes));
    RV_ASSIGN(*new_object, store_new_object(call, std::move(attrs)));
    return CKR_OK;
  });
}

CK_RV destroy_object(CK_SESSION_HANDLE h, CK_OBJECT_HANDLE object) {
  return audited("C_DestroyObject", h, CK_UNAVAILABLE_INFORMATION, [&]() -> CK_RV {
    RV_ASSIGN(SessionCall call, enter_session(h));
    RV_ASSIGN(auto obj, find_object(call, object));
    auto data = obj->snapshot();
    RV_TRY(check_write_access(call, obj->is_token(), data->is_private()));
    if (!data->flag(CKA_DESTROYABLE, true)) return CKR_ACTION_PROHIBITED;
    const CK_RV rv = call.token->destroy_object(object).rv();
    if (rv == CKR_OK) {
      call.session->drop_spares();  // ours now (we hold its lock), the others' at their next call
      call.module->forget_spares(call.session->slot(), call.session.get());
    }
    return rv;
  });
}

CK_RV get_object_size(CK_SESSION_HANDLE h, CK_OBJECT_HANDLE object, CK_ULONG_PTR size) {
  RV_ASSIGN(SessionCall call, enter_session(h));
  RV_ASSIGN(auto obj, find_object(call, object));
  if (size == nullptr) return CKR_ARGUMENTS_BAD;
  CK_ULONG total = 0;
  for (const auto& a : obj->snapshot()->attrs) total += sizeof(CK_ATTRIBUTE_TYPE) + sizeof(CK_ULONG) + a.value.size();
  *size = total;
  return CKR_OK;
}

CK_RV get_attribute_value(CK_SESSION_HANDLE h, CK_OBJECT_HANDLE object, CK_ATTRIBUTE_PTR tmpl, CK_ULONG count) {
  RV_ASSIGN(SessionCall call, enter_session(h));
  RV_ASSIGN(auto obj, find_object(call, object));
  if (tmpl == nullptr && count != 0) return CKR_ARGUMENTS_BAD;
  return fill_caller_template(obj->snapshot()->attrs, tmpl, count);
}

CK_RV set_attribute_value(CK_SESSION_HANDLE h, CK_OBJECT_HANDLE object, CK_ATTRIBUTE_PTR tmpl, CK_ULONG count) {
  return audited("C_SetAttributeValue", h, CK_UNAVAILABLE_INFORMATION, [&]() -> CK_RV {
    RV_ASSIGN(SessionCall call, enter_session(h));
    RV_ASSIGN(auto obj, find_object(call, object));
    if (tmpl == nullptr && count != 0) return CKR_ARGUMENTS_BAD;
    auto data = obj->snapshot();
    RV_TRY(check_write_access(call, obj->is_token(), data->is_private()));
    if (!data->flag(CKA_MODIFIABLE, true)) return CKR_ACTION_PROHIBITED;
    RV_ASSIGN(objects::AttributeMap changes, template_from_caller(tmpl, count));
    RV_ASSIGN(objects::AttributeMap attrs, objects::apply_set_attributes(data->attrs, changes, is_so(call)));
    return call.token->update_object(*obj, std::move(attrs)).rv();
  });
}

CK_RV find_objects_init(CK_SESSION_HANDLE h, CK_ATTRIBUTE_PTR tmpl, CK_ULONG count) {
  RV_ASSIGN(SessionCall call, enter_session(h));
  if (tmpl == nullptr && count != 0) return CKR_ARGUMENTS_BAD;
  if (call.session->find.active) return CKR_OPERATION_ACTIVE;
  RV_ASSIGN(objects::AttributeMap want, template_from_caller(tmpl, count));
  sessions::FindState state;
  state.active = true;
  auto& table = call.token->objects();
  auto consider = [&](CK_OBJECT_HANDLE handle, const objects::Object& obj) {
    if (obj.destroyed()) return;
    auto data = obj.snapshot();
    if (call.token->visible(*data) && data->attrs.matches(want)) state.results.push_back(handle);
  };
  // A label or class in the template narrows the search through the index;
  // every candidate is still checked in full.
  if (auto candidates = call.token->object_index().candidates(table, want)) {
    for (CK_OBJECT_HANDLE handle : *candidates)
      if (auto obj = table.find(handle)) consider(handle, *obj);
  } else {
    for (const auto& [handle, obj] : table.entries()) consider(handle, *obj);
  }
  call.session->find = std::move(state);
  return CKR_OK;
}

CK_RV find_objects(CK_SESSION_HANDLE h, CK_OBJECT_HANDLE_PTR objects_out, CK_ULONG max, CK_ULONG_PTR count) {
  RV_ASSIGN(SessionCall call, enter_session(h));
  if (count == nullptr || (objects_out == nullptr && max != 0)) return CKR_ARGUMENTS_BAD;
  sessions::FindState& f = call.session->find;
  if (!f.active) return CKR_OPERATION_NOT_INITIALIZED;
  CK_ULONG n = 0;
  while (n < max && f.next < f.results.size()) objects_out[n++] = f.results[f.next++];
  *count = n;
  return CKR_OK;
}

CK_RV find_objects_final(CK_SESSION_HANDLE h) {
  RV_ASSIGN(SessionCall call, enter_session(h));
  if (!call.session->find.active) return CKR_OPERATION_NOT_INITIALIZED;
  call.session->find = sessions::FindState{};
  return CKR_OK;
}

}  // namespace craton::module
