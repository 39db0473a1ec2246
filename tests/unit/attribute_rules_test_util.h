// Template builders shared by the attribute rule tests.
#pragma once

#include <cstring>
#include <initializer_list>
#include <string_view>

#include "objects/attribute_rules.h"

namespace craton::objects::test {

inline Bytes fill(std::size_t n, std::uint8_t v = 0x5a) { return Bytes(n, v); }
inline Bytes bytes(std::initializer_list<std::uint8_t> v) { return Bytes(v); }
inline Bytes bytes(std::string_view s) { return Bytes(s.begin(), s.end()); }
inline Bytes b(bool v) { return Bytes{static_cast<std::uint8_t>(v ? CK_TRUE : CK_FALSE)}; }
inline Bytes ulong_bytes(CK_ULONG v) {
  Bytes out(sizeof v);
  std::memcpy(out.data(), &v, sizeof v);
  return out;
}

struct Tmpl {
  Tmpl() = default;
  explicit Tmpl(AttributeMap base) : m(std::move(base)) {}
  Tmpl& u(CK_ATTRIBUTE_TYPE t, CK_ULONG v) {
    m.set_ulong(t, v);
    return *this;
  }
  Tmpl& b(CK_ATTRIBUTE_TYPE t, bool v) {
    m.set_bool(t, v);
    return *this;
  }
  Tmpl& raw(CK_ATTRIBUTE_TYPE t, const Bytes& v) {
    m.set(t, ByteView(v));
    return *this;
  }
  AttributeMap m;
};

// DER OID of P-256, as CKA_EC_PARAMS.
inline Bytes p256() { return {0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07}; }
// 2048-bit modulus with a leading zero byte (bit length must ignore it).
inline Bytes modulus2048() {
  Bytes m(257, 0x5a);
  m[0] = 0x00;
  m[1] = 0xc1;
  return m;
}

inline AttributeMap data() { return Tmpl().u(CKA_CLASS, CKO_DATA).m; }
inline AttributeMap cert(CK_CERTIFICATE_TYPE t) {
  return Tmpl().u(CKA_CLASS, CKO_CERTIFICATE).u(CKA_CERTIFICATE_TYPE, t).raw(CKA_VALUE, bytes("cert-der")).m;
}
inline AttributeMap x509() { return Tmpl(cert(CKC_X_509)).raw(CKA_SUBJECT, bytes("subj")).m; }
inline AttributeMap wtls() { return Tmpl(cert(CKC_WTLS)).raw(CKA_SUBJECT, bytes("subj")).m; }
inline AttributeMap attr_cert() { return Tmpl(cert(CKC_X_509_ATTR_CERT)).raw(CKA_OWNER, bytes("owner")).m; }
inline AttributeMap key(CK_OBJECT_CLASS cls, CK_KEY_TYPE kt) { return Tmpl().u(CKA_CLASS, cls).u(CKA_KEY_TYPE, kt).m; }
inline AttributeMap rsa_public() {
  return Tmpl(key(CKO_PUBLIC_KEY, CKK_RSA)).raw(CKA_MODULUS, modulus2048()).raw(CKA_PUBLIC_EXPONENT, bytes({1, 0, 1})).m;
}
inline AttributeMap rsa_private() {
  return Tmpl(key(CKO_PRIVATE_KEY, CKK_RSA))
      .raw(CKA_MODULUS, modulus2048())
      .raw(CKA_PUBLIC_EXPONENT, bytes({1, 0, 1}))
      .raw(CKA_PRIVATE_EXPONENT, fill(256, 7))
      .m;
}
inline AttributeMap ec_public(CK_KEY_TYPE kt) {
  return Tmpl(key(CKO_PUBLIC_KEY, kt)).raw(CKA_EC_PARAMS, p256()).raw(CKA_EC_POINT, fill(65, 4)).m;
}
inline AttributeMap ec_private(CK_KEY_TYPE kt) {
  return Tmpl(key(CKO_PRIVATE_KEY, kt)).raw(CKA_EC_PARAMS, p256()).raw(CKA_VALUE, fill(32, 9)).m;
}
inline AttributeMap pqc_public(CK_KEY_TYPE kt, CK_ULONG set, std::size_t n) {
  return Tmpl(key(CKO_PUBLIC_KEY, kt)).u(CKA_PARAMETER_SET, set).raw(CKA_VALUE, fill(n)).m;
}
inline AttributeMap seeded_private(CK_KEY_TYPE kt, CK_ULONG set, std::size_t seed, std::size_t value) {
  return Tmpl(key(CKO_PRIVATE_KEY, kt)).u(CKA_PARAMETER_SET, set).raw(CKA_SEED, fill(seed, 1)).raw(CKA_VALUE, fill(value, 2)).m;
}
inline AttributeMap secret(CK_KEY_TYPE kt, std::size_t n) {
  return Tmpl(key(CKO_SECRET_KEY, kt)).raw(CKA_VALUE, fill(n, 3)).m;
}

// The request keeps pointers: `tmpl` and `material` must outlive it.
inline NewObjectRequest request(Origin origin, const AttributeMap& tmpl, const AttributeMap* material) {
  NewObjectRequest r;
  r.origin = origin;
  r.tmpl = &tmpl;
  r.material = material;
  return r;
}
inline Result<AttributeMap> make(Origin origin, const AttributeMap& tmpl, const AttributeMap* material) {
  return build_new_object(request(origin, tmpl, material));
}
inline Result<AttributeMap> create(const AttributeMap& tmpl) { return make(Origin::kCreate, tmpl, nullptr); }
// An object built by the rules from a creation template (asserting success).
inline AttributeMap made(const AttributeMap& tmpl) {
  auto r = create(tmpl);
  return r.is_ok() ? std::move(r).value() : AttributeMap();
}

}  // namespace craton::objects::test
