// Known-answer tests: HMAC (FIPS 198-1) and AES-CMAC (SP 800-38B).
#include <array>

#include "crypto/cmac.h"
#include "crypto/hmac.h"
#include "fips/kats.h"

namespace craton::fips {
namespace {

// RFC 4231 section 4.3, test case 2: key "Jefe", data "what do ya want
// for nothing?".
constexpr char kHmacKey[] = "4a656665";
constexpr char kHmacData[] = "7768617420646f2079612077616e7420666f72206e6f7468696e673f";
constexpr char kHmacSha256[] = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";
constexpr char kHmacSha512[] =
    "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554"
    "9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737";

// RFC 4493 section 4, example 2 (= SP 800-38B D.1 example 2): AES-128,
// one-block message.
constexpr char kCmacKey[] = "2b7e151628aed2a6abf7158809cf4f3c";
constexpr char kCmacMessage[] = "6bc1bee22e409f96e93d7e117393172a";
constexpr char kCmacTag[] = "070a16b46b4d4144f79bdd9dd04a287c";

// Through a keyed HmacKey template, as the HMAC mechanisms use it.
Status run_hmac(KatContext& ctx, crypto::HashAlg alg, const char* expected) {
  TRY_ASSIGN(auto key, crypto::HmacKey::create(alg, hex(kHmacKey)));
  Bytes out(key->size());
  TRY_STATUS(key->mac(hex(kHmacData), out));
  return ctx.check(out, hex(expected));
}

}  // namespace

Status kat_hmac_sha256(KatContext& ctx) { return run_hmac(ctx, crypto::HashAlg::kSha256, kHmacSha256); }
Status kat_hmac_sha512(KatContext& ctx) { return run_hmac(ctx, crypto::HashAlg::kSha512, kHmacSha512); }

Status kat_aes_cmac(KatContext& ctx) {
  TRY_ASSIGN(crypto::Cmac cmac, crypto::Cmac::create(hex(kCmacKey)));
  TRY_STATUS(cmac.update(hex(kCmacMessage)));
  std::array<std::uint8_t, crypto::kCmacSize> tag{};
  TRY_STATUS(cmac.final(tag));
  return ctx.check(tag, hex(kCmacTag));
}

}  // namespace craton::fips
