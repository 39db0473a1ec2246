// Known-answer tests: EdDSA Ed25519 (FIPS 186-5, RFC 8032). Ed25519 is
// deterministic, so the signature is compared byte for byte.
#include <array>

#include "crypto/edwards.h"
#include "fips/kats.h"

namespace craton::fips {
namespace {

using crypto::OkpCurve;

// RFC 8032 section 7.1, TEST 2: a one-byte message.
constexpr char kSecret[] = "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb";
constexpr char kPublic[] = "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c";
constexpr char kMessage[] = "72";
constexpr char kSignature[] =
    "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
    "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00";

}  // namespace

// The public key derived from the secret and the signature must both be
// the RFC's.
Status kat_ed25519_sign(KatContext& ctx) {
  TRY_ASSIGN(crypto::OkpKeyRef key, crypto::okp_private_key(OkpCurve::kEd25519, hex(kSecret)));
  TRY_STATUS(ctx.check(key->public_key, hex(kPublic)));
  std::array<std::uint8_t, 64> sig{};
  TRY_STATUS(crypto::eddsa_sign(*key, {}, hex(kMessage), sig));
  return ctx.check(sig, hex(kSignature));
}

Status kat_ed25519_verify(KatContext& ctx) {
  TRY_ASSIGN(crypto::OkpKeyRef pub, crypto::okp_public_key(OkpCurve::kEd25519, hex(kPublic)));
  const ByteView sig = ctx.expected(hex(kSignature));
  TRY_STATUS(crypto::eddsa_verify(*pub, {}, hex(kMessage), sig));
  return KatContext::must_fail(crypto::eddsa_verify(*pub, {}, hex("73"), sig));
}

}  // namespace craton::fips
