// SLH-DSA, the stateless hash-based signature of FIPS 205, for all twelve
// parameter sets. Self-contained (SHA-2 from pqc/sha2.h, SHAKE from
// pqc/keccak.h); the caller supplies all randomness.
//
// Keys are the FIPS 205 byte strings: pk = PK.seed || PK.root (2n bytes),
// sk = SK.seed || SK.prf || PK.seed || PK.root (4n bytes).
//
// Errors: CKR_ARGUMENTS_BAD for inputs of the wrong length (keys, seeds,
// addrnd, a digest that does not match its hash, context > 255 bytes);
// verification returns CKR_SIGNATURE_LEN_RANGE for a signature of the wrong
// size and CKR_SIGNATURE_INVALID when it does not verify.
#pragma once

#include <cstddef>
#include <cstdint>

#include "core/result.h"
#include "core/secure_memory.h"
#include "pqc/slh_dsa_params.h"

namespace craton::pqc {

inline std::size_t slh_dsa_n(SlhDsaParams p) { return slh_param_set(p).n; }
inline std::size_t slh_dsa_pk_bytes(SlhDsaParams p) { return slh_param_set(p).pk_bytes(); }
inline std::size_t slh_dsa_sk_bytes(SlhDsaParams p) { return slh_param_set(p).sk_bytes(); }
inline std::size_t slh_dsa_sig_bytes(SlhDsaParams p) { return slh_param_set(p).sig_bytes(); }

struct SlhDsaKeyPair {
  Bytes pk;        // 2n bytes
  SecureBytes sk;  // 4n bytes
};

// ---- internal functions (FIPS 205 section 9) ----

// Algorithm 18; each seed is n bytes.
Result<SlhDsaKeyPair> slh_keygen_internal(SlhDsaParams params, ByteView sk_seed, ByteView sk_prf, ByteView pk_seed);

// Algorithm 19 over M' (= `msg` as is). `addrnd` is n random bytes, or empty
// for the deterministic variant (opt_rand = PK.seed).
Result<Bytes> slh_sign_internal(SlhDsaParams params, ByteView sk, ByteView msg, ByteView addrnd);

// Algorithm 20.
Status slh_verify_internal(SlhDsaParams params, ByteView pk, ByteView msg, ByteView sig);

// ---- pure SLH-DSA (Algorithms 22 and 24): M' = 0 || |ctx| || ctx || M ----

Result<Bytes> slh_sign(SlhDsaParams params, ByteView sk, ByteView msg, ByteView ctx, ByteView addrnd);
Status slh_verify(SlhDsaParams params, ByteView pk, ByteView msg, ByteView ctx, ByteView sig);

// ---- HashSLH-DSA (Algorithms 23 and 25): M' = 1 || |ctx| || ctx || OID || PH(M) ----

// The pre-hash functions: those FIPS 205 section 10.2.2 names (SHA-256,
// SHA-512, SHAKE128 with 256-bit and SHAKE256 with 512-bit output) and the
// other approved hashes PKCS#11 3.2's CKM_HASH_SLH_DSA_* mechanisms use.
enum class SlhPreHash {
  kSha224, kSha256, kSha384, kSha512, kSha512_224, kSha512_256,
  kSha3_224, kSha3_256, kSha3_384, kSha3_512, kShake128, kShake256,
};

std::size_t slh_prehash_digest_bytes(SlhPreHash ph);
// The DER encoding of the hash's OID (06 09 60 86 48 01 65 03 04 02 xx).
ByteView slh_prehash_oid(SlhPreHash ph);
// PH(M) computed with the pqc layer's own hashes.
Bytes slh_prehash_compute(SlhPreHash ph, ByteView msg);

// `digest` = PH(M), of slh_prehash_digest_bytes(ph) bytes.
Result<Bytes> slh_sign_prehash(SlhDsaParams params, ByteView sk, ByteView digest, SlhPreHash ph, ByteView ctx,
                               ByteView addrnd);
Status slh_verify_prehash(SlhDsaParams params, ByteView pk, ByteView digest, SlhPreHash ph, ByteView ctx,
                          ByteView sig);

}  // namespace craton::pqc
