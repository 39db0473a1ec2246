// X-Wing, the general-purpose hybrid KEM of draft-connolly-cfrg-xwing-kem
// (implemented from draft -10, March 2026; the construction is unchanged
// since -05): X25519 + ML-KEM-768 with a SHA3-256 combiner.
//
//   expandDecapsulationKey(sk):  SHAKE256(sk, 96 bytes) = d || z || sk_X,
//       (ek_M, dk_M) = ML-KEM-768.KeyGen_internal(d, z), pk_X = X25519(sk_X, 9)
//   public key   pk = ek_M (1184) || pk_X (32)                 = 1216 bytes
//   ciphertext   ct = ct_M (1088) || ct_X (32)                 = 1120 bytes
//   secret       SHA3-256(ss_M || ss_X || ct_X || pk_X || "\./" "/^\")
//   EncapsulateDerand(pk, eseed): m = eseed[0:32], ek_X = eseed[32:64]
//
// The ML-KEM encapsulation-key check of FIPS 203 section 7.2 is done when a
// public key is parsed (the draft requires it). Keys parse once and are
// cached per key object; both classes are immutable and thread-safe.
#pragma once

#include <cstddef>
#include <memory>

#include "core/result.h"
#include "core/secure_memory.h"
#include "crypto/edwards.h"
#include "pqc/ml_kem.h"

namespace craton::mech::xwing {

inline constexpr std::size_t kSeedBytes = 32;          // decapsulation key
inline constexpr std::size_t kPublicKeyBytes = 1216;   // encapsulation key
inline constexpr std::size_t kCiphertextBytes = 1120;
inline constexpr std::size_t kSharedSecretBytes = 32;
inline constexpr std::size_t kEncapsSeedBytes = 64;    // eseed of EncapsulateDerand

struct XWingEncapsulation {
  SecureBytes shared_secret;  // 32 bytes
  Bytes ciphertext;           // 1120 bytes
};

class XWingEncapsKey {
 public:
  // CKR_ATTRIBUTE_VALUE_INVALID for a wrong length or an ML-KEM part that
  // fails the modulus check.
  static Result<std::shared_ptr<const XWingEncapsKey>> parse(ByteView pk);

  ByteView encoded() const { return encoded_; }
  // EncapsulateDerand; `eseed` is 64 bytes (CKR_ARGUMENTS_BAD otherwise).
  Result<XWingEncapsulation> encaps(ByteView eseed) const;

 private:
  XWingEncapsKey() = default;
  Bytes encoded_;
  std::shared_ptr<const pqc::MlKemEncapsKey> ml_kem_;
};

class XWingDecapsKey {
 public:
  // expandDecapsulationKey of a 32-byte seed (CKR_ATTRIBUTE_VALUE_INVALID
  // for another length).
  static Result<std::shared_ptr<const XWingDecapsKey>> expand(ByteView seed);

  ByteView public_key() const { return public_key_; }
  // CKR_ENCRYPTED_DATA_LEN_RANGE unless the ciphertext is 1120 bytes. A
  // wrong ciphertext of the right length gives an unrelated secret (ML-KEM
  // implicit rejection), never an error.
  Result<SecureBytes> decaps(ByteView ct) const;

 private:
  XWingDecapsKey() = default;
  Bytes public_key_;
  std::shared_ptr<const pqc::MlKemDecapsKey> ml_kem_;
  crypto::OkpKeyRef x25519_;
};

}  // namespace craton::mech::xwing
