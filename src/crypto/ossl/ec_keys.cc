// NIST prime-curve keys: building from PKCS#11 components, generation,
// export and PKCS#8.
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/obj_mac.h>

#include <array>
#include <cstring>
#include <string_view>

#include "core/self_test_failure.h"
#include "core/test_hooks.h"
#include "crypto/ec.h"
#include "crypto/ossl/internal/keymgmt_names.h"
#include "crypto/ossl/internal/ec_build.h"
#include "crypto/ossl/internal/ec_internal.h"

namespace craton::crypto {
namespace {
using namespace ossl;
using GroupPtr = std::unique_ptr<EC_GROUP, Deleter<EC_GROUP_free>>;
using PointPtr = std::unique_ptr<EC_POINT, Deleter<EC_POINT_free>>;

struct CurveInfo {
  const char* group_name;  // OpenSSL's name
  int nid;
  std::size_t bytes;
  std::size_t bits;
};

const CurveInfo& info(EcCurve c) {
  static const CurveInfo kTable[] = {
      {SN_X9_62_prime256v1, NID_X9_62_prime256v1, 32, 256},
      {SN_secp384r1, NID_secp384r1, 48, 384},
      {SN_secp521r1, NID_secp521r1, 66, 521},
  };
  return kTable[static_cast<int>(c)];
}

Result<EcKeyRef> wrap(EcCurve curve, EvpPkeyPtr pkey, bool has_private) {
  auto key = std::make_shared<EcKey>();
  key->curve = curve;
  key->pkey = std::make_shared<const Pkey>(pkey.release());
  key->has_private = has_private;
  return EcKeyRef(std::move(key));
}

// d * G, uncompressed. `d` is in range (checked by the caller).
Result<Bytes> public_point_of(const EC_GROUP* group, const BIGNUM* d, std::size_t point_len) {
  PointPtr pub(EC_POINT_new(group));
  if (!pub) return drain(CKR_HOST_MEMORY);
  if (EC_POINT_mul(group, pub.get(), d, nullptr, nullptr, nullptr) != 1) return drain(CKR_FUNCTION_FAILED);
  Bytes out(point_len);
  if (EC_POINT_point2oct(group, pub.get(), POINT_CONVERSION_UNCOMPRESSED, out.data(), out.size(), nullptr) !=
      point_len)
    return drain(CKR_FUNCTION_FAILED);
  return out;
}

}  // namespace

std::size_t ec_field_bytes(EcCurve curve) { return info(curve).bytes; }
std::size_t ec_field_bits(EcCurve curve) { return info(curve).bits; }

namespace ossl {
const char* ec_group_name(EcCurve curve) { return info(curve).group_name; }

std::optional<EcCurve> ec_curve_from_group_name(std::string_view name) {
  for (EcCurve c : {EcCurve::kP256, EcCurve::kP384, EcCurve::kP521})
    if (name == info(c).group_name) return c;
  if (name == "P-256" || name == "secp256r1") return EcCurve::kP256;
  if (name == "P-384") return EcCurve::kP384;
  if (name == "P-521") return EcCurve::kP521;
  return std::nullopt;
}
}  // namespace ossl

Result<EcKeyRef> ec_public_key(EcCurve curve, ByteView point) {
  const CurveInfo& ci = info(curve);
  if (point.size() != ec_point_bytes(curve) || point[0] != 0x04) return err(CKR_ATTRIBUTE_VALUE_INVALID);
  // The provider decodes the point with EC_POINT_oct2point, which rejects
  // coordinates >= p and points that are not on the curve.
  OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, const_cast<char*>(ci.group_name), 0),
      OSSL_PARAM_construct_octet_string(OSSL_PKEY_PARAM_PUB_KEY, const_cast<std::uint8_t*>(point.data()),
                                        point.size()),
      OSSL_PARAM_construct_end(),
  };
  TRY_ASSIGN(EvpPkeyPtr pkey, ec_pkey_from_params("EC", EVP_PKEY_PUBLIC_KEY, params, CKR_ATTRIBUTE_VALUE_INVALID));
  return wrap(curve, std::move(pkey), false);
}

Result<EcKeyRef> ec_private_key(EcCurve curve, ByteView scalar) {
  const CurveInfo& ci = info(curve);
  std::size_t off = 0;
  while (off < scalar.size() && scalar[off] == 0) ++off;
  const ByteView s = scalar.subspan(off);
  if (s.empty() || s.size() > ci.bytes) return err(CKR_ATTRIBUTE_VALUE_INVALID);

  GroupPtr group(EC_GROUP_new_by_curve_name_ex(libctx(), nullptr, ci.nid));
  BignumPtr d(BN_secure_new());
  if (!group || !d) return drain(CKR_HOST_MEMORY);
  BN_set_flags(d.get(), BN_FLG_CONSTTIME);
  if (BN_bin2bn(s.data(), static_cast<int>(s.size()), d.get()) == nullptr) return drain(CKR_HOST_MEMORY);
  if (BN_cmp(d.get(), EC_GROUP_get0_order(group.get())) >= 0) return err(CKR_ATTRIBUTE_VALUE_INVALID);
  TRY_ASSIGN(Bytes pub, public_point_of(group.get(), d.get(), ec_point_bytes(curve)));

  ParamBldPtr bld(OSSL_PARAM_BLD_new());
  if (!bld) return drain(CKR_HOST_MEMORY);
  if (OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME, ci.group_name, 0) != 1 ||
      OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_PRIV_KEY, d.get()) != 1 ||
      OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, pub.data(), pub.size()) != 1)
    return drain(CKR_HOST_MEMORY);
  ParamsPtr params(OSSL_PARAM_BLD_to_param(bld.get()));
  if (!params) return drain(CKR_HOST_MEMORY);
  TRY_ASSIGN(EvpPkeyPtr pkey, ec_pkey_from_params("EC", EVP_PKEY_KEYPAIR, params.get(), CKR_ATTRIBUTE_VALUE_INVALID));
  return wrap(curve, std::move(pkey), true);
}

Result<Bytes> ec_public_point(const EcKey& key) {
  Bytes out(ec_point_bytes(key.curve));
  std::size_t len = 0;
  if (EVP_PKEY_get_octet_string_param(key.pkey->get(), OSSL_PKEY_PARAM_PUB_KEY, out.data(), out.size(), &len) != 1 ||
      len != out.size() || out[0] != 0x04)
    return drain(CKR_FUNCTION_FAILED);
  return out;
}

namespace {
// SubjectPublicKeyInfo of a named-curve key (RFC 5480), built directly: it is
// a fixed prefix and the point. i2d_PUBKEY would set up an OSSL_ENCODER
// context for every call, which cost more than the key generation itself.
void append_der_length(Bytes& out, std::size_t len) {
  if (len < 0x80) {
    out.push_back(static_cast<std::uint8_t>(len));
  } else if (len < 0x100) {
    out.push_back(0x81);
    out.push_back(static_cast<std::uint8_t>(len));
  } else {
    out.push_back(0x82);
    out.push_back(static_cast<std::uint8_t>(len >> 8));
    out.push_back(static_cast<std::uint8_t>(len & 0xff));
  }
}

ByteView curve_oid_der(EcCurve curve) {
  static constexpr std::uint8_t kP256[] = {0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07};
  static constexpr std::uint8_t kP384[] = {0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x22};
  static constexpr std::uint8_t kP521[] = {0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x23};
  switch (curve) {
    case EcCurve::kP256: return ByteView(kP256, sizeof kP256);
    case EcCurve::kP384: return ByteView(kP384, sizeof kP384);
    case EcCurve::kP521: break;
  }
  return ByteView(kP521, sizeof kP521);
}

Bytes spki_of_point(EcCurve curve, ByteView point) {
  static constexpr std::uint8_t kEcPublicKeyOid[] = {0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01};
  const ByteView curve_oid = curve_oid_der(curve);
  Bytes alg{0x30};
  append_der_length(alg, sizeof kEcPublicKeyOid + curve_oid.size());
  alg.insert(alg.end(), kEcPublicKeyOid, kEcPublicKeyOid + sizeof kEcPublicKeyOid);
  alg.insert(alg.end(), curve_oid.begin(), curve_oid.end());
  Bytes bits{0x03};
  append_der_length(bits, point.size() + 1);
  bits.push_back(0x00);  // no unused bits
  bits.insert(bits.end(), point.begin(), point.end());
  Bytes out{0x30};
  out.reserve(4 + alg.size() + bits.size());
  append_der_length(out, alg.size() + bits.size());
  out.insert(out.end(), alg.begin(), alg.end());
  out.insert(out.end(), bits.begin(), bits.end());
  return out;
}
}  // namespace

Result<Bytes> ec_public_key_info(const EcKey& key) {
  TRY_ASSIGN(Bytes point, ec_public_point(key));
  return spki_of_point(key.curve, point);
}

namespace {
Result<SecureBytes> private_scalar(const EVP_PKEY* pkey, std::size_t bytes) {
  BIGNUM* raw = nullptr;
  if (EVP_PKEY_get_bn_param(pkey, OSSL_PKEY_PARAM_PRIV_KEY, &raw) != 1) return drain(CKR_FUNCTION_FAILED);
  BignumPtr d(raw);
  SecureBytes out(bytes);
  if (BN_bn2binpad(d.get(), out.data(), static_cast<int>(out.size())) < 0) return drain(CKR_FUNCTION_FAILED);
  return out;
}

// FIPS 140-3 pairwise consistency test for a new signature key pair.
Status pairwise_test(const EcKey& key) {
  static constexpr std::array<std::uint8_t, 32> kDigest = {
      'C', 'r', 'a', 't', 'o', 'n', ' ', 'H', 'S', 'M', ' ', 'E', 'C', ' ', 'P', 'C',
      'T', 0,   1,   2,   3,   4,   5,   6,   7,   8,   9,   10,  11,  12,  13,  14};
  std::array<std::uint8_t, 2 * 66> sig{};
  MutableByteView sig_view(sig.data(), ecdsa_signature_bytes(key.curve));
  TRY_STATUS(ecdsa_sign(key, kDigest, sig_view));
  test_hooks::corrupt_pairwise(sig_view);
  if (ecdsa_verify(key, kDigest, sig_view).is_ok()) return Status::ok();
  craton::report_self_test_failure("ECDSA pairwise");  // the module enters its error state
  return err(CKR_FUNCTION_FAILED);
  return Status::ok();
}
}  // namespace

Result<EcKeyPairBytes> ec_generate(EcCurve curve) {
  const CurveInfo& ci = info(curve);
  EvpPkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(libctx(), keymgmt_name("EC"), nullptr));
  if (!ctx) return drain(CKR_HOST_MEMORY);
  OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, const_cast<char*>(ci.group_name), 0),
      OSSL_PARAM_construct_end(),
  };
  EVP_PKEY* raw = nullptr;
  if (EVP_PKEY_keygen_init(ctx.get()) != 1 || EVP_PKEY_CTX_set_params(ctx.get(), params) != 1 ||
      EVP_PKEY_generate(ctx.get(), &raw) != 1)
    return drain(CKR_FUNCTION_FAILED);
  TRY_ASSIGN(EcKeyRef key, wrap(curve, EvpPkeyPtr(raw), true));
  TRY_STATUS(pairwise_test(*key));
  EcKeyPairBytes out;
  TRY_ASSIGN(out.scalar, private_scalar(key->pkey->get(), ci.bytes));
  TRY_ASSIGN(out.point, ec_public_point(*key));
  out.public_key_info = spki_of_point(curve, out.point);
  return out;
}

Result<SecureBytes> ec_encode_pkcs8(const EcKey& key) {
  if (!key.has_private) return err(CKR_KEY_TYPE_INCONSISTENT);
  return pkey_to_pkcs8(key.pkey->get());
}

Result<EcPrivateBytes> ec_decode_pkcs8(ByteView der) {
  TRY_ASSIGN(EvpPkeyPtr pkey, pkey_from_pkcs8(der));
  if (EVP_PKEY_is_a(pkey.get(), "EC") != 1) return err(CKR_WRAPPED_KEY_INVALID);
  char name[64] = {};
  std::size_t len = 0;
  if (EVP_PKEY_get_utf8_string_param(pkey.get(), OSSL_PKEY_PARAM_GROUP_NAME, name, sizeof name, &len) != 1)
    return drain(CKR_WRAPPED_KEY_INVALID);  // explicit parameters: not supported
  auto curve = ec_curve_from_group_name(std::string_view(name, len));
  if (!curve) return err(CKR_WRAPPED_KEY_INVALID);
  auto scalar = private_scalar(pkey.get(), ec_field_bytes(*curve));
  if (!scalar) return err(CKR_WRAPPED_KEY_INVALID);
  // Range check (1 <= d < n) through the regular builder.
  if (!ec_private_key(*curve, *scalar)) return err(CKR_WRAPPED_KEY_INVALID);
  return EcPrivateBytes{*curve, std::move(scalar).value()};
}

}  // namespace craton::crypto
