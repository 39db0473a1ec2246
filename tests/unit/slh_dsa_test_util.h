// Shared helpers for the SLH-DSA vector tests (unit and slow suites): hex,
// ACVP JSON loading (prompt joined with expectedResults by tcId) and the
// BoringSSL key: value text format.
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "pqc/slh_dsa.h"

namespace slh_test {

using craton::Bytes;
using craton::ByteView;
using craton::pqc::SlhDsaParams;

inline Bytes unhex(const std::string& s) {
  Bytes out(s.size() / 2);
  for (std::size_t i = 0; i < out.size(); ++i)
    out[i] = static_cast<std::uint8_t>(std::stoi(s.substr(2 * i, 2), nullptr, 16));
  return out;
}

inline std::string hex(ByteView b) {
  static const char* k = "0123456789ABCDEF";
  std::string s;
  for (std::uint8_t c : b) {
    s.push_back(k[c >> 4]);
    s.push_back(k[c & 15]);
  }
  return s;
}

inline std::string vectors_path(const std::string& rel) { return std::string(CRATON_TEST_VECTORS_DIR) + "/" + rel; }

inline nlohmann::json load_json(const std::string& rel) {
  std::ifstream in(vectors_path(rel));
  EXPECT_TRUE(in.good()) << "missing vector file " << rel;
  if (!in.good()) return nlohmann::json::object();
  return nlohmann::json::parse(in);
}

// One ACVP test case: the group, the prompt case, and the expected answer.
struct AcvpCase {
  SlhDsaParams params;
  std::string set_name;
  nlohmann::json group;
  nlohmann::json prompt;
  nlohmann::json expected;
};

// Loads acvp/<folder>/{prompt,expectedResults}.json and joins them.
inline std::vector<AcvpCase> load_acvp(const std::string& folder) {
  const nlohmann::json prompt = load_json("acvp/" + folder + "/prompt.json");
  const nlohmann::json expected = load_json("acvp/" + folder + "/expectedResults.json");
  std::map<int, nlohmann::json> answers;
  for (const auto& g : expected.value("testGroups", nlohmann::json::array()))
    for (const auto& t : g["tests"]) answers[t["tcId"].get<int>()] = t;
  std::vector<AcvpCase> out;
  for (const auto& g : prompt.value("testGroups", nlohmann::json::array())) {
    const std::string name = g["parameterSet"].get<std::string>();
    const auto params = craton::pqc::slh_params_from_name(name);
    EXPECT_TRUE(params.has_value()) << name;
    if (!params) continue;
    nlohmann::json group = g;
    group.erase("tests");
    for (const auto& t : g["tests"]) {
      const int id = t["tcId"].get<int>();
      EXPECT_TRUE(answers.count(id)) << "no answer for tcId " << id;
      out.push_back(AcvpCase{*params, name, group, t, answers[id]});
    }
  }
  return out;
}

// BoringSSL's test-file format: blocks of "key: value" lines.
inline std::vector<std::map<std::string, std::string>> load_kv_blocks(const std::string& rel) {
  std::ifstream in(vectors_path(rel));
  EXPECT_TRUE(in.good()) << "missing vector file " << rel;
  std::vector<std::map<std::string, std::string>> blocks;
  std::map<std::string, std::string> cur;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) {
      if (!cur.empty()) blocks.push_back(std::move(cur));
      cur.clear();
      continue;
    }
    if (line[0] == '#') continue;
    const auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string value = line.substr(colon + 1);
    while (!value.empty() && value[0] == ' ') value.erase(0, 1);
    cur[line.substr(0, colon)] = value;
  }
  if (!cur.empty()) blocks.push_back(std::move(cur));
  return blocks;
}

// ACVP sigGen case: slh_sign_internal with addrnd = additionalRandomness,
// or empty (= PK.seed) for deterministic groups. Compares the signature and
// checks that it verifies.
inline void run_acvp_siggen(const AcvpCase& c) {
  SCOPED_TRACE(c.set_name + " tcId " + std::to_string(c.prompt["tcId"].get<int>()));
  const Bytes sk = unhex(c.prompt["sk"].get<std::string>());
  const Bytes msg = unhex(c.prompt["message"].get<std::string>());
  Bytes addrnd;
  if (!c.group["deterministic"].get<bool>()) addrnd = unhex(c.prompt["additionalRandomness"].get<std::string>());
  auto sig = craton::pqc::slh_sign_internal(c.params, sk, msg, addrnd);
  ASSERT_TRUE(sig.is_ok());
  EXPECT_EQ(hex(*sig), c.expected["signature"].get<std::string>());
  const std::size_t n = craton::pqc::slh_dsa_n(c.params);
  const Bytes pk(sk.begin() + 2 * static_cast<long>(n), sk.end());
  EXPECT_TRUE(craton::pqc::slh_verify_internal(c.params, pk, msg, *sig).is_ok());
}

inline void run_boringssl_siggen(const std::map<std::string, std::string>& b) {
  const auto params = SlhDsaParams::kSha2_128s;
  const Bytes sk = unhex(b.at("priv"));
  const Bytes msg = unhex(b.at("msg"));
  const Bytes entropy = unhex(b.at("entropy"));
  auto sig = craton::pqc::slh_sign_internal(params, sk, msg, entropy);
  ASSERT_TRUE(sig.is_ok());
  EXPECT_EQ(hex(*sig), slh_test::hex(unhex(b.at("sig"))));
}

}  // namespace slh_test
