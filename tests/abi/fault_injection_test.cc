// Fault injection through the C ABI (issue #4): every self-test failure
// moves the module to its Error state, where only C_Finalize and the status
// functions work, and C_Finalize + C_Initialize (which reruns the POST) is
// the only way out. The faults come from the test hooks the module reads at
// C_Initialize (src/core/test_hooks.h, CRATON_TEST_HOOKS builds), except the
// integrity test, which is made to fail with a wrong sidecar next to a copy
// of the module.
#include <filesystem>
#include <fstream>
#include <sstream>

#include "fips/self_tests.h"  // known_answer_test_names(): the list to walk
#include "key_helpers.h"

namespace craton::test {
namespace {

namespace fs = std::filesystem;

constexpr char kFailKat[] = "CRATON_HSM_TEST_FAIL_KAT";
constexpr char kDrbgStuck[] = "CRATON_HSM_TEST_DRBG_STUCK";
constexpr char kFailPairwise[] = "CRATON_HSM_TEST_FAIL_PAIRWISE";

std::string audit_path() { return "/tmp/craton_abi_audit_" + std::to_string(getpid()) + ".log"; }

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Status functions still answer in the Error state; the token says so.
void expect_error_state(CK_FUNCTION_LIST_3_2* f) {
  CK_TOKEN_INFO ti{};
  ASSERT_OK(f->C_GetTokenInfo(0, &ti));
  EXPECT_NE(ti.flags & CKF_ERROR_STATE, 0u);
  CK_INFO info{};
  EXPECT_OK(f->C_GetInfo(&info));
  CK_ULONG n = 0;
  EXPECT_OK(f->C_GetSlotList(CK_FALSE, nullptr, &n));
  CK_SLOT_INFO si{};
  EXPECT_OK(f->C_GetSlotInfo(0, &si));
  CK_SESSION_HANDLE s = CK_INVALID_HANDLE;
  EXPECT_RV(CKR_GENERAL_ERROR, f->C_OpenSession(0, CKF_SERIAL_SESSION, nullptr, nullptr, &s));
  EXPECT_RV(CKR_GENERAL_ERROR, f->C_CloseAllSessions(0));
  CK_ULONG count = 0;
  EXPECT_RV(CKR_GENERAL_ERROR, f->C_GetMechanismList(0, nullptr, &count));
}

// Everything that needs a session fails in the Error state.
void expect_session_refused(CK_FUNCTION_LIST_3_2* f, CK_SESSION_HANDLE s, CK_OBJECT_HANDLE key) {
  Bytes buf(32);
  EXPECT_RV(CKR_GENERAL_ERROR, f->C_GenerateRandom(s, buf.data(), buf.size()));
  CK_MECHANISM ecdsa{CKM_ECDSA, nullptr, 0};
  EXPECT_RV(CKR_GENERAL_ERROR, f->C_SignInit(s, &ecdsa, key));
  CK_ULONG len = buf.size();
  EXPECT_RV(CKR_GENERAL_ERROR, f->C_Sign(s, buf.data(), 32, buf.data(), &len));
  CK_MECHANISM sha{CKM_SHA256, nullptr, 0};
  EXPECT_RV(CKR_GENERAL_ERROR, f->C_DigestInit(s, &sha));
  CK_SESSION_INFO info{};
  EXPECT_RV(CKR_GENERAL_ERROR, f->C_GetSessionInfo(s, &info));
  EXPECT_RV(CKR_GENERAL_ERROR, f->C_Logout(s));
  EXPECT_RV(CKR_GENERAL_ERROR, f->C_CloseSession(s));
}

// After C_Finalize and a clean C_Initialize the module serves again.
void expect_recovery(CK_FUNCTION_LIST_3_2* f) {
  ASSERT_OK(f->C_Initialize(nullptr));
  CK_TOKEN_INFO ti{};
  ASSERT_OK(f->C_GetTokenInfo(0, &ti));
  EXPECT_EQ(ti.flags & CKF_ERROR_STATE, 0u);
  CK_SESSION_HANDLE s = CK_INVALID_HANDLE;
  ASSERT_OK(f->C_OpenSession(0, CKF_SERIAL_SESSION, nullptr, nullptr, &s));
  Bytes a(32), b(32);
  EXPECT_OK(f->C_GenerateRandom(s, a.data(), a.size()));
  EXPECT_OK(f->C_GenerateRandom(s, b.data(), b.size()));
  EXPECT_NE(a, b);
  EXPECT_OK(f->C_CloseSession(s));
  EXPECT_OK(f->C_Finalize(nullptr));
}

class FaultInjectionTest : public ::testing::Test {
 protected:
  void SetUp() override {
#ifndef CRATON_TEST_HOOKS
    GTEST_SKIP() << "module built without CRATON_TEST_HOOKS";
#endif
    clear_env();
    use_config(default_test_config());
  }
  void TearDown() override {
    clear_env();
    f()->C_Finalize(nullptr);  // CKR_CRYPTOKI_NOT_INITIALIZED when the test finalised already
  }
  static void clear_env() {
    unsetenv(kFailKat);
    unsetenv(kDrbgStuck);
    unsetenv(kFailPairwise);
  }
  CK_FUNCTION_LIST_3_2* f() { return module().fns; }
};

TEST_F(FaultInjectionTest, EveryKnownAnswerTestFailureEntersTheErrorState) {
  const std::vector<std::string> names = fips::known_answer_test_names();
  ASSERT_GE(names.size(), 40u);
  for (const std::string& name : names) {
    SCOPED_TRACE(name);
    setenv(kFailKat, name.c_str(), 1);
    EXPECT_RV(CKR_GENERAL_ERROR, f()->C_Initialize(nullptr));
    expect_error_state(f());
    // Still initialised (in Error): only C_Finalize leaves.
    EXPECT_RV(CKR_CRYPTOKI_ALREADY_INITIALIZED, f()->C_Initialize(nullptr));
    ASSERT_OK(f()->C_Finalize(nullptr));
    // The variable is read again at every C_Initialize: still set, still failing.
    EXPECT_RV(CKR_GENERAL_ERROR, f()->C_Initialize(nullptr));
    ASSERT_OK(f()->C_Finalize(nullptr));
    unsetenv(kFailKat);
    expect_recovery(f());
  }
  // The audit log names the failed test and the error state.
  const std::string log = read_file(audit_path());
  EXPECT_NE(log.find("\"function\":\"SelfTest\""), std::string::npos);
  EXPECT_NE(log.find("power-on self-tests failed: error state"), std::string::npos);
  EXPECT_NE(log.find(names.back()), std::string::npos);
}

TEST_F(FaultInjectionTest, UnknownKatNameChangesNothing) {
  setenv(kFailKat, "no such test", 1);
  expect_recovery(f());
}

TEST_F(FaultInjectionTest, StuckDrbgTripsTheContinuousTest) {
  setenv(kDrbgStuck, "1", 1);
  ASSERT_OK(f()->C_Initialize(nullptr));  // armed only once the POST has passed
  CK_SESSION_HANDLE s = CK_INVALID_HANDLE;
  ASSERT_OK(f()->C_OpenSession(0, CKF_SERIAL_SESSION, nullptr, nullptr, &s));
  // The first random request repeats a block: the real health test fires.
  Bytes out(64, 0xAA);
  EXPECT_RV(CKR_GENERAL_ERROR, f()->C_GenerateRandom(s, out.data(), out.size()));
  EXPECT_EQ(out, Bytes(64, 0)) << "a failed request hands out nothing (wiped)";
  expect_error_state(f());
  expect_session_refused(f(), s, CK_INVALID_HANDLE);
  ASSERT_OK(f()->C_Finalize(nullptr));
  const std::string log = read_file(audit_path());
  EXPECT_NE(log.find("HMAC_DRBG continuous health test"), std::string::npos);
  unsetenv(kDrbgStuck);
  expect_recovery(f());
}

TEST_F(FaultInjectionTest, HooksAreReadOnlyAtInitialize) {
  ASSERT_OK(f()->C_Initialize(nullptr));
  setenv(kDrbgStuck, "1", 1);  // too late for this initialisation
  CK_SESSION_HANDLE s = CK_INVALID_HANDLE;
  ASSERT_OK(f()->C_OpenSession(0, CKF_SERIAL_SESSION, nullptr, nullptr, &s));
  Bytes out(32);
  EXPECT_OK(f()->C_GenerateRandom(s, out.data(), out.size()));
  EXPECT_OK(f()->C_GenerateRandom(s, out.data(), out.size()));
  ASSERT_OK(f()->C_Finalize(nullptr));
}

// --- pairwise consistency tests ----------------------------------------------

struct PairwiseCase {
  const char* name;
  CK_MECHANISM_TYPE mechanism;
  CK_ATTRIBUTE_TYPE param_type;  // CKA_EC_PARAMS, CKA_MODULUS_BITS or CKA_PARAMETER_SET
  Bytes param;                   // its value
  CK_ATTRIBUTE_TYPE pub_usage, priv_usage;
};

Bytes ulong_bytes(CK_ULONG v) {
  Bytes b(sizeof v);
  std::memcpy(b.data(), &v, sizeof v);
  return b;
}

std::vector<PairwiseCase> pairwise_cases() {
  return {
      {"ECDSA P-256", CKM_EC_KEY_PAIR_GEN, CKA_EC_PARAMS, kP256Params, CKA_VERIFY, CKA_SIGN},
      {"Ed25519", CKM_EC_EDWARDS_KEY_PAIR_GEN, CKA_EC_PARAMS, kEd25519Params, CKA_VERIFY, CKA_SIGN},
      {"RSA-2048", CKM_RSA_PKCS_KEY_PAIR_GEN, CKA_MODULUS_BITS, ulong_bytes(2048), CKA_VERIFY, CKA_SIGN},
      {"ML-KEM-768", CKM_ML_KEM_KEY_PAIR_GEN, CKA_PARAMETER_SET, ulong_bytes(CKP_ML_KEM_768), CKA_ENCAPSULATE,
       CKA_DECAPSULATE},
      {"ML-DSA-44", CKM_ML_DSA_KEY_PAIR_GEN, CKA_PARAMETER_SET, ulong_bytes(CKP_ML_DSA_44), CKA_VERIFY, CKA_SIGN},
      {"SLH-DSA-SHA2-128f", CKM_SLH_DSA_KEY_PAIR_GEN, CKA_PARAMETER_SET, ulong_bytes(CKP_SLH_DSA_SHA2_128F),
       CKA_VERIFY, CKA_SIGN},
  };
}

// A SQLite token, so that "no object was kept" can be checked after the
// module has been re-initialised.
class PairwiseFaultTest : public FaultInjectionTest {
 protected:
  void SetUp() override {
    FaultInjectionTest::SetUp();
    if (IsSkipped()) return;
    dir_ = fs::temp_directory_path() / ("craton_pairwise_" + std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    use_config("[token]\nslot_count = 1\npin_min_length = 4\n[storage]\nbackend = \"sqlite\"\npath = \"" +
               dir_.string() + "\"\npbkdf2_iterations = 100000\n[logging]\nlevel = \"off\"\n[audit]\npath = \"" +
               audit_path() + "\"\n");
  }
  void TearDown() override {
    FaultInjectionTest::TearDown();
    fs::remove_all(dir_);
  }

  CK_SESSION_HANDLE login() {
    CK_SESSION_HANDLE s = CK_INVALID_HANDLE;
    EXPECT_OK(f()->C_OpenSession(0, CKF_SERIAL_SESSION | CKF_RW_SESSION, nullptr, nullptr, &s));
    EXPECT_OK(f()->C_Login(s, CKU_USER, (CK_UTF8CHAR_PTR)kUserPin, std::strlen(kUserPin)));
    return s;
  }

  CK_RV generate(CK_SESSION_HANDLE s, const PairwiseCase& c, CK_OBJECT_HANDLE* pub, CK_OBJECT_HANDLE* priv) {
    CK_MECHANISM m{c.mechanism, nullptr, 0};
    CK_BBOOL yes = CK_TRUE;
    static const char kLabel[] = "pairwise";
    CK_ATTRIBUTE pt[] = {attr(c.param_type, c.param.data(), c.param.size()), attr(c.pub_usage, &yes, 1),
                         attr(CKA_TOKEN, &yes, 1), attr(CKA_LABEL, kLabel, sizeof kLabel - 1)};
    CK_ATTRIBUTE vt[] = {attr(c.priv_usage, &yes, 1), attr(CKA_TOKEN, &yes, 1), attr(CKA_PRIVATE, &yes, 1),
                         attr(CKA_LABEL, kLabel, sizeof kLabel - 1)};
    return f()->C_GenerateKeyPair(s, &m, pt, 4, vt, 4, pub, priv);
  }

  // Objects other than the module's own CKO_VALIDATION object.
  std::size_t token_objects(CK_SESSION_HANDLE s) {
    EXPECT_OK(f()->C_FindObjectsInit(s, nullptr, 0));
    CK_OBJECT_HANDLE found[16];
    CK_ULONG n = 0;
    EXPECT_OK(f()->C_FindObjects(s, found, 16, &n));
    EXPECT_OK(f()->C_FindObjectsFinal(s));
    std::size_t count = 0;
    for (CK_ULONG i = 0; i < n; ++i) {
      CK_OBJECT_CLASS cls = 0;
      CK_ATTRIBUTE a{CKA_CLASS, &cls, sizeof cls};
      EXPECT_OK(f()->C_GetAttributeValue(s, found[i], &a, 1));
      if (cls != CKO_VALIDATION) ++count;
    }
    return count;
  }

  fs::path dir_;
};

TEST_F(PairwiseFaultTest, EveryPairwiseFailureEntersTheErrorStateAndKeepsNothing) {
  // The token and user PIN persist in the store across initialisations.
  ASSERT_OK(f()->C_Initialize(nullptr));
  CK_UTF8CHAR label[32];
  std::memset(label, ' ', sizeof label);
  ASSERT_OK(f()->C_InitToken(0, (CK_UTF8CHAR_PTR)kSoPin, std::strlen(kSoPin), label));
  CK_SESSION_HANDLE so = CK_INVALID_HANDLE;
  ASSERT_OK(f()->C_OpenSession(0, CKF_SERIAL_SESSION | CKF_RW_SESSION, nullptr, nullptr, &so));
  ASSERT_OK(f()->C_Login(so, CKU_SO, (CK_UTF8CHAR_PTR)kSoPin, std::strlen(kSoPin)));
  ASSERT_OK(f()->C_InitPIN(so, (CK_UTF8CHAR_PTR)kUserPin, std::strlen(kUserPin)));
  ASSERT_OK(f()->C_Finalize(nullptr));

  for (const PairwiseCase& c : pairwise_cases()) {
    SCOPED_TRACE(c.name);
    setenv(kFailPairwise, "1", 1);
    ASSERT_OK(f()->C_Initialize(nullptr));
    CK_SESSION_HANDLE s = login();
    ASSERT_EQ(token_objects(s), 0u);
    CK_OBJECT_HANDLE pub = CK_INVALID_HANDLE, priv = CK_INVALID_HANDLE;
    EXPECT_RV(CKR_GENERAL_ERROR, generate(s, c, &pub, &priv));
    EXPECT_EQ(pub, CK_INVALID_HANDLE);
    EXPECT_EQ(priv, CK_INVALID_HANDLE);
    expect_error_state(f());
    expect_session_refused(f(), s, CK_INVALID_HANDLE);
    ASSERT_OK(f()->C_Finalize(nullptr));

    // Re-initialised without the fault: nothing was stored, and the same
    // generation now works (the one-shot fault is gone).
    unsetenv(kFailPairwise);
    ASSERT_OK(f()->C_Initialize(nullptr));
    s = login();
    EXPECT_EQ(token_objects(s), 0u);
    ASSERT_OK(generate(s, c, &pub, &priv));
    EXPECT_EQ(token_objects(s), 2u);
    EXPECT_OK(f()->C_DestroyObject(s, pub));
    EXPECT_OK(f()->C_DestroyObject(s, priv));
    ASSERT_OK(f()->C_Finalize(nullptr));
  }
  const std::string log = read_file(audit_path());
  for (const char* what : {"ECDSA pairwise", "EdDSA pairwise", "RSA pairwise", "ML-KEM pairwise", "ML-DSA pairwise",
                           "SLH-DSA pairwise"})
    EXPECT_NE(log.find(std::string(what) + " failed: error state"), std::string::npos) << what;
}

// --- the integrity test ------------------------------------------------------

// A private copy of the module, loaded next to the shared one, so its
// sidecar can be written without touching the build output.
class ModuleCopy {
 public:
  explicit ModuleCopy(const fs::path& dir) : path_(dir / "libcraton_hsm.so") {
    fs::copy_file(CRATON_MODULE_PATH, path_, fs::copy_options::overwrite_existing);
    handle_ = dlopen(path_.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (handle_ == nullptr) return;
    auto get = reinterpret_cast<CK_C_GetFunctionList>(dlsym(handle_, "C_GetFunctionList"));
    if (get != nullptr) get(&fns_);
  }
  // Left loaded on purpose: the module registers fork handlers and
  // thread-local destructors that must outlive every thread.
  CK_FUNCTION_LIST* fns() const { return fns_; }
  const fs::path& path() const { return path_; }
  fs::path sidecar() const { return fs::path(path_.string() + ".hmac"); }

 private:
  fs::path path_;
  void* handle_ = nullptr;
  CK_FUNCTION_LIST* fns_ = nullptr;
};

// Needs no hook: runs in every build.
class IntegrityAbiTest : public ::testing::Test {
 protected:
  void SetUp() override { use_config(default_test_config()); }
};

TEST_F(IntegrityAbiTest, WrongSidecarFailsTheIntegrityTestAndARightOnePasses) {
  const fs::path dir = fs::temp_directory_path() / ("craton_integrity_abi_" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  ModuleCopy copy(dir);
  ASSERT_NE(copy.fns(), nullptr) << dlerror();
  CK_FUNCTION_LIST* g = copy.fns();

  std::ofstream(copy.sidecar()) << std::string(64, '0') << "\n";
  EXPECT_RV(CKR_GENERAL_ERROR, g->C_Initialize(nullptr));
  CK_TOKEN_INFO ti{};
  ASSERT_OK(g->C_GetTokenInfo(0, &ti));
  EXPECT_NE(ti.flags & CKF_ERROR_STATE, 0u);
  CK_SESSION_HANDLE s = CK_INVALID_HANDLE;
  EXPECT_RV(CKR_GENERAL_ERROR, g->C_OpenSession(0, CKF_SERIAL_SESSION, nullptr, nullptr, &s));
  ASSERT_OK(g->C_Finalize(nullptr));

  // A malformed sidecar fails too.
  std::ofstream(copy.sidecar()) << "not a mac\n";
  EXPECT_RV(CKR_GENERAL_ERROR, g->C_Initialize(nullptr));
  ASSERT_OK(g->C_Finalize(nullptr));

  const std::string tool = fs::path(CRATON_TEST_VECTORS_DIR).parent_path().parent_path() / "tools" /
                           "compute-integrity-hmac.sh";
  const std::string cmd = "sh '" + tool + "' '" + copy.path().string() + "' > /dev/null";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  ASSERT_OK(g->C_Initialize(nullptr));
  ASSERT_OK(g->C_GetTokenInfo(0, &ti));
  EXPECT_EQ(ti.flags & CKF_ERROR_STATE, 0u);
  ASSERT_OK(g->C_OpenSession(0, CKF_SERIAL_SESSION, nullptr, nullptr, &s));
  ASSERT_OK(g->C_Finalize(nullptr));

  const std::string log = read_file(audit_path());
  EXPECT_NE(log.find("Integrity (HMAC-SHA-256)"), std::string::npos);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace craton::test
