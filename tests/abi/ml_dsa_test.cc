// ML-DSA through the PKCS#11 ABI: C_GenerateKeyPair with pkcs11-tool-style
// templates for ML-DSA-44/65/87, C_Sign/C_Verify round trips, every hedge
// variant, contexts, multi-part, HashML-DSA (CKM_HASH_ML_DSA with a digest
// from C_Digest, CKM_HASH_ML_DSA_<hash> streamed), the 3.2
// C_VerifySignature* family, key import, and the error codes.
#include "ml_dsa_helpers.h"

namespace craton::test {
namespace {

class MlDsaAbi : public ModuleTest {
 protected:
  void SetUp() override {
    ModuleTest::SetUp();
    s_ = ready_user_session();
  }
  KeyPair keys(CK_ULONG set) {
    KeyPair kp;
    EXPECT_OK(generate_ml_dsa(f(), s_, set, &kp));
    return kp;
  }
  // C_SignInit + C_Sign with a length query; empty and a test failure on error.
  Bytes sign_ok(const CK_MECHANISM& m, CK_OBJECT_HANDLE key, const Bytes& data) {
    Bytes sig;
    EXPECT_OK(sign_once(f(), s_, m, key, data, &sig));
    return sig;
  }
  CK_RV verify_rv(const CK_MECHANISM& m, CK_OBJECT_HANDLE key, const Bytes& data, const Bytes& sig) {
    return verify_once(f(), s_, m, key, data, sig);
  }
  CK_RV verify_signature_rv(CK_MECHANISM m, CK_OBJECT_HANDLE key, const Bytes& data, Bytes sig, std::size_t parts);
  Bytes digest(CK_MECHANISM_TYPE mech, const Bytes& data) {
    CK_MECHANISM m{mech, nullptr, 0};
    EXPECT_OK(f()->C_DigestInit(s_, &m));
    Bytes out(64);
    CK_ULONG len = out.size();
    EXPECT_OK(f()->C_Digest(s_, const_cast<CK_BYTE*>(data.data()), data.size(), out.data(), &len));
    out.resize(len);
    return out;
  }
  CK_SESSION_HANDLE s_ = CK_INVALID_HANDLE;
};

// C_VerifySignatureInit with the signature first, then the data in `parts`
// pieces (0: single-part C_VerifySignature).
CK_RV MlDsaAbi::verify_signature_rv(CK_MECHANISM m, CK_OBJECT_HANDLE key, const Bytes& data, Bytes sig,
                                    std::size_t parts) {
  if (sig.empty()) sig.reserve(1);  // a non-NULL pointer with length 0
  CK_RV rv = f()->C_VerifySignatureInit(s_, &m, key, sig.data(), sig.size());
  if (rv != CKR_OK) return rv;
  Bytes in = data;
  if (parts == 0) return f()->C_VerifySignature(s_, in.data(), in.size());
  const std::size_t step = in.size() / parts + 1;
  for (std::size_t off = 0; off < in.size(); off += step) {
    rv = f()->C_VerifySignatureUpdate(s_, in.data() + off, std::min(step, in.size() - off));
    if (rv != CKR_OK) return rv;
  }
  return f()->C_VerifySignatureFinal(s_);
}

const Bytes kMessage = {'M', 'L', '-', 'D', 'S', 'A', ' ', 'o', 'v', 'e', 'r', ' ', 'P', 'K', 'C', 'S', '#', '1', '1'};
const CK_MECHANISM kPlain{CKM_ML_DSA, nullptr, 0};

TEST_F(MlDsaAbi, MechanismListAndInfo) {
  const CK_MECHANISM_TYPE sig_mechs[] = {
      CKM_ML_DSA,           CKM_HASH_ML_DSA,        CKM_HASH_ML_DSA_SHA224,   CKM_HASH_ML_DSA_SHA256,
      CKM_HASH_ML_DSA_SHA384, CKM_HASH_ML_DSA_SHA512, CKM_HASH_ML_DSA_SHA3_224, CKM_HASH_ML_DSA_SHA3_256,
      CKM_HASH_ML_DSA_SHA3_384, CKM_HASH_ML_DSA_SHA3_512, CKM_HASH_ML_DSA_SHAKE128, CKM_HASH_ML_DSA_SHAKE256};
  CK_ULONG count = 0;
  ASSERT_OK(f()->C_GetMechanismList(0, nullptr, &count));
  std::vector<CK_MECHANISM_TYPE> list(count);
  ASSERT_OK(f()->C_GetMechanismList(0, list.data(), &count));
  auto listed = [&](CK_MECHANISM_TYPE t) { return std::find(list.begin(), list.end(), t) != list.end(); };
  CK_MECHANISM_INFO info{};
  ASSERT_TRUE(listed(CKM_ML_DSA_KEY_PAIR_GEN));
  ASSERT_OK(f()->C_GetMechanismInfo(0, CKM_ML_DSA_KEY_PAIR_GEN, &info));
  EXPECT_EQ(info.flags & CKF_GENERATE_KEY_PAIR, CKF_GENERATE_KEY_PAIR);
  EXPECT_EQ(info.ulMinKeySize, 1312u);
  EXPECT_EQ(info.ulMaxKeySize, 2592u);
  for (CK_MECHANISM_TYPE t : sig_mechs) {
    EXPECT_TRUE(listed(t)) << std::hex << t;
    ASSERT_OK(f()->C_GetMechanismInfo(0, t, &info));
    EXPECT_EQ(info.flags & (CKF_SIGN | CKF_VERIFY), CKF_SIGN | CKF_VERIFY) << std::hex << t;
    EXPECT_EQ(info.flags & (CKF_ENCRYPT | CKF_DERIVE | CKF_GENERATE_KEY_PAIR), 0u) << std::hex << t;
    EXPECT_EQ(info.ulMinKeySize, 1312u);
    EXPECT_EQ(info.ulMaxKeySize, 2592u);
  }
}

TEST_F(MlDsaAbi, GenerateSignVerifyEveryParameterSet) {
  for (CK_ULONG set : kMlDsaSets) {
    KeyPair kp = keys(set);
    EXPECT_EQ(get_ulong_attr(s_, kp.pub, CKA_PARAMETER_SET), set);
    EXPECT_EQ(get_ulong_attr(s_, kp.priv, CKA_PARAMETER_SET), set);
    EXPECT_EQ(get_ulong_attr(s_, kp.pub, CKA_KEY_TYPE), CKK_ML_DSA);
    EXPECT_EQ(get_ulong_attr(s_, kp.priv, CKA_KEY_GEN_MECHANISM), CKM_ML_DSA_KEY_PAIR_GEN);
    EXPECT_EQ(get_attr(s_, kp.pub, CKA_VALUE).size(), ml_dsa_pk_size(set));
    const Bytes spki = get_attr(s_, kp.pub, CKA_PUBLIC_KEY_INFO);
    EXPECT_EQ(spki.size(), ml_dsa_pk_size(set) + 22);
    EXPECT_EQ(get_attr(s_, kp.priv, CKA_PUBLIC_KEY_INFO), spki);
    // The private value and seed exist but are sensitive.
    for (CK_ATTRIBUTE_TYPE secret : {CKA_VALUE, CKA_SEED}) {
      CK_ATTRIBUTE a{secret, nullptr, 0};
      EXPECT_RV(CKR_ATTRIBUTE_SENSITIVE, f()->C_GetAttributeValue(s_, kp.priv, &a, 1));
    }
    // Length query gives the FIPS 204 signature size.
    ASSERT_OK(f()->C_SignInit(s_, const_cast<CK_MECHANISM*>(&kPlain), kp.priv));
    CK_ULONG len = 0;
    ASSERT_OK(f()->C_Sign(s_, const_cast<CK_BYTE*>(kMessage.data()), kMessage.size(), nullptr, &len));
    EXPECT_EQ(len, ml_dsa_sig_size(set));
    Bytes sig(len);
    ASSERT_OK(f()->C_Sign(s_, const_cast<CK_BYTE*>(kMessage.data()), kMessage.size(), sig.data(), &len));
    EXPECT_EQ(len, ml_dsa_sig_size(set));
    EXPECT_OK(verify_rv(kPlain, kp.pub, kMessage, sig));
    Bytes bad = sig;
    bad[7] ^= 0x80;
    EXPECT_RV(CKR_SIGNATURE_INVALID, verify_rv(kPlain, kp.pub, kMessage, bad));
    Bytes other_msg = kMessage;
    other_msg.push_back('!');
    EXPECT_RV(CKR_SIGNATURE_INVALID, verify_rv(kPlain, kp.pub, other_msg, sig));
    EXPECT_RV(CKR_SIGNATURE_LEN_RANGE, verify_rv(kPlain, kp.pub, kMessage, Bytes(sig.begin(), sig.end() - 1)));
    Bytes longer = sig;
    longer.push_back(0);
    EXPECT_RV(CKR_SIGNATURE_LEN_RANGE, verify_rv(kPlain, kp.pub, kMessage, longer));
    // A key of another set does not verify it.
    KeyPair other = keys(set);
    EXPECT_RV(CKR_SIGNATURE_INVALID, verify_rv(kPlain, other.pub, kMessage, sig));
  }
}

TEST_F(MlDsaAbi, HedgeVariants) {
  KeyPair kp = keys(CKP_ML_DSA_65);
  const Bytes ctx = {1, 2, 3};
  ContextMechanism det(CKM_ML_DSA, CKH_DETERMINISTIC_REQUIRED, ctx);
  const Bytes d1 = sign_ok(det.mech, kp.priv, kMessage), d2 = sign_ok(det.mech, kp.priv, kMessage);
  EXPECT_EQ(d1, d2);
  EXPECT_OK(verify_rv(det.mech, kp.pub, kMessage, d1));
  for (CK_HEDGE_TYPE h : {CKH_HEDGE_PREFERRED, CKH_HEDGE_REQUIRED}) {
    ContextMechanism hedged(CKM_ML_DSA, h, ctx);
    const Bytes a = sign_ok(hedged.mech, kp.priv, kMessage), b = sign_ok(hedged.mech, kp.priv, kMessage);
    EXPECT_NE(a, b) << h;
    EXPECT_NE(a, d1) << h;
    EXPECT_OK(verify_rv(hedged.mech, kp.pub, kMessage, a));
    EXPECT_OK(verify_rv(det.mech, kp.pub, kMessage, b));  // hedging does not matter to the verifier
  }
  // No parameter: hedge preferred, empty context.
  const Bytes plain = sign_ok(kPlain, kp.priv, kMessage);
  EXPECT_NE(plain, sign_ok(kPlain, kp.priv, kMessage));
  ContextMechanism empty_ctx(CKM_ML_DSA, CKH_DETERMINISTIC_REQUIRED, Bytes());
  EXPECT_OK(verify_rv(empty_ctx.mech, kp.pub, kMessage, plain));
  // Unknown hedge values.
  for (CK_HEDGE_TYPE h : {CK_HEDGE_TYPE{3}, CK_HEDGE_TYPE{CKH_VENDOR_DEFINED}}) {
    ContextMechanism bad(CKM_ML_DSA, h, ctx);
    EXPECT_RV(CKR_MECHANISM_PARAM_INVALID, f()->C_SignInit(s_, &bad.mech, kp.priv)) << h;
  }
}

TEST_F(MlDsaAbi, ContextHandling) {
  KeyPair kp = keys(CKP_ML_DSA_44);
  Bytes ctx255(255);
  for (std::size_t i = 0; i < ctx255.size(); ++i) ctx255[i] = static_cast<unsigned char>(255 - i);
  ContextMechanism m255(CKM_ML_DSA, CKH_HEDGE_PREFERRED, ctx255);
  const Bytes sig = sign_ok(m255.mech, kp.priv, kMessage);
  EXPECT_OK(verify_rv(m255.mech, kp.pub, kMessage, sig));
  EXPECT_RV(CKR_SIGNATURE_INVALID, verify_rv(kPlain, kp.pub, kMessage, sig));
  Bytes ctx254(ctx255.begin(), ctx255.end() - 1);
  ContextMechanism m254(CKM_ML_DSA, CKH_HEDGE_PREFERRED, ctx254);
  EXPECT_RV(CKR_SIGNATURE_INVALID, verify_rv(m254.mech, kp.pub, kMessage, sig));
  ContextMechanism m256(CKM_ML_DSA, CKH_HEDGE_PREFERRED, Bytes(256, 1));
  EXPECT_RV(CKR_MECHANISM_PARAM_INVALID, f()->C_SignInit(s_, &m256.mech, kp.priv));
  EXPECT_RV(CKR_MECHANISM_PARAM_INVALID, f()->C_VerifyInit(s_, &m256.mech, kp.pub));
  CK_SIGN_ADDITIONAL_CONTEXT null_ctx{CKH_HEDGE_PREFERRED, nullptr, 5};
  CK_MECHANISM null_m{CKM_ML_DSA, &null_ctx, sizeof null_ctx};
  EXPECT_RV(CKR_MECHANISM_PARAM_INVALID, f()->C_SignInit(s_, &null_m, kp.priv));
  CK_MECHANISM short_m{CKM_ML_DSA, &null_ctx, sizeof null_ctx - 1};
  EXPECT_RV(CKR_MECHANISM_PARAM_INVALID, f()->C_SignInit(s_, &short_m, kp.priv));
  // A refused init leaves no operation behind: the next one starts cleanly.
  Bytes sig2;
  EXPECT_OK(sign_once(f(), s_, kPlain, kp.priv, kMessage, &sig2));
  EXPECT_OK(verify_rv(kPlain, kp.pub, kMessage, sig2));
}

TEST_F(MlDsaAbi, MultiPartSignAndVerify) {
  KeyPair kp = keys(CKP_ML_DSA_87);
  Bytes msg(5000);
  for (std::size_t i = 0; i < msg.size(); ++i) msg[i] = static_cast<unsigned char>(i ^ (i >> 8));
  ContextMechanism det(CKM_ML_DSA, CKH_DETERMINISTIC_REQUIRED, Bytes{'m', 'p'});
  const Bytes single = sign_ok(det.mech, kp.priv, msg);
  ASSERT_OK(f()->C_SignInit(s_, &det.mech, kp.priv));
  for (std::size_t off = 0; off < msg.size(); off += 1200)
    ASSERT_OK(f()->C_SignUpdate(s_, msg.data() + off, std::min<std::size_t>(1200, msg.size() - off)));
  ASSERT_OK(f()->C_SignUpdate(s_, msg.data(), 0));
  CK_ULONG len = 0;
  ASSERT_OK(f()->C_SignFinal(s_, nullptr, &len));
  EXPECT_EQ(len, 4627u);
  Bytes sig(len);
  CK_ULONG small = 100;
  EXPECT_RV(CKR_BUFFER_TOO_SMALL, f()->C_SignFinal(s_, sig.data(), &small));
  EXPECT_EQ(small, 4627u);
  ASSERT_OK(f()->C_SignFinal(s_, sig.data(), &len));  // the operation survived the short buffer
  EXPECT_EQ(sig, single);
  // Multi-part verify, and a tampered stream.
  ASSERT_OK(f()->C_VerifyInit(s_, &det.mech, kp.pub));
  ASSERT_OK(f()->C_VerifyUpdate(s_, msg.data(), 2500));
  ASSERT_OK(f()->C_VerifyUpdate(s_, msg.data() + 2500, msg.size() - 2500));
  EXPECT_OK(f()->C_VerifyFinal(s_, sig.data(), sig.size()));
  ASSERT_OK(f()->C_VerifyInit(s_, &det.mech, kp.pub));
  ASSERT_OK(f()->C_VerifyUpdate(s_, msg.data(), 2500));
  EXPECT_RV(CKR_SIGNATURE_INVALID, f()->C_VerifyFinal(s_, sig.data(), sig.size()));
  // C_Sign after C_SignUpdate is refused.
  ASSERT_OK(f()->C_SignInit(s_, &det.mech, kp.priv));
  ASSERT_OK(f()->C_SignUpdate(s_, msg.data(), 10));
  len = sig.size();
  EXPECT_RV(CKR_OPERATION_ACTIVE, f()->C_Sign(s_, msg.data(), 10, sig.data(), &len));
}

TEST_F(MlDsaAbi, PreHashMechanisms) {
  KeyPair kp = keys(CKP_ML_DSA_44);
  const Bytes ctx = {'p', 'h'};
  struct Case {
    CK_MECHANISM_TYPE token_mech, digest_mech;
  };
  const Case cases[] = {{CKM_HASH_ML_DSA_SHA224, CKM_SHA224},     {CKM_HASH_ML_DSA_SHA256, CKM_SHA256},
                        {CKM_HASH_ML_DSA_SHA384, CKM_SHA384},     {CKM_HASH_ML_DSA_SHA512, CKM_SHA512},
                        {CKM_HASH_ML_DSA_SHA3_224, CKM_SHA3_224}, {CKM_HASH_ML_DSA_SHA3_256, CKM_SHA3_256},
                        {CKM_HASH_ML_DSA_SHA3_384, CKM_SHA3_384}, {CKM_HASH_ML_DSA_SHA3_512, CKM_SHA3_512},
                        {CKM_HASH_ML_DSA_SHAKE128, 0},            {CKM_HASH_ML_DSA_SHAKE256, 0}};
  for (const Case& c : cases) {
    ContextMechanism token(c.token_mech, CKH_DETERMINISTIC_REQUIRED, ctx);
    // Multi-part on-token hashing equals single-part.
    const Bytes single = sign_ok(token.mech, kp.priv, kMessage);
    ASSERT_OK(f()->C_SignInit(s_, &token.mech, kp.priv));
    ASSERT_OK(f()->C_SignUpdate(s_, const_cast<CK_BYTE*>(kMessage.data()), 5));
    ASSERT_OK(f()->C_SignUpdate(s_, const_cast<CK_BYTE*>(kMessage.data()) + 5, kMessage.size() - 5));
    Bytes sig(ml_dsa_sig_size(CKP_ML_DSA_44));
    CK_ULONG len = sig.size();
    ASSERT_OK(f()->C_SignFinal(s_, sig.data(), &len));
    EXPECT_EQ(sig, single) << std::hex << c.token_mech;
    EXPECT_OK(verify_rv(token.mech, kp.pub, kMessage, sig));
    EXPECT_RV(CKR_SIGNATURE_INVALID, verify_rv(kPlain, kp.pub, kMessage, sig));  // not pure ML-DSA
    if (c.digest_mech == 0) continue;
    // CKM_HASH_ML_DSA over the caller's digest (from C_Digest) is the same signature.
    HashContextMechanism given(c.digest_mech, CKH_DETERMINISTIC_REQUIRED, ctx);
    const Bytes ph = digest(c.digest_mech, kMessage);
    EXPECT_EQ(sign_ok(given.mech, kp.priv, ph), single) << std::hex << c.token_mech;
    EXPECT_OK(verify_rv(given.mech, kp.pub, ph, single));
  }
  // CKM_HASH_ML_DSA: single-part only, input of the digest length, parameter required.
  HashContextMechanism given(CKM_SHA256, CKH_HEDGE_PREFERRED, ctx);
  const Bytes ph = digest(CKM_SHA256, kMessage);
  ASSERT_OK(f()->C_SignInit(s_, &given.mech, kp.priv));
  EXPECT_RV(CKR_FUNCTION_NOT_SUPPORTED, f()->C_SignUpdate(s_, const_cast<CK_BYTE*>(ph.data()), ph.size()));
  Bytes sig;
  EXPECT_RV(CKR_DATA_LEN_RANGE, sign_once(f(), s_, given.mech, kp.priv, Bytes(31, 1), &sig));
  EXPECT_RV(CKR_DATA_LEN_RANGE, sign_once(f(), s_, given.mech, kp.priv, kMessage, &sig));
  ASSERT_OK(sign_once(f(), s_, given.mech, kp.priv, ph, &sig));
  EXPECT_RV(CKR_DATA_LEN_RANGE, verify_rv(given.mech, kp.pub, Bytes(33, 1), sig));
  CK_MECHANISM no_param{CKM_HASH_ML_DSA, nullptr, 0};
  EXPECT_RV(CKR_MECHANISM_PARAM_INVALID, f()->C_SignInit(s_, &no_param, kp.priv));
  HashContextMechanism sha1(CKM_SHA_1, CKH_HEDGE_PREFERRED, ctx);
  EXPECT_RV(CKR_MECHANISM_PARAM_INVALID, f()->C_SignInit(s_, &sha1.mech, kp.priv));
}

TEST_F(MlDsaAbi, VerifySignatureFamily) {
  KeyPair kp = keys(CKP_ML_DSA_65);
  Bytes msg(777, 0x42);
  ContextMechanism m(CKM_ML_DSA, CKH_HEDGE_REQUIRED, Bytes{'v', 's'});
  const Bytes sig = sign_ok(m.mech, kp.priv, msg);
  EXPECT_OK(verify_signature_rv(m.mech, kp.pub, msg, sig, 0));
  EXPECT_OK(verify_signature_rv(m.mech, kp.pub, msg, sig, 1));
  EXPECT_OK(verify_signature_rv(m.mech, kp.pub, msg, sig, 5));
  Bytes bad = sig;
  bad[100] ^= 4;
  EXPECT_RV(CKR_SIGNATURE_INVALID, verify_signature_rv(m.mech, kp.pub, msg, bad, 0));
  EXPECT_RV(CKR_SIGNATURE_INVALID, verify_signature_rv(m.mech, kp.pub, msg, bad, 3));
  EXPECT_RV(CKR_SIGNATURE_LEN_RANGE, verify_signature_rv(m.mech, kp.pub, msg, Bytes(sig.begin(), sig.end() - 2), 0));
  EXPECT_RV(CKR_SIGNATURE_LEN_RANGE, verify_signature_rv(m.mech, kp.pub, msg, Bytes(), 2));
  // On-token pre-hash streamed, and CKM_HASH_ML_DSA single-part only.
  ContextMechanism shake(CKM_HASH_ML_DSA_SHAKE256, CKH_HEDGE_PREFERRED, Bytes());
  const Bytes shake_sig = sign_ok(shake.mech, kp.priv, msg);
  EXPECT_OK(verify_signature_rv(shake.mech, kp.pub, msg, shake_sig, 4));
  HashContextMechanism given(CKM_SHA3_256, CKH_HEDGE_PREFERRED, Bytes());
  const Bytes ph = digest(CKM_SHA3_256, msg);
  const Bytes given_sig = sign_ok(given.mech, kp.priv, ph);
  EXPECT_OK(verify_signature_rv(given.mech, kp.pub, ph, given_sig, 0));
  EXPECT_RV(CKR_FUNCTION_NOT_SUPPORTED, verify_signature_rv(given.mech, kp.pub, ph, given_sig, 1));
  f()->C_VerifySignatureFinal(s_);  // end the refused operation whatever its state
  // NULL signature at init.
  EXPECT_RV(CKR_ARGUMENTS_BAD, f()->C_VerifySignatureInit(s_, &m.mech, kp.pub, nullptr, 10));
}

TEST_F(MlDsaAbi, ImportedKeysWork) {
  KeyPair gen = keys(CKP_ML_DSA_44);
  // A public key imported from the generated one's CKA_VALUE verifies its signatures.
  const Bytes pk = get_attr(s_, gen.pub, CKA_VALUE);
  CK_OBJECT_HANDLE pub = CK_INVALID_HANDLE;
  ASSERT_OK(import_ml_dsa_public(f(), s_, CKP_ML_DSA_44, pk, &pub));
  ObjectGuard g1(f(), s_, pub);
  EXPECT_EQ(get_attr(s_, pub, CKA_PUBLIC_KEY_INFO), get_attr(s_, gen.pub, CKA_PUBLIC_KEY_INFO));
  EXPECT_OK(verify_rv(kPlain, pub, kMessage, sign_ok(kPlain, gen.priv, kMessage)));
  // Seed-only private key: the module expands it; value, seed and both agree.
  const Bytes seed(32, 0x11);
  CK_OBJECT_HANDLE by_seed = CK_INVALID_HANDLE, by_value = CK_INVALID_HANDLE, both = CK_INVALID_HANDLE;
  ASSERT_OK(import_ml_dsa_private(f(), s_, CKP_ML_DSA_65, seed, Bytes(), &by_seed));
  ObjectGuard g2(f(), s_, by_seed);
  const Bytes sk = read_value(f(), s_, by_seed);
  ASSERT_EQ(sk.size(), ml_dsa_sk_size(CKP_ML_DSA_65));
  EXPECT_EQ(get_attr(s_, by_seed, CKA_SEED), seed);
  ASSERT_OK(import_ml_dsa_private(f(), s_, CKP_ML_DSA_65, Bytes(), sk, &by_value));
  ObjectGuard g3(f(), s_, by_value);
  ASSERT_OK(import_ml_dsa_private(f(), s_, CKP_ML_DSA_65, seed, sk, &both));
  ObjectGuard g4(f(), s_, both);
  ContextMechanism det(CKM_ML_DSA, CKH_DETERMINISTIC_REQUIRED, Bytes());
  const Bytes s1 = sign_ok(det.mech, by_seed, kMessage);
  EXPECT_EQ(sign_ok(det.mech, by_value, kMessage), s1);
  EXPECT_EQ(sign_ok(det.mech, both, kMessage), s1);
  // The SPKI on the private key leads to a public key that verifies.
  EXPECT_EQ(get_attr(s_, by_seed, CKA_PUBLIC_KEY_INFO), get_attr(s_, by_value, CKA_PUBLIC_KEY_INFO));
  const Bytes spki = get_attr(s_, by_seed, CKA_PUBLIC_KEY_INFO);
  ASSERT_EQ(spki.size(), 22 + ml_dsa_pk_size(CKP_ML_DSA_65));
  CK_OBJECT_HANDLE derived_pub = CK_INVALID_HANDLE;
  ASSERT_OK(import_ml_dsa_public(f(), s_, CKP_ML_DSA_65, Bytes(spki.begin() + 22, spki.end()), &derived_pub));
  ObjectGuard g5(f(), s_, derived_pub);
  EXPECT_OK(verify_rv(det.mech, derived_pub, kMessage, s1));
  // Rejected imports.
  CK_OBJECT_HANDLE h = CK_INVALID_HANDLE;
  EXPECT_RV(CKR_ATTRIBUTE_VALUE_INVALID, import_ml_dsa_private(f(), s_, CKP_ML_DSA_65, Bytes(32, 0x12), sk, &h));
  Bytes damaged = sk;
  damaged[130] = 0xff;  // s1 coefficients out of range
  EXPECT_RV(CKR_ATTRIBUTE_VALUE_INVALID, import_ml_dsa_private(f(), s_, CKP_ML_DSA_65, Bytes(), damaged, &h));
  EXPECT_RV(CKR_ATTRIBUTE_VALUE_INVALID, import_ml_dsa_private(f(), s_, CKP_ML_DSA_44, Bytes(), sk, &h));
  EXPECT_RV(CKR_ATTRIBUTE_VALUE_INVALID, import_ml_dsa_private(f(), s_, CKP_ML_DSA_65, Bytes(31, 1), Bytes(), &h));
  EXPECT_RV(CKR_TEMPLATE_INCOMPLETE, import_ml_dsa_private(f(), s_, CKP_ML_DSA_65, Bytes(), Bytes(), &h));
  EXPECT_RV(CKR_PARAMETER_SET_NOT_SUPPORTED, import_ml_dsa_private(f(), s_, 9, seed, Bytes(), &h));
  EXPECT_RV(CKR_ATTRIBUTE_VALUE_INVALID, import_ml_dsa_public(f(), s_, CKP_ML_DSA_44, Bytes(1311, 0), &h));
  EXPECT_RV(CKR_PARAMETER_SET_NOT_SUPPORTED, import_ml_dsa_public(f(), s_, 0, pk, &h));
}

TEST_F(MlDsaAbi, KeyGenerationErrors) {
  KeyPair kp;
  EXPECT_RV(CKR_PARAMETER_SET_NOT_SUPPORTED, generate_ml_dsa(f(), s_, 4, &kp));
  // Private template naming another set than the public one.
  CK_ULONG set44 = CKP_ML_DSA_44, set65 = CKP_ML_DSA_65;
  CK_ATTRIBUTE pub[] = {attr(CKA_PARAMETER_SET, &set44, sizeof set44)};
  CK_ATTRIBUTE priv[] = {attr(CKA_PARAMETER_SET, &set65, sizeof set65)};
  CK_MECHANISM m{CKM_ML_DSA_KEY_PAIR_GEN, nullptr, 0};
  EXPECT_RV(CKR_TEMPLATE_INCONSISTENT, f()->C_GenerateKeyPair(s_, &m, pub, 1, priv, 1, &kp.pub, &kp.priv));
  // No parameter set at all, or only in the private template.
  EXPECT_RV(CKR_TEMPLATE_INCOMPLETE, f()->C_GenerateKeyPair(s_, &m, nullptr, 0, priv, 1, &kp.pub, &kp.priv));
  // Minimal templates work (defaults for everything else).
  ASSERT_OK(f()->C_GenerateKeyPair(s_, &m, pub, 1, nullptr, 0, &kp.pub, &kp.priv));
  EXPECT_EQ(get_attr(s_, kp.pub, CKA_VALUE).size(), 1312u);
  CK_ULONG junk = 0;
  CK_MECHANISM with_param{CKM_ML_DSA_KEY_PAIR_GEN, &junk, sizeof junk};
  EXPECT_RV(CKR_MECHANISM_PARAM_INVALID, f()->C_GenerateKeyPair(s_, &with_param, pub, 1, nullptr, 0, &kp.pub, &kp.priv));
  EXPECT_RV(CKR_ARGUMENTS_BAD, f()->C_GenerateKeyPair(s_, &m, pub, 1, nullptr, 0, nullptr, &kp.priv));
}

TEST_F(MlDsaAbi, UsageAndArgumentErrors) {
  KeyPair kp = keys(CKP_ML_DSA_44);
  // Wrong key types: an EC private key, an ML-DSA public key for signing.
  KeyPair ec = generate_ec(f(), s_, kP256Params, CKM_EC_KEY_PAIR_GEN);
  EXPECT_RV(CKR_KEY_TYPE_INCONSISTENT, f()->C_SignInit(s_, const_cast<CK_MECHANISM*>(&kPlain), ec.priv));
  EXPECT_RV(CKR_KEY_TYPE_INCONSISTENT, f()->C_VerifyInit(s_, const_cast<CK_MECHANISM*>(&kPlain), ec.pub));
  const CK_RV pub_sign = f()->C_SignInit(s_, const_cast<CK_MECHANISM*>(&kPlain), kp.pub);
  EXPECT_TRUE(pub_sign == CKR_KEY_FUNCTION_NOT_PERMITTED || pub_sign == CKR_KEY_TYPE_INCONSISTENT) << pub_sign;
  CK_MECHANISM ecdsa{CKM_ECDSA, nullptr, 0};
  EXPECT_RV(CKR_KEY_TYPE_INCONSISTENT, f()->C_SignInit(s_, &ecdsa, kp.priv));
  // CKA_SIGN false.
  KeyPair no_sign;
  ASSERT_OK(generate_ml_dsa(f(), s_, CKP_ML_DSA_44, &no_sign, false));
  EXPECT_RV(CKR_KEY_FUNCTION_NOT_PERMITTED, f()->C_SignInit(s_, const_cast<CK_MECHANISM*>(&kPlain), no_sign.priv));
  // NULL arguments.
  // A NULL mechanism cancels an active operation (PKCS#11 3.0 5.12); with none active there is nothing to end.
  EXPECT_RV(CKR_OPERATION_NOT_INITIALIZED, f()->C_SignInit(s_, nullptr, kp.priv));
  EXPECT_RV(CKR_OPERATION_NOT_INITIALIZED, f()->C_VerifyInit(s_, nullptr, kp.pub));
  ASSERT_OK(f()->C_SignInit(s_, const_cast<CK_MECHANISM*>(&kPlain), kp.priv));
  EXPECT_OK(f()->C_SignInit(s_, nullptr, kp.priv));  // cancels
  CK_ULONG n = 0;
  EXPECT_RV(CKR_OPERATION_NOT_INITIALIZED,
            f()->C_Sign(s_, const_cast<CK_BYTE*>(kMessage.data()), kMessage.size(), nullptr, &n));
  ASSERT_OK(f()->C_SignInit(s_, const_cast<CK_MECHANISM*>(&kPlain), kp.priv));
  EXPECT_RV(CKR_ARGUMENTS_BAD, f()->C_Sign(s_, const_cast<CK_BYTE*>(kMessage.data()), kMessage.size(), nullptr, nullptr));
  ASSERT_OK(f()->C_SignInit(s_, const_cast<CK_MECHANISM*>(&kPlain), kp.priv));
  EXPECT_RV(CKR_ARGUMENTS_BAD, f()->C_Sign(s_, nullptr, 5, nullptr, nullptr));
  ASSERT_OK(f()->C_VerifyInit(s_, const_cast<CK_MECHANISM*>(&kPlain), kp.pub));
  EXPECT_RV(CKR_ARGUMENTS_BAD, f()->C_Verify(s_, const_cast<CK_BYTE*>(kMessage.data()), kMessage.size(), nullptr, 10));
  // An empty message is a message.
  Bytes empty_sig;
  ASSERT_OK(sign_once(f(), s_, kPlain, kp.priv, Bytes(), &empty_sig));
  EXPECT_OK(verify_rv(kPlain, kp.pub, Bytes(), empty_sig));
}

}  // namespace
}  // namespace craton::test
