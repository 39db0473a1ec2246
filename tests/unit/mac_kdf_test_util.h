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

namespace craton::testutil {

inline Bytes hex(const std::string& s) {
  Bytes out;
  auto nib = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  for (std::size_t i = 0; i + 1 < s.size(); i += 2) out.push_back(static_cast<std::uint8_t>(nib(s[i]) * 16 + nib(s[i + 1])));
  return out;
}

inline std::string to_hex(ByteView b) {
  static const char* kDigits = "0123456789abcdef";
  std::string s;
  for (std::uint8_t x : b) {
    s.push_back(kDigits[x >> 4]);
    s.push_back(kDigits[x & 15]);
  }
  return s;
}

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

inline nlohmann::json load_json(const std::string& relative) {
  const std::string path = std::string(CRATON_TEST_VECTORS_DIR) + "/" + relative;
  std::ifstream in(path);
  EXPECT_TRUE(in.good()) << "cannot open " << path;
  if (!in.good()) return nlohmann::json::object();
  return nlohmann::json::parse(in);
}

inline const mech::MechanismEntry& entry(CK_MECHANISM_TYPE type) {
  const mech::MechanismEntry* e = mech::Registry::instance().find(type);
  if (e == nullptr) {
    ADD_FAILURE() << "mechanism 0x" << std::hex << type << " not registered";
    static const mech::MechanismEntry kEmpty{};
    return kEmpty;
  }
  return *e;
}

}  // namespace craton::testutil
