// Key generation, wrapping, unwrapping, derivation, and random numbers.
#include "crypto/random.h"
#include "module/approved_mode.h"
#include "module/audit_events.h"
#include "module/call_context.h"
#include "module/operation_init.h"
#include "module/services.h"
#include "module/templates.h"

namespace craton::module {
namespace {

// Merges an unwrapping/derive key's nested template into the caller's:
// both must agree where they overlap (CKR_TEMPLATE_INCONSISTENT).
Result<objects::AttributeMap> merge_key_template(const objects::ObjectData& key, CK_ATTRIBUTE_TYPE which,
                                                 objects::AttributeMap caller) {
  const SecureBytes* encoded = key.attrs.find(which);
  if (encoded == nullptr) return caller;
  TRY_ASSIGN(objects::AttributeMap required, objects::decode_attribute_array(encoded->view()));
  for (const auto& a : required) {
    const SecureBytes* have = caller.find(a.type);
    if (have != nullptr && *have != a.value) return err(CKR_TEMPLATE_INCONSISTENT);
    caller.set(a.type, a.value);
  }
  return caller;
}

// The encoded form of a key for wrapping: CKA_VALUE or PKCS#8.
Result<SecureBytes> wrappable_bytes(const objects::ObjectData& key) {
  if (!key.flag(CKA_EXTRACTABLE, false)) return err(CKR_KEY_UNEXTRACTABLE);
  switch (key.object_class()) {
    case CKO_SECRET_KEY: {
      const SecureBytes* v = key.attrs.find(CKA_VALUE);
      if (v == nullptr) return err(CKR_KEY_NOT_WRAPPABLE);
      return *v;
    }
    case CKO_PRIVATE_KEY: {
      const mech::PrivateKeyCodec* codec = mech::find_private_key_codec(key.key_type());
      if (codec == nullptr) return err(CKR_KEY_NOT_WRAPPABLE);
      return codec->encode_pkcs8(key);
    }
    default: return err(CKR_KEY_NOT_WRAPPABLE);
  }
}

std::size_t wanted_key_length(const objects::AttributeMap& tmpl) {
  if (auto len = tmpl.get_ulong(CKA_VALUE_LEN)) return *len;
  switch (tmpl.get_ulong(CKA_KEY_TYPE).value_or(CK_UNAVAILABLE_INFORMATION)) {
    case CKK_DES3: return 24;
    default: return 0;  // the mechanism's natural length
  }
}

// The (un)wrapping mechanism only sees the (un)wrapping key: a key-type
// refusal from it names that key, which has its own codes (PKCS#11 C_WrapKey
// / C_UnwrapKey: CKR_WRAPPING_KEY_TYPE_INCONSISTENT ...).
CK_RV wrapping_key_error(CK_RV rv, CK_RV type_rv) { return rv == CKR_KEY_TYPE_INCONSISTENT ? type_rv : rv; }

// DECISION: keys default to CKA_PRIVATE = CK_TRUE (attribute_schema.cc),
// which needs a user login. A session key made while nobody is logged in,
// whose template leaves CKA_PRIVATE open, is made public instead of being
// refused: it lives only as long as the session, and this is what clients
// such as NSS (pk12util deriving its PKCS#12 key with CKM_PKCS5_PBKD2 before
// logging in) rely on.
void default_public_when_logged_out(const SessionCall& call, objects::AttributeMap& caller) {
  if (caller.has(CKA_PRIVATE) || caller.get_bool_or(CKA_TOKEN, false) || call.logged_in_user()) return;
  caller.set_bool(CKA_PRIVATE, false);
}

}  // namespace

CK_RV generate_key(CK_SESSION_HANDLE h, CK_MECHANISM_PTR mechanism, CK_ATTRIBUTE_PTR tmpl, CK_ULONG count,
                   CK_OBJECT_HANDLE_PTR key) {
  return audited_mechanism("C_GenerateKey", h, mechanism_of(mechanism), [&](bool& approved) -> CK_RV {
    RV_ASSIGN(SessionCall call, enter_session(h));
    if (mechanism == nullptr || key == nullptr || (tmpl == nullptr && count != 0)) return CKR_ARGUMENTS_BAD;
    RV_ASSIGN(const mech::MechanismEntry* entry, find_mechanism(*call.module, mechanism));
    if (entry->generate_key == nullptr) return CKR_MECHANISM_INVALID;
    indicate(call, entry->fips_approved, approved);
    RV_ASSIGN(objects::AttributeMap caller, template_from_caller(tmpl, count));
    default_public_when_logged_out(call, caller);
    RV_TRY(check_approved_generation(*call.module, caller));
    RV_ASSIGN(objects::AttributeMap material, entry->generate_key(context_for(call, mechanism, nullptr), caller));
    objects::NewObjectRequest req;
    req.origin = objects::Origin::kGenerate;
    req.tmpl = &caller;
    req.material = &material;
    req.default_class = CKO_SECRET_KEY;
    req.key_gen_mechanism = mechanism->mechanism;
    RV_ASSIGN(objects::AttributeMap attrs, objects::build_new_object(req));
    RV_ASSIGN(*key, store_new_object(call, std::move(attrs)));
    return CKR_OK;
  });
}

CK_RV generate_key_pair(CK_SESSION_HANDLE h, CK_MECHANISM_PTR mechanism, CK_ATTRIBUTE_PTR pub_tmpl,
                        CK_ULONG pub_count, CK_ATTRIBUTE_PTR priv_tmpl, CK_ULONG priv_count,
                        CK_OBJECT_HANDLE_PTR pub_key, CK_OBJECT_HANDLE_PTR priv_key) {
  return audited_mechanism("C_GenerateKeyPair", h, mechanism_of(mechanism), [&](bool& approved) -> CK_RV {
    RV_ASSIGN(SessionCall call, enter_session(h));
    if (mechanism == nullptr || pub_key == nullptr || priv_key == nullptr || (pub_tmpl == nullptr && pub_count != 0) ||
        (priv_tmpl == nullptr && priv_count != 0))
      return CKR_ARGUMENTS_BAD;
    RV_ASSIGN(const mech::MechanismEntry* entry, find_mechanism(*call.module, mechanism));
    if (entry->generate_key_pair == nullptr) return CKR_MECHANISM_INVALID;
    indicate(call, entry->fips_approved, approved);
    RV_ASSIGN(objects::AttributeMap pub_caller, template_from_caller(pub_tmpl, pub_count));
    RV_ASSIGN(objects::AttributeMap priv_caller, template_from_caller(priv_tmpl, priv_count));
    RV_TRY(check_approved_generation(*call.module, pub_caller));
    RV_ASSIGN(mech::KeyPairMaterial material,
              entry->generate_key_pair(context_for(call, mechanism, nullptr), pub_caller, priv_caller));
    objects::NewObjectRequest pub_req;
    pub_req.origin = objects::Origin::kGenerate;
    pub_req.tmpl = &pub_caller;
    pub_req.material = &material.public_attrs;
    pub_req.default_class = CKO_PUBLIC_KEY;
    pub_req.key_gen_mechanism = mechanism->mechanism;
    objects::NewObjectRequest priv_req = pub_req;
    priv_req.tmpl = &priv_caller;
    priv_req.material = &material.private_attrs;
    priv_req.default_class = CKO_PRIVATE_KEY;
    RV_ASSIGN(objects::AttributeMap pub_attrs, objects::build_new_object(pub_req));
    RV_ASSIGN(objects::AttributeMap priv_attrs, objects::build_new_object(priv_req));
    // Check both before storing either, so a refused private key leaves no
    // orphaned public key behind.
    RV_TRY(check_write_access(call, pub_attrs.get_bool_or(CKA_TOKEN, false), pub_attrs.get_bool_or(CKA_PRIVATE, false)));
    RV_TRY(check_write_access(call, priv_attrs.get_bool_or(CKA_TOKEN, false), priv_attrs.get_bool_or(CKA_PRIVATE, false)));
    RV_ASSIGN(CK_OBJECT_HANDLE pub_handle, store_new_object(call, std::move(pub_attrs)));
    auto priv_handle = store_new_object(call, std::move(priv_attrs));
    if (!priv_handle.is_ok()) {
      (void)call.token->destroy_object(pub_handle);
      return priv_handle.rv();
    }
    *pub_key = pub_handle;
    *priv_key = priv_handle.value();
    return CKR_OK;
  });
}

CK_RV wrap_key(CK_SESSION_HANDLE h, CK_MECHANISM_PTR mechanism, CK_OBJECT_HANDLE wrapping_key, CK_OBJECT_HANDLE key,
               CK_BYTE_PTR wrapped, CK_ULONG_PTR wrapped_len) {
  return audited_mechanism("C_WrapKey", h, mechanism_of(mechanism), [&](bool& approved) -> CK_RV {
    RV_ASSIGN(SessionCall call, enter_session(h));
    if (mechanism == nullptr || wrapped_len == nullptr) return CKR_ARGUMENTS_BAD;
    RV_ASSIGN(const mech::MechanismEntry* entry, find_mechanism(*call.module, mechanism));
    if (entry->wrap == nullptr) return CKR_MECHANISM_INVALID;
    indicate(call, entry->fips_approved, approved);
    RV_TRY(check_key_transport(*call.module, mechanism->mechanism));
    auto wrapper = find_key(call, wrapping_key);
    if (!wrapper.is_ok()) return CKR_WRAPPING_KEY_HANDLE_INVALID;
    RV_ASSIGN(mech::KeyRef target, find_key(call, key));
    RV_TRY(check_key_usage(*wrapper.value(), CKA_WRAP, mechanism->mechanism));
    if (target->flag(CKA_WRAP_WITH_TRUSTED) && !wrapper.value()->flag(CKA_TRUSTED)) return CKR_KEY_NOT_WRAPPABLE;
    if (const SecureBytes* wt = wrapper.value()->attrs.find(CKA_WRAP_TEMPLATE)) {
      RV_ASSIGN(objects::AttributeMap required, objects::decode_attribute_array(wt->view()));
      if (!target->attrs.matches(required)) return CKR_KEY_NOT_WRAPPABLE;
    }
    RV_ASSIGN(SecureBytes key_bytes, wrappable_bytes(*target));
    mech::MechContext ctx = context_for(call, mechanism, wrapper.value());
    auto max_len = entry->wrap(ctx, key_bytes.view(), MutableByteView());
    if (!max_len.is_ok()) return wrapping_key_error(max_len.rv(), CKR_WRAPPING_KEY_TYPE_INCONSISTENT);
    bool keep = false;
    return produce_output({wrapped, wrapped_len}, max_len.value(), &keep,
                          [&](MutableByteView o) { return entry->wrap(ctx, key_bytes.view(), o); });
  });
}

CK_RV unwrap_key(CK_SESSION_HANDLE h, CK_MECHANISM_PTR mechanism, CK_OBJECT_HANDLE unwrapping_key,
                 CK_BYTE_PTR wrapped, CK_ULONG wrapped_len, CK_ATTRIBUTE_PTR tmpl, CK_ULONG count,
                 CK_OBJECT_HANDLE_PTR key) {
  return audited_mechanism("C_UnwrapKey", h, mechanism_of(mechanism), [&](bool& approved) -> CK_RV {
    RV_ASSIGN(SessionCall call, enter_session(h));
    if (mechanism == nullptr || wrapped == nullptr || key == nullptr || (tmpl == nullptr && count != 0))
      return CKR_ARGUMENTS_BAD;
    RV_ASSIGN(const mech::MechanismEntry* entry, find_mechanism(*call.module, mechanism));
    if (entry->unwrap == nullptr) return CKR_MECHANISM_INVALID;
    indicate(call, entry->fips_approved, approved);
    RV_TRY(check_key_transport(*call.module, mechanism->mechanism));
    auto unwrapper = find_key(call, unwrapping_key);
    if (!unwrapper.is_ok()) return CKR_UNWRAPPING_KEY_HANDLE_INVALID;
    RV_TRY(check_key_usage(*unwrapper.value(), CKA_UNWRAP, mechanism->mechanism));
    RV_ASSIGN(objects::AttributeMap caller, template_from_caller(tmpl, count));
    RV_ASSIGN(caller, merge_key_template(*unwrapper.value(), CKA_UNWRAP_TEMPLATE, std::move(caller)));
    auto unwrapped = entry->unwrap(context_for(call, mechanism, unwrapper.value()), ByteView(wrapped, wrapped_len));
    if (!unwrapped.is_ok()) return wrapping_key_error(unwrapped.rv(), CKR_UNWRAPPING_KEY_TYPE_INCONSISTENT);
    SecureBytes plain = std::move(unwrapped).value();
    const CK_OBJECT_CLASS cls = caller.get_ulong(CKA_CLASS).value_or(CKO_SECRET_KEY);
    objects::AttributeMap material;
    if (cls == CKO_PRIVATE_KEY) {
      auto kt = caller.get_ulong(CKA_KEY_TYPE);
      const mech::PrivateKeyCodec* codec = kt ? mech::find_private_key_codec(*kt) : nullptr;
      auto decoded = codec ? codec->decode_pkcs8(plain.view()) : mech::decode_any_pkcs8(plain.view());
      if (!decoded.is_ok()) return CKR_WRAPPED_KEY_INVALID;
      material = std::move(decoded).value();
    } else if (cls == CKO_SECRET_KEY) {
      material.set(CKA_VALUE, std::move(plain));
    } else {
      return CKR_TEMPLATE_INCONSISTENT;
    }
    material.set_ulong(CKA_CLASS, cls);
    objects::NewObjectRequest req;
    req.origin = objects::Origin::kUnwrap;
    req.tmpl = &caller;
    req.material = &material;
    RV_ASSIGN(objects::AttributeMap attrs, objects::build_new_object(req));
    RV_TRY(mech::check_imported_key(cls, attrs.get_ulong(CKA_KEY_TYPE).value_or(CK_UNAVAILABLE_INFORMATION), attrs));
    RV_ASSIGN(*key, store_new_object(call, std::move(attrs)));
    return CKR_OK;
  });
}

CK_RV derive_key(CK_SESSION_HANDLE h, CK_MECHANISM_PTR mechanism, CK_OBJECT_HANDLE base_key, CK_ATTRIBUTE_PTR tmpl,
                 CK_ULONG count, CK_OBJECT_HANDLE_PTR key) {
  return audited_mechanism("C_DeriveKey", h, mechanism_of(mechanism), [&](bool& approved) -> CK_RV {
    RV_ASSIGN(SessionCall call, enter_session(h));
    if (mechanism == nullptr || key == nullptr || (tmpl == nullptr && count != 0)) return CKR_ARGUMENTS_BAD;
    RV_ASSIGN(const mech::MechanismEntry* entry, find_mechanism(*call.module, mechanism));
    if (entry->derive == nullptr) return CKR_MECHANISM_INVALID;
    indicate(call, entry->fips_approved, approved);
    RV_ASSIGN(mech::KeyRef base, find_key(call, base_key));
    RV_TRY(check_key_usage(*base, CKA_DERIVE, mechanism->mechanism));
    RV_TRY(check_approved_key(*call.module, base->attrs));
    RV_ASSIGN(objects::AttributeMap caller, template_from_caller(tmpl, count));
    RV_ASSIGN(caller, merge_key_template(*base, CKA_DERIVE_TEMPLATE, std::move(caller)));
    const CK_OBJECT_CLASS cls =
        caller.get_ulong(CKA_CLASS).value_or(mechanism->mechanism == CKM_HKDF_DATA ? CKO_DATA : CKO_SECRET_KEY);
    RV_ASSIGN(SecureBytes value, entry->derive(context_for(call, mechanism, base), wanted_key_length(caller)));
    objects::AttributeMap material;
    material.set_ulong(CKA_CLASS, cls);
    material.set(CKA_VALUE, std::move(value));
    objects::NewObjectRequest req;
    req.origin = objects::Origin::kDerive;
    req.tmpl = &caller;
    // A derived secret key is a generic secret unless the template names a type.
    if (cls == CKO_SECRET_KEY && !caller.has(CKA_KEY_TYPE)) req.default_key_type = CKK_GENERIC_SECRET;
    req.material = &material;
    req.base_always_sensitive = base->flag(CKA_ALWAYS_SENSITIVE);
    req.base_never_extractable = base->flag(CKA_NEVER_EXTRACTABLE);
    RV_ASSIGN(objects::AttributeMap attrs, objects::build_new_object(req));
    if (cls == CKO_SECRET_KEY)
      RV_TRY(mech::check_imported_key(cls, attrs.get_ulong(CKA_KEY_TYPE).value_or(CK_UNAVAILABLE_INFORMATION), attrs));
    RV_ASSIGN(*key, store_new_object(call, std::move(attrs)));
    return CKR_OK;
  });
}

CK_RV seed_random(CK_SESSION_HANDLE h, CK_BYTE_PTR seed, CK_ULONG seed_len) {
  RV_ASSIGN(SessionCall call, enter_session(h));
  if (seed == nullptr && seed_len != 0) return CKR_ARGUMENTS_BAD;
  // The DRBG reseeds itself from the OS entropy source; caller seed is not mixed in.
  return CKR_RANDOM_SEED_NOT_SUPPORTED;
}

CK_RV generate_random(CK_SESSION_HANDLE h, CK_BYTE_PTR out, CK_ULONG len) {
  RV_ASSIGN(SessionCall call, enter_session(h));
  if (out == nullptr && len != 0) return CKR_ARGUMENTS_BAD;
  if (len > kMaxRandomPerCall) return CKR_ARGUMENTS_BAD;
  return crypto::random_bytes(MutableByteView(out, len)).rv();
}

}  // namespace craton::module
