// ECDSA through the registry rows: Wycheproof P1363 vectors (raw r || s,
// PKCS#11's format) for P-256/SHA-256, P-384/SHA-384 and P-521/SHA-512,
// plus sign/verify round trips and the PKCS#11 error rules.
#include <gtest/gtest.h>

#include <algorithm>
#include <optional>

#include "crypto/hash.h"
#include "ec_test_util.h"

namespace craton {
namespace {
using namespace ectest;
using crypto::EcCurve;

EcCurve curve_named(const std::string& name) {
  if (name == "secp256r1") return EcCurve::kP256;
  if (name == "secp384r1") return EcCurve::kP384;
  return EcCurve::kP521;
}

struct WycheproofFile {
  const char* file;
  CK_MECHANISM_TYPE mech;
  crypto::HashAlg hash;
};

class EcdsaWycheproof : public ::testing::TestWithParam<WycheproofFile> {};

TEST_P(EcdsaWycheproof, EveryCase) {
  const WycheproofFile& f = GetParam();
  const auto doc = load_json(std::string("wycheproof/") + f.file);
  std::size_t valid = 0, invalid = 0;
  for (const auto& group : doc["testGroups"]) {
    const EcCurve curve = curve_named(group["publicKey"]["curve"]);
    const Bytes point = hex(group["publicKey"]["uncompressed"]);
    const auto key = public_key(CKK_EC, p_curve(curve), point);
    // The import check accepts the key and computes the SPKI Wycheproof gives.
    objects::AttributeMap imported = key->attrs;
    ASSERT_TRUE(mech::check_imported_key(CKO_PUBLIC_KEY, CKK_EC, imported).is_ok());
    EXPECT_EQ(to_hex(imported.view(CKA_PUBLIC_KEY_INFO)), group["publicKeyDer"]);
    for (const auto& t : group["tests"]) {
      const Bytes msg = hex(t["msg"]);
      const Bytes sig = hex(t["sig"]);
      const std::string result = t["result"];
      const Status st = verify(mechanism(f.mech), key, msg, sig);
      // CKM_ECDSA on the caller's hash must agree with the hashing mechanism.
      const Bytes digest = crypto::hash(f.hash, msg).value();
      const Status raw = verify(mechanism(CKM_ECDSA), key, digest, sig);
      if (result == "valid") {
        ++valid;
        EXPECT_TRUE(st.is_ok()) << "tcId " << t["tcId"] << " rv " << st.rv();
        EXPECT_TRUE(raw.is_ok()) << "tcId " << t["tcId"];
      } else {
        ++invalid;
        ASSERT_EQ(result, "invalid");
        EXPECT_FALSE(st.is_ok()) << "tcId " << t["tcId"] << " " << t["comment"];
        EXPECT_FALSE(raw.is_ok()) << "tcId " << t["tcId"];
        const bool len_ok = sig.size() == crypto::ecdsa_signature_bytes(curve);
        EXPECT_EQ(st.rv(), len_ok ? CKR_SIGNATURE_INVALID : CKR_SIGNATURE_LEN_RANGE) << "tcId " << t["tcId"];
      }
    }
  }
  EXPECT_GT(valid, 100u);
  EXPECT_GT(invalid, 50u);
}

INSTANTIATE_TEST_SUITE_P(
    P1363, EcdsaWycheproof,
    ::testing::Values(
        WycheproofFile{"ecdsa_secp256r1_sha256_p1363_test.json", CKM_ECDSA_SHA256, crypto::HashAlg::kSha256},
        WycheproofFile{"ecdsa_secp384r1_sha384_p1363_test.json", CKM_ECDSA_SHA384, crypto::HashAlg::kSha384},
        WycheproofFile{"ecdsa_secp521r1_sha512_p1363_test.json", CKM_ECDSA_SHA512, crypto::HashAlg::kSha512}));

std::optional<EcCurve> acvp_curve(const std::string& name) {
  if (name == "P-256") return EcCurve::kP256;
  if (name == "P-384") return EcCurve::kP384;
  if (name == "P-521") return EcCurve::kP521;
  return std::nullopt;  // P-224, K-, B- curves: not supported
}

Bytes left_pad(const Bytes& v, std::size_t len) {
  Bytes out(len > v.size() ? len - v.size() : 0, 0);
  out.insert(out.end(), v.begin(), v.end());
  return out;
}

// ACVP ECDSA keyGen sample: the public point the module derives from d
// (at import and when the key is parsed) is the vector's (qx, qy).
TEST(EcdsaAcvp, KeyGenPublicFromPrivate) {
  const auto prompt = load_json("acvp/ECDSA-KeyGen-FIPS186-5/prompt.json");
  const auto expected = load_json("acvp/ECDSA-KeyGen-FIPS186-5/expectedResults.json");
  std::size_t n = 0;
  for (std::size_t g = 0; g < prompt["testGroups"].size(); ++g) {
    const auto curve = acvp_curve(prompt["testGroups"][g]["curve"]);
    if (!curve) continue;
    const std::size_t len = crypto::ec_field_bytes(*curve);
    for (const auto& t : expected["testGroups"][g]["tests"]) {
      const auto key = crypto::ec_private_key(*curve, hex(t["d"]));
      ASSERT_TRUE(key.is_ok()) << "tcId " << t["tcId"];
      Bytes q{0x04};
      const Bytes qx = left_pad(hex(t["qx"]), len), qy = left_pad(hex(t["qy"]), len);
      q.insert(q.end(), qx.begin(), qx.end());
      q.insert(q.end(), qy.begin(), qy.end());
      EXPECT_EQ(to_hex(crypto::ec_public_point(**key).value()), to_hex(q)) << "tcId " << t["tcId"];
      ++n;
    }
  }
  EXPECT_EQ(n, 18u);
}

// ACVP ECDSA sigVer sample (P-256/384/521 with the SHA-2/SHA-3 hashes):
// through the hashing mechanism where PKCS#11 has one, and always through
// CKM_ECDSA on the hash computed here.
TEST(EcdsaAcvp, SigVer) {
  const auto prompt = load_json("acvp/ECDSA-SigVer-FIPS186-5/prompt.json");
  const auto expected = load_json("acvp/ECDSA-SigVer-FIPS186-5/expectedResults.json");
  const struct {
    const char* name;
    crypto::HashAlg alg;
    CK_MECHANISM_TYPE mech;
  } kHashes[] = {{"SHA2-256", crypto::HashAlg::kSha256, CKM_ECDSA_SHA256},
                 {"SHA2-512", crypto::HashAlg::kSha512, CKM_ECDSA_SHA512},
                 {"SHA2-512/256", crypto::HashAlg::kSha512_256, CKM_ECDSA},
                 {"SHA3-256", crypto::HashAlg::kSha3_256, CKM_ECDSA_SHA3_256},
                 {"SHA3-512", crypto::HashAlg::kSha3_512, CKM_ECDSA_SHA3_512}};
  std::size_t passed = 0, failed = 0;
  for (std::size_t g = 0; g < prompt["testGroups"].size(); ++g) {
    const auto& group = prompt["testGroups"][g];
    const auto curve = acvp_curve(group["curve"]);
    const auto* hash = std::find_if(std::begin(kHashes), std::end(kHashes),
                                    [&](const auto& h) { return group["hashAlg"] == h.name; });
    if (!curve || hash == std::end(kHashes)) continue;
    const std::size_t len = crypto::ec_field_bytes(*curve);
    for (std::size_t i = 0; i < group["tests"].size(); ++i) {
      const auto& t = group["tests"][i];
      const bool expect_ok = expected["testGroups"][g]["tests"][i]["testPassed"];
      Bytes q{0x04}, sig;
      for (const char* f : {"qx", "qy"}) {
        const Bytes c = left_pad(hex(t[f]), len);
        q.insert(q.end(), c.begin(), c.end());
      }
      for (const char* f : {"r", "s"}) {
        const Bytes c = left_pad(hex(t[f]), len);
        sig.insert(sig.end(), c.begin(), c.end());
      }
      const Bytes msg = hex(t["message"]);
      // A few vectors use a public key that is not on the curve.
      objects::AttributeMap imported = public_key(CKK_EC, p_curve(*curve), q)->attrs;
      const bool key_ok = mech::check_imported_key(CKO_PUBLIC_KEY, CKK_EC, imported).is_ok();
      if (!key_ok) {
        EXPECT_FALSE(expect_ok) << "tcId " << t["tcId"];
        ++failed;
        continue;
      }
      const auto key = from_attrs(imported);
      const Status raw = verify(mechanism(CKM_ECDSA), key, crypto::hash(hash->alg, msg).value(), sig);
      EXPECT_EQ(raw.is_ok(), expect_ok) << "tcId " << t["tcId"] << " rv " << raw.rv();
      if (hash->mech != CKM_ECDSA) {
        EXPECT_EQ(verify(mechanism(hash->mech), key, msg, sig).is_ok(), expect_ok) << "tcId " << t["tcId"];
      }
      (expect_ok ? passed : failed) += 1;
    }
  }
  EXPECT_GT(passed, 10u);
  EXPECT_GT(failed, 30u);
}

struct KeyPair {
  mech::KeyRef pub, priv;
};

KeyPair generate_pair(EcCurve curve) {
  auto kp = generate(CKM_EC_KEY_PAIR_GEN, p_curve(curve));
  EXPECT_TRUE(kp.is_ok()) << kp.rv();
  return {from_attrs(kp->public_attrs), from_attrs(kp->private_attrs)};
}

TEST(Ecdsa, SignVerifyEveryMechanismAndCurve) {
  const CK_MECHANISM_TYPE mechs[] = {CKM_ECDSA_SHA1,     CKM_ECDSA_SHA224,   CKM_ECDSA_SHA256,  CKM_ECDSA_SHA384,
                                     CKM_ECDSA_SHA512,   CKM_ECDSA_SHA3_224, CKM_ECDSA_SHA3_256, CKM_ECDSA_SHA3_384,
                                     CKM_ECDSA_SHA3_512, CKM_ECDSA};
  const Bytes msg = hex("48656c6c6f2c20437261746f6e2048534d21");
  for (EcCurve curve : {EcCurve::kP256, EcCurve::kP384, EcCurve::kP521}) {
    const KeyPair kp = generate_pair(curve);
    for (CK_MECHANISM_TYPE m : mechs) {
      auto sig = sign(mechanism(m), kp.priv, msg);
      ASSERT_TRUE(sig.is_ok()) << sig.rv();
      ASSERT_EQ(sig->size(), crypto::ecdsa_signature_bytes(curve));
      EXPECT_TRUE(verify(mechanism(m), kp.pub, msg, *sig).is_ok()) << std::hex << m;
      EXPECT_TRUE(verify(mechanism(m), kp.priv, msg, *sig).is_ok());  // private objects verify too
      Bytes bad = *sig;
      bad[bad.size() / 2] ^= 0x01;
      EXPECT_EQ(verify(mechanism(m), kp.pub, msg, bad).rv(), CKR_SIGNATURE_INVALID);
      Bytes other = msg;
      other[0] ^= 0x80;
      EXPECT_EQ(verify(mechanism(m), kp.pub, other, *sig).rv(), CKR_SIGNATURE_INVALID);
      bad.push_back(0);
      EXPECT_EQ(verify(mechanism(m), kp.pub, msg, bad).rv(), CKR_SIGNATURE_LEN_RANGE);
      EXPECT_EQ(verify(mechanism(m), kp.pub, msg, ByteView(*sig).first(sig->size() - 1)).rv(),
                CKR_SIGNATURE_LEN_RANGE);
    }
  }
}

TEST(Ecdsa, RawEcdsaAcceptsAnyHashLength) {
  const KeyPair kp = generate_pair(EcCurve::kP256);
  for (std::size_t len : {0u, 1u, 20u, 32u, 48u, 64u, 100u}) {
    Bytes digest(len, 0x5a);
    auto sig = sign(mechanism(CKM_ECDSA), kp.priv, digest);
    ASSERT_TRUE(sig.is_ok()) << len;
    EXPECT_TRUE(verify(mechanism(CKM_ECDSA), kp.pub, digest, *sig).is_ok()) << len;
  }
  // A longer hash is truncated to the order's length (ECDSA, SEC 1 4.1.3).
  Bytes long_hash(64, 0x11), truncated(32, 0x11);
  auto sig = sign(mechanism(CKM_ECDSA), kp.priv, long_hash);
  ASSERT_TRUE(sig.is_ok());
  EXPECT_TRUE(verify(mechanism(CKM_ECDSA), kp.pub, truncated, *sig).is_ok());
  // And CKM_ECDSA over SHA-256(m) verifies a CKM_ECDSA_SHA256 signature.
  const Bytes msg = hex("616263");
  auto hashed = sign(mechanism(CKM_ECDSA_SHA256), kp.priv, msg);
  ASSERT_TRUE(hashed.is_ok());
  EXPECT_TRUE(verify(mechanism(CKM_ECDSA), kp.pub, crypto::hash(crypto::HashAlg::kSha256, msg).value(), *hashed).is_ok());
}

TEST(Ecdsa, MultiPartMatchesSinglePart) {
  const KeyPair kp = generate_pair(EcCurve::kP384);
  CK_MECHANISM m = mechanism(CKM_ECDSA_SHA384);
  mech::MechContext ctx{&m, kp.priv, {}};
  auto op = entry(CKM_ECDSA_SHA384).sign(ctx);
  ASSERT_TRUE(op.is_ok());
  EXPECT_TRUE((*op)->multipart());
  const Bytes msg(1000, 0x42);
  for (std::size_t off = 0; off < msg.size(); off += 333)
    ASSERT_TRUE((*op)->update(ByteView(msg).subspan(off, std::min<std::size_t>(333, msg.size() - off))).is_ok());
  // CKR_BUFFER_TOO_SMALL leaves the operation usable.
  Bytes small(10);
  auto r = (*op)->final(small);
  ASSERT_EQ(r.rv(), CKR_BUFFER_TOO_SMALL);
  EXPECT_EQ(r.error().needed, 96u);
  Bytes sig(96);
  ASSERT_TRUE((*op)->final(sig).is_ok());
  EXPECT_TRUE(verify(m, kp.pub, msg, sig).is_ok());

  mech::MechContext vctx{&m, kp.pub, {}};
  auto vop = entry(CKM_ECDSA_SHA384).verify(vctx);
  ASSERT_TRUE(vop.is_ok());
  ASSERT_TRUE((*vop)->update(ByteView(msg).first(500)).is_ok());
  ASSERT_TRUE((*vop)->update(ByteView(msg).subspan(500)).is_ok());
  EXPECT_TRUE((*vop)->final(sig).is_ok());

  CK_MECHANISM raw = mechanism(CKM_ECDSA);
  mech::MechContext rctx{&raw, kp.priv, {}};
  auto rop = entry(CKM_ECDSA).sign(rctx);
  ASSERT_TRUE(rop.is_ok());
  EXPECT_FALSE((*rop)->multipart());
  Bytes tiny(95);
  EXPECT_EQ((*rop)->sign(Bytes(48, 1), tiny).rv(), CKR_BUFFER_TOO_SMALL);
}

TEST(Ecdsa, FactoryChecks) {
  const KeyPair kp = generate_pair(EcCurve::kP256);
  const Bytes msg = hex("00");
  EXPECT_EQ(sign(mechanism(CKM_ECDSA_SHA256), kp.pub, msg).rv(), CKR_KEY_TYPE_INCONSISTENT);
  auto wrong_type = std::make_shared<objects::ObjectData>();
  wrong_type->attrs = kp.priv->attrs;
  wrong_type->attrs.set_ulong(CKA_KEY_TYPE, CKK_RSA);
  EXPECT_EQ(sign(mechanism(CKM_ECDSA_SHA256), wrong_type, msg).rv(), CKR_KEY_TYPE_INCONSISTENT);
  CK_ULONG junk = 0;
  EXPECT_EQ(sign(mechanism(CKM_ECDSA_SHA256, &junk, sizeof junk), kp.priv, msg).rv(), CKR_MECHANISM_PARAM_INVALID);
  // An Ed25519 key is not a CKK_EC key.
  auto ed = generate(CKM_EC_EDWARDS_KEY_PAIR_GEN, okp_curve(crypto::OkpCurve::kEd25519));
  ASSERT_TRUE(ed.is_ok());
  EXPECT_EQ(sign(mechanism(CKM_ECDSA), from_attrs(ed->private_attrs), msg).rv(), CKR_KEY_TYPE_INCONSISTENT);
}

TEST(Ecdsa, MechanismInfoRows) {
  for (CK_MECHANISM_TYPE m : {CKM_ECDSA, CKM_ECDSA_SHA1, CKM_ECDSA_SHA256, CKM_ECDSA_SHA3_512}) {
    const auto& e = entry(m);
    EXPECT_EQ(e.min_key_size, 256u);
    EXPECT_EQ(e.max_key_size, 521u);
    EXPECT_EQ(e.flags & (CKF_SIGN | CKF_VERIFY), CKF_SIGN | CKF_VERIFY);
    EXPECT_EQ(e.flags & (CKF_EC_F_P | CKF_EC_NAMEDCURVE | CKF_EC_UNCOMPRESS),
              CKF_EC_F_P | CKF_EC_NAMEDCURVE | CKF_EC_UNCOMPRESS);
    EXPECT_EQ(e.fips_approved, m != CKM_ECDSA_SHA1);
  }
}

}  // namespace
}  // namespace craton
