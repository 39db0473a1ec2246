// Known-answer tests: AES in ECB, CBC, CTR (SP 800-38A), GCM (SP 800-38D),
// CCM (SP 800-38C), KW and KWP (SP 800-38F). Each direction whose code
// differs is tested: decryption for ECB/CBC (inverse cipher), tag checking
// for GCM/CCM, unwrapping for KW/KWP.
#include "crypto/cipher.h"
#include "fips/kats.h"

namespace craton::fips {
namespace {

using crypto::Cipher;
using crypto::CipherMode;

// SP 800-38A appendix F, AES-128, the first two blocks of each example:
// F.1.1/F.1.2 (ECB), F.2.1/F.2.2 (CBC), F.5.1/F.5.2 (CTR).
constexpr char k38aKey[] = "2b7e151628aed2a6abf7158809cf4f3c";
constexpr char k38aPlain[] = "6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51";
constexpr char kEcbCipher[] = "3ad77bb40d7a3660a89ecaf32466ef97f5d3d58503b9699de785895a96fdbaaf";
constexpr char kCbcIv[] = "000102030405060708090a0b0c0d0e0f";
constexpr char kCbcCipher[] = "7649abac8119b246cee98e9b12e9197d5086cb9b507219ee95db113a917678b2";
constexpr char kCtrCounter[] = "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff";
constexpr char kCtrCipher[] = "874d6191b620e3261bef6864990db6ce9806f66b7970fdff8617187bb9fffdff";

// "The Galois/Counter Mode of Operation (GCM)", McGrew and Viega, test
// case 16: AES-256, 96-bit IV, 60-byte plaintext, 20-byte AAD.
constexpr char kGcmKey[] = "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308";
constexpr char kGcmIv[] = "cafebabefacedbaddecaf888";
constexpr char kGcmAad[] = "feedfacedeadbeeffeedfacedeadbeefabaddad2";
constexpr char kGcmPlain[] =
    "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
    "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39";
constexpr char kGcmCipher[] =
    "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
    "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662";
constexpr char kGcmTag[] = "76fc6ece0f4e1768cddf8853bb2d551b";

// SP 800-38C appendix C, example 2: 64-bit nonce, 128-bit AAD and
// payload, 48-bit tag.
constexpr char kCcmKey[] = "404142434445464748494a4b4c4d4e4f";
constexpr char kCcmNonce[] = "1011121314151617";
constexpr char kCcmAad[] = "000102030405060708090a0b0c0d0e0f";
constexpr char kCcmPlain[] = "202122232425262728292a2b2c2d2e2f";
constexpr char kCcmCipher[] = "d2a1f0e051ea5f62081a7792073d593d";
constexpr char kCcmTag[] = "1fc64fbfaccd";

// RFC 3394 section 4.1: 128-bit key data wrapped with a 128-bit KEK.
constexpr char kKwKek[] = "000102030405060708090a0b0c0d0e0f";
constexpr char kKwPlain[] = "00112233445566778899aabbccddeeff";
constexpr char kKwWrapped[] = "1fa68b0a8112b447aef34bd8fb5a7b829d3e862371d2cfe5";

// RFC 5649 section 6: 20 octets wrapped with a 192-bit KEK.
constexpr char kKwpKek[] = "5840df6e29b02af1ab493b705bf16ea1ae8338f4dcc176a8";
constexpr char kKwpPlain[] = "c37b7e6492584340bed12207808941155068f738";
constexpr char kKwpWrapped[] = "138bdeaa9b8fa7fc61f97742e72248ee5ae6ae5360d1ae6a5f54f373fa543b6a";

// One message through a block mode (ECB, CBC, CTR) in one direction.
Result<Bytes> block_mode(CipherMode mode, bool encrypt, ByteView key, ByteView iv, ByteView in) {
  TRY_ASSIGN(Cipher c, Cipher::create(mode, key, encrypt));
  TRY_STATUS(c.start(iv));
  Bytes out(in.size());
  TRY_ASSIGN(std::size_t n, c.update(in, out));
  TRY_STATUS(c.finish());
  out.resize(n);
  return out;
}

// Encrypts the plaintext and decrypts the known ciphertext.
Status both_directions(KatContext& ctx, CipherMode mode, const char* iv, const char* cipher_hex) {
  const Bytes key = hex(k38aKey), ivb = hex(iv);
  TRY_ASSIGN(Bytes ct, block_mode(mode, true, key, ivb, hex(k38aPlain)));
  TRY_STATUS(ctx.check(ct, hex(cipher_hex)));
  TRY_ASSIGN(Bytes pt, block_mode(mode, false, key, ivb, ctx.expected(hex(cipher_hex))));
  return ctx.check(pt, hex(k38aPlain));
}

Result<Bytes> gcm_encrypt(Bytes* tag) {
  TRY_ASSIGN(Cipher c, Cipher::create(CipherMode::kGcm, hex(kGcmKey), true));
  TRY_STATUS(c.start(hex(kGcmIv)));
  TRY_STATUS(c.aad(hex(kGcmAad)));
  const Bytes plain = hex(kGcmPlain);
  Bytes out(plain.size());
  TRY_STATUS(c.update(plain, out).status());
  tag->resize(16);
  TRY_STATUS(c.finish(*tag));
  return out;
}

Result<Bytes> gcm_decrypt(ByteView ciphertext, ByteView tag) {
  TRY_ASSIGN(Cipher c, Cipher::create(CipherMode::kGcm, hex(kGcmKey), false));
  TRY_STATUS(c.start(hex(kGcmIv)));
  TRY_STATUS(c.aad(hex(kGcmAad)));
  TRY_STATUS(c.set_tag(tag));
  Bytes out(ciphertext.size());
  TRY_STATUS(c.update(ciphertext, out).status());
  TRY_STATUS(c.finish());  // checks the tag
  return out;
}

Result<Bytes> ccm_run(bool encrypt, ByteView in, ByteView tag_in, Bytes* tag_out) {
  const Bytes tag_len_ref = hex(kCcmTag);
  TRY_ASSIGN(Cipher c, Cipher::create_ccm(hex(kCcmKey), encrypt, hex(kCcmNonce), tag_len_ref.size(), in.size()));
  TRY_STATUS(c.aad(hex(kCcmAad)));
  if (!encrypt) TRY_STATUS(c.set_tag(tag_in));
  Bytes out(in.size());
  TRY_STATUS(c.update(in, out).status());  // decrypt: checks the tag
  if (encrypt) {
    tag_out->resize(tag_len_ref.size());
    TRY_STATUS(c.finish(*tag_out));
  }
  return out;
}

Result<Bytes> wrap_mode(CipherMode mode, bool wrap, ByteView kek, ByteView in) {
  TRY_ASSIGN(Cipher c, Cipher::create(mode, kek, wrap));
  TRY_STATUS(c.start({}));  // the RFC default IV
  Bytes out(in.size() + 16);
  TRY_ASSIGN(std::size_t n, c.update(in, out));
  out.resize(n);
  return out;
}

Status wrap_both(KatContext& ctx, CipherMode mode, const char* kek, const char* plain, const char* wrapped) {
  TRY_ASSIGN(Bytes w, wrap_mode(mode, true, hex(kek), hex(plain)));
  TRY_STATUS(ctx.check(w, hex(wrapped)));
  TRY_ASSIGN(Bytes p, wrap_mode(mode, false, hex(kek), ctx.expected(hex(wrapped))));
  return ctx.check(p, hex(plain));
}

}  // namespace

Status kat_aes_ecb(KatContext& ctx) { return both_directions(ctx, CipherMode::kEcb, "", kEcbCipher); }
Status kat_aes_cbc(KatContext& ctx) { return both_directions(ctx, CipherMode::kCbc, kCbcIv, kCbcCipher); }

Status kat_aes_ctr(KatContext& ctx) {
  // CTR decryption is the same keystream XOR: one direction covers it.
  TRY_ASSIGN(Bytes ct, block_mode(CipherMode::kCtr, true, hex(k38aKey), hex(kCtrCounter), hex(k38aPlain)));
  return ctx.check(ct, hex(kCtrCipher));
}

Status kat_aes_gcm(KatContext& ctx) {
  Bytes tag;
  TRY_ASSIGN(Bytes ct, gcm_encrypt(&tag));
  TRY_STATUS(ctx.check(ct, hex(kGcmCipher)));
  TRY_STATUS(ctx.check(tag, hex(kGcmTag)));
  TRY_ASSIGN(Bytes pt, gcm_decrypt(ctx.expected(hex(kGcmCipher)), ctx.expected(hex(kGcmTag))));
  TRY_STATUS(ctx.check(pt, hex(kGcmPlain)));
  Bytes bad_tag = hex(kGcmTag);
  bad_tag[0] ^= 0x80;
  return KatContext::must_fail(gcm_decrypt(hex(kGcmCipher), bad_tag).status());
}

Status kat_aes_ccm(KatContext& ctx) {
  Bytes tag;
  TRY_ASSIGN(Bytes ct, ccm_run(true, hex(kCcmPlain), {}, &tag));
  TRY_STATUS(ctx.check(ct, hex(kCcmCipher)));
  TRY_STATUS(ctx.check(tag, hex(kCcmTag)));
  TRY_ASSIGN(Bytes pt, ccm_run(false, ctx.expected(hex(kCcmCipher)), ctx.expected(hex(kCcmTag)), nullptr));
  TRY_STATUS(ctx.check(pt, hex(kCcmPlain)));
  Bytes bad_tag = hex(kCcmTag);
  bad_tag[0] ^= 0x80;
  return KatContext::must_fail(ccm_run(false, hex(kCcmCipher), bad_tag, nullptr).status());
}

Status kat_aes_kw(KatContext& ctx) { return wrap_both(ctx, CipherMode::kWrap, kKwKek, kKwPlain, kKwWrapped); }
Status kat_aes_kwp(KatContext& ctx) {
  return wrap_both(ctx, CipherMode::kWrapPad, kKwpKek, kKwpPlain, kKwpWrapped);
}

}  // namespace craton::fips
