// --check: the response against expectedResults.json, field by field.
// Outputs that depend on our own randomness (generated keys, ECDSA
// signatures) cannot equal the sample answers: a Verifier checks those
// instead (signature verifies under the response's public key, and so on).
#include <cctype>
#include <iostream>
#include <map>

#include "acvp.h"

namespace craton::acvp {

namespace {

bool equal_ci(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::toupper(static_cast<unsigned char>(a[i])) != std::toupper(static_cast<unsigned char>(b[i]))) return false;
  return true;
}

// Hex strings compare case-insensitively; objects compare the expected keys.
bool same(const Json& want, const Json& got) {
  if (want.is_string()) return got.is_string() && equal_ci(want.get<std::string>(), got.get<std::string>());
  if (want.is_array()) {
    if (!got.is_array() || got.size() != want.size()) return false;
    for (std::size_t i = 0; i < want.size(); ++i)
      if (!same(want[i], got[i])) return false;
    return true;
  }
  if (want.is_object()) {
    if (!got.is_object()) return false;
    for (auto it = want.begin(); it != want.end(); ++it)
      if (!got.contains(it.key()) || !same(it.value(), got[it.key()])) return false;
    return true;
  }
  return want == got;
}

std::string brief(const Json& j) {
  std::string s = j.dump();
  return s.size() > 100 ? s.substr(0, 100) + "..." : s;
}

std::map<int, const Json*> index_by(const Json& arr, const char* id) {
  std::map<int, const Json*> m;
  for (const auto& e : arr) m[e.at(id).get<int>()] = &e;
  return m;
}

struct Checker {
  const std::optional<Verifier>& verifier;
  int failures = 0, compared = 0, missing = 0;
  void fail(const std::string& where, const std::string& what) {
    if (failures++ == 0) std::cerr << "FIRST MISMATCH " << where << ": " << what << "\n";
  }
  bool randomised(const std::string& field, bool group_level) const {
    if (!verifier) return false;
    return (group_level ? verifier->group_fields : verifier->test_fields).count(field) != 0;
  }
  // Every expected field of `want` (except the ids) must be equal in `got`.
  void fields(const Json& want, const Json& got, bool group_level, const std::string& where) {
    for (auto it = want.begin(); it != want.end(); ++it) {
      if (it.key() == "tgId" || it.key() == "tests" || it.key() == "tcId") continue;
      if (randomised(it.key(), group_level)) continue;
      if (!got.contains(it.key()) || !same(it.value(), got[it.key()]))
        fail(where, it.key() + " expected " + brief(it.value()) + " got " + brief(got.value(it.key(), Json())));
    }
  }
  void group(const Json& pg, const Json& eg, const Json& rg);
};

void Checker::group(const Json& pg, const Json& eg, const Json& rg) {
  static const Json kEmpty = Json::object();
  const std::string gwhere = "tgId " + eg.at("tgId").dump();
  fields(eg, rg, true, gwhere);
  const auto resp_tests = index_by(rg.at("tests"), "tcId");
  const auto prompt_tests = pg.contains("tests") ? index_by(pg.at("tests"), "tcId") : std::map<int, const Json*>{};
  for (const auto& et : eg.at("tests")) {
    const int tc = et.at("tcId");
    auto rti = resp_tests.find(tc);
    if (rti == resp_tests.end()) {
      ++missing;
      continue;
    }
    const Json& rt = *rti->second;
    const std::string where = gwhere + " tcId " + std::to_string(tc);
    fields(et, rt, false, where);
    if (verifier) {
      auto pti = prompt_tests.find(tc);
      const std::string why = verifier->verify(pg, pti == prompt_tests.end() ? kEmpty : *pti->second, rg, rt, eg, et);
      if (!why.empty()) fail(where, "verification: " + why);
    }
    ++compared;
  }
}

}  // namespace

int check(const Json& response_file, const Json& expected_file, const Json* prompt_file, const CheckOptions& opts) {
  const Json& resp = vector_set(response_file);
  const Json& exp = vector_set(expected_file);
  const std::string key = algorithm_key(prompt_file ? vector_set(*prompt_file) : resp);
  const auto verifier = find_verifier(key);
  if (verifier && !prompt_file) {
    std::cerr << key << ": randomised outputs need --prompt to be verified\n";
    return 1;
  }
  static const Json kEmpty = Json::object();
  std::map<int, const Json*> prompt_groups;
  if (prompt_file) prompt_groups = index_by(vector_set(*prompt_file).at("testGroups"), "tgId");
  const auto resp_groups = index_by(resp.at("testGroups"), "tgId");
  Checker c{verifier};
  for (const auto& eg : exp.at("testGroups")) {
    const int tg = eg.at("tgId");
    const Json& pg = prompt_groups.count(tg) ? *prompt_groups[tg] : kEmpty;
    if (!opts.filter.wants(prompt_file ? pg : eg)) continue;
    auto rgi = resp_groups.find(tg);
    if (rgi == resp_groups.end()) {
      c.missing += static_cast<int>(eg.at("tests").size());
      std::cerr << "  tgId " << tg << ": not in the response (skipped)\n";
      continue;
    }
    c.group(pg, eg, *rgi->second);
  }
  std::cerr << key << ": " << c.compared << " test cases compared, " << c.failures << " mismatches, " << c.missing
            << " expected cases not answered (allowed " << opts.max_missing << ")\n";
  if (c.compared == 0) {
    std::cerr << "FAIL: nothing was compared\n";
    return 1;
  }
  if (c.missing > opts.max_missing) {
    std::cerr << "FAIL: " << c.missing << " expected test cases are missing from the response\n";
    return c.failures + 1;
  }
  return c.failures;
}

}  // namespace craton::acvp
