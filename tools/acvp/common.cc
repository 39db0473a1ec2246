// Shared helpers and the prompt -> response driver.
#include <iostream>
#include <map>
#include <sstream>

#include "acvp.h"

namespace craton::acvp {

namespace {
int nibble(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  throw BadInput(std::string("bad hex digit '") + c + "'");
}
int g_case_errors = 0;
}  // namespace

Bytes unhex(const std::string& s) {
  if (s.size() % 2 != 0) throw BadInput("odd-length hex string");
  Bytes out(s.size() / 2);
  for (std::size_t i = 0; i < out.size(); ++i)
    out[i] = static_cast<std::uint8_t>(nibble(s[2 * i]) * 16 + nibble(s[2 * i + 1]));
  return out;
}

std::string to_hex(ByteView b) {
  static const char* kDigits = "0123456789ABCDEF";
  std::string s;
  s.reserve(b.size() * 2);
  for (auto x : b) {
    s.push_back(kDigits[x >> 4]);
    s.push_back(kDigits[x & 15]);
  }
  return s;
}

Bytes hex_field(const Json& j, const char* name) {
  if (!j.contains(name) || !j.at(name).is_string()) throw BadInput(std::string("missing field ") + name);
  return unhex(j.at(name).get<std::string>());
}

Bytes hex_opt(const Json& j, const char* name) {
  return j.contains(name) && j.at(name).is_string() ? unhex(j.at(name).get<std::string>()) : Bytes{};
}

crypto::HashAlg hash_from_name(const std::string& name) {
  using crypto::HashAlg;
  static const std::map<std::string, HashAlg> kNames = {
      {"SHA-1", HashAlg::kSha1},          {"SHA2-224", HashAlg::kSha224},
      {"SHA2-256", HashAlg::kSha256},     {"SHA2-384", HashAlg::kSha384},
      {"SHA2-512", HashAlg::kSha512},     {"SHA2-512/224", HashAlg::kSha512_224},
      {"SHA2-512/256", HashAlg::kSha512_256}, {"SHA3-224", HashAlg::kSha3_224},
      {"SHA3-256", HashAlg::kSha3_256},   {"SHA3-384", HashAlg::kSha3_384},
      {"SHA3-512", HashAlg::kSha3_512},
  };
  auto it = kNames.find(name);
  if (it == kNames.end()) throw Unsupported("hash " + name);
  return it->second;
}

bool is_hash_name(const std::string& name) {
  try {
    (void)hash_from_name(name);
    return true;
  } catch (const Unsupported&) {
    return false;
  }
}

const Json& vector_set(const Json& file) {
  if (file.is_array()) {
    for (const auto& e : file)
      if (e.contains("testGroups")) return e;
  }
  if (file.is_object() && file.contains("testGroups")) return file;
  throw BadInput("no testGroups in the file");
}

std::string algorithm_key(const Json& vs) {
  std::string key = vs.value("algorithm", "");
  const std::string mode = vs.value("mode", "");
  if (!mode.empty()) key += "-" + mode;
  return key + "-" + vs.value("revision", "");
}

bool Filter::wants(const Json& group) const {
  if (!groups.empty() && !groups.count(group.value("tgId", -1))) return false;
  return !skip_types.count(group.value("testType", ""));
}

GroupHandler find_handler(const Json& vs) {
  const std::string key = algorithm_key(vs);
  for (auto* family : {sym_handler, kdf_handler, ecc_handler, rsa_handler, pqc_handler}) {
    if (auto h = family(key)) return h;
  }
  return nullptr;
}

std::optional<Verifier> find_verifier(const std::string& key) {
  if (auto v = ecc_verifier(key)) return v;
  if (auto v = sym_verifier(key)) return v;
  return rsa_verifier(key);
}

void report_case_error(const Json& test, const std::string& what) {
  ++g_case_errors;
  std::cerr << "  error: tcId " << test.value("tcId", -1) << ": " << what << "\n";
}

std::string rv_text(unsigned long rv) {
  std::ostringstream os;
  os << "CK_RV 0x" << std::hex << rv;
  return os.str();
}

void for_each_test(const Json& group, Json& out, const std::function<void(const Json&, Json&)>& fn) {
  for (const auto& t : group.at("tests")) {
    Json a = {{"tcId", t.at("tcId")}};
    try {
      fn(t, a);
    } catch (const CaseError& e) {
      report_case_error(t, e.what());
      continue;
    }
    out["tests"].push_back(std::move(a));
  }
}

std::string str_field(const Json& j, const char* name) {
  if (!j.contains(name) || !j.at(name).is_string()) throw BadInput(std::string("missing field ") + name);
  return j.at(name).get<std::string>();
}

int int_field(const Json& j, const char* name) {
  if (!j.contains(name) || !j.at(name).is_number_integer()) throw BadInput(std::string("missing field ") + name);
  return j.at(name).get<int>();
}

RunStats answer(const Json& prompt_file, const Filter& filter, Json& response) {
  const Json& vs = vector_set(prompt_file);
  RunStats st;
  st.algorithm = algorithm_key(vs);
  response = Json::object();
  for (const char* f : {"vsId", "algorithm", "mode", "revision", "isSample"})
    if (vs.contains(f)) response[f] = vs[f];
  response["testGroups"] = Json::array();
  GroupHandler handler = find_handler(vs);
  if (!handler) {
    st.unknown_algorithm = true;
    st.skipped.push_back("all groups: algorithm " + st.algorithm + " not supported");
    return st;
  }
  const int errors_before = g_case_errors;
  for (const auto& g : vs.at("testGroups")) {
    if (!filter.wants(g)) continue;
    ++st.groups;
    Json out = {{"tgId", g.at("tgId")}, {"tests", Json::array()}};
    try {
      handler(g, out);
    } catch (const std::exception& e) {
      // Unsupported and BadInput: the group is skipped and listed; a JSON
      // type error is a malformed file, reported the same way.
      st.skipped.push_back("tgId " + std::to_string(g.at("tgId").get<int>()) + " (" + g.value("testType", "?") +
                           "): " + e.what());
      continue;
    }
    st.tests_done += static_cast<int>(out["tests"].size());
    ++st.groups_done;
    response["testGroups"].push_back(std::move(out));
  }
  st.case_errors = g_case_errors - errors_before;
  return st;
}

}  // namespace craton::acvp
