// Helpers for the ML-DSA unit tests: hex, vector files, parameter names and
// the pre-hash digests HashML-DSA vectors need.
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "core/secure_memory.h"
#include "crypto/hash.h"
#include "pqc/keccak.h"
#include "pqc/ml_dsa.h"
#include "unit_test_common.h"

namespace craton::mldsatest {

using unittest::hex;

inline Bytes hex_field(const nlohmann::json& j, const char* name) {
  return j.contains(name) ? hex(j.at(name).get<std::string>()) : Bytes{};
}

// Parsed vector files are cached: the ACVP sigGen prompt alone is 5 MB.
inline const nlohmann::json& load_json(const std::string& relative) {
  static std::map<std::string, nlohmann::json> cache;
  auto it = cache.find(relative);
  if (it != cache.end()) return it->second;
  const std::string path = std::string(CRATON_TEST_VECTORS_DIR) + "/" + relative;
  std::ifstream in(path);
  EXPECT_TRUE(in.good()) << "cannot open " << path;
  nlohmann::json j = in.good() ? nlohmann::json::parse(in) : nlohmann::json::object();
  return cache.emplace(relative, std::move(j)).first->second;
}

inline pqc::MlDsaParams params_from_name(const std::string& name) {
  if (name == "ML-DSA-44") return pqc::MlDsaParams::k44;
  if (name == "ML-DSA-65") return pqc::MlDsaParams::k65;
  EXPECT_EQ(name, "ML-DSA-87");
  return pqc::MlDsaParams::k87;
}

struct PreHashAlg {
  pqc::MlDsaPreHash alg;
  Bytes digest;
};

// PH(M) for an ACVP hashAlg name: SHA-2/SHA-3 from the crypto layer (an
// independent implementation), SHAKE from pqc/keccak.h.
inline PreHashAlg prehash(const std::string& name, ByteView message) {
  using crypto::HashAlg;
  using pqc::MlDsaPreHash;
  static const std::map<std::string, std::pair<MlDsaPreHash, HashAlg>> kTable = {
      {"SHA2-224", {MlDsaPreHash::kSha224, HashAlg::kSha224}},
      {"SHA2-256", {MlDsaPreHash::kSha256, HashAlg::kSha256}},
      {"SHA2-384", {MlDsaPreHash::kSha384, HashAlg::kSha384}},
      {"SHA2-512", {MlDsaPreHash::kSha512, HashAlg::kSha512}},
      {"SHA2-512/224", {MlDsaPreHash::kSha512_224, HashAlg::kSha512_224}},
      {"SHA2-512/256", {MlDsaPreHash::kSha512_256, HashAlg::kSha512_256}},
      {"SHA3-224", {MlDsaPreHash::kSha3_224, HashAlg::kSha3_224}},
      {"SHA3-256", {MlDsaPreHash::kSha3_256, HashAlg::kSha3_256}},
      {"SHA3-384", {MlDsaPreHash::kSha3_384, HashAlg::kSha3_384}},
      {"SHA3-512", {MlDsaPreHash::kSha3_512, HashAlg::kSha3_512}},
  };
  if (name == "SHAKE-128") {
    Bytes d(32);
    pqc::shake128(message, d);
    return {MlDsaPreHash::kShake128, d};
  }
  if (name == "SHAKE-256") {
    Bytes d(64);
    pqc::shake256(message, d);
    return {MlDsaPreHash::kShake256, d};
  }
  auto it = kTable.find(name);
  if (it == kTable.end()) {
    ADD_FAILURE() << "unknown hashAlg " << name;
    return {MlDsaPreHash::kSha256, Bytes(32)};
  }
  auto d = crypto::hash(it->second.second, message);
  EXPECT_TRUE(d.is_ok());
  return {it->second.first, d.is_ok() ? d.value() : Bytes{}};
}

// expectedResults.json as tcId -> test case.
inline std::map<int, nlohmann::json> results_by_tc(const nlohmann::json& expected) {
  std::map<int, nlohmann::json> out;
  for (const auto& g : expected.at("testGroups"))
    for (const auto& t : g.at("tests")) out[t.at("tcId").get<int>()] = t;
  return out;
}

}  // namespace craton::mldsatest
