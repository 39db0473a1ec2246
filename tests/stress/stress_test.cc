// Concurrency stress test (issue #6): many threads open and close sessions,
// log in and out, create, find, use and destroy objects on ONE token, for a
// fixed number of iterations. Every return code must be one the spec allows
// for the interleaving that happened (stress_worker.h), every successful
// result must be right. scripts/test.sh runs it under ThreadSanitizer too.
#include <cstdlib>
#include <filesystem>
#include <thread>

#include "harness.h"
#include "stress_worker.h"

namespace craton::test {
namespace {

using stress::Plan;
using stress::Shared;
using stress::Worker;

class StressTest : public ::testing::Test {
 protected:
  void TearDown() override {
    if (initialized_) module().fns->C_Finalize(nullptr);
    std::error_code ec;
    if (!store_dir_.empty()) std::filesystem::remove_all(store_dir_, ec);
    std::filesystem::remove(audit_path_, ec);
  }

  // Initialises the module with the given storage, then makes the token, the
  // user PIN, the anchor session and the shared ECDSA key pair.
  void start(bool sqlite) {
    audit_path_ = "/tmp/craton_stress_audit_" + std::to_string(getpid()) + ".log";
    std::string storage = "[storage]\nbackend = \"memory\"\npbkdf2_iterations = 100000\n";
    if (sqlite) {
      char tmpl[] = "/tmp/craton_stress_store.XXXXXX";
      ASSERT_NE(mkdtemp(tmpl), nullptr);
      store_dir_ = tmpl;
      storage = "[storage]\nbackend = \"sqlite\"\npath = \"" + store_dir_ + "\"\npbkdf2_iterations = 100000\n";
    }
    use_config("[token]\nslot_count = 1\npin_min_length = 4\nmax_login_failures = 5\n" + storage +
               "[logging]\nlevel = \"error\"\n[audit]\npath = \"" + audit_path_ + "\"\n");
    CK_C_INITIALIZE_ARGS args{};
    args.flags = CKF_OS_LOCKING_OK;
    ASSERT_OK(f()->C_Initialize(&args));
    initialized_ = true;
    CK_UTF8CHAR label[32];
    std::memset(label, ' ', sizeof label);
    std::memcpy(label, "stress", 6);
    ASSERT_OK(f()->C_InitToken(0, (CK_UTF8CHAR_PTR)kSoPin, std::strlen(kSoPin), label));
    CK_SESSION_HANDLE s = CK_INVALID_HANDLE;
    ASSERT_OK(f()->C_OpenSession(0, CKF_SERIAL_SESSION | CKF_RW_SESSION, nullptr, nullptr, &s));
    ASSERT_OK(f()->C_Login(s, CKU_SO, (CK_UTF8CHAR_PTR)kSoPin, std::strlen(kSoPin)));
    ASSERT_OK(f()->C_InitPIN(s, (CK_UTF8CHAR_PTR)kUserPin, std::strlen(kUserPin)));
    ASSERT_OK(f()->C_Logout(s));
    ASSERT_OK(f()->C_Login(s, CKU_USER, (CK_UTF8CHAR_PTR)kUserPin, std::strlen(kUserPin)));
    shared_.f = f();
    shared_.anchor = s;
    make_key_pair(s);
  }

  void make_key_pair(CK_SESSION_HANDLE s) {
    static const unsigned char kP256[] = {0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07};
    CK_MECHANISM m{CKM_EC_KEY_PAIR_GEN, nullptr, 0};
    CK_BBOOL yes = CK_TRUE, no = CK_FALSE;
    const Bytes& id = shared_.ec_id;
    CK_ATTRIBUTE pub[] = {attr(CKA_EC_PARAMS, kP256, sizeof kP256), attr(CKA_VERIFY, &yes, 1),
                          attr(CKA_TOKEN, &yes, 1), attr(CKA_PRIVATE, &no, 1), attr(CKA_ID, id.data(), id.size())};
    CK_ATTRIBUTE priv[] = {attr(CKA_SIGN, &yes, 1), attr(CKA_TOKEN, &yes, 1), attr(CKA_PRIVATE, &yes, 1),
                           attr(CKA_ID, id.data(), id.size())};
    ASSERT_OK(f()->C_GenerateKeyPair(s, &m, pub, 5, priv, 4, &shared_.ec_pub, &shared_.ec_priv));
    CK_ATTRIBUTE point{CKA_EC_POINT, nullptr, 0};
    ASSERT_OK(f()->C_GetAttributeValue(s, shared_.ec_pub, &point, 1));
    shared_.ec_point.resize(point.ulValueLen);
    point.pValue = shared_.ec_point.data();
    ASSERT_OK(f()->C_GetAttributeValue(s, shared_.ec_pub, &point, 1));
  }

  // Runs `threads` workers to completion, then checks for failures and that
  // every kind of work really happened.
  void run(int threads, const Plan& plan) {
    std::vector<std::unique_ptr<Worker>> workers;
    for (int i = 0; i < threads; ++i) workers.push_back(std::make_unique<Worker>(shared_, i, plan));
    std::vector<std::thread> pool;
    for (auto& w : workers) pool.emplace_back([&w] { w->run(); });
    for (auto& t : pool) t.join();
    std::map<std::string, std::uint64_t> total;
    for (auto& w : workers)
      for (auto& [k, v] : w->counts()) total[k] += v;
    for (auto& [k, v] : total) std::printf("  %-45s %llu\n", k.c_str(), static_cast<unsigned long long>(v));
    for (const auto& e : shared_.errors) ADD_FAILURE() << e;
    EXPECT_EQ(shared_.error_count.load(), 0u);
    std::vector<const char*> must = {"C_CreateObject(session)", "C_CreateObject(token)", "C_DestroyObject(token)",
                                     "find compared", "C_GenerateRandom", "C_SetAttributeValue",
                                     "C_GetAttributeValue(EC point)"};
    if (plan.crypto) must.insert(must.end(), {"C_Sign", "C_Verify(changed message)", "C_Decrypt(GCM)",
                                              "C_Decrypt(GCM, changed)"});
    for (const char* what : must) {
      EXPECT_GT(total[what], 0u) << what << " never succeeded";
    }
    if (plan.close_all_every > 0) {
      EXPECT_GT(total["C_CloseAllSessions"], 0u);
    }
    // Every worker destroyed its token objects: only the key pair is left.
    CK_OBJECT_CLASS data = CKO_DATA;
    CK_ATTRIBUTE tmpl[] = {attr(CKA_CLASS, &data, sizeof data)};
    CK_SESSION_HANDLE s = shared_.anchor;
    ASSERT_OK(f()->C_FindObjectsInit(s, tmpl, 1));
    CK_OBJECT_HANDLE h[8];
    CK_ULONG n = 0;
    ASSERT_OK(f()->C_FindObjects(s, h, 8, &n));
    ASSERT_OK(f()->C_FindObjectsFinal(s));
    EXPECT_EQ(n, 0u) << "data objects left behind (orphaned session objects?)";
  }

  CK_FUNCTION_LIST_3_2* f() { return module().fns; }

  Shared shared_;
  bool initialized_ = false;
  std::string store_dir_;
  std::string audit_path_;
};

TEST_F(StressTest, SixteenThreadsMemoryStore) {
  start(false);
  Plan plan;
  plan.iterations = 25;
  plan.close_all_every = 8;
  run(16, plan);
}

TEST_F(StressTest, SixtyFourThreadsMemoryStore) {
  start(false);
  Plan plan;
  plan.iterations = 6;
  plan.close_all_every = 3;
  plan.logout_one_in = 12;
  run(64, plan);
}

TEST_F(StressTest, SixteenThreadsSqliteStore) {
  start(true);
  Plan plan;
  plan.iterations = 12;
  plan.close_all_every = 5;
  run(16, plan);
}

}  // namespace
}  // namespace craton::test
