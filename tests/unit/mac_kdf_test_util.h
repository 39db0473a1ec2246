// Small helpers shared by the HMAC and KDF unit tests: hex, key objects,
// vector files, and calling registry rows the way the module does.
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "core/secure_memory.h"
#include "mechanisms/registry.h"
#include "objects/object.h"
#include "unit_test_common.h"

namespace craton::testutil {

using unittest::hex;
using unittest::to_hex;
using unittest::load_json;
using unittest::entry;

inline mech::KeyRef secret_key(CK_KEY_TYPE type, ByteView value, CK_OBJECT_CLASS cls = CKO_SECRET_KEY) {
  auto obj = std::make_shared<objects::ObjectData>();
  obj->attrs.set_ulong(CKA_CLASS, cls);
  obj->attrs.set_ulong(CKA_KEY_TYPE, type);
  obj->attrs.set(CKA_VALUE, value);
  obj->attrs.set_ulong(CKA_VALUE_LEN, value.size());
  obj->attrs.set_bool(CKA_DERIVE, true);
  obj->attrs.set_bool(CKA_SIGN, true);
  obj->attrs.set_bool(CKA_VERIFY, true);
  return obj;
}

// Secret-key generation through the row `type`, as the module calls it, with
// `m` as the caller's CK_MECHANISM (default: `type` with no parameter).
inline Result<objects::AttributeMap> generate_secret(CK_MECHANISM_TYPE type, const objects::AttributeMap& tmpl,
                                                     const CK_MECHANISM* m = nullptr) {
  const CK_MECHANISM plain{type, nullptr, 0};
  mech::MechContext ctx;
  ctx.mechanism = m != nullptr ? m : &plain;
  return entry(type).generate_key(ctx, tmpl);
}

}  // namespace craton::testutil
