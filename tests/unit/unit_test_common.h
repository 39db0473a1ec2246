// Helpers every family's unit tests use: hex in and out, vector files under
// CRATON_TEST_VECTORS_DIR, and registry rows looked up the way the module
// does. Family helpers (ec_test_util.h, aes_test_helpers.h ...) re-export
// these into their own namespaces.
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "core/secure_memory.h"
#include "mechanisms/registry.h"

namespace craton::unittest {

// Hex (either case) to bytes. A bad digit or an odd length is a test
// failure: vectors are always well-formed hex.
inline Bytes hex(const std::string& s) {
  auto nib = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    ADD_FAILURE() << "bad hex digit " << c;
    return 0;
  };
  EXPECT_EQ(s.size() % 2, 0u) << "odd hex length: " << s;
  Bytes out(s.size() / 2);
  for (std::size_t i = 0; i < out.size(); ++i)
    out[i] = static_cast<std::uint8_t>(nib(s[2 * i]) * 16 + nib(s[2 * i + 1]));
  return out;
}

// Lower-case hex.
inline std::string to_hex(ByteView b) {
  static const char* kDigits = "0123456789abcdef";
  std::string s;
  for (std::uint8_t x : b) {
    s.push_back(kDigits[x >> 4]);
    s.push_back(kDigits[x & 15]);
  }
  return s;
}

// A JSON vector file, relative to CRATON_TEST_VECTORS_DIR; an empty object
// (and a test failure) if it cannot be opened.
inline nlohmann::json load_json(const std::string& relative) {
  const std::string path = std::string(CRATON_TEST_VECTORS_DIR) + "/" + relative;
  std::ifstream in(path);
  EXPECT_TRUE(in.good()) << "cannot open " << path;
  if (!in.good()) return nlohmann::json::object();
  return nlohmann::json::parse(in);
}

// The registry row of `type`; an empty row (and a test failure) if none.
inline const mech::MechanismEntry& entry(CK_MECHANISM_TYPE type) {
  const mech::MechanismEntry* e = mech::Registry::instance().find(type);
  if (e == nullptr) {
    ADD_FAILURE() << "mechanism 0x" << std::hex << type << " not registered";
    static const mech::MechanismEntry kEmpty{};
    return kEmpty;
  }
  return *e;
}

}  // namespace craton::unittest
