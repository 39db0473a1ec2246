// Sessions reuse their last finished AES-GCM and digest operation
// (sessions::ActiveOp spare): whatever ran before in the session, with
// whatever parameters, key, outcome or cancellation, the next operation must
// give exactly what a fresh session gives.
#include <thread>

#include "key_helpers.h"

namespace craton::test {
namespace {

struct GcmCase {
  Bytes iv;
  Bytes aad;
  CK_ULONG tag_bits;
  Bytes data;
};

class OperationReuseTest : public ModuleTest {
 protected:
  Bytes gcm_encrypt(CK_SESSION_HANDLE s, CK_OBJECT_HANDLE key, const GcmCase& c) {
    CK_GCM_PARAMS p{const_cast<CK_BYTE*>(c.iv.data()), c.iv.size(), c.iv.size() * 8,
                    const_cast<CK_BYTE*>(c.aad.data()), c.aad.size(), c.tag_bits};
    CK_MECHANISM m{CKM_AES_GCM, &p, sizeof p};
    EXPECT_OK(f()->C_EncryptInit(s, &m, key));
    Bytes out(c.data.size() + 16);
    CK_ULONG len = out.size();
    EXPECT_OK(f()->C_Encrypt(s, const_cast<CK_BYTE*>(c.data.data()), c.data.size(), out.data(), &len));
    out.resize(len);
    return out;
  }
  CK_RV gcm_decrypt(CK_SESSION_HANDLE s, CK_OBJECT_HANDLE key, const GcmCase& c, const Bytes& ct, Bytes* plain) {
    CK_GCM_PARAMS p{const_cast<CK_BYTE*>(c.iv.data()), c.iv.size(), c.iv.size() * 8,
                    const_cast<CK_BYTE*>(c.aad.data()), c.aad.size(), c.tag_bits};
    CK_MECHANISM m{CKM_AES_GCM, &p, sizeof p};
    EXPECT_OK(f()->C_DecryptInit(s, &m, key));
    plain->assign(ct.size(), 0);
    CK_ULONG len = plain->size();
    const CK_RV rv = f()->C_Decrypt(s, const_cast<CK_BYTE*>(ct.data()), ct.size(), plain->data(), &len);
    plain->resize(rv == CKR_OK ? len : 0);
    return rv;
  }
  // The same encryption in a session that has never run an operation.
  Bytes fresh_encrypt(CK_OBJECT_HANDLE key, const GcmCase& c) {
    CK_SESSION_HANDLE s = open_session();
    Bytes out = gcm_encrypt(s, key, c);
    EXPECT_OK(f()->C_CloseSession(s));
    return out;
  }
  Bytes sha(CK_SESSION_HANDLE s, CK_MECHANISM_TYPE type, const std::string& text) {
    CK_MECHANISM m{type, nullptr, 0};
    EXPECT_OK(f()->C_DigestInit(s, &m));
    Bytes out(64);
    CK_ULONG len = out.size();
    EXPECT_OK(f()->C_Digest(s, reinterpret_cast<CK_BYTE*>(const_cast<char*>(text.data())), text.size(), out.data(),
                            &len));
    out.resize(len);
    return out;
  }
  std::vector<GcmCase> cases() {
    return {
        {Bytes(12, 0x01), {}, 128, Bytes(64, 0xaa)},
        {Bytes(12, 0x02), Bytes(20, 0x33), 96, Bytes(64, 0xaa)},  // other IV, AAD and tag length
        {Bytes(16, 0x03), {}, 128, Bytes(4096, 0x55)},             // other IV length
        {Bytes(1, 0x04), Bytes(3, 0x44), 32, {}},                   // empty message, 1-byte IV
        {Bytes(12, 0x01), {}, 128, Bytes(64, 0xaa)},               // the first case again
    };
  }
};

TEST_F(OperationReuseTest, GcmEncryptionsInOneSessionMatchFreshSessions) {
  CK_SESSION_HANDLE s = ready_user_session();
  const CK_OBJECT_HANDLE a = generate_aes_key(s);
  const CK_OBJECT_HANDLE b = generate_aes_key(s);
  for (const GcmCase& c : cases()) {
    const Bytes expect_a = fresh_encrypt(a, c);
    const Bytes expect_b = fresh_encrypt(b, c);
    EXPECT_NE(expect_a, expect_b);
    EXPECT_EQ(gcm_encrypt(s, a, c), expect_a);
    EXPECT_EQ(gcm_encrypt(s, a, c), expect_a);  // the spare of the line above
    EXPECT_EQ(gcm_encrypt(s, b, c), expect_b);  // another key: never the spare of `a`
    EXPECT_EQ(gcm_encrypt(s, a, c), expect_a);
  }
}

TEST_F(OperationReuseTest, GcmAfterCancelledFailedOrChangedOperations) {
  CK_SESSION_HANDLE s = ready_user_session();
  const CK_OBJECT_HANDLE key = generate_aes_key(s);
  const GcmCase c = cases()[1];
  const Bytes expect = fresh_encrypt(key, c);

  // Cancelled after part of a multi-part encryption.
  Bytes iv9(12, 0x09);
  CK_GCM_PARAMS p{iv9.data(), 12, 96, nullptr, 0, 128};
  CK_MECHANISM m{CKM_AES_GCM, &p, sizeof p};
  ASSERT_OK(f()->C_EncryptInit(s, &m, key));
  Bytes part(32, 0x77), out(64);
  CK_ULONG len = out.size();
  ASSERT_OK(f()->C_EncryptUpdate(s, part.data(), part.size(), out.data(), &len));
  ASSERT_OK(f()->C_EncryptInit(s, nullptr, key));
  EXPECT_EQ(gcm_encrypt(s, key, c), expect);

  // A decryption whose tag fails, then one that succeeds.
  Bytes plain;
  Bytes bad = expect;
  bad.back() ^= 1;
  EXPECT_RV(CKR_ENCRYPTED_DATA_INVALID, gcm_decrypt(s, key, c, bad, &plain));
  EXPECT_RV(CKR_OK, gcm_decrypt(s, key, c, expect, &plain));
  EXPECT_EQ(plain, c.data);
  EXPECT_RV(CKR_ENCRYPTED_DATA_INVALID, gcm_decrypt(s, key, c, bad, &plain));

  // Bad parameters on a session with a spare: the precise error, then fine.
  CK_GCM_PARAMS no_iv{nullptr, 0, 0, nullptr, 0, 128};
  CK_MECHANISM bad_mech{CKM_AES_GCM, &no_iv, sizeof no_iv};
  EXPECT_RV(CKR_MECHANISM_PARAM_INVALID, f()->C_EncryptInit(s, &bad_mech, key));
  EXPECT_EQ(gcm_encrypt(s, key, c), expect);

  // A changed attribute gives the key a new snapshot: still the same result.
  std::string label = "renamed";
  CK_ATTRIBUTE t[] = {attr(CKA_LABEL, label.data(), label.size())};
  ASSERT_OK(f()->C_SetAttributeValue(s, key, t, 1));
  EXPECT_EQ(gcm_encrypt(s, key, c), expect);
  // A key no longer allowed to encrypt is refused even with a spare kept.
  CK_BBOOL no = CK_FALSE;
  CK_ATTRIBUTE deny[] = {attr(CKA_ENCRYPT, &no, 1)};
  ASSERT_OK(f()->C_SetAttributeValue(s, key, deny, 1));
  Bytes iv1(12, 1);
  CK_GCM_PARAMS ok_params{iv1.data(), 12, 96, nullptr, 0, 128};
  CK_MECHANISM ok_mech{CKM_AES_GCM, &ok_params, sizeof ok_params};
  EXPECT_RV(CKR_KEY_FUNCTION_NOT_PERMITTED, f()->C_EncryptInit(s, &ok_mech, key));
}

TEST_F(OperationReuseTest, DigestsInOneSessionStayExact) {
  CK_SESSION_HANDLE s = open_session();
  const Bytes abc256 = from_hex("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  const Bytes abc384 = from_hex(
      "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7");
  EXPECT_EQ(sha(s, CKM_SHA256, "abc"), abc256);
  EXPECT_EQ(sha(s, CKM_SHA256, "abc"), abc256);
  EXPECT_EQ(sha(s, CKM_SHA384, "abc"), abc384);
  EXPECT_EQ(sha(s, CKM_SHA256, "abc"), abc256);

  // Cancelled after an update: the next digest starts from nothing.
  CK_MECHANISM m{CKM_SHA256, nullptr, 0};
  ASSERT_OK(f()->C_DigestInit(s, &m));
  CK_BYTE junk[5] = {1, 2, 3, 4, 5};
  ASSERT_OK(f()->C_DigestUpdate(s, junk, sizeof junk));
  ASSERT_OK(f()->C_DigestInit(s, nullptr));
  EXPECT_EQ(sha(s, CKM_SHA256, "abc"), abc256);

  // Ended by a failure (output buffer too small keeps it; a bad argument ends it).
  ASSERT_OK(f()->C_DigestInit(s, &m));
  ASSERT_OK(f()->C_DigestUpdate(s, junk, sizeof junk));
  EXPECT_RV(CKR_ARGUMENTS_BAD, f()->C_DigestUpdate(s, nullptr, 3));
  EXPECT_EQ(sha(s, CKM_SHA256, "abc"), abc256);

  // A parameter where none belongs: refused precisely, then fine again.
  CK_BYTE param = 0;
  CK_MECHANISM with_param{CKM_SHA256, &param, 1};
  EXPECT_RV(CKR_MECHANISM_PARAM_INVALID, f()->C_DigestInit(s, &with_param));
  EXPECT_EQ(sha(s, CKM_SHA256, "abc"), abc256);
}

TEST_F(OperationReuseTest, AfterLogoutThePrivateKeyIsNotUsableThroughASpare) {
  CK_SESSION_HANDLE s = ready_user_session();
  CK_OBJECT_CLASS cls = CKO_SECRET_KEY;
  CK_KEY_TYPE kt = CKK_AES;
  CK_ULONG len = 32;
  CK_BBOOL yes = CK_TRUE;
  CK_ATTRIBUTE t[] = {attr(CKA_CLASS, &cls, sizeof cls), attr(CKA_KEY_TYPE, &kt, sizeof kt),
                      attr(CKA_VALUE_LEN, &len, sizeof len), attr(CKA_PRIVATE, &yes, 1), attr(CKA_ENCRYPT, &yes, 1)};
  CK_MECHANISM gen{CKM_AES_KEY_GEN, nullptr, 0};
  CK_OBJECT_HANDLE key = 0;
  ASSERT_OK(f()->C_GenerateKey(s, &gen, t, 5, &key));
  const GcmCase c = cases()[0];
  (void)gcm_encrypt(s, key, c);  // leaves a spare made for `key`
  ASSERT_OK(f()->C_Logout(s));
  CK_GCM_PARAMS p{const_cast<CK_BYTE*>(c.iv.data()), 12, 96, nullptr, 0, 128};
  CK_MECHANISM m{CKM_AES_GCM, &p, sizeof p};
  EXPECT_RV(CKR_KEY_HANDLE_INVALID, f()->C_EncryptInit(s, &m, key));
}

// Each thread caches its last session lookup (module::Module::session):
// a session closed by another thread must be gone for this one at once,
// and a cached session must not keep the closed session's operations.
TEST_F(OperationReuseTest, ASessionClosedByAnotherThreadIsInvalidHereAtOnce) {
  CK_SESSION_HANDLE s = open_session();
  const Bytes abc256 = from_hex("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha(s, CKM_SHA256, "abc"), abc256);  // this thread now caches `s`
  CK_MECHANISM m{CKM_SHA256, nullptr, 0};
  ASSERT_OK(f()->C_DigestInit(s, &m));
  std::thread([&] { EXPECT_OK(f()->C_CloseSession(s)); }).join();
  CK_BYTE data[3] = {'a', 'b', 'c'};
  EXPECT_RV(CKR_SESSION_HANDLE_INVALID, f()->C_DigestUpdate(s, data, 3));
  EXPECT_RV(CKR_SESSION_HANDLE_INVALID, f()->C_DigestInit(s, &m));
  CK_SESSION_INFO info{};
  EXPECT_RV(CKR_SESSION_HANDLE_INVALID, f()->C_GetSessionInfo(s, &info));
  // A new session (the table changed again) works from this thread.
  CK_SESSION_HANDLE s2 = open_session();
  EXPECT_EQ(sha(s2, CKM_SHA256, "abc"), abc256);
}

}  // namespace
}  // namespace craton::test
