// RSA over OpenSSL, without OpenSSL types: key building and export, key
// generation, PKCS#8, and the PKCS#1 v1.5 / PSS / OAEP / raw primitives.
// Keys are crypto::Pkey objects built once per key object and shared; every
// call here makes a fresh, cheap EVP_PKEY_CTX from the shared key.
#pragma once

#include <cstddef>
#include <optional>
#include <utility>

#include "core/result.h"
#include "core/secure_memory.h"
#include "crypto/hash.h"
#include "crypto/pkey.h"

struct evp_md_ctx_st;

namespace craton::crypto {

// Big-endian unsigned integers; leading zero bytes are allowed. Empty CRT
// members mean "absent": the key is then built from n, e, d alone.
struct RsaComponents {
  ByteView n, e, d, p, q, dp, dq, qinv;
};

// Components as exported from a key: big-endian, no leading zeros. The CRT
// members are empty for a key built without them.
struct RsaKeyMaterial {
  Bytes n, e;
  SecureBytes d, p, q, dp, dq, qinv;
};

Result<PkeyRef> rsa_public_key(ByteView n, ByteView e);
// Needs n, e and d; uses the CRT form when p, q, dp, dq and qinv are all given.
Result<PkeyRef> rsa_private_key(const RsaComponents& c);

std::size_t rsa_bits(const Pkey& key);
inline std::size_t rsa_bytes(const Pkey& key) { return (rsa_bits(key) + 7) / 8; }

// Proves that the private exponent inverts the public one (a raw RSA round
// trip on a fixed value). CKR_FUNCTION_FAILED if it does not.
Status rsa_pairwise_check(const Pkey& private_key);

// Generates a key pair with OpenSSL's generator (the library context's DRBG)
// and runs the pairwise check on it.
Result<RsaKeyMaterial> rsa_generate(std::size_t bits, ByteView public_exponent);
Result<RsaKeyMaterial> rsa_export_private(const Pkey& key);

// PKCS#8 PrivateKeyInfo (rsaEncryption) DER. Decoding rejects trailing data
// and other key types with CKR_WRAPPED_KEY_INVALID.
Result<SecureBytes> rsa_encode_pkcs8(const Pkey& key);
Result<PkeyRef> rsa_decode_pkcs8(ByteView der);

enum class RsaPad { kNone, kPkcs1, kPss, kOaep };

struct RsaParams {
  RsaPad pad = RsaPad::kPkcs1;
  // PSS and OAEP: the hash; PKCS#1 with a hash: only for RsaDigestSigner.
  std::optional<HashAlg> hash;
  HashAlg mgf1 = HashAlg::kSha1;  // PSS and OAEP
  int salt_len = 0;               // PSS, exact
  ByteView label;                 // OAEP; copied when the operation is set up
};

// Private-key operations write at most rsa_bytes() bytes and need an `out`
// that large (callers check). Sign: kNone (input exactly k bytes and below n),
// kPkcs1 (raw DigestInfo) or kPss (input is the hash).
Result<std::size_t> rsa_sign(const Pkey& key, const RsaParams& params, ByteView tbs, MutableByteView out);
// CKR_OK or CKR_SIGNATURE_INVALID (any failure).
Status rsa_verify(const Pkey& key, const RsaParams& params, ByteView tbs, ByteView sig);
// kNone or kPkcs1: the recovered data; CKR_SIGNATURE_INVALID on failure.
Result<std::size_t> rsa_verify_recover(const Pkey& key, const RsaParams& params, ByteView sig, MutableByteView out);
// kNone, kPkcs1 or kOaep.
Result<std::size_t> rsa_encrypt(const Pkey& key, const RsaParams& params, ByteView in, MutableByteView out);
// Any failure is CKR_ENCRYPTED_DATA_INVALID, one code for every padding
// error so callers cannot be turned into a padding oracle.
Result<std::size_t> rsa_decrypt(const Pkey& key, const RsaParams& params, ByteView in, MutableByteView out);

// Hash-and-sign (PKCS#1 v1.5 with DigestInfo, or PSS) over streamed data.
class RsaDigestSigner {
 public:
  // params.hash is required; params.pad is kPkcs1 or kPss.
  static Result<RsaDigestSigner> create(PkeyRef key, const RsaParams& params, bool sign);
  RsaDigestSigner(RsaDigestSigner&&) noexcept;
  RsaDigestSigner& operator=(RsaDigestSigner&&) noexcept;
  ~RsaDigestSigner();

  Status update(ByteView data);
  // `out` must hold rsa_bytes(); the signer is spent afterwards.
  Result<std::size_t> sign_final(MutableByteView out);
  Status verify_final(ByteView sig);  // CKR_OK or CKR_SIGNATURE_INVALID

 private:
  RsaDigestSigner(PkeyRef key, evp_md_ctx_st* ctx, bool sign) : key_(std::move(key)), ctx_(ctx), sign_(sign) {}
  PkeyRef key_;  // the EVP_MD_CTX refers to the key: keep it alive
  evp_md_ctx_st* ctx_;
  bool sign_;
};

}  // namespace craton::crypto
