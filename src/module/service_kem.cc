// C_EncapsulateKey / C_DecapsulateKey (PKCS#11 3.2): the shared secret
// becomes a new secret key built from the caller's template.
#include "module/audit_events.h"
#include "module/call_context.h"
#include "module/operation_init.h"
#include "module/services.h"
#include "module/templates.h"

namespace craton::module {
namespace {

Result<mech::KeyRef> kem_key(SessionCall& call, CK_OBJECT_HANDLE h, CK_ATTRIBUTE_TYPE usage, CK_MECHANISM_TYPE mech) {
  TRY_ASSIGN(mech::KeyRef key, find_key(call, h));
  TRY_STATUS(check_key_usage(*key, usage, mech));
  return key;
}

// The new key: template + CKA_VALUE, with the KEM key's CKA_{EN,DE}CAPSULATE_TEMPLATE
// applied (a conflict is CKR_TEMPLATE_INCONSISTENT).
Result<CK_OBJECT_HANDLE> store_shared_secret(SessionCall& call, const objects::ObjectData& kem_key,
                                             CK_ATTRIBUTE_TYPE required_template, CK_ATTRIBUTE_PTR tmpl,
                                             CK_ULONG count, SecureBytes secret) {
  TRY_ASSIGN(objects::AttributeMap caller, template_from_caller(tmpl, count));
  if (const SecureBytes* encoded = kem_key.attrs.find(required_template)) {
    TRY_ASSIGN(objects::AttributeMap required, objects::decode_attribute_array(encoded->view()));
    for (const auto& a : required) {
      const SecureBytes* have = caller.find(a.type);
      if (have != nullptr && *have != a.value) return err(CKR_TEMPLATE_INCONSISTENT);
      caller.set(a.type, a.value);
    }
  }
  // A shorter key than the shared secret takes its leading bytes (CKA_VALUE_LEN).
  if (auto len = caller.get_ulong(CKA_VALUE_LEN)) {
    if (*len == 0 || *len > secret.size()) return err(CKR_TEMPLATE_INCONSISTENT);
    secret.resize(*len);
  }
  objects::AttributeMap material;
  material.set_ulong(CKA_CLASS, CKO_SECRET_KEY);
  material.set(CKA_VALUE, std::move(secret));
  objects::NewObjectRequest req;
  req.origin = objects::Origin::kEncapsulate;
  req.tmpl = &caller;
  req.material = &material;
  if (!caller.has(CKA_KEY_TYPE)) req.default_key_type = CKK_GENERIC_SECRET;
  TRY_ASSIGN(objects::AttributeMap attrs, objects::build_new_object(req));
  TRY_STATUS(mech::check_imported_key(CKO_SECRET_KEY, attrs.get_ulong(CKA_KEY_TYPE).value_or(CK_UNAVAILABLE_INFORMATION),
                                      attrs));
  return store_new_object(call, std::move(attrs));
}

}  // namespace

CK_RV encapsulate_key(CK_SESSION_HANDLE h, CK_MECHANISM_PTR mechanism, CK_OBJECT_HANDLE public_key,
                      CK_ATTRIBUTE_PTR tmpl, CK_ULONG count, CK_BYTE_PTR ciphertext, CK_ULONG_PTR ciphertext_len,
                      CK_OBJECT_HANDLE_PTR key) {
  return audited_mechanism("C_EncapsulateKey", h, mechanism_of(mechanism), [&](bool& approved) -> CK_RV {
    RV_ASSIGN(SessionCall call, enter_session(h));
    if (mechanism == nullptr || ciphertext_len == nullptr || (tmpl == nullptr && count != 0)) return CKR_ARGUMENTS_BAD;
    RV_ASSIGN(const mech::MechanismEntry* entry, find_mechanism(*call.module, mechanism));
    if (entry->encapsulate == nullptr) return CKR_MECHANISM_INVALID;
    indicate(call, entry->fips_approved, approved);
    RV_ASSIGN(mech::KeyRef pub, kem_key(call, public_key, CKA_ENCAPSULATE, mechanism->mechanism));
    const mech::MechContext ctx = context_for(call, mechanism, pub);
    RV_ASSIGN(mech::Encapsulation size, entry->encapsulate(ctx, MutableByteView()));
    if (ciphertext == nullptr) {  // length query (PKCS#11 5.2 output convention)
      *ciphertext_len = size.ciphertext_len;
      return CKR_OK;
    }
    if (*ciphertext_len < size.ciphertext_len) {
      *ciphertext_len = size.ciphertext_len;
      return CKR_BUFFER_TOO_SMALL;
    }
    if (key == nullptr) return CKR_ARGUMENTS_BAD;
    RV_ASSIGN(mech::Encapsulation done, entry->encapsulate(ctx, MutableByteView(ciphertext, *ciphertext_len)));
    RV_ASSIGN(*key, store_shared_secret(call, *pub, CKA_ENCAPSULATE_TEMPLATE, tmpl, count, std::move(done.shared_secret)));
    *ciphertext_len = done.ciphertext_len;
    return CKR_OK;
  });
}

CK_RV decapsulate_key(CK_SESSION_HANDLE h, CK_MECHANISM_PTR mechanism, CK_OBJECT_HANDLE private_key,
                      CK_ATTRIBUTE_PTR tmpl, CK_ULONG count, CK_BYTE_PTR ciphertext, CK_ULONG ciphertext_len,
                      CK_OBJECT_HANDLE_PTR key) {
  return audited_mechanism("C_DecapsulateKey", h, mechanism_of(mechanism), [&](bool& approved) -> CK_RV {
    RV_ASSIGN(SessionCall call, enter_session(h));
    if (mechanism == nullptr || ciphertext == nullptr || key == nullptr || (tmpl == nullptr && count != 0))
      return CKR_ARGUMENTS_BAD;
    RV_ASSIGN(const mech::MechanismEntry* entry, find_mechanism(*call.module, mechanism));
    if (entry->decapsulate == nullptr) return CKR_MECHANISM_INVALID;
    indicate(call, entry->fips_approved, approved);
    RV_ASSIGN(mech::KeyRef priv, kem_key(call, private_key, CKA_DECAPSULATE, mechanism->mechanism));
    const mech::MechContext ctx = context_for(call, mechanism, priv);
    RV_ASSIGN(SecureBytes secret, entry->decapsulate(ctx, ByteView(ciphertext, ciphertext_len)));
    RV_ASSIGN(*key, store_shared_secret(call, *priv, CKA_DECAPSULATE_TEMPLATE, tmpl, count, std::move(secret)));
    return CKR_OK;
  });
}

}  // namespace craton::module
