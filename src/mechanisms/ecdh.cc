// CKM_ECDH1_DERIVE / CKM_ECDH1_COFACTOR_DERIVE with CK_ECDH1_DERIVE_PARAMS,
// on NIST curves and (CKM_ECDH1_DERIVE only) on X25519/X448 keys.
#include <optional>

#include "crypto/hash.h"
#include "mechanisms/ec_common.h"

namespace craton::mech::ec {
namespace {

struct Kdf {
  bool null_kdf = true;
  crypto::HashAlg hash = crypto::HashAlg::kSha256;
};

std::optional<Kdf> kdf_of(CK_EC_KDF_TYPE kdf) {
  using crypto::HashAlg;
  switch (kdf) {
    case CKD_NULL: return Kdf{};
    case CKD_SHA1_KDF: return Kdf{false, HashAlg::kSha1};
    case CKD_SHA224_KDF: return Kdf{false, HashAlg::kSha224};
    case CKD_SHA256_KDF: return Kdf{false, HashAlg::kSha256};
    case CKD_SHA384_KDF: return Kdf{false, HashAlg::kSha384};
    case CKD_SHA512_KDF: return Kdf{false, HashAlg::kSha512};
    case CKD_SHA3_224_KDF: return Kdf{false, HashAlg::kSha3_224};
    case CKD_SHA3_256_KDF: return Kdf{false, HashAlg::kSha3_256};
    case CKD_SHA3_384_KDF: return Kdf{false, HashAlg::kSha3_384};
    case CKD_SHA3_512_KDF: return Kdf{false, HashAlg::kSha3_512};
    default: return std::nullopt;
  }
}

// The raw shared secret Z (x-coordinate, or the X25519/X448 output).
Result<SecureBytes> shared_secret(const MechContext& ctx, ByteView public_data) {
  if (!ctx.key) return err(CKR_KEY_HANDLE_INVALID);
  const bool montgomery = ctx.key->key_type() == CKK_EC_MONTGOMERY;
  if (montgomery && ctx.mechanism->mechanism != CKM_ECDH1_DERIVE) return err(CKR_KEY_TYPE_INCONSISTENT);
  if (montgomery) {
    TRY_STATUS(require_key(ctx, CKK_EC_MONTGOMERY, CKO_PRIVATE_KEY));
    TRY_ASSIGN(crypto::OkpKeyRef key, okp_key_for(*ctx.key));
    auto peer = unwrap_point(public_data, crypto::okp_public_bytes(key->curve));
    if (!peer) return err(CKR_MECHANISM_PARAM_INVALID);
    return crypto::xdh_derive(*key, *peer);
  }
  TRY_STATUS(require_key(ctx, CKK_EC, CKO_PRIVATE_KEY));
  TRY_ASSIGN(crypto::EcKeyRef key, ec_key_for(*ctx.key));
  // pPublicData: the raw uncompressed point, or a DER OCTET STRING around it.
  auto peer = unwrap_point(public_data, crypto::ec_point_bytes(key->curve));
  if (!peer) return err(CKR_MECHANISM_PARAM_INVALID);
  return crypto::ecdh_derive(*key, *peer);
}

Result<SecureBytes> derive(const MechContext& ctx, std::size_t wanted_len) {
  TRY_ASSIGN(const CK_ECDH1_DERIVE_PARAMS* p, param_as<CK_ECDH1_DERIVE_PARAMS>(*ctx.mechanism));
  const auto kdf = kdf_of(p->kdf);
  if (!kdf) return err(CKR_MECHANISM_PARAM_INVALID);
  if (p->ulSharedDataLen != 0 && (p->pSharedData == nullptr || kdf->null_kdf)) return err(CKR_MECHANISM_PARAM_INVALID);
  if (p->pPublicData == nullptr || p->ulPublicDataLen == 0) return err(CKR_MECHANISM_PARAM_INVALID);
  const ByteView public_data(p->pPublicData, p->ulPublicDataLen);
  const ByteView shared_data = p->ulSharedDataLen ? ByteView(p->pSharedData, p->ulSharedDataLen) : ByteView();

  TRY_ASSIGN(SecureBytes z, shared_secret(ctx, public_data));
  if (kdf->null_kdf) {
    // PKCS#11: "The truncation removes bytes from the leading end of the
    // secret value."
    if (wanted_len == 0 || wanted_len == z.size()) return z;
    if (wanted_len > z.size()) return err(CKR_KEY_SIZE_RANGE);
    return SecureBytes(ByteView(z).last(wanted_len));
  }
  // Without a length from the template the key gets as many bytes as Z.
  SecureBytes out(wanted_len ? wanted_len : z.size());
  TRY_STATUS(crypto::x963_kdf(kdf->hash, z, shared_data, out));
  return out;
}

}  // namespace

void add_ecdh_rows(Registry& r) {
  MechanismEntry e;
  e.type = CKM_ECDH1_DERIVE;
  e.name = "CKM_ECDH1_DERIVE";
  e.min_key_size = 255;  // X25519 keys too
  e.max_key_size = 521;
  e.flags = CKF_DERIVE | kEcInfoFlags;
  e.fips_approved = true;
  e.derive = derive;
  r.add(e);

  e.type = CKM_ECDH1_COFACTOR_DERIVE;
  e.name = "CKM_ECDH1_COFACTOR_DERIVE";
  e.min_key_size = 256;
  r.add(e);
}

}  // namespace craton::mech::ec
