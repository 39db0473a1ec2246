// ML-DSA (FIPS 204): key generation, signing and verification, written from
// the standard. Self-contained (Keccak from pqc/keccak.h, no OpenSSL); the
// caller supplies every random input (xi for KeyGen, rnd for Sign) — this
// layer never draws randomness. Deterministic signing = rnd of 32 zero bytes.
//
// Errors (core/result.h):
//   CKR_ARGUMENTS_BAD           wrong length of xi, rnd, mu, pk, sk or digest;
//                               context longer than 255 bytes
//   CKR_ATTRIBUTE_VALUE_INVALID sk with s1/s2 coefficients outside [-eta, eta],
//                               or (public_from_private / check_key_consistency)
//                               key parts that do not belong together
//   CKR_FUNCTION_FAILED         the signing loop ran past its bound (FIPS 204
//                               appendix C; never happens with valid keys)
// Verification returns a Status: ok for a valid signature,
//   CKR_SIGNATURE_LEN_RANGE     signature of the wrong length,
//   CKR_SIGNATURE_INVALID       any other rejection (bad hints, norm, c_tilde),
//   CKR_ARGUMENTS_BAD           as above (pk length, context length).
//
// Speed: an expanded key (MlDsaExpandedPrivateKey / MlDsaExpandedPublicKey)
// caches A_hat and the NTT forms of the key vectors; build it once per key
// object and reuse it (its const methods are thread-safe). The byte-level
// functions expand the key on every call.
//
// Side channels (FIPS 204 section 3.6): signing has no branch or memory index
// that depends on s1, s2, t0 or y apart from the rejection loop's structure as
// algorithm 7 writes it (the z and r0 norms are evaluated together, then c t0
// and the hint), and every intermediate secret is wiped before returning.
#pragma once

#include <array>
#include <cstdint>
#include <memory>

#include "core/result.h"
#include "core/secure_memory.h"
#include "pqc/keccak.h"
#include "pqc/ml_dsa_params.h"

namespace craton::pqc {

// HashML-DSA pre-hash functions (FIPS 204 section 5.4.1). SHAKE128 is used
// with 256-bit and SHAKE256 with 512-bit output.
enum class MlDsaPreHash {
  kSha224, kSha256, kSha384, kSha512, kSha512_224, kSha512_256,
  kSha3_224, kSha3_256, kSha3_384, kSha3_512, kShake128, kShake256,
};
std::size_t ml_dsa_prehash_size(MlDsaPreHash alg);
ByteView ml_dsa_prehash_oid(MlDsaPreHash alg);  // DER (06 09 60 86 48 01 65 03 04 02 xx)

struct MlDsaKeyPair {
  Bytes public_key;         // pk = rho || t1
  SecureBytes private_key;  // sk = rho || K || tr || s1 || s2 || t0
};

namespace mldsa {
struct PrivateData;
struct PublicData;
struct DataDeleter {
  void operator()(PrivateData* d) const noexcept;
  void operator()(PublicData* d) const noexcept;
};
}  // namespace mldsa

// A private key parsed once: A_hat, NTT(s1), NTT(s2), NTT(t0), rho, K, tr.
class MlDsaExpandedPrivateKey {
 public:
  static Result<MlDsaExpandedPrivateKey> create(MlDsaParams params, ByteView sk);
  // KeyGen_internal(xi) straight into the expanded form; pk_out / sk_out get
  // the encodings when not null.
  static Result<MlDsaExpandedPrivateKey> from_seed(MlDsaParams params, ByteView xi, Bytes* pk_out = nullptr,
                                                   SecureBytes* sk_out = nullptr);
  MlDsaParams params() const;
  ByteView tr() const;  // H(pk, 64), for MlDsaMuHasher
  const mldsa::PrivateData& data() const { return *d_; }

 private:
  explicit MlDsaExpandedPrivateKey(std::unique_ptr<mldsa::PrivateData, mldsa::DataDeleter> d) : d_(std::move(d)) {}
  std::unique_ptr<mldsa::PrivateData, mldsa::DataDeleter> d_;
};

// A public key parsed once: A_hat, NTT(t1 * 2^d), tr.
class MlDsaExpandedPublicKey {
 public:
  static Result<MlDsaExpandedPublicKey> create(MlDsaParams params, ByteView pk);
  MlDsaParams params() const;
  ByteView tr() const;
  const mldsa::PublicData& data() const { return *d_; }

 private:
  explicit MlDsaExpandedPublicKey(std::unique_ptr<mldsa::PublicData, mldsa::DataDeleter> d) : d_(std::move(d)) {}
  std::unique_ptr<mldsa::PublicData, mldsa::DataDeleter> d_;
};

// Streaming mu = H(tr || M', 64) for multi-part signing and verification.
class MlDsaMuHasher {
 public:
  // Pure ML-DSA: M' = 0 || |ctx| || ctx || M, M fed through update().
  static Result<MlDsaMuHasher> pure(ByteView tr, ByteView ctx);
  // Sign_internal / Verify_internal: M' itself fed through update().
  static Result<MlDsaMuHasher> internal(ByteView tr);
  void update(ByteView data) { xof_.absorb(data); }
  std::array<std::uint8_t, kMlDsaMuSize> finish();

 private:
  MlDsaMuHasher() = default;
  Shake256 xof_;
};

// --- with expanded keys ------------------------------------------------------

// Sign_internal from mu (the "external mu" form); sig.size() must be the
// signature size.
Status sign_mu(const MlDsaExpandedPrivateKey& key, ByteView mu, ByteView rnd, MutableByteView sig);
Result<Bytes> sign_internal(const MlDsaExpandedPrivateKey& key, ByteView m_prime, ByteView rnd);
Result<Bytes> sign(const MlDsaExpandedPrivateKey& key, ByteView message, ByteView ctx, ByteView rnd);
Result<Bytes> sign_prehash(const MlDsaExpandedPrivateKey& key, ByteView digest, MlDsaPreHash alg, ByteView ctx,
                           ByteView rnd);

Status verify_mu(const MlDsaExpandedPublicKey& key, ByteView mu, ByteView sig);
Status verify_internal(const MlDsaExpandedPublicKey& key, ByteView m_prime, ByteView sig);
Status verify(const MlDsaExpandedPublicKey& key, ByteView message, ByteView ctx, ByteView sig);
Status verify_prehash(const MlDsaExpandedPublicKey& key, ByteView digest, MlDsaPreHash alg, ByteView ctx,
                      ByteView sig);

// pk = rho || t1 recomputed from the private key. Fails with
// CKR_ATTRIBUTE_VALUE_INVALID unless the key's t0 and tr match the recomputed t.
Result<Bytes> public_from_private(const MlDsaExpandedPrivateKey& key);

// --- on encoded keys (expand on every call) ----------------------------------

Result<MlDsaKeyPair> keygen_internal(MlDsaParams params, ByteView xi);
Result<Bytes> sign_internal(MlDsaParams params, ByteView sk, ByteView m_prime, ByteView rnd);
Status verify_internal(MlDsaParams params, ByteView pk, ByteView m_prime, ByteView sig);
Result<Bytes> sign(MlDsaParams params, ByteView sk, ByteView message, ByteView ctx, ByteView rnd);
Status verify(MlDsaParams params, ByteView pk, ByteView message, ByteView ctx, ByteView sig);
Result<Bytes> sign_prehash(MlDsaParams params, ByteView sk, ByteView digest, MlDsaPreHash alg, ByteView ctx,
                           ByteView rnd);
Status verify_prehash(MlDsaParams params, ByteView pk, ByteView digest, MlDsaPreHash alg, ByteView ctx,
                      ByteView sig);
Result<Bytes> public_from_private(MlDsaParams params, ByteView sk);

// Import check for keys given by seed, by value, or both: each of seed, sk,
// pk may be empty (absent). With a seed, the keys it generates must equal the
// given sk / pk (constant-time compare); with sk and pk only, pk must equal
// public_from_private(sk); a lone sk is checked for internal consistency.
// Mismatch: CKR_ATTRIBUTE_VALUE_INVALID; wrong lengths: CKR_ARGUMENTS_BAD.
Status check_key_consistency(MlDsaParams params, ByteView seed, ByteView sk, ByteView pk);

}  // namespace craton::pqc
