// Every mechanism family's registration function. Adding a family means one
// file with its register function and one line here and in families.cc.
#pragma once

namespace craton::mech {

class Registry;

void register_digest(Registry& r);          // digest.cc: SHA-1/2/3
void register_hmac(Registry& r);            // hmac.cc: HMAC + generic secret keygen
void register_aes(Registry& r);             // aes*.cc: AES modes, keygen, CMAC, KW/KWP, message AEAD
void register_rsa(Registry& r);             // rsa*.cc
void register_ec(Registry& r);              // ec*.cc: ECDSA, ECDH, EC keygen
void register_edwards(Registry& r);         // edwards*.cc: EdDSA, X25519/X448
void register_kdf(Registry& r);             // kdf*.cc: HKDF, PBKDF2, SP 800-108
void register_pqc_kem(Registry& r);         // ml_kem*.cc, xwing*.cc: ML-KEM, vendor X-Wing
void register_pqc_ml_dsa(Registry& r);      // ml_dsa*.cc: ML-DSA, HashML-DSA
void register_pqc_slh_dsa(Registry& r);     // slh_dsa*.cc: SLH-DSA, HashSLH-DSA

// digest.cc: forgets every digest state saved by C_GetOperationState. At
// C_Finalize: a state belongs to the library context (and backend) it was
// made in, which the next C_Initialize replaces.
void forget_saved_digest_states();

}  // namespace craton::mech
