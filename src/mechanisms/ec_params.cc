#include "mechanisms/ec_params.h"

#include <algorithm>
#include <string_view>

namespace craton::mech {
namespace {

struct CurveRow {
  CurveId id;
  ByteView oid;  // OID content octets (without tag and length)
  std::string_view names[3];
};

constexpr std::uint8_t kOidP256[] = {0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07};
constexpr std::uint8_t kOidP384[] = {0x2b, 0x81, 0x04, 0x00, 0x22};
constexpr std::uint8_t kOidP521[] = {0x2b, 0x81, 0x04, 0x00, 0x23};
constexpr std::uint8_t kOidX25519[] = {0x2b, 0x65, 0x6e};
constexpr std::uint8_t kOidX448[] = {0x2b, 0x65, 0x6f};
constexpr std::uint8_t kOidEd25519[] = {0x2b, 0x65, 0x70};
constexpr std::uint8_t kOidEd448[] = {0x2b, 0x65, 0x71};

using crypto::EcCurve;
using crypto::OkpCurve;

const CurveRow kCurves[] = {
    {{CurveKind::kWeierstrass, EcCurve::kP256, {}}, kOidP256, {"prime256v1", "secp256r1", "P-256"}},
    {{CurveKind::kWeierstrass, EcCurve::kP384, {}}, kOidP384, {"secp384r1", "P-384", {}}},
    {{CurveKind::kWeierstrass, EcCurve::kP521, {}}, kOidP521, {"secp521r1", "P-521", {}}},
    {{CurveKind::kEdwards, {}, OkpCurve::kEd25519}, kOidEd25519, {"edwards25519", {}, {}}},
    {{CurveKind::kEdwards, {}, OkpCurve::kEd448}, kOidEd448, {"edwards448", {}, {}}},
    {{CurveKind::kMontgomery, {}, OkpCurve::kX25519}, kOidX25519, {"curve25519", {}, {}}},
    {{CurveKind::kMontgomery, {}, OkpCurve::kX448}, kOidX448, {"curve448", {}, {}}},
};

constexpr std::uint8_t kTagOctetString = 0x04;
constexpr std::uint8_t kTagNull = 0x05;
constexpr std::uint8_t kTagOid = 0x06;
constexpr std::uint8_t kTagPrintableString = 0x13;
constexpr std::uint8_t kTagSequence = 0x30;

// One DER TLV spanning all of `der` (definite, minimal length form).
std::optional<ByteView> parse_tlv(ByteView der, std::uint8_t tag) {
  if (der.size() < 2 || der[0] != tag) return std::nullopt;
  std::size_t len = der[1];
  std::size_t hdr = 2;
  if (len & 0x80) {
    const std::size_t n = len & 0x7f;
    if (n == 0 || n > 2 || der.size() < 2 + n || der[2] == 0) return std::nullopt;
    len = 0;
    for (std::size_t i = 0; i < n; ++i) len = (len << 8) | der[2 + i];
    if (len < 0x80) return std::nullopt;  // must have used the short form
    hdr += n;
  }
  if (der.size() - hdr != len) return std::nullopt;
  return der.subspan(hdr);
}

bool printable(std::uint8_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         std::string_view(" '()+,-./:=?").find(static_cast<char>(c)) != std::string_view::npos;
}

}  // namespace

Result<CurveId> parse_ec_params(ByteView der) {
  if (der.empty()) return err(CKR_ATTRIBUTE_VALUE_INVALID);
  switch (der[0]) {
    case kTagOid: {
      auto oid = parse_tlv(der, kTagOid);
      if (!oid || oid->empty() || (oid->back() & 0x80) != 0) return err(CKR_ATTRIBUTE_VALUE_INVALID);
      for (const CurveRow& row : kCurves)
        if (std::equal(oid->begin(), oid->end(), row.oid.begin(), row.oid.end())) return row.id;
      return err(CKR_CURVE_NOT_SUPPORTED);
    }
    case kTagPrintableString: {
      auto name = parse_tlv(der, kTagPrintableString);
      if (!name || name->empty() || !std::all_of(name->begin(), name->end(), printable))
        return err(CKR_ATTRIBUTE_VALUE_INVALID);
      const std::string_view text(reinterpret_cast<const char*>(name->data()), name->size());
      for (const CurveRow& row : kCurves)
        for (std::string_view n : row.names)
          if (!n.empty() && n == text) return row.id;
      return err(CKR_CURVE_NOT_SUPPORTED);
    }
    case kTagSequence:  // explicit ECParameters
      if (!parse_tlv(der, kTagSequence)) return err(CKR_ATTRIBUTE_VALUE_INVALID);
      return err(CKR_CURVE_NOT_SUPPORTED);
    case kTagNull:  // implicitlyCA
      if (der.size() != 2 || der[1] != 0) return err(CKR_ATTRIBUTE_VALUE_INVALID);
      return err(CKR_CURVE_NOT_SUPPORTED);
    default:
      return err(CKR_ATTRIBUTE_VALUE_INVALID);
  }
}

Bytes ec_params_der(const CurveId& id) {
  for (const CurveRow& row : kCurves) {
    const bool same = row.id.kind == id.kind &&
                      (id.kind == CurveKind::kWeierstrass ? row.id.ec == id.ec : row.id.okp == id.okp);
    if (!same) continue;
    Bytes out{kTagOid, static_cast<std::uint8_t>(row.oid.size())};
    out.insert(out.end(), row.oid.begin(), row.oid.end());
    return out;
  }
  return {};
}

Bytes der_octet_string(ByteView content) {
  Bytes out{kTagOctetString};
  const std::size_t n = content.size();
  if (n < 0x80) {
    out.push_back(static_cast<std::uint8_t>(n));
  } else if (n <= 0xff) {
    out.push_back(0x81);
    out.push_back(static_cast<std::uint8_t>(n));
  } else {
    out.push_back(0x82);
    out.push_back(static_cast<std::uint8_t>(n >> 8));
    out.push_back(static_cast<std::uint8_t>(n));
  }
  out.insert(out.end(), content.begin(), content.end());
  return out;
}

std::optional<ByteView> parse_der_octet_string(ByteView der) { return parse_tlv(der, kTagOctetString); }

std::optional<ByteView> unwrap_point(ByteView value, std::size_t raw_len) {
  if (value.size() == raw_len) return value;
  auto inner = parse_der_octet_string(value);
  if (inner && inner->size() == raw_len) return inner;
  return std::nullopt;
}

}  // namespace craton::mech
