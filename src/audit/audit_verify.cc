// Verification of a whole audit log: each line's own hash, the prev chain
// from the genesis value, and seq counting 1, 2, 3, ...
#include <exception>
#include <fstream>

#include "audit/audit_format.h"
#include "audit/audit_log.h"

namespace craton::audit {
namespace {

// Reads lines and remembers whether the last one lacked its newline.
class LineReader {
 public:
  explicit LineReader(const std::string& path) : in_(path, std::ios::binary) {}
  bool is_open() const { return in_.is_open(); }
  bool next(std::string* line, bool* complete) {
    if (!std::getline(in_, *line)) return false;
    *complete = !in_.eof();
    return true;
  }
  bool bad() const { return in_.bad(); }

 private:
  std::ifstream in_;
};

// The reason a line breaks the chain, or "" if it continues it.
std::string check_line(const std::string& line, bool complete, std::uint64_t number, const std::string& expected_prev,
                       std::uint64_t expected_seq, AuditRecord* rec) {
  if (!complete) return "incomplete last line (no newline): a writer was interrupted";
  std::string why;
  auto parsed = parse_audit_line(line, &why);
  if (!parsed) return why;
  *rec = std::move(parsed).value();
  if (rec->prev != expected_prev) {
    return number == 1 ? "prev is not the genesis value: the start of the log is missing"
                       : "prev does not match the previous line: a line was deleted, inserted or reordered";
  }
  if (rec->seq != expected_seq)
    return "seq is " + std::to_string(rec->seq) + ", expected " + std::to_string(expected_seq);
  return {};
}

}  // namespace

Result<VerifyReport> verify_audit_log(const std::string& path) {
  try {
    LineReader reader(path);
    if (!reader.is_open()) return err(CKR_GENERAL_ERROR);
    VerifyReport report;
    std::string expected_prev(kGenesisHash);
    std::string line;
    bool complete = true;
    while (reader.next(&line, &complete)) {
      ++report.lines;
      if (report.first_bad_line != 0) continue;  // only count the rest
      AuditRecord rec;
      std::string why = check_line(line, complete, report.lines, expected_prev, report.last_seq + 1, &rec);
      if (!why.empty()) {
        report.first_bad_line = report.lines;
        report.reason = std::move(why);
        continue;
      }
      TRY_ASSIGN(expected_prev, detail::sha256_hex(line));
      report.last_seq = rec.seq;
    }
    if (reader.bad()) return err(CKR_GENERAL_ERROR);
    report.ok = report.first_bad_line == 0;
    if (report.last_seq != 0) report.last_line_hash = std::move(expected_prev);
    return report;
  } catch (const std::exception&) {
    return err(CKR_HOST_MEMORY);
  }
}

Result<std::vector<AuditRecord>> read_audit_log(const std::string& path) {
  try {
    LineReader reader(path);
    if (!reader.is_open()) return err(CKR_GENERAL_ERROR);
    std::vector<AuditRecord> out;
    std::string line;
    bool complete = true;
    while (reader.next(&line, &complete)) {
      auto rec = parse_audit_line(line);
      if (!rec) return rec.error();
      out.push_back(std::move(rec).value());
    }
    if (reader.bad()) return err(CKR_GENERAL_ERROR);
    return out;
  } catch (const std::exception&) {
    return err(CKR_HOST_MEMORY);
  }
}

}  // namespace craton::audit
