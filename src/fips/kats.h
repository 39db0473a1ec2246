// The known-answer tests of the power-on self-tests, one function per
// approved algorithm, grouped in one file per family (kat_<family>.cc).
// self_tests.cc lists them in the order they run.
#pragma once

#include "fips/kat.h"

namespace craton::fips {

// kat_hash.cc
Status kat_sha1(KatContext& ctx);
Status kat_sha224(KatContext& ctx);
Status kat_sha256(KatContext& ctx);
Status kat_sha384(KatContext& ctx);
Status kat_sha512(KatContext& ctx);
Status kat_sha512_224(KatContext& ctx);
Status kat_sha512_256(KatContext& ctx);
Status kat_sha3_224(KatContext& ctx);
Status kat_sha3_256(KatContext& ctx);
Status kat_sha3_384(KatContext& ctx);
Status kat_sha3_512(KatContext& ctx);

// kat_mac.cc
Status kat_hmac_sha256(KatContext& ctx);
Status kat_hmac_sha512(KatContext& ctx);
Status kat_aes_cmac(KatContext& ctx);

// kat_cipher.cc
Status kat_aes_ecb(KatContext& ctx);
Status kat_aes_cbc(KatContext& ctx);
Status kat_aes_ctr(KatContext& ctx);
Status kat_aes_gcm(KatContext& ctx);
Status kat_aes_ccm(KatContext& ctx);
Status kat_aes_kw(KatContext& ctx);
Status kat_aes_kwp(KatContext& ctx);

// kat_rsa.cc
Status kat_rsa_pkcs1_sign(KatContext& ctx);
Status kat_rsa_pkcs1_verify(KatContext& ctx);
Status kat_rsa_oaep_decrypt(KatContext& ctx);
// Drops the RSA key the RSA tests share; the runner calls it after each run.
void release_rsa_kat_key();

// kat_ec.cc
Status kat_ecdsa_p256_verify(KatContext& ctx);
Status kat_ecdsa_p256_sign(KatContext& ctx);
Status kat_ecdh_p256(KatContext& ctx);

// kat_eddsa.cc
Status kat_ed25519_sign(KatContext& ctx);
Status kat_ed25519_verify(KatContext& ctx);

// kat_kdf.cc
Status kat_hkdf_sha256(KatContext& ctx);
Status kat_pbkdf2_sha256(KatContext& ctx);
Status kat_sp800_108_counter(KatContext& ctx);

// kat_drbg.cc
Status kat_hmac_drbg(KatContext& ctx);

// kat_pqc.cc: not approved algorithms of this module, tested all the same.
Status kat_ml_kem_768_keygen(KatContext& ctx);
Status kat_ml_kem_768_encaps(KatContext& ctx);
Status kat_ml_kem_768_decaps(KatContext& ctx);
Status kat_ml_dsa_44_keygen(KatContext& ctx);
Status kat_ml_dsa_44_sign_verify(KatContext& ctx);
Status kat_slh_dsa_sha2_128f_keygen(KatContext& ctx);
Status kat_slh_dsa_shake_128f_sign_verify(KatContext& ctx);

}  // namespace craton::fips
