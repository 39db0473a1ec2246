// Ed25519 / Ed448 / X25519 / X448 keys over OpenSSL: raw building,
// generation, X25519/X448 agreement and PKCS#8 (RFC 8410).
#include <array>

#include "core/self_test_failure.h"
#include "core/test_hooks.h"
#include "crypto/edwards.h"
#include "crypto/ossl/internal/keymgmt_names.h"
#include "crypto/ossl/internal/ec_build.h"
#include "crypto/ossl/internal/edwards_group.h"
#include "crypto/ossl/internal/handles.h"

namespace craton::crypto {
namespace {
using namespace ossl;

constexpr OkpCurve kAllCurves[] = {OkpCurve::kEd25519, OkpCurve::kEd448, OkpCurve::kX25519, OkpCurve::kX448};

const char* ossl_name(OkpCurve c) {
  static const char* const kNames[] = {"ED25519", "ED448", "X25519", "X448"};
  return kNames[static_cast<int>(c)];
}

// Names for creating contexts and keys: see keymgmt_names.h.
const char* keymgmt(OkpCurve c) {
  return keymgmt_name(ossl_name(c));
}

Result<Bytes> raw_public(const EVP_PKEY* pkey, std::size_t expected) {
  Bytes out(expected);
  std::size_t len = out.size();
  if (EVP_PKEY_get_raw_public_key(pkey, out.data(), &len) != 1 || len != expected) return drain(CKR_FUNCTION_FAILED);
  return out;
}

Result<SecureBytes> raw_private(const EVP_PKEY* pkey, std::size_t expected) {
  SecureBytes out(expected);
  std::size_t len = out.size();
  if (EVP_PKEY_get_raw_private_key(pkey, out.data(), &len) != 1 || len != expected) return drain(CKR_FUNCTION_FAILED);
  return out;
}

OkpKeyRef make_key(OkpCurve curve, EvpPkeyPtr pkey, SecureBytes priv, Bytes pub) {
  auto key = std::make_shared<OkpKey>();
  key->curve = curve;
  key->pkey = std::make_shared<const Pkey>(pkey.release());
  key->private_key = std::move(priv);
  key->public_key = std::move(pub);
  return key;
}

// FIPS 140-3 pairwise consistency test for a freshly generated pair.
Status pairwise_test(const OkpKey& key) {
  if (okp_is_edwards(key.curve)) {
    static constexpr std::uint8_t kMsg[] = {'C', 'r', 'a', 't', 'o', 'n', ' ', 'E', 'd', 'D', 'S', 'A', ' ', 'P', 'C', 'T'};
    std::array<std::uint8_t, 114> sig{};
    const MutableByteView view(sig.data(), eddsa_signature_bytes(key.curve));
    TRY_STATUS(eddsa_sign(key, EddsaParams{}, kMsg, view));
    test_hooks::corrupt_pairwise(view);
    if (eddsa_verify(key, EddsaParams{}, kMsg, view).is_ok()) return Status::ok();
    craton::report_self_test_failure("EdDSA pairwise");  // the module enters its error state
    return err(CKR_FUNCTION_FAILED);
  }
  // Key-agreement keys (SP 800-56A 5.6.2.1.4): recompute the public key.
  TRY_ASSIGN(OkpKeyRef again, okp_private_key(key.curve, key.private_key));
  if (again->public_key == key.public_key) return Status::ok();
  craton::report_self_test_failure("XDH pairwise");
  return err(CKR_FUNCTION_FAILED);
}

}  // namespace

std::size_t okp_private_bytes(OkpCurve c) {
  static constexpr std::size_t kLen[] = {32, 57, 32, 56};
  return kLen[static_cast<int>(c)];
}
std::size_t okp_public_bytes(OkpCurve c) { return okp_private_bytes(c); }
std::size_t okp_field_bits(OkpCurve c) { return c == OkpCurve::kEd25519 || c == OkpCurve::kX25519 ? 255 : 448; }

Result<OkpKeyRef> okp_public_key(OkpCurve curve, ByteView raw) {
  if (raw.size() != okp_public_bytes(curve)) return err(CKR_ATTRIBUTE_VALUE_INVALID);
  // OpenSSL does not check that an Edwards public key is a curve point.
  if (okp_is_edwards(curve) &&
      !edmath::point_decodes(curve == OkpCurve::kEd25519 ? edmath::Curve::k25519 : edmath::Curve::k448, raw.data()))
    return err(CKR_ATTRIBUTE_VALUE_INVALID);
  EvpPkeyPtr pkey(EVP_PKEY_new_raw_public_key_ex(libctx(), keymgmt(curve), nullptr, raw.data(), raw.size()));
  if (!pkey) return drain(CKR_ATTRIBUTE_VALUE_INVALID);
  return make_key(curve, std::move(pkey), SecureBytes(), Bytes(raw.begin(), raw.end()));
}

Result<OkpKeyRef> okp_private_key(OkpCurve curve, ByteView raw) {
  if (raw.size() != okp_private_bytes(curve)) return err(CKR_ATTRIBUTE_VALUE_INVALID);
  EvpPkeyPtr pkey(EVP_PKEY_new_raw_private_key_ex(libctx(), keymgmt(curve), nullptr, raw.data(), raw.size()));
  if (!pkey) return drain(CKR_ATTRIBUTE_VALUE_INVALID);
  TRY_ASSIGN(Bytes pub, raw_public(pkey.get(), okp_public_bytes(curve)));
  return make_key(curve, std::move(pkey), SecureBytes(raw), std::move(pub));
}

Result<Bytes> okp_public_key_info(const OkpKey& key) { return pkey_spki_der(key.pkey->get()); }

Result<OkpKeyPairBytes> okp_generate(OkpCurve curve) {
  EvpPkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(libctx(), keymgmt(curve), nullptr));
  if (!ctx) return drain(CKR_HOST_MEMORY);
  EVP_PKEY* raw = nullptr;
  if (EVP_PKEY_keygen_init(ctx.get()) != 1 || EVP_PKEY_generate(ctx.get(), &raw) != 1)
    return drain(CKR_FUNCTION_FAILED);
  EvpPkeyPtr pkey(raw);
  OkpKeyPairBytes out;
  TRY_ASSIGN(out.private_key, raw_private(pkey.get(), okp_private_bytes(curve)));
  TRY_ASSIGN(out.public_key, raw_public(pkey.get(), okp_public_bytes(curve)));
  const OkpKeyRef key = make_key(curve, std::move(pkey), out.private_key, out.public_key);
  TRY_STATUS(pairwise_test(*key));
  TRY_ASSIGN(out.public_key_info, okp_public_key_info(*key));
  return out;
}

Result<SecureBytes> xdh_derive(const OkpKey& private_key, ByteView peer_public) {
  if (okp_is_edwards(private_key.curve) || private_key.private_key.empty()) return err(CKR_KEY_TYPE_INCONSISTENT);
  if (peer_public.size() != okp_public_bytes(private_key.curve)) return err(CKR_MECHANISM_PARAM_INVALID);
  EvpPkeyPtr peer(EVP_PKEY_new_raw_public_key_ex(libctx(), keymgmt(private_key.curve), nullptr, peer_public.data(),
                                                 peer_public.size()));
  if (!peer) return drain(CKR_MECHANISM_PARAM_INVALID);
  EvpPkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_pkey(libctx(), private_key.pkey->get(), nullptr));
  if (!ctx) return drain(CKR_HOST_MEMORY);
  // Every 32/56-byte string is a valid RFC 7748 input; OpenSSL fails the
  // derivation only when the result is all zero (a low-order peer point).
  std::size_t len = okp_public_bytes(private_key.curve);
  SecureBytes z(len);
  if (EVP_PKEY_derive_init(ctx.get()) != 1 || EVP_PKEY_derive_set_peer_ex(ctx.get(), peer.get(), 0) != 1 ||
      EVP_PKEY_derive(ctx.get(), z.data(), &len) != 1 || len != z.size())
    return drain(CKR_MECHANISM_PARAM_INVALID);
  return z;
}

Result<SecureBytes> okp_encode_pkcs8(const OkpKey& key) {
  if (key.private_key.empty()) return err(CKR_KEY_TYPE_INCONSISTENT);
  return pkey_to_pkcs8(key.pkey->get());
}

Result<OkpPrivateBytes> okp_decode_pkcs8(ByteView der) {
  TRY_ASSIGN(EvpPkeyPtr pkey, pkey_from_pkcs8(der));
  for (OkpCurve c : kAllCurves) {
    if (EVP_PKEY_is_a(pkey.get(), ossl_name(c)) != 1) continue;
    auto priv = raw_private(pkey.get(), okp_private_bytes(c));
    if (!priv) return err(CKR_WRAPPED_KEY_INVALID);
    return OkpPrivateBytes{c, std::move(priv).value()};
  }
  return err(CKR_WRAPPED_KEY_INVALID);
}

}  // namespace craton::crypto
