// The ML-KEM mechanism family (src/mechanisms/ml_kem*.cc) below the ABI:
// registry rows, CKM_ML_KEM_KEY_PAIR_GEN with its template rules and
// pairwise consistency test, CKM_ML_KEM encapsulate/decapsulate hooks
// (length query, short buffer, implicit rejection checked against an
// independent J(z || c)), the key import check (seed only, value only,
// both; ACVP keyGen vectors; rejected keys) and the per-object key cache.
#include <gtest/gtest.h>

#include <map>

#include "core/self_test_failure.h"
#include "mechanisms/ml_kem_internal.h"
#include "mechanisms/registry.h"
#include "ml_kem_test_util.h"
#include "pqc_mech_test_util.h"
#include "objects/attribute_schema.h"
#include "pqc/keccak.h"

namespace craton {
namespace {
using namespace mlkem_test;
using pqc::MlKemParams;

constexpr MlKemParams kAllParams[] = {MlKemParams::k512, MlKemParams::k768, MlKemParams::k1024};

using pqcmechtest::entry;
using pqcmechtest::object;

CK_ULONG set_of(MlKemParams p) { return mech::kem::ml_kem_parameter_set(p); }

Result<mech::KeyPairMaterial> generate(const objects::AttributeMap& pub, const objects::AttributeMap& priv,
                                       CK_MECHANISM m = {CKM_ML_KEM_KEY_PAIR_GEN, nullptr, 0}) {
  return pqcmechtest::generate_pair(CKM_ML_KEM_KEY_PAIR_GEN, pub, priv, m);
}

Result<mech::KeyPairMaterial> generate(MlKemParams p) {
  return pqcmechtest::generate_for_set(CKM_ML_KEM_KEY_PAIR_GEN, set_of(p));
}

Result<mech::Encapsulation> encapsulate(const mech::KeyRef& key, MutableByteView out,
                                        CK_MECHANISM m = {CKM_ML_KEM, nullptr, 0}) {
  mech::MechContext ctx{&m, key, {}};
  return entry(CKM_ML_KEM).encapsulate(ctx, out);
}

Result<SecureBytes> decapsulate(const mech::KeyRef& key, ByteView ct, CK_MECHANISM m = {CKM_ML_KEM, nullptr, 0}) {
  mech::MechContext ctx{&m, key, {}};
  return entry(CKM_ML_KEM).decapsulate(ctx, ct);
}

objects::AttributeMap key_attrs(CK_OBJECT_CLASS cls, MlKemParams p) {
  objects::AttributeMap a;
  a.set_ulong(CKA_CLASS, cls);
  a.set_ulong(CKA_KEY_TYPE, CKK_ML_KEM);
  a.set_ulong(CKA_PARAMETER_SET, set_of(p));
  return a;
}

Status import(CK_OBJECT_CLASS cls, objects::AttributeMap& attrs) {
  return mech::check_imported_key(cls, CKK_ML_KEM, attrs);
}

// SubjectPublicKeyInfo prefix for an ek of `p` (RFC 5280, NIST CSOR OIDs).
Bytes spki_prefix(MlKemParams p) {
  const std::size_t ek = pqc::ml_kem_ek_size(p);
  const std::size_t bits = ek + 1, total = 13 + 4 + bits;
  return Bytes{0x30, 0x82, static_cast<std::uint8_t>(total >> 8), static_cast<std::uint8_t>(total & 0xff), 0x30,
               0x0b, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x04,
               static_cast<std::uint8_t>(set_of(p)), 0x03, 0x82, static_cast<std::uint8_t>(bits >> 8),
               static_cast<std::uint8_t>(bits & 0xff), 0x00};
}
Bytes spki(MlKemParams p, ByteView ek) {
  Bytes out = spki_prefix(p);
  out.insert(out.end(), ek.begin(), ek.end());
  return out;
}

TEST(MlKemMech, RegistryRows) {
  const auto& gen = entry(CKM_ML_KEM_KEY_PAIR_GEN);
  EXPECT_EQ(gen.flags, CKF_GENERATE_KEY_PAIR);
  EXPECT_NE(gen.generate_key_pair, nullptr);
  const auto& kem = entry(CKM_ML_KEM);
  EXPECT_EQ(kem.flags, CKF_ENCAPSULATE | CKF_DECAPSULATE);
  EXPECT_NE(kem.encapsulate, nullptr);
  EXPECT_NE(kem.decapsulate, nullptr);
  for (const auto* e : {&gen, &kem}) {
    EXPECT_EQ(e->min_key_size, 800u);  // encapsulation-key bytes of ML-KEM-512 ..
    EXPECT_EQ(e->max_key_size, 1568u);  // .. and ML-KEM-1024
    EXPECT_FALSE(e->fips_approved);
    EXPECT_EQ(e->sign, nullptr);
  }
}

TEST(MlKemMech, GenerateEveryParameterSet) {
  for (MlKemParams p : kAllParams) {
    auto m = generate(p);
    ASSERT_TRUE(m.is_ok()) << m.rv();
    const auto& pub = m->public_attrs;
    const auto& priv = m->private_attrs;
    EXPECT_EQ(pub.get_ulong(CKA_CLASS), CKO_PUBLIC_KEY);
    EXPECT_EQ(pub.get_ulong(CKA_KEY_TYPE), CKK_ML_KEM);
    EXPECT_EQ(pub.get_ulong(CKA_PARAMETER_SET), set_of(p));
    EXPECT_EQ(priv.get_ulong(CKA_CLASS), CKO_PRIVATE_KEY);
    EXPECT_EQ(priv.get_ulong(CKA_KEY_TYPE), CKK_ML_KEM);
    EXPECT_EQ(priv.get_ulong(CKA_PARAMETER_SET), set_of(p));
    ASSERT_EQ(pub.view(CKA_VALUE).size(), pqc::ml_kem_ek_size(p));
    ASSERT_EQ(priv.view(CKA_VALUE).size(), pqc::ml_kem_dk_size(p));
    ASSERT_EQ(priv.view(CKA_SEED).size(), 64u);
    // The stored seed is the one the key came from.
    auto again = pqc::ml_kem_keygen_from_seed(p, priv.view(CKA_SEED));
    ASSERT_TRUE(again.is_ok());
    EXPECT_EQ(again->ek, to_bytes(pub.view(CKA_VALUE)));
    EXPECT_EQ(to_bytes(again->dk.view()), to_bytes(priv.view(CKA_VALUE)));
    EXPECT_EQ(to_bytes(pub.view(CKA_PUBLIC_KEY_INFO)), spki(p, pub.view(CKA_VALUE)));
    EXPECT_EQ(to_bytes(priv.view(CKA_PUBLIC_KEY_INFO)), spki(p, pub.view(CKA_VALUE)));
  }
  // Fresh randomness each time.
  auto a = generate(MlKemParams::k512), b = generate(MlKemParams::k512);
  ASSERT_TRUE(a.is_ok() && b.is_ok());
  EXPECT_NE(to_bytes(a->private_attrs.view(CKA_SEED)), to_bytes(b->private_attrs.view(CKA_SEED)));
}

TEST(MlKemMech, GenerateTemplateRules) {
  objects::AttributeMap pub, priv;
  EXPECT_EQ(generate(pub, priv).rv(), CKR_TEMPLATE_INCOMPLETE);  // no CKA_PARAMETER_SET
  for (CK_ULONG bad : {CK_ULONG{0}, CK_ULONG{4}, CK_ULONG{0x80000001}}) {
    pub.set_ulong(CKA_PARAMETER_SET, bad);
    EXPECT_EQ(generate(pub, priv).rv(), CKR_PARAMETER_SET_NOT_SUPPORTED) << bad;
  }
  pub.set(CKA_PARAMETER_SET, Bytes{2, 0, 0, 0, 0});  // not a CK_ULONG
  EXPECT_EQ(generate(pub, priv).rv(), CKR_ATTRIBUTE_VALUE_INVALID);
  pub.set_ulong(CKA_PARAMETER_SET, CKP_ML_KEM_768);
  // pkcs11-tool style: the private template repeats the parameter set.
  priv.set_ulong(CKA_PARAMETER_SET, CKP_ML_KEM_768);
  EXPECT_TRUE(generate(pub, priv).is_ok());
  priv.set_ulong(CKA_PARAMETER_SET, CKP_ML_KEM_512);
  EXPECT_EQ(generate(pub, priv).rv(), CKR_TEMPLATE_INCONSISTENT);
  // Only the public template names the parameter set.
  objects::AttributeMap only_priv;
  only_priv.set_ulong(CKA_PARAMETER_SET, CKP_ML_KEM_768);
  EXPECT_EQ(generate(objects::AttributeMap(), only_priv).rv(), CKR_TEMPLATE_INCOMPLETE);
  priv.erase(CKA_PARAMETER_SET);
  priv.set_ulong(CKA_KEY_TYPE, CKK_EC);
  EXPECT_EQ(generate(pub, priv).rv(), CKR_TEMPLATE_INCONSISTENT);
  priv.set_ulong(CKA_KEY_TYPE, CKK_ML_KEM);
  EXPECT_TRUE(generate(pub, priv).is_ok());
  CK_ULONG junk = 1;
  EXPECT_EQ(generate(pub, priv, CK_MECHANISM{CKM_ML_KEM_KEY_PAIR_GEN, &junk, sizeof junk}).rv(),
            CKR_MECHANISM_PARAM_INVALID);
}

std::string g_reported;
void record_failure(const char* what) { g_reported = what; }

// Runs the test on a broken pair: CKR_FUNCTION_FAILED and a report.
void expect_pairwise_failure(MlKemParams p, const pqc::MlKemKeyPair& kp, const char* what) {
  g_reported.clear();
  EXPECT_EQ(mech::kem::pairwise_test_ml_kem(p, kp).rv(), CKR_FUNCTION_FAILED) << what;
  EXPECT_EQ(g_reported, "ML-KEM pairwise") << what;
}

TEST(MlKemMech, PairwiseConsistencyTest) {
  set_self_test_failure_handler(record_failure);
  for (MlKemParams p : kAllParams) {
    auto kp = pqc::ml_kem_keygen_from_seed(p, Bytes(64, 0x5a));
    ASSERT_TRUE(kp.is_ok());
    g_reported.clear();
    EXPECT_TRUE(mech::kem::pairwise_test_ml_kem(p, *kp).is_ok());
    EXPECT_EQ(g_reported, "");
    // A flipped bit of s_hat: decapsulation takes the implicit-rejection path.
    auto bad_s = *kp;
    bad_s.dk[0] ^= 0x01;
    expect_pairwise_failure(p, bad_s, "s_hat");
    // A flipped bit of the embedded ek: the dk hash check fails.
    auto bad_h = *kp;
    bad_h.dk[384 * static_cast<std::size_t>(pqc::ml_kem_param_set(p).k) + 5] ^= 0x10;
    expect_pairwise_failure(p, bad_h, "embedded ek");
    // Keys of different pairs.
    auto other = pqc::ml_kem_keygen_from_seed(p, Bytes(64, 0xa5));
    ASSERT_TRUE(other.is_ok());
    auto mixed = *kp;
    mixed.ek = other->ek;
    expect_pairwise_failure(p, mixed, "other ek");
    auto truncated = *kp;
    truncated.dk.resize(truncated.dk.size() - 1);
    expect_pairwise_failure(p, truncated, "short dk");
  }
  set_self_test_failure_handler(nullptr);
}

TEST(MlKemMech, EncapsulateDecapsulateRoundTrip) {
  for (MlKemParams p : kAllParams) {
    auto m = generate(p);
    ASSERT_TRUE(m.is_ok());
    const mech::KeyRef pub = object(m->public_attrs), priv = object(m->private_attrs);
    const std::size_t ct_len = pqc::ml_kem_ct_size(p);
    // Length query: empty output, no secret.
    auto query = encapsulate(pub, MutableByteView());
    ASSERT_TRUE(query.is_ok());
    EXPECT_EQ(query->ciphertext_len, ct_len);
    EXPECT_TRUE(query->shared_secret.empty());
    Bytes ct(ct_len + 7, 0xee);
    auto small = encapsulate(pub, MutableByteView(ct.data(), ct_len - 1));
    EXPECT_EQ(small.rv(), CKR_BUFFER_TOO_SMALL);
    EXPECT_EQ(small.error().needed, ct_len);
    EXPECT_EQ(ct[0], 0xee);  // untouched
    auto enc = encapsulate(pub, ct);  // a larger buffer is fine
    ASSERT_TRUE(enc.is_ok());
    EXPECT_EQ(enc->ciphertext_len, ct_len);
    EXPECT_EQ(enc->shared_secret.size(), 32u);
    EXPECT_EQ(ct[ct_len], 0xee);  // nothing written past the ciphertext
    ct.resize(ct_len);
    auto dec = decapsulate(priv, ct);
    ASSERT_TRUE(dec.is_ok());
    EXPECT_EQ(to_bytes(dec->view()), to_bytes(enc->shared_secret.view()));
    // Two encapsulations differ (fresh m each time).
    Bytes ct2(ct_len);
    auto enc2 = encapsulate(pub, ct2);
    ASSERT_TRUE(enc2.is_ok());
    EXPECT_NE(ct2, ct);
    EXPECT_NE(to_bytes(enc2->shared_secret.view()), to_bytes(enc->shared_secret.view()));
  }
}

TEST(MlKemMech, ImplicitRejectionAndLengths) {
  const MlKemParams p = MlKemParams::k768;
  auto m = generate(p);
  ASSERT_TRUE(m.is_ok());
  const mech::KeyRef pub = object(m->public_attrs), priv = object(m->private_attrs);
  Bytes ct(pqc::ml_kem_ct_size(p));
  auto enc = encapsulate(pub, ct);
  ASSERT_TRUE(enc.is_ok());
  ct[100] ^= 0x04;
  auto rejected = decapsulate(priv, ct);
  ASSERT_TRUE(rejected.is_ok());  // never an error
  // J(z || c) computed here independently: z is the last 32 bytes of dk.
  const ByteView dk = m->private_attrs.view(CKA_VALUE);
  Bytes zc(dk.end() - 32, dk.end());
  zc.insert(zc.end(), ct.begin(), ct.end());
  Bytes j(32);
  pqc::shake256(zc, j);
  EXPECT_EQ(to_bytes(rejected->view()), j);
  EXPECT_NE(to_bytes(rejected->view()), to_bytes(enc->shared_secret.view()));
  for (std::size_t len : {std::size_t{0}, ct.size() - 1, ct.size() + 1, pqc::ml_kem_ct_size(MlKemParams::k512)}) {
    Bytes wrong(len, 0x01);
    EXPECT_EQ(decapsulate(priv, wrong).rv(), CKR_ENCRYPTED_DATA_LEN_RANGE) << len;
  }
}

TEST(MlKemMech, KeyAndParameterChecks) {
  auto m = generate(MlKemParams::k512);
  ASSERT_TRUE(m.is_ok());
  const mech::KeyRef pub = object(m->public_attrs), priv = object(m->private_attrs);
  Bytes ct(768);
  // Class and type.
  EXPECT_EQ(encapsulate(priv, ct).rv(), CKR_KEY_TYPE_INCONSISTENT);
  EXPECT_EQ(decapsulate(pub, ct).rv(), CKR_KEY_TYPE_INCONSISTENT);
  objects::AttributeMap ec = m->public_attrs;
  ec.set_ulong(CKA_KEY_TYPE, CKK_EC);
  EXPECT_EQ(encapsulate(object(ec), ct).rv(), CKR_KEY_TYPE_INCONSISTENT);
  objects::AttributeMap ec_priv = m->private_attrs;
  ec_priv.set_ulong(CKA_KEY_TYPE, CKK_EC);
  EXPECT_EQ(decapsulate(object(ec_priv), ct).rv(), CKR_KEY_TYPE_INCONSISTENT);
  // No parameter allowed.
  CK_ULONG junk = 0;
  EXPECT_EQ(encapsulate(pub, ct, CK_MECHANISM{CKM_ML_KEM, &junk, sizeof junk}).rv(), CKR_MECHANISM_PARAM_INVALID);
  EXPECT_EQ(decapsulate(priv, ct, CK_MECHANISM{CKM_ML_KEM, &junk, sizeof junk}).rv(), CKR_MECHANISM_PARAM_INVALID);
  EXPECT_EQ(encapsulate(pub, ct, CK_MECHANISM{CKM_ML_KEM, nullptr, 4}).rv(), CKR_MECHANISM_PARAM_INVALID);
  // A stored key whose value does not parse is refused, not crashed on.
  objects::AttributeMap broken = m->public_attrs;
  broken.set(CKA_VALUE, Bytes(799, 0));
  EXPECT_EQ(encapsulate(object(broken), ct).rv(), CKR_KEY_TYPE_INCONSISTENT);
  objects::AttributeMap no_set = m->private_attrs;
  no_set.erase(CKA_PARAMETER_SET);
  EXPECT_EQ(decapsulate(object(no_set), ct).rv(), CKR_KEY_TYPE_INCONSISTENT);
}

TEST(MlKemMech, ParsedKeysAreCachedPerSnapshot) {
  auto m = generate(MlKemParams::k768);
  ASSERT_TRUE(m.is_ok());
  const mech::KeyRef pub = object(m->public_attrs), priv = object(m->private_attrs);
  auto a = mech::kem::ml_kem_encaps_key_for(*pub), b = mech::kem::ml_kem_encaps_key_for(*pub);
  ASSERT_TRUE(a.is_ok() && b.is_ok());
  EXPECT_EQ(a->get(), b->get());
  auto c = mech::kem::ml_kem_decaps_key_for(*priv), d = mech::kem::ml_kem_decaps_key_for(*priv);
  ASSERT_TRUE(c.is_ok() && d.is_ok());
  EXPECT_EQ(c->get(), d->get());
  EXPECT_EQ(to_bytes((*c)->encaps_key()), to_bytes(m->public_attrs.view(CKA_VALUE)));
  // A seed-only object (as the store might hold it) is expanded on first use.
  objects::AttributeMap seed_only = m->private_attrs;
  seed_only.erase(CKA_VALUE);
  Bytes ct(1088);
  auto enc = encapsulate(pub, ct);
  ASSERT_TRUE(enc.is_ok());
  auto dec = decapsulate(object(seed_only), ct);
  ASSERT_TRUE(dec.is_ok());
  EXPECT_EQ(to_bytes(dec->view()), to_bytes(enc->shared_secret.view()));
}

// ACVP keyGen vectors through the import check: a seed-only private key gets
// the vector's dk, the public key is accepted, seed + dk must agree.
TEST(MlKemMech, ImportSeedAndValueAcvpKeyGen) {
  const auto prompt = load_vectors("acvp/ML-KEM-keyGen-FIPS203/prompt.json");
  const auto results = load_vectors("acvp/ML-KEM-keyGen-FIPS203/expectedResults.json");
  std::map<int, nlohmann::json> want;
  for (const auto& g : results["testGroups"])
    for (const auto& t : g["tests"]) want[t["tcId"].get<int>()] = t;
  std::size_t n = 0;
  for (const auto& g : prompt["testGroups"]) {
    const MlKemParams p = params_from_name(g["parameterSet"]);
    for (const auto& t : g["tests"]) {
      const int id = t["tcId"];
      Bytes seed = unhex(t["d"]);
      const Bytes z = unhex(t["z"]);
      seed.insert(seed.end(), z.begin(), z.end());
      const Bytes ek = unhex(want.at(id)["ek"]), dk = unhex(want.at(id)["dk"]);
      auto seed_only = key_attrs(CKO_PRIVATE_KEY, p);
      seed_only.set(CKA_SEED, seed);
      ASSERT_TRUE(import(CKO_PRIVATE_KEY, seed_only).is_ok()) << id;
      EXPECT_EQ(to_bytes(seed_only.view(CKA_VALUE)), dk) << "tcId " << id;
      EXPECT_EQ(to_bytes(seed_only.view(CKA_PUBLIC_KEY_INFO)), spki(p, ek)) << "tcId " << id;
      auto both = key_attrs(CKO_PRIVATE_KEY, p);
      both.set(CKA_SEED, seed);
      both.set(CKA_VALUE, dk);
      EXPECT_TRUE(import(CKO_PRIVATE_KEY, both).is_ok()) << id;
      auto value_only = key_attrs(CKO_PRIVATE_KEY, p);
      value_only.set(CKA_VALUE, dk);
      EXPECT_TRUE(import(CKO_PRIVATE_KEY, value_only).is_ok()) << id;
      EXPECT_FALSE(value_only.has(CKA_SEED));
      auto pub = key_attrs(CKO_PUBLIC_KEY, p);
      pub.set(CKA_VALUE, ek);
      ASSERT_TRUE(import(CKO_PUBLIC_KEY, pub).is_ok()) << id;
      EXPECT_EQ(to_bytes(pub.view(CKA_PUBLIC_KEY_INFO)), spki(p, ek));
      // A dk from a different seed (s_hat changed, hash check still passes).
      Bytes other = dk;
      other[3] ^= 0x01;
      auto mismatch = key_attrs(CKO_PRIVATE_KEY, p);
      mismatch.set(CKA_SEED, seed);
      mismatch.set(CKA_VALUE, other);
      EXPECT_EQ(import(CKO_PRIVATE_KEY, mismatch).rv(), CKR_ATTRIBUTE_VALUE_INVALID) << id;
      ++n;
    }
  }
  EXPECT_EQ(n, 75u);
}

TEST(MlKemMech, ImportRejections) {
  const MlKemParams p = MlKemParams::k512;
  auto kp = pqc::ml_kem_keygen_from_seed(p, Bytes(64, 7));
  ASSERT_TRUE(kp.is_ok());
  auto with = [&](CK_OBJECT_CLASS cls, CK_ATTRIBUTE_TYPE type, ByteView v) {
    auto a = key_attrs(cls, p);
    a.set(type, v);
    return a;
  };
  // Public: length, modulus check (a 12-bit coefficient >= q), SPKI.
  auto a = with(CKO_PUBLIC_KEY, CKA_VALUE, Bytes(kp->ek.begin(), kp->ek.end() - 1));
  EXPECT_EQ(import(CKO_PUBLIC_KEY, a).rv(), CKR_ATTRIBUTE_VALUE_INVALID);
  Bytes unreduced = kp->ek;
  unreduced[0] = 0xff;
  unreduced[1] |= 0x0f;  // first coefficient 0xfff
  a = with(CKO_PUBLIC_KEY, CKA_VALUE, unreduced);
  EXPECT_EQ(import(CKO_PUBLIC_KEY, a).rv(), CKR_ATTRIBUTE_VALUE_INVALID);
  a = key_attrs(CKO_PUBLIC_KEY, p);
  EXPECT_EQ(import(CKO_PUBLIC_KEY, a).rv(), CKR_TEMPLATE_INCOMPLETE);
  a = with(CKO_PUBLIC_KEY, CKA_VALUE, kp->ek);
  a.set(CKA_PUBLIC_KEY_INFO, Bytes{0x30, 0x00});
  EXPECT_EQ(import(CKO_PUBLIC_KEY, a).rv(), CKR_ATTRIBUTE_VALUE_INVALID);
  a = with(CKO_PUBLIC_KEY, CKA_VALUE, kp->ek);
  a.set(CKA_PUBLIC_KEY_INFO, spki(p, kp->ek));
  EXPECT_TRUE(import(CKO_PUBLIC_KEY, a).is_ok());
  // Private: lengths, hash check, nothing given.
  a = with(CKO_PRIVATE_KEY, CKA_SEED, Bytes(63, 1));
  EXPECT_EQ(import(CKO_PRIVATE_KEY, a).rv(), CKR_ATTRIBUTE_VALUE_INVALID);
  a = with(CKO_PRIVATE_KEY, CKA_VALUE, Bytes(kp->dk.begin(), kp->dk.end() - 1));
  EXPECT_EQ(import(CKO_PRIVATE_KEY, a).rv(), CKR_ATTRIBUTE_VALUE_INVALID);
  Bytes bad_hash = to_bytes(kp->dk.view());
  bad_hash[768 * 2 + 40] ^= 0x80;  // inside H(ek)
  a = with(CKO_PRIVATE_KEY, CKA_VALUE, bad_hash);
  EXPECT_EQ(import(CKO_PRIVATE_KEY, a).rv(), CKR_ATTRIBUTE_VALUE_INVALID);
  a = key_attrs(CKO_PRIVATE_KEY, p);
  EXPECT_EQ(import(CKO_PRIVATE_KEY, a).rv(), CKR_TEMPLATE_INCOMPLETE);
  // Parameter set.
  a = with(CKO_PUBLIC_KEY, CKA_VALUE, kp->ek);
  a.erase(CKA_PARAMETER_SET);
  EXPECT_EQ(import(CKO_PUBLIC_KEY, a).rv(), CKR_TEMPLATE_INCOMPLETE);
  a.set_ulong(CKA_PARAMETER_SET, 9);
  EXPECT_EQ(import(CKO_PUBLIC_KEY, a).rv(), CKR_PARAMETER_SET_NOT_SUPPORTED);
  a.set_ulong(CKA_PARAMETER_SET, CKP_ML_KEM_768);  // right type, wrong set for this length
  EXPECT_EQ(import(CKO_PUBLIC_KEY, a).rv(), CKR_ATTRIBUTE_VALUE_INVALID);
  // Other classes pass through.
  objects::AttributeMap secret;
  EXPECT_TRUE(import(CKO_SECRET_KEY, secret).is_ok());
}

// The decapsulation-key-check vectors that fail (ACVP internal projection).
TEST(MlKemMech, ImportRejectsAcvpBadDecapsulationKeys) {
  const auto prompt = load_vectors("acvp/ML-KEM-encapDecap-FIPS203/prompt.json");
  const auto results = load_vectors("acvp/ML-KEM-encapDecap-FIPS203/expectedResults.json");
  const auto internal = load_vectors("acvp/ML-KEM-encapDecap-FIPS203/internalProjection.json");
  std::map<int, nlohmann::json> passed, full;
  for (const auto& g : results["testGroups"])
    for (const auto& t : g["tests"]) passed[t["tcId"].get<int>()] = t;
  for (const auto& g : internal["testGroups"])
    for (const auto& t : g["tests"]) full[t["tcId"].get<int>()] = t;
  std::size_t accepted = 0, rejected = 0;
  for (const auto& g : prompt["testGroups"]) {
    if (g["function"] != "decapsulationKeyCheck") continue;
    const MlKemParams p = params_from_name(g["parameterSet"]);
    for (const auto& t : g["tests"]) {
      const int id = t["tcId"];
      auto a = key_attrs(CKO_PRIVATE_KEY, p);
      a.set(CKA_VALUE, unhex(full.at(id)["dk"]));
      const Status st = import(CKO_PRIVATE_KEY, a);
      if (passed.at(id)["testPassed"].get<bool>()) {
        EXPECT_TRUE(st.is_ok()) << id;
        ++accepted;
      } else {
        EXPECT_EQ(st.rv(), CKR_ATTRIBUTE_VALUE_INVALID) << id;
        ++rejected;
      }
    }
  }
  EXPECT_EQ(accepted, 15u);
  EXPECT_EQ(rejected, 15u);
}

TEST(MlKemMech, SchemaAcceptsWhatTheFamilyProduces) {
  const auto* pub = objects::find_schema(CKO_PUBLIC_KEY, CKK_ML_KEM);
  const auto* priv = objects::find_schema(CKO_PRIVATE_KEY, CKK_ML_KEM);
  ASSERT_NE(pub, nullptr);
  ASSERT_NE(priv, nullptr);
  for (CK_ATTRIBUTE_TYPE t : {CKA_PARAMETER_SET, CKA_VALUE, CKA_PUBLIC_KEY_INFO}) EXPECT_NE(pub->find(t), nullptr);
  for (CK_ATTRIBUTE_TYPE t : {CKA_PARAMETER_SET, CKA_VALUE, CKA_SEED, CKA_PUBLIC_KEY_INFO})
    EXPECT_NE(priv->find(t), nullptr);
}

}  // namespace
}  // namespace craton
