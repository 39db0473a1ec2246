// X-Wing (src/mechanisms/xwing*.cc, crypto/x25519.h):
//  - the three test vectors of draft-connolly-cfrg-xwing-kem-10 appendix C
//    (key derivation, derandomised encapsulation, decapsulation) and the
//    appendix D SubjectPublicKeyInfo;
//  - a known answer built independently for random inputs: OpenSSL's own
//    SHAKE256, SHA3-256 and X25519 (EVP, not this module's wrappers) with
//    this module's ML-KEM-768 (ACVP-tested separately);
//  - low-order X25519 inputs (total function, no error), bad lengths and
//    keys, and the CKM_VENDOR_XWING* rows and import check.
#include <gtest/gtest.h>
#include <openssl/evp.h>

#include <memory>

#include "craton/pkcs11/craton_vendor.h"
#include "crypto/random.h"
#include "crypto/x25519.h"
#include "mechanisms/registry.h"
#include "mechanisms/xwing.h"
#include "ml_kem_test_util.h"
#include "objects/attribute_rules.h"
#include "objects/attribute_schema.h"
#include "pqc_mech_test_util.h"

namespace craton {
namespace {
using namespace mlkem_test;
using mech::xwing::XWingDecapsKey;
using mech::xwing::XWingEncapsKey;

const Bytes kLabel = {0x5c, 0x2e, 0x2f, 0x2f, 0x5e, 0x5c};

Bytes cat(std::initializer_list<ByteView> parts) {
  Bytes out;
  for (ByteView p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

// ---- OpenSSL reference pieces (independent of the module's code) ----------

Bytes ossl_digest(const char* name, ByteView in, std::size_t out_len) {
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  std::unique_ptr<EVP_MD, decltype(&EVP_MD_free)> md(EVP_MD_fetch(nullptr, name, nullptr), EVP_MD_free);
  Bytes out(out_len);
  EXPECT_EQ(EVP_DigestInit_ex(ctx.get(), md.get(), nullptr), 1);
  EXPECT_EQ(EVP_DigestUpdate(ctx.get(), in.data(), in.size()), 1);
  if (std::string(name) == "SHAKE256") {
    EXPECT_EQ(EVP_DigestFinalXOF(ctx.get(), out.data(), out.size()), 1);
  } else {
    unsigned int len = 0;
    EXPECT_EQ(EVP_DigestFinal_ex(ctx.get(), out.data(), &len), 1);
  }
  return out;
}

using PkeyPtr = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;

Bytes ossl_x25519_public(ByteView sk) {
  PkeyPtr k(EVP_PKEY_new_raw_private_key_ex(nullptr, "X25519", nullptr, sk.data(), sk.size()), EVP_PKEY_free);
  Bytes pub(32);
  std::size_t len = pub.size();
  EXPECT_EQ(EVP_PKEY_get_raw_public_key(k.get(), pub.data(), &len), 1);
  return pub;
}

Bytes ossl_x25519(ByteView sk, ByteView peer_pub) {
  PkeyPtr k(EVP_PKEY_new_raw_private_key_ex(nullptr, "X25519", nullptr, sk.data(), sk.size()), EVP_PKEY_free);
  PkeyPtr peer(EVP_PKEY_new_raw_public_key_ex(nullptr, "X25519", nullptr, peer_pub.data(), peer_pub.size()),
               EVP_PKEY_free);
  std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> ctx(EVP_PKEY_CTX_new(k.get(), nullptr),
                                                                  EVP_PKEY_CTX_free);
  Bytes out(32);
  std::size_t len = out.size();
  EXPECT_EQ(EVP_PKEY_derive_init(ctx.get()), 1);
  EXPECT_EQ(EVP_PKEY_derive_set_peer(ctx.get(), peer.get()), 1);
  EXPECT_EQ(EVP_PKEY_derive(ctx.get(), out.data(), &len), 1);
  return out;
}

struct Reference {
  Bytes pk, ct, ss;
};

// X-Wing from the draft's pseudocode with OpenSSL primitives.
Reference reference_xwing(ByteView seed, ByteView eseed) {
  const Bytes expanded = ossl_digest("SHAKE256", seed, 96);
  auto kp = pqc::ml_kem_keygen_internal(pqc::MlKemParams::k768, ByteView(expanded).first(32),
                                        ByteView(expanded).subspan(32, 32));
  EXPECT_TRUE(kp.is_ok());
  const Bytes pk_x = ossl_x25519_public(ByteView(expanded).subspan(64));
  const ByteView ek_x = eseed.subspan(32);
  const Bytes ct_x = ossl_x25519_public(ek_x);
  const Bytes ss_x = ossl_x25519(ek_x, pk_x);
  auto ml = pqc::ml_kem_encaps(pqc::MlKemParams::k768, kp->ek, eseed.first(32));
  EXPECT_TRUE(ml.is_ok());
  Reference r;
  r.pk = cat({kp->ek, pk_x});
  r.ct = cat({ml->ciphertext, ct_x});
  r.ss = ossl_digest("SHA3-256", cat({ml->shared_secret.view(), ss_x, ct_x, pk_x, kLabel}), 32);
  return r;
}

// ---- the draft's vectors --------------------------------------------------

TEST(XWing, DraftVectors) {
  const auto doc = load_vectors("xwing/draft10_test_vectors.json");
  std::size_t n = 0;
  for (const auto& t : doc["tests"]) {
    const Bytes seed = unhex(t["seed"]), pk = unhex(t["pk"]), eseed = unhex(t["eseed"]), ct = unhex(t["ct"]),
                ss = unhex(t["ss"]);
    auto priv = XWingDecapsKey::expand(seed);
    ASSERT_TRUE(priv.is_ok());
    EXPECT_EQ(to_bytes((*priv)->public_key()), pk) << n;
    auto pub = XWingEncapsKey::parse(pk);
    ASSERT_TRUE(pub.is_ok());
    auto enc = (*pub)->encaps(eseed);
    ASSERT_TRUE(enc.is_ok());
    EXPECT_EQ(enc->ciphertext, ct) << n;
    EXPECT_EQ(to_bytes(enc->shared_secret.view()), ss) << n;
    auto dec = (*priv)->decaps(ct);
    ASSERT_TRUE(dec.is_ok());
    EXPECT_EQ(to_bytes(dec->view()), ss) << n;
    // The independent reference agrees with the draft too.
    const Reference r = reference_xwing(seed, eseed);
    EXPECT_EQ(r.pk, pk);
    EXPECT_EQ(r.ct, ct);
    EXPECT_EQ(r.ss, ss);
    ++n;
  }
  EXPECT_EQ(n, 3u);
}

TEST(XWing, DraftPublicKeyInfoThroughImport) {
  const auto doc = load_vectors("xwing/draft10_test_vectors.json");
  const Bytes seed = unhex(doc["spki_example"]["seed"]), spki = unhex(doc["spki_example"]["spki"]);
  objects::AttributeMap priv;
  priv.set(CKA_VALUE, seed);
  ASSERT_TRUE(mech::check_imported_key(CKO_PRIVATE_KEY, CKK_VENDOR_XWING, priv).is_ok());
  EXPECT_EQ(to_bytes(priv.view(CKA_PUBLIC_KEY_INFO)), spki);
  objects::AttributeMap pub;
  pub.set(CKA_VALUE, ByteView(spki).last(mech::xwing::kPublicKeyBytes));
  ASSERT_TRUE(mech::check_imported_key(CKO_PUBLIC_KEY, CKK_VENDOR_XWING, pub).is_ok());
  EXPECT_EQ(to_bytes(pub.view(CKA_PUBLIC_KEY_INFO)), spki);
}

TEST(XWing, RandomInputsMatchIndependentReference) {
  for (int i = 0; i < 8; ++i) {
    Bytes seed(32), eseed(64);
    ASSERT_TRUE(crypto::random_bytes(seed).is_ok());
    ASSERT_TRUE(crypto::random_bytes(eseed).is_ok());
    const Reference r = reference_xwing(seed, eseed);
    auto priv = XWingDecapsKey::expand(seed);
    ASSERT_TRUE(priv.is_ok());
    EXPECT_EQ(to_bytes((*priv)->public_key()), r.pk);
    auto pub = XWingEncapsKey::parse(r.pk);
    ASSERT_TRUE(pub.is_ok());
    auto enc = (*pub)->encaps(eseed);
    ASSERT_TRUE(enc.is_ok());
    EXPECT_EQ(enc->ciphertext, r.ct);
    EXPECT_EQ(to_bytes(enc->shared_secret.view()), r.ss);
    auto dec = (*priv)->decaps(r.ct);
    ASSERT_TRUE(dec.is_ok());
    EXPECT_EQ(to_bytes(dec->view()), r.ss);
  }
}

// ---- X25519 as a total function -------------------------------------------

TEST(XWing, X25519TotalFunction) {
  Bytes sk(32);
  ASSERT_TRUE(crypto::random_bytes(sk).is_ok());
  auto key = crypto::okp_private_key(crypto::OkpCurve::kX25519, sk);
  ASSERT_TRUE(key.is_ok());
  // Ordinary point: equals OpenSSL and xdh_derive.
  const Bytes peer = ossl_x25519_public(Bytes(32, 0x33));
  Bytes out(32);
  ASSERT_TRUE(crypto::x25519(**key, peer, out).is_ok());
  EXPECT_EQ(out, ossl_x25519(sk, peer));
  auto derived = crypto::xdh_derive(**key, peer);
  ASSERT_TRUE(derived.is_ok());
  EXPECT_EQ(to_bytes(derived->view()), out);
  // Low-order points (u = 0, u = 1, u = p-1, and the order-8 point of RFC 7748's
  // curve): all-zero output, no error.
  const Bytes low_order[] = {
      Bytes(32, 0),
      cat({Bytes{1}, Bytes(31, 0)}),
      unhex(std::string("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f")),
      unhex(std::string("e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800")),
  };
  for (const Bytes& u : low_order) {
    std::fill(out.begin(), out.end(), 0xaa);
    ASSERT_TRUE(crypto::x25519(**key, u, out).is_ok());
    EXPECT_EQ(out, Bytes(32, 0));
    EXPECT_FALSE(crypto::xdh_derive(**key, u).is_ok());  // the ECDH path still refuses it
  }
  // Wrong lengths and a public-only key.
  EXPECT_EQ(crypto::x25519(**key, Bytes(31, 9), out).rv(), CKR_ARGUMENTS_BAD);
  Bytes short_out(31);
  EXPECT_EQ(crypto::x25519(**key, peer, short_out).rv(), CKR_ARGUMENTS_BAD);
  auto pub_only = crypto::okp_public_key(crypto::OkpCurve::kX25519, peer);
  ASSERT_TRUE(pub_only.is_ok());
  EXPECT_EQ(crypto::x25519(**pub_only, peer, out).rv(), CKR_KEY_TYPE_INCONSISTENT);
}

TEST(XWing, LowOrderCiphertextGivesASecretNotAnError) {
  const Bytes seed(32, 0x42);
  auto priv = XWingDecapsKey::expand(seed);
  ASSERT_TRUE(priv.is_ok());
  auto pub = XWingEncapsKey::parse((*priv)->public_key());
  ASSERT_TRUE(pub.is_ok());
  auto enc = (*pub)->encaps(Bytes(64, 0x24));
  ASSERT_TRUE(enc.is_ok());
  Bytes ct = enc->ciphertext;
  std::fill(ct.end() - 32, ct.end(), std::uint8_t{0});  // ct_X = 0, a low-order point
  auto dec = (*priv)->decaps(ct);
  ASSERT_TRUE(dec.is_ok());
  // ss_M is unchanged (ct_M untouched); ss_X is all zero.
  auto ml = pqc::ml_kem_encaps(pqc::MlKemParams::k768, ByteView((*priv)->public_key()).first(1184),
                               Bytes(32, 0x24));
  ASSERT_TRUE(ml.is_ok());
  const Bytes expected = ossl_digest(
      "SHA3-256",
      cat({ml->shared_secret.view(), Bytes(32, 0), Bytes(32, 0), ByteView((*priv)->public_key()).last(32), kLabel}),
      32);
  EXPECT_EQ(to_bytes(dec->view()), expected);
  EXPECT_NE(to_bytes(dec->view()), to_bytes(enc->shared_secret.view()));
}

TEST(XWing, BadInputs) {
  EXPECT_EQ(XWingDecapsKey::expand(Bytes(31, 1)).rv(), CKR_ATTRIBUTE_VALUE_INVALID);
  EXPECT_EQ(XWingDecapsKey::expand(Bytes(33, 1)).rv(), CKR_ATTRIBUTE_VALUE_INVALID);
  auto priv = XWingDecapsKey::expand(Bytes(32, 1));
  ASSERT_TRUE(priv.is_ok());
  const Bytes pk = to_bytes((*priv)->public_key());
  EXPECT_EQ(XWingEncapsKey::parse(ByteView(pk).first(1215)).rv(), CKR_ATTRIBUTE_VALUE_INVALID);
  EXPECT_EQ(XWingEncapsKey::parse(cat({pk, Bytes{0}})).rv(), CKR_ATTRIBUTE_VALUE_INVALID);
  Bytes unreduced = pk;
  unreduced[0] = 0xff;
  unreduced[1] |= 0x0f;  // an ML-KEM coefficient of 0xfff >= q
  EXPECT_EQ(XWingEncapsKey::parse(unreduced).rv(), CKR_ATTRIBUTE_VALUE_INVALID);
  auto pub = XWingEncapsKey::parse(pk);
  ASSERT_TRUE(pub.is_ok());
  EXPECT_EQ((*pub)->encaps(Bytes(63, 0)).rv(), CKR_ARGUMENTS_BAD);
  for (std::size_t len : {std::size_t{0}, std::size_t{1088}, std::size_t{1119}, std::size_t{1121}})
    EXPECT_EQ((*priv)->decaps(Bytes(len, 3)).rv(), CKR_ENCRYPTED_DATA_LEN_RANGE) << len;
  // A tampered ML-KEM part: implicit rejection, a different secret.
  auto enc = (*pub)->encaps(Bytes(64, 9));
  ASSERT_TRUE(enc.is_ok());
  Bytes ct = enc->ciphertext;
  ct[10] ^= 1;
  auto dec = (*priv)->decaps(ct);
  ASSERT_TRUE(dec.is_ok());
  EXPECT_NE(to_bytes(dec->view()), to_bytes(enc->shared_secret.view()));
}

// ---- the PKCS#11 rows -----------------------------------------------------

using pqcmechtest::entry;
using pqcmechtest::object;

TEST(XWingMech, RowsGenerateEncapsulateDecapsulate) {
  static_assert(CKK_VENDOR_XWING == 0xC3520001UL && CKM_VENDOR_XWING == 0xC3520002UL);
  const auto& gen = entry(CKM_VENDOR_XWING_KEY_PAIR_GEN);
  const auto& kem = entry(CKM_VENDOR_XWING);
  EXPECT_EQ(gen.flags, CKF_GENERATE_KEY_PAIR);
  EXPECT_EQ(kem.flags, CKF_ENCAPSULATE | CKF_DECAPSULATE);
  EXPECT_FALSE(gen.fips_approved);
  EXPECT_FALSE(kem.fips_approved);
  CK_MECHANISM gm{CKM_VENDOR_XWING_KEY_PAIR_GEN, nullptr, 0};
  mech::MechContext gctx{&gm, nullptr, {}};
  auto m = gen.generate_key_pair(gctx, objects::AttributeMap(), objects::AttributeMap());
  ASSERT_TRUE(m.is_ok()) << m.rv();
  EXPECT_EQ(m->public_attrs.get_ulong(CKA_KEY_TYPE), CKK_VENDOR_XWING);
  EXPECT_EQ(m->public_attrs.view(CKA_VALUE).size(), 1216u);
  EXPECT_EQ(m->private_attrs.view(CKA_VALUE).size(), 32u);
  auto expanded = XWingDecapsKey::expand(m->private_attrs.view(CKA_VALUE));
  ASSERT_TRUE(expanded.is_ok());
  EXPECT_EQ(to_bytes((*expanded)->public_key()), to_bytes(m->public_attrs.view(CKA_VALUE)));
  const mech::KeyRef pub = object(m->public_attrs), priv = object(m->private_attrs);

  CK_MECHANISM km{CKM_VENDOR_XWING, nullptr, 0};
  mech::MechContext ectx{&km, pub, {}};
  auto query = kem.encapsulate(ectx, MutableByteView());
  ASSERT_TRUE(query.is_ok());
  EXPECT_EQ(query->ciphertext_len, 1120u);
  Bytes ct(1120);
  auto small = kem.encapsulate(ectx, MutableByteView(ct.data(), 1119));
  EXPECT_EQ(small.rv(), CKR_BUFFER_TOO_SMALL);
  EXPECT_EQ(small.error().needed, 1120u);
  auto enc = kem.encapsulate(ectx, ct);
  ASSERT_TRUE(enc.is_ok());
  mech::MechContext dctx{&km, priv, {}};
  auto dec = kem.decapsulate(dctx, ct);
  ASSERT_TRUE(dec.is_ok());
  EXPECT_EQ(to_bytes(dec->view()), to_bytes(enc->shared_secret.view()));
  EXPECT_EQ(kem.decapsulate(dctx, ByteView(ct).first(1119)).rv(), CKR_ENCRYPTED_DATA_LEN_RANGE);

  // Wrong class / type / parameter.
  mech::MechContext swapped{&km, priv, {}};
  EXPECT_EQ(kem.encapsulate(swapped, ct).rv(), CKR_KEY_TYPE_INCONSISTENT);
  mech::MechContext swapped2{&km, pub, {}};
  EXPECT_EQ(kem.decapsulate(swapped2, ct).rv(), CKR_KEY_TYPE_INCONSISTENT);
  objects::AttributeMap ml_kem = m->public_attrs;
  ml_kem.set_ulong(CKA_KEY_TYPE, CKK_ML_KEM);
  mech::MechContext other{&km, object(ml_kem), {}};
  EXPECT_EQ(kem.encapsulate(other, ct).rv(), CKR_KEY_TYPE_INCONSISTENT);
  CK_ULONG junk = 0;
  CK_MECHANISM with_param{CKM_VENDOR_XWING, &junk, sizeof junk};
  mech::MechContext pctx{&with_param, pub, {}};
  EXPECT_EQ(kem.encapsulate(pctx, ct).rv(), CKR_MECHANISM_PARAM_INVALID);
  CK_MECHANISM gen_param{CKM_VENDOR_XWING_KEY_PAIR_GEN, &junk, sizeof junk};
  mech::MechContext gpctx{&gen_param, nullptr, {}};
  EXPECT_EQ(gen.generate_key_pair(gpctx, objects::AttributeMap(), objects::AttributeMap()).rv(),
            CKR_MECHANISM_PARAM_INVALID);
  objects::AttributeMap wrong_type;
  wrong_type.set_ulong(CKA_KEY_TYPE, CKK_ML_KEM);
  EXPECT_EQ(gen.generate_key_pair(gctx, wrong_type, objects::AttributeMap()).rv(), CKR_TEMPLATE_INCONSISTENT);
  // ML-KEM rows refuse X-Wing keys.
  CK_MECHANISM mlm{CKM_ML_KEM, nullptr, 0};
  mech::MechContext mctx{&mlm, pub, {}};
  EXPECT_EQ(entry(CKM_ML_KEM).encapsulate(mctx, ct).rv(), CKR_KEY_TYPE_INCONSISTENT);
}

TEST(XWingMech, ImportCheckAndSchema) {
  objects::AttributeMap a;
  EXPECT_EQ(mech::check_imported_key(CKO_PRIVATE_KEY, CKK_VENDOR_XWING, a).rv(), CKR_TEMPLATE_INCOMPLETE);
  a.set(CKA_VALUE, Bytes(31, 1));
  EXPECT_EQ(mech::check_imported_key(CKO_PRIVATE_KEY, CKK_VENDOR_XWING, a).rv(), CKR_ATTRIBUTE_VALUE_INVALID);
  a.set(CKA_VALUE, Bytes(1216, 0xff));  // ML-KEM coefficients 0xfff >= q
  EXPECT_EQ(mech::check_imported_key(CKO_PUBLIC_KEY, CKK_VENDOR_XWING, a).rv(), CKR_ATTRIBUTE_VALUE_INVALID);
  a.set(CKA_VALUE, Bytes(1216, 0x01));  // every coefficient 0x101 < q: a valid encoding
  EXPECT_TRUE(mech::check_imported_key(CKO_PUBLIC_KEY, CKK_VENDOR_XWING, a).is_ok());
  a.erase(CKA_PUBLIC_KEY_INFO);
  a.set(CKA_VALUE, Bytes(1215, 0));
  EXPECT_EQ(mech::check_imported_key(CKO_PUBLIC_KEY, CKK_VENDOR_XWING, a).rv(), CKR_ATTRIBUTE_VALUE_INVALID);
  a.set(CKA_VALUE, Bytes(32, 1));
  a.set(CKA_PUBLIC_KEY_INFO, Bytes{0x30, 0x00});
  EXPECT_EQ(mech::check_imported_key(CKO_PRIVATE_KEY, CKK_VENDOR_XWING, a).rv(), CKR_ATTRIBUTE_VALUE_INVALID);
  a.erase(CKA_PUBLIC_KEY_INFO);
  EXPECT_TRUE(mech::check_imported_key(CKO_PRIVATE_KEY, CKK_VENDOR_XWING, a).is_ok());
  // Attribute tables: CKA_VALUE on both classes, sensitive on the private key.
  const auto* pub_schema = objects::find_schema(CKO_PUBLIC_KEY, CKK_VENDOR_XWING);
  const auto* priv_schema = objects::find_schema(CKO_PRIVATE_KEY, CKK_VENDOR_XWING);
  ASSERT_NE(pub_schema, nullptr);
  ASSERT_NE(priv_schema, nullptr);
  EXPECT_NE(pub_schema->find(CKA_VALUE), nullptr);
  EXPECT_TRUE(objects::is_secret_component(CKO_PRIVATE_KEY, CKK_VENDOR_XWING, CKA_VALUE));
  EXPECT_FALSE(objects::is_secret_component(CKO_PUBLIC_KEY, CKK_VENDOR_XWING, CKA_VALUE));
}

}  // namespace
}  // namespace craton
