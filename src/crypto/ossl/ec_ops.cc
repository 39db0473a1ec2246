// ECDSA (raw r || s at the API, DER inside OpenSSL), ECDH and the X9.63 KDF.
#include <openssl/core_names.h>
#include <openssl/ec.h>

#include <array>
#include <climits>

#include "crypto/ec.h"
#include "crypto/ossl/internal/handles.h"

namespace craton::crypto {
namespace {
using namespace ossl;
using EcdsaSigPtr = std::unique_ptr<ECDSA_SIG, Deleter<ECDSA_SIG_free>>;

// Largest DER ECDSA-Sig-Value for P-521: SEQUENCE { INTEGER(67), INTEGER(67) }.
constexpr std::size_t kMaxDerSig = 3 + 2 * (3 + 67);

Result<EvpPkeyCtxPtr> ctx_for(const EcKey& key) {
  EvpPkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_pkey(libctx(), key.pkey->get(), nullptr));
  if (!ctx) return drain(CKR_HOST_MEMORY);
  return ctx;
}

// A peer public key with the same group as `like`: cheaper than a fresh
// EVP_PKEY_fromdata (no key-manager fetch). Decoding the point rejects
// coordinates >= p and points off the curve.
Result<EvpPkeyPtr> peer_key(const EcKey& like, ByteView point) {
  if (point.size() != ec_point_bytes(like.curve) || point[0] != 0x04) return err(CKR_MECHANISM_PARAM_INVALID);
  EvpPkeyPtr peer(EVP_PKEY_new());
  if (!peer) return drain(CKR_HOST_MEMORY);
  if (EVP_PKEY_copy_parameters(peer.get(), like.pkey->get()) != 1) return drain(CKR_FUNCTION_FAILED);
  if (EVP_PKEY_set1_encoded_public_key(peer.get(), point.data(), point.size()) != 1)
    return drain(CKR_MECHANISM_PARAM_INVALID);
  return peer;
}

}  // namespace

Status ecdsa_sign(const EcKey& key, ByteView digest, MutableByteView sig) {
  const std::size_t n = ec_field_bytes(key.curve);
  if (sig.size() < 2 * n) return buffer_too_small(2 * n);
  if (!key.has_private) return err(CKR_KEY_TYPE_INCONSISTENT);
  TRY_ASSIGN(EvpPkeyCtxPtr ctx, ctx_for(key));
  std::array<std::uint8_t, kMaxDerSig> der{};
  std::size_t der_len = der.size();
  if (EVP_PKEY_sign_init(ctx.get()) != 1 ||
      EVP_PKEY_sign(ctx.get(), der.data(), &der_len, digest.data(), digest.size()) != 1)
    return drain(CKR_FUNCTION_FAILED);
  const unsigned char* p = der.data();
  EcdsaSigPtr parsed(d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(der_len)));
  if (!parsed) return drain(CKR_FUNCTION_FAILED);
  const BIGNUM* r = nullptr;
  const BIGNUM* s = nullptr;
  ECDSA_SIG_get0(parsed.get(), &r, &s);
  if (BN_bn2binpad(r, sig.data(), static_cast<int>(n)) < 0 || BN_bn2binpad(s, sig.data() + n, static_cast<int>(n)) < 0)
    return drain(CKR_FUNCTION_FAILED);
  return Status::ok();
}

Status ecdsa_verify(const EcKey& key, ByteView digest, ByteView sig) {
  const std::size_t n = ec_field_bytes(key.curve);
  if (sig.size() != 2 * n) return err(CKR_SIGNATURE_LEN_RANGE);
  EcdsaSigPtr parsed(ECDSA_SIG_new());
  BIGNUM* r = BN_bin2bn(sig.data(), static_cast<int>(n), nullptr);
  BIGNUM* s = BN_bin2bn(sig.data() + n, static_cast<int>(n), nullptr);
  if (!parsed || r == nullptr || s == nullptr || ECDSA_SIG_set0(parsed.get(), r, s) != 1) {
    BN_free(r);
    BN_free(s);
    return drain(CKR_HOST_MEMORY);
  }
  std::array<std::uint8_t, kMaxDerSig> der{};
  unsigned char* p = der.data();
  const int der_len = i2d_ECDSA_SIG(parsed.get(), &p);
  if (der_len <= 0) return drain(CKR_FUNCTION_FAILED);
  TRY_ASSIGN(EvpPkeyCtxPtr ctx, ctx_for(key));
  if (EVP_PKEY_verify_init(ctx.get()) != 1) return drain(CKR_FUNCTION_FAILED);
  // OpenSSL rejects r or s outside [1, n-1]; any failure is "invalid".
  if (EVP_PKEY_verify(ctx.get(), der.data(), static_cast<std::size_t>(der_len), digest.data(), digest.size()) != 1)
    return drain(CKR_SIGNATURE_INVALID);
  return Status::ok();
}

Result<SecureBytes> ecdh_derive(const EcKey& private_key, ByteView peer_point) {
  if (!private_key.has_private) return err(CKR_KEY_TYPE_INCONSISTENT);
  TRY_ASSIGN(EvpPkeyPtr peer, peer_key(private_key, peer_point));
  TRY_ASSIGN(EvpPkeyCtxPtr ctx, ctx_for(private_key));
  // The peer point was validated while decoding (on the curve; cofactor 1
  // means every such point is in the group), so skip OpenSSL's costly
  // second public-key check.
  if (EVP_PKEY_derive_init(ctx.get()) != 1 || EVP_PKEY_derive_set_peer_ex(ctx.get(), peer.get(), 0) != 1)
    return drain(CKR_MECHANISM_PARAM_INVALID);
  std::size_t len = ec_field_bytes(private_key.curve);
  SecureBytes z(len);
  if (EVP_PKEY_derive(ctx.get(), z.data(), &len) != 1 || len != z.size()) return drain(CKR_FUNCTION_FAILED);
  return z;
}

Status x963_kdf(HashAlg hash, ByteView z, ByteView shared_info, MutableByteView out) {
  if (out.empty()) return Status::ok();
  EVP_KDF* kdf = fetched_kdf("X963KDF");
  if (kdf == nullptr) return drain(CKR_MECHANISM_INVALID);
  EvpKdfCtxPtr ctx(EVP_KDF_CTX_new(kdf));
  if (!ctx) return drain(CKR_HOST_MEMORY);
  static const std::uint8_t kEmpty = 0;
  OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, const_cast<char*>(hash_name(hash)), 0),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, const_cast<std::uint8_t*>(z.data()), z.size()),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO,
                                        const_cast<std::uint8_t*>(shared_info.empty() ? &kEmpty : shared_info.data()),
                                        shared_info.size()),
      OSSL_PARAM_construct_end(),
  };
  if (EVP_KDF_derive(ctx.get(), out.data(), out.size(), params) != 1) return drain(CKR_FUNCTION_FAILED);
  return Status::ok();
}

}  // namespace craton::crypto
