#include "fips/kat.h"

namespace craton::fips {
namespace {
int nibble(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return 0;
}
}  // namespace

Bytes hex(std::string_view text) {
  Bytes out(text.size() / 2);
  for (std::size_t i = 0; i < out.size(); ++i)
    out[i] = static_cast<std::uint8_t>(nibble(text[2 * i]) << 4 | nibble(text[2 * i + 1]));
  return out;
}

ByteView KatContext::expected(ByteView value) {
  Bytes& copy = copies_.emplace_back(value.begin(), value.end());
  if (corrupted_ && !copy.empty()) copy[copy.size() / 2] ^= 0x01;
  return copy;
}

Status KatContext::check(ByteView actual, ByteView want) {
  const ByteView expect = expected(want);
  if (actual.size() != expect.size() || !constant_time_equal(actual, expect)) return err(CKR_FUNCTION_FAILED);
  return Status::ok();
}

}  // namespace craton::fips
