// Fourth part of the negative-argument sweep (issue #2): length arguments.
//  - every output buffer one byte long -> CKR_BUFFER_TOO_SMALL with the
//    needed length written back, and the operation left intact (a retry
//    with that length succeeds);
//  - data/signature/wrapped-key lengths out of range;
//  - template contents (unknown, read-only, missing, inconsistent attributes)
//    and key handles not covered by arguments_handles_test.cc.
#include "arguments_env.h"

namespace craton::test {
namespace {

class LengthsTest : public ArgumentsFixture {};

// State the setups share (rows are stateless lambdas).
struct Shared {
  CK_BYTE iv16[16] = {};
  CK_MECHANISM cbc_pad{CKM_AES_CBC_PAD, iv16, sizeof iv16};
  Bytes cbc_ct;  // CBC-PAD encryption of 10 bytes (one block)
  Bytes gcm_ct;  // C_EncryptMessage of e.in[0..16) with AAD e.in[0..4)
  CK_GCM_MESSAGE_PARAMS gcm_dec{};
  CK_BYTE scratch[512] = {};
};
Shared g;

using namespace starts;  // NOLINT: the short names keep the case tables readable
CK_RV enc_cbc_part(Env& e) {
  CK_RV rv = e.f->C_EncryptInit(e.s, &g.cbc_pad, e.aes);
  CK_ULONG n = sizeof g.scratch;
  return rv != CKR_OK ? rv : e.f->C_EncryptUpdate(e.s, e.in, 10, g.scratch, &n);
}
CK_RV dec_cbc_part(Env& e) {
  CK_ULONG n = sizeof g.scratch;
  CK_RV rv = e.f->C_EncryptInit(e.s, &g.cbc_pad, e.aes);
  if (rv == CKR_OK) rv = e.f->C_Encrypt(e.s, e.in, 10, g.scratch, &n);
  if (rv != CKR_OK) return rv;
  g.cbc_ct.assign(g.scratch, g.scratch + n);
  rv = e.f->C_DecryptInit(e.s, &g.cbc_pad, e.aes);
  n = sizeof g.scratch;
  return rv != CKR_OK ? rv : e.f->C_DecryptUpdate(e.s, g.cbc_ct.data(), g.cbc_ct.size(), g.scratch, &n);
}
CK_RV dig_part(Env& e) {
  CK_RV rv = dig(e);
  return rv != CKR_OK ? rv : e.f->C_DigestUpdate(e.s, e.in, 5);
}
CK_RV vrr_signed(Env& e) {
  CK_ULONG n = sizeof e.sig;
  CK_RV rv = sgr(e);
  if (rv == CKR_OK) rv = e.f->C_SignRecover(e.s, e.in, 16, e.sig, &n);
  return rv != CKR_OK ? rv : e.f->C_VerifyRecoverInit(e.s, &e.rsa_pkcs, e.rsa_pub);
}
CK_RV menc_begin(Env& e) {
  CK_RV rv = menc(e);
  return rv != CKR_OK ? rv : e.f->C_EncryptMessageBegin(e.s, &e.gcm_msg, sizeof e.gcm_msg, e.in, 4);
}
// Encrypts one message (IV and tag land in e.iv / e.tag), then opens a
// message-decryption operation for it.
CK_RV mdec_ready(Env& e) {
  CK_ULONG n = sizeof g.scratch;
  CK_RV rv = menc(e);
  if (rv == CKR_OK) rv = e.f->C_EncryptMessage(e.s, &e.gcm_msg, sizeof e.gcm_msg, e.in, 4, e.in, 16, g.scratch, &n);
  if (rv == CKR_OK) rv = e.f->C_MessageEncryptFinal(e.s);
  if (rv != CKR_OK) return rv;
  g.gcm_ct.assign(g.scratch, g.scratch + n);
  g.gcm_dec = CK_GCM_MESSAGE_PARAMS{e.iv, sizeof e.iv, 0, CKG_NO_GENERATE, e.tag, 128};
  return e.f->C_MessageDecryptInit(e.s, &e.gcm, e.aes);
}
CK_RV mdec_begin(Env& e) {
  CK_RV rv = mdec_ready(e);
  return rv != CKR_OK ? rv : e.f->C_DecryptMessageBegin(e.s, &g.gcm_dec, sizeof g.gcm_dec, e.in, 4);
}

struct BufCase {
  std::string name;
  CK_RV (*setup)(Env&);
  std::function<CK_RV(Env&, CK_BYTE_PTR, CK_ULONG_PTR)> call;
};

#define BC(name, setup, ...) \
  BufCase{name, setup, [](Env& e, CK_BYTE_PTR out, CK_ULONG_PTR len) -> CK_RV { __VA_ARGS__ }}

std::vector<BufCase> buffer_cases() {
  return {
      BC("C_Encrypt", enc, return e.f->C_Encrypt(e.s, e.in, 16, out, len);),
      BC("C_EncryptUpdate", enc, return e.f->C_EncryptUpdate(e.s, e.in, 16, out, len);),
      BC("C_EncryptFinal", enc_cbc_part, return e.f->C_EncryptFinal(e.s, out, len);),
      BC("C_Decrypt", dec, return e.f->C_Decrypt(e.s, e.in, 16, out, len);),
      BC("C_DecryptUpdate", dec, return e.f->C_DecryptUpdate(e.s, e.in, 16, out, len);),
      BC("C_DecryptFinal", dec_cbc_part, return e.f->C_DecryptFinal(e.s, out, len);),
      BC("C_Digest", dig, return e.f->C_Digest(e.s, e.in, 16, out, len);),
      BC("C_DigestFinal", dig_part, return e.f->C_DigestFinal(e.s, out, len);),
      BC("C_Sign", sgn, return e.f->C_Sign(e.s, e.in, 16, out, len);),
      BC("C_SignFinal", sgn, return e.f->C_SignFinal(e.s, out, len);),
      BC("C_SignRecover", sgr, return e.f->C_SignRecover(e.s, e.in, 16, out, len);),
      BC("C_VerifyRecover", vrr_signed, return e.f->C_VerifyRecover(e.s, e.sig, 256, out, len);),
      BC("C_DigestEncryptUpdate", (both<dig, enc>), return e.f->C_DigestEncryptUpdate(e.s, e.in, 16, out, len);),
      BC("C_DecryptDigestUpdate", (both<dig, dec>), return e.f->C_DecryptDigestUpdate(e.s, e.in, 16, out, len);),
      BC("C_SignEncryptUpdate", (both<sgn, enc>), return e.f->C_SignEncryptUpdate(e.s, e.in, 16, out, len);),
      BC("C_DecryptVerifyUpdate", (both<ver, dec>), return e.f->C_DecryptVerifyUpdate(e.s, e.in, 16, out, len);),
      BC("C_WrapKey", none, return e.f->C_WrapKey(e.s, &e.kw, e.aes, e.generic, out, len);),
      BC("C_GetOperationState", dig_part, return e.f->C_GetOperationState(e.s, out, len);),
      BC("C_EncryptMessage", menc,
         return e.f->C_EncryptMessage(e.s, &e.gcm_msg, sizeof e.gcm_msg, e.in, 4, e.in, 16, out, len);),
      BC("C_EncryptMessageNext", menc_begin,
         return e.f->C_EncryptMessageNext(e.s, &e.gcm_msg, sizeof e.gcm_msg, e.in, 16, out, len, CKF_END_OF_MESSAGE);),
      BC("C_DecryptMessage", mdec_ready,
         return e.f->C_DecryptMessage(e.s, &g.gcm_dec, sizeof g.gcm_dec, e.in, 4, g.gcm_ct.data(), g.gcm_ct.size(),
                                      out, len);),
      BC("C_DecryptMessageNext", mdec_begin,
         return e.f->C_DecryptMessageNext(e.s, &g.gcm_dec, sizeof g.gcm_dec, g.gcm_ct.data(), g.gcm_ct.size(), out,
                                          len, CKF_END_OF_MESSAGE);),
  };
}

TEST_F(LengthsTest, EveryOutputBufferTooSmall) {
  Env& e = env();
  int n = 0;
  for (const auto& c : buffer_cases()) {
    ++n;
    e.cancel_all();
    const CK_RV pre = c.setup(e);
    EXPECT_OK(pre) << "setup for " << c.name << ": " << rv_name(pre);
    if (pre != CKR_OK) continue;
    CK_ULONG len = 1;
    expect_rv(c.name + "(1-byte buffer)", CKR_BUFFER_TOO_SMALL, c.call(e, e.out, &len));
    EXPECT_GT(len, 1u) << c.name << ": needed length not written back";
    EXPECT_LE(len, sizeof e.out) << c.name;
    if (len <= 1 || len > sizeof e.out) continue;
    // The operation survived: the same call with the length it asked for works.
    CK_ULONG need = len;
    expect_rv(c.name + "(retry with the length written back)", CKR_OK, c.call(e, e.out, &len));
    EXPECT_LE(len, need) << c.name;
  }
  e.cancel_all();
  EXPECT_EQ(n, 22);
}

// PKCS#11 3.x C_GetAttributeValue: a too-small buffer or an unknown type
// sets ulValueLen to CK_UNAVAILABLE_INFORMATION; the other entries are filled.
TEST_F(LengthsTest, GetAttributeValueLengths) {
  Env& e = env();
  CK_BYTE small[2];
  CK_OBJECT_CLASS cls = 0;
  CK_ATTRIBUTE t[] = {{CKA_VALUE, small, sizeof small}, {CKA_CLASS, &cls, sizeof cls}, {0x7ffffff1, small, 2}};
  // Both errors apply; the spec lets the module return either.
  const CK_RV rv = f()->C_GetAttributeValue(e.s, e.aes, t, 3);
  EXPECT_TRUE(rv == CKR_BUFFER_TOO_SMALL || rv == CKR_ATTRIBUTE_TYPE_INVALID) << rv_name(rv);
  EXPECT_EQ(t[0].ulValueLen, CK_UNAVAILABLE_INFORMATION);
  EXPECT_EQ(t[1].ulValueLen, sizeof cls);
  EXPECT_EQ(cls, static_cast<CK_OBJECT_CLASS>(CKO_SECRET_KEY));
  EXPECT_EQ(t[2].ulValueLen, CK_UNAVAILABLE_INFORMATION);
  CK_ATTRIBUTE only_small{CKA_VALUE, small, sizeof small};
  expect_rv("C_GetAttributeValue(small buffer)", CKR_BUFFER_TOO_SMALL, f()->C_GetAttributeValue(e.s, e.aes, &only_small, 1));
  EXPECT_EQ(only_small.ulValueLen, CK_UNAVAILABLE_INFORMATION);
  // NULL pValue: a length query, never an error.
  CK_ATTRIBUTE query{CKA_VALUE, nullptr, 0};
  expect_rv("C_GetAttributeValue(pValue NULL)", CKR_OK, f()->C_GetAttributeValue(e.s, e.aes, &query, 1));
  EXPECT_EQ(query.ulValueLen, 16u);
}

TEST_F(LengthsTest, DataAndSignatureLengthsOutOfRange) {
  Env& e = env();
  auto fresh = [&](CK_RV (*setup)(Env&)) {
    e.cancel_all();
    e.out_len = sizeof e.out;
    ASSERT_OK(setup(e));
  };
  fresh(enc);
  expect_rv("C_Encrypt(ECB, ulDataLen 15)", CKR_DATA_LEN_RANGE, f()->C_Encrypt(e.s, e.in, 15, e.out, &e.out_len));
  fresh(enc);
  ASSERT_OK(f()->C_EncryptUpdate(e.s, e.in, 15, e.out, &e.out_len));
  e.out_len = sizeof e.out;
  expect_rv("C_EncryptFinal(ECB, 15 bytes pending)", CKR_DATA_LEN_RANGE, f()->C_EncryptFinal(e.s, e.out, &e.out_len));
  fresh(dec);
  expect_rv("C_Decrypt(ECB, ulEncryptedDataLen 15)", CKR_ENCRYPTED_DATA_LEN_RANGE,
            f()->C_Decrypt(e.s, e.in, 15, e.out, &e.out_len));
  fresh(dec);
  ASSERT_OK(f()->C_DecryptUpdate(e.s, e.in, 15, e.out, &e.out_len));
  e.out_len = sizeof e.out;
  expect_rv("C_DecryptFinal(ECB, 15 bytes pending)", CKR_ENCRYPTED_DATA_LEN_RANGE,
            f()->C_DecryptFinal(e.s, e.out, &e.out_len));
  fresh(ver);
  expect_rv("C_Verify(HMAC-SHA256, ulSignatureLen 31)", CKR_SIGNATURE_LEN_RANGE, f()->C_Verify(e.s, e.in, 16, e.sig, 31));
  fresh(ver);
  expect_rv("C_Verify(HMAC-SHA256, wrong 32 bytes)", CKR_SIGNATURE_INVALID, f()->C_Verify(e.s, e.in, 16, e.sig, 32));
  fresh(ver);
  ASSERT_OK(f()->C_VerifyUpdate(e.s, e.in, 16));
  expect_rv("C_VerifyFinal(HMAC-SHA256, ulSignatureLen 33)", CKR_SIGNATURE_LEN_RANGE, f()->C_VerifyFinal(e.s, e.sig, 33));
  // 3.2: a wrong signature length MAY be refused at C_VerifySignatureInit;
  // we check it when the signature is verified (the verify operations do not
  // know their length before that), which then ends the operation.
  e.cancel_all();
  ASSERT_OK(f()->C_VerifySignatureInit(e.s, &e.hmac, e.generic, e.sig, 31));
  expect_rv("C_VerifySignature(HMAC-SHA256, signature of 31 bytes)", CKR_SIGNATURE_LEN_RANGE,
            f()->C_VerifySignature(e.s, e.in, 16));
  expect_rv("operation ended by C_VerifySignature", CKR_OPERATION_NOT_INITIALIZED, f()->C_VerifySignatureFinal(e.s));
  ASSERT_OK(f()->C_VerifySignatureInit(e.s, &e.hmac, e.generic, e.sig, 33));
  ASSERT_OK(f()->C_VerifySignatureUpdate(e.s, e.in, 16));
  expect_rv("C_VerifySignatureFinal(HMAC-SHA256, signature of 33 bytes)", CKR_SIGNATURE_LEN_RANGE,
            f()->C_VerifySignatureFinal(e.s));
  expect_rv("operation ended by C_VerifySignatureFinal", CKR_OPERATION_NOT_INITIALIZED, f()->C_VerifySignatureFinal(e.s));
  fresh(sgr);
  CK_BYTE big[250] = {};
  expect_rv("C_SignRecover(RSA-2048 PKCS#1, ulDataLen 250)", CKR_DATA_LEN_RANGE,
            f()->C_SignRecover(e.s, big, sizeof big, e.out, &e.out_len));
  e.cancel_all();
  ASSERT_OK(f()->C_VerifyRecoverInit(e.s, &e.rsa_pkcs, e.rsa_pub));
  e.out_len = sizeof e.out;
  expect_rv("C_VerifyRecover(RSA-2048, ulSignatureLen 255)", CKR_SIGNATURE_LEN_RANGE,
            f()->C_VerifyRecover(e.s, e.sig, 255, e.out, &e.out_len));
  e.cancel_all();
  CK_OBJECT_HANDLE o;
  expect_rv("C_UnwrapKey(AES-KW, ulWrappedKeyLen 15)", CKR_WRAPPED_KEY_LEN_RANGE,
            f()->C_UnwrapKey(e.s, &e.kw, e.aes, e.wrapped.data(), 15, e.secret_tmpl.data(), e.secret_tmpl.size(), &o));
  // Message parameters of the wrong size.
  ASSERT_OK(f()->C_MessageEncryptInit(e.s, &e.gcm, e.aes));
  e.out_len = sizeof e.out;
  expect_rv("C_EncryptMessage(ulParameterLen short)", CKR_MECHANISM_PARAM_INVALID,
            f()->C_EncryptMessage(e.s, &e.gcm_msg, sizeof e.gcm_msg - 1, e.in, 4, e.in, 16, e.out, &e.out_len));
  expect_rv("C_EncryptMessageBegin(ulParameterLen short)", CKR_MECHANISM_PARAM_INVALID,
            f()->C_EncryptMessageBegin(e.s, &e.gcm_msg, sizeof e.gcm_msg - 1, e.in, 4));
  e.cancel_all();
}

// NULL data pointers with a non-zero length in the message functions (the
// first sweep covered their parameter and length pointers).
TEST_F(LengthsTest, MessageDataPointers) {
  Env& e = env();
  auto run = [&](const std::string& what, CK_RV (*setup)(Env&), const std::function<CK_RV()>& call) {
    e.cancel_all();
    e.out_len = sizeof e.out;
    ASSERT_OK(setup(e)) << what;
    expect_rv(what, CKR_ARGUMENTS_BAD, call());
  };
  run("C_EncryptMessage(pAssociatedData NULL, len 4)", menc, [&] {
    return f()->C_EncryptMessage(e.s, &e.gcm_msg, sizeof e.gcm_msg, nullptr, 4, e.in, 16, e.out, &e.out_len);
  });
  run("C_EncryptMessageBegin(pAssociatedData NULL, len 4)", menc,
      [&] { return f()->C_EncryptMessageBegin(e.s, &e.gcm_msg, sizeof e.gcm_msg, nullptr, 4); });
  run("C_EncryptMessageNext(pPlaintextPart NULL, len 16)", menc_begin, [&] {
    return f()->C_EncryptMessageNext(e.s, &e.gcm_msg, sizeof e.gcm_msg, nullptr, 16, e.out, &e.out_len, 0);
  });
  run("C_DecryptMessage(pAssociatedData NULL, len 4)", mdec_ready, [&] {
    return f()->C_DecryptMessage(e.s, &g.gcm_dec, sizeof g.gcm_dec, nullptr, 4, g.gcm_ct.data(), g.gcm_ct.size(),
                                 e.out, &e.out_len);
  });
  run("C_DecryptMessage(pCiphertext NULL, len 16)", mdec_ready, [&] {
    return f()->C_DecryptMessage(e.s, &g.gcm_dec, sizeof g.gcm_dec, e.in, 4, nullptr, 16, e.out, &e.out_len);
  });
  run("C_DecryptMessageBegin(pAssociatedData NULL, len 4)", mdec_ready,
      [&] { return f()->C_DecryptMessageBegin(e.s, &g.gcm_dec, sizeof g.gcm_dec, nullptr, 4); });
  run("C_DecryptMessageNext(pCiphertextPart NULL, len 16)", mdec_begin, [&] {
    return f()->C_DecryptMessageNext(e.s, &g.gcm_dec, sizeof g.gcm_dec, nullptr, 16, e.out, &e.out_len, 0);
  });
  run("C_VerifySignatureInit(pSignature NULL, len 32)", none,
      [&] { return f()->C_VerifySignatureInit(e.s, &e.hmac, e.generic, nullptr, 32); });
  e.cancel_all();
}

// ---------------------------------------------------------------------------
// Template contents.

TEST_F(LengthsTest, TemplateContents) {
  Env& e = env();
  CK_OBJECT_HANDLE o, o2;
  CK_BYTE v[4] = {};
  CK_ATTRIBUTE unknown{0x7ffffff1, v, sizeof v};
  auto plus = [](std::vector<CK_ATTRIBUTE> t, CK_ATTRIBUTE a) {
    t.push_back(a);
    return t;
  };
  auto data = plus(e.data_tmpl, unknown);
  expect_rv("C_CreateObject(unknown attribute type)", CKR_ATTRIBUTE_TYPE_INVALID,
            f()->C_CreateObject(e.s, data.data(), data.size(), &o));
  expect_rv("C_SetAttributeValue(unknown attribute type)", CKR_ATTRIBUTE_TYPE_INVALID,
            f()->C_SetAttributeValue(e.s, e.data, &unknown, 1));
  CK_OBJECT_CLASS other = CKO_SECRET_KEY;
  CK_ATTRIBUTE cls{CKA_CLASS, &other, sizeof other};
  expect_rv("C_SetAttributeValue(CKA_CLASS)", CKR_ATTRIBUTE_READ_ONLY, f()->C_SetAttributeValue(e.s, e.data, &cls, 1));
  expect_rv("C_CopyObject(CKA_CLASS changed)", CKR_ATTRIBUTE_READ_ONLY, f()->C_CopyObject(e.s, e.data, &cls, 1, &o));
  CK_ATTRIBUTE bad_bool{CKA_TOKEN, v, 4};
  expect_rv("C_CopyObject(CKA_TOKEN of 4 bytes)", CKR_ATTRIBUTE_VALUE_INVALID,
            f()->C_CopyObject(e.s, e.data, &bad_bool, 1, &o));
  // Generation and derivation templates.
  std::vector<CK_ATTRIBUTE> no_len(e.gen_tmpl.begin() + 1, e.gen_tmpl.end());
  expect_rv("C_GenerateKey(AES, no CKA_VALUE_LEN)", CKR_TEMPLATE_INCOMPLETE,
            f()->C_GenerateKey(e.s, &e.aes_gen, no_len.data(), no_len.size(), &o));
  CK_OBJECT_CLASS pub_class = CKO_PUBLIC_KEY;
  auto gen = plus(e.gen_tmpl, CK_ATTRIBUTE{CKA_CLASS, &pub_class, sizeof pub_class});
  expect_rv("C_GenerateKey(AES, CKA_CLASS public key)", CKR_TEMPLATE_INCONSISTENT,
            f()->C_GenerateKey(e.s, &e.aes_gen, gen.data(), gen.size(), &o));
  std::vector<CK_ATTRIBUTE> pub(e.ec_pub_tmpl.begin() + 1, e.ec_pub_tmpl.end());
  expect_rv("C_GenerateKeyPair(EC, no CKA_EC_PARAMS)", CKR_TEMPLATE_INCOMPLETE,
            f()->C_GenerateKeyPair(e.s, &e.ec_gen, pub.data(), pub.size(), e.ec_priv_tmpl.data(),
                                   e.ec_priv_tmpl.size(), &o, &o2));
  // Unwrap: CKA_CLASS defaults to a secret key (service_keys.cc), but its
  // key type cannot be guessed from raw key bytes.
  std::vector<CK_ATTRIBUTE> no_type(e.secret_tmpl.begin() + 2, e.secret_tmpl.end());
  expect_rv("C_UnwrapKey(no CKA_CLASS, no CKA_KEY_TYPE)", CKR_TEMPLATE_INCOMPLETE,
            f()->C_UnwrapKey(e.s, &e.kw, e.aes, e.wrapped.data(), e.wrapped.size(), no_type.data(), no_type.size(),
                             &o));
  auto as_data = plus(no_type, CK_ATTRIBUTE{CKA_CLASS, &e.data_class, sizeof e.data_class});
  expect_rv("C_UnwrapKey(CKA_CLASS CKO_DATA)", CKR_TEMPLATE_INCONSISTENT,
            f()->C_UnwrapKey(e.s, &e.kw, e.aes, e.wrapped.data(), e.wrapped.size(), as_data.data(), as_data.size(),
                             &o));
  expect_rv("C_DeriveKey(HKDF, generic secret without CKA_VALUE_LEN)", CKR_TEMPLATE_INCOMPLETE,
            f()->C_DeriveKey(e.s, &e.hkdf_mech, e.generic, e.secret_tmpl.data(), e.secret_tmpl.size(), &o));
}

// Key handles the handle sweep did not reach.
TEST_F(LengthsTest, RemainingKeyHandles) {
  Env& e = env();
  CK_OBJECT_HANDLE o;
  CK_MECHANISM ml_kem{CKM_ML_KEM, nullptr, 0};
  for (CK_OBJECT_HANDLE bad : {CK_OBJECT_HANDLE{CK_INVALID_HANDLE}, CK_OBJECT_HANDLE{0x7fffff01}, e.data}) {
    e.out_len = sizeof e.out;
    expect_rv("C_EncapsulateKey(hPublicKey " + std::to_string(bad) + ")", CKR_KEY_HANDLE_INVALID,
              f()->C_EncapsulateKey(e.s, &ml_kem, bad, e.secret_tmpl.data(), e.secret_tmpl.size(), e.out, &e.out_len,
                                    &o));
    expect_rv("C_DecapsulateKey(hPrivateKey " + std::to_string(bad) + ")", CKR_KEY_HANDLE_INVALID,
              f()->C_DecapsulateKey(e.s, &ml_kem, bad, e.secret_tmpl.data(), e.secret_tmpl.size(), e.in, 16, &o));
  }
  // C_SetOperationState: our saved states never need a key.
  ASSERT_OK(dig_part(e));
  CK_ULONG len = sizeof e.out;
  ASSERT_OK(f()->C_GetOperationState(e.s, e.out, &len));
  expect_rv("C_SetOperationState(hEncryptionKey given)", CKR_KEY_NOT_NEEDED,
            f()->C_SetOperationState(e.s, e.out, len, e.aes, CK_INVALID_HANDLE));
  expect_rv("C_SetOperationState(hAuthenticationKey given)", CKR_KEY_NOT_NEEDED,
            f()->C_SetOperationState(e.s, e.out, len, CK_INVALID_HANDLE, e.generic));
  expect_rv("C_SetOperationState(ulOperationStateLen short)", CKR_SAVED_STATE_INVALID,
            f()->C_SetOperationState(e.s, e.out, len - 1, CK_INVALID_HANDLE, CK_INVALID_HANDLE));
  // A well-formed header naming a mechanism that is not a digest.
  CK_MECHANISM_TYPE not_digest = CKM_AES_ECB;
  std::memcpy(e.out + 4, &not_digest, sizeof not_digest);
  expect_rv("C_SetOperationState(state naming CKM_AES_ECB)", CKR_SAVED_STATE_INVALID,
            f()->C_SetOperationState(e.s, e.out, len, CK_INVALID_HANDLE, CK_INVALID_HANDLE));
  // A non-digest operation cannot be saved.
  e.cancel_all();
  ASSERT_OK(enc(e));
  len = sizeof e.out;
  expect_rv("C_GetOperationState(encryption)", CKR_STATE_UNSAVEABLE, f()->C_GetOperationState(e.s, e.out, &len));
  e.cancel_all();
}

}  // namespace
}  // namespace craton::test
