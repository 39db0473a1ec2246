// Helpers shared by the ML-KEM tests: vector loading and hex.
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

#include "core/secure_memory.h"
#include "pqc/ml_kem.h"

namespace craton::mlkem_test {

inline nlohmann::json load_vectors(const std::string& rel) {
  std::ifstream in(std::string(CRATON_TEST_VECTORS_DIR) + "/" + rel);
  if (!in) throw std::runtime_error("missing vector file " + rel);
  return nlohmann::json::parse(in);
}

inline Bytes unhex(const std::string& s) {
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    throw std::runtime_error("bad hex");
  };
  if (s.size() % 2 != 0) throw std::runtime_error("odd hex length");
  Bytes out(s.size() / 2);
  for (std::size_t i = 0; i < out.size(); ++i)
    out[i] = static_cast<std::uint8_t>(nibble(s[2 * i]) << 4 | nibble(s[2 * i + 1]));
  return out;
}
inline Bytes unhex(const nlohmann::json& j) { return unhex(j.get<std::string>()); }

inline Bytes to_bytes(ByteView v) { return Bytes(v.begin(), v.end()); }

inline pqc::MlKemParams params_from_name(const std::string& name) {
  if (name == "ML-KEM-512") return pqc::MlKemParams::k512;
  if (name == "ML-KEM-768") return pqc::MlKemParams::k768;
  if (name == "ML-KEM-1024") return pqc::MlKemParams::k1024;
  throw std::runtime_error("unknown parameter set " + name);
}

}  // namespace craton::mlkem_test
