// The rule engine over the attribute tables of attribute_schema.cc.
// build_new_object runs the same steps for every object-making path:
//   resolve class/subtype -> check and canonicalise template and material ->
//   merge -> required footnotes -> lengths the token computes -> forbidden ->
//   key-type checks -> defaults -> token-set attributes -> check value.
#include "objects/attribute_rules.h"

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "core/log.h"
#include "objects/attribute_schema.h"
#include "objects/attribute_values.h"

namespace craton::objects {
namespace {

constexpr std::uint32_t required_flags(Origin o) {
  switch (o) {
    case Origin::kGenerate: return fn::k1 | fn::k3;
    case Origin::kUnwrap: return fn::k1 | fn::k5;
    default: return fn::k1;  // the finished object must hold the create-time essentials
  }
}

// Derivation and encapsulation make key material the way generation does,
// so footnote 4 ("not when generated") governs them too.
constexpr std::uint32_t forbidden_flag(Origin o) {
  switch (o) {
    case Origin::kCreate: return fn::k2;
    case Origin::kUnwrap: return fn::k6;
    default: return fn::k4;
  }
}

struct Target {
  const ObjectSchema* schema;
  CK_OBJECT_CLASS cls;
  CK_ULONG subtype;
};

// A CK_ULONG the template, the material and the request default must agree on.
Result<std::optional<CK_ULONG>> agreed_ulong(const AttributeMap& tmpl, const AttributeMap& material,
                                             std::optional<CK_ULONG> fallback, CK_ATTRIBUTE_TYPE type) {
  std::optional<CK_ULONG> out;
  for (const AttributeMap* m : {&tmpl, &material}) {
    TRY_ASSIGN(std::optional<CK_ULONG> v, m->get_ulong_checked(type));
    if (!v) continue;
    if (out && *out != *v) return err(CKR_TEMPLATE_INCONSISTENT);
    out = v;
  }
  if (fallback) {
    if (out && *out != *fallback) return err(CKR_TEMPLATE_INCONSISTENT);
    out = fallback;
  }
  return out;
}

Result<Target> resolve_target(const NewObjectRequest& r, const AttributeMap& tmpl, const AttributeMap& material) {
  TRY_ASSIGN(std::optional<CK_ULONG> cls, agreed_ulong(tmpl, material, r.default_class, CKA_CLASS));
  if (!cls) return err(CKR_TEMPLATE_INCOMPLETE);
  CK_ULONG subtype = kNoSubtype;
  CK_ATTRIBUTE_TYPE subtype_attr = 0;
  if (class_has_subtype(*cls, &subtype_attr)) {
    auto fallback = is_key_class(*cls) ? r.default_key_type : std::nullopt;
    TRY_ASSIGN(std::optional<CK_ULONG> sub, agreed_ulong(tmpl, material, fallback, subtype_attr));
    if (!sub) return err(CKR_TEMPLATE_INCOMPLETE);
    subtype = *sub;
  }
  const ObjectSchema* schema = find_schema(*cls, subtype);
  // A class or key/certificate type this token does not implement.
  if (schema == nullptr) return err(CKR_ATTRIBUTE_VALUE_INVALID);
  // Only keys come out of generate / unwrap / derive / encapsulate, except
  // that CKM_HKDF_DATA derives a data object.
  const bool data_by_derive = r.origin == Origin::kDerive && *cls == CKO_DATA;
  if (r.origin != Origin::kCreate && !is_key_class(*cls) && !data_by_derive) return err(CKR_TEMPLATE_INCONSISTENT);
  return Target{schema, *cls, subtype};
}

bool is_true(const SecureBytes& canonical_bool) { return canonical_bool.size() == 1 && canonical_bool[0] == CK_TRUE; }

// CKM_HKDF_DATA takes the output length from CKA_VALUE_LEN like
// CKM_HKDF_DERIVE, but a data object has no such attribute: the length is
// checked against the derived value and left out of the object.
Result<AttributeMap> without_data_length(const AttributeMap& tmpl, const AttributeMap& material) {
  AttributeMap out = tmpl;
  TRY_ASSIGN(std::optional<CK_ULONG> len, tmpl.get_ulong_checked(CKA_VALUE_LEN));
  if (len && *len != material.view(CKA_VALUE).size()) return err(CKR_TEMPLATE_INCONSISTENT);
  out.erase(CKA_VALUE_LEN);
  return out;
}

Result<AttributeMap> canonical_template(const ObjectSchema& s, const AttributeMap& tmpl, bool is_so) {
  AttributeMap out;
  out.reserve(tmpl.size());
  for (const Attribute& a : tmpl) {
    const AttrRule* rule = s.find(a.type);
    if (rule == nullptr) return err(CKR_ATTRIBUTE_TYPE_INVALID);
    if (rule->has(fn::kTokenSet)) return err(CKR_ATTRIBUTE_READ_ONLY);
    TRY_ASSIGN(SecureBytes v, values::canonical(rule->kind, a.value.view()));
    if (rule->has(fn::k10) && is_true(v) && !is_so) return err(CKR_ATTRIBUTE_READ_ONLY);
    out.set(a.type, std::move(v));
  }
  return out;
}

// Mechanism output. An attribute the class does not define is a bug in the
// mechanism, not a caller error, so it is reported as such.
Result<AttributeMap> canonical_material(const ObjectSchema& s, const AttributeMap& material) {
  AttributeMap out;
  for (const Attribute& a : material) {
    const AttrRule* rule = s.find(a.type);
    if (rule == nullptr) {
      char msg[120];
      std::snprintf(msg, sizeof msg, "objects: mechanism produced attribute 0x%lx, undefined for class 0x%lx",
                    static_cast<unsigned long>(a.type), static_cast<unsigned long>(s.cls));
      log::error(msg);
      return err(CKR_GENERAL_ERROR);
    }
    TRY_ASSIGN(SecureBytes v, values::canonical(rule->kind, a.value.view()));
    out.set(a.type, std::move(v));
  }
  return out;
}

// Big integers are equal whatever their leading zero bytes (a template's
// 00 01 00 01 exponent and a mechanism's 01 00 01 are the same number).
bool same_value(const AttrRule& rule, const SecureBytes& a, const SecureBytes& b) {
  if (rule.kind != AttrKind::kBigInt) return a == b;
  auto strip = [](const SecureBytes& v) {
    std::size_t i = 0;
    while (i < v.size() && v[i] == 0) ++i;
    return ByteView(v.data() + i, v.size() - i);
  };
  ByteView x = strip(a), y = strip(b);
  return std::equal(x.begin(), x.end(), y.begin(), y.end());
}

// Attributes an object gets beyond its template and material (defaults,
// token-set ones): the most any schema adds, rounded up.
constexpr std::size_t kRoomForDefaults = 32;

// Material first; a template value must agree with what the mechanism
// computed. Consumes both (already canonical) maps: their values move into
// the object instead of being copied once more.
Result<AttributeMap> merge(const ObjectSchema& s, AttributeMap&& tmpl, AttributeMap&& material) {
  AttributeMap obj = std::move(material);
  obj.reserve(obj.size() + tmpl.size() + kRoomForDefaults);
  for (Attribute& a : tmpl.release()) {
    if (const SecureBytes* m = obj.find(a.type)) {
      if (!same_value(*s.find(a.type), *m, a.value)) return err(CKR_TEMPLATE_INCONSISTENT);
      continue;
    }
    obj.set(a.type, std::move(a.value));
  }
  return obj;
}

// Attributes the token computes from the key value: CKA_VALUE_LEN (secret
// keys) and CKA_MODULUS_BITS (RSA public keys). Returns the source attribute.
CK_ATTRIBUTE_TYPE length_source(const ObjectSchema& s, CK_ATTRIBUTE_TYPE type) {
  if (type == CKA_VALUE_LEN && s.cls == CKO_SECRET_KEY) return CKA_VALUE;
  if (type == CKA_MODULUS_BITS && s.cls == CKO_PUBLIC_KEY) return CKA_MODULUS;
  return 0;
}

Status fill_lengths(const ObjectSchema& s, AttributeMap& obj) {
  for (CK_ATTRIBUTE_TYPE type : {CKA_VALUE_LEN, CKA_MODULUS_BITS}) {
    CK_ATTRIBUTE_TYPE source = length_source(s, type);
    if (source == 0 || s.find(type) == nullptr || !obj.has(source)) continue;
    ByteView v = obj.view(source);
    CK_ULONG len = type == CKA_VALUE_LEN ? static_cast<CK_ULONG>(v.size()) : values::bit_length(v);
    if (auto given = obj.get_ulong(type)) {
      if (*given != len) return err(CKR_TEMPLATE_INCONSISTENT);
    } else {
      obj.set_ulong(type, len);
    }
  }
  return Status::ok();
}

// Footnotes 2/4/6. Repeating what the mechanism or the key value already
// determines is accepted (pkcs11-tool sends CKA_PARAMETER_SET in private
// key-gen templates; some importers send CKA_VALUE_LEN): merge() and
// fill_lengths() have already proved such a value equal.
// `tmpl_types` / `material_types`: the attribute types the caller's
// template and the mechanism's output had (sorted), kept from before merge().
Status check_forbidden(const ObjectSchema& s, const std::vector<CK_ATTRIBUTE_TYPE>& tmpl_types,
                       const std::vector<CK_ATTRIBUTE_TYPE>& material_types, const AttributeMap& obj,
                       Origin origin) {
  const std::uint32_t flag = forbidden_flag(origin);
  for (CK_ATTRIBUTE_TYPE type : tmpl_types) {
    if (!s.find(type)->has(flag)) continue;
    if (std::binary_search(material_types.begin(), material_types.end(), type)) continue;
    CK_ATTRIBUTE_TYPE source = length_source(s, type);
    if (source != 0 && obj.has(source)) continue;
    return err(CKR_TEMPLATE_INCONSISTENT);
  }
  return Status::ok();
}

std::vector<CK_ATTRIBUTE_TYPE> types_of(const AttributeMap& m) {
  std::vector<CK_ATTRIBUTE_TYPE> out;
  out.reserve(m.size());
  for (const Attribute& a : m) out.push_back(a.type);
  return out;
}

Status check_required(const ObjectSchema& s, const AttributeMap& obj, Origin origin) {
  const std::uint32_t need = required_flags(origin);
  for (const auto& table : s.tables)
    for (const AttrRule& r : table)
      if (r.has(need) && !obj.has(r.type)) return err(CKR_TEMPLATE_INCOMPLETE);
  for (const OneOfRule& o : s.one_of)
    if (!obj.has(o.a) && !obj.has(o.b)) return err(CKR_TEMPLATE_INCOMPLETE);
  return Status::ok();
}

void apply_defaults(const ObjectSchema& s, AttributeMap& obj) {
  for (const auto& table : s.tables) {
    for (const AttrRule& r : table) {
      if (r.def == AttrDefault::kNone || obj.has(r.type)) continue;
      switch (r.def) {
        case AttrDefault::kFalse: obj.set_bool(r.type, false); break;
        case AttrDefault::kTrue: obj.set_bool(r.type, true); break;
        case AttrDefault::kEmpty: obj.set(r.type, SecureBytes()); break;
        case AttrDefault::kZero: obj.set_ulong(r.type, 0); break;
        case AttrDefault::kNone: break;
      }
    }
  }
}

// Cross-attribute rules of the spec text.
Status check_consistency(const AttributeMap& obj) {
  // "CKA_ALWAYS_AUTHENTICATE may only be set to CK_TRUE when CKA_PRIVATE is also CK_TRUE."
  if (obj.get_bool_or(CKA_ALWAYS_AUTHENTICATE, false) && !obj.get_bool_or(CKA_PRIVATE, false))
    return err(CKR_TEMPLATE_INCONSISTENT);
  return Status::ok();
}

void set_token_attributes(const Target& t, const NewObjectRequest& r, AttributeMap& obj) {
  if (!is_key_class(t.cls)) return;
  const bool generated = r.origin == Origin::kGenerate;
  obj.set_bool(CKA_LOCAL, generated);
  obj.set_ulong(CKA_KEY_GEN_MECHANISM, generated ? r.key_gen_mechanism : CK_UNAVAILABLE_INFORMATION);
  if (t.cls == CKO_PUBLIC_KEY) return;
  const bool sensitive = obj.get_bool_or(CKA_SENSITIVE, false);
  const bool extractable = obj.get_bool_or(CKA_EXTRACTABLE, true);
  bool always_sensitive = false;   // created, unwrapped, encapsulated: the
  bool never_extractable = false;  // value has been outside the token
  if (generated) {
    always_sensitive = sensitive;
    never_extractable = !extractable;
  } else if (r.origin == Origin::kDerive) {
    always_sensitive = r.base_always_sensitive.value_or(false) && sensitive;
    never_extractable = r.base_never_extractable.value_or(false) && !extractable;
  }
  obj.set_bool(CKA_ALWAYS_SENSITIVE, always_sensitive);
  obj.set_bool(CKA_NEVER_EXTRACTABLE, never_extractable);
}

// CKA_CHECK_VALUE: computed when the type defines one; a caller's value must
// match; an empty caller value suppresses it; types without one ignore it.
Status apply_check_value(const ObjectSchema& s, AttributeMap& obj) {
  const SecureBytes* given = obj.find(CKA_CHECK_VALUE);
  if (s.check_value == nullptr) {
    if (given != nullptr) obj.erase(CKA_CHECK_VALUE);
    return Status::ok();
  }
  if (given != nullptr && given->empty()) return Status::ok();
  TRY_ASSIGN(SecureBytes kcv, s.check_value(obj));
  if (given != nullptr) {
    if (kcv.empty() || *given != kcv) return err(CKR_ATTRIBUTE_VALUE_INVALID);
    return Status::ok();
  }
  if (!kcv.empty()) obj.set(CKA_CHECK_VALUE, std::move(kcv));
  return Status::ok();
}

bool current_bool(const AttrRule& r, const AttributeMap& current) {
  return current.get_bool(r.type).value_or(r.def == AttrDefault::kTrue);
}

// One-way rules (footnotes 10, 11, 12) and the check value, for set and copy.
Status check_change(const ObjectSchema& s, const AttrRule& rule, const AttributeMap& current, const SecureBytes& v,
                    bool is_so) {
  if (rule.kind == AttrKind::kBool) {
    const bool now = current_bool(rule, current);
    const bool want = is_true(v);
    if (rule.has(fn::k11) && now && !want) return err(CKR_ATTRIBUTE_READ_ONLY);
    if (rule.has(fn::k12) && !now && want) return err(CKR_ATTRIBUTE_READ_ONLY);
    if (rule.has(fn::k10) && want && !now && !is_so) return err(CKR_ATTRIBUTE_READ_ONLY);
  }
  if (rule.type == CKA_CHECK_VALUE && !v.empty()) {
    // Only removal (empty value) or the true check value is accepted.
    if (s.check_value == nullptr) return err(CKR_ATTRIBUTE_VALUE_INVALID);
    TRY_ASSIGN(SecureBytes kcv, s.check_value(current));
    if (kcv != v) return err(CKR_ATTRIBUTE_VALUE_INVALID);
  }
  return Status::ok();
}

}  // namespace

Result<AttributeMap> build_new_object(const NewObjectRequest& request) {
  static const AttributeMap kNothing;
  const AttributeMap& raw_tmpl = request.tmpl != nullptr ? *request.tmpl : kNothing;
  const AttributeMap& raw_material = request.material != nullptr ? *request.material : kNothing;
  TRY_ASSIGN(Target t, resolve_target(request, raw_tmpl, raw_material));
  // Validation objects describe the module; only the module makes them.
  if (t.cls == CKO_VALIDATION) return err(CKR_ATTRIBUTE_VALUE_INVALID);
  const ObjectSchema& s = *t.schema;
  const bool derived_data = t.cls == CKO_DATA && request.origin == Origin::kDerive;
  AttributeMap data_tmpl;
  if (derived_data) {
    TRY_ASSIGN(data_tmpl, without_data_length(raw_tmpl, raw_material));
  }
  const AttributeMap& caller_tmpl = derived_data ? data_tmpl : raw_tmpl;
  TRY_ASSIGN(AttributeMap tmpl, canonical_template(s, caller_tmpl, request.is_so));
  TRY_ASSIGN(AttributeMap material, canonical_material(s, raw_material));
  const std::vector<CK_ATTRIBUTE_TYPE> tmpl_types = types_of(tmpl);
  const std::vector<CK_ATTRIBUTE_TYPE> material_types = types_of(material);
  TRY_ASSIGN(AttributeMap obj, merge(s, std::move(tmpl), std::move(material)));
  obj.set_ulong(CKA_CLASS, t.cls);
  CK_ATTRIBUTE_TYPE subtype_attr = 0;
  if (class_has_subtype(t.cls, &subtype_attr)) obj.set_ulong(subtype_attr, t.subtype);
  // Required attributes are checked before the token computes any: footnote 3
  // asks the caller for CKA_VALUE_LEN / CKA_MODULUS_BITS at generation.
  TRY_STATUS(check_required(s, obj, request.origin));
  TRY_STATUS(fill_lengths(s, obj));
  TRY_STATUS(check_forbidden(s, tmpl_types, material_types, obj, request.origin));
  if (s.check != nullptr) TRY_STATUS(s.check(obj));
  apply_defaults(s, obj);
  TRY_STATUS(check_consistency(obj));
  set_token_attributes(t, request, obj);
  TRY_STATUS(apply_check_value(s, obj));
  return obj;
}

Result<AttributeMap> apply_set_attributes(const AttributeMap& current, const AttributeMap& changes, bool is_so) {
  const ObjectSchema* s = schema_of(current);
  if (s == nullptr) return err(CKR_GENERAL_ERROR);  // not an object this layer built
  if (!current.get_bool_or(CKA_MODIFIABLE, true)) return err(CKR_ACTION_PROHIBITED);
  // "Trusted certificates cannot be modified"; the SO may still revoke the trust.
  const bool trusted_cert = s->cls == CKO_CERTIFICATE && current.get_bool_or(CKA_TRUSTED, false);
  AttributeMap out = current;
  for (const Attribute& a : changes) {
    const AttrRule* rule = s->find(a.type);
    if (rule == nullptr) return err(CKR_ATTRIBUTE_TYPE_INVALID);
    TRY_ASSIGN(SecureBytes v, values::canonical(rule->kind, a.value.view()));
    if (!rule->has(fn::k8)) return err(CKR_ATTRIBUTE_READ_ONLY);
    if (trusted_cert && !(is_so && a.type == CKA_TRUSTED)) return err(CKR_ATTRIBUTE_READ_ONLY);
    TRY_STATUS(check_change(*s, *rule, current, v, is_so));
    out.set(a.type, std::move(v));
  }
  TRY_STATUS(check_consistency(out));
  return out;
}

Result<AttributeMap> apply_copy_template(const AttributeMap& current, const AttributeMap& changes) {
  const ObjectSchema* s = schema_of(current);
  if (s == nullptr) return err(CKR_GENERAL_ERROR);
  if (!current.get_bool_or(CKA_COPYABLE, true)) return err(CKR_ACTION_PROHIBITED);
  AttributeMap out = current;
  out.erase(CKA_UNIQUE_ID);
  for (const Attribute& a : changes) {
    const AttrRule* rule = s->find(a.type);
    if (rule == nullptr) return err(CKR_ATTRIBUTE_TYPE_INVALID);
    if (rule->has(fn::kTokenSet)) return err(CKR_ATTRIBUTE_READ_ONLY);
    TRY_ASSIGN(SecureBytes v, values::canonical(rule->kind, a.value.view()));
    const SecureBytes* now = current.find(a.type);
    if (now != nullptr && *now == v) continue;  // restating a value changes nothing
    // The spec lets a copy change what C_SetAttributeValue may change, plus
    // the copy-only attributes, whatever the source's CKA_MODIFIABLE says;
    // CKA_COPYABLE = CK_FALSE is the owner's way to forbid that.
    if (!rule->has(fn::k8 | fn::kCopyOnly)) return err(CKR_ATTRIBUTE_READ_ONLY);
    TRY_STATUS(check_change(*s, *rule, current, v, false));
    out.set(a.type, std::move(v));
  }
  TRY_STATUS(check_consistency(out));
  return out;
}

Status check_readable(const AttributeMap& attrs, CK_ATTRIBUTE_TYPE type) {
  if (!attrs.has(type)) return err(CKR_ATTRIBUTE_TYPE_INVALID);
  const CK_OBJECT_CLASS cls = attrs.get_ulong(CKA_CLASS).value_or(CK_UNAVAILABLE_INFORMATION);
  const CK_KEY_TYPE key_type = attrs.get_ulong(CKA_KEY_TYPE).value_or(CK_UNAVAILABLE_INFORMATION);
  if (!is_secret_component(cls, key_type, type)) return Status::ok();
  // Absent flags count the safe way: hidden unless known to be revealable.
  const bool hidden = attrs.get_bool_or(CKA_SENSITIVE, false) || !attrs.get_bool_or(CKA_EXTRACTABLE, false);
  return hidden ? Status(err(CKR_ATTRIBUTE_SENSITIVE)) : Status::ok();
}

bool is_secret_component(CK_OBJECT_CLASS cls, CK_KEY_TYPE key_type, CK_ATTRIBUTE_TYPE type) {
  if (cls != CKO_PRIVATE_KEY && cls != CKO_SECRET_KEY) return false;
  if (const ObjectSchema* s = find_schema(cls, key_type)) {
    const AttrRule* r = s->find(type);
    return r != nullptr && r->has(fn::k7);
  }
  // A key type without a table: treat every usual key-material attribute as secret.
  switch (type) {
    case CKA_VALUE: case CKA_SEED: case CKA_PRIVATE_EXPONENT: case CKA_PRIME_1: case CKA_PRIME_2:
    case CKA_EXPONENT_1: case CKA_EXPONENT_2: case CKA_COEFFICIENT:
      return true;
    default:
      return false;
  }
}

bool mechanism_allowed(const AttributeMap& attrs, CK_MECHANISM_TYPE mechanism) {
  ByteView list = attrs.view(CKA_ALLOWED_MECHANISMS);
  const std::size_t count = list.size() / sizeof(CK_MECHANISM_TYPE);
  if (count == 0) return true;
  for (std::size_t i = 0; i < count; ++i) {
    CK_MECHANISM_TYPE m;
    std::memcpy(&m, list.data() + i * sizeof m, sizeof m);
    if (m == mechanism) return true;
  }
  return false;
}

bool is_array_attribute(CK_ATTRIBUTE_TYPE type) {
  switch (type) {
    case CKA_WRAP_TEMPLATE: case CKA_UNWRAP_TEMPLATE: case CKA_DERIVE_TEMPLATE:
    // 3.2 CS01 numbers these without CKF_ARRAY_ATTRIBUTE; they are arrays all the same.
    case CKA_ENCAPSULATE_TEMPLATE: case CKA_DECAPSULATE_TEMPLATE:
      return true;
    default:
      return false;
  }
}

}  // namespace craton::objects
