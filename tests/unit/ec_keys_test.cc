// EC / Edwards / Montgomery keys: CKA_EC_PARAMS parsing, key-pair
// generation for every curve, the import checks, PKCS#8 codecs and the
// per-object key cache.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "ec_test_util.h"
#include "mechanisms/ec_common.h"

namespace craton {
namespace {
using namespace ectest;
using crypto::EcCurve;
using crypto::OkpCurve;
using mech::CurveKind;

Bytes printable(const std::string& s) {
  Bytes out{0x13, static_cast<std::uint8_t>(s.size())};
  out.insert(out.end(), s.begin(), s.end());
  return out;
}

TEST(EcParams, NamedCurvesAndNames) {
  struct Row {
    Bytes der;
    CurveKind kind;
    int curve;  // EcCurve or OkpCurve as int
  };
  const Row rows[] = {
      {hex("06082a8648ce3d030107"), CurveKind::kWeierstrass, static_cast<int>(EcCurve::kP256)},
      {hex("06052b81040022"), CurveKind::kWeierstrass, static_cast<int>(EcCurve::kP384)},
      {hex("06052b81040023"), CurveKind::kWeierstrass, static_cast<int>(EcCurve::kP521)},
      {hex("06032b6570"), CurveKind::kEdwards, static_cast<int>(OkpCurve::kEd25519)},
      {hex("06032b6571"), CurveKind::kEdwards, static_cast<int>(OkpCurve::kEd448)},
      {hex("06032b656e"), CurveKind::kMontgomery, static_cast<int>(OkpCurve::kX25519)},
      {hex("06032b656f"), CurveKind::kMontgomery, static_cast<int>(OkpCurve::kX448)},
      {printable("prime256v1"), CurveKind::kWeierstrass, static_cast<int>(EcCurve::kP256)},
      {printable("secp384r1"), CurveKind::kWeierstrass, static_cast<int>(EcCurve::kP384)},
      {printable("secp521r1"), CurveKind::kWeierstrass, static_cast<int>(EcCurve::kP521)},
      {printable("edwards25519"), CurveKind::kEdwards, static_cast<int>(OkpCurve::kEd25519)},
      {printable("edwards448"), CurveKind::kEdwards, static_cast<int>(OkpCurve::kEd448)},
      {printable("curve25519"), CurveKind::kMontgomery, static_cast<int>(OkpCurve::kX25519)},
      {printable("curve448"), CurveKind::kMontgomery, static_cast<int>(OkpCurve::kX448)},
  };
  for (const Row& r : rows) {
    auto id = mech::parse_ec_params(r.der);
    ASSERT_TRUE(id.is_ok()) << to_hex(r.der);
    EXPECT_EQ(id->kind, r.kind);
    EXPECT_EQ(r.kind == CurveKind::kWeierstrass ? static_cast<int>(id->ec) : static_cast<int>(id->okp), r.curve);
    // The OID form round-trips.
    auto again = mech::parse_ec_params(mech::ec_params_der(*id));
    ASSERT_TRUE(again.is_ok());
    EXPECT_EQ(again->kind, id->kind);
  }
}

TEST(EcParams, RejectsGarbageAndUnsupported) {
  EXPECT_EQ(mech::parse_ec_params(hex("06052b8104000a")).rv(), CKR_CURVE_NOT_SUPPORTED);  // secp256k1
  EXPECT_EQ(mech::parse_ec_params(printable("secp256k1")).rv(), CKR_CURVE_NOT_SUPPORTED);
  EXPECT_EQ(mech::parse_ec_params(hex("3003020101")).rv(), CKR_CURVE_NOT_SUPPORTED);  // explicit parameters
  EXPECT_EQ(mech::parse_ec_params(hex("0500")).rv(), CKR_CURVE_NOT_SUPPORTED);        // implicitlyCA
  for (const char* bad : {"", "06", "06082a8648ce3d0301", "06082a8648ce3d03010700", "0608", "0481082a8648ce3d030107",
                          "06812a8648ce3d030107", "1300", "130300ff00", "0c0a7072696d6532353676310000", "ffff"})
    EXPECT_EQ(mech::parse_ec_params(hex(bad)).rv(), CKR_ATTRIBUTE_VALUE_INVALID) << bad;
}

TEST(EcParams, OctetStrings) {
  for (std::size_t n : {0u, 32u, 65u, 127u, 128u, 133u, 255u, 256u, 300u}) {
    const Bytes content(n, 0xab);
    const Bytes der = mech::der_octet_string(content);
    auto back = mech::parse_der_octet_string(der);
    ASSERT_TRUE(back.has_value()) << n;
    EXPECT_EQ(Bytes(back->begin(), back->end()), content);
    EXPECT_EQ(mech::unwrap_point(der, n)->size(), n);
  }
  EXPECT_FALSE(mech::parse_der_octet_string(hex("0481050102030405")).has_value());  // non-minimal length
  EXPECT_FALSE(mech::parse_der_octet_string(hex("040301020304")).has_value());      // trailing byte
  EXPECT_FALSE(mech::unwrap_point(hex("0403010203"), 4).has_value());
}

struct GenCase {
  CK_MECHANISM_TYPE mech;
  CK_KEY_TYPE key_type;
  Bytes params;
  std::size_t point_len;
  std::size_t value_len;
};

std::vector<GenCase> gen_cases() {
  return {
      {CKM_EC_KEY_PAIR_GEN, CKK_EC, p_curve(EcCurve::kP256), 65, 32},
      {CKM_EC_KEY_PAIR_GEN, CKK_EC, p_curve(EcCurve::kP384), 97, 48},
      {CKM_EC_KEY_PAIR_GEN, CKK_EC, p_curve(EcCurve::kP521), 133, 66},
      {CKM_EC_KEY_PAIR_GEN, CKK_EC, printable("prime256v1"), 65, 32},
      {CKM_EC_EDWARDS_KEY_PAIR_GEN, CKK_EC_EDWARDS, okp_curve(OkpCurve::kEd25519), 32, 32},
      {CKM_EC_EDWARDS_KEY_PAIR_GEN, CKK_EC_EDWARDS, okp_curve(OkpCurve::kEd448), 57, 57},
      {CKM_EC_EDWARDS_KEY_PAIR_GEN, CKK_EC_EDWARDS, printable("edwards25519"), 32, 32},
      {CKM_EC_MONTGOMERY_KEY_PAIR_GEN, CKK_EC_MONTGOMERY, okp_curve(OkpCurve::kX25519), 32, 32},
      {CKM_EC_MONTGOMERY_KEY_PAIR_GEN, CKK_EC_MONTGOMERY, okp_curve(OkpCurve::kX448), 56, 56},
      {CKM_EC_MONTGOMERY_KEY_PAIR_GEN, CKK_EC_MONTGOMERY, printable("curve448"), 56, 56},
  };
}

TEST(EcKeys, GenerateEveryCurveAndRoundTrip) {
  for (const GenCase& c : gen_cases()) {
    SCOPED_TRACE(to_hex(c.params));
    auto kp = generate(c.mech, c.params);
    ASSERT_TRUE(kp.is_ok()) << kp.rv();
    EXPECT_EQ(kp->public_attrs.get_ulong(CKA_CLASS), CKO_PUBLIC_KEY);
    EXPECT_EQ(kp->private_attrs.get_ulong(CKA_CLASS), CKO_PRIVATE_KEY);
    EXPECT_EQ(kp->public_attrs.get_ulong(CKA_KEY_TYPE), c.key_type);
    EXPECT_EQ(kp->private_attrs.get_ulong(CKA_KEY_TYPE), c.key_type);
    EXPECT_EQ(Bytes(kp->public_attrs.view(CKA_EC_PARAMS).begin(), kp->public_attrs.view(CKA_EC_PARAMS).end()),
              c.params);
    EXPECT_TRUE(kp->private_attrs.has(CKA_EC_PARAMS));
    EXPECT_FALSE(kp->private_attrs.has(CKA_EC_POINT));
    auto point = mech::parse_der_octet_string(kp->public_attrs.view(CKA_EC_POINT));
    ASSERT_TRUE(point.has_value());
    EXPECT_EQ(point->size(), c.point_len);
    EXPECT_EQ(kp->private_attrs.view(CKA_VALUE).size(), c.value_len);
    // CKA_PUBLIC_KEY_INFO on both: SPKI DER ending in the raw public key.
    const ByteView spki = kp->public_attrs.view(CKA_PUBLIC_KEY_INFO);
    ASSERT_GT(spki.size(), c.point_len);
    EXPECT_EQ(to_hex(spki.last(c.point_len)), to_hex(*point));
    EXPECT_EQ(to_hex(kp->private_attrs.view(CKA_PUBLIC_KEY_INFO)), to_hex(spki));

    // The generated attributes pass the import checks unchanged.
    objects::AttributeMap pub = kp->public_attrs, priv = kp->private_attrs;
    EXPECT_TRUE(mech::check_imported_key(CKO_PUBLIC_KEY, c.key_type, pub).is_ok());
    EXPECT_TRUE(mech::check_imported_key(CKO_PRIVATE_KEY, c.key_type, priv).is_ok());
    EXPECT_TRUE(pub.matches(kp->public_attrs));
    EXPECT_TRUE(priv.matches(kp->private_attrs));

    // PKCS#8 through the registered codec and back.
    const auto* codec = mech::find_private_key_codec(c.key_type);
    ASSERT_NE(codec, nullptr);
    const auto priv_obj = from_attrs(kp->private_attrs);
    auto der = codec->encode_pkcs8(*priv_obj);
    ASSERT_TRUE(der.is_ok()) << der.rv();
    auto decoded = mech::decode_any_pkcs8(*der);
    ASSERT_TRUE(decoded.is_ok());
    EXPECT_EQ(decoded->get_ulong(CKA_KEY_TYPE), c.key_type);
    EXPECT_EQ(to_hex(decoded->view(CKA_VALUE)), to_hex(kp->private_attrs.view(CKA_VALUE)));
    auto id = mech::parse_ec_params(decoded->view(CKA_EC_PARAMS));
    ASSERT_TRUE(id.is_ok());
    EXPECT_EQ(id.value().kind, mech::parse_ec_params(c.params).value().kind);
    for (CK_KEY_TYPE other : {CKK_EC, CKK_EC_EDWARDS, CKK_EC_MONTGOMERY}) {
      if (other == c.key_type) continue;
      EXPECT_EQ(mech::find_private_key_codec(other)->decode_pkcs8(*der).rv(), CKR_WRAPPED_KEY_INVALID);
    }
    EXPECT_EQ(codec->encode_pkcs8(*from_attrs(kp->public_attrs)).rv(), CKR_KEY_TYPE_INCONSISTENT);
    Bytes trailing(der->begin(), der->end());
    trailing.push_back(0);
    EXPECT_FALSE(codec->decode_pkcs8(trailing).is_ok());
  }
}

// CKA_PUBLIC_KEY_INFO of generated NIST-curve keys is built by hand
// (RFC 5480): check it byte for byte against the fixed DER prefix of each
// curve (SEQUENCE, AlgorithmIdentifier id-ecPublicKey + named curve,
// BIT STRING with no unused bits) followed by the point.
TEST(EcKeys, GeneratedSpkiIsExactRfc5480Der) {
  struct Row {
    const char* params_hex;  // CKA_EC_PARAMS: the curve OID
    const char* prefix_hex;
    std::size_t point_len;
  };
  const Row rows[] = {
      {"06082a8648ce3d030107", "3059301306072a8648ce3d020106082a8648ce3d030107034200", 65},
      {"06052b81040022", "3076301006072a8648ce3d020106052b81040022036200", 97},
      {"06052b81040023", "30819b301006072a8648ce3d020106052b8104002303818600", 133},
  };
  for (const Row& r : rows) {
    SCOPED_TRACE(r.params_hex);
    auto kp = generate(CKM_EC_KEY_PAIR_GEN, hex(r.params_hex));
    ASSERT_TRUE(kp.is_ok()) << kp.rv();
    auto point = mech::parse_der_octet_string(kp->public_attrs.view(CKA_EC_POINT));
    ASSERT_TRUE(point.has_value());
    ASSERT_EQ(point->size(), r.point_len);
    EXPECT_EQ(to_hex(kp->public_attrs.view(CKA_PUBLIC_KEY_INFO)), std::string(r.prefix_hex) + to_hex(*point));
  }
}

TEST(EcKeys, GenerationTemplateErrors) {
  objects::AttributeMap empty;
  CK_MECHANISM m = mechanism(CKM_EC_KEY_PAIR_GEN);
  mech::MechContext ctx{&m, nullptr, {}};
  EXPECT_EQ(entry(CKM_EC_KEY_PAIR_GEN).generate_key_pair(ctx, empty, empty).rv(), CKR_TEMPLATE_INCOMPLETE);
  EXPECT_EQ(generate(CKM_EC_KEY_PAIR_GEN, okp_curve(OkpCurve::kEd25519)).rv(), CKR_CURVE_NOT_SUPPORTED);
  EXPECT_EQ(generate(CKM_EC_EDWARDS_KEY_PAIR_GEN, p_curve(EcCurve::kP256)).rv(), CKR_CURVE_NOT_SUPPORTED);
  EXPECT_EQ(generate(CKM_EC_EDWARDS_KEY_PAIR_GEN, okp_curve(OkpCurve::kX25519)).rv(), CKR_CURVE_NOT_SUPPORTED);
  EXPECT_EQ(generate(CKM_EC_MONTGOMERY_KEY_PAIR_GEN, okp_curve(OkpCurve::kEd448)).rv(), CKR_CURVE_NOT_SUPPORTED);
  EXPECT_EQ(generate(CKM_EC_KEY_PAIR_GEN, hex("06052b8104000a")).rv(), CKR_CURVE_NOT_SUPPORTED);
  EXPECT_EQ(generate(CKM_EC_KEY_PAIR_GEN, hex("0102")).rv(), CKR_ATTRIBUTE_VALUE_INVALID);

  objects::AttributeMap pub, priv;
  pub.set(CKA_EC_PARAMS, p_curve(EcCurve::kP256));
  priv.set(CKA_EC_PARAMS, p_curve(EcCurve::kP384));
  EXPECT_EQ(entry(CKM_EC_KEY_PAIR_GEN).generate_key_pair(ctx, pub, priv).rv(), CKR_TEMPLATE_INCONSISTENT);
  priv = objects::AttributeMap();
  priv.set_ulong(CKA_KEY_TYPE, CKK_RSA);
  EXPECT_EQ(entry(CKM_EC_KEY_PAIR_GEN).generate_key_pair(ctx, pub, priv).rv(), CKR_TEMPLATE_INCONSISTENT);
  CK_ULONG junk = 0;
  CK_MECHANISM with_param = mechanism(CKM_EC_KEY_PAIR_GEN, &junk, sizeof junk);
  mech::MechContext pctx{&with_param, nullptr, {}};
  EXPECT_EQ(entry(CKM_EC_KEY_PAIR_GEN).generate_key_pair(pctx, pub, objects::AttributeMap()).rv(),
            CKR_MECHANISM_PARAM_INVALID);

  for (CK_MECHANISM_TYPE t : {CKM_EC_KEY_PAIR_GEN, CKM_EC_EDWARDS_KEY_PAIR_GEN, CKM_EC_MONTGOMERY_KEY_PAIR_GEN})
    EXPECT_EQ(entry(t).flags & CKF_GENERATE_KEY_PAIR, CKF_GENERATE_KEY_PAIR);
  EXPECT_EQ(entry(CKM_EC_KEY_PAIR_GEN).min_key_size, 256u);
  EXPECT_EQ(entry(CKM_EC_KEY_PAIR_GEN).max_key_size, 521u);
  EXPECT_EQ(entry(CKM_EC_EDWARDS_KEY_PAIR_GEN).max_key_size, 448u);
  EXPECT_TRUE(entry(CKM_EC_KEY_PAIR_GEN).fips_approved);
  EXPECT_FALSE(entry(CKM_EC_MONTGOMERY_KEY_PAIR_GEN).fips_approved);
}

objects::AttributeMap ec_attrs(ByteView params, CK_ATTRIBUTE_TYPE type, ByteView value) {
  objects::AttributeMap a;
  a.set(CKA_EC_PARAMS, params);
  a.set(type, value);
  return a;
}

TEST(EcKeys, ImportChecks) {
  const Bytes p256 = p_curve(EcCurve::kP256);
  auto kp = generate(CKM_EC_KEY_PAIR_GEN, p256);
  ASSERT_TRUE(kp.is_ok());
  const ByteView der_point = kp->public_attrs.view(CKA_EC_POINT);
  const Bytes raw(der_point.begin() + 2, der_point.end());

  auto a = ec_attrs(p256, CKA_EC_POINT, raw);  // raw point: accepted, stored as DER
  ASSERT_TRUE(mech::check_imported_key(CKO_PUBLIC_KEY, CKK_EC, a).is_ok());
  EXPECT_EQ(to_hex(a.view(CKA_EC_POINT)), to_hex(der_point));
  EXPECT_EQ(to_hex(a.view(CKA_PUBLIC_KEY_INFO)), "3059301306072a8648ce3d020106082a8648ce3d030107034200" + to_hex(raw));
  a.set(CKA_PUBLIC_KEY_INFO, hex("3000"));  // a given SPKI must match the key
  EXPECT_EQ(mech::check_imported_key(CKO_PUBLIC_KEY, CKK_EC, a).rv(), CKR_ATTRIBUTE_VALUE_INVALID);
  a = ec_attrs(p256, CKA_VALUE, kp->private_attrs.view(CKA_VALUE));
  ASSERT_TRUE(mech::check_imported_key(CKO_PRIVATE_KEY, CKK_EC, a).is_ok());
  EXPECT_EQ(to_hex(a.view(CKA_PUBLIC_KEY_INFO)), to_hex(kp->public_attrs.view(CKA_PUBLIC_KEY_INFO)));
  Bytes off = raw;
  off[10] ^= 1;
  a = ec_attrs(p256, CKA_EC_POINT, off);
  EXPECT_EQ(mech::check_imported_key(CKO_PUBLIC_KEY, CKK_EC, a).rv(), CKR_ATTRIBUTE_VALUE_INVALID);
  a = ec_attrs(p256, CKA_EC_POINT, ByteView(raw).first(64));
  EXPECT_EQ(mech::check_imported_key(CKO_PUBLIC_KEY, CKK_EC, a).rv(), CKR_ATTRIBUTE_VALUE_INVALID);
  a = ec_attrs(p256, CKA_LABEL, raw);
  EXPECT_EQ(mech::check_imported_key(CKO_PUBLIC_KEY, CKK_EC, a).rv(), CKR_TEMPLATE_INCOMPLETE);
  a = objects::AttributeMap();
  a.set(CKA_EC_POINT, raw);
  EXPECT_EQ(mech::check_imported_key(CKO_PUBLIC_KEY, CKK_EC, a).rv(), CKR_TEMPLATE_INCOMPLETE);
  a = ec_attrs(okp_curve(OkpCurve::kEd25519), CKA_EC_POINT, raw);
  EXPECT_EQ(mech::check_imported_key(CKO_PUBLIC_KEY, CKK_EC, a).rv(), CKR_CURVE_NOT_SUPPORTED);

  // Private scalars: 1 <= d < n, stored at the curve's length.
  const Bytes n = hex("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551");
  Bytes n_minus_1 = n;
  n_minus_1.back() -= 1;
  a = ec_attrs(p256, CKA_VALUE, n_minus_1);
  EXPECT_TRUE(mech::check_imported_key(CKO_PRIVATE_KEY, CKK_EC, a).is_ok());
  for (const Bytes& bad : {n, Bytes(32, 0), Bytes(33, 0xff), Bytes()}) {
    a = ec_attrs(p256, CKA_VALUE, bad);
    EXPECT_EQ(mech::check_imported_key(CKO_PRIVATE_KEY, CKK_EC, a).rv(), CKR_ATTRIBUTE_VALUE_INVALID) << to_hex(bad);
  }
  a = ec_attrs(p256, CKA_VALUE, hex("0000000000000000000000000000000000000000000000000000000000000000000005"));
  ASSERT_TRUE(mech::check_imported_key(CKO_PRIVATE_KEY, CKK_EC, a).is_ok());
  EXPECT_EQ(to_hex(a.view(CKA_VALUE)), std::string(62, '0') + "05");
  a = ec_attrs(p256, CKA_VALUE, hex("07"));
  ASSERT_TRUE(mech::check_imported_key(CKO_PRIVATE_KEY, CKK_EC, a).is_ok());
  EXPECT_EQ(a.view(CKA_VALUE).size(), 32u);
  a = objects::AttributeMap();
  a.set(CKA_EC_PARAMS, p256);
  EXPECT_EQ(mech::check_imported_key(CKO_PRIVATE_KEY, CKK_EC, a).rv(), CKR_TEMPLATE_INCOMPLETE);

  // Edwards: the point must decode (y = p is not canonical); Montgomery:
  // any 32 bytes, but the length must be right.
  const Bytes ed = okp_curve(OkpCurve::kEd25519);
  a = ec_attrs(ed, CKA_EC_POINT, hex("edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"));
  EXPECT_EQ(mech::check_imported_key(CKO_PUBLIC_KEY, CKK_EC_EDWARDS, a).rv(), CKR_ATTRIBUTE_VALUE_INVALID);
  a = ec_attrs(ed, CKA_EC_POINT, hex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"));
  ASSERT_TRUE(mech::check_imported_key(CKO_PUBLIC_KEY, CKK_EC_EDWARDS, a).is_ok());
  EXPECT_EQ(a.view(CKA_EC_POINT).size(), 34u);
  EXPECT_EQ(to_hex(a.view(CKA_PUBLIC_KEY_INFO)),
            "302a300506032b6570032100d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
  a = ec_attrs(ed, CKA_VALUE, Bytes(31, 1));
  EXPECT_EQ(mech::check_imported_key(CKO_PRIVATE_KEY, CKK_EC_EDWARDS, a).rv(), CKR_ATTRIBUTE_VALUE_INVALID);
  a = ec_attrs(okp_curve(OkpCurve::kX448), CKA_EC_POINT, Bytes(56, 0xee));
  EXPECT_TRUE(mech::check_imported_key(CKO_PUBLIC_KEY, CKK_EC_MONTGOMERY, a).is_ok());
  a = ec_attrs(okp_curve(OkpCurve::kX448), CKA_EC_POINT, Bytes(57, 0xee));
  EXPECT_EQ(mech::check_imported_key(CKO_PUBLIC_KEY, CKK_EC_MONTGOMERY, a).rv(), CKR_ATTRIBUTE_VALUE_INVALID);
  a = ec_attrs(ed, CKA_VALUE, Bytes(32, 1));
  EXPECT_EQ(mech::check_imported_key(CKO_PRIVATE_KEY, CKK_EC_MONTGOMERY, a).rv(), CKR_CURVE_NOT_SUPPORTED);
}

TEST(EcKeys, ParsedKeyIsCachedPerSnapshot) {
  auto kp = generate(CKM_EC_KEY_PAIR_GEN, p_curve(EcCurve::kP256));
  ASSERT_TRUE(kp.is_ok());
  const auto obj = from_attrs(kp->private_attrs);
  auto k1 = mech::ec::ec_key_for(*obj);
  auto k2 = mech::ec::ec_key_for(*obj);
  ASSERT_TRUE(k1.is_ok() && k2.is_ok());
  EXPECT_EQ(k1->get(), k2->get());
  EXPECT_EQ(mech::ec::okp_key_for(*obj).rv(), CKR_KEY_TYPE_INCONSISTENT);
  // The private object's public point equals the generated one.
  auto point = crypto::ec_public_point(**k1);
  ASSERT_TRUE(point.is_ok());
  EXPECT_EQ(to_hex(mech::der_octet_string(*point)), to_hex(kp->public_attrs.view(CKA_EC_POINT)));
}

// Many threads share one key object: the parsed key is built once and
// every operation works on its own EVP_PKEY_CTX / EVP_MD_CTX.
TEST(EcKeys, ConcurrentOperationsShareOneKey) {
  struct Setup {
    CK_MECHANISM_TYPE gen, sig;
    Bytes params;
  };
  const Setup setups[] = {{CKM_EC_KEY_PAIR_GEN, CKM_ECDSA_SHA256, p_curve(EcCurve::kP256)},
                          {CKM_EC_EDWARDS_KEY_PAIR_GEN, CKM_EDDSA, okp_curve(OkpCurve::kEd25519)}};
  for (const Setup& s : setups) {
    auto kp = generate(s.gen, s.params);
    ASSERT_TRUE(kp.is_ok());
    const auto priv = from_attrs(kp->private_attrs), pub = from_attrs(kp->public_attrs);
    std::atomic<int> good{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
      threads.emplace_back([&, t] {
        for (int i = 0; i < 25; ++i) {
          const Bytes msg{static_cast<std::uint8_t>(t), static_cast<std::uint8_t>(i)};
          auto sig = sign(mechanism(s.sig), priv, msg);
          if (sig.is_ok() && verify(mechanism(s.sig), pub, msg, *sig).is_ok()) ++good;
        }
      });
    }
    for (auto& th : threads) th.join();
    EXPECT_EQ(good.load(), 100);
  }
}

}  // namespace
}  // namespace craton
