// ML-KEM (FIPS 203), written from the standard. Self-contained: Keccak from
// pqc/keccak.h, no OpenSSL, no RNG of its own — every random input (d, z, m)
// comes from the caller, which owns the approved DRBG.
//
// Errors (craton::Result / Status, PKCS#11-agnostic choice of CK_RV):
//   CKR_ARGUMENTS_BAD            an input has the wrong length for the parameter
//                                set (d, z, seed, m, ek, dk, c: the FIPS 203
//                                "type checks").
//   CKR_ATTRIBUTE_VALUE_INVALID  key contents rejected: the encapsulation key
//                                fails the modulus check (section 7.2), or the
//                                decapsulation key fails the hash check
//                                H(ek) == h (section 7.3).
//   anything the caller's MlKemRandom returns is passed through.
// Decapsulation of a well-formed but wrong ciphertext is NOT an error: it
// returns the implicit-rejection key J(z || c), chosen in constant time.
#pragma once

#include <functional>
#include <memory>

#include "core/result.h"
#include "core/secure_memory.h"
#include "pqc/ml_kem_params.h"

namespace craton::pqc {

struct MlKemKeyPair {
  Bytes ek;        // ml_kem_ek_size(params) bytes
  SecureBytes dk;  // ml_kem_dk_size(params) bytes (expanded form)
};

struct MlKemEncapsulation {
  SecureBytes shared_secret;  // K, 32 bytes
  Bytes ciphertext;           // c, ml_kem_ct_size(params) bytes
};

// Fills the span with output of the caller's approved RBG.
using MlKemRandom = std::function<Status(MutableByteView)>;

// ---- one-shot API on encoded keys -----------------------------------------

// Algorithm 16, ML-KEM.KeyGen_internal(d, z); d and z are 32 bytes each.
Result<MlKemKeyPair> ml_kem_keygen_internal(MlKemParams params, ByteView d, ByteView z);
// The same from the 64-byte seed d || z (the PKCS#11 / Wycheproof seed form).
Result<MlKemKeyPair> ml_kem_keygen_from_seed(MlKemParams params, ByteView seed);
// Algorithm 19, ML-KEM.KeyGen: draws d || z (64 bytes) from `rng`.
Result<MlKemKeyPair> ml_kem_keygen(MlKemParams params, const MlKemRandom& rng);

// Algorithm 17, ML-KEM.Encaps_internal(ek, m): no key check beyond length.
Result<MlKemEncapsulation> ml_kem_encaps_internal(MlKemParams params, ByteView ek, ByteView m);
// Algorithm 20, ML-KEM.Encaps with the section 7.2 input checks; m is 32
// fresh random bytes from the caller's RBG (or drawn from `rng`).
Result<MlKemEncapsulation> ml_kem_encaps(MlKemParams params, ByteView ek, ByteView m);
Result<MlKemEncapsulation> ml_kem_encaps(MlKemParams params, ByteView ek, const MlKemRandom& rng);

// Algorithm 21, ML-KEM.Decaps with the section 7.3 input checks
// (ciphertext length, dk length, hash check), implicit rejection.
Result<SecureBytes> ml_kem_decaps(MlKemParams params, ByteView dk, ByteView c);

// The input checks alone (ACVP encapsulationKeyCheck / decapsulationKeyCheck).
Status ml_kem_check_encapsulation_key(MlKemParams params, ByteView ek);
Status ml_kem_check_decapsulation_key(MlKemParams params, ByteView dk);

// ---- parsed keys: check and expand once, reuse for every operation ---------
// Meant for the object DerivedCache: parsing does the input checks and the
// matrix expansion (SampleNTT), so later operations skip both. Immutable
// after parse, so one instance may be shared by concurrent operations.

namespace mlkem {
struct PublicState;
struct PrivateState;
}  // namespace mlkem

class MlKemEncapsKey {
 public:
  // Type check and modulus check, then expand t_hat and A_hat.
  static Result<std::shared_ptr<const MlKemEncapsKey>> parse(MlKemParams params, ByteView ek);
  ~MlKemEncapsKey();

  MlKemParams params() const { return params_; }
  ByteView encoded() const;
  Result<MlKemEncapsulation> encaps(ByteView m) const;
  Result<MlKemEncapsulation> encaps(const MlKemRandom& rng) const;

 private:
  MlKemEncapsKey(MlKemParams params, std::unique_ptr<mlkem::PublicState> state);
  MlKemParams params_;
  std::unique_ptr<mlkem::PublicState> state_;
};

class MlKemDecapsKey {
 public:
  // Type check and hash check, then expand s_hat and the embedded ek.
  static Result<std::shared_ptr<const MlKemDecapsKey>> parse(MlKemParams params, ByteView dk);
  ~MlKemDecapsKey();  // wipes s_hat and z

  MlKemParams params() const { return params_; }
  // The embedded encapsulation key (public).
  ByteView encaps_key() const;
  // Ciphertext length checked; a wrong ciphertext yields J(z || c).
  Result<SecureBytes> decaps(ByteView c) const;

 private:
  MlKemDecapsKey(MlKemParams params, std::unique_ptr<mlkem::PrivateState> state);
  MlKemParams params_;
  std::unique_ptr<mlkem::PrivateState> state_;
};

}  // namespace craton::pqc
