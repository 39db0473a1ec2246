// craton-hsm-acvp: an ACVP-style harness that answers NIST ACVP prompt files
// with this project's own algorithm implementations (crypto, pqc and fips
// layers, called directly: no PKCS#11 in between), as a lab's harness would.
// docs/acvp.md describes what is covered and why the rest is skipped.
#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/result.h"
#include "core/secure_memory.h"
#include "crypto/hash.h"

namespace craton::acvp {

using Json = nlohmann::json;

// A malformed vector file or a field we cannot read: the group is skipped.
struct BadInput : std::runtime_error {
  using std::runtime_error::runtime_error;
};
// An algorithm, mode or group parameter this tool does not implement.
struct Unsupported : std::runtime_error {
  using std::runtime_error::runtime_error;
};

Bytes unhex(const std::string& s);
std::string to_hex(ByteView b);  // upper case, as ACVP writes it
Bytes hex_field(const Json& j, const char* name);
Bytes hex_opt(const Json& j, const char* name);  // empty when absent
// "SHA2-256", "SHA3-384" ... -> HashAlg; throws Unsupported for the rest.
crypto::HashAlg hash_from_name(const std::string& name);
bool is_hash_name(const std::string& name);

// The vector-set header (vsId, algorithm, mode, revision) plus testGroups.
// A file may be the bare object or ACVP's [{acvVersion}, {...}] array.
const Json& vector_set(const Json& file);
std::string algorithm_key(const Json& vs);  // "algorithm[-mode]-revision"

// Which groups to answer (command-line filters).
struct Filter {
  std::set<int> groups;              // empty: all
  std::set<std::string> skip_types;  // testType values to leave out
  bool wants(const Json& group) const;
};

// Our implementation failed on one case where it should not have: the case
// is reported and left out of the response (never answered falsely).
struct CaseError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Unwraps a crypto-layer result or throws CaseError naming the CK_RV.
std::string rv_text(unsigned long rv);
template <class T>
T need(Result<T> r, const char* what) {
  if (!r.is_ok()) throw CaseError(std::string(what) + " failed, " + rv_text(r.rv()));
  return std::move(r).value();
}
inline void need(const Status& s, const char* what) {
  if (!s.is_ok()) throw CaseError(std::string(what) + " failed, " + rv_text(s.rv()));
}

// One group's answer. Handlers fill `out` (tgId is preset) with group-level
// fields and its "tests" array; they throw Unsupported to skip the group.
using GroupHandler = std::function<void(const Json& group, Json& out)>;

// The handler for a vector set, or nullptr when the algorithm is unknown.
GroupHandler find_handler(const Json& vs);

// Per algorithm family (sym.cc, kdf.cc, ecc.cc, rsa.cc, pqc.cc).
GroupHandler sym_handler(const std::string& key);
GroupHandler kdf_handler(const std::string& key);
GroupHandler ecc_handler(const std::string& key);
GroupHandler rsa_handler(const std::string& key);
GroupHandler pqc_handler(const std::string& key);

// Records a test case that our implementation failed on unexpectedly (an
// internal error, not a negative answer): it is left out of the response.
void report_case_error(const Json& test, const std::string& what);
// Runs `fn(test, answer)` for every test of the group, collecting answers
// (tcId preset) into out["tests"]; a CaseError drops just that case.
void for_each_test(const Json& group, Json& out, const std::function<void(const Json&, Json&)>& fn);
std::string str_field(const Json& j, const char* name);
int int_field(const Json& j, const char* name);

// Result of answering one prompt file.
struct RunStats {
  std::string algorithm;
  int groups = 0, groups_done = 0, tests_done = 0, case_errors = 0;
  std::vector<std::string> skipped;  // "tgId N (type): reason"
  bool unknown_algorithm = false;
};
RunStats answer(const Json& prompt_file, const Filter& filter, Json& response);

// --check: compares a response with expectedResults.json field by field;
// randomised outputs are verified instead (needs the prompt). Returns the
// number of failures (0 = pass); prints the first mismatch.
struct CheckOptions {
  Filter filter;
  int max_missing = 0;  // expected test cases allowed to be absent (skipped)
};
int check(const Json& response_file, const Json& expected_file, const Json* prompt_file, const CheckOptions& opts);

// Randomised-output verification, per algorithm key (ecc.cc, rsa.cc).
// Returns an empty string when `field` is verified, a reason otherwise.
// `verified` lists the fields whose exact comparison is replaced.
struct Verifier {
  std::set<std::string> group_fields, test_fields;
  // Called per response test; returns "" if the randomised fields are valid.
  std::function<std::string(const Json& prompt_group, const Json& prompt_test, const Json& resp_group,
                            const Json& resp_test, const Json& expected_group, const Json& expected_test)>
      verify;
};
std::optional<Verifier> find_verifier(const std::string& key);
std::optional<Verifier> ecc_verifier(const std::string& key);
std::optional<Verifier> sym_verifier(const std::string& key);
std::optional<Verifier> rsa_verifier(const std::string& key);

}  // namespace craton::acvp
