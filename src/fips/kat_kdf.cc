// Known-answer tests: HKDF (RFC 5869 / SP 800-56C), PBKDF2 (SP 800-132)
// and the SP 800-108 KDF in counter mode with HMAC-SHA-256.
#include <array>
#include <vector>

#include "crypto/kdf.h"
#include "fips/kats.h"

namespace craton::fips {
namespace {

using crypto::HashAlg;

// RFC 5869 appendix A.1 (basic test case with SHA-256).
constexpr char kHkdfIkm[] = "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b";
constexpr char kHkdfSalt[] = "000102030405060708090a0b0c";
constexpr char kHkdfInfo[] = "f0f1f2f3f4f5f6f7f8f9";
constexpr char kHkdfPrk[] = "077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5";
constexpr char kHkdfOkm[] =
    "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf"
    "34007208d5b887185865";

// RFC 7914 section 11, first PBKDF2-HMAC-SHA256 vector: P = "passwd",
// S = "salt", c = 1, dkLen = 64 (one iteration keeps the POST fast; the
// iteration loop is the same code for any count).
constexpr char kPbkdf2Password[] = "706173737764";
constexpr char kPbkdf2Salt[] = "73616c74";
constexpr std::uint64_t kPbkdf2Iterations = 1;
constexpr char kPbkdf2Key[] =
    "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
    "49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783";

// NIST CAVP KBKDF "CounterMode" KDFCTR_gen.txt (CAVS 14.4), [PRF=HMAC_SHA256]
// [CTRLOCATION=BEFORE_FIXED] [RLEN=8_BITS], L = 320, COUNT = 30
// (tests/vectors/nist/sp800_108_counter_kdf.json): two PRF blocks,
// K(i) = HMAC(KI, [i]_8 || FixedInputData), output truncated to 40 bytes.
constexpr char kKbkdfKey[] = "63a657fb6c5bacb9a124d3e7db8bbb7d42bfdfaf8f04cb6359cd888c70669652";
constexpr char kKbkdfFixed[] =
    "2697b6ec112cab4d6f1714c991c17d44fb36a0b6ef0b0f5451619ab248950f56"
    "f403215c78711aa563683ced05be7246f32574fa294f162dbbeb3dee";
constexpr char kKbkdfOut[] =
    "1992e75756fa64734d5caecc5f6420fcb28b8b90421eee97dc8b6140ce185184"
    "05688bea489d2aaa";

}  // namespace

Status kat_hkdf_sha256(KatContext& ctx) {
  TRY_ASSIGN(SecureBytes prk, crypto::hkdf_extract(HashAlg::kSha256, hex(kHkdfSalt), hex(kHkdfIkm)));
  TRY_STATUS(ctx.check(prk, hex(kHkdfPrk)));
  SecureBytes okm(hex(kHkdfOkm).size());
  TRY_STATUS(crypto::hkdf_expand(HashAlg::kSha256, prk, hex(kHkdfInfo), okm));
  return ctx.check(okm, hex(kHkdfOkm));
}

Status kat_pbkdf2_sha256(KatContext& ctx) {
  SecureBytes key(hex(kPbkdf2Key).size());
  TRY_STATUS(crypto::pbkdf2(HashAlg::kSha256, hex(kPbkdf2Password), hex(kPbkdf2Salt), kPbkdf2Iterations, key));
  return ctx.check(key, hex(kPbkdf2Key));
}

// The PRF of CKM_SP800_108_COUNTER_KDF is crypto::KdfPrf; the counter loop
// below follows SP 800-108 section 4.1 for this vector's input layout.
Status kat_sp800_108_counter(KatContext& ctx) {
  TRY_ASSIGN(crypto::KdfPrf prf, crypto::KdfPrf::hmac(HashAlg::kSha256, hex(kKbkdfKey)));
  const Bytes fixed = hex(kKbkdfFixed);
  const std::size_t wanted = hex(kKbkdfOut).size();
  SecureBytes out;
  SecureBytes block(prf.size());
  for (std::uint8_t i = 1; out.size() < wanted; ++i) {
    const std::array<std::uint8_t, 1> counter{i};
    const std::array<ByteView, 2> parts{ByteView(counter), ByteView(fixed)};
    TRY_STATUS(prf.compute(parts, block));
    out.insert(out.end(), block.begin(), block.end());
  }
  out.resize(wanted);
  return ctx.check(out, hex(kKbkdfOut));
}

}  // namespace craton::fips
