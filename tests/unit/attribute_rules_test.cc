// Attribute rules (build_new_object): every object class and key type, every
// footnote rule of the PKCS#11 3.2 tables, defaults, token-set attributes,
// key-type checks and check values. Changes after creation (set, copy,
// readability, nested templates) are in attribute_changes_test.cc.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "attribute_rules_test_util.h"

namespace craton::objects {
namespace {

using test::b;
using test::bytes;
using test::create;
using test::fill;
using test::Tmpl;

// ---- Every supported class and key type creates from a minimal template. ----

struct Minimal {
  const char* name;
  AttributeMap tmpl;
};

std::vector<Minimal> minimal_templates() {
  return {
      {"data", test::data()},
      {"x509", test::x509()},
      {"wtls", test::wtls()},
      {"attr_cert", test::attr_cert()},
      {"rsa_public", test::rsa_public()},
      {"rsa_private", test::rsa_private()},
      {"ec_public", test::ec_public(CKK_EC)},
      {"ec_private", test::ec_private(CKK_EC)},
      {"ed_public", test::ec_public(CKK_EC_EDWARDS)},
      {"ed_private", test::ec_private(CKK_EC_EDWARDS)},
      {"x_public", test::ec_public(CKK_EC_MONTGOMERY)},
      {"x_private", test::ec_private(CKK_EC_MONTGOMERY)},
      {"ml_kem_public", test::pqc_public(CKK_ML_KEM, CKP_ML_KEM_768, 1184)},
      {"ml_kem_private", test::seeded_private(CKK_ML_KEM, CKP_ML_KEM_768, 64, 2400)},
      {"ml_dsa_public", test::pqc_public(CKK_ML_DSA, CKP_ML_DSA_65, 1952)},
      {"ml_dsa_private", test::seeded_private(CKK_ML_DSA, CKP_ML_DSA_65, 32, 4032)},
      {"slh_dsa_public", test::pqc_public(CKK_SLH_DSA, CKP_SLH_DSA_SHA2_128S, 32)},
      {"slh_dsa_private", Tmpl(test::key(CKO_PRIVATE_KEY, CKK_SLH_DSA))
                              .u(CKA_PARAMETER_SET, CKP_SLH_DSA_SHA2_128S).raw(CKA_VALUE, fill(64)).m},
      {"aes", test::secret(CKK_AES, 32)},
      {"aes_xts", test::secret(CKK_AES_XTS, 64)},
      {"generic", test::secret(CKK_GENERIC_SECRET, 20)},
      {"hkdf", test::secret(CKK_HKDF, 48)},
      {"sha1_hmac", test::secret(CKK_SHA_1_HMAC, 20)},
      {"sha256_hmac", test::secret(CKK_SHA256_HMAC, 32)},
      {"sha3_512_hmac", test::secret(CKK_SHA3_512_HMAC, 64)},
      {"chacha20", test::secret(CKK_CHACHA20, 32)},
      {"poly1305", test::secret(CKK_POLY1305, 32)},
  };
}

TEST(AttributeRulesCreate, EveryClassAndKeyTypeFromMinimalTemplate) {
  for (const Minimal& m : minimal_templates()) {
    auto r = create(m.tmpl);
    ASSERT_TRUE(r.is_ok()) << m.name << " rv=0x" << std::hex << r.rv();
    EXPECT_EQ(r->get_ulong(CKA_CLASS), m.tmpl.get_ulong(CKA_CLASS)) << m.name;
    EXPECT_FALSE(r->has(CKA_UNIQUE_ID)) << m.name << ": the module assigns it";
    EXPECT_EQ(r->get_bool(CKA_TOKEN), false) << m.name;
  }
}

// ---- Footnote 1: required at C_CreateObject. ----

struct Required {
  const char* name;
  AttributeMap tmpl;
  CK_ATTRIBUTE_TYPE drop;
};

TEST(AttributeRulesCreate, MissingRequiredAttributeIsIncomplete) {
  const std::vector<Required> cases = {
      {"class", test::data(), CKA_CLASS},
      {"cert type", test::x509(), CKA_CERTIFICATE_TYPE},
      {"x509 subject", test::x509(), CKA_SUBJECT},
      {"x509 value", test::x509(), CKA_VALUE},
      {"wtls subject", test::wtls(), CKA_SUBJECT},
      {"attr owner", test::attr_cert(), CKA_OWNER},
      {"attr value", test::attr_cert(), CKA_VALUE},
      {"key type", test::secret(CKK_AES, 16), CKA_KEY_TYPE},
      {"rsa modulus", test::rsa_public(), CKA_MODULUS},
      {"rsa exponent", test::rsa_public(), CKA_PUBLIC_EXPONENT},
      {"rsa priv modulus", test::rsa_private(), CKA_MODULUS},
      {"rsa priv pub exp", test::rsa_private(), CKA_PUBLIC_EXPONENT},
      {"rsa priv exp", test::rsa_private(), CKA_PRIVATE_EXPONENT},
      {"ec params", test::ec_public(CKK_EC), CKA_EC_PARAMS},
      {"ec point", test::ec_public(CKK_EC), CKA_EC_POINT},
      {"ec priv params", test::ec_private(CKK_EC), CKA_EC_PARAMS},
      {"ec priv value", test::ec_private(CKK_EC), CKA_VALUE},
      {"ed priv value", test::ec_private(CKK_EC_EDWARDS), CKA_VALUE},
      {"ml-kem pub set", test::pqc_public(CKK_ML_KEM, CKP_ML_KEM_512, 800), CKA_PARAMETER_SET},
      {"ml-kem pub value", test::pqc_public(CKK_ML_KEM, CKP_ML_KEM_512, 800), CKA_VALUE},
      {"ml-dsa priv set", test::seeded_private(CKK_ML_DSA, CKP_ML_DSA_44, 32, 2560), CKA_PARAMETER_SET},
      {"aes value", test::secret(CKK_AES, 16), CKA_VALUE},
      {"chacha value", test::secret(CKK_CHACHA20, 32), CKA_VALUE},
  };
  for (const Required& c : cases) {
    AttributeMap t = c.tmpl;
    t.erase(c.drop);
    EXPECT_EQ(create(t).rv(), CKR_TEMPLATE_INCOMPLETE) << c.name;
  }
}

TEST(AttributeRulesCreate, SeededPrivateKeysNeedSeedOrValue) {
  for (auto [kt, set, seed, value] : {std::tuple{CKK_ML_KEM, CKP_ML_KEM_1024, 64, 3168},
                                      std::tuple{CKK_ML_DSA, CKP_ML_DSA_87, 32, 4896}}) {
    AttributeMap both = test::seeded_private(kt, set, seed, value);
    EXPECT_TRUE(create(both).is_ok());
    AttributeMap seed_only = both;
    seed_only.erase(CKA_VALUE);
    auto r = create(seed_only);
    ASSERT_TRUE(r.is_ok());
    EXPECT_FALSE(r->has(CKA_VALUE));  // the key family expands it
    AttributeMap value_only = both;
    value_only.erase(CKA_SEED);
    EXPECT_TRUE(create(value_only).is_ok());
    AttributeMap neither = seed_only;
    neither.erase(CKA_SEED);
    EXPECT_EQ(create(neither).rv(), CKR_TEMPLATE_INCOMPLETE);
  }
  AttributeMap slh = Tmpl(test::key(CKO_PRIVATE_KEY, CKK_SLH_DSA)).u(CKA_PARAMETER_SET, 1).m;
  EXPECT_EQ(create(slh).rv(), CKR_TEMPLATE_INCOMPLETE);
}

TEST(AttributeRulesCreate, UnknownClassOrTypeIsValueInvalid) {
  EXPECT_EQ(create(Tmpl().u(CKA_CLASS, CKO_HW_FEATURE).m).rv(), CKR_ATTRIBUTE_VALUE_INVALID);
  EXPECT_EQ(create(Tmpl().u(CKA_CLASS, CKO_VENDOR_DEFINED).m).rv(), CKR_ATTRIBUTE_VALUE_INVALID);
  EXPECT_EQ(create(Tmpl(test::key(CKO_SECRET_KEY, CKK_DES3)).raw(CKA_VALUE, fill(24)).m).rv(),
            CKR_ATTRIBUTE_VALUE_INVALID);
  EXPECT_EQ(create(Tmpl(test::key(CKO_PUBLIC_KEY, CKK_DSA)).m).rv(), CKR_ATTRIBUTE_VALUE_INVALID);
  EXPECT_EQ(create(Tmpl(test::key(CKO_SECRET_KEY, CKK_VENDOR_DEFINED)).m).rv(), CKR_ATTRIBUTE_VALUE_INVALID);
  AttributeMap cert = test::x509();
  cert.set_ulong(CKA_CERTIFICATE_TYPE, CKC_VENDOR_DEFINED);
  EXPECT_EQ(create(cert).rv(), CKR_ATTRIBUTE_VALUE_INVALID);
}

TEST(AttributeRulesCreate, AttributeOutsideTheClassTablesIsTypeInvalid) {
  const std::vector<std::pair<AttributeMap, CK_ATTRIBUTE_TYPE>> cases = {
      {test::rsa_public(), CKA_SIGN},
      {test::rsa_public(), CKA_SENSITIVE},
      {test::rsa_public(), CKA_CHECK_VALUE},
      {test::rsa_private(), CKA_ENCRYPT},
      {test::rsa_private(), CKA_MODULUS_BITS},
      {test::secret(CKK_AES, 16), CKA_MODULUS},
      {test::secret(CKK_AES, 16), CKA_ENCAPSULATE},
      {test::secret(CKK_AES, 16), CKA_SUBJECT},
      {test::secret(CKK_CHACHA20, 32), CKA_VALUE_LEN},
      {Tmpl(test::key(CKO_PRIVATE_KEY, CKK_SLH_DSA)).u(CKA_PARAMETER_SET, 1).raw(CKA_VALUE, fill(64)).m, CKA_SEED},
      {test::ec_public(CKK_EC), CKA_VALUE},
      {test::data(), CKA_ID},
      {test::data(), CKA_VENDOR_DEFINED},
      {test::data(), CKA_VENDOR_DEFINED | 0x1234},
      {test::x509(), CKA_KEY_TYPE},
      {test::x509(), CKA_OWNER},
      {test::attr_cert(), CKA_SUBJECT},
  };
  for (const auto& [tmpl, extra] : cases) {
    AttributeMap t = tmpl;
    t.set(extra, SecureBytes(sizeof(CK_ULONG)));
    EXPECT_EQ(create(t).rv(), CKR_ATTRIBUTE_TYPE_INVALID) << std::hex << extra;
  }
}

// ---- Footnotes 2, 4, 6 and token-set attributes. ----

TEST(AttributeRulesCreate, TokenSetAttributesAreReadOnlyForEveryOrigin) {
  const CK_ATTRIBUTE_TYPE token_set[] = {CKA_LOCAL, CKA_KEY_GEN_MECHANISM, CKA_ALWAYS_SENSITIVE,
                                         CKA_NEVER_EXTRACTABLE, CKA_UNIQUE_ID, CKA_OBJECT_VALIDATION_FLAGS};
  for (CK_ATTRIBUTE_TYPE type : token_set) {
    AttributeMap t = test::secret(CKK_AES, 16);
    t.set(type, type == CKA_KEY_GEN_MECHANISM || type == CKA_OBJECT_VALIDATION_FLAGS ? test::ulong_bytes(0)
                                                                                   : b(false));
    EXPECT_EQ(create(t).rv(), CKR_ATTRIBUTE_READ_ONLY) << std::hex << type;
    t.erase(CKA_VALUE);
    t.set_ulong(CKA_VALUE_LEN, 16);
    for (Origin o : {Origin::kGenerate, Origin::kUnwrap, Origin::kDerive, Origin::kEncapsulate}) {
      AttributeMap material = Tmpl().raw(CKA_VALUE, fill(16)).m;
      EXPECT_EQ(test::make(o, t, &material).rv(), CKR_ATTRIBUTE_READ_ONLY) << std::hex << type;
    }
  }
  AttributeMap d = test::data();
  d.set_string(CKA_UNIQUE_ID, "1");
  EXPECT_EQ(create(d).rv(), CKR_ATTRIBUTE_READ_ONLY);
}

TEST(AttributeRulesCreate, ComputedLengthsAtCreateMustMatchTheValue) {
  AttributeMap aes = test::secret(CKK_AES, 24);
  aes.set_ulong(CKA_VALUE_LEN, 24);
  EXPECT_TRUE(create(aes).is_ok());  // restating the length is harmless
  aes.set_ulong(CKA_VALUE_LEN, 16);
  EXPECT_EQ(create(aes).rv(), CKR_TEMPLATE_INCONSISTENT);

  AttributeMap rsa = test::rsa_public();
  rsa.set_ulong(CKA_MODULUS_BITS, 2048);
  EXPECT_TRUE(create(rsa).is_ok());
  rsa.set_ulong(CKA_MODULUS_BITS, 1024);
  EXPECT_EQ(create(rsa).rv(), CKR_TEMPLATE_INCONSISTENT);
}

TEST(AttributeRulesCreate, TokenComputesValueLenAndModulusBits) {
  auto aes = create(test::secret(CKK_AES, 32));
  ASSERT_TRUE(aes.is_ok());
  EXPECT_EQ(aes->get_ulong(CKA_VALUE_LEN), 32u);
  auto rsa = create(test::rsa_public());  // modulus has a leading zero byte
  ASSERT_TRUE(rsa.is_ok());
  EXPECT_EQ(rsa->get_ulong(CKA_MODULUS_BITS), 2048u);
  auto chacha = create(test::secret(CKK_CHACHA20, 32));
  ASSERT_TRUE(chacha.is_ok());
  EXPECT_FALSE(chacha->has(CKA_VALUE_LEN));
}

TEST(AttributeRulesGenerate, KeyValueInTemplateIsInconsistent) {
  AttributeMap t = Tmpl(test::key(CKO_SECRET_KEY, CKK_AES)).u(CKA_VALUE_LEN, 16).raw(CKA_VALUE, fill(16, 1)).m;
  AttributeMap material = Tmpl().raw(CKA_VALUE, fill(16, 2)).m;
  EXPECT_EQ(test::make(Origin::kGenerate, t, &material).rv(), CKR_TEMPLATE_INCONSISTENT);
  AttributeMap crc = Tmpl(test::key(CKO_PUBLIC_KEY, CKK_EC)).raw(CKA_EC_PARAMS, test::p256()).raw(CKA_PUBLIC_CRC64_VALUE, fill(8)).m;
  AttributeMap ec_material = Tmpl().raw(CKA_EC_POINT, fill(65, 4)).m;
  EXPECT_EQ(test::make(Origin::kGenerate, crc, &ec_material).rv(), CKR_TEMPLATE_INCONSISTENT);
  AttributeMap point = Tmpl(test::key(CKO_PUBLIC_KEY, CKK_EC)).raw(CKA_EC_PARAMS, test::p256()).raw(CKA_EC_POINT, fill(65, 9)).m;
  EXPECT_EQ(test::make(Origin::kGenerate, point, &ec_material).rv(), CKR_TEMPLATE_INCONSISTENT);
}

TEST(AttributeRulesGenerate, RestatingWhatTheMechanismComputedIsAccepted) {
  // pkcs11-tool sends CKA_PARAMETER_SET in the private key-gen template too.
  AttributeMap priv_tmpl = Tmpl().u(CKA_PARAMETER_SET, CKP_ML_DSA_44).m;
  AttributeMap material = Tmpl(test::key(CKO_PRIVATE_KEY, CKK_ML_DSA))
                              .u(CKA_PARAMETER_SET, CKP_ML_DSA_44).raw(CKA_SEED, fill(32)).raw(CKA_VALUE, fill(2560)).m;
  EXPECT_TRUE(test::make(Origin::kGenerate, priv_tmpl, &material).is_ok());
  priv_tmpl.set_ulong(CKA_PARAMETER_SET, CKP_ML_DSA_87);
  EXPECT_EQ(test::make(Origin::kGenerate, priv_tmpl, &material).rv(), CKR_TEMPLATE_INCONSISTENT);
  // CKA_PUBLIC_EXPONENT is copied by the RSA mechanism from the template.
  AttributeMap pub = Tmpl(test::key(CKO_PUBLIC_KEY, CKK_RSA)).u(CKA_MODULUS_BITS, 2048).raw(CKA_PUBLIC_EXPONENT, bytes({1, 0, 1})).m;
  AttributeMap rsa_material = Tmpl().raw(CKA_MODULUS, test::modulus2048()).raw(CKA_PUBLIC_EXPONENT, bytes({1, 0, 1})).m;
  EXPECT_TRUE(test::make(Origin::kGenerate, pub, &rsa_material).is_ok());
  // Big integers compare as numbers: a leading zero byte changes nothing.
  AttributeMap padded = Tmpl(pub).raw(CKA_PUBLIC_EXPONENT, bytes({0, 1, 0, 1})).m;
  auto obj = test::make(Origin::kGenerate, padded, &rsa_material);
  ASSERT_TRUE(obj.is_ok());
  EXPECT_EQ(obj->view(CKA_PUBLIC_EXPONENT).size(), 3u);  // the mechanism's form is kept
  padded.set(CKA_PUBLIC_EXPONENT, ByteView(bytes({1, 0, 0, 1})));
  EXPECT_EQ(test::make(Origin::kGenerate, padded, &rsa_material).rv(), CKR_TEMPLATE_INCONSISTENT);
  pub.set_ulong(CKA_MODULUS_BITS, 3072);  // mechanism ignored it: caught
  EXPECT_EQ(test::make(Origin::kGenerate, pub, &rsa_material).rv(), CKR_TEMPLATE_INCONSISTENT);
}

TEST(AttributeRulesGenerate, RequiredAtGenerationIsIncomplete) {
  AttributeMap aes_material = Tmpl().raw(CKA_VALUE, fill(16)).m;
  EXPECT_EQ(test::make(Origin::kGenerate, test::key(CKO_SECRET_KEY, CKK_AES), &aes_material).rv(),
            CKR_TEMPLATE_INCOMPLETE);  // CKA_VALUE_LEN (footnote 3)
  AttributeMap rsa_material = Tmpl().raw(CKA_MODULUS, test::modulus2048()).raw(CKA_PUBLIC_EXPONENT, bytes({3})).m;
  EXPECT_EQ(test::make(Origin::kGenerate, test::key(CKO_PUBLIC_KEY, CKK_RSA), &rsa_material).rv(),
            CKR_TEMPLATE_INCOMPLETE);  // CKA_MODULUS_BITS
  AttributeMap pqc_material = Tmpl().raw(CKA_VALUE, fill(800)).m;
  EXPECT_EQ(test::make(Origin::kGenerate, test::key(CKO_PUBLIC_KEY, CKK_ML_KEM), &pqc_material).rv(),
            CKR_TEMPLATE_INCOMPLETE);  // CKA_PARAMETER_SET from the public template
  AttributeMap ec_material = Tmpl().raw(CKA_EC_POINT, fill(65)).m;
  EXPECT_EQ(test::make(Origin::kGenerate, test::key(CKO_PUBLIC_KEY, CKK_EC), &ec_material).rv(),
            CKR_TEMPLATE_INCOMPLETE);
}

TEST(AttributeRulesGenerate, DefaultsFillClassAndKeyType) {
  AttributeMap tmpl = Tmpl().u(CKA_VALUE_LEN, 32).m;
  AttributeMap material = Tmpl().raw(CKA_VALUE, fill(32)).m;
  NewObjectRequest r = test::request(Origin::kGenerate, tmpl, &material);
  r.default_class = CKO_SECRET_KEY;
  r.default_key_type = CKK_AES;
  r.key_gen_mechanism = CKM_AES_KEY_GEN;
  auto obj = build_new_object(r);
  ASSERT_TRUE(obj.is_ok());
  EXPECT_EQ(obj->get_ulong(CKA_CLASS), CKO_SECRET_KEY);
  EXPECT_EQ(obj->get_ulong(CKA_KEY_TYPE), CKK_AES);
  // A template naming another class or key type contradicts the mechanism.
  tmpl.set_ulong(CKA_KEY_TYPE, CKK_GENERIC_SECRET);
  EXPECT_EQ(build_new_object(r).rv(), CKR_TEMPLATE_INCONSISTENT);
  tmpl.erase(CKA_KEY_TYPE);
  tmpl.set_ulong(CKA_CLASS, CKO_PUBLIC_KEY);
  EXPECT_EQ(build_new_object(r).rv(), CKR_TEMPLATE_INCONSISTENT);
  // Material stating a different key type than the template.
  AttributeMap t2 = test::key(CKO_SECRET_KEY, CKK_AES);
  t2.set_ulong(CKA_VALUE_LEN, 32);
  AttributeMap m2 = Tmpl().u(CKA_KEY_TYPE, CKK_GENERIC_SECRET).raw(CKA_VALUE, fill(32)).m;
  EXPECT_EQ(test::make(Origin::kGenerate, t2, &m2).rv(), CKR_TEMPLATE_INCONSISTENT);
}

TEST(AttributeRulesGenerate, OnlyKeysComeFromKeyMakingFunctions) {
  for (Origin o : {Origin::kGenerate, Origin::kUnwrap, Origin::kEncapsulate})
    EXPECT_EQ(test::make(o, test::data(), nullptr).rv(), CKR_TEMPLATE_INCONSISTENT);
  for (Origin o : {Origin::kGenerate, Origin::kUnwrap, Origin::kDerive, Origin::kEncapsulate})
    EXPECT_EQ(test::make(o, test::x509(), nullptr).rv(), CKR_TEMPLATE_INCONSISTENT);
  // CKM_HKDF_DATA derives a data object.
  AttributeMap material = Tmpl().u(CKA_CLASS, CKO_DATA).raw(CKA_VALUE, fill(42)).m;
  auto obj = test::make(Origin::kDerive, Tmpl().raw(CKA_LABEL, bytes("okm")).m, &material);
  ASSERT_TRUE(obj.is_ok());
  EXPECT_EQ(obj->view(CKA_VALUE).size(), 42u);
  EXPECT_FALSE(obj->has(CKA_LOCAL));
  // Its template may name the output length (as for CKM_HKDF_DERIVE); it is not stored.
  AttributeMap with_len = Tmpl().u(CKA_VALUE_LEN, 42).m;
  auto data = test::make(Origin::kDerive, with_len, &material);
  ASSERT_TRUE(data.is_ok());
  EXPECT_FALSE(data->has(CKA_VALUE_LEN));
  with_len.set_ulong(CKA_VALUE_LEN, 41);
  EXPECT_EQ(test::make(Origin::kDerive, with_len, &material).rv(), CKR_TEMPLATE_INCONSISTENT);
  EXPECT_EQ(test::create(Tmpl(test::data()).u(CKA_VALUE_LEN, 0).m).rv(), CKR_ATTRIBUTE_TYPE_INVALID);
}

TEST(AttributeRulesGenerate, MechanismAttributeUnknownToClassIsAnInternalError) {
  AttributeMap tmpl = Tmpl(test::key(CKO_SECRET_KEY, CKK_AES)).u(CKA_VALUE_LEN, 16).m;
  AttributeMap material = Tmpl().raw(CKA_VALUE, fill(16)).raw(CKA_MODULUS, fill(16)).m;
  EXPECT_EQ(test::make(Origin::kGenerate, tmpl, &material).rv(), CKR_GENERAL_ERROR);
}

TEST(AttributeRulesUnwrap, FootnotesFiveAndSix) {
  AttributeMap material = Tmpl().raw(CKA_VALUE, fill(16)).m;
  // Footnote 5: the key type must be known.
  EXPECT_EQ(test::make(Origin::kUnwrap, Tmpl().u(CKA_CLASS, CKO_SECRET_KEY).m, &material).rv(),
            CKR_TEMPLATE_INCOMPLETE);
  // ... it may come from the wrapped data (PKCS#8).
  AttributeMap pkcs8 = Tmpl().u(CKA_KEY_TYPE, CKK_EC).raw(CKA_EC_PARAMS, test::p256()).raw(CKA_VALUE, fill(32)).m;
  EXPECT_TRUE(test::make(Origin::kUnwrap, Tmpl().u(CKA_CLASS, CKO_PRIVATE_KEY).m, &pkcs8).is_ok());
  // Footnote 6: private components come from the wrapped data, not the template.
  AttributeMap t = Tmpl(test::key(CKO_PRIVATE_KEY, CKK_EC)).raw(CKA_EC_PARAMS, test::p256()).m;
  AttributeMap value_only = Tmpl().raw(CKA_VALUE, fill(32)).m;
  EXPECT_EQ(test::make(Origin::kUnwrap, t, &value_only).rv(), CKR_TEMPLATE_INCONSISTENT);
  // CKA_VALUE_LEN may be given at unwrap (used to strip padding) and must agree.
  AttributeMap aes = Tmpl(test::key(CKO_SECRET_KEY, CKK_AES)).u(CKA_VALUE_LEN, 16).m;
  EXPECT_TRUE(test::make(Origin::kUnwrap, aes, &material).is_ok());
  aes.set_ulong(CKA_VALUE_LEN, 32);
  EXPECT_EQ(test::make(Origin::kUnwrap, aes, &material).rv(), CKR_TEMPLATE_INCONSISTENT);
}

TEST(AttributeRulesDerive, ValueLenMayBeGivenAndMustMatch) {
  AttributeMap t = Tmpl(test::key(CKO_SECRET_KEY, CKK_GENERIC_SECRET)).u(CKA_VALUE_LEN, 48).m;
  AttributeMap material = Tmpl().raw(CKA_VALUE, fill(48)).m;
  auto obj = test::make(Origin::kDerive, t, &material);
  ASSERT_TRUE(obj.is_ok());
  EXPECT_EQ(obj->get_ulong(CKA_VALUE_LEN), 48u);
  t.set_ulong(CKA_VALUE_LEN, 47);
  EXPECT_EQ(test::make(Origin::kDerive, t, &material).rv(), CKR_TEMPLATE_INCONSISTENT);
  AttributeMap with_value = test::secret(CKK_GENERIC_SECRET, 48);
  EXPECT_EQ(test::make(Origin::kDerive, with_value, &material).rv(), CKR_TEMPLATE_INCONSISTENT);
}

// ---- Value shapes. ----

TEST(AttributeRulesCreate, ValueShapesAreChecked) {
  auto with = [](AttributeMap t, CK_ATTRIBUTE_TYPE type, Bytes v) {
    t.set(type, ByteView(v));
    return create(t).rv();
  };
  AttributeMap aes = test::secret(CKK_AES, 16);
  EXPECT_EQ(with(aes, CKA_TOKEN, {1, 0}), CKR_ATTRIBUTE_VALUE_INVALID);
  EXPECT_EQ(with(aes, CKA_ENCRYPT, {}), CKR_ATTRIBUTE_VALUE_INVALID);
  EXPECT_EQ(with(aes, CKA_CLASS, {4, 0, 0, 0}), CKR_ATTRIBUTE_VALUE_INVALID);
  EXPECT_EQ(with(aes, CKA_START_DATE, bytes("2024011")), CKR_ATTRIBUTE_VALUE_INVALID);
  EXPECT_EQ(with(aes, CKA_START_DATE, bytes("2024O101")), CKR_ATTRIBUTE_VALUE_INVALID);
  EXPECT_EQ(with(aes, CKA_START_DATE, bytes("20241301")), CKR_ATTRIBUTE_VALUE_INVALID);
  EXPECT_EQ(with(aes, CKA_START_DATE, bytes("20240001")), CKR_ATTRIBUTE_VALUE_INVALID);
  EXPECT_EQ(with(aes, CKA_START_DATE, bytes("20240132")), CKR_ATTRIBUTE_VALUE_INVALID);
  EXPECT_EQ(with(aes, CKA_END_DATE, bytes("20240100")), CKR_ATTRIBUTE_VALUE_INVALID);
  EXPECT_EQ(with(aes, CKA_END_DATE, bytes("20241231")), CKR_OK);
  EXPECT_EQ(with(aes, CKA_END_DATE, {}), CKR_OK);
  EXPECT_EQ(with(aes, CKA_ALLOWED_MECHANISMS, fill(sizeof(CK_MECHANISM_TYPE) + 1)), CKR_ATTRIBUTE_VALUE_INVALID);
  EXPECT_EQ(with(aes, CKA_ALLOWED_MECHANISMS, fill(2 * sizeof(CK_MECHANISM_TYPE))), CKR_OK);
  EXPECT_EQ(with(aes, CKA_WRAP_TEMPLATE, fill(5)), CKR_ATTRIBUTE_VALUE_INVALID);
  EXPECT_EQ(with(test::rsa_public(), CKA_PUBLIC_EXPONENT, {}), CKR_ATTRIBUTE_VALUE_INVALID);
  EXPECT_EQ(with(test::data(), CKA_LABEL, {}), CKR_OK);
}

TEST(AttributeRulesCreate, BooleansAreStoredCanonically) {
  AttributeMap t = test::secret(CKK_AES, 16);
  t.set(CKA_SENSITIVE, SecureBytes{0x7f});
  auto obj = create(t);
  ASSERT_TRUE(obj.is_ok());
  EXPECT_EQ(*obj->find(CKA_SENSITIVE), SecureBytes{CK_TRUE});
}

// ---- Key-type checks. ----

TEST(AttributeRulesCreate, KeyLengthsAndParameterSets) {
  EXPECT_EQ(create(test::secret(CKK_AES, 17)).rv(), CKR_ATTRIBUTE_VALUE_INVALID);
  for (std::size_t n : {16, 24, 32}) EXPECT_TRUE(create(test::secret(CKK_AES, n)).is_ok());
  EXPECT_EQ(create(test::secret(CKK_AES_XTS, 48)).rv(), CKR_ATTRIBUTE_VALUE_INVALID);
  EXPECT_EQ(create(test::secret(CKK_CHACHA20, 31)).rv(), CKR_ATTRIBUTE_VALUE_INVALID);
  EXPECT_EQ(create(test::secret(CKK_POLY1305, 16)).rv(), CKR_ATTRIBUTE_VALUE_INVALID);
  EXPECT_EQ(create(test::secret(CKK_GENERIC_SECRET, 0)).rv(), CKR_ATTRIBUTE_VALUE_INVALID);
  EXPECT_TRUE(create(test::secret(CKK_SHA512_HMAC, 1)).is_ok());

  EXPECT_EQ(create(test::pqc_public(CKK_ML_KEM, CKP_ML_KEM_512, 801)).rv(), CKR_ATTRIBUTE_VALUE_INVALID);
  EXPECT_EQ(create(test::pqc_public(CKK_ML_KEM, 4, 800)).rv(), CKR_PARAMETER_SET_NOT_SUPPORTED);
  EXPECT_EQ(create(test::pqc_public(CKK_ML_KEM, 0, 800)).rv(), CKR_PARAMETER_SET_NOT_SUPPORTED);
  EXPECT_EQ(create(test::seeded_private(CKK_ML_KEM, CKP_ML_KEM_512, 32, 1632)).rv(), CKR_ATTRIBUTE_VALUE_INVALID);
  EXPECT_EQ(create(test::seeded_private(CKK_ML_KEM, CKP_ML_KEM_512, 64, 2400)).rv(), CKR_ATTRIBUTE_VALUE_INVALID);
  EXPECT_TRUE(create(test::seeded_private(CKK_ML_KEM, CKP_ML_KEM_512, 64, 1632)).is_ok());
  EXPECT_EQ(create(test::seeded_private(CKK_ML_DSA, CKP_ML_DSA_44, 64, 2560)).rv(), CKR_ATTRIBUTE_VALUE_INVALID);
  EXPECT_TRUE(create(test::pqc_public(CKK_ML_DSA, CKP_ML_DSA_87, 2592)).is_ok());
  EXPECT_TRUE(create(test::pqc_public(CKK_SLH_DSA, CKP_SLH_DSA_SHAKE_256F, 64)).is_ok());
  EXPECT_TRUE(create(test::pqc_public(CKK_SLH_DSA, CKP_SLH_DSA_SHA2_192S, 48)).is_ok());
  EXPECT_EQ(create(test::pqc_public(CKK_SLH_DSA, CKP_SLH_DSA_SHA2_192S, 32)).rv(), CKR_ATTRIBUTE_VALUE_INVALID);
  EXPECT_EQ(create(test::pqc_public(CKK_SLH_DSA, 13, 64)).rv(), CKR_PARAMETER_SET_NOT_SUPPORTED);
  AttributeMap slh = Tmpl(test::key(CKO_PRIVATE_KEY, CKK_SLH_DSA)).u(CKA_PARAMETER_SET, CKP_SLH_DSA_SHAKE_256S).m;
  EXPECT_TRUE(create(Tmpl(slh).raw(CKA_VALUE, fill(128)).m).is_ok());
  EXPECT_EQ(create(Tmpl(slh).raw(CKA_VALUE, fill(64)).m).rv(), CKR_ATTRIBUTE_VALUE_INVALID);
}

TEST(AttributeRulesCreate, CertificateRules) {
  AttributeMap url_only = test::x509();
  url_only.set(CKA_VALUE, SecureBytes());
  EXPECT_EQ(create(url_only).rv(), CKR_ATTRIBUTE_VALUE_INVALID);  // neither value nor URL
  url_only.set_string(CKA_URL, "https://example.test/cert.der");
  EXPECT_EQ(create(url_only).rv(), CKR_TEMPLATE_INCOMPLETE);  // hashes needed with a URL
  url_only.set(CKA_HASH_OF_SUBJECT_PUBLIC_KEY, ByteView(fill(20)));
  url_only.set(CKA_HASH_OF_ISSUER_PUBLIC_KEY, ByteView(fill(20)));
  EXPECT_TRUE(create(url_only).is_ok());
  AttributeMap cat = test::x509();
  cat.set_ulong(CKA_CERTIFICATE_CATEGORY, CK_CERTIFICATE_CATEGORY_AUTHORITY);
  EXPECT_TRUE(create(cat).is_ok());
  cat.set_ulong(CKA_CERTIFICATE_CATEGORY, 4);
  EXPECT_EQ(create(cat).rv(), CKR_ATTRIBUTE_VALUE_INVALID);
  AttributeMap midp = test::x509();
  midp.set_ulong(CKA_JAVA_MIDP_SECURITY_DOMAIN, 9);
  EXPECT_EQ(create(midp).rv(), CKR_ATTRIBUTE_VALUE_INVALID);
  AttributeMap attr = test::attr_cert();
  attr.set(CKA_VALUE, SecureBytes());
  EXPECT_EQ(create(attr).rv(), CKR_ATTRIBUTE_VALUE_INVALID);
}

// ---- Footnote 10: CKA_TRUSTED only by the SO; spec cross-rules. ----

TEST(AttributeRulesCreate, TrustedOnlyBySo) {
  for (AttributeMap t : {test::x509(), test::rsa_public(), test::secret(CKK_AES, 16)}) {
    t.set_bool(CKA_TRUSTED, true);
    EXPECT_EQ(create(t).rv(), CKR_ATTRIBUTE_READ_ONLY);
    NewObjectRequest r = test::request(Origin::kCreate, t, nullptr);
    r.is_so = true;
    auto obj = build_new_object(r);
    ASSERT_TRUE(obj.is_ok());
    EXPECT_EQ(obj->get_bool(CKA_TRUSTED), true);
    t.set_bool(CKA_TRUSTED, false);
    EXPECT_TRUE(create(t).is_ok());
  }
}

TEST(AttributeRulesCreate, AlwaysAuthenticateNeedsPrivate) {
  AttributeMap t = test::rsa_private();
  t.set_bool(CKA_ALWAYS_AUTHENTICATE, true);
  EXPECT_TRUE(create(t).is_ok());  // CKA_PRIVATE defaults to true
  t.set_bool(CKA_PRIVATE, false);
  EXPECT_EQ(create(t).rv(), CKR_TEMPLATE_INCONSISTENT);
}

// ---- Defaults. ----

void expect_bools(const AttributeMap& obj, std::initializer_list<std::pair<CK_ATTRIBUTE_TYPE, bool>> want,
                  const char* what) {
  for (auto [type, value] : want) EXPECT_EQ(obj.get_bool(type), value) << what << " 0x" << std::hex << type;
}

void expect_empty(const AttributeMap& obj, std::initializer_list<CK_ATTRIBUTE_TYPE> types, const char* what) {
  for (CK_ATTRIBUTE_TYPE type : types) {
    ASSERT_TRUE(obj.has(type)) << what << " 0x" << std::hex << type;
    EXPECT_TRUE(obj.find(type)->empty()) << what << " 0x" << std::hex << type;
  }
}

TEST(AttributeRulesDefaults, StorageAndDataObjects) {
  auto obj = create(test::data());
  ASSERT_TRUE(obj.is_ok());
  expect_bools(*obj, {{CKA_TOKEN, false}, {CKA_PRIVATE, false}, {CKA_MODIFIABLE, true}, {CKA_COPYABLE, true},
                      {CKA_DESTROYABLE, true}}, "data");
  expect_empty(*obj, {CKA_LABEL, CKA_APPLICATION, CKA_OBJECT_ID, CKA_VALUE}, "data");
  EXPECT_FALSE(obj->has(CKA_LOCAL));
}

TEST(AttributeRulesDefaults, Certificates) {
  auto obj = create(test::x509());
  ASSERT_TRUE(obj.is_ok());
  expect_bools(*obj, {{CKA_PRIVATE, false}, {CKA_TRUSTED, false}}, "x509");
  EXPECT_EQ(obj->get_ulong(CKA_CERTIFICATE_CATEGORY), CK_CERTIFICATE_CATEGORY_UNSPECIFIED);
  EXPECT_EQ(obj->get_ulong(CKA_JAVA_MIDP_SECURITY_DOMAIN), CK_SECURITY_DOMAIN_UNSPECIFIED);
  expect_empty(*obj, {CKA_ID, CKA_ISSUER, CKA_SERIAL_NUMBER, CKA_URL, CKA_HASH_OF_SUBJECT_PUBLIC_KEY,
                      CKA_HASH_OF_ISSUER_PUBLIC_KEY, CKA_START_DATE, CKA_END_DATE, CKA_PUBLIC_KEY_INFO}, "x509");
  EXPECT_FALSE(obj->has(CKA_NAME_HASH_ALGORITHM));  // absent means SHA-1
}

TEST(AttributeRulesDefaults, PublicKeys) {
  auto obj = create(test::rsa_public());
  ASSERT_TRUE(obj.is_ok());
  expect_bools(*obj, {{CKA_PRIVATE, false}, {CKA_ENCRYPT, true}, {CKA_VERIFY, true}, {CKA_VERIFY_RECOVER, true},
                      {CKA_WRAP, true}, {CKA_ENCAPSULATE, true}, {CKA_DERIVE, false}, {CKA_TRUSTED, false}}, "pub");
  expect_empty(*obj, {CKA_ID, CKA_SUBJECT, CKA_START_DATE, CKA_END_DATE, CKA_ALLOWED_MECHANISMS,
                      CKA_WRAP_TEMPLATE, CKA_ENCAPSULATE_TEMPLATE, CKA_LABEL}, "pub");
  EXPECT_FALSE(obj->has(CKA_SENSITIVE));
  EXPECT_FALSE(obj->has(CKA_ALWAYS_SENSITIVE));
}

TEST(AttributeRulesDefaults, PrivateKeys) {
  auto obj = create(test::ec_private(CKK_EC));
  ASSERT_TRUE(obj.is_ok());
  expect_bools(*obj, {{CKA_PRIVATE, true}, {CKA_SENSITIVE, false}, {CKA_EXTRACTABLE, true}, {CKA_DECRYPT, true},
                      {CKA_SIGN, true}, {CKA_SIGN_RECOVER, true}, {CKA_UNWRAP, true}, {CKA_DECAPSULATE, true},
                      {CKA_DERIVE, false}, {CKA_WRAP_WITH_TRUSTED, false}, {CKA_ALWAYS_AUTHENTICATE, false}},
               "priv");
  expect_empty(*obj, {CKA_ID, CKA_SUBJECT, CKA_UNWRAP_TEMPLATE, CKA_DECAPSULATE_TEMPLATE, CKA_DERIVE_TEMPLATE,
                      CKA_ALLOWED_MECHANISMS}, "priv");
}

TEST(AttributeRulesDefaults, SecretKeysAndTemplateOverrides) {
  auto obj = create(test::secret(CKK_AES, 16));
  ASSERT_TRUE(obj.is_ok());
  expect_bools(*obj, {{CKA_PRIVATE, true}, {CKA_SENSITIVE, false}, {CKA_EXTRACTABLE, true}, {CKA_ENCRYPT, true},
                      {CKA_DECRYPT, true}, {CKA_SIGN, true}, {CKA_VERIFY, true}, {CKA_WRAP, true},
                      {CKA_UNWRAP, true}, {CKA_DERIVE, false}, {CKA_WRAP_WITH_TRUSTED, false},
                      {CKA_TRUSTED, false}}, "secret");
  expect_empty(*obj, {CKA_WRAP_TEMPLATE, CKA_UNWRAP_TEMPLATE, CKA_DERIVE_TEMPLATE}, "secret");
  AttributeMap t = test::secret(CKK_AES, 16);
  t.set_bool(CKA_ENCRYPT, false);
  t.set_bool(CKA_PRIVATE, false);
  t.set_bool(CKA_TOKEN, true);
  t.set_string(CKA_LABEL, "k");
  auto over = create(t);
  ASSERT_TRUE(over.is_ok());
  expect_bools(*over, {{CKA_ENCRYPT, false}, {CKA_PRIVATE, false}, {CKA_TOKEN, true}, {CKA_DECRYPT, true}}, "over");
  EXPECT_EQ(over->view(CKA_LABEL).size(), 1u);
}

// ---- Token-set values per origin. ----

struct TokenSetCase {
  Origin origin;
  bool sensitive;
  bool extractable;
  std::optional<bool> base_as, base_ne;
  bool local, always_sensitive, never_extractable;
};

TEST(AttributeRulesTokenSet, PerOrigin) {
  const TokenSetCase cases[] = {
      {Origin::kCreate, true, false, {}, {}, false, false, false},
      {Origin::kGenerate, true, false, {}, {}, true, true, true},
      {Origin::kGenerate, false, true, {}, {}, true, false, false},
      {Origin::kUnwrap, true, false, {}, {}, false, false, false},
      {Origin::kEncapsulate, true, false, {}, {}, false, false, false},
      {Origin::kDerive, true, false, true, true, false, true, true},
      {Origin::kDerive, true, false, false, true, false, false, true},
      {Origin::kDerive, true, true, true, true, false, true, false},
      {Origin::kDerive, false, false, true, false, false, false, false},
      {Origin::kDerive, true, false, {}, {}, false, false, false},
  };
  for (const TokenSetCase& c : cases) {
    AttributeMap t = test::key(CKO_SECRET_KEY, CKK_AES);
    t.set_bool(CKA_SENSITIVE, c.sensitive);
    t.set_bool(CKA_EXTRACTABLE, c.extractable);
    AttributeMap material;
    if (c.origin == Origin::kCreate) {
      t.set(CKA_VALUE, ByteView(fill(16)));
    } else {
      material.set(CKA_VALUE, ByteView(fill(16)));
      if (c.origin == Origin::kGenerate) t.set_ulong(CKA_VALUE_LEN, 16);
    }
    NewObjectRequest r = test::request(c.origin, t, &material);
    r.key_gen_mechanism = CKM_AES_KEY_GEN;
    r.base_always_sensitive = c.base_as;
    r.base_never_extractable = c.base_ne;
    auto obj = build_new_object(r);
    ASSERT_TRUE(obj.is_ok()) << static_cast<int>(c.origin);
    EXPECT_EQ(obj->get_bool(CKA_LOCAL), c.local);
    EXPECT_EQ(obj->get_ulong(CKA_KEY_GEN_MECHANISM), c.local ? CKM_AES_KEY_GEN : CK_UNAVAILABLE_INFORMATION);
    EXPECT_EQ(obj->get_bool(CKA_ALWAYS_SENSITIVE), c.always_sensitive) << static_cast<int>(c.origin);
    EXPECT_EQ(obj->get_bool(CKA_NEVER_EXTRACTABLE), c.never_extractable) << static_cast<int>(c.origin);
  }
}

TEST(AttributeRulesTokenSet, KeyPairHalves) {
  AttributeMap pub = Tmpl(test::key(CKO_PUBLIC_KEY, CKK_EC)).raw(CKA_EC_PARAMS, test::p256()).m;
  AttributeMap pub_material = Tmpl().raw(CKA_EC_POINT, fill(65)).m;
  NewObjectRequest r = test::request(Origin::kGenerate, pub, &pub_material);
  r.key_gen_mechanism = CKM_EC_KEY_PAIR_GEN;
  auto p = build_new_object(r);
  ASSERT_TRUE(p.is_ok());
  EXPECT_EQ(p->get_bool(CKA_LOCAL), true);
  EXPECT_EQ(p->get_ulong(CKA_KEY_GEN_MECHANISM), CKM_EC_KEY_PAIR_GEN);
  EXPECT_FALSE(p->has(CKA_ALWAYS_SENSITIVE));  // public keys have none
  AttributeMap priv = Tmpl(test::key(CKO_PRIVATE_KEY, CKK_EC)).b(CKA_SENSITIVE, true).m;
  AttributeMap priv_material = Tmpl().raw(CKA_EC_PARAMS, test::p256()).raw(CKA_VALUE, fill(32)).m;
  r = test::request(Origin::kGenerate, priv, &priv_material);
  r.key_gen_mechanism = CKM_EC_KEY_PAIR_GEN;
  auto s = build_new_object(r);
  ASSERT_TRUE(s.is_ok());
  expect_bools(*s, {{CKA_LOCAL, true}, {CKA_ALWAYS_SENSITIVE, true}, {CKA_NEVER_EXTRACTABLE, false}}, "priv");
}

TEST(AttributeRulesTokenSet, EncapsulatedSecret) {
  AttributeMap t = Tmpl(test::key(CKO_SECRET_KEY, CKK_GENERIC_SECRET)).u(CKA_VALUE_LEN, 32).m;
  AttributeMap material = Tmpl().raw(CKA_VALUE, fill(32)).m;
  auto obj = test::make(Origin::kEncapsulate, t, &material);
  ASSERT_TRUE(obj.is_ok());
  expect_bools(*obj, {{CKA_LOCAL, false}, {CKA_ALWAYS_SENSITIVE, false}, {CKA_NEVER_EXTRACTABLE, false}}, "kem");
  t.set_ulong(CKA_VALUE_LEN, 16);
  EXPECT_EQ(test::make(Origin::kEncapsulate, t, &material).rv(), CKR_TEMPLATE_INCONSISTENT);
}

// ---- CKA_CHECK_VALUE. ----

TEST(AttributeRulesCheckValue, ComputedVerifiedOrSuppressed) {
  auto zero_aes = create(Tmpl(test::key(CKO_SECRET_KEY, CKK_AES)).raw(CKA_VALUE, fill(16, 0)).m);
  ASSERT_TRUE(zero_aes.is_ok());  // AES-128(0^16, 0^16) = 66e94bd4...
  EXPECT_EQ(*zero_aes->find(CKA_CHECK_VALUE), SecureBytes({0x66, 0xe9, 0x4b}));
  Bytes k256;
  for (int i = 0; i < 32; ++i) k256.push_back(static_cast<std::uint8_t>(i));
  AttributeMap aes256 = Tmpl(test::key(CKO_SECRET_KEY, CKK_AES)).raw(CKA_VALUE, k256).m;
  auto a = create(aes256);
  ASSERT_TRUE(a.is_ok());  // AES-256(00..1f, 0^16) = f29000b6...
  EXPECT_EQ(*a->find(CKA_CHECK_VALUE), SecureBytes({0xf2, 0x90, 0x00}));
  AttributeMap generic = Tmpl(test::key(CKO_SECRET_KEY, CKK_SHA256_HMAC)).raw(CKA_VALUE, bytes("abc")).m;
  auto g = create(generic);
  ASSERT_TRUE(g.is_ok());  // SHA-1("abc") = a9993e36...
  EXPECT_EQ(*g->find(CKA_CHECK_VALUE), SecureBytes({0xa9, 0x99, 0x3e}));
  // Caller's value: must match; empty suppresses it.
  EXPECT_TRUE(create(Tmpl(aes256).raw(CKA_CHECK_VALUE, bytes({0xf2, 0x90, 0x00})).m).is_ok());
  EXPECT_EQ(create(Tmpl(aes256).raw(CKA_CHECK_VALUE, bytes({0xf2, 0x90, 0x01})).m).rv(), CKR_ATTRIBUTE_VALUE_INVALID);
  auto suppressed = create(Tmpl(aes256).raw(CKA_CHECK_VALUE, Bytes{}).m);
  ASSERT_TRUE(suppressed.is_ok());
  EXPECT_TRUE(suppressed->find(CKA_CHECK_VALUE)->empty());
  // A key type without a defined check value ignores a supplied one.
  auto chacha = create(Tmpl(test::secret(CKK_CHACHA20, 32)).raw(CKA_CHECK_VALUE, bytes({1, 2, 3})).m);
  ASSERT_TRUE(chacha.is_ok());
  EXPECT_FALSE(chacha->has(CKA_CHECK_VALUE));
  // Certificates: SHA-1 of CKA_VALUE.
  auto cert = create(test::x509());
  ASSERT_TRUE(cert.is_ok());
  EXPECT_EQ(*cert->find(CKA_CHECK_VALUE), SecureBytes({0x31, 0x9c, 0x20}));  // SHA-1("cert-der")
}

}  // namespace
}  // namespace craton::objects
