// Sixth part of the negative-argument sweep (issue #2):
//  - a key whose usage attribute forbids the call, for every function that
//    takes a key (CKR_KEY_FUNCTION_NOT_PERMITTED);
//  - attribute values inside templates (NULL pValue with a length, CK_ULONG
//    and CK_BBOOL values of the wrong size) for every function taking a template;
//  - an error other than CKR_BUFFER_TOO_SMALL ends the operation, a
//    too-small buffer leaves it (and creates no object: nothing leaks);
//  - documented limits (C_GenerateRandom, C_FindObjects with 0).
#include "arguments_env.h"

namespace craton::test {
namespace {

class UsageTest : public ArgumentsFixture {
 protected:
  // A copy of `key` with `usage` set to FALSE.
  CK_OBJECT_HANDLE without(CK_OBJECT_HANDLE key, CK_ATTRIBUTE_TYPE usage) {
    CK_BBOOL no = CK_FALSE;
    CK_ATTRIBUTE a{usage, &no, 1};
    CK_OBJECT_HANDLE h = CK_INVALID_HANDLE;
    EXPECT_OK(f()->C_CopyObject(env_.s, key, &a, 1, &h)) << "copy without attribute " << usage;
    return h;
  }
  std::size_t object_count() {
    EXPECT_OK(f()->C_FindObjectsInit(env_.s, nullptr, 0));
    CK_OBJECT_HANDLE found[256];
    CK_ULONG n = 0;
    EXPECT_OK(f()->C_FindObjects(env_.s, found, 256, &n));
    EXPECT_OK(f()->C_FindObjectsFinal(env_.s));
    return n;
  }
};

TEST_F(UsageTest, KeyUsageForbidsTheFunction) {
  Env& e = env();
  const CK_OBJECT_HANDLE aes_no_enc = without(e.aes, CKA_ENCRYPT), aes_no_dec = without(e.aes, CKA_DECRYPT);
  const CK_OBJECT_HANDLE gen_no_sign = without(e.generic, CKA_SIGN), gen_no_ver = without(e.generic, CKA_VERIFY);
  const CK_OBJECT_HANDLE rsa_no_sr = without(e.rsa_priv, CKA_SIGN_RECOVER);
  const CK_OBJECT_HANDLE rsa_no_vr = without(e.rsa_pub, CKA_VERIFY_RECOVER);
  const CK_OBJECT_HANDLE aes_no_wrap = without(e.aes, CKA_WRAP), aes_no_unwrap = without(e.aes, CKA_UNWRAP);
  const CK_OBJECT_HANDLE gen_no_derive = without(e.generic, CKA_DERIVE);
  CK_OBJECT_HANDLE o;
  const std::pair<std::string, CK_RV> rows[] = {
      {"C_EncryptInit(no CKA_ENCRYPT)", f()->C_EncryptInit(e.s, &e.ecb, aes_no_enc)},
      {"C_DecryptInit(no CKA_DECRYPT)", f()->C_DecryptInit(e.s, &e.ecb, aes_no_dec)},
      {"C_SignInit(no CKA_SIGN)", f()->C_SignInit(e.s, &e.hmac, gen_no_sign)},
      {"C_VerifyInit(no CKA_VERIFY)", f()->C_VerifyInit(e.s, &e.hmac, gen_no_ver)},
      {"C_SignRecoverInit(no CKA_SIGN_RECOVER)", f()->C_SignRecoverInit(e.s, &e.rsa_pkcs, rsa_no_sr)},
      {"C_VerifyRecoverInit(no CKA_VERIFY_RECOVER)", f()->C_VerifyRecoverInit(e.s, &e.rsa_pkcs, rsa_no_vr)},
      {"C_MessageEncryptInit(no CKA_ENCRYPT)", f()->C_MessageEncryptInit(e.s, &e.gcm, aes_no_enc)},
      {"C_MessageDecryptInit(no CKA_DECRYPT)", f()->C_MessageDecryptInit(e.s, &e.gcm, aes_no_dec)},
      {"C_VerifySignatureInit(no CKA_VERIFY)", f()->C_VerifySignatureInit(e.s, &e.hmac, gen_no_ver, e.sig, 32)},
      {"C_WrapKey(wrapping key without CKA_WRAP)",
       (e.out_len = sizeof e.out, f()->C_WrapKey(e.s, &e.kw, aes_no_wrap, e.generic, e.out, &e.out_len))},
      {"C_UnwrapKey(unwrapping key without CKA_UNWRAP)",
       f()->C_UnwrapKey(e.s, &e.kw, aes_no_unwrap, e.wrapped.data(), e.wrapped.size(), e.secret_tmpl.data(),
                        e.secret_tmpl.size(), &o)},
      {"C_DeriveKey(base key without CKA_DERIVE)",
       f()->C_DeriveKey(e.s, &e.hkdf_mech, gen_no_derive, e.derive_tmpl.data(), e.derive_tmpl.size(), &o)},
  };
  for (const auto& [what, rv] : rows) expect_rv(what, CKR_KEY_FUNCTION_NOT_PERMITTED, rv);
  e.cancel_all();
}

// ---------------------------------------------------------------------------
// Attribute values inside templates.

struct TemplateCase {
  std::string name;
  std::function<CK_RV(Env&, const std::vector<CK_ATTRIBUTE>&)> call;
  std::vector<CK_ATTRIBUTE> Env::*base;
};

std::vector<TemplateCase> template_cases() {
  using T = const std::vector<CK_ATTRIBUTE>&;
  return {
      {"C_CreateObject", [](Env& e, T t) { CK_OBJECT_HANDLE o; return e.f->C_CreateObject(e.s, (CK_ATTRIBUTE_PTR)t.data(), t.size(), &o); },
       &Env::data_tmpl},
      {"C_CopyObject", [](Env& e, T t) { CK_OBJECT_HANDLE o; return e.f->C_CopyObject(e.s, e.data, (CK_ATTRIBUTE_PTR)t.data(), t.size(), &o); },
       nullptr},
      {"C_SetAttributeValue", [](Env& e, T t) { return e.f->C_SetAttributeValue(e.s, e.data, (CK_ATTRIBUTE_PTR)t.data(), t.size()); },
       nullptr},
      {"C_GenerateKey", [](Env& e, T t) { CK_OBJECT_HANDLE o; return e.f->C_GenerateKey(e.s, &e.aes_gen, (CK_ATTRIBUTE_PTR)t.data(), t.size(), &o); },
       &Env::gen_tmpl},
      {"C_GenerateKeyPair(public template)",
       [](Env& e, T t) {
         CK_OBJECT_HANDLE a, b;
         return e.f->C_GenerateKeyPair(e.s, &e.ec_gen, (CK_ATTRIBUTE_PTR)t.data(), t.size(), e.ec_priv_tmpl.data(),
                                       e.ec_priv_tmpl.size(), &a, &b);
       },
       &Env::ec_pub_tmpl},
      {"C_GenerateKeyPair(private template)",
       [](Env& e, T t) {
         CK_OBJECT_HANDLE a, b;
         return e.f->C_GenerateKeyPair(e.s, &e.ec_gen, e.ec_pub_tmpl.data(), e.ec_pub_tmpl.size(),
                                       (CK_ATTRIBUTE_PTR)t.data(), t.size(), &a, &b);
       },
       &Env::ec_priv_tmpl},
      {"C_UnwrapKey",
       [](Env& e, T t) {
         CK_OBJECT_HANDLE o;
         return e.f->C_UnwrapKey(e.s, &e.kw, e.aes, e.wrapped.data(), e.wrapped.size(), (CK_ATTRIBUTE_PTR)t.data(),
                                 t.size(), &o);
       },
       &Env::secret_tmpl},
      {"C_DeriveKey",
       [](Env& e, T t) {
         CK_OBJECT_HANDLE o;
         return e.f->C_DeriveKey(e.s, &e.hkdf_mech, e.generic, (CK_ATTRIBUTE_PTR)t.data(), t.size(), &o);
       },
       &Env::derive_tmpl},
  };
}

TEST_F(UsageTest, AttributeValuesInsideTemplates) {
  Env& e = env();
  CK_BYTE four[4] = {1, 0, 0, 0};
  CK_BYTE two[2] = {1, 1};
  const std::pair<std::string, CK_ATTRIBUTE> bad[] = {
      {"CKA_LABEL pValue NULL, ulValueLen 4", {CKA_LABEL, nullptr, 4}},
      {"CKA_PRIVATE (CK_BBOOL) of 4 bytes", {CKA_PRIVATE, four, 4}},
      {"CKA_MODIFIABLE (CK_BBOOL) of 2 bytes", {CKA_MODIFIABLE, two, 2}},
      {"CKA_CLASS (CK_ULONG) of 4 bytes", {CKA_CLASS, four, 4}},
  };
  for (const auto& c : template_cases()) {
    for (const auto& [label, a] : bad) {
      if (c.base == nullptr && a.type == CKA_CLASS) continue;  // CKA_CLASS is read-only there: another rule
      std::vector<CK_ATTRIBUTE> t = c.base ? e.*c.base : std::vector<CK_ATTRIBUTE>{};
      const CK_ATTRIBUTE_TYPE type = a.type;  // clang 14: no structured bindings in lambda captures
      std::erase_if(t, [type](const CK_ATTRIBUTE& x) { return x.type == type; });  // one bad value, no duplicate
      t.push_back(a);
      expect_rv(c.name + "(" + label + ")", CKR_ATTRIBUTE_VALUE_INVALID, c.call(e, t));
    }
  }
  // Search templates: a NULL value with a length is a bad argument there too.
  CK_ATTRIBUTE search{CKA_LABEL, nullptr, 4};
  const CK_RV rv = f()->C_FindObjectsInit(e.s, &search, 1);
  EXPECT_TRUE(rv == CKR_ATTRIBUTE_VALUE_INVALID || rv == CKR_ARGUMENTS_BAD) << rv_name(rv);
  e.cancel_all();
  // CKA_VALUE_LEN (CK_ULONG) of 4 bytes in a generation template.
  std::vector<CK_ATTRIBUTE> gen = e.gen_tmpl;
  gen[0] = CK_ATTRIBUTE{CKA_VALUE_LEN, four, 4};
  CK_OBJECT_HANDLE o;
  expect_rv("C_GenerateKey(CKA_VALUE_LEN of 4 bytes)", CKR_ATTRIBUTE_VALUE_INVALID,
            f()->C_GenerateKey(e.s, &e.aes_gen, gen.data(), gen.size(), &o));
  CK_ULONG bad_len = 17;
  gen[0] = CK_ATTRIBUTE{CKA_VALUE_LEN, &bad_len, sizeof bad_len};
  expect_rv("C_GenerateKey(AES CKA_VALUE_LEN 17)", CKR_KEY_SIZE_RANGE,
            f()->C_GenerateKey(e.s, &e.aes_gen, gen.data(), gen.size(), &o));
}

// ---------------------------------------------------------------------------
// Errors end the operation; a too-small buffer does not.

TEST_F(UsageTest, ErrorsEndTheOperation) {
  Env& e = env();
  struct Row {
    std::string what;
    CK_RV want;
    std::function<CK_RV()> init, bad, after;
  };
  const Row rows[] = {
      {"C_Encrypt(ECB, 15 bytes)", CKR_DATA_LEN_RANGE, [&] { return f()->C_EncryptInit(e.s, &e.ecb, e.aes); },
       [&] { return f()->C_Encrypt(e.s, e.in, 15, e.out, &e.out_len); },
       [&] { return f()->C_Encrypt(e.s, e.in, 16, e.out, &e.out_len); }},
      {"C_Encrypt(pData NULL)", CKR_ARGUMENTS_BAD, [&] { return f()->C_EncryptInit(e.s, &e.ecb, e.aes); },
       [&] { return f()->C_Encrypt(e.s, nullptr, 16, e.out, &e.out_len); },
       [&] { return f()->C_Encrypt(e.s, e.in, 16, e.out, &e.out_len); }},
      {"C_Decrypt(ECB, 15 bytes)", CKR_ENCRYPTED_DATA_LEN_RANGE, [&] { return f()->C_DecryptInit(e.s, &e.ecb, e.aes); },
       [&] { return f()->C_Decrypt(e.s, e.in, 15, e.out, &e.out_len); },
       [&] { return f()->C_Decrypt(e.s, e.in, 16, e.out, &e.out_len); }},
      {"C_Verify(wrong MAC)", CKR_SIGNATURE_INVALID, [&] { return f()->C_VerifyInit(e.s, &e.hmac, e.generic); },
       [&] { return f()->C_Verify(e.s, e.in, 16, e.sig, 32); }, [&] { return f()->C_VerifyUpdate(e.s, e.in, 16); }},
      {"C_SignUpdate(pPart NULL)", CKR_ARGUMENTS_BAD, [&] { return f()->C_SignInit(e.s, &e.hmac, e.generic); },
       [&] { return f()->C_SignUpdate(e.s, nullptr, 4); }, [&] { return f()->C_SignUpdate(e.s, e.in, 4); }},
      {"C_DigestUpdate(pPart NULL)", CKR_ARGUMENTS_BAD, [&] { return f()->C_DigestInit(e.s, &e.sha256); },
       [&] { return f()->C_DigestUpdate(e.s, nullptr, 4); }, [&] { return f()->C_DigestUpdate(e.s, e.in, 4); }},
  };
  for (const auto& r : rows) {
    e.cancel_all();
    ASSERT_OK(r.init()) << r.what;
    e.out_len = sizeof e.out;
    expect_rv(r.what, r.want, r.bad());
    e.out_len = sizeof e.out;
    expect_rv("operation after " + r.what, CKR_OPERATION_NOT_INITIALIZED, r.after());
  }
  e.cancel_all();
}

TEST_F(UsageTest, EncapsulateBufferTooSmallCreatesNoKey) {
  Env& e = env();
  CK_ULONG set = CKP_ML_KEM_512;
  CK_ATTRIBUTE pub[] = {attr(CKA_PARAMETER_SET, &set, sizeof set), attr(CKA_TOKEN, &e.no, 1),
                        attr(CKA_ENCAPSULATE, &e.yes, 1)};
  CK_ATTRIBUTE priv[] = {attr(CKA_TOKEN, &e.no, 1), attr(CKA_DECAPSULATE, &e.yes, 1)};
  CK_MECHANISM gen{CKM_ML_KEM_KEY_PAIR_GEN, nullptr, 0};
  CK_OBJECT_HANDLE kp_pub, kp_priv;
  ASSERT_OK(f()->C_GenerateKeyPair(e.s, &gen, pub, 3, priv, 2, &kp_pub, &kp_priv));
  const std::size_t before = object_count();
  CK_MECHANISM kem{CKM_ML_KEM, nullptr, 0};
  CK_BYTE ct[768];
  CK_ULONG len = 1;
  CK_OBJECT_HANDLE k = 0x5a5a;
  expect_rv("C_EncapsulateKey(1-byte ciphertext buffer)", CKR_BUFFER_TOO_SMALL,
            f()->C_EncapsulateKey(e.s, &kem, kp_pub, e.secret_tmpl.data(), e.secret_tmpl.size(), ct, &len, &k));
  EXPECT_EQ(len, 768u);
  EXPECT_EQ(k, 0x5a5au) << "phKey written on failure";
  EXPECT_EQ(object_count(), before) << "a key object leaked";
  // pCiphertext NULL: a length query, no key either.
  len = 0;
  EXPECT_OK(f()->C_EncapsulateKey(e.s, &kem, kp_pub, e.secret_tmpl.data(), e.secret_tmpl.size(), nullptr, &len, &k));
  EXPECT_EQ(len, 768u);
  EXPECT_EQ(object_count(), before);
  // Decapsulation of a ciphertext of the wrong length creates nothing.
  expect_rv("C_DecapsulateKey(ulCiphertextLen 767)", CKR_ENCRYPTED_DATA_LEN_RANGE,
            f()->C_DecapsulateKey(e.s, &kem, kp_priv, e.secret_tmpl.data(), e.secret_tmpl.size(), ct, 767, &k));
  EXPECT_EQ(object_count(), before);
}

TEST_F(UsageTest, DocumentedLimits) {
  Env& e = env();
  // docs/conformance.md: C_GenerateRandom gives at most 1 MiB per call.
  std::vector<CK_BYTE> big((1u << 20) + 1);
  expect_rv("C_GenerateRandom(1 MiB + 1)", CKR_ARGUMENTS_BAD, f()->C_GenerateRandom(e.s, big.data(), big.size()));
  expect_rv("C_GenerateRandom(1 MiB)", CKR_OK, f()->C_GenerateRandom(e.s, big.data(), big.size() - 1));
  expect_rv("C_GenerateRandom(ulRandomLen 0)", CKR_OK, f()->C_GenerateRandom(e.s, big.data(), 0));
  // C_FindObjects with room for none returns none and keeps the search.
  ASSERT_OK(f()->C_FindObjectsInit(e.s, nullptr, 0));
  CK_OBJECT_HANDLE h = 0;
  CK_ULONG n = 99;
  expect_rv("C_FindObjects(ulMaxObjectCount 0)", CKR_OK, f()->C_FindObjects(e.s, &h, 0, &n));
  EXPECT_EQ(n, 0u);
  expect_rv("C_FindObjects after a 0-count call", CKR_OK, f()->C_FindObjects(e.s, &h, 1, &n));
  EXPECT_EQ(n, 1u);
  ASSERT_OK(f()->C_FindObjectsFinal(e.s));
}

}  // namespace
}  // namespace craton::test
