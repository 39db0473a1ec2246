// The cryptographic steps of a stress worker: ECDSA with the shared token
// key, and an AES-GCM round trip with a key of the worker's session.
#include <cstring>

#include "stress_worker.h"

namespace craton::stress {

// Sign with the shared private key (private: invisible after another
// thread's logout), verify with the public one, and make sure a changed
// message is refused.
// Finds the shared private key again (by its CKA_ID) if a logout may have
// invalidated our handle to it.
Worker::Outcome Worker::refresh_private_key() {
  // finished before started: equal means no logout was under way when
  // `epoch` was read (one that starts later changes `started`).
  const std::uint64_t finished = sh_.logouts.finished.load();
  const std::uint64_t epoch = sh_.logouts.started.load();
  if (epoch != finished) {
    count("logout under way: shared key lookup skipped");
    ec_priv_ = CK_INVALID_HANDLE;
    return Outcome::kSkip;
  }
  if (ec_priv_ != CK_INVALID_HANDLE && epoch == ec_priv_epoch_) return Outcome::kOk;
  CK_OBJECT_CLASS cls = CKO_PRIVATE_KEY;
  CK_ATTRIBUTE t[] = {{CKA_CLASS, &cls, sizeof cls}, {CKA_ID, sh_.ec_id.data(), sh_.ec_id.size()}};
  Outcome o = check("C_FindObjectsInit(shared key)", f()->C_FindObjectsInit(session_, t, 2), CKR_OK, {});
  if (o != Outcome::kOk) return o;
  CK_OBJECT_HANDLE found[2];
  CK_ULONG n = 0;
  o = check("C_FindObjects(shared key)", f()->C_FindObjects(session_, found, 2, &n), CKR_OK, {});
  const Outcome fin = check("C_FindObjectsFinal", f()->C_FindObjectsFinal(session_), CKR_OK, {});
  if (o != Outcome::kOk) return o;
  if (fin != Outcome::kOk) return fin;
  if (sh_.logouts.started.load() != epoch) {  // the handle found may already be stale
    count("logout under way: shared key lookup skipped");
    ec_priv_ = CK_INVALID_HANDLE;
    return Outcome::kSkip;
  }
  if (n == 1) {
    ec_priv_ = found[0];
    ec_priv_epoch_ = epoch;
    return Outcome::kOk;
  }
  // Invisible: only right if another thread logged out meanwhile.
  return check("find the shared private key", n == 0 ? CKR_USER_NOT_LOGGED_IN : CKR_GENERAL_ERROR, CKR_OK,
               {.login_sensitive = true, .session_object = false});
}

Worker::Outcome Worker::sign_verify() {
  Bytes msg = random_data(1, 200);
  CK_MECHANISM m{CKM_ECDSA_SHA256, nullptr, 0};
  const CallRules on_private{.login_sensitive = true, .session_object = false};
  Outcome o = refresh_private_key();
  if (o != Outcome::kOk) return o;
  o = check("C_SignInit", f()->C_SignInit(session_, &m, ec_priv_), CKR_OK, on_private);
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
  // A private session key dies with any logout (PKCS#11 C_Logout).
  const std::uint64_t epoch = sh_.logouts.started.load();
  if (aes_key_ == CK_INVALID_HANDLE || epoch != aes_key_epoch_) {
    aes_key_ = CK_INVALID_HANDLE;
    aes_key_epoch_ = epoch;
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
