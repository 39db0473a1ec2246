// The ML-DSA mechanism family (src/mechanisms/ml_dsa*.cc) below the ABI:
// registry rows, CKM_ML_DSA_KEY_PAIR_GEN with its template rules and
// pairwise consistency test, sign/verify through the registry factories for
// CKM_ML_DSA, CKM_HASH_ML_DSA and every CKM_HASH_ML_DSA_<hash> (compared with
// the pqc layer's byte-level functions and independently computed digests),
// the mechanism parameters, error codes, and the key import check (ACVP
// keyGen vectors by seed, by value and both; damaged keys).
#include <gtest/gtest.h>

#include <algorithm>
#include <stdexcept>
#include <string>

#include "core/self_test_failure.h"
#include "mechanisms/ml_dsa_internal.h"
#include "mechanisms/registry.h"
#include "ml_dsa_test_util.h"
#include "pqc_mech_test_util.h"

namespace craton {
namespace {
using namespace mldsatest;
using pqc::MlDsaParams;
using pqc::MlDsaPreHash;

constexpr MlDsaParams kAllParams[] = {MlDsaParams::k44, MlDsaParams::k65, MlDsaParams::k87};

Bytes to_bytes(ByteView v) { return Bytes(v.begin(), v.end()); }
ByteView text(const char* s) { return as_bytes(s); }

using pqcmechtest::entry;
using pqcmechtest::object;

CK_ULONG set_of(MlDsaParams p) { return mech::dsa::ml_dsa_parameter_set(p); }

Result<mech::KeyPairMaterial> generate(const objects::AttributeMap& pub, const objects::AttributeMap& priv,
                                       CK_MECHANISM m = {CKM_ML_DSA_KEY_PAIR_GEN, nullptr, 0}) {
  return pqcmechtest::generate_pair(CKM_ML_DSA_KEY_PAIR_GEN, pub, priv, m);
}

Result<mech::KeyPairMaterial> generate(MlDsaParams p) {
  return pqcmechtest::generate_for_set(CKM_ML_DSA_KEY_PAIR_GEN, set_of(p));
}

struct Pair {
  MlDsaParams params;
  mech::KeyRef pub, priv;
  Bytes pk;
  SecureBytes sk;
};

Pair make_key_pair(MlDsaParams p) {
  auto m = generate(p);
  if (!m) throw std::runtime_error("keygen failed");
  return Pair{p, object(m->public_attrs), object(m->private_attrs), to_bytes(m->public_attrs.view(CKA_VALUE)),
              SecureBytes(m->private_attrs.view(CKA_VALUE))};
}

Result<std::unique_ptr<mech::SignOperation>> sign_op(const CK_MECHANISM& m, const mech::KeyRef& key) {
  mech::MechContext ctx{&m, key, {}};
  return entry(m.mechanism).sign(ctx);
}
Result<std::unique_ptr<mech::VerifyOperation>> verify_op(const CK_MECHANISM& m, const mech::KeyRef& key) {
  mech::MechContext ctx{&m, key, {}};
  return entry(m.mechanism).verify(ctx);
}

// Single-part sign; empty on failure (with a test failure).
Bytes sign_once(const CK_MECHANISM& m, const mech::KeyRef& key, ByteView data) {
  auto op = sign_op(m, key);
  EXPECT_TRUE(op.is_ok()) << op.rv();
  if (!op) return {};
  Bytes sig((*op)->signature_size());
  auto n = (*op)->sign(data, sig);
  EXPECT_TRUE(n.is_ok()) << n.rv();
  if (!n) return {};
  sig.resize(*n);
  return sig;
}

CK_RV verify_once(const CK_MECHANISM& m, const mech::KeyRef& key, ByteView data, ByteView sig) {
  auto op = verify_op(m, key);
  if (!op) return op.rv();
  return (*op)->verify(data, sig).rv();
}

CK_SIGN_ADDITIONAL_CONTEXT context_param(CK_HEDGE_TYPE hedge, const Bytes& ctx) {
  return CK_SIGN_ADDITIONAL_CONTEXT{hedge, ctx.empty() ? nullptr : const_cast<CK_BYTE*>(ctx.data()),
                                    static_cast<CK_ULONG>(ctx.size())};
}

const Bytes kZeroRnd(32, 0);

TEST(MlDsaMech, RegistryRows) {
  const auto& gen = entry(CKM_ML_DSA_KEY_PAIR_GEN);
  EXPECT_EQ(gen.flags, CKF_GENERATE_KEY_PAIR);
  EXPECT_NE(gen.generate_key_pair, nullptr);
  const CK_MECHANISM_TYPE sig_rows[] = {
      CKM_ML_DSA,           CKM_HASH_ML_DSA,        CKM_HASH_ML_DSA_SHA224,   CKM_HASH_ML_DSA_SHA256,
      CKM_HASH_ML_DSA_SHA384, CKM_HASH_ML_DSA_SHA512, CKM_HASH_ML_DSA_SHA3_224, CKM_HASH_ML_DSA_SHA3_256,
      CKM_HASH_ML_DSA_SHA3_384, CKM_HASH_ML_DSA_SHA3_512, CKM_HASH_ML_DSA_SHAKE128, CKM_HASH_ML_DSA_SHAKE256};
  for (CK_MECHANISM_TYPE t : sig_rows) {
    const auto& e = entry(t);
    EXPECT_EQ(e.flags, CKF_SIGN | CKF_VERIFY) << e.name;
    EXPECT_NE(e.sign, nullptr) << e.name;
    EXPECT_NE(e.verify, nullptr) << e.name;
    EXPECT_EQ(e.generate_key_pair, nullptr) << e.name;
  }
  EXPECT_EQ(entry(CKM_HASH_ML_DSA_SHAKE256).name, "CKM_HASH_ML_DSA_SHAKE256");
  for (const auto& e : mech::Registry::instance().entries()) {
    if (e.type != CKM_ML_DSA_KEY_PAIR_GEN && std::find(std::begin(sig_rows), std::end(sig_rows), e.type) ==
                                                 std::end(sig_rows))
      continue;
    EXPECT_EQ(e.min_key_size, 1312u) << e.name;  // public-key bytes of ML-DSA-44 ..
    EXPECT_EQ(e.max_key_size, 2592u) << e.name;  // .. and ML-DSA-87
    EXPECT_FALSE(e.fips_approved) << e.name;
  }
}

TEST(MlDsaMech, GenerateEveryParameterSet) {
  for (MlDsaParams p : kAllParams) {
    auto m = generate(p);
    ASSERT_TRUE(m.is_ok()) << m.rv();
    const auto& pub = m->public_attrs;
    const auto& priv = m->private_attrs;
    EXPECT_EQ(pub.get_ulong(CKA_CLASS), CKO_PUBLIC_KEY);
    EXPECT_EQ(pub.get_ulong(CKA_KEY_TYPE), CKK_ML_DSA);
    EXPECT_EQ(pub.get_ulong(CKA_PARAMETER_SET), set_of(p));
    EXPECT_EQ(priv.get_ulong(CKA_CLASS), CKO_PRIVATE_KEY);
    EXPECT_EQ(priv.get_ulong(CKA_KEY_TYPE), CKK_ML_DSA);
    EXPECT_EQ(priv.get_ulong(CKA_PARAMETER_SET), set_of(p));
    ASSERT_EQ(pub.view(CKA_VALUE).size(), pqc::ml_dsa_public_key_size(p));
    ASSERT_EQ(priv.view(CKA_VALUE).size(), pqc::ml_dsa_private_key_size(p));
    ASSERT_EQ(priv.view(CKA_SEED).size(), 32u);
    // The stored seed is xi of the stored keys (FIPS 204 KeyGen_internal).
    auto again = pqc::keygen_internal(p, priv.view(CKA_SEED));
    ASSERT_TRUE(again.is_ok());
    EXPECT_EQ(again->public_key, to_bytes(pub.view(CKA_VALUE)));
    EXPECT_EQ(to_bytes(again->private_key.view()), to_bytes(priv.view(CKA_VALUE)));
    // SPKI: SEQUENCE { SEQUENCE { OID 2.16.840.1.101.3.4.3.(16 + set) }, BIT STRING pk }.
    const std::size_t pk_len = pqc::ml_dsa_public_key_size(p), bits = pk_len + 1, total = 13 + 4 + bits;
    Bytes spki = {0x30, 0x82, static_cast<std::uint8_t>(total >> 8), static_cast<std::uint8_t>(total & 0xff), 0x30,
                  0x0b, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x03,
                  static_cast<std::uint8_t>(16 + set_of(p)), 0x03, 0x82, static_cast<std::uint8_t>(bits >> 8),
                  static_cast<std::uint8_t>(bits & 0xff), 0x00};
    spki.insert(spki.end(), pub.view(CKA_VALUE).begin(), pub.view(CKA_VALUE).end());
    EXPECT_EQ(to_bytes(pub.view(CKA_PUBLIC_KEY_INFO)), spki);
    EXPECT_EQ(to_bytes(priv.view(CKA_PUBLIC_KEY_INFO)), spki);
  }
  auto a = generate(MlDsaParams::k44), b = generate(MlDsaParams::k44);
  ASSERT_TRUE(a.is_ok() && b.is_ok());
  EXPECT_NE(to_bytes(a->private_attrs.view(CKA_SEED)), to_bytes(b->private_attrs.view(CKA_SEED)));
}

TEST(MlDsaMech, GenerateTemplateRules) {
  objects::AttributeMap pub, priv;
  EXPECT_EQ(generate(pub, priv).rv(), CKR_TEMPLATE_INCOMPLETE);  // no CKA_PARAMETER_SET
  for (CK_ULONG bad : {CK_ULONG{0}, CK_ULONG{4}, CK_ULONG{0x80000001}}) {
    pub.set_ulong(CKA_PARAMETER_SET, bad);
    EXPECT_EQ(generate(pub, priv).rv(), CKR_PARAMETER_SET_NOT_SUPPORTED) << bad;
  }
  pub.set(CKA_PARAMETER_SET, Bytes{2, 0, 0});  // not a CK_ULONG
  EXPECT_EQ(generate(pub, priv).rv(), CKR_ATTRIBUTE_VALUE_INVALID);
  pub.set_ulong(CKA_PARAMETER_SET, CKP_ML_DSA_65);
  priv.set_ulong(CKA_PARAMETER_SET, CKP_ML_DSA_65);  // pkcs11-tool repeats it
  auto ok = generate(pub, priv);
  ASSERT_TRUE(ok.is_ok());
  EXPECT_EQ(ok->public_attrs.view(CKA_VALUE).size(), 1952u);
  priv.set_ulong(CKA_PARAMETER_SET, CKP_ML_DSA_44);
  EXPECT_EQ(generate(pub, priv).rv(), CKR_TEMPLATE_INCONSISTENT);
  objects::AttributeMap only_priv;
  only_priv.set_ulong(CKA_PARAMETER_SET, CKP_ML_DSA_65);
  EXPECT_EQ(generate(objects::AttributeMap(), only_priv).rv(), CKR_TEMPLATE_INCOMPLETE);
  priv.erase(CKA_PARAMETER_SET);
  priv.set_ulong(CKA_KEY_TYPE, CKK_ML_KEM);
  EXPECT_EQ(generate(pub, priv).rv(), CKR_TEMPLATE_INCONSISTENT);
  priv.set_ulong(CKA_KEY_TYPE, CKK_ML_DSA);
  EXPECT_TRUE(generate(pub, priv).is_ok());
  CK_ULONG junk = 1;
  EXPECT_EQ(generate(pub, priv, CK_MECHANISM{CKM_ML_DSA_KEY_PAIR_GEN, &junk, sizeof junk}).rv(),
            CKR_MECHANISM_PARAM_INVALID);
}

std::string g_reported;
void record_failure(const char* what) { g_reported = what; }

TEST(MlDsaMech, PairwiseConsistencyTest) {
  for (MlDsaParams p : kAllParams) {
    Bytes pk, other_pk;
    auto key = pqc::MlDsaExpandedPrivateKey::from_seed(p, Bytes(32, 0x5a), &pk);
    auto other = pqc::MlDsaExpandedPrivateKey::from_seed(p, Bytes(32, 0xa5), &other_pk);
    ASSERT_TRUE(key.is_ok() && other.is_ok());
    set_self_test_failure_handler(record_failure);
    g_reported.clear();
    EXPECT_TRUE(mech::dsa::pairwise_test_ml_dsa(*key, pk).is_ok());
    EXPECT_EQ(g_reported, "");
    // The public key of another pair: the signature does not verify.
    EXPECT_EQ(mech::dsa::pairwise_test_ml_dsa(*key, other_pk).rv(), CKR_FUNCTION_FAILED);
    EXPECT_EQ(g_reported, "ML-DSA pairwise");
    g_reported.clear();
    Bytes flipped = pk;
    flipped[40] ^= 0x01;  // a bit of t1
    EXPECT_EQ(mech::dsa::pairwise_test_ml_dsa(*key, flipped).rv(), CKR_FUNCTION_FAILED);
    EXPECT_EQ(g_reported, "ML-DSA pairwise");
    g_reported.clear();
    flipped.pop_back();  // wrong length
    EXPECT_EQ(mech::dsa::pairwise_test_ml_dsa(*key, flipped).rv(), CKR_FUNCTION_FAILED);
    EXPECT_EQ(g_reported, "ML-DSA pairwise");
    set_self_test_failure_handler(nullptr);
  }
}

TEST(MlDsaMech, PureSignVerifyEveryParameterSet) {
  const Bytes msg = to_bytes(text("the quick brown fox"));
  for (MlDsaParams p : kAllParams) {
    Pair kp = make_key_pair(p);
    const CK_MECHANISM plain{CKM_ML_DSA, nullptr, 0};
    Bytes sig = sign_once(plain, kp.priv, msg);
    ASSERT_EQ(sig.size(), pqc::ml_dsa_signature_size(p));
    EXPECT_EQ(verify_once(plain, kp.pub, msg, sig), CKR_OK);
    // Independent check with the byte-level pqc API.
    EXPECT_TRUE(pqc::verify(p, kp.pk, msg, ByteView(), sig).is_ok());
    // Default is hedged: two signatures differ, both verify.
    Bytes sig2 = sign_once(plain, kp.priv, msg);
    EXPECT_NE(sig, sig2);
    EXPECT_EQ(verify_once(plain, kp.pub, msg, sig2), CKR_OK);
    // Rejections.
    Bytes bad = sig;
    bad[bad.size() / 2] ^= 0x20;
    EXPECT_EQ(verify_once(plain, kp.pub, msg, bad), CKR_SIGNATURE_INVALID);
    EXPECT_EQ(verify_once(plain, kp.pub, to_bytes(text("the quick brown fax")), sig), CKR_SIGNATURE_INVALID);
    Bytes shorter(sig.begin(), sig.end() - 1), longer = sig;
    longer.push_back(0);
    EXPECT_EQ(verify_once(plain, kp.pub, msg, shorter), CKR_SIGNATURE_LEN_RANGE);
    EXPECT_EQ(verify_once(plain, kp.pub, msg, longer), CKR_SIGNATURE_LEN_RANGE);
    EXPECT_EQ(verify_once(plain, kp.pub, msg, ByteView()), CKR_SIGNATURE_LEN_RANGE);
  }
}

TEST(MlDsaMech, HedgeVariants) {
  Pair kp = make_key_pair(MlDsaParams::k44);
  const Bytes msg = to_bytes(text("hedge"));
  const Bytes ctx = to_bytes(text("ctx"));
  auto det = context_param(CKH_DETERMINISTIC_REQUIRED, ctx);
  const CK_MECHANISM det_m{CKM_ML_DSA, &det, sizeof det};
  Bytes d1 = sign_once(det_m, kp.priv, msg), d2 = sign_once(det_m, kp.priv, msg);
  EXPECT_EQ(d1, d2);
  auto expect = pqc::sign(kp.params, kp.sk.view(), msg, ctx, kZeroRnd);  // rnd = 0^32
  ASSERT_TRUE(expect.is_ok());
  EXPECT_EQ(d1, *expect);
  for (CK_HEDGE_TYPE h : {CKH_HEDGE_PREFERRED, CKH_HEDGE_REQUIRED}) {
    auto hp = context_param(h, ctx);
    const CK_MECHANISM m{CKM_ML_DSA, &hp, sizeof hp};
    Bytes s1 = sign_once(m, kp.priv, msg), s2 = sign_once(m, kp.priv, msg);
    EXPECT_NE(s1, s2) << h;
    EXPECT_NE(s1, d1) << h;
    EXPECT_EQ(verify_once(m, kp.pub, msg, s1), CKR_OK) << h;
    EXPECT_EQ(verify_once(det_m, kp.pub, msg, s2), CKR_OK) << h;
  }
  for (CK_HEDGE_TYPE h : {CK_HEDGE_TYPE{3}, CK_HEDGE_TYPE{0x80000000}}) {
    auto hp = context_param(h, ctx);
    const CK_MECHANISM m{CKM_ML_DSA, &hp, sizeof hp};
    EXPECT_EQ(sign_op(m, kp.priv).rv(), CKR_MECHANISM_PARAM_INVALID) << h;
    // The spec: hedgeVariant is ignored on verify.
    EXPECT_EQ(verify_once(m, kp.pub, msg, d1), CKR_OK) << h;
  }
}

TEST(MlDsaMech, ContextHandling) {
  Pair kp = make_key_pair(MlDsaParams::k65);
  const Bytes msg = to_bytes(text("context"));
  Bytes ctx255(255);
  for (std::size_t i = 0; i < ctx255.size(); ++i) ctx255[i] = static_cast<std::uint8_t>(i);
  auto p255 = context_param(CKH_DETERMINISTIC_REQUIRED, ctx255);
  const CK_MECHANISM m255{CKM_ML_DSA, &p255, sizeof p255};
  Bytes sig = sign_once(m255, kp.priv, msg);
  auto expect = pqc::sign(kp.params, kp.sk.view(), msg, ctx255, kZeroRnd);
  ASSERT_TRUE(expect.is_ok());
  EXPECT_EQ(sig, *expect);
  EXPECT_EQ(verify_once(m255, kp.pub, msg, sig), CKR_OK);
  // Another context, or none, does not verify.
  EXPECT_EQ(verify_once(CK_MECHANISM{CKM_ML_DSA, nullptr, 0}, kp.pub, msg, sig), CKR_SIGNATURE_INVALID);
  Bytes other = ctx255;
  other.back() ^= 1;
  auto po = context_param(CKH_HEDGE_PREFERRED, other);
  EXPECT_EQ(verify_once(CK_MECHANISM{CKM_ML_DSA, &po, sizeof po}, kp.pub, msg, sig), CKR_SIGNATURE_INVALID);
  // An empty context equals no parameter.
  auto empty = context_param(CKH_DETERMINISTIC_REQUIRED, Bytes());
  Bytes s_empty = sign_once(CK_MECHANISM{CKM_ML_DSA, &empty, sizeof empty}, kp.priv, msg);
  EXPECT_EQ(verify_once(CK_MECHANISM{CKM_ML_DSA, nullptr, 0}, kp.pub, msg, s_empty), CKR_OK);
  // Malformed parameters.
  Bytes ctx256(256, 7);
  auto p256 = context_param(CKH_HEDGE_PREFERRED, ctx256);
  EXPECT_EQ(sign_op(CK_MECHANISM{CKM_ML_DSA, &p256, sizeof p256}, kp.priv).rv(), CKR_MECHANISM_PARAM_INVALID);
  EXPECT_EQ(verify_op(CK_MECHANISM{CKM_ML_DSA, &p256, sizeof p256}, kp.pub).rv(), CKR_MECHANISM_PARAM_INVALID);
  CK_SIGN_ADDITIONAL_CONTEXT null_ctx{CKH_HEDGE_PREFERRED, nullptr, 4};
  EXPECT_EQ(sign_op(CK_MECHANISM{CKM_ML_DSA, &null_ctx, sizeof null_ctx}, kp.priv).rv(), CKR_MECHANISM_PARAM_INVALID);
  EXPECT_EQ(sign_op(CK_MECHANISM{CKM_ML_DSA, &p255, sizeof p255 - 1}, kp.priv).rv(), CKR_MECHANISM_PARAM_INVALID);
  EXPECT_EQ(sign_op(CK_MECHANISM{CKM_ML_DSA, nullptr, sizeof p255}, kp.priv).rv(), CKR_MECHANISM_PARAM_INVALID);
  // A pointer with length 0 counts as no parameter.
  EXPECT_TRUE(sign_op(CK_MECHANISM{CKM_ML_DSA, &p255, 0}, kp.priv).is_ok());
}

TEST(MlDsaMech, MultiPartAndShortBuffer) {
  Pair kp = make_key_pair(MlDsaParams::k87);
  Bytes msg(3000);
  for (std::size_t i = 0; i < msg.size(); ++i) msg[i] = static_cast<std::uint8_t>(i * 7);
  const Bytes ctx = to_bytes(text("multi"));
  auto det = context_param(CKH_DETERMINISTIC_REQUIRED, ctx);
  const CK_MECHANISM m{CKM_ML_DSA, &det, sizeof det};
  auto op = sign_op(m, kp.priv);
  ASSERT_TRUE(op.is_ok());
  EXPECT_TRUE((*op)->multipart());
  const ByteView all(msg);
  ASSERT_TRUE((*op)->update(all.first(1)).is_ok());
  ASSERT_TRUE((*op)->update(all.subspan(1, 0)).is_ok());
  ASSERT_TRUE((*op)->update(all.subspan(1, 1000)).is_ok());
  ASSERT_TRUE((*op)->update(all.subspan(1001)).is_ok());
  const std::size_t n = pqc::ml_dsa_signature_size(kp.params);
  Bytes sig(n + 5, 0xee);
  auto small = (*op)->final(MutableByteView(sig.data(), n - 1));
  EXPECT_EQ(small.rv(), CKR_BUFFER_TOO_SMALL);
  EXPECT_EQ(small.error().needed, n);
  EXPECT_EQ(sig[0], 0xee);
  auto done = (*op)->final(sig);  // the retry signs the same stream
  ASSERT_TRUE(done.is_ok());
  EXPECT_EQ(*done, n);
  EXPECT_EQ(sig[n], 0xee);
  sig.resize(n);
  EXPECT_EQ(sig, sign_once(m, kp.priv, msg));
  // Multi-part verify.
  auto vop = verify_op(m, kp.pub);
  ASSERT_TRUE(vop.is_ok());
  EXPECT_TRUE((*vop)->multipart());
  ASSERT_TRUE((*vop)->update(all.first(2999)).is_ok());
  ASSERT_TRUE((*vop)->update(all.subspan(2999)).is_ok());
  EXPECT_TRUE((*vop)->final(sig).is_ok());
  // Single-part sign with a short buffer.
  auto op2 = sign_op(m, kp.priv);
  ASSERT_TRUE(op2.is_ok());
  Bytes tiny(10);
  EXPECT_EQ((*op2)->sign(msg, tiny).rv(), CKR_BUFFER_TOO_SMALL);
  Bytes full(n);
  ASSERT_TRUE((*op2)->sign(msg, full).is_ok());
  EXPECT_EQ(full, sig);
}

struct TokenHash {
  CK_MECHANISM_TYPE mech;
  CK_MECHANISM_TYPE digest;  // 0: none (SHAKE)
  const char* acvp_name;
};
constexpr TokenHash kTokenHashes[] = {
    {CKM_HASH_ML_DSA_SHA224, CKM_SHA224, "SHA2-224"},       {CKM_HASH_ML_DSA_SHA256, CKM_SHA256, "SHA2-256"},
    {CKM_HASH_ML_DSA_SHA384, CKM_SHA384, "SHA2-384"},       {CKM_HASH_ML_DSA_SHA512, CKM_SHA512, "SHA2-512"},
    {CKM_HASH_ML_DSA_SHA3_224, CKM_SHA3_224, "SHA3-224"},   {CKM_HASH_ML_DSA_SHA3_256, CKM_SHA3_256, "SHA3-256"},
    {CKM_HASH_ML_DSA_SHA3_384, CKM_SHA3_384, "SHA3-384"},   {CKM_HASH_ML_DSA_SHA3_512, CKM_SHA3_512, "SHA3-512"},
    {CKM_HASH_ML_DSA_SHAKE128, 0, "SHAKE-128"},             {CKM_HASH_ML_DSA_SHAKE256, 0, "SHAKE-256"},
};

TEST(MlDsaMech, TokenHashEveryHash) {
  Pair kp = make_key_pair(MlDsaParams::k44);
  const Bytes msg = to_bytes(text("pre-hashed by the token, streamed in pieces"));
  const Bytes ctx = to_bytes(text("ph"));
  auto det = context_param(CKH_DETERMINISTIC_REQUIRED, ctx);
  for (const TokenHash& th : kTokenHashes) {
    const CK_MECHANISM m{th.mech, &det, sizeof det};
    auto op = sign_op(m, kp.priv);
    ASSERT_TRUE(op.is_ok()) << th.acvp_name;
    EXPECT_TRUE((*op)->multipart());
    ASSERT_TRUE((*op)->update(ByteView(msg).first(10)).is_ok());
    ASSERT_TRUE((*op)->update(ByteView(msg).subspan(10)).is_ok());
    Bytes sig(pqc::ml_dsa_signature_size(kp.params));
    ASSERT_TRUE((*op)->final(sig).is_ok());
    // Independent digest (OpenSSL / pqc SHAKE) and the pqc HashML-DSA.
    const PreHashAlg ph = prehash(th.acvp_name, msg);
    auto expect = pqc::sign_prehash(kp.params, kp.sk.view(), ph.digest, ph.alg, ctx, kZeroRnd);
    ASSERT_TRUE(expect.is_ok());
    EXPECT_EQ(sig, *expect) << th.acvp_name;
    EXPECT_EQ(verify_once(m, kp.pub, msg, sig), CKR_OK) << th.acvp_name;
    EXPECT_EQ(verify_once(CK_MECHANISM{th.mech, nullptr, 0}, kp.pub, msg, sig), CKR_SIGNATURE_INVALID);  // no ctx
    EXPECT_EQ(verify_once(CK_MECHANISM{CKM_ML_DSA, &det, sizeof det}, kp.pub, msg, sig), CKR_SIGNATURE_INVALID);
    // Hedged, no parameter.
    Bytes hedged = sign_once(CK_MECHANISM{th.mech, nullptr, 0}, kp.priv, msg);
    EXPECT_EQ(verify_once(CK_MECHANISM{th.mech, nullptr, 0}, kp.pub, msg, hedged), CKR_OK) << th.acvp_name;
    if (th.digest == 0) continue;
    // CKM_HASH_ML_DSA with the caller's digest gives the same signature.
    CK_HASH_SIGN_ADDITIONAL_CONTEXT hp{CKH_DETERMINISTIC_REQUIRED, const_cast<CK_BYTE*>(ctx.data()), ctx.size(),
                                       th.digest};
    const CK_MECHANISM given{CKM_HASH_ML_DSA, &hp, sizeof hp};
    EXPECT_EQ(sign_once(given, kp.priv, ph.digest), sig) << th.acvp_name;
    EXPECT_EQ(verify_once(given, kp.pub, ph.digest, sig), CKR_OK) << th.acvp_name;
  }
}

TEST(MlDsaMech, GivenDigestRules) {
  Pair kp = make_key_pair(MlDsaParams::k65);
  const Bytes msg = to_bytes(text("digest me"));
  // SHA-512/224 and SHA-512/256: FIPS 204 pre-hashes without a _<hash> mechanism.
  for (auto [digest_mech, name] : {std::pair{CKM_SHA512_224, "SHA2-512/224"}, std::pair{CKM_SHA512_256, "SHA2-512/256"}}) {
    const PreHashAlg ph = prehash(name, msg);
    CK_HASH_SIGN_ADDITIONAL_CONTEXT hp{CKH_DETERMINISTIC_REQUIRED, nullptr, 0, digest_mech};
    const CK_MECHANISM m{CKM_HASH_ML_DSA, &hp, sizeof hp};
    Bytes sig = sign_once(m, kp.priv, ph.digest);
    auto expect = pqc::sign_prehash(kp.params, kp.sk.view(), ph.digest, ph.alg, ByteView(), kZeroRnd);
    ASSERT_TRUE(expect.is_ok());
    EXPECT_EQ(sig, *expect) << name;
    EXPECT_EQ(verify_once(m, kp.pub, ph.digest, sig), CKR_OK);
  }
  CK_HASH_SIGN_ADDITIONAL_CONTEXT hp{CKH_HEDGE_PREFERRED, nullptr, 0, CKM_SHA256};
  const CK_MECHANISM m{CKM_HASH_ML_DSA, &hp, sizeof hp};
  const Bytes digest = prehash("SHA2-256", msg).digest;
  Bytes sig = sign_once(m, kp.priv, digest);
  EXPECT_EQ(verify_once(m, kp.pub, digest, sig), CKR_OK);
  // Single-part only.
  auto op = sign_op(m, kp.priv);
  ASSERT_TRUE(op.is_ok());
  EXPECT_FALSE((*op)->multipart());
  auto vop = verify_op(m, kp.pub);
  ASSERT_TRUE(vop.is_ok());
  EXPECT_FALSE((*vop)->multipart());
  // Input length must be the digest length.
  Bytes out(pqc::ml_dsa_signature_size(kp.params));
  for (std::size_t len : {std::size_t{0}, std::size_t{31}, std::size_t{33}, std::size_t{64}}) {
    auto o = sign_op(m, kp.priv);
    ASSERT_TRUE(o.is_ok());
    EXPECT_EQ((*o)->sign(Bytes(len, 1), out).rv(), CKR_DATA_LEN_RANGE) << len;
    EXPECT_EQ(verify_once(m, kp.pub, Bytes(len, 1), sig), CKR_DATA_LEN_RANGE) << len;
  }
  // The parameter is required and must name a supported digest.
  EXPECT_EQ(sign_op(CK_MECHANISM{CKM_HASH_ML_DSA, nullptr, 0}, kp.priv).rv(), CKR_MECHANISM_PARAM_INVALID);
  EXPECT_EQ(verify_op(CK_MECHANISM{CKM_HASH_ML_DSA, nullptr, 0}, kp.pub).rv(), CKR_MECHANISM_PARAM_INVALID);
  CK_SIGN_ADDITIONAL_CONTEXT short_param{CKH_HEDGE_PREFERRED, nullptr, 0};
  EXPECT_EQ(sign_op(CK_MECHANISM{CKM_HASH_ML_DSA, &short_param, sizeof short_param}, kp.priv).rv(),
            CKR_MECHANISM_PARAM_INVALID);
  for (CK_MECHANISM_TYPE bad : {CKM_SHA_1, CKM_MD5, CKM_SHAKE_128_KEY_DERIVATION, CKM_ML_DSA, CK_MECHANISM_TYPE{0}}) {
    CK_HASH_SIGN_ADDITIONAL_CONTEXT bp{CKH_HEDGE_PREFERRED, nullptr, 0, bad};
    EXPECT_EQ(sign_op(CK_MECHANISM{CKM_HASH_ML_DSA, &bp, sizeof bp}, kp.priv).rv(), CKR_MECHANISM_PARAM_INVALID) << bad;
  }
  CK_HASH_SIGN_ADDITIONAL_CONTEXT bad_hedge{7, nullptr, 0, CKM_SHA256};
  EXPECT_EQ(sign_op(CK_MECHANISM{CKM_HASH_ML_DSA, &bad_hedge, sizeof bad_hedge}, kp.priv).rv(),
            CKR_MECHANISM_PARAM_INVALID);
  Bytes ctx256(256);
  CK_HASH_SIGN_ADDITIONAL_CONTEXT long_ctx{CKH_HEDGE_PREFERRED, ctx256.data(), 256, CKM_SHA256};
  EXPECT_EQ(sign_op(CK_MECHANISM{CKM_HASH_ML_DSA, &long_ctx, sizeof long_ctx}, kp.priv).rv(),
            CKR_MECHANISM_PARAM_INVALID);
  // CKM_HASH_ML_DSA_<hash> takes CK_SIGN_ADDITIONAL_CONTEXT, not the hash form.
  EXPECT_EQ(sign_op(CK_MECHANISM{CKM_HASH_ML_DSA_SHA256, &hp, sizeof hp}, kp.priv).rv(), CKR_MECHANISM_PARAM_INVALID);
}

TEST(MlDsaMech, KeyChecksAndCache) {
  Pair kp = make_key_pair(MlDsaParams::k44);
  const CK_MECHANISM m{CKM_ML_DSA, nullptr, 0};
  EXPECT_EQ(sign_op(m, kp.pub).rv(), CKR_KEY_TYPE_INCONSISTENT);
  EXPECT_EQ(verify_op(m, kp.priv).rv(), CKR_KEY_TYPE_INCONSISTENT);
  objects::AttributeMap kem = kp.priv->attrs;
  kem.set_ulong(CKA_KEY_TYPE, CKK_ML_KEM);
  EXPECT_EQ(sign_op(m, object(kem)).rv(), CKR_KEY_TYPE_INCONSISTENT);
  objects::AttributeMap ec = kp.pub->attrs;
  ec.set_ulong(CKA_KEY_TYPE, CKK_EC);
  EXPECT_EQ(verify_op(m, object(ec)).rv(), CKR_KEY_TYPE_INCONSISTENT);
  objects::AttributeMap damaged = kp.priv->attrs;
  damaged.set(CKA_VALUE, Bytes(100, 1));
  damaged.erase(CKA_SEED);
  EXPECT_EQ(sign_op(m, object(damaged)).rv(), CKR_KEY_TYPE_INCONSISTENT);
  EXPECT_EQ(sign_op(m, nullptr).rv(), CKR_KEY_HANDLE_INVALID);
  // A seed-only object (no import check ran) is expanded from its seed.
  objects::AttributeMap seed_only = kp.priv->attrs;
  seed_only.erase(CKA_VALUE);
  const Bytes msg = to_bytes(text("seed only"));
  EXPECT_EQ(verify_once(m, kp.pub, msg, sign_once(m, object(seed_only), msg)), CKR_OK);
  // The expanded key is built once per object snapshot.
  auto a = mech::dsa::ml_dsa_private_key_for(*kp.priv);
  auto b = mech::dsa::ml_dsa_private_key_for(*kp.priv);
  ASSERT_TRUE(a.is_ok() && b.is_ok());
  EXPECT_EQ(a->get(), b->get());
  auto c = mech::dsa::ml_dsa_public_key_for(*kp.pub);
  auto d = mech::dsa::ml_dsa_public_key_for(*kp.pub);
  ASSERT_TRUE(c.is_ok() && d.is_ok());
  EXPECT_EQ(c->get(), d->get());
}

// --- import check ---------------------------------------------------------------

objects::AttributeMap key_attrs(CK_OBJECT_CLASS cls, CK_ULONG set) {
  objects::AttributeMap a;
  a.set_ulong(CKA_CLASS, cls);
  a.set_ulong(CKA_KEY_TYPE, CKK_ML_DSA);
  a.set_ulong(CKA_PARAMETER_SET, set);
  return a;
}

Status import(CK_OBJECT_CLASS cls, objects::AttributeMap& attrs) { return mech::check_imported_key(cls, CKK_ML_DSA, attrs); }

TEST(MlDsaMech, ImportAcvpKeyGenVectors) {
  const auto& prompt = load_json("acvp/ML-DSA-keyGen-FIPS204/prompt.json");
  const auto results = results_by_tc(load_json("acvp/ML-DSA-keyGen-FIPS204/expectedResults.json"));
  int cases = 0;
  for (const auto& g : prompt.at("testGroups")) {
    const MlDsaParams p = params_from_name(g.at("parameterSet").get<std::string>());
    for (const auto& t : g.at("tests")) {
      const auto& want = results.at(t.at("tcId").get<int>());
      const Bytes seed = hex_field(t, "seed"), pk = hex_field(want, "pk"), sk = hex_field(want, "sk");
      // Seed only: the check adds CKA_VALUE = sk.
      auto by_seed = key_attrs(CKO_PRIVATE_KEY, set_of(p));
      by_seed.set(CKA_SEED, seed);
      ASSERT_TRUE(import(CKO_PRIVATE_KEY, by_seed).is_ok()) << t.at("tcId");
      EXPECT_EQ(to_bytes(by_seed.view(CKA_VALUE)), sk) << t.at("tcId");
      // Value only, and both.
      auto by_value = key_attrs(CKO_PRIVATE_KEY, set_of(p));
      by_value.set(CKA_VALUE, sk);
      ASSERT_TRUE(import(CKO_PRIVATE_KEY, by_value).is_ok()) << t.at("tcId");
      EXPECT_FALSE(by_value.has(CKA_SEED));
      auto both = by_seed;
      ASSERT_TRUE(import(CKO_PRIVATE_KEY, both).is_ok()) << t.at("tcId");
      // Public key; the SPKI agrees across all forms.
      auto pub = key_attrs(CKO_PUBLIC_KEY, set_of(p));
      pub.set(CKA_VALUE, pk);
      ASSERT_TRUE(import(CKO_PUBLIC_KEY, pub).is_ok()) << t.at("tcId");
      EXPECT_EQ(to_bytes(pub.view(CKA_PUBLIC_KEY_INFO)), to_bytes(by_seed.view(CKA_PUBLIC_KEY_INFO)));
      EXPECT_EQ(to_bytes(pub.view(CKA_PUBLIC_KEY_INFO)), to_bytes(by_value.view(CKA_PUBLIC_KEY_INFO)));
      ++cases;
    }
  }
  EXPECT_EQ(cases, 75);
}

TEST(MlDsaMech, ImportRejections) {
  for (MlDsaParams p : kAllParams) {
    const CK_ULONG set = set_of(p);
    Bytes pk;
    SecureBytes sk_s;
    ASSERT_TRUE(pqc::MlDsaExpandedPrivateKey::from_seed(p, Bytes(32, 3), &pk, &sk_s).is_ok());
    const Bytes sk = to_bytes(sk_s.view());
    // Public: value required, exact size.
    auto pub = key_attrs(CKO_PUBLIC_KEY, set);
    EXPECT_EQ(import(CKO_PUBLIC_KEY, pub).rv(), CKR_TEMPLATE_INCOMPLETE);
    pub.set(CKA_VALUE, Bytes(pk.begin(), pk.end() - 1));
    EXPECT_EQ(import(CKO_PUBLIC_KEY, pub).rv(), CKR_ATTRIBUTE_VALUE_INVALID);
    pub.set(CKA_VALUE, pk);
    pub.set(CKA_PUBLIC_KEY_INFO, Bytes{0x30, 0x00});  // a given SPKI must match
    EXPECT_EQ(import(CKO_PUBLIC_KEY, pub).rv(), CKR_ATTRIBUTE_VALUE_INVALID);
    // Private: at least one of seed and value.
    auto priv = key_attrs(CKO_PRIVATE_KEY, set);
    EXPECT_EQ(import(CKO_PRIVATE_KEY, priv).rv(), CKR_TEMPLATE_INCOMPLETE);
    priv.set(CKA_SEED, Bytes(31, 3));
    EXPECT_EQ(import(CKO_PRIVATE_KEY, priv).rv(), CKR_ATTRIBUTE_VALUE_INVALID);
    priv.erase(CKA_SEED);
    priv.set(CKA_VALUE, Bytes(sk.begin(), sk.end() - 1));
    EXPECT_EQ(import(CKO_PRIVATE_KEY, priv).rv(), CKR_ATTRIBUTE_VALUE_INVALID);
    // s1 coefficient out of [-eta, eta]: the first packed value becomes 7 / 15.
    Bytes out_of_range = sk;
    out_of_range[128] = 0xff;
    priv.set(CKA_VALUE, out_of_range);
    EXPECT_EQ(import(CKO_PRIVATE_KEY, priv).rv(), CKR_ATTRIBUTE_VALUE_INVALID);
    // tr that is not H(pk): the key is not what KeyGen gives.
    Bytes bad_tr = sk;
    bad_tr[64] ^= 0x01;
    priv.set(CKA_VALUE, bad_tr);
    EXPECT_EQ(import(CKO_PRIVATE_KEY, priv).rv(), CKR_ATTRIBUTE_VALUE_INVALID);
    // Seed and value of different keys.
    priv.set(CKA_VALUE, sk);
    priv.set(CKA_SEED, Bytes(32, 4));
    EXPECT_EQ(import(CKO_PRIVATE_KEY, priv).rv(), CKR_ATTRIBUTE_VALUE_INVALID);
    priv.set(CKA_SEED, Bytes(32, 3));
    EXPECT_TRUE(import(CKO_PRIVATE_KEY, priv).is_ok());
    // Value of another parameter set's size.
    auto wrong_set = key_attrs(CKO_PRIVATE_KEY, set == CKP_ML_DSA_44 ? CKP_ML_DSA_65 : CKP_ML_DSA_44);
    wrong_set.set(CKA_VALUE, sk);
    EXPECT_EQ(import(CKO_PRIVATE_KEY, wrong_set).rv(), CKR_ATTRIBUTE_VALUE_INVALID);
  }
  for (CK_ULONG bad : {CK_ULONG{0}, CK_ULONG{4}, CK_ULONG{0xffffffff}}) {
    auto priv = key_attrs(CKO_PRIVATE_KEY, bad);
    priv.set(CKA_SEED, Bytes(32, 3));
    EXPECT_EQ(import(CKO_PRIVATE_KEY, priv).rv(), CKR_PARAMETER_SET_NOT_SUPPORTED) << bad;
    auto pub = key_attrs(CKO_PUBLIC_KEY, bad);
    pub.set(CKA_VALUE, Bytes(1312, 0));
    EXPECT_EQ(import(CKO_PUBLIC_KEY, pub).rv(), CKR_PARAMETER_SET_NOT_SUPPORTED) << bad;
  }
  objects::AttributeMap none;
  EXPECT_EQ(import(CKO_PUBLIC_KEY, none).rv(), CKR_TEMPLATE_INCOMPLETE);
}

}  // namespace
}  // namespace craton
