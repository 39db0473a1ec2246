// CKA_PUBLIC_KEY_INFO helpers (public_key_info.h).
#include "mechanisms/public_key_info.h"

#include <algorithm>
#include <cstdint>

namespace craton::mech {
namespace {

// DER length octets for a definite length.
void put_length(Bytes& out, std::size_t len) {
  if (len < 0x80) {
    out.push_back(static_cast<std::uint8_t>(len));
    return;
  }
  std::uint8_t digits[sizeof(std::size_t)];
  std::size_t n = 0;
  for (std::size_t v = len; v != 0; v >>= 8) digits[n++] = static_cast<std::uint8_t>(v & 0xff);
  out.push_back(static_cast<std::uint8_t>(0x80 | n));
  while (n > 0) out.push_back(digits[--n]);
}

}  // namespace

Bytes raw_public_key_info(ByteView oid_der, ByteView public_key) {
  Bytes alg_id = {0x30};
  put_length(alg_id, oid_der.size());
  alg_id.insert(alg_id.end(), oid_der.begin(), oid_der.end());
  Bytes bits = {0x03};
  put_length(bits, public_key.size() + 1);
  bits.push_back(0x00);  // no unused bits
  bits.insert(bits.end(), public_key.begin(), public_key.end());
  Bytes spki = {0x30};
  put_length(spki, alg_id.size() + bits.size());
  spki.insert(spki.end(), alg_id.begin(), alg_id.end());
  spki.insert(spki.end(), bits.begin(), bits.end());
  return spki;
}

Status apply_public_key_info(objects::AttributeMap& attrs, ByteView spki) {
  const ByteView given = attrs.view(CKA_PUBLIC_KEY_INFO);
  if (!given.empty() && !std::equal(given.begin(), given.end(), spki.begin(), spki.end()))
    return err(CKR_ATTRIBUTE_VALUE_INVALID);
  attrs.set(CKA_PUBLIC_KEY_INFO, spki);
  return Status::ok();
}

}  // namespace craton::mech
