// Helpers for the RSA unit tests: Wycheproof JSON, key objects and thin
// drivers that run one operation through the registry's factories.
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "mechanisms/registry.h"
#include "unit_test_common.h"

namespace craton::rsa_test {

using nlohmann::json;

using unittest::hex;

inline Bytes strip(const Bytes& b) {
  std::size_t i = 0;
  while (i < b.size() && b[i] == 0) ++i;
  return Bytes(b.begin() + static_cast<std::ptrdiff_t>(i), b.end());
}

inline json load_wycheproof(const std::string& name) {
  std::ifstream f(std::string(CRATON_TEST_VECTORS_DIR) + "/wycheproof/" + name);
  EXPECT_TRUE(f.good()) << name;
  return json::parse(f);
}

using AttrList = std::vector<std::pair<CK_ATTRIBUTE_TYPE, Bytes>>;

// A key object as the module would hand it to a factory, after the import
// check (which must accept it).
inline mech::KeyRef make_key(CK_OBJECT_CLASS cls, const AttrList& attrs, bool run_import_check = true) {
  auto d = std::make_shared<objects::ObjectData>();
  d->attrs.set_ulong(CKA_CLASS, cls);
  d->attrs.set_ulong(CKA_KEY_TYPE, CKK_RSA);
  for (const auto& [t, v] : attrs) d->attrs.set(t, ByteView(v));
  if (run_import_check) {
    Status st = mech::check_imported_key(cls, CKK_RSA, d->attrs);
    EXPECT_EQ(st.rv(), CKR_OK);
  }
  return d;
}

inline mech::KeyRef public_key(const Bytes& n, const Bytes& e) {
  return make_key(CKO_PUBLIC_KEY, {{CKA_MODULUS, n}, {CKA_PUBLIC_EXPONENT, e}});
}

// {"modulus", "publicExponent"} as Wycheproof writes them.
inline mech::KeyRef public_from_json(const json& k) {
  return public_key(hex(k["modulus"]), hex(k["publicExponent"]));
}

// Wycheproof "privateKey": n, e, d and, when present, the CRT members.
inline mech::KeyRef private_from_json(const json& k) {
  AttrList a = {{CKA_MODULUS, hex(k["modulus"])},
                {CKA_PUBLIC_EXPONENT, hex(k["publicExponent"])},
                {CKA_PRIVATE_EXPONENT, hex(k["privateExponent"])}};
  const std::pair<const char*, CK_ATTRIBUTE_TYPE> crt[] = {{"prime1", CKA_PRIME_1},
                                                           {"prime2", CKA_PRIME_2},
                                                           {"exponent1", CKA_EXPONENT_1},
                                                           {"exponent2", CKA_EXPONENT_2},
                                                           {"coefficient", CKA_COEFFICIENT}};
  for (const auto& [name, type] : crt)
    if (k.contains(name)) a.emplace_back(type, hex(k[name]));
  return make_key(CKO_PRIVATE_KEY, a);
}

inline const mech::MechanismEntry& entry(CK_MECHANISM_TYPE t) {
  const mech::MechanismEntry* e = mech::Registry::instance().find(t);
  EXPECT_NE(e, nullptr) << std::hex << t;
  static const mech::MechanismEntry kEmpty{};
  return e ? *e : kEmpty;
}

inline mech::MechContext context(const CK_MECHANISM& m, mech::KeyRef key) {
  mech::MechContext ctx;
  ctx.mechanism = &m;
  ctx.key = std::move(key);
  return ctx;
}

// Result of one driver call: the CK_RV and, on success, the output.
struct Outcome {
  CK_RV rv = CKR_GENERAL_ERROR;
  Bytes out;
};

inline Outcome sign(const CK_MECHANISM& m, const mech::KeyRef& key, ByteView data) {
  auto op = entry(m.mechanism).sign(context(m, key));
  if (!op.is_ok()) return {op.rv(), {}};
  Bytes out((*op)->signature_size());
  auto r = (*op)->sign(data, out);
  if (!r.is_ok()) return {r.rv(), {}};
  out.resize(*r);
  return {CKR_OK, out};
}

inline CK_RV verify(const CK_MECHANISM& m, const mech::KeyRef& key, ByteView data, ByteView sig) {
  auto op = entry(m.mechanism).verify(context(m, key));
  if (!op.is_ok()) return op.rv();
  return (*op)->verify(data, sig).rv();
}

// Multi-part verify, the data fed in two pieces.
inline CK_RV verify_parts(const CK_MECHANISM& m, const mech::KeyRef& key, ByteView data, ByteView sig) {
  auto op = entry(m.mechanism).verify(context(m, key));
  if (!op.is_ok()) return op.rv();
  const std::size_t half = data.size() / 2;
  Status st = (*op)->update(data.first(half));
  if (!st.is_ok()) return st.rv();
  st = (*op)->update(data.subspan(half));
  if (!st.is_ok()) return st.rv();
  return (*op)->final(sig).rv();
}

inline Outcome encrypt(const CK_MECHANISM& m, const mech::KeyRef& key, ByteView data) {
  auto op = entry(m.mechanism).encrypt(context(m, key));
  if (!op.is_ok()) return {op.rv(), {}};
  Bytes out((*op)->oneshot_output_max(data.size()));
  auto r = (*op)->oneshot(data, out);
  if (!r.is_ok()) return {r.rv(), {}};
  out.resize(*r);
  return {CKR_OK, out};
}

// Decrypt with a caller buffer of `buffer` bytes (default: the maximum).
inline Outcome decrypt(const CK_MECHANISM& m, const mech::KeyRef& key, ByteView data,
                       std::size_t buffer = SIZE_MAX) {
  auto op = entry(m.mechanism).decrypt(context(m, key));
  if (!op.is_ok()) return {op.rv(), {}};
  Bytes out(buffer == SIZE_MAX ? (*op)->oneshot_output_max(data.size()) : buffer);
  auto r = (*op)->oneshot(data, out);
  if (!r.is_ok()) return {r.rv(), {}};
  out.resize(*r);
  return {CKR_OK, out};
}

inline CK_MECHANISM mechanism(CK_MECHANISM_TYPE t, void* param = nullptr, CK_ULONG len = 0) {
  return CK_MECHANISM{t, param, len};
}

// SHA-256 DigestInfo prefix (RFC 8017 section 9.2 note 1).
inline Bytes sha256_digest_info_prefix() { return hex("3031300d060960864801650304020105000420"); }

}  // namespace craton::rsa_test
