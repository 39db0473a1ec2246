// Attribute rules after creation: C_SetAttributeValue, C_CopyObject,
// C_GetAttributeValue readability, secret components, nested templates
// (CKA_WRAP_TEMPLATE ...) and CKA_ALLOWED_MECHANISMS.
#include <gtest/gtest.h>

#include <vector>

#include "attribute_rules_test_util.h"

namespace craton::objects {
namespace {

using test::b;
using test::bytes;
using test::fill;
using test::made;
using test::Tmpl;

CK_RV set(const AttributeMap& obj, const AttributeMap& changes, bool is_so = false) {
  return apply_set_attributes(obj, changes, is_so).rv();
}
CK_RV set1(const AttributeMap& obj, CK_ATTRIBUTE_TYPE type, const Bytes& v, bool is_so = false) {
  return set(obj, Tmpl().raw(type, v).m, is_so);
}
CK_RV copy1(const AttributeMap& obj, CK_ATTRIBUTE_TYPE type, const Bytes& v) {
  return apply_copy_template(obj, Tmpl().raw(type, v).m).rv();
}

// ---- C_SetAttributeValue ----

TEST(AttributeRulesSet, ModifiableAttributesPerClass) {
  const AttributeMap aes = made(test::secret(CKK_AES, 16));
  for (CK_ATTRIBUTE_TYPE t : {CKA_LABEL, CKA_ID, CKA_START_DATE, CKA_END_DATE})
    EXPECT_EQ(set1(aes, t, t == CKA_LABEL || t == CKA_ID ? bytes("x") : bytes("20250101")), CKR_OK) << t;
  for (CK_ATTRIBUTE_TYPE t : {CKA_ENCRYPT, CKA_DECRYPT, CKA_SIGN, CKA_VERIFY, CKA_WRAP, CKA_UNWRAP, CKA_DERIVE})
    EXPECT_EQ(set1(aes, t, b(false)), CKR_OK) << t;
  EXPECT_EQ(set1(aes, CKA_ALLOWED_MECHANISMS, test::ulong_bytes(CKM_AES_GCM)), CKR_OK);
  EXPECT_EQ(set1(aes, CKA_WRAP_TEMPLATE, {}), CKR_OK);

  const AttributeMap pub = made(test::rsa_public());
  for (CK_ATTRIBUTE_TYPE t : {CKA_ENCRYPT, CKA_VERIFY, CKA_VERIFY_RECOVER, CKA_WRAP, CKA_ENCAPSULATE})
    EXPECT_EQ(set1(pub, t, b(false)), CKR_OK) << t;
  EXPECT_EQ(set1(pub, CKA_SUBJECT, bytes("s")), CKR_OK);

  const AttributeMap priv = made(test::ec_private(CKK_EC));
  for (CK_ATTRIBUTE_TYPE t : {CKA_DECRYPT, CKA_SIGN, CKA_SIGN_RECOVER, CKA_UNWRAP, CKA_DECAPSULATE})
    EXPECT_EQ(set1(priv, t, b(false)), CKR_OK) << t;

  const AttributeMap data = made(test::data());
  for (CK_ATTRIBUTE_TYPE t : {CKA_APPLICATION, CKA_OBJECT_ID, CKA_VALUE, CKA_LABEL})
    EXPECT_EQ(set1(data, t, bytes("v")), CKR_OK) << t;

  const AttributeMap cert = made(test::x509());
  for (CK_ATTRIBUTE_TYPE t : {CKA_ID, CKA_ISSUER, CKA_SERIAL_NUMBER, CKA_LABEL})
    EXPECT_EQ(set1(cert, t, bytes("v")), CKR_OK) << t;
}

TEST(AttributeRulesSet, ReadOnlyAttributes) {
  const AttributeMap aes = made(test::secret(CKK_AES, 16));
  EXPECT_EQ(set1(aes, CKA_VALUE, fill(16)), CKR_ATTRIBUTE_READ_ONLY);
  EXPECT_EQ(set1(aes, CKA_VALUE_LEN, test::ulong_bytes(16)), CKR_ATTRIBUTE_READ_ONLY);
  EXPECT_EQ(set1(aes, CKA_CLASS, test::ulong_bytes(CKO_SECRET_KEY)), CKR_ATTRIBUTE_READ_ONLY);
  EXPECT_EQ(set1(aes, CKA_KEY_TYPE, test::ulong_bytes(CKK_AES)), CKR_ATTRIBUTE_READ_ONLY);
  for (CK_ATTRIBUTE_TYPE t : {CKA_TOKEN, CKA_PRIVATE, CKA_MODIFIABLE, CKA_DESTROYABLE, CKA_LOCAL,
                              CKA_ALWAYS_SENSITIVE, CKA_NEVER_EXTRACTABLE})
    EXPECT_EQ(set1(aes, t, b(true)), CKR_ATTRIBUTE_READ_ONLY) << t;
  EXPECT_EQ(set1(aes, CKA_UNIQUE_ID, bytes("1")), CKR_ATTRIBUTE_READ_ONLY);
  EXPECT_EQ(set1(aes, CKA_KEY_GEN_MECHANISM, test::ulong_bytes(0)), CKR_ATTRIBUTE_READ_ONLY);

  const AttributeMap rsa = made(test::rsa_private());
  EXPECT_EQ(set1(rsa, CKA_MODULUS, fill(256)), CKR_ATTRIBUTE_READ_ONLY);
  EXPECT_EQ(set1(rsa, CKA_PRIVATE_EXPONENT, fill(256)), CKR_ATTRIBUTE_READ_ONLY);
  EXPECT_EQ(set1(rsa, CKA_ALWAYS_AUTHENTICATE, b(true)), CKR_ATTRIBUTE_READ_ONLY);
  EXPECT_EQ(set1(rsa, CKA_PUBLIC_KEY_INFO, fill(10)), CKR_ATTRIBUTE_READ_ONLY);
  const AttributeMap ml = made(test::pqc_public(CKK_ML_KEM, CKP_ML_KEM_512, 800));
  EXPECT_EQ(set1(ml, CKA_PARAMETER_SET, test::ulong_bytes(CKP_ML_KEM_768)), CKR_ATTRIBUTE_READ_ONLY);

  const AttributeMap cert = made(test::x509());
  for (CK_ATTRIBUTE_TYPE t : {CKA_SUBJECT, CKA_VALUE, CKA_URL, CKA_START_DATE, CKA_CHECK_VALUE})
    EXPECT_EQ(set1(cert, t, {}), CKR_ATTRIBUTE_READ_ONLY) << t;
  EXPECT_EQ(set1(cert, CKA_CERTIFICATE_CATEGORY, test::ulong_bytes(1)), CKR_ATTRIBUTE_READ_ONLY);
}

TEST(AttributeRulesSet, TypeAndValueErrors) {
  const AttributeMap aes = made(test::secret(CKK_AES, 16));
  EXPECT_EQ(set1(aes, CKA_MODULUS, fill(4)), CKR_ATTRIBUTE_TYPE_INVALID);
  EXPECT_EQ(set1(aes, CKA_VENDOR_DEFINED + 7, fill(4)), CKR_ATTRIBUTE_TYPE_INVALID);
  EXPECT_EQ(set1(aes, CKA_ENCRYPT, {1, 1}), CKR_ATTRIBUTE_VALUE_INVALID);
  EXPECT_EQ(set1(aes, CKA_END_DATE, bytes("2025-1-1")), CKR_ATTRIBUTE_VALUE_INVALID);
  EXPECT_EQ(set1(aes, CKA_ALLOWED_MECHANISMS, fill(3)), CKR_ATTRIBUTE_VALUE_INVALID);
  EXPECT_EQ(set1(aes, CKA_UNWRAP_TEMPLATE, fill(17)), CKR_ATTRIBUTE_VALUE_INVALID);
  EXPECT_EQ(set1(made(test::data()), CKA_ID, bytes("x")), CKR_ATTRIBUTE_TYPE_INVALID);
}

TEST(AttributeRulesSet, NotModifiableObjectIsProhibited) {
  AttributeMap t = test::secret(CKK_AES, 16);
  t.set_bool(CKA_MODIFIABLE, false);
  const AttributeMap aes = made(t);
  EXPECT_EQ(set1(aes, CKA_LABEL, bytes("x")), CKR_ACTION_PROHIBITED);
  EXPECT_EQ(set(aes, AttributeMap()), CKR_ACTION_PROHIBITED);
}

TEST(AttributeRulesSet, OneWayAttributes) {
  const AttributeMap aes = made(test::secret(CKK_AES, 16));
  auto sensitive = apply_set_attributes(aes, Tmpl().b(CKA_SENSITIVE, true).m, false);
  ASSERT_TRUE(sensitive.is_ok());
  EXPECT_EQ(sensitive->get_bool(CKA_SENSITIVE), true);
  EXPECT_EQ(sensitive->get_bool(CKA_ALWAYS_SENSITIVE), false);  // it was not always
  EXPECT_EQ(set1(*sensitive, CKA_SENSITIVE, b(false)), CKR_ATTRIBUTE_READ_ONLY);
  EXPECT_EQ(set1(*sensitive, CKA_SENSITIVE, b(true)), CKR_OK);

  auto fixed = apply_set_attributes(aes, Tmpl().b(CKA_EXTRACTABLE, false).b(CKA_WRAP_WITH_TRUSTED, true).b(CKA_COPYABLE, false).m, false);
  ASSERT_TRUE(fixed.is_ok());
  EXPECT_EQ(fixed->get_bool(CKA_NEVER_EXTRACTABLE), false);
  EXPECT_EQ(set1(*fixed, CKA_EXTRACTABLE, b(true)), CKR_ATTRIBUTE_READ_ONLY);
  EXPECT_EQ(set1(*fixed, CKA_WRAP_WITH_TRUSTED, b(false)), CKR_ATTRIBUTE_READ_ONLY);
  EXPECT_EQ(set1(*fixed, CKA_COPYABLE, b(true)), CKR_ATTRIBUTE_READ_ONLY);
  EXPECT_EQ(set1(*fixed, CKA_EXTRACTABLE, b(false)), CKR_OK);

  const AttributeMap priv = made(test::rsa_private());
  EXPECT_EQ(set1(priv, CKA_SENSITIVE, b(true)), CKR_OK);
  auto priv_fixed = apply_set_attributes(priv, Tmpl().b(CKA_EXTRACTABLE, false).m, false);
  ASSERT_TRUE(priv_fixed.is_ok());
  EXPECT_EQ(set1(*priv_fixed, CKA_EXTRACTABLE, b(true)), CKR_ATTRIBUTE_READ_ONLY);
}

TEST(AttributeRulesSet, TrustedOnlyBySo) {
  const AttributeMap aes = made(test::secret(CKK_AES, 16));
  EXPECT_EQ(set1(aes, CKA_TRUSTED, b(true)), CKR_ATTRIBUTE_READ_ONLY);
  EXPECT_EQ(set1(aes, CKA_TRUSTED, b(true), true), CKR_OK);
  EXPECT_EQ(set1(aes, CKA_TRUSTED, b(false)), CKR_OK);
  const AttributeMap pub = made(test::ec_public(CKK_EC));
  EXPECT_EQ(set1(pub, CKA_TRUSTED, b(true)), CKR_ATTRIBUTE_READ_ONLY);
  EXPECT_EQ(set1(pub, CKA_TRUSTED, b(true), true), CKR_OK);

  // Trusted certificates cannot be modified; only the SO may revoke the trust.
  AttributeMap t = test::x509();
  t.set_bool(CKA_TRUSTED, true);
  NewObjectRequest r = test::request(Origin::kCreate, t, nullptr);
  r.is_so = true;
  auto cert = build_new_object(r);
  ASSERT_TRUE(cert.is_ok());
  EXPECT_EQ(set1(*cert, CKA_LABEL, bytes("x")), CKR_ATTRIBUTE_READ_ONLY);
  EXPECT_EQ(set1(*cert, CKA_LABEL, bytes("x"), true), CKR_ATTRIBUTE_READ_ONLY);
  EXPECT_EQ(set1(*cert, CKA_TRUSTED, b(false)), CKR_ATTRIBUTE_READ_ONLY);
  EXPECT_EQ(set1(*cert, CKA_TRUSTED, b(false), true), CKR_OK);
}

TEST(AttributeRulesSet, CheckValueMayOnlyBeRemovedOrRestated) {
  Bytes zero16(16, 0);
  const AttributeMap aes = made(Tmpl(test::key(CKO_SECRET_KEY, CKK_AES)).raw(CKA_VALUE, zero16).m);
  auto removed = apply_set_attributes(aes, Tmpl().raw(CKA_CHECK_VALUE, {}).m, false);
  ASSERT_TRUE(removed.is_ok());
  EXPECT_TRUE(removed->find(CKA_CHECK_VALUE)->empty());
  EXPECT_EQ(set1(*removed, CKA_CHECK_VALUE, bytes({0x66, 0xe9, 0x4b})), CKR_OK);
  EXPECT_EQ(set1(aes, CKA_CHECK_VALUE, bytes({1, 2, 3})), CKR_ATTRIBUTE_VALUE_INVALID);
}

TEST(AttributeRulesSet, ChangesAreApplied) {
  const AttributeMap aes = made(test::secret(CKK_AES, 16));
  auto r = apply_set_attributes(aes, Tmpl().raw(CKA_LABEL, bytes("new")).b(CKA_ENCRYPT, false).m, false);
  ASSERT_TRUE(r.is_ok());
  EXPECT_EQ(r->view(CKA_LABEL).size(), 3u);
  EXPECT_EQ(r->get_bool(CKA_ENCRYPT), false);
  EXPECT_EQ(r->size(), aes.size());
}

// ---- C_CopyObject ----

TEST(AttributeRulesCopy, CopyOnlyAndModifiableAttributes) {
  AttributeMap src = made(test::secret(CKK_AES, 16));
  src.set_string(CKA_UNIQUE_ID, "42");
  AttributeMap changes = Tmpl().b(CKA_TOKEN, true).b(CKA_PRIVATE, false).b(CKA_MODIFIABLE, false)
                             .b(CKA_DESTROYABLE, false).raw(CKA_LABEL, bytes("copy")).raw(CKA_ID, bytes("9"))
                             .b(CKA_SENSITIVE, true).b(CKA_EXTRACTABLE, false).b(CKA_ENCRYPT, false).m;
  auto c = apply_copy_template(src, changes);
  ASSERT_TRUE(c.is_ok());
  EXPECT_FALSE(c->has(CKA_UNIQUE_ID));
  for (const Attribute& a : changes) EXPECT_EQ(*c->find(a.type), a.value) << a.type;
  EXPECT_EQ(c->get_bool(CKA_ALWAYS_SENSITIVE), false);   // kept from the source
  EXPECT_EQ(c->get_bool(CKA_NEVER_EXTRACTABLE), false);
  EXPECT_EQ(*c->find(CKA_VALUE), *src.find(CKA_VALUE));
}

TEST(AttributeRulesCopy, Refusals) {
  const AttributeMap src = made(test::secret(CKK_AES, 16));
  EXPECT_EQ(copy1(src, CKA_VALUE, fill(16, 1)), CKR_ATTRIBUTE_READ_ONLY);
  EXPECT_EQ(copy1(src, CKA_VALUE, fill(16, 3)), CKR_OK);  // restating is harmless
  EXPECT_EQ(copy1(src, CKA_KEY_TYPE, test::ulong_bytes(CKK_GENERIC_SECRET)), CKR_ATTRIBUTE_READ_ONLY);
  EXPECT_EQ(copy1(src, CKA_LOCAL, b(false)), CKR_ATTRIBUTE_READ_ONLY);
  EXPECT_EQ(copy1(src, CKA_UNIQUE_ID, bytes("1")), CKR_ATTRIBUTE_READ_ONLY);
  EXPECT_EQ(copy1(src, CKA_TRUSTED, b(true)), CKR_ATTRIBUTE_READ_ONLY);
  EXPECT_EQ(copy1(src, CKA_MODULUS, fill(1)), CKR_ATTRIBUTE_TYPE_INVALID);
  EXPECT_EQ(copy1(src, CKA_LABEL, {}), CKR_OK);
  EXPECT_EQ(copy1(src, CKA_ENCRYPT, {2, 2}), CKR_ATTRIBUTE_VALUE_INVALID);
  auto sens = apply_set_attributes(src, Tmpl().b(CKA_SENSITIVE, true).b(CKA_EXTRACTABLE, false).m, false);
  ASSERT_TRUE(sens.is_ok());
  EXPECT_EQ(copy1(*sens, CKA_SENSITIVE, b(false)), CKR_ATTRIBUTE_READ_ONLY);
  EXPECT_EQ(copy1(*sens, CKA_EXTRACTABLE, b(true)), CKR_ATTRIBUTE_READ_ONLY);
}

TEST(AttributeRulesCopy, CopyableFalseIsProhibited) {
  AttributeMap t = test::data();
  t.set_bool(CKA_COPYABLE, false);
  EXPECT_EQ(apply_copy_template(made(t), AttributeMap()).rv(), CKR_ACTION_PROHIBITED);
}

TEST(AttributeRulesCopy, NonModifiableSourceMayStillBeCopiedWithChanges) {
  AttributeMap t = test::secret(CKK_AES, 16);
  t.set_bool(CKA_MODIFIABLE, false);
  const AttributeMap src = made(t);
  EXPECT_EQ(copy1(src, CKA_LABEL, bytes("copy")), CKR_OK);
  EXPECT_EQ(copy1(src, CKA_MODIFIABLE, b(true)), CKR_OK);
}

TEST(AttributeRulesCopy, CrossRulesStillHold) {
  AttributeMap t = test::rsa_private();
  t.set_bool(CKA_ALWAYS_AUTHENTICATE, true);
  EXPECT_EQ(copy1(made(t), CKA_PRIVATE, b(false)), CKR_TEMPLATE_INCONSISTENT);
}

// ---- C_GetAttributeValue readability and secret components ----

TEST(AttributeRulesReadable, SensitiveComponentsOfKeys) {
  const AttributeMap open = made(test::rsa_private());
  for (CK_ATTRIBUTE_TYPE t : {CKA_MODULUS, CKA_PUBLIC_EXPONENT, CKA_PRIVATE_EXPONENT, CKA_LABEL})
    EXPECT_TRUE(check_readable(open, t).is_ok()) << t;
  EXPECT_EQ(check_readable(open, CKA_PRIME_1).rv(), CKR_ATTRIBUTE_TYPE_INVALID);  // not stored
  EXPECT_EQ(check_readable(open, CKA_VENDOR_DEFINED).rv(), CKR_ATTRIBUTE_TYPE_INVALID);

  for (auto [flag, value] : {std::pair{CKA_SENSITIVE, true}, std::pair{CKA_EXTRACTABLE, false}}) {
    AttributeMap rsa_t = test::rsa_private();
    rsa_t.set_bool(flag, value);
    const AttributeMap rsa = made(rsa_t);
    EXPECT_EQ(check_readable(rsa, CKA_PRIVATE_EXPONENT).rv(), CKR_ATTRIBUTE_SENSITIVE);
    EXPECT_TRUE(check_readable(rsa, CKA_MODULUS).is_ok());
    EXPECT_TRUE(check_readable(rsa, CKA_PUBLIC_EXPONENT).is_ok());

    AttributeMap aes_t = test::secret(CKK_AES, 16);
    aes_t.set_bool(flag, value);
    const AttributeMap aes = made(aes_t);
    EXPECT_EQ(check_readable(aes, CKA_VALUE).rv(), CKR_ATTRIBUTE_SENSITIVE);
    for (CK_ATTRIBUTE_TYPE t : {CKA_VALUE_LEN, CKA_CHECK_VALUE, CKA_SENSITIVE, CKA_KEY_TYPE})
      EXPECT_TRUE(check_readable(aes, t).is_ok()) << t;

    AttributeMap ml_t = test::seeded_private(CKK_ML_KEM, CKP_ML_KEM_512, 64, 1632);
    ml_t.set_bool(flag, value);
    const AttributeMap ml = made(ml_t);
    EXPECT_EQ(check_readable(ml, CKA_SEED).rv(), CKR_ATTRIBUTE_SENSITIVE);
    EXPECT_EQ(check_readable(ml, CKA_VALUE).rv(), CKR_ATTRIBUTE_SENSITIVE);
    EXPECT_TRUE(check_readable(ml, CKA_PARAMETER_SET).is_ok());

    AttributeMap ec_t = test::ec_private(CKK_EC_EDWARDS);
    ec_t.set_bool(flag, value);
    EXPECT_EQ(check_readable(made(ec_t), CKA_VALUE).rv(), CKR_ATTRIBUTE_SENSITIVE);
  }
  // Public values are never hidden.
  const AttributeMap pub = made(test::pqc_public(CKK_ML_DSA, CKP_ML_DSA_44, 1312));
  EXPECT_TRUE(check_readable(pub, CKA_VALUE).is_ok());
  AttributeMap data_t = test::data();
  data_t.set(CKA_VALUE, ByteView(fill(3)));
  EXPECT_TRUE(check_readable(made(data_t), CKA_VALUE).is_ok());
}

TEST(AttributeRulesReadable, SecretComponentTable) {
  struct Case {
    CK_OBJECT_CLASS cls;
    CK_KEY_TYPE kt;
    CK_ATTRIBUTE_TYPE type;
    bool secret;
  };
  const Case cases[] = {
      {CKO_SECRET_KEY, CKK_AES, CKA_VALUE, true},
      {CKO_SECRET_KEY, CKK_AES, CKA_VALUE_LEN, false},
      {CKO_SECRET_KEY, CKK_CHACHA20, CKA_VALUE, true},
      {CKO_SECRET_KEY, CKK_SHA256_HMAC, CKA_VALUE, true},
      {CKO_PRIVATE_KEY, CKK_RSA, CKA_PRIVATE_EXPONENT, true},
      {CKO_PRIVATE_KEY, CKK_RSA, CKA_PRIME_1, true},
      {CKO_PRIVATE_KEY, CKK_RSA, CKA_PRIME_2, true},
      {CKO_PRIVATE_KEY, CKK_RSA, CKA_EXPONENT_1, true},
      {CKO_PRIVATE_KEY, CKK_RSA, CKA_EXPONENT_2, true},
      {CKO_PRIVATE_KEY, CKK_RSA, CKA_COEFFICIENT, true},
      {CKO_PRIVATE_KEY, CKK_RSA, CKA_MODULUS, false},
      {CKO_PRIVATE_KEY, CKK_RSA, CKA_PUBLIC_EXPONENT, false},
      {CKO_PRIVATE_KEY, CKK_EC, CKA_VALUE, true},
      {CKO_PRIVATE_KEY, CKK_EC, CKA_EC_PARAMS, false},
      {CKO_PRIVATE_KEY, CKK_EC_MONTGOMERY, CKA_VALUE, true},
      {CKO_PRIVATE_KEY, CKK_ML_KEM, CKA_SEED, true},
      {CKO_PRIVATE_KEY, CKK_ML_DSA, CKA_SEED, true},
      {CKO_PRIVATE_KEY, CKK_ML_DSA, CKA_VALUE, true},
      {CKO_PRIVATE_KEY, CKK_SLH_DSA, CKA_VALUE, true},
      {CKO_PRIVATE_KEY, CKK_SLH_DSA, CKA_PARAMETER_SET, false},
      {CKO_PUBLIC_KEY, CKK_ML_KEM, CKA_VALUE, false},
      {CKO_PUBLIC_KEY, CKK_RSA, CKA_MODULUS, false},
      {CKO_DATA, CK_UNAVAILABLE_INFORMATION, CKA_VALUE, false},
      {CKO_CERTIFICATE, CKC_X_509, CKA_VALUE, false},
      {CKO_SECRET_KEY, CKK_DES3, CKA_VALUE, true},  // no table: conservative
      {CKO_SECRET_KEY, CKK_DES3, CKA_LABEL, false},
  };
  for (const Case& c : cases)
    EXPECT_EQ(is_secret_component(c.cls, c.kt, c.type), c.secret) << c.cls << "/" << c.kt << "/" << c.type;
}

// ---- Nested templates ----

TEST(AttributeRulesArrays, ArrayAttributeTypes) {
  for (CK_ATTRIBUTE_TYPE t : {CKA_WRAP_TEMPLATE, CKA_UNWRAP_TEMPLATE, CKA_DERIVE_TEMPLATE, CKA_ENCAPSULATE_TEMPLATE,
                              CKA_DECAPSULATE_TEMPLATE})
    EXPECT_TRUE(is_array_attribute(t)) << t;
  for (CK_ATTRIBUTE_TYPE t : {CKA_ALLOWED_MECHANISMS, CKA_VALUE, CKA_LABEL, CKA_CLASS})
    EXPECT_FALSE(is_array_attribute(t)) << t;
}

TEST(AttributeRulesArrays, EncodingLayoutAndRoundTrip) {
  EXPECT_TRUE(encode_attribute_array(AttributeMap()).empty());
  AttributeMap nested;
  nested.set_bool(CKA_EXTRACTABLE, false);
  nested.set_ulong(CKA_KEY_TYPE, CKK_AES);
  nested.set(CKA_LABEL, SecureBytes());
  SecureBytes enc = encode_attribute_array(nested);
  // Sorted by type: CKA_LABEL (3), CKA_KEY_TYPE (0x100), CKA_EXTRACTABLE (0x162).
  ASSERT_EQ(enc.size(), 3 * 16 + 0 + sizeof(CK_ULONG) + 1);
  const Bytes head = {3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x00, 0x01, 0, 0, 0, 0, 0, 0};
  EXPECT_TRUE(std::equal(head.begin(), head.end(), enc.begin()));
  EXPECT_EQ(enc[24], sizeof(CK_ULONG));
  EXPECT_EQ(enc.back(), CK_FALSE);
  auto back = decode_attribute_array(enc.view());
  ASSERT_TRUE(back.is_ok());
  ASSERT_EQ(back->size(), 3u);
  EXPECT_TRUE(back->matches(nested));
  EXPECT_TRUE(nested.matches(*back));
  auto empty = decode_attribute_array(ByteView());
  ASSERT_TRUE(empty.is_ok());
  EXPECT_TRUE(empty->empty());
}

TEST(AttributeRulesArrays, CorruptEncodingsAreRejected) {
  AttributeMap nested;
  nested.set(CKA_LABEL, ByteView(bytes("abcd")));
  SecureBytes enc = encode_attribute_array(nested);
  for (std::size_t cut = 1; cut < enc.size(); ++cut)
    EXPECT_EQ(decode_attribute_array(ByteView(enc.data(), cut)).rv(), CKR_ATTRIBUTE_VALUE_INVALID) << cut;
  SecureBytes long_len = enc;
  long_len[8] = 5;  // claims 5 bytes, 4 follow
  EXPECT_EQ(decode_attribute_array(long_len.view()).rv(), CKR_ATTRIBUTE_VALUE_INVALID);
  SecureBytes huge = enc;
  huge[15] = 0x80;  // length near 2^64: must not wrap
  EXPECT_EQ(decode_attribute_array(huge.view()).rv(), CKR_ATTRIBUTE_VALUE_INVALID);
  SecureBytes twice = enc;
  twice.insert(twice.end(), enc.begin(), enc.end());
  EXPECT_EQ(decode_attribute_array(twice.view()).rv(), CKR_ATTRIBUTE_VALUE_INVALID);
}

TEST(AttributeRulesArrays, NestedTemplatesAreValidatedAndCanonical) {
  auto with_template = [](const AttributeMap& nested_raw) {
    AttributeMap t = test::secret(CKK_AES, 16);
    t.set(CKA_UNWRAP_TEMPLATE, encode_attribute_array(nested_raw));
    return test::create(t);
  };
  AttributeMap good;
  good.set(CKA_SENSITIVE, SecureBytes{0x09});
  good.set_ulong(CKA_CLASS, CKO_SECRET_KEY);
  auto ok = with_template(good);
  ASSERT_TRUE(ok.is_ok());
  auto stored = decode_attribute_array(ok->view(CKA_UNWRAP_TEMPLATE));
  ASSERT_TRUE(stored.is_ok());
  EXPECT_EQ(*stored->find(CKA_SENSITIVE), SecureBytes{CK_TRUE});  // canonical, so matches() works

  AttributeMap bad_bool;
  bad_bool.set(CKA_SENSITIVE, SecureBytes{1, 0});
  EXPECT_EQ(with_template(bad_bool).rv(), CKR_ATTRIBUTE_VALUE_INVALID);
  AttributeMap vendor;
  vendor.set(CKA_VENDOR_DEFINED | 5, SecureBytes{1});
  EXPECT_EQ(with_template(vendor).rv(), CKR_ATTRIBUTE_VALUE_INVALID);
  // One template inside another is allowed, a third level is not.
  AttributeMap inner;
  inner.set_bool(CKA_EXTRACTABLE, false);
  AttributeMap middle;
  middle.set(CKA_WRAP_TEMPLATE, encode_attribute_array(inner));
  EXPECT_TRUE(with_template(middle).is_ok());
  AttributeMap outer;
  outer.set(CKA_DERIVE_TEMPLATE, encode_attribute_array(middle));
  EXPECT_EQ(with_template(outer).rv(), CKR_ATTRIBUTE_VALUE_INVALID);
}

// ---- CKA_ALLOWED_MECHANISMS ----

TEST(AttributeRulesMechanisms, EmptyListAllowsAll) {
  const AttributeMap aes = made(test::secret(CKK_AES, 16));
  EXPECT_TRUE(mechanism_allowed(aes, CKM_AES_GCM));
  EXPECT_TRUE(mechanism_allowed(AttributeMap(), CKM_AES_GCM));
  Bytes list = test::ulong_bytes(CKM_AES_GCM);
  Bytes second = test::ulong_bytes(CKM_AES_CBC);
  list.insert(list.end(), second.begin(), second.end());
  auto limited = apply_set_attributes(aes, Tmpl().raw(CKA_ALLOWED_MECHANISMS, list).m, false);
  ASSERT_TRUE(limited.is_ok());
  EXPECT_TRUE(mechanism_allowed(*limited, CKM_AES_GCM));
  EXPECT_TRUE(mechanism_allowed(*limited, CKM_AES_CBC));
  EXPECT_FALSE(mechanism_allowed(*limited, CKM_AES_ECB));
}

}  // namespace
}  // namespace craton::objects
