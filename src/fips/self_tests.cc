#include "fips/self_tests.h"

#include <chrono>
#include <mutex>
#include <set>
#include <span>

#include "core/log.h"
#include "fips/integrity.h"
#include "fips/kats.h"

namespace craton::fips {
namespace {

// Every known-answer test, in run order. Hash KATs come first because the
// MAC, signature and KDF tests build on hashes.
// The post-quantum KATs (kat_pqc.cc) come last: their algorithms are not
// approved here, but the mechanisms are offered and must work.
//
// More algorithms: write kat_<family>.cc with `Status kat_xxx(KatContext&)`
// functions that run the algorithm on a fixed vector and compare with
// ctx.check(), declare them in kats.h and add a row below.
constexpr KatEntry kKnownAnswerTests[] = {
    {"SHA-1", kat_sha1},
    {"SHA-224", kat_sha224},
    {"SHA-256", kat_sha256},
    {"SHA-384", kat_sha384},
    {"SHA-512", kat_sha512},
    {"SHA-512/224", kat_sha512_224},
    {"SHA-512/256", kat_sha512_256},
    {"SHA3-224", kat_sha3_224},
    {"SHA3-256", kat_sha3_256},
    {"SHA3-384", kat_sha3_384},
    {"SHA3-512", kat_sha3_512},
    {"HMAC-SHA-256", kat_hmac_sha256},
    {"HMAC-SHA-512", kat_hmac_sha512},
    {"AES-ECB", kat_aes_ecb},
    {"AES-CBC", kat_aes_cbc},
    {"AES-CTR", kat_aes_ctr},
    {"AES-GCM", kat_aes_gcm},
    {"AES-CCM", kat_aes_ccm},
    {"AES-KW", kat_aes_kw},
    {"AES-KWP", kat_aes_kwp},
    {"AES-CMAC", kat_aes_cmac},
    {"RSA PKCS#1 v1.5 sign", kat_rsa_pkcs1_sign},
    {"RSA PKCS#1 v1.5 verify", kat_rsa_pkcs1_verify},
    {"RSA OAEP decrypt", kat_rsa_oaep_decrypt},
    {"ECDSA P-256 verify", kat_ecdsa_p256_verify},
    {"ECDSA P-256 sign", kat_ecdsa_p256_sign},
    {"ECDH P-256", kat_ecdh_p256},
    {"Ed25519 sign", kat_ed25519_sign},
    {"Ed25519 verify", kat_ed25519_verify},
    {"HKDF-SHA-256", kat_hkdf_sha256},
    {"PBKDF2-HMAC-SHA-256", kat_pbkdf2_sha256},
    {"SP 800-108 counter KDF (HMAC-SHA-256)", kat_sp800_108_counter},
    {"HMAC_DRBG (SHA-256)", kat_hmac_drbg},
    {"ML-KEM-768 keygen", kat_ml_kem_768_keygen},
    {"ML-KEM-768 encapsulate", kat_ml_kem_768_encaps},
    {"ML-KEM-768 decapsulate", kat_ml_kem_768_decaps},
    {"ML-DSA-44 keygen", kat_ml_dsa_44_keygen},
    {"ML-DSA-44 sign and verify", kat_ml_dsa_44_sign_verify},
    {"SLH-DSA-SHA2-128f keygen", kat_slh_dsa_sha2_128f_keygen},
    {"SLH-DSA-SHAKE-128f sign and verify", kat_slh_dsa_shake_128f_sign_verify},
};

std::mutex g_run_mu;  // one POST at a time: the tests share the RSA key and the corruption set

struct Corruptions {
  std::mutex mu;
  std::set<std::string, std::less<>> names;
};
Corruptions& corruptions() {
  static Corruptions c;
  return c;
}

bool is_corrupted(std::string_view name) {
  std::lock_guard lock(corruptions().mu);
  return corruptions().names.find(name) != corruptions().names.end();
}

std::uint64_t micros_since(std::chrono::steady_clock::time_point start) {
  return static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - start).count());
}

SelfTestResult run_integrity() {
  const auto start = std::chrono::steady_clock::now();
  const IntegrityResult r = check_module_integrity();
  SelfTestResult out;
  out.name = kIntegrityTestName;
  out.outcome = r.outcome == IntegrityOutcome::kPassed    ? SelfTestOutcome::kPassed
                : r.outcome == IntegrityOutcome::kSkipped ? SelfTestOutcome::kSkipped
                                                          : SelfTestOutcome::kFailed;
  out.rv = r.outcome == IntegrityOutcome::kFailed ? CKR_FUNCTION_FAILED : CKR_OK;
  out.detail = r.detail;
  out.micros = micros_since(start);
  return out;
}

SelfTestResult run_kat(const KatEntry& kat) {
  const auto start = std::chrono::steady_clock::now();
  KatContext ctx(is_corrupted(kat.name));
  const Status st = kat.run(ctx);
  SelfTestResult out;
  out.name = kat.name;
  out.outcome = st.is_ok() ? SelfTestOutcome::kPassed : SelfTestOutcome::kFailed;
  out.rv = st.rv();
  out.micros = micros_since(start);
  return out;
}

}  // namespace

const SelfTestResult* SelfTestReport::find(std::string_view name) const {
  for (const SelfTestResult& r : results)
    if (r.name == name) return &r;
  return nullptr;
}

Status run_power_on_self_tests(SelfTestReport* report) {
  std::lock_guard lock(g_run_mu);
  const auto start = std::chrono::steady_clock::now();
  SelfTestReport local;
  local.results.reserve(1 + std::size(kKnownAnswerTests));
  local.results.push_back(run_integrity());
  for (const KatEntry& kat : kKnownAnswerTests) local.results.push_back(run_kat(kat));
  release_rsa_kat_key();
  local.passed = true;
  for (const SelfTestResult& r : local.results) {
    if (r.outcome != SelfTestOutcome::kFailed) continue;
    local.passed = false;
    log::error("power-on self-test failed: " + r.name + (r.detail.empty() ? "" : " (" + r.detail + ")"));
  }
  local.total_micros = micros_since(start);
  const bool passed = local.passed;
  if (report != nullptr) *report = std::move(local);
  return passed ? Status::ok() : err(CKR_FUNCTION_FAILED);
}

std::vector<std::string> known_answer_test_names() {
  std::vector<std::string> names;
  for (const KatEntry& kat : kKnownAnswerTests) names.emplace_back(kat.name);
  return names;
}

namespace testing {
bool corrupt_kat(std::string_view name) {
  for (const KatEntry& kat : kKnownAnswerTests) {
    if (name != kat.name) continue;
    std::lock_guard lock(corruptions().mu);
    corruptions().names.emplace(name);
    return true;
  }
  return false;
}

void clear_corrupted_kats() {
  std::lock_guard lock(corruptions().mu);
  corruptions().names.clear();
}
}  // namespace testing

}  // namespace craton::fips
