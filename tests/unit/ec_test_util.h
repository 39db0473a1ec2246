// Helpers for the EC / EdDSA / ECDH unit tests: hex, vector files, key
// objects, and calling registry rows the way the module does.
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/secure_memory.h"
#include "mechanisms/ec_params.h"
#include "mechanisms/registry.h"
#include "objects/object.h"
#include "unit_test_common.h"

namespace craton::ectest {

using unittest::hex;
using unittest::to_hex;
using unittest::load_json;
using unittest::entry;

// CKA_EC_PARAMS as a named-curve OID.
inline Bytes oid_params(const mech::CurveId& id) { return mech::ec_params_der(id); }
inline Bytes p_curve(crypto::EcCurve c) { return oid_params({mech::CurveKind::kWeierstrass, c, {}}); }
inline Bytes okp_curve(crypto::OkpCurve c) {
  return oid_params({crypto::okp_is_edwards(c) ? mech::CurveKind::kEdwards : mech::CurveKind::kMontgomery, {}, c});
}

inline mech::KeyRef key_object(CK_OBJECT_CLASS cls, CK_KEY_TYPE type, ByteView params, CK_ATTRIBUTE_TYPE value_type,
                               ByteView value) {
  auto obj = std::make_shared<objects::ObjectData>();
  obj->attrs.set_ulong(CKA_CLASS, cls);
  obj->attrs.set_ulong(CKA_KEY_TYPE, type);
  obj->attrs.set(CKA_EC_PARAMS, params);
  obj->attrs.set(value_type, value);
  return obj;
}
inline mech::KeyRef public_key(CK_KEY_TYPE type, ByteView params, ByteView point_raw) {
  const Bytes der = mech::der_octet_string(point_raw);
  return key_object(CKO_PUBLIC_KEY, type, params, CKA_EC_POINT, der);
}
inline mech::KeyRef private_key(CK_KEY_TYPE type, ByteView params, ByteView value) {
  return key_object(CKO_PRIVATE_KEY, type, params, CKA_VALUE, value);
}
inline mech::KeyRef from_attrs(const objects::AttributeMap& attrs) {
  auto obj = std::make_shared<objects::ObjectData>();
  obj->attrs = attrs;
  return obj;
}

inline CK_MECHANISM mechanism(CK_MECHANISM_TYPE type, void* param = nullptr, CK_ULONG len = 0) {
  return CK_MECHANISM{type, param, len};
}

inline Result<Bytes> sign(CK_MECHANISM m, const mech::KeyRef& key, ByteView data) {
  const auto& e = entry(m.mechanism);
  if (e.sign == nullptr) return err(CKR_MECHANISM_INVALID);
  mech::MechContext ctx{&m, key, {}};
  TRY_ASSIGN(auto op, e.sign(ctx));
  Bytes out(op->signature_size());
  TRY_ASSIGN(std::size_t n, op->sign(data, out));
  out.resize(n);
  return out;
}

inline Status verify(CK_MECHANISM m, const mech::KeyRef& key, ByteView data, ByteView sig) {
  const auto& e = entry(m.mechanism);
  if (e.verify == nullptr) return err(CKR_MECHANISM_INVALID);
  mech::MechContext ctx{&m, key, {}};
  TRY_ASSIGN(auto op, e.verify(ctx));
  return op->verify(data, sig);
}

inline Result<SecureBytes> derive(CK_MECHANISM m, const mech::KeyRef& key, std::size_t wanted) {
  const auto& e = entry(m.mechanism);
  if (e.derive == nullptr) return err(CKR_MECHANISM_INVALID);
  mech::MechContext ctx{&m, key, {}};
  return e.derive(ctx, wanted);
}

inline Result<mech::KeyPairMaterial> generate(CK_MECHANISM_TYPE type, ByteView params) {
  CK_MECHANISM m{type, nullptr, 0};
  const auto& e = entry(type);
  if (e.generate_key_pair == nullptr) return err(CKR_MECHANISM_INVALID);
  objects::AttributeMap pub, priv;
  pub.set(CKA_EC_PARAMS, params);
  mech::MechContext ctx{&m, nullptr, {}};
  return e.generate_key_pair(ctx, pub, priv);
}

inline CK_ECDH1_DERIVE_PARAMS ecdh_params(CK_EC_KDF_TYPE kdf, ByteView pub, ByteView shared = {}) {
  return CK_ECDH1_DERIVE_PARAMS{kdf, shared.size(), const_cast<std::uint8_t*>(shared.empty() ? nullptr : shared.data()),
                                pub.size(), const_cast<std::uint8_t*>(pub.data())};
}

}  // namespace craton::ectest
