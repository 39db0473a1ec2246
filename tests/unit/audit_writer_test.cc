// The audit writer's allocation-free path: lines formatted straight into
// the reusable write buffer (format_line_into), batches larger than the
// buffer (several write() calls under one lock), the longest possible line,
// and the "prev" it hands to the next line.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <unistd.h>
#include <vector>

#include "audit/audit_file.h"
#include "audit/audit_format.h"
#include "audit/audit_log.h"

namespace craton::audit {
namespace {

namespace fs = std::filesystem;

class AuditWriterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("craton_audit_writer_" + std::to_string(::getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(AuditWriterTest, BatchLargerThanTheWriteBufferKeepsOneChain) {
  // ~800-byte lines: 4,000 of them are over 3 MB, many times the buffer.
  constexpr int kEvents = 4000;
  AuditConfig cfg;
  cfg.path = (dir_ / "audit.log").string();
  {
    auto log = AuditLog::open(cfg);
    ASSERT_TRUE(log.is_ok());
    for (int i = 0; i < kEvents; ++i) {
      AuditEvent e;
      e.function = "C_EncryptInit";
      e.session = static_cast<CK_SESSION_HANDLE>(i + 1);
      e.detail = std::string(500, static_cast<char>('a' + i % 26));
      (*log)->record(std::move(e));
    }
    ASSERT_TRUE((*log)->flush().is_ok());
  }
  auto report = verify_audit_log(cfg.path);
  ASSERT_TRUE(report.is_ok());
  EXPECT_TRUE(report->ok) << report->reason;
  EXPECT_EQ(report->lines, static_cast<std::uint64_t>(kEvents));
  auto records = read_audit_log(cfg.path);
  ASSERT_TRUE(records.is_ok());
  ASSERT_EQ(records->size(), static_cast<std::size_t>(kEvents));
  for (int i = 0; i < kEvents; i += 397) {
    EXPECT_EQ((*records)[i].seq, static_cast<std::uint64_t>(i + 1));
    EXPECT_EQ((*records)[i].event.session, static_cast<CK_SESSION_HANDLE>(i + 1));
    EXPECT_EQ((*records)[i].event.detail, std::string(500, static_cast<char>('a' + i % 26)));
  }
}

TEST_F(AuditWriterTest, LongestLineFitsAndRoundTrips) {
  auto sha = detail::Sha256::create();
  ASSERT_TRUE(sha.is_ok());
  auto hasher = detail::LineHasher::create(*sha);
  ASSERT_TRUE(hasher.is_ok());
  // Every byte escaped as \u00XX: the worst case for the line length.
  AuditEvent e;
  e.time_ns = ~0ULL;
  e.function = std::string(200, '\x01');
  e.detail = std::string(2000, '\x1f');
  e.slot = e.session = e.mechanism = e.object = e.rv = ~0UL - 1;
  std::vector<char> buf(detail::kMaxLineBytes + 16, '#');
  char next_prev[64];
  auto n = detail::format_line_into(*hasher, ~0ULL, 0xFFFFFFFFu, e, kGenesisHash, buf.data(), next_prev);
  ASSERT_TRUE(n.is_ok());
  EXPECT_LE(*n, detail::kMaxLineBytes);
  EXPECT_EQ(buf[detail::kMaxLineBytes], '#');  // nothing written past the limit
  const std::string line(buf.data(), *n);
  auto parsed = parse_audit_line(line);
  ASSERT_TRUE(parsed.is_ok());
  EXPECT_EQ(parsed->event.function, std::string(kMaxFunctionBytes, '\x01'));
  EXPECT_EQ(parsed->event.detail, std::string(kMaxDetailBytes, '\x1f'));
  // The next line's prev is the SHA-256 of this whole line.
  EXPECT_EQ(std::string(next_prev, 64), detail::sha256_hex(line).value());
  // The string form gives the same bytes.
  EXPECT_EQ(detail::format_line(*sha, ~0ULL, 0xFFFFFFFFu, e, kGenesisHash).value(), line);
}

TEST_F(AuditWriterTest, ReusedHasherGivesTheSameLinesAsFreshOnes) {
  auto sha = detail::Sha256::create();
  ASSERT_TRUE(sha.is_ok());
  auto hasher = detail::LineHasher::create(*sha);
  ASSERT_TRUE(hasher.is_ok());
  std::string prev(kGenesisHash);
  std::vector<char> buf(detail::kMaxLineBytes);
  for (int i = 1; i <= 50; ++i) {
    AuditEvent e;
    e.time_ns = 1'700'000'000'000'000'000ULL + static_cast<std::uint64_t>(i);
    e.function = i % 3 == 0 ? "C_MessageEncryptInit" : "C_SignInit";
    e.detail = i % 7 == 0 ? "bad \xff utf-8 \"quoted\"\n" : "";
    e.object = static_cast<CK_OBJECT_HANDLE>(i);
    char next_prev[64];
    auto n = detail::format_line_into(*hasher, static_cast<std::uint64_t>(i), 42, e, prev, buf.data(), next_prev);
    ASSERT_TRUE(n.is_ok());
    const std::string line(buf.data(), *n);
    EXPECT_EQ(line, detail::format_line(*sha, static_cast<std::uint64_t>(i), 42, e, prev).value());
    auto parsed = parse_audit_line(line);  // checks the line's own hash
    ASSERT_TRUE(parsed.is_ok()) << line;
    EXPECT_EQ(parsed->prev, prev);
    prev.assign(next_prev, 64);
    EXPECT_EQ(prev, detail::sha256_hex(line).value());
  }
}

}  // namespace
}  // namespace craton::audit
