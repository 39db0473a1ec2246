// The cryptographic steps of a stress worker: ECDSA with the shared token
// key, and an AES-GCM round trip with a key of the worker's session.
#include <cstring>

#include "stress_worker.h"

namespace craton::stress {

// Sign with the shared private key (private: invisible after another
// thread's logout), verify with the public one, and make sure a changed
// message is refused.
Worker::Outcome Worker::sign_verify() {
  Bytes msg = random_data(1, 200);
  CK_MECHANISM m{CKM_ECDSA_SHA256, nullptr, 0};
  const CallRules on_private{.login_sensitive = true, .session_object = false};
  Outcome o = check("C_SignInit", f()->C_SignInit(session_, &m, sh_.ec_priv), CKR_OK, on_private);
  if (o != Outcome::kOk) return o;
  CK_ULONG len = 0;
  o = check("C_Sign(length)", f()->C_Sign(session_, msg.data(), msg.size(), nullptr, &len), CKR_OK, on_private);
  if (o != Outcome::kOk) return o;
  if (len != 64) sh_.fail("worker " + std::to_string(id_) + ": ECDSA P-256 signature length " + std::to_string(len));
  Bytes sig(64);
  len = sig.size();
  o = check("C_Sign", f()->C_Sign(session_, msg.data(), msg.size(), sig.data(), &len), CKR_OK, on_private);
  if (o != Outcome::kOk) return o;
  o = check("C_VerifyInit", f()->C_VerifyInit(session_, &m, sh_.ec_pub), CKR_OK, {});
  if (o != Outcome::kOk) return o;
  // Multi-part, so that the operation state lives across calls.
  const std::size_t cut = rng_() % (msg.size() + 1);
  o = check("C_VerifyUpdate", f()->C_VerifyUpdate(session_, msg.data(), cut), CKR_OK, {});
  if (o != Outcome::kOk) return o;
  o = check("C_VerifyUpdate", f()->C_VerifyUpdate(session_, msg.data() + cut, msg.size() - cut), CKR_OK, {});
  if (o != Outcome::kOk) return o;
  o = check("C_VerifyFinal", f()->C_VerifyFinal(session_, sig.data(), len), CKR_OK, {});
  if (o != Outcome::kOk) return o;
  msg[rng_() % msg.size()] ^= 0x01;
  o = check("C_VerifyInit", f()->C_VerifyInit(session_, &m, sh_.ec_pub), CKR_OK, {});
  if (o != Outcome::kOk) return o;
  return check("C_Verify(changed message)", f()->C_Verify(session_, msg.data(), msg.size(), sig.data(), len),
               CKR_SIGNATURE_INVALID, {});
}

// A private AES session key per session; encrypt, decrypt, compare, and make
// sure a changed ciphertext fails authentication.
Worker::Outcome Worker::aes_gcm_round_trip() {
  const CallRules on_key{.login_sensitive = true, .session_object = true};
  if (aes_key_ == CK_INVALID_HANDLE) {
    CK_MECHANISM gen{CKM_AES_KEY_GEN, nullptr, 0};
    CK_ULONG key_len = 32;
    CK_BBOOL yes = CK_TRUE, no = CK_FALSE;
    CK_ATTRIBUTE t[] = {{CKA_VALUE_LEN, &key_len, sizeof key_len}, {CKA_TOKEN, &no, 1}, {CKA_PRIVATE, &yes, 1},
                        {CKA_ENCRYPT, &yes, 1}, {CKA_DECRYPT, &yes, 1}};
    CK_OBJECT_HANDLE h = CK_INVALID_HANDLE;
    // A private object needs the user logged in (CKR_USER_NOT_LOGGED_IN otherwise).
    Outcome o = check("C_GenerateKey(AES)", f()->C_GenerateKey(session_, &gen, t, 5, &h), CKR_OK, on_key);
    if (o != Outcome::kOk) return o;
    aes_key_ = h;
  }
  Bytes pt = random_data(0, 300), iv = random_data(12, 12), aad = random_data(0, 32);
  CK_GCM_PARAMS p{iv.data(), iv.size(), 96, aad.empty() ? nullptr : aad.data(), aad.size(), 128};
  CK_MECHANISM m{CKM_AES_GCM, &p, sizeof p};
  Outcome o = check("C_EncryptInit(GCM)", f()->C_EncryptInit(session_, &m, aes_key_), CKR_OK, on_key);
  if (o != Outcome::kOk) return o;
  Bytes ct(pt.size() + 16);
  CK_ULONG ct_len = ct.size();
  o = check("C_Encrypt(GCM)", f()->C_Encrypt(session_, pt.data(), pt.size(), ct.data(), &ct_len), CKR_OK, on_key);
  if (o != Outcome::kOk) return o;
  if (ct_len != pt.size() + 16) sh_.fail("worker " + std::to_string(id_) + ": GCM ciphertext length");
  o = check("C_DecryptInit(GCM)", f()->C_DecryptInit(session_, &m, aes_key_), CKR_OK, on_key);
  if (o != Outcome::kOk) return o;
  Bytes back(ct_len);
  CK_ULONG back_len = back.size();
  o = check("C_Decrypt(GCM)", f()->C_Decrypt(session_, ct.data(), ct_len, back.data(), &back_len), CKR_OK, on_key);
  if (o != Outcome::kOk) return o;
  back.resize(back_len);
  if (back != pt) sh_.fail("worker " + std::to_string(id_) + ": AES-GCM round trip changed the data");
  ct[rng_() % ct_len] ^= 0x80;
  o = check("C_DecryptInit(GCM)", f()->C_DecryptInit(session_, &m, aes_key_), CKR_OK, on_key);
  if (o != Outcome::kOk) return o;
  back.assign(ct_len, 0);
  back_len = back.size();
  return check("C_Decrypt(GCM, changed)", f()->C_Decrypt(session_, ct.data(), ct_len, back.data(), &back_len),
               CKR_ENCRYPTED_DATA_INVALID, on_key);
}

}  // namespace craton::stress
