// Counted operation starts (AuditLog::record_operation): every start is in
// the log exactly once as part of a count, identical starts of a window
// share a line, different ones do not, counts survive their thread's exit,
// flush() waits for them, and the chain still verifies.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>
#include <thread>
#include <tuple>
#include <unistd.h>
#include <vector>

#include "audit/audit_log.h"
#include "audit/operation_tally.h"

namespace craton::audit {
namespace {

namespace fs = std::filesystem;

// "count=<n> last_ns=<t>" -> n (0 if the detail is not a count).
std::uint64_t count_of(const AuditRecord& r, std::uint64_t* last_ns = nullptr) {
  unsigned long long n = 0, last = 0;
  if (std::sscanf(r.event.detail.c_str(), "count=%llu last_ns=%llu", &n, &last) != 2) return 0;
  if (last_ns != nullptr) *last_ns = last;
  return n;
}

class AuditTallyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("craton_audit_tally_" + std::to_string(::getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    cfg_.path = (dir_ / "audit.log").string();
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::vector<AuditRecord> records() {
    auto report = verify_audit_log(cfg_.path);
    EXPECT_TRUE(report.is_ok() && report->ok);
    auto r = read_audit_log(cfg_.path);
    EXPECT_TRUE(r.is_ok());
    return r.is_ok() ? *r : std::vector<AuditRecord>{};
  }
  fs::path dir_;
  AuditConfig cfg_;
};

TEST_F(AuditTallyTest, IdenticalStartsShareALineWithTheirCount) {
  {
    auto log = AuditLog::open(cfg_);
    ASSERT_TRUE(log.is_ok());
    for (int i = 0; i < 1000; ++i) (*log)->record_operation("C_EncryptInit", 7, CKM_AES_GCM, 42, true);
    (*log)->record_operation("C_SignInit", 7, CKM_ECDSA, 43, true);
    (*log)->record_operation("C_EncryptInit", 7, CKM_AES_GCM, 42, false);  // other indicator: other line
    ASSERT_TRUE((*log)->flush().is_ok());
    const auto recs = records();  // flush() alone must have written them
    std::uint64_t gcm_approved = 0, gcm_other = 0, sign = 0;
    for (const auto& r : recs) {
      std::uint64_t last = 0;
      const std::uint64_t n = count_of(r, &last);
      ASSERT_NE(n, 0u) << r.event.detail;
      EXPECT_GE(last, r.event.time_ns);
      EXPECT_EQ(r.event.session, 7u);
      if (r.event.function == "C_SignInit") {
        EXPECT_EQ(r.event.object, 43u);
        sign += n;
      } else if (r.event.fips_approved) {
        EXPECT_EQ(r.event.mechanism, CKM_AES_GCM);
        EXPECT_EQ(r.event.object, 42u);
        gcm_approved += n;
      } else {
        gcm_other += n;
      }
    }
    EXPECT_EQ(gcm_approved, 1000u);
    EXPECT_EQ(gcm_other, 1u);
    EXPECT_EQ(sign, 1u);
    // 1,000 starts in one process within milliseconds: a handful of lines.
    EXPECT_LE(recs.size(), 40u);
  }
}

TEST_F(AuditTallyTest, CountsFromManyThreadsAndExitedThreadsAreAllWritten) {
  constexpr int kThreads = 8, kPerThread = 5000;
  {
    auto log = AuditLog::open(cfg_);
    ASSERT_TRUE(log.is_ok());
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t)
      threads.emplace_back([&, t] {
        for (int i = 0; i < kPerThread; ++i)
          (*log)->record_operation(i % 2 ? "C_SignInit" : "C_VerifyInit", static_cast<CK_SESSION_HANDLE>(t + 1),
                                   CKM_ECDSA, static_cast<CK_OBJECT_HANDLE>(100 + i % 3), true);
      });
    for (auto& th : threads) th.join();  // their tables now belong to the writer alone
  }  // the destructor drains
  std::map<std::tuple<std::string, CK_SESSION_HANDLE, CK_OBJECT_HANDLE>, std::uint64_t> counts;
  for (const auto& r : records()) counts[{r.event.function, r.event.session, r.event.object}] += count_of(r);
  std::uint64_t total = 0;
  for (const auto& [key, n] : counts) total += n;
  EXPECT_EQ(total, static_cast<std::uint64_t>(kThreads * kPerThread));
  for (int t = 0; t < kThreads; ++t) {
    std::uint64_t per_session = 0;
    for (const auto& [key, n] : counts)
      if (std::get<1>(key) == static_cast<CK_SESSION_HANDLE>(t + 1)) per_session += n;
    EXPECT_EQ(per_session, static_cast<std::uint64_t>(kPerThread)) << "session " << t + 1;
  }
}

TEST_F(AuditTallyTest, MoreDistinctStartsThanATableHoldsAreStillEachCounted) {
  const int distinct = static_cast<int>(detail::kMaxTalliesPerThread) * 3;
  {
    auto log = AuditLog::open(cfg_);
    ASSERT_TRUE(log.is_ok());
    for (int i = 0; i < distinct; ++i)
      (*log)->record_operation("C_DecryptInit", 1, CKM_AES_CBC, static_cast<CK_OBJECT_HANDLE>(i + 1), true);
    ASSERT_TRUE((*log)->flush().is_ok());
  }
  std::map<CK_OBJECT_HANDLE, std::uint64_t> per_key;
  for (const auto& r : records()) per_key[r.event.object] += count_of(r);
  ASSERT_EQ(per_key.size(), static_cast<std::size_t>(distinct));
  for (const auto& [key, n] : per_key) EXPECT_EQ(n, 1u) << "key " << key;
}

TEST_F(AuditTallyTest, CountsAndQueuedEventsAreWrittenInTimeOrder) {
  {
    auto log = AuditLog::open(cfg_);
    ASSERT_TRUE(log.is_ok());
    (*log)->record_operation("C_SignInit", 1, CKM_ECDSA, 5, true);
    AuditEvent destroy;
    destroy.function = "C_DestroyObject";
    destroy.object = 5;
    (*log)->record(destroy);
    ASSERT_TRUE((*log)->flush().is_ok());
  }
  const auto recs = records();
  ASSERT_EQ(recs.size(), 2u);
  EXPECT_EQ(recs[0].event.function, "C_SignInit");
  EXPECT_EQ(recs[1].event.function, "C_DestroyObject");
}

// One thread's queued event and its counted start keep their order in the
// file whichever batches they land in: many pairs, and a writer that lingers
// right after taking a batch, so that batch boundaries fall between the two
// of some pairs.
TEST_F(AuditTallyTest, AThreadsEventsAndCountsKeepTheirOrderAcrossBatches) {
  constexpr int kPairs = 3000;
  {
#ifdef CRATON_TEST_HOOKS
    testing::set_after_take_hook([] { std::this_thread::sleep_for(std::chrono::microseconds(300)); });
#endif
    auto log = AuditLog::open(cfg_);
    ASSERT_TRUE(log.is_ok());
    for (int i = 0; i < kPairs; ++i) {
      AuditEvent e;
      e.function = "C_Login";
      e.session = static_cast<CK_SESSION_HANDLE>(i + 1);
      if (i % 2 == 0) {
        (*log)->record(e);
        (*log)->record_operation("C_SignInit", e.session, CKM_ECDSA, 5, true);
      } else {
        (*log)->record_operation("C_SignInit", e.session, CKM_ECDSA, 5, true);
        (*log)->record(e);
      }
      if (i % 100 == 0) std::this_thread::sleep_for(std::chrono::milliseconds(6));  // let batches close
    }
  }
#ifdef CRATON_TEST_HOOKS
  testing::set_after_take_hook(nullptr);
#endif
  std::map<CK_SESSION_HANDLE, std::uint64_t> login_at, sign_at;
  for (const auto& r : records()) {
    (r.event.function == "C_Login" ? login_at : sign_at)[r.event.session] = r.seq;
  }
  ASSERT_EQ(login_at.size(), static_cast<std::size_t>(kPairs));
  ASSERT_EQ(sign_at.size(), static_cast<std::size_t>(kPairs));
  int out_of_order = 0;
  for (int i = 0; i < kPairs; ++i) {
    const auto h = static_cast<CK_SESSION_HANDLE>(i + 1);
    const bool login_first = login_at[h] < sign_at[h];
    if (login_first != (i % 2 == 0)) ++out_of_order;
  }
  EXPECT_EQ(out_of_order, 0);
}

TEST_F(AuditTallyTest, SynchronousLogWritesEachStartAtOnce) {
  cfg_.synchronous = true;
  auto log = AuditLog::open(cfg_);
  ASSERT_TRUE(log.is_ok());
  (*log)->record_operation("C_SignInit", 3, CKM_ECDSA, 9, false);
  (*log)->record_operation("C_SignInit", 3, CKM_ECDSA, 9, false);
  const auto recs = records();  // no flush: written in the caller's thread
  ASSERT_EQ(recs.size(), 2u);
  for (const auto& r : recs) EXPECT_EQ(count_of(r), 1u);
}

TEST_F(AuditTallyTest, DisabledLogCountsNothing) {
  cfg_.enabled = false;
  auto log = AuditLog::open(cfg_);
  ASSERT_TRUE(log.is_ok());
  (*log)->record_operation("C_SignInit", 3, CKM_ECDSA, 9, false);
  EXPECT_TRUE((*log)->flush().is_ok());
  EXPECT_FALSE(fs::exists(cfg_.path));
}

TEST_F(AuditTallyTest, AWriterThatSleepsIsWokenByTheFirstCount) {
  auto log = AuditLog::open(cfg_);
  ASSERT_TRUE(log.is_ok());
  (*log)->record_operation("C_SignInit", 1, CKM_ECDSA, 5, true);
  // No flush: the writer must notice by itself within its linger time.
  for (int i = 0; i < 200 && records().empty(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  const auto recs = records();
  ASSERT_EQ(recs.size(), 1u);
  EXPECT_EQ(count_of(recs[0]), 1u);
}

}  // namespace
}  // namespace craton::audit
