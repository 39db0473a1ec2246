// CKA_EC_PARAMS and CKA_EC_POINT encodings shared by the EC and the
// Edwards/Montgomery families: named-curve OIDs and PKCS#11 3.0 curve names
// (DER PrintableString), and the DER OCTET STRING around a point.
#pragma once

#include <optional>

#include "core/result.h"
#include "core/secure_memory.h"
#include "crypto/ec.h"
#include "crypto/edwards.h"

namespace craton::mech {

enum class CurveKind { kWeierstrass, kEdwards, kMontgomery };

struct CurveId {
  CurveKind kind = CurveKind::kWeierstrass;
  crypto::EcCurve ec = crypto::EcCurve::kP256;       // when kWeierstrass
  crypto::OkpCurve okp = crypto::OkpCurve::kEd25519;  // otherwise
};

// Accepts the DER of a named-curve OID (P-256 1.2.840.10045.3.1.7, P-384
// 1.3.132.0.34, P-521 1.3.132.0.35, Ed25519 1.3.101.112, Ed448 1.3.101.113,
// X25519 1.3.101.110, X448 1.3.101.111) or of a PrintableString curve name
// ("prime256v1", "secp384r1", "edwards25519", "curve448" ...).
// CKR_CURVE_NOT_SUPPORTED for well-formed parameters naming another curve
// (or explicit parameters), CKR_ATTRIBUTE_VALUE_INVALID for malformed DER.
Result<CurveId> parse_ec_params(ByteView der);

// The named-curve OID DER for a curve (what decoded PKCS#8 keys receive).
Bytes ec_params_der(const CurveId& id);

// DER OCTET STRING around `content`.
Bytes der_octet_string(ByteView content);
// The content of a DER OCTET STRING spanning all of `der`, else nullopt.
std::optional<ByteView> parse_der_octet_string(ByteView der);

// A point or public key given as CKA_EC_POINT or in mechanism parameters:
// either the raw value of `raw_len` bytes or a DER OCTET STRING around it.
// Only the length decides, so no raw value is mistaken for DER.
std::optional<ByteView> unwrap_point(ByteView value, std::size_t raw_len);

}  // namespace craton::mech
