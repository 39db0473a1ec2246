// RSA keys: key-pair generation, the PKCS#8 codec, import checks and the
// once-per-snapshot key cache.
#include "crypto/pkey.h"
#include "rsa_test_util.h"

namespace craton::rsa_test {
namespace {

using objects::AttributeMap;

mech::KeyRef object_from(const AttributeMap& attrs) {
  auto d = std::make_shared<objects::ObjectData>();
  d->attrs = attrs;
  return d;
}

Result<mech::KeyPairMaterial> generate(const AttributeMap& pub_tmpl) {
  const CK_MECHANISM m = mechanism(CKM_RSA_PKCS_KEY_PAIR_GEN);
  return entry(CKM_RSA_PKCS_KEY_PAIR_GEN).generate_key_pair(context(m, nullptr), pub_tmpl, AttributeMap());
}

AttributeMap bits_template(CK_ULONG bits) {
  AttributeMap t;
  t.set_ulong(CKA_MODULUS_BITS, bits);
  return t;
}

TEST(RsaKeys, GenerateSignVerifyEncryptDecrypt) {
  auto kp = generate(bits_template(2048));
  ASSERT_TRUE(kp.is_ok()) << std::hex << kp.rv();
  const AttributeMap& pub = kp->public_attrs;
  const AttributeMap& priv = kp->private_attrs;
  EXPECT_EQ(pub.get_ulong(CKA_CLASS), CKO_PUBLIC_KEY);
  EXPECT_EQ(pub.get_ulong(CKA_KEY_TYPE), CKK_RSA);
  EXPECT_EQ(pub.get_ulong(CKA_MODULUS_BITS), 2048u);
  EXPECT_EQ(pub.view(CKA_MODULUS).size(), 256u);
  EXPECT_NE(pub.view(CKA_MODULUS)[0], 0);
  EXPECT_EQ(Bytes(pub.view(CKA_PUBLIC_EXPONENT).begin(), pub.view(CKA_PUBLIC_EXPONENT).end()), hex("010001"));
  EXPECT_EQ(priv.get_ulong(CKA_CLASS), CKO_PRIVATE_KEY);
  for (CK_ATTRIBUTE_TYPE t : {CKA_MODULUS, CKA_PUBLIC_EXPONENT, CKA_PRIVATE_EXPONENT, CKA_PRIME_1, CKA_PRIME_2,
                              CKA_EXPONENT_1, CKA_EXPONENT_2, CKA_COEFFICIENT}) {
    SCOPED_TRACE(t);
    ASSERT_TRUE(priv.has(t));
    EXPECT_NE(priv.view(t)[0], 0);  // no leading zeros
  }
  EXPECT_TRUE(pub.view(CKA_MODULUS).size() == priv.view(CKA_MODULUS).size() &&
              std::equal(pub.view(CKA_MODULUS).begin(), pub.view(CKA_MODULUS).end(), priv.view(CKA_MODULUS).begin()));
  AttributeMap pub_attrs = pub, priv_attrs = priv;
  ASSERT_EQ(mech::check_imported_key(CKO_PUBLIC_KEY, CKK_RSA, pub_attrs).rv(), CKR_OK);
  ASSERT_EQ(mech::check_imported_key(CKO_PRIVATE_KEY, CKK_RSA, priv_attrs).rv(), CKR_OK);
  const mech::KeyRef pk = object_from(pub_attrs), sk = object_from(priv_attrs);

  const Bytes msg = hex("54686520717569636b2062726f776e20666f78");
  const CK_MECHANISM m = mechanism(CKM_SHA256_RSA_PKCS);
  const Outcome s = sign(m, sk, msg);
  ASSERT_EQ(s.rv, CKR_OK);
  EXPECT_EQ(verify(m, pk, msg, s.out), CKR_OK);
  Bytes bad = s.out;
  bad[10] ^= 1;
  EXPECT_EQ(verify(m, pk, msg, bad), CKR_SIGNATURE_INVALID);
  CK_RSA_PKCS_PSS_PARAMS pss{CKM_SHA256, CKG_MGF1_SHA256, 32};
  const CK_MECHANISM mp = mechanism(CKM_SHA256_RSA_PKCS_PSS, &pss, sizeof(pss));
  const Outcome sp = sign(mp, sk, msg);
  ASSERT_EQ(sp.rv, CKR_OK);
  EXPECT_EQ(verify(mp, pk, msg, sp.out), CKR_OK);
  CK_RSA_PKCS_OAEP_PARAMS oaep{CKM_SHA256, CKG_MGF1_SHA256, 0, nullptr, 0};
  const CK_MECHANISM mo = mechanism(CKM_RSA_PKCS_OAEP, &oaep, sizeof(oaep));
  const Outcome c = encrypt(mo, pk, msg);
  ASSERT_EQ(c.rv, CKR_OK);
  EXPECT_EQ(decrypt(mo, sk, c.out).out, msg);
}

TEST(RsaKeys, GenerateWithExponentAndOddSizes) {
  AttributeMap t = bits_template(1032);
  t.set(CKA_PUBLIC_EXPONENT, hex("0003"));  // leading zero accepted
  auto kp = generate(t);
  ASSERT_TRUE(kp.is_ok()) << std::hex << kp.rv();
  EXPECT_EQ(Bytes(kp->public_attrs.view(CKA_PUBLIC_EXPONENT).begin(), kp->public_attrs.view(CKA_PUBLIC_EXPONENT).end()),
            hex("03"));
  EXPECT_EQ(kp->public_attrs.view(CKA_MODULUS).size(), 129u);
}

TEST(RsaKeys, GenerateErrors) {
  EXPECT_EQ(generate(AttributeMap()).rv(), CKR_TEMPLATE_INCOMPLETE);
  EXPECT_EQ(generate(bits_template(1016)).rv(), CKR_KEY_SIZE_RANGE);
  EXPECT_EQ(generate(bits_template(2047)).rv(), CKR_KEY_SIZE_RANGE);
  EXPECT_EQ(generate(bits_template(8200)).rv(), CKR_KEY_SIZE_RANGE);
  AttributeMap wrong_size;
  wrong_size.set(CKA_MODULUS_BITS, hex("0008"));
  EXPECT_EQ(generate(wrong_size).rv(), CKR_ATTRIBUTE_VALUE_INVALID);
  for (const char* e : {"010000", "01", "00", "", "02"}) {
    SCOPED_TRACE(e);
    AttributeMap t = bits_template(1024);
    t.set(CKA_PUBLIC_EXPONENT, hex(e));
    EXPECT_EQ(generate(t).rv(), CKR_ATTRIBUTE_VALUE_INVALID);
  }
  const CK_MECHANISM with_param = mechanism(CKM_RSA_PKCS_KEY_PAIR_GEN, const_cast<char*>("x"), 1);
  EXPECT_EQ(entry(CKM_RSA_PKCS_KEY_PAIR_GEN)
                .generate_key_pair(context(with_param, nullptr), bits_template(2048), AttributeMap())
                .rv(),
            CKR_MECHANISM_PARAM_INVALID);
}

json pkcs1_group() { return load_wycheproof("rsa_pkcs1_2048_test.json")["testGroups"][0]; }

TEST(RsaKeys, Pkcs8CodecRoundTrip) {
  const mech::PrivateKeyCodec* codec = mech::find_private_key_codec(CKK_RSA);
  ASSERT_NE(codec, nullptr);
  const json g = pkcs1_group();
  const Bytes der = hex(g["privateKeyPkcs8"]);
  auto decoded = codec->decode_pkcs8(der);
  ASSERT_TRUE(decoded.is_ok());
  const json& k = g["privateKey"];
  const std::pair<const char*, CK_ATTRIBUTE_TYPE> fields[] = {
      {"modulus", CKA_MODULUS},     {"publicExponent", CKA_PUBLIC_EXPONENT}, {"privateExponent", CKA_PRIVATE_EXPONENT},
      {"prime1", CKA_PRIME_1},      {"prime2", CKA_PRIME_2},                 {"exponent1", CKA_EXPONENT_1},
      {"exponent2", CKA_EXPONENT_2}, {"coefficient", CKA_COEFFICIENT}};
  for (const auto& [name, type] : fields) {
    SCOPED_TRACE(name);
    const ByteView v = decoded->view(type);
    EXPECT_EQ(Bytes(v.begin(), v.end()), strip(hex(k[name])));
  }
  EXPECT_EQ(decoded->get_ulong(CKA_KEY_TYPE), CKK_RSA);
  auto any = mech::decode_any_pkcs8(der);
  ASSERT_TRUE(any.is_ok());
  EXPECT_EQ(any->get_ulong(CKA_KEY_TYPE), CKK_RSA);

  // Encoding the key object gives back the same DER.
  const mech::KeyRef key = private_from_json(k);
  auto encoded = codec->encode_pkcs8(*key);
  ASSERT_TRUE(encoded.is_ok());
  EXPECT_EQ(Bytes(encoded->begin(), encoded->end()), der);

  // Damaged or foreign input.
  Bytes trailing = der;
  trailing.push_back(0);
  EXPECT_EQ(codec->decode_pkcs8(trailing).rv(), CKR_WRAPPED_KEY_INVALID);
  EXPECT_EQ(codec->decode_pkcs8(ByteView(der).first(der.size() - 1)).rv(), CKR_WRAPPED_KEY_INVALID);
  EXPECT_EQ(codec->decode_pkcs8(hex("3003020100")).rv(), CKR_WRAPPED_KEY_INVALID);
  EXPECT_EQ(codec->decode_pkcs8({}).rv(), CKR_WRAPPED_KEY_INVALID);
  // A public key object cannot be encoded as a private key.
  const mech::KeyRef pub = public_key(hex(k["modulus"]), hex(k["publicExponent"]));
  EXPECT_EQ(codec->encode_pkcs8(*pub).rv(), CKR_KEY_TYPE_INCONSISTENT);
}

TEST(RsaKeys, Pkcs8OfGeneratedKey) {
  auto kp = generate(bits_template(1024));
  ASSERT_TRUE(kp.is_ok());
  const mech::KeyRef sk = object_from(kp->private_attrs);
  const mech::PrivateKeyCodec* codec = mech::find_private_key_codec(CKK_RSA);
  auto der = codec->encode_pkcs8(*sk);
  ASSERT_TRUE(der.is_ok());
  auto back = codec->decode_pkcs8(der->view());
  ASSERT_TRUE(back.is_ok());
  for (CK_ATTRIBUTE_TYPE t : {CKA_MODULUS, CKA_PRIVATE_EXPONENT, CKA_PRIME_1, CKA_COEFFICIENT}) {
    SCOPED_TRACE(t);
    EXPECT_TRUE(back->view(t).size() == sk->attrs.view(t).size() &&
                std::equal(back->view(t).begin(), back->view(t).end(), sk->attrs.view(t).begin()));
  }
}

AttrList pkcs1_private_attrs() {
  const json k = pkcs1_group()["privateKey"];
  return {{CKA_MODULUS, hex(k["modulus"])},         {CKA_PUBLIC_EXPONENT, hex(k["publicExponent"])},
          {CKA_PRIVATE_EXPONENT, hex(k["privateExponent"])}, {CKA_PRIME_1, hex(k["prime1"])},
          {CKA_PRIME_2, hex(k["prime2"])},          {CKA_EXPONENT_1, hex(k["exponent1"])},
          {CKA_EXPONENT_2, hex(k["exponent2"])},    {CKA_COEFFICIENT, hex(k["coefficient"])}};
}

CK_RV import_rv(CK_OBJECT_CLASS cls, const AttrList& attrs) {
  AttributeMap m;
  for (const auto& [t, v] : attrs) m.set(t, ByteView(v));
  return mech::check_imported_key(cls, CKK_RSA, m).rv();
}

AttrList without(AttrList a, CK_ATTRIBUTE_TYPE t) {
  std::erase_if(a, [t](const auto& p) { return p.first == t; });
  return a;
}

AttrList with(AttrList a, CK_ATTRIBUTE_TYPE t, Bytes v) {
  a = without(std::move(a), t);
  a.emplace_back(t, std::move(v));
  return a;
}

TEST(RsaKeys, ImportChecks) {
  const AttrList priv = pkcs1_private_attrs();
  const Bytes n = priv[0].second, e = priv[1].second;
  const AttrList pub = {{CKA_MODULUS, n}, {CKA_PUBLIC_EXPONENT, e}};
  // Public keys: required attributes, CKA_MODULUS_BITS added or checked.
  AttributeMap m;
  m.set(CKA_MODULUS, ByteView(n));
  m.set(CKA_PUBLIC_EXPONENT, ByteView(e));
  ASSERT_EQ(mech::check_imported_key(CKO_PUBLIC_KEY, CKK_RSA, m).rv(), CKR_OK);
  EXPECT_EQ(m.get_ulong(CKA_MODULUS_BITS), 2048u);
  EXPECT_EQ(import_rv(CKO_PUBLIC_KEY, without(pub, CKA_PUBLIC_EXPONENT)), CKR_TEMPLATE_INCOMPLETE);
  EXPECT_EQ(import_rv(CKO_PUBLIC_KEY, without(pub, CKA_MODULUS)), CKR_TEMPLATE_INCOMPLETE);
  AttrList bits = pub;
  const SecureBytes wrong_bits = objects::encode_ulong(2047);
  bits.emplace_back(CKA_MODULUS_BITS, Bytes(wrong_bits.begin(), wrong_bits.end()));
  EXPECT_EQ(import_rv(CKO_PUBLIC_KEY, bits), CKR_TEMPLATE_INCONSISTENT);
  EXPECT_EQ(import_rv(CKO_PUBLIC_KEY, with(pub, CKA_MODULUS, Bytes(n.begin(), n.begin() + 64))),
            CKR_ATTRIBUTE_VALUE_INVALID);  // 512 bits
  EXPECT_EQ(import_rv(CKO_PUBLIC_KEY, with(pub, CKA_MODULUS, Bytes(2049, 0xc5))), CKR_ATTRIBUTE_VALUE_INVALID);
  EXPECT_EQ(import_rv(CKO_PUBLIC_KEY, with(pub, CKA_MODULUS, Bytes(2048, 0xc5))), CKR_OK);  // 16384 bits
  EXPECT_EQ(import_rv(CKO_PUBLIC_KEY, with(pub, CKA_PUBLIC_EXPONENT, hex("010000"))), CKR_ATTRIBUTE_VALUE_INVALID);
  EXPECT_EQ(import_rv(CKO_PUBLIC_KEY, with(pub, CKA_PUBLIC_EXPONENT, hex("01"))), CKR_ATTRIBUTE_VALUE_INVALID);

  // Private keys: n, d and e required; components must agree.
  EXPECT_EQ(import_rv(CKO_PRIVATE_KEY, priv), CKR_OK);
  EXPECT_EQ(import_rv(CKO_PRIVATE_KEY, without(priv, CKA_PUBLIC_EXPONENT)), CKR_TEMPLATE_INCOMPLETE);
  EXPECT_EQ(import_rv(CKO_PRIVATE_KEY, without(priv, CKA_PRIVATE_EXPONENT)), CKR_TEMPLATE_INCOMPLETE);
  EXPECT_EQ(import_rv(CKO_PRIVATE_KEY, without(priv, CKA_MODULUS)), CKR_TEMPLATE_INCOMPLETE);
  AttrList ned = {priv[0], priv[1], priv[2]};
  EXPECT_EQ(import_rv(CKO_PRIVATE_KEY, ned), CKR_OK);
  Bytes d = priv[2].second;
  d.back() ^= 2;
  EXPECT_EQ(import_rv(CKO_PRIVATE_KEY, with(ned, CKA_PRIVATE_EXPONENT, d)), CKR_ATTRIBUTE_VALUE_INVALID);
  EXPECT_EQ(import_rv(CKO_PRIVATE_KEY, with(priv, CKA_PRIVATE_EXPONENT, d)), CKR_ATTRIBUTE_VALUE_INVALID);
  Bytes p = priv[3].second;
  p.back() ^= 2;
  EXPECT_EQ(import_rv(CKO_PRIVATE_KEY, with(priv, CKA_PRIME_1, p)), CKR_ATTRIBUTE_VALUE_INVALID);
  // Other classes pass untouched.
  EXPECT_EQ(import_rv(CKO_SECRET_KEY, {}), CKR_OK);
}

// An n, e, d key signs like its CRT twin, and cannot be written as PKCS#8.
TEST(RsaKeys, KeyWithoutCrt) {
  const AttrList priv = pkcs1_private_attrs();
  const mech::KeyRef crt = make_key(CKO_PRIVATE_KEY, priv);
  const mech::KeyRef plain = make_key(CKO_PRIVATE_KEY, {priv[0], priv[1], priv[2]});
  const CK_MECHANISM m = mechanism(CKM_SHA384_RSA_PKCS);
  const Bytes msg = hex("0102");
  EXPECT_EQ(sign(m, crt, msg).out, sign(m, plain, msg).out);
  EXPECT_EQ(mech::find_private_key_codec(CKK_RSA)->encode_pkcs8(*plain).rv(), CKR_KEY_UNEXTRACTABLE);
}

TEST(RsaKeys, ParsedOncePerSnapshot) {
  const mech::KeyRef key = make_key(CKO_PRIVATE_KEY, pkcs1_private_attrs());
  const CK_MECHANISM m = mechanism(CKM_SHA256_RSA_PKCS);
  ASSERT_EQ(sign(m, key, hex("00")).rv, CKR_OK);
  int builds = 0;
  auto cached = key->cache.get_or_build<crypto::Pkey>([&]() -> Result<std::shared_ptr<const crypto::Pkey>> {
    ++builds;
    return err(CKR_GENERAL_ERROR);
  });
  ASSERT_TRUE(cached.is_ok());
  EXPECT_EQ(builds, 0);
  ASSERT_EQ(sign(m, key, hex("01")).rv, CKR_OK);
  auto again = key->cache.get_or_build<crypto::Pkey>(
      [&]() -> Result<std::shared_ptr<const crypto::Pkey>> { return err(CKR_GENERAL_ERROR); });
  EXPECT_EQ(cached->get(), again->get());
}

TEST(RsaKeys, KeySizeRangeForOperations) {
  // A 16384-bit modulus imports but is outside the mechanisms' range.
  Bytes n(2048, 0xc5);
  const mech::KeyRef big = public_key(n, hex("010001"));
  EXPECT_EQ(verify(mechanism(CKM_SHA256_RSA_PKCS), big, hex("00"), Bytes(2048, 1)), CKR_KEY_SIZE_RANGE);
}

}  // namespace
}  // namespace craton::rsa_test
