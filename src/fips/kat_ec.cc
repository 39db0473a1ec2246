// Known-answer tests: ECDSA and ECDH on P-256 (FIPS 186-5, SP 800-56A).
//
// ECDSA signing is randomised, so (as FIPS 140-3 IG 10.3.A allows) the
// signature KAT is a verification of a fixed signature, and signing is
// tested by signing with the fixed key and verifying the result.
#include <array>

#include "crypto/ec.h"
#include "crypto/hash.h"
#include "fips/kats.h"

namespace craton::fips {
namespace {

using crypto::EcCurve;

// RFC 6979 appendix A.2.5 (ECDSA, 256 bits, prime field): private key x,
// public key (Ux, Uy), and the signature (r, s) of "sample" with SHA-256.
constexpr char kEcdsaPrivate[] = "c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721";
constexpr char kEcdsaPublic[] =
    "04"
    "60fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb6"
    "7903fe1008b8bc99a41ae9e95628bc64f2f1b20c2d7e9f5177a3c294d4462299";
constexpr char kEcdsaMessage[] = "73616d706c65";  // "sample"
constexpr char kEcdsaSignature[] =
    "efd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716"
    "f7cb1c942d657c41d436c7a1b6e29f65f3e900dbb9aff4064dc4ab2f843acda8";

// C2SP Wycheproof (commit dac1dd47) ecdh_secp256r1_ecpoint_test.json,
// tcId 1 ("normal case"): private key, peer public point, shared secret.
constexpr char kEcdhPrivate[] = "0612465c89a023ab17855b0a6bcebfd3febb53aef84138647b5352e02c10c346";
constexpr char kEcdhPeer[] =
    "04"
    "62d5bd3372af75fe85a040715d0f502428e07046868b0bfdfa61d731afe44f26"
    "ac333a93a9e70a81cd5a95b5bf8d13990eb741c8c38872b4a07d275a014e30cf";
constexpr char kEcdhShared[] = "53020d908b0219328b658b525f26780e3ae12bcd952bb25a93bc0895e1714285";

Result<Bytes> sample_digest() { return crypto::hash(crypto::HashAlg::kSha256, hex(kEcdsaMessage)); }

}  // namespace

Status kat_ecdsa_p256_verify(KatContext& ctx) {
  TRY_ASSIGN(crypto::EcKeyRef pub, crypto::ec_public_key(EcCurve::kP256, hex(kEcdsaPublic)));
  TRY_ASSIGN(Bytes digest, sample_digest());
  const ByteView sig = ctx.expected(hex(kEcdsaSignature));
  TRY_STATUS(crypto::ecdsa_verify(*pub, digest, sig));
  digest[0] ^= 0x01;  // another message: the same signature must not verify
  return KatContext::must_fail(crypto::ecdsa_verify(*pub, digest, sig));
}

// The public key computed from the fixed private key must be the RFC's;
// a signature made with the private key must verify with the public key.
Status kat_ecdsa_p256_sign(KatContext& ctx) {
  TRY_ASSIGN(crypto::EcKeyRef key, crypto::ec_private_key(EcCurve::kP256, hex(kEcdsaPrivate)));
  TRY_ASSIGN(Bytes point, crypto::ec_public_point(*key));
  TRY_STATUS(ctx.check(point, hex(kEcdsaPublic)));
  TRY_ASSIGN(crypto::EcKeyRef pub, crypto::ec_public_key(EcCurve::kP256, ctx.expected(hex(kEcdsaPublic))));
  TRY_ASSIGN(Bytes digest, sample_digest());
  std::array<std::uint8_t, 64> sig{};
  TRY_STATUS(crypto::ecdsa_sign(*key, digest, sig));
  return crypto::ecdsa_verify(*pub, digest, sig);
}

Status kat_ecdh_p256(KatContext& ctx) {
  TRY_ASSIGN(crypto::EcKeyRef key, crypto::ec_private_key(EcCurve::kP256, hex(kEcdhPrivate)));
  TRY_ASSIGN(SecureBytes z, crypto::ecdh_derive(*key, hex(kEcdhPeer)));
  return ctx.check(z, hex(kEcdhShared));
}

}  // namespace craton::fips
