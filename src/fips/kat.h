// The pieces every known-answer test (KAT) uses: the test context that
// compares outputs with the embedded vectors, and the table entry type.
//
// A KAT runs an approved algorithm through the crypto layer (the code the
// module runs) on fixed inputs and compares the EXACT output with a
// published vector. Vectors are embedded as hex constants with their source.
#pragma once

#include <deque>
#include <string_view>

#include "core/result.h"
#include "core/secure_memory.h"

namespace craton::fips {

// Decodes an embedded hex constant (whitespace is not allowed; a malformed
// constant decodes to something else and the KAT fails, never crashes).
Bytes hex(std::string_view text);

class KatContext {
 public:
  explicit KatContext(bool corrupted) : corrupted_(corrupted) {}
  KatContext(const KatContext&) = delete;
  KatContext& operator=(const KatContext&) = delete;

  // A known-good value the test compares with or feeds to a checking
  // operation (expected output, signature to verify, tag to check, wrapped
  // key to unwrap), as a copy that lives as long as the context. Under
  // fips::testing::corrupt_kat one bit of the copy is flipped, which must
  // make the test fail.
  ByteView expected(ByteView value);

  // CKR_OK when `actual` equals expected(want), else CKR_FUNCTION_FAILED.
  Status check(ByteView actual, ByteView want);

  // The result of an operation that must fail (a modified tag or signature
  // must be rejected): CKR_OK if it failed, CKR_FUNCTION_FAILED if it passed.
  static Status must_fail(const Status& st) { return st.is_ok() ? err(CKR_FUNCTION_FAILED) : Status::ok(); }

 private:
  bool corrupted_;
  std::deque<Bytes> copies_;  // stable addresses for the views handed out
};

using KatFn = Status (*)(KatContext& ctx);

struct KatEntry {
  const char* name;  // shown in the report; the key for corrupt_kat()
  KatFn run;
};

}  // namespace craton::fips
