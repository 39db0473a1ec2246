// Power-on self-tests (fips/self_tests.h) and the integrity test
// (fips/integrity.h): POST passes, every KAT fails when its expected value
// is corrupted, and the integrity test passes, skips or fails as the
// sidecar dictates.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "fips/integrity.h"
#include "fips/self_tests.h"

namespace craton::fips {
namespace {

namespace fs = std::filesystem;

std::string script_path() {
  return (fs::path(CRATON_TEST_VECTORS_DIR) / ".." / ".." / "tools" / "compute-integrity-hmac.sh").string();
}

void write_file(const fs::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out << text;
}

// A scratch "module" file the integrity test is pointed at, removed (with
// its sidecar) at the end; the overrides are reset too.
class IntegrityFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("craton_integrity_" + std::to_string(getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
    module_ = dir_ / "libfake_module.so";
    std::string body;
    for (int i = 0; i < 20000; ++i) body += "module bytes " + std::to_string(i) + "\n";
    write_file(module_, body);
    testing::set_integrity_module_path(module_.string());
  }
  void TearDown() override {
    testing::set_integrity_module_path("");
    testing::set_integrity_sidecar_required(std::nullopt);
    testing::clear_corrupted_kats();
    fs::remove_all(dir_);
  }
  fs::path sidecar() const { return fs::path(integrity_sidecar_path(module_.string())); }
  // The sidecar as the shipped tool writes it: proves the tool and the
  // module use the same key.
  void write_sidecar_with_tool() {
    const std::string cmd = "sh '" + script_path() + "' '" + module_.string() + "' > /dev/null";
    ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
    ASSERT_TRUE(fs::exists(sidecar()));
  }

  fs::path dir_, module_;
};

using SelfTests = IntegrityFixture;
using Integrity = IntegrityFixture;

TEST_F(SelfTests, PowerOnSelfTestsPass) {
  write_sidecar_with_tool();
  SelfTestReport report;
  const Status st = run_power_on_self_tests(&report);
  for (const SelfTestResult& r : report.results)
    EXPECT_EQ(r.outcome, SelfTestOutcome::kPassed) << r.name << " rv=" << r.rv << " " << r.detail;
  ASSERT_TRUE(st.is_ok());
  EXPECT_TRUE(report.passed);
  const auto names = known_answer_test_names();
  ASSERT_EQ(report.results.size(), names.size() + 1);
  EXPECT_EQ(report.results.front().name, kIntegrityTestName);
  for (const std::string& n : names) EXPECT_NE(report.find(n), nullptr) << n;

  std::uint64_t kat_micros = 0;
  for (std::size_t i = 1; i < report.results.size(); ++i) kat_micros += report.results[i].micros;
  std::printf("POST: %zu tests, %llu us total (KATs %llu us, integrity of a %ju-byte file %llu us)\n",
              report.results.size(), static_cast<unsigned long long>(report.total_micros),
              static_cast<unsigned long long>(kat_micros), static_cast<std::uintmax_t>(fs::file_size(module_)),
              static_cast<unsigned long long>(report.results.front().micros));
  for (const SelfTestResult& r : report.results)
    std::printf("  %-40s %6llu us\n", r.name.c_str(), static_cast<unsigned long long>(r.micros));
  EXPECT_LT(kat_micros, 2'000'000U);  // generous: Debug, shared machine, sanitizers
}

TEST_F(SelfTests, CoversEveryApprovedAlgorithmFamily) {
  const auto names = known_answer_test_names();
  for (const char* n : {"SHA-1", "SHA-224", "SHA-256", "SHA-384", "SHA-512", "SHA-512/224", "SHA-512/256",
                        "SHA3-224", "SHA3-256", "SHA3-384", "SHA3-512", "HMAC-SHA-256", "HMAC-SHA-512", "AES-ECB",
                        "AES-CBC", "AES-CTR", "AES-GCM", "AES-CCM", "AES-KW", "AES-KWP", "AES-CMAC",
                        "RSA PKCS#1 v1.5 sign", "RSA PKCS#1 v1.5 verify", "RSA OAEP decrypt", "ECDSA P-256 verify",
                        "ECDSA P-256 sign", "ECDH P-256", "Ed25519 sign", "Ed25519 verify", "HKDF-SHA-256",
                        "PBKDF2-HMAC-SHA-256", "SP 800-108 counter KDF (HMAC-SHA-256)", "HMAC_DRBG (SHA-256)"})
    EXPECT_NE(std::find(names.begin(), names.end(), n), names.end()) << n;
}

// Each KAT must really compare: with one bit of its expected value flipped
// it fails, and it alone fails.
TEST_F(SelfTests, EveryKnownAnswerTestDetectsAWrongAnswer) {
  write_sidecar_with_tool();
  for (const std::string& name : known_answer_test_names()) {
    testing::clear_corrupted_kats();
    ASSERT_TRUE(testing::corrupt_kat(name));
    SelfTestReport report;
    EXPECT_EQ(run_power_on_self_tests(&report).rv(), CKR_FUNCTION_FAILED) << name;
    EXPECT_FALSE(report.passed) << name;
    for (const SelfTestResult& r : report.results) {
      if (r.name == name)
        EXPECT_EQ(r.outcome, SelfTestOutcome::kFailed) << name;
      else
        EXPECT_EQ(r.outcome, SelfTestOutcome::kPassed) << r.name << " while corrupting " << name;
    }
  }
  testing::clear_corrupted_kats();
  EXPECT_TRUE(run_power_on_self_tests(nullptr).is_ok());
}

TEST_F(SelfTests, UnknownNameCannotBeCorrupted) {
  EXPECT_FALSE(testing::corrupt_kat("MD5"));
  EXPECT_FALSE(testing::corrupt_kat(""));
}

TEST_F(SelfTests, IntegrityFailureFailsPostButTheKatsStillRun) {
  write_file(sidecar(), std::string(64, '0') + "\n");
  SelfTestReport report;
  EXPECT_EQ(run_power_on_self_tests(&report).rv(), CKR_FUNCTION_FAILED);
  ASSERT_EQ(report.results.size(), known_answer_test_names().size() + 1);
  EXPECT_EQ(report.results.front().outcome, SelfTestOutcome::kFailed);
  for (std::size_t i = 1; i < report.results.size(); ++i)
    EXPECT_EQ(report.results[i].outcome, SelfTestOutcome::kPassed) << report.results[i].name;
}

TEST_F(Integrity, MissingSidecarFollowsTheBuildRule) {
  const IntegrityResult r = check_module_integrity();
#ifdef CRATON_FIPS
  EXPECT_EQ(r.outcome, IntegrityOutcome::kFailed);
#else
  EXPECT_EQ(r.outcome, IntegrityOutcome::kSkipped);
  SelfTestReport report;
  EXPECT_TRUE(run_power_on_self_tests(&report).is_ok()) << "a skipped integrity test is not a failure";
  EXPECT_EQ(report.results.front().outcome, SelfTestOutcome::kSkipped);
#endif
  EXPECT_EQ(r.module_path, module_.string());
}

TEST_F(Integrity, MissingSidecarSkippedUnlessRequired) {
  testing::set_integrity_sidecar_required(false);
  EXPECT_EQ(check_module_integrity().outcome, IntegrityOutcome::kSkipped);
  testing::set_integrity_sidecar_required(true);
  const IntegrityResult r = check_module_integrity();
  EXPECT_EQ(r.outcome, IntegrityOutcome::kFailed);
  EXPECT_NE(r.detail.find("missing"), std::string::npos) << r.detail;
}

TEST_F(Integrity, RightSidecarPasses) {
  write_sidecar_with_tool();
  testing::set_integrity_sidecar_required(true);
  EXPECT_EQ(check_module_integrity().outcome, IntegrityOutcome::kPassed);
  // Upper-case hex and surrounding whitespace are accepted too.
  std::ifstream in(sidecar());
  std::string mac;
  in >> mac;
  for (char& c : mac) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  write_file(sidecar(), "  " + mac + "\r\n");
  EXPECT_EQ(check_module_integrity().outcome, IntegrityOutcome::kPassed);
}

TEST_F(Integrity, SidecarMatchesTheModulesOwnMac) {
  write_sidecar_with_tool();
  const auto mac = integrity_mac_of_file(module_.string());
  ASSERT_TRUE(mac.is_ok());
  std::string hex;
  char buf[3];
  for (std::uint8_t b : *mac) {
    std::snprintf(buf, sizeof(buf), "%02x", b);
    hex += buf;
  }
  std::ifstream in(sidecar());
  std::string from_tool;
  in >> from_tool;
  EXPECT_EQ(hex, from_tool);
}

TEST_F(Integrity, WrongSidecarFails) {
  write_sidecar_with_tool();
  std::ifstream in(sidecar());
  std::string mac;
  in >> mac;
  in.close();
  mac[10] = mac[10] == '0' ? '1' : '0';
  write_file(sidecar(), mac + "\n");
  EXPECT_EQ(check_module_integrity().outcome, IntegrityOutcome::kFailed);
}

TEST_F(Integrity, ModifiedModuleFails) {
  write_sidecar_with_tool();
  {
    std::fstream f(module_, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(1000);
    f.put('X');
  }
  const IntegrityResult r = check_module_integrity();
  EXPECT_EQ(r.outcome, IntegrityOutcome::kFailed);
  EXPECT_NE(r.detail.find("does not match"), std::string::npos) << r.detail;
}

TEST_F(Integrity, MalformedSidecarFails) {
  for (const std::string& text : {std::string(), std::string("\n"), std::string(63, 'a'), std::string(65, 'a'),
                                  std::string(64, 'g'), std::string(32, 'a') + " " + std::string(31, 'a')}) {
    write_file(sidecar(), text);
    EXPECT_EQ(check_module_integrity().outcome, IntegrityOutcome::kFailed) << "'" << text << "'";
  }
}

TEST_F(Integrity, UnreadableModuleFails) {
  testing::set_integrity_module_path((dir_ / "no_such_module.so").string());
  write_file(dir_ / "no_such_module.so.hmac", std::string(64, 'a'));
  EXPECT_EQ(check_module_integrity().outcome, IntegrityOutcome::kFailed);
}

TEST(IntegrityPath, FindsTheFileHoldingTheCode) {
  testing::set_integrity_module_path("");
  const auto path = integrity_module_path();
  ASSERT_TRUE(path.is_ok());
  EXPECT_EQ(path->front(), '/');
  EXPECT_TRUE(fs::exists(*path)) << *path;
  // Linked statically into this test executable, the code lives in it.
  EXPECT_TRUE(fs::equivalent(*path, "/proc/self/exe")) << *path;
}

}  // namespace
}  // namespace craton::fips
