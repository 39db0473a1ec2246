// CKM_EDDSA: Wycheproof Ed25519/Ed448 verification (through OpenSSL and
// through the module's own arithmetic), the ACVP EdDSA sigGen sample
// (Ed25519, Ed25519ph, Ed448 with context, Ed448ph: exact signatures) and
// RFC 8032 section 7 test vectors for every instance.
#include <gtest/gtest.h>

#include "crypto/edwards.h"
#include "crypto/random.h"
#include "ec_test_util.h"

namespace craton {
namespace {
using namespace ectest;
using crypto::OkpCurve;

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// The mechanism parameter for an instance; `use_params` false = none. Owns
// its context bytes so copies stay valid.
struct EddsaMech {
  CK_EDDSA_PARAMS params{};
  Bytes context;
  bool use_params = false;
  bool null_context = false;  // for the NULL-pointer error case
  CK_MECHANISM get() {
    params.pContextData = context.empty() || null_context ? nullptr : context.data();
    return use_params ? mechanism(CKM_EDDSA, &params, sizeof params) : mechanism(CKM_EDDSA);
  }
};
EddsaMech eddsa(bool prehash, const Bytes& context, bool force_params = false) {
  EddsaMech m;
  m.use_params = prehash || !context.empty() || force_params;
  m.params.phFlag = prehash ? CK_TRUE : CK_FALSE;
  m.params.ulContextDataLen = context.size();
  m.context = context;
  return m;
}

class EddsaWycheproof : public ::testing::TestWithParam<std::pair<const char*, OkpCurve>> {};

TEST_P(EddsaWycheproof, VerifyEveryCase) {
  const auto [file, curve] = GetParam();
  const auto doc = load_json(std::string("wycheproof/") + file);
  std::size_t valid = 0, invalid = 0;
  for (const auto& group : doc["testGroups"]) {
    const Bytes pk = hex(group["publicKey"]["pk"]);
    const auto key = public_key(CKK_EC_EDWARDS, okp_curve(curve), pk);
    objects::AttributeMap imported = key->attrs;
    ASSERT_TRUE(mech::check_imported_key(CKO_PUBLIC_KEY, CKK_EC_EDWARDS, imported).is_ok());
    EXPECT_EQ(to_hex(imported.view(CKA_PUBLIC_KEY_INFO)), group["publicKeyDer"]);
    auto parsed = crypto::okp_public_key(curve, pk);
    ASSERT_TRUE(parsed.is_ok());
    for (const auto& t : group["tests"]) {
      const Bytes msg = hex(t["msg"]), sig = hex(t["sig"]);
      const Status st = verify(mechanism(CKM_EDDSA), key, msg, sig);
      const Status own = crypto::eddsa_verify_portable(**parsed, {}, msg, sig);
      if (t["result"] == "valid") {
        ++valid;
        EXPECT_TRUE(st.is_ok()) << "tcId " << t["tcId"];
        EXPECT_TRUE(own.is_ok()) << "tcId " << t["tcId"];
      } else {
        ++invalid;
        EXPECT_FALSE(st.is_ok()) << "tcId " << t["tcId"] << " " << t["comment"];
        EXPECT_FALSE(own.is_ok()) << "tcId " << t["tcId"] << " " << t["comment"];
        const CK_RV expected = sig.size() == crypto::eddsa_signature_bytes(curve) ? CKR_SIGNATURE_INVALID
                                                                                 : CKR_SIGNATURE_LEN_RANGE;
        EXPECT_EQ(st.rv(), expected) << "tcId " << t["tcId"];
        EXPECT_EQ(own.rv(), expected) << "tcId " << t["tcId"];
      }
    }
  }
  EXPECT_GT(valid, 15u);
  EXPECT_GT(invalid, 50u);
}

INSTANTIATE_TEST_SUITE_P(Wycheproof, EddsaWycheproof,
                         ::testing::Values(std::make_pair("ed25519_test.json", OkpCurve::kEd25519),
                                           std::make_pair("ed448_test.json", OkpCurve::kEd448)));

// ACVP carries the server's private keys: every signature must be
// reproduced exactly (EdDSA is deterministic) and verify.
TEST(Eddsa, AcvpSigGenExact) {
  const auto doc = load_json("acvp/EDDSA-SigGen-1.0/internalProjection.json");
  std::size_t n = 0, prehashed = 0, with_context = 0;
  for (const auto& group : doc["testGroups"]) {
    const OkpCurve curve = group["curve"] == "ED-25519" ? OkpCurve::kEd25519 : OkpCurve::kEd448;
    const bool prehash = group["preHash"];
    const Bytes d = hex(group["d"]), q = hex(group["q"]);
    const auto priv = private_key(CKK_EC_EDWARDS, okp_curve(curve), d);
    const auto pub = public_key(CKK_EC_EDWARDS, okp_curve(curve), q);
    auto parsed = crypto::okp_private_key(curve, d);
    ASSERT_TRUE(parsed.is_ok());
    EXPECT_EQ((*parsed)->public_key, q);
    for (const auto& t : group["tests"]) {
      const Bytes msg = hex(t["message"]), ctx = hex(t["context"]);
      EddsaMech m = eddsa(prehash, ctx);
      auto sig = sign(m.get(), priv, msg);
      ASSERT_TRUE(sig.is_ok()) << "tcId " << t["tcId"] << " rv " << sig.rv();
      EXPECT_EQ(to_hex(*sig), lower(t["signature"])) << "tcId " << t["tcId"];
      EXPECT_TRUE(verify(m.get(), pub, msg, *sig).is_ok()) << "tcId " << t["tcId"];
      Bytes bad = *sig;
      bad[0] ^= 1;
      EXPECT_EQ(verify(m.get(), pub, msg, bad).rv(), CKR_SIGNATURE_INVALID);
      ++n;
      prehashed += prehash;
      with_context += !ctx.empty();
    }
  }
  EXPECT_EQ(n, 168u);
  EXPECT_GT(prehashed, 50u);
  EXPECT_GT(with_context, 100u);
}

struct RfcVector {
  const char* section;
  OkpCurve curve;
  bool prehash;
  const char* context;  // hex
  const char* secret;
  const char* public_key;
  const char* message;
  const char* signature;
};

// RFC 8032 section 7 (facts, transcribed): 7.1 TEST 1 (Ed25519), 7.2
// Ed25519ctx "foo" and "bar", 7.3 Ed25519ph "abc", 7.4 Ed448 "Blank" and
// "1 octet (with context)", 7.5 Ed448ph "abc" without and with context.
const RfcVector kRfc8032[] = {
    {"7.1 TEST 1", OkpCurve::kEd25519, false, "", "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
     "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
     "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe2465"
     "5141438e7a100b"},
    {"7.2 foo", OkpCurve::kEd25519, false, "666f6f", "0305334e381af78f141cb666f6199f57bc3495335a256a95bd2a55bf546663f6",
     "dfc9425e4f968f7f0c29f0259cf5f9aed6851c2bb4ad8bfb860cfee0ab248292", "f726936d19c800494e3fdaff20b276a8",
     "55a4cc2f70a54e04288c5f4cd1e45a7bb520b36292911876cada7323198dd87a8b36950b95130022907a7fb7c4e9b2d5f6cca685a587b4b21f"
     "4b888e4e7edb0d"},
    {"7.2 bar", OkpCurve::kEd25519, false, "626172", "0305334e381af78f141cb666f6199f57bc3495335a256a95bd2a55bf546663f6",
     "dfc9425e4f968f7f0c29f0259cf5f9aed6851c2bb4ad8bfb860cfee0ab248292", "f726936d19c800494e3fdaff20b276a8",
     "fc60d5872fc46b3aa69f8b5b4351d5808f92bcc044606db097abab6dbcb1aee3216c48e8b3b66431b5b186d1d28f8ee15a5ca2df6668346291"
     "c2043d4eb3e90d"},
    {"7.3 abc", OkpCurve::kEd25519, true, "", "833fe62409237b9d62ec77587520911e9a759cec1d19755b7da901b96dca3d42",
     "ec172b93ad5e563bf4932c70e1245034c35467ef2efd4d64ebf819683467e2bf", "616263",
     "98a70222f0b8121aa9d30f813d683f809e462b469c7ff87639499bb94e6dae4131f85042463c2a355a2003d062adf5aaa10b8c61e636062aaa"
     "d11c2a26083406"},
    {"7.4 Blank", OkpCurve::kEd448, false, "",
     "6c82a562cb808d10d632be89c8513ebf6c929f34ddfa8c9f63c9960ef6e348a3528c8a3fcc2f044e39a3fc5b94492f8f032e7549a20098f95b",
     "5fd7449b59b461fd2ce787ec616ad46a1da1342485a70e1f8a0ea75d80e96778edf124769b46c7061bd6783df1e50f6cd1fa1abeafe8256180",
     "",
     "533a37f6bbe457251f023c0d88f976ae2dfb504a843e34d2074fd823d41a591f2b233f034f628281f2fd7a22ddd47d7828c59bd0a21bfd3980"
     "ff0d2028d4b18a9df63e006c5d1c2d345b925d8dc00b4104852db99ac5c7cdda8530a113a0f4dbb61149f05a7363268c71d95808ff2e652600"},
    {"7.4 1 octet (with context)", OkpCurve::kEd448, false, "666f6f",
     "c4eab05d357007c632f3dbb48489924d552b08fe0c353a0d4a1f00acda2c463afbea67c5e8d2877c5e3bc397a659949ef8021e954e0a12274e",
     "43ba28f430cdff456ae531545f7ecd0ac834a55d9358c0372bfa0c6c6798c0866aea01eb00742802b8438ea4cb82169c235160627b4c3a9480",
     "03",
     "d4f8f6131770dd46f40867d6fd5d5055de43541f8c5e35abbcd001b32a89f7d2151f7647f11d8ca2ae279fb842d607217fce6e042f6815ea00"
     "0c85741de5c8da1144a6a1aba7f96de42505d7a7298524fda538fccbbb754f578c1cad10d54d0d5428407e85dcbc98a49155c13764e66c3c00"},
    {"7.5 abc", OkpCurve::kEd448, true, "",
     "833fe62409237b9d62ec77587520911e9a759cec1d19755b7da901b96dca3d42ef7822e0d5104127dc05d6dbefde69e3ab2cec7c867c6e2c49",
     "259b71c19f83ef77a7abd26524cbdb3161b590a48f7d17de3ee0ba9c52beb743c09428a131d6b1b57303d90d8132c276d5ed3d5d01c0f53880",
     "616263",
     "822f6901f7480f3d5f562c592994d9693602875614483256505600bbc281ae381f54d6bce2ea911574932f52a4e6cadd78769375ec3ffd1b80"
     "1a0d9b3f4030cd433964b6457ea39476511214f97469b57dd32dbc560a9a94d00bff07620464a3ad203df7dc7ce360c3cd3696d9d9fab90f00"},
    {"7.5 abc (with context)", OkpCurve::kEd448, true, "666f6f",
     "833fe62409237b9d62ec77587520911e9a759cec1d19755b7da901b96dca3d42ef7822e0d5104127dc05d6dbefde69e3ab2cec7c867c6e2c49",
     "259b71c19f83ef77a7abd26524cbdb3161b590a48f7d17de3ee0ba9c52beb743c09428a131d6b1b57303d90d8132c276d5ed3d5d01c0f53880",
     "616263",
     "c32299d46ec8ff02b54540982814dce9a05812f81962b649d528095916a2aa481065b1580423ef927ecf0af5888f90da0f6a9a85ad5dc3f280"
     "d91224ba9911a3653d00e484e2ce232521481c8658df304bb7745a73514cdb9bf3e15784ab71284f8d0704a608c54a6b62d97beb511d132100"},
};

TEST(Eddsa, Rfc8032Section7) {
  for (const RfcVector& v : kRfc8032) {
    SCOPED_TRACE(v.section);
    const Bytes sk = hex(v.secret), pk = hex(v.public_key), msg = hex(v.message), ctx = hex(v.context);
    const auto priv = private_key(CKK_EC_EDWARDS, okp_curve(v.curve), sk);
    const auto pub = public_key(CKK_EC_EDWARDS, okp_curve(v.curve), pk);
    auto parsed = crypto::okp_private_key(v.curve, sk);
    ASSERT_TRUE(parsed.is_ok());
    EXPECT_EQ(to_hex((*parsed)->public_key), v.public_key);
    EddsaMech m = eddsa(v.prehash, ctx);
    auto sig = sign(m.get(), priv, msg);
    ASSERT_TRUE(sig.is_ok()) << sig.rv();
    EXPECT_EQ(to_hex(*sig), v.signature);
    EXPECT_TRUE(verify(m.get(), pub, msg, hex(v.signature)).is_ok());
    // The module's own arithmetic agrees on every instance, pure ones included.
    const crypto::EddsaParams params{
        v.prehash ? crypto::EddsaMode::kPrehash : (ctx.empty() ? crypto::EddsaMode::kPure : crypto::EddsaMode::kContext),
        ctx};
    Bytes own(crypto::eddsa_signature_bytes(v.curve));
    ASSERT_TRUE(crypto::eddsa_sign_portable(**parsed, params, msg, own).is_ok());
    EXPECT_EQ(to_hex(own), v.signature);
    // Another instance (or context) must not verify this signature.
    EddsaMech other = v.prehash ? eddsa(false, Bytes{'x'}) : eddsa(true, ctx);
    EXPECT_EQ(verify(other.get(), pub, msg, hex(v.signature)).rv(), CKR_SIGNATURE_INVALID);
  }
}

// Random keys and messages: OpenSSL (pure instances) and the module's own
// arithmetic produce the same signatures, and each verifies the other's.
TEST(Eddsa, OwnArithmeticMatchesOpenSsl) {
  for (OkpCurve curve : {OkpCurve::kEd25519, OkpCurve::kEd448}) {
    for (int i = 0; i < 20; ++i) {
      auto kp = crypto::okp_generate(curve);
      ASSERT_TRUE(kp.is_ok());
      auto key = crypto::okp_private_key(curve, kp->private_key);
      ASSERT_TRUE(key.is_ok());
      Bytes msg(static_cast<std::size_t>(i * 7));
      ASSERT_TRUE(crypto::random_bytes(msg).is_ok());
      Bytes a(crypto::eddsa_signature_bytes(curve)), b(a.size());
      ASSERT_TRUE(crypto::eddsa_sign(**key, {}, msg, a).is_ok());
      ASSERT_TRUE(crypto::eddsa_sign_portable(**key, {}, msg, b).is_ok());
      EXPECT_EQ(to_hex(a), to_hex(b));
      EXPECT_TRUE(crypto::eddsa_verify_portable(**key, {}, msg, a).is_ok());
    }
  }
}

TEST(Eddsa, GeneratedKeysEveryInstance) {
  const Bytes msg = hex("4372617465f6e204564445341207465737");
  for (OkpCurve curve : {OkpCurve::kEd25519, OkpCurve::kEd448}) {
    auto kp = generate(CKM_EC_EDWARDS_KEY_PAIR_GEN, okp_curve(curve));
    ASSERT_TRUE(kp.is_ok());
    const auto priv = from_attrs(kp->private_attrs), pub = from_attrs(kp->public_attrs);
    Bytes sigs[4];
    EddsaMech mechs[] = {eddsa(false, {}), eddsa(false, Bytes{'c', 't', 'x'}), eddsa(true, {}),
                         eddsa(true, Bytes{'c', 't', 'x'})};
    for (int i = 0; i < 4; ++i) {
      auto sig = sign(mechs[i].get(), priv, msg);
      ASSERT_TRUE(sig.is_ok()) << i;
      sigs[i] = *sig;
      EXPECT_TRUE(verify(mechs[i].get(), pub, msg, *sig).is_ok()) << i;
      for (int j = 0; j < i; ++j) {
        EXPECT_NE(sigs[i], sigs[j]);
        EXPECT_EQ(verify(mechs[j].get(), pub, msg, *sig).rv(), CKR_SIGNATURE_INVALID) << i << " vs " << j;
      }
    }
    // Explicit parameters with phFlag FALSE and no context = plain instance.
    EddsaMech zero = eddsa(false, {}, true);
    auto plain = sign(zero.get(), priv, msg);
    ASSERT_TRUE(plain.is_ok());
    EXPECT_EQ(*plain, sigs[0]);
  }
}

TEST(Eddsa, ParameterAndKeyChecks) {
  auto kp = generate(CKM_EC_EDWARDS_KEY_PAIR_GEN, okp_curve(OkpCurve::kEd25519));
  ASSERT_TRUE(kp.is_ok());
  const auto priv = from_attrs(kp->private_attrs), pub = from_attrs(kp->public_attrs);
  const Bytes msg = hex("01");
  const Bytes long_ctx(256, 'a');
  EddsaMech too_long = eddsa(false, long_ctx);
  EXPECT_EQ(sign(too_long.get(), priv, msg).rv(), CKR_MECHANISM_PARAM_INVALID);
  EddsaMech null_ctx = eddsa(false, Bytes{1});
  null_ctx.null_context = true;
  EXPECT_EQ(sign(null_ctx.get(), priv, msg).rv(), CKR_MECHANISM_PARAM_INVALID);
  CK_ULONG junk = 0;
  EXPECT_EQ(sign(mechanism(CKM_EDDSA, &junk, sizeof junk), priv, msg).rv(), CKR_MECHANISM_PARAM_INVALID);
  EXPECT_EQ(sign(mechanism(CKM_EDDSA), pub, msg).rv(), CKR_KEY_TYPE_INCONSISTENT);
  auto ec = generate(CKM_EC_KEY_PAIR_GEN, p_curve(crypto::EcCurve::kP256));
  ASSERT_TRUE(ec.is_ok());
  EXPECT_EQ(sign(mechanism(CKM_EDDSA), from_attrs(ec->private_attrs), msg).rv(), CKR_KEY_TYPE_INCONSISTENT);
  auto sig = sign(mechanism(CKM_EDDSA), priv, msg);
  ASSERT_TRUE(sig.is_ok());
  EXPECT_EQ(verify(mechanism(CKM_EDDSA), pub, msg, ByteView(*sig).first(63)).rv(), CKR_SIGNATURE_LEN_RANGE);

  CK_MECHANISM m = mechanism(CKM_EDDSA);
  mech::MechContext ctx{&m, priv, {}};
  auto op = entry(CKM_EDDSA).sign(ctx);
  ASSERT_TRUE(op.is_ok());
  EXPECT_FALSE((*op)->multipart());
  EXPECT_EQ((*op)->signature_size(), 64u);
  Bytes small(63);
  auto r = (*op)->sign(msg, small);
  EXPECT_EQ(r.rv(), CKR_BUFFER_TOO_SMALL);
  Bytes out(64);
  ASSERT_TRUE((*op)->sign(msg, out).is_ok());  // still usable after CKR_BUFFER_TOO_SMALL
  EXPECT_EQ(out, *sig);

  const auto& row = entry(CKM_EDDSA);
  EXPECT_EQ(row.min_key_size, 255u);
  EXPECT_EQ(row.max_key_size, 448u);
  EXPECT_EQ(row.flags & (CKF_SIGN | CKF_VERIFY), CKF_SIGN | CKF_VERIFY);
  EXPECT_TRUE(row.fips_approved);
}

}  // namespace
}  // namespace craton
