// Known-answer tests: RSA (FIPS 186-5 / PKCS#1 v2.2 signatures, SP 800-56B
// OAEP decryption) with one fixed 2048-bit key.
//
// PKCS#1 v1.5 signing is deterministic, so the signature is compared byte
// for byte; the OAEP test decrypts a fixed ciphertext and compares the
// plaintext. The private key is built once per POST run and shared by the
// tests that need it (building it costs more than a hash KAT).
#include <mutex>

#include "crypto/rsa.h"
#include "fips/kats.h"

namespace craton::fips {
namespace {

using crypto::HashAlg;
using crypto::RsaPad;
using crypto::RsaParams;

// The key of C2SP Wycheproof (commit dac1dd47) rsa_oaep_2048_sha256_mgf1sha256_test.json,
// with its CRT members. rsa_pkcs1_2048_sig_gen_test.json signs with the same
// modulus (a different but equivalent private exponent; a PKCS#1 v1.5
// signature depends only on n and the message).
constexpr char kN[] =
    "a2b451a07d0aa5f96e455671513550514a8a5b462ebef717094fa1fee82224e6"
    "37f9746d3f7cafd31878d80325b6ef5a1700f65903b469429e89d6eac8845097"
    "b5ab393189db92512ed8a7711a1253facd20f79c15e8247f3d3e42e46e48c98e"
    "254a2fe9765313a03eff8f17e1a029397a1fa26a8dce26f490ed81299615d981"
    "4c22da610428e09c7d9658594266f5c021d0fceca08d945a12be82de4d1ece6b"
    "4c03145b5d3495d4ed5411eb878daf05fd7afc3e09ada0f1126422f590975a19"
    "69816f48698bcbba1b4d9cae79d460d8f9f85e7975005d9bc22c4e5ac0f7c1a4"
    "5d12569a62807d3b9a02e5a530e773066f453d1f5b4c2e9cf7820283f742b9d5";
constexpr char kE[] =
    "010001";
constexpr char kD[] =
    "24cdc62317f5d72a6f6ba6cc9632899b01d1ff28867d72f61688995bc855a4e4"
    "20a8405250089bdb13cf8e09543827b748b9d27fbb2b4d9e20af8c5a6a862796"
    "d1a4cc18ad16ea678bc1bd4a83bbbe9c5e57453b5ce7388e41a3ba4ce2b77b44"
    "38a229e954f720dae0353dc088ac8a76b26dc276f8e1b7851ddd6398ad16ff2e"
    "78195123b9b036e945c38c9d12434f6df76fe22359eb3e1ac9c011678fc926fa"
    "d3ae475a4fffff55feb2d147e9c894f4c0e29a599e762462482d968bf4278094"
    "5fc0d2c31c573c4431b8f4fe8b8c67bec815abd44f7a86edca1c2308737358d2"
    "c2ae5e2e0e2dadf730980262377e58b13b7d9992060a0bc870ccfdb4a9319ee1";
constexpr char kP[] =
    "dc431050f782e894fb5248247d98cb7d58b8d1e24f3b55d041c56e4de086b0d5"
    "bb028bda42eeb5d234d5681e5809d415e6a289ad4cfbf78f978f6c35814f50ee"
    "bff1c5b80a69f788e81e6bab5ddaa78369d659d143ec6f17e79813a575cfad9c"
    "569156b90113e2e9110ad9e7b48a1c9348a6e653321191290ea36cfb3a5b18f1";
constexpr char kQ[] =
    "bd1a81e7977f9898122273ae3222b598ea5fb19eb4eabc38308a5e32196603b2"
    "e500ffb79f5b886816611debc472fac45544070beb057c941378a6868af3b7a0"
    "3d3f9880ec47d5e089b94fbde542aba9ae8d72c57088d7abf5b131f39098f7bc"
    "160f90536abc9492fd4e06f3ed7299d4b97bb03677207d95669f140cfbc20f25";
constexpr char kDp[] =
    "a94b528b28f291599121d91952ffd1c7f21d7c1479d99d478885fb161870ee12"
    "18bf08472612dbe5497e8d9c650688e09c786961ae3e2c354dc48ae34514759c"
    "4c23c4588488961dc06b414e61c0e1e7fbbd2923d31532fe289f96da220711e5"
    "8c14019808e00414276933bb07e4efb9b4a9b37656917205209f33f09515d7c1";
constexpr char kDq[] =
    "3af0e72a933aef09ff2503df78bafed531c02ff1a2bc437c540cdcbd4ad35435"
    "cf511763596543480629b114ca7f780ff7efa32ea0cb6e000d6d9ea1f2ef71fd"
    "9cf9948422a165557e37e755edfe70d90b920502eb478bc98a63f788ce3a0f85"
    "6d6ede7251a383bfa8fa480a81a925af7b3cc538c4bab8c9f7597ffb68011d8d";
constexpr char kQinv[] =
    "2640fbfbcfefb163ee7a87b6483a66ee41f956d90fa8a7939bfc042ee0924b1b"
    "7993d0445f758d51933e85179c0320b0c968b48a91c38b5be923e1097c0c562f"
    "88d42294b6a2759bafa5428a74f1270874e45f6fcc60f21602de5eccd143cf31"
    "241f5921b5ad3983fb54ef17be3b285367e50c999c67247b552fe4bfce945f7b";

// rsa_pkcs1_2048_sig_gen_test.json, SHA-256 group, tcId 83: message "Test".
constexpr char kSignMessage[] =
    "54657374";
constexpr char kSignature[] =
    "264491e844c119f14e425c03282139a558dcdaeb82a4628173cd407fd319f907"
    "6eaebc0dd87a1c22e4d17839096886d58a9d5b7f7aeb63efec56c45ac7bead42"
    "03b6886e1faa90e028ec0ae094d46bf3f97efdd19045cfbc25a1abda2432639f"
    "9876405c0d68f8edbf047c12a454f7681d5d5a2b54bd3723d193dbad4338baad"
    "753264006e2d08931c4b8bb79aa1c9cad10eb6605f87c5831f6e2b08e002f9c6"
    "f21141f5841d92727dd3e1d99c36bc560da3c9067df99fcaf818941f72588be3"
    "3032bad22caf6704223bb114d575b6d02d9d222b580005d930e8f40cce9f672e"
    "ebb634a20177d84351627964b83f2053d736a84ab1a005f63bd5ba943de6205c";

// rsa_oaep_2048_sha256_mgf1sha256_test.json tcId 8: SHA-256, MGF1-SHA-256,
// an 8-byte label.
constexpr char kOaepLabel[] =
    "0000000000000000";
constexpr char kOaepCiphertext[] =
    "6583e2f176aa7e7f655d2c53497349c156c8851fb23325589e85fb83bfa85734"
    "6caba222cdaa3234e71564154298c24dbb85e18822a1d5e7faa47863a64d7687"
    "4a3cbc70f4d9f137426a344c473fac1dd7008a9973765e9f66c5b492535a647c"
    "273c4f78ceb5aa7ba963a2142f2ce4a81f804c002b9b2eabb3c75e80a3c6ceaf"
    "e5384a544c672a5d28d32bb87115f43eb79775fd9b3f4a2f6e6a89368bdd95ef"
    "1d014877b60afdb1234acd57653a65459f01b2fbe381f22a739504b4897a7e6c"
    "33b6349b276db6083abad9c169405859b800c812237634b503de6ada43013c1d"
    "86697a135be78a9784576d796d62aa7819e2ea0e2d902ffdd9cfdd1ae66212ee";
constexpr char kOaepMessage[] =
    "313233343030";

std::mutex g_key_mu;
crypto::PkeyRef g_private_key;  // built by the first test of a run, dropped by release_rsa_kat_key

Result<crypto::PkeyRef> private_key() {
  std::lock_guard lock(g_key_mu);
  if (!g_private_key) {
    const Bytes n = hex(kN), e = hex(kE), d = hex(kD), p = hex(kP), q = hex(kQ), dp = hex(kDp), dq = hex(kDq),
                qinv = hex(kQinv);
    TRY_ASSIGN(g_private_key, crypto::rsa_private_key({n, e, d, p, q, dp, dq, qinv}));
  }
  return g_private_key;
}

RsaParams pkcs1_sha256() {
  RsaParams params;
  params.pad = RsaPad::kPkcs1;
  params.hash = HashAlg::kSha256;
  return params;
}

}  // namespace

void release_rsa_kat_key() {
  std::lock_guard lock(g_key_mu);
  g_private_key.reset();
}

// Hash-and-sign through RsaDigestSigner, as CKM_SHA256_RSA_PKCS runs.
Status kat_rsa_pkcs1_sign(KatContext& ctx) {
  TRY_ASSIGN(crypto::PkeyRef key, private_key());
  TRY_ASSIGN(crypto::RsaDigestSigner signer, crypto::RsaDigestSigner::create(key, pkcs1_sha256(), true));
  TRY_STATUS(signer.update(hex(kSignMessage)));
  Bytes sig(crypto::rsa_bytes(*key));
  TRY_ASSIGN(std::size_t n, signer.sign_final(sig));
  sig.resize(n);
  return ctx.check(sig, hex(kSignature));
}

// Verifies the known signature with the public key, and rejects it for a
// different message.
Status kat_rsa_pkcs1_verify(KatContext& ctx) {
  TRY_ASSIGN(crypto::PkeyRef pub, crypto::rsa_public_key(hex(kN), hex(kE)));
  const ByteView sig = ctx.expected(hex(kSignature));
  TRY_ASSIGN(crypto::RsaDigestSigner verifier, crypto::RsaDigestSigner::create(pub, pkcs1_sha256(), false));
  TRY_STATUS(verifier.update(hex(kSignMessage)));
  TRY_STATUS(verifier.verify_final(sig));
  TRY_ASSIGN(crypto::RsaDigestSigner other, crypto::RsaDigestSigner::create(pub, pkcs1_sha256(), false));
  TRY_STATUS(other.update(hex(kOaepMessage)));
  return KatContext::must_fail(other.verify_final(sig));
}

Status kat_rsa_oaep_decrypt(KatContext& ctx) {
  TRY_ASSIGN(crypto::PkeyRef key, private_key());
  const Bytes label = hex(kOaepLabel);
  RsaParams params;
  params.pad = RsaPad::kOaep;
  params.hash = HashAlg::kSha256;
  params.mgf1 = HashAlg::kSha256;
  params.label = label;
  SecureBytes plain(crypto::rsa_bytes(*key));
  TRY_ASSIGN(std::size_t n, crypto::rsa_decrypt(*key, params, ctx.expected(hex(kOaepCiphertext)), plain));
  return ctx.check(ByteView(plain.data(), n), hex(kOaepMessage));
}

}  // namespace craton::fips
