// RSA signatures through the registry: Wycheproof PKCS#1 v1.5 and PSS
// verification, deterministic PKCS#1 v1.5 signing, parameter and length
// errors, and the buffer-too-small rule.
#include <map>

#include "crypto/hash.h"
#include "rsa_test_util.h"

namespace craton::rsa_test {
namespace {

bool is_rejection(CK_RV rv) { return rv == CKR_SIGNATURE_INVALID || rv == CKR_SIGNATURE_LEN_RANGE; }

// One Wycheproof verification case, verified three ways (one-shot, in parts,
// raw over the digest): all must accept a "valid" case and reject an
// "invalid" one; an "acceptable" case may go either way.
void expect_outcome(const std::string& result, CK_RV rv, CK_RV rv_parts, CK_RV rv_raw, int& valid, int& rejected) {
  if (result == "valid") {
    EXPECT_EQ(rv, CKR_OK);
    EXPECT_EQ(rv_parts, CKR_OK);
    EXPECT_EQ(rv_raw, CKR_OK);
    ++valid;
  } else if (result == "invalid") {
    EXPECT_TRUE(is_rejection(rv)) << std::hex << rv;
    EXPECT_TRUE(is_rejection(rv_parts)) << std::hex << rv_parts;
    EXPECT_TRUE(is_rejection(rv_raw)) << std::hex << rv_raw;
    ++rejected;
  } else {
    EXPECT_TRUE(rv == CKR_OK || is_rejection(rv)) << std::hex << rv;
  }
}

// Runs every case of a RsassaPkcs1Verify file through CKM_SHA256_RSA_PKCS
// (one-shot and in parts) and through CKM_RSA_PKCS over the DigestInfo.
void run_pkcs1_verify_file(const std::string& file) {
  const json doc = load_wycheproof(file);
  int valid = 0, rejected = 0;
  for (const json& group : doc["testGroups"]) {
    ASSERT_EQ(group["sha"], "SHA-256");
    const mech::KeyRef key = public_from_json(group["publicKey"]);
    for (const json& t : group["tests"]) {
      const Bytes msg = hex(t["msg"]);
      const Bytes sig = hex(t["sig"]);
      const std::string result = t["result"];
      const CK_MECHANISM m = mechanism(CKM_SHA256_RSA_PKCS);
      const CK_RV rv = verify(m, key, msg, sig);
      const CK_RV rv_parts = verify_parts(m, key, msg, sig);
      Bytes digest_info = sha256_digest_info_prefix();
      const Bytes h = *crypto::hash(crypto::HashAlg::kSha256, msg);
      digest_info.insert(digest_info.end(), h.begin(), h.end());
      const CK_RV rv_raw = verify(mechanism(CKM_RSA_PKCS), key, digest_info, sig);
      SCOPED_TRACE(file + " tcId " + std::to_string(t["tcId"].get<int>()));
      expect_outcome(result, rv, rv_parts, rv_raw, valid, rejected);
    }
  }
  EXPECT_GT(valid, 0);
  EXPECT_GT(rejected, 100);
}

TEST(RsaSignature, WycheproofPkcs1Verify2048Sha256) { run_pkcs1_verify_file("rsa_signature_2048_sha256_test.json"); }
TEST(RsaSignature, WycheproofPkcs1Verify3072Sha256) { run_pkcs1_verify_file("rsa_signature_3072_sha256_test.json"); }

void run_pss_verify_file(const std::string& file) {
  const json doc = load_wycheproof(file);
  int valid = 0, rejected = 0;
  for (const json& group : doc["testGroups"]) {
    ASSERT_EQ(group["sha"], "SHA-256");
    ASSERT_EQ(group["mgfSha"], "SHA-256");
    const mech::KeyRef key = public_from_json(group["publicKey"]);
    CK_RSA_PKCS_PSS_PARAMS params{CKM_SHA256, CKG_MGF1_SHA256, group["sLen"].get<CK_ULONG>()};
    const CK_MECHANISM hashed = mechanism(CKM_SHA256_RSA_PKCS_PSS, &params, sizeof(params));
    const CK_MECHANISM raw = mechanism(CKM_RSA_PKCS_PSS, &params, sizeof(params));
    for (const json& t : group["tests"]) {
      const Bytes msg = hex(t["msg"]);
      const Bytes sig = hex(t["sig"]);
      const Bytes h = *crypto::hash(crypto::HashAlg::kSha256, msg);
      const CK_RV rv = verify(hashed, key, msg, sig);
      const CK_RV rv_parts = verify_parts(hashed, key, msg, sig);
      const CK_RV rv_raw = verify(raw, key, h, sig);
      SCOPED_TRACE(file + " tcId " + std::to_string(t["tcId"].get<int>()));
      expect_outcome(t["result"], rv, rv_parts, rv_raw, valid, rejected);
    }
  }
  EXPECT_GT(valid, 0);
  EXPECT_GT(rejected, 0);
}

TEST(RsaSignature, WycheproofPssSha256Salt32) { run_pss_verify_file("rsa_pss_2048_sha256_mgf1_32_test.json"); }
TEST(RsaSignature, WycheproofPssSha256Salt0) { run_pss_verify_file("rsa_pss_2048_sha256_mgf1_0_test.json"); }

// PKCS#1 v1.5 signing is deterministic: our signatures must equal the
// vectors' byte for byte. The keys carry n, e, d only (no CRT form).
TEST(RsaSignature, WycheproofPkcs1SignExact) {
  const std::map<std::string, CK_MECHANISM_TYPE> by_hash = {{"SHA-1", CKM_SHA1_RSA_PKCS},
                                                            {"SHA-224", CKM_SHA224_RSA_PKCS},
                                                            {"SHA-256", CKM_SHA256_RSA_PKCS},
                                                            {"SHA-384", CKM_SHA384_RSA_PKCS},
                                                            {"SHA-512", CKM_SHA512_RSA_PKCS}};
  const json doc = load_wycheproof("rsa_pkcs1_2048_sig_gen_test.json");
  int compared = 0;
  for (const json& group : doc["testGroups"]) {
    const CK_MECHANISM m = mechanism(by_hash.at(group["sha"]));
    const json& k = group["privateKey"];
    const mech::KeyRef priv = private_from_json(k);
    const mech::KeyRef pub = public_key(hex(k["modulus"]), hex(k["publicExponent"]));
    for (const json& t : group["tests"]) {
      SCOPED_TRACE("tcId " + std::to_string(t["tcId"].get<int>()));
      const Bytes msg = hex(t["msg"]);
      const Outcome s = sign(m, priv, msg);
      ASSERT_EQ(s.rv, CKR_OK);
      EXPECT_EQ(s.out, hex(t["sig"]));
      EXPECT_EQ(verify(m, pub, msg, s.out), CKR_OK);
      ++compared;
    }
  }
  EXPECT_EQ(compared, 43);
}

// A 2048-bit key from the PKCS#1 decryption vectors, in CRT form.
struct Pair {
  mech::KeyRef priv, pub;
};
Pair test_pair() {
  const json doc = load_wycheproof("rsa_pkcs1_2048_test.json");
  const json& k = doc["testGroups"][0]["privateKey"];
  return {private_from_json(k), public_key(hex(k["modulus"]), hex(k["publicExponent"]))};
}

TEST(RsaSignature, HashAndSignRoundTripsEveryHash) {
  const Pair kp = test_pair();
  const Bytes msg = hex("00112233445566778899aabbccddeeff");
  const std::pair<CK_MECHANISM_TYPE, CK_MECHANISM_TYPE> kinds[] = {
      {CKM_SHA224_RSA_PKCS, CKM_SHA224},    {CKM_SHA384_RSA_PKCS, CKM_SHA384},
      {CKM_SHA3_224_RSA_PKCS, CKM_SHA3_224}, {CKM_SHA3_256_RSA_PKCS, CKM_SHA3_256},
      {CKM_SHA3_384_RSA_PKCS, CKM_SHA3_384}, {CKM_SHA3_512_RSA_PKCS, CKM_SHA3_512},
  };
  for (const auto& [type, hash] : kinds) {
    SCOPED_TRACE(entry(type).name);
    const CK_MECHANISM m = mechanism(type);
    const Outcome s = sign(m, kp.priv, msg);
    ASSERT_EQ(s.rv, CKR_OK);
    EXPECT_EQ(verify(m, kp.pub, msg, s.out), CKR_OK);
    Bytes other = msg;
    other[0] ^= 1;
    EXPECT_EQ(verify(m, kp.pub, other, s.out), CKR_SIGNATURE_INVALID);
  }
  const std::pair<CK_MECHANISM_TYPE, CK_MECHANISM_TYPE> pss[] = {
      {CKM_SHA1_RSA_PKCS_PSS, CKM_SHA_1},       {CKM_SHA384_RSA_PKCS_PSS, CKM_SHA384},
      {CKM_SHA512_RSA_PKCS_PSS, CKM_SHA512},    {CKM_SHA3_256_RSA_PKCS_PSS, CKM_SHA3_256},
      {CKM_SHA3_512_RSA_PKCS_PSS, CKM_SHA3_512},
  };
  for (const auto& [type, hash] : pss) {
    SCOPED_TRACE(entry(type).name);
    CK_RSA_PKCS_PSS_PARAMS params{hash, CKG_MGF1_SHA256, 20};
    const CK_MECHANISM m = mechanism(type, &params, sizeof(params));
    const Outcome s = sign(m, kp.priv, msg);
    ASSERT_EQ(s.rv, CKR_OK);
    EXPECT_EQ(verify(m, kp.pub, msg, s.out), CKR_OK);
    CK_RSA_PKCS_PSS_PARAMS other_salt{hash, CKG_MGF1_SHA256, 21};
    EXPECT_EQ(verify(mechanism(type, &other_salt, sizeof(other_salt)), kp.pub, msg, s.out), CKR_SIGNATURE_INVALID);
  }
}

TEST(RsaSignature, PssParameterErrors) {
  const Pair kp = test_pair();
  const Bytes h32(32, 0x11);
  CK_RSA_PKCS_PSS_PARAMS mismatch{CKM_SHA384, CKG_MGF1_SHA256, 32};
  EXPECT_EQ(sign(mechanism(CKM_SHA256_RSA_PKCS_PSS, &mismatch, sizeof(mismatch)), kp.priv, h32).rv,
            CKR_MECHANISM_PARAM_INVALID);
  CK_RSA_PKCS_PSS_PARAMS bad_mgf{CKM_SHA256, 0x77, 32};
  EXPECT_EQ(sign(mechanism(CKM_RSA_PKCS_PSS, &bad_mgf, sizeof(bad_mgf)), kp.priv, h32).rv,
            CKR_MECHANISM_PARAM_INVALID);
  CK_RSA_PKCS_PSS_PARAMS bad_hash{CKM_AES_ECB, CKG_MGF1_SHA256, 32};
  EXPECT_EQ(sign(mechanism(CKM_RSA_PKCS_PSS, &bad_hash, sizeof(bad_hash)), kp.priv, h32).rv,
            CKR_MECHANISM_PARAM_INVALID);
  // 2048-bit key, SHA-256: emLen 256, so sLen may be at most 256 - 32 - 2.
  CK_RSA_PKCS_PSS_PARAMS max_salt{CKM_SHA256, CKG_MGF1_SHA256, 222};
  EXPECT_EQ(sign(mechanism(CKM_RSA_PKCS_PSS, &max_salt, sizeof(max_salt)), kp.priv, h32).rv, CKR_OK);
  CK_RSA_PKCS_PSS_PARAMS big_salt{CKM_SHA256, CKG_MGF1_SHA256, 223};
  EXPECT_EQ(sign(mechanism(CKM_RSA_PKCS_PSS, &big_salt, sizeof(big_salt)), kp.priv, h32).rv,
            CKR_MECHANISM_PARAM_INVALID);
  EXPECT_EQ(sign(mechanism(CKM_RSA_PKCS_PSS), kp.priv, h32).rv, CKR_MECHANISM_PARAM_INVALID);
  CK_RSA_PKCS_PSS_PARAMS ok{CKM_SHA256, CKG_MGF1_SHA256, 32};
  const CK_MECHANISM m = mechanism(CKM_RSA_PKCS_PSS, &ok, sizeof(ok));
  EXPECT_EQ(sign(m, kp.priv, Bytes(31, 1)).rv, CKR_DATA_LEN_RANGE);
  EXPECT_EQ(sign(m, kp.priv, Bytes(33, 1)).rv, CKR_DATA_LEN_RANGE);
  const Outcome s = sign(m, kp.priv, h32);
  ASSERT_EQ(s.rv, CKR_OK);
  EXPECT_EQ(verify(m, kp.pub, Bytes(33, 1), s.out), CKR_DATA_LEN_RANGE);
  EXPECT_EQ(verify(m, kp.pub, h32, s.out), CKR_OK);
  // PSS is randomised: two signatures differ, both verify.
  const Outcome s2 = sign(m, kp.priv, h32);
  EXPECT_NE(s.out, s2.out);
  EXPECT_EQ(verify(m, kp.pub, h32, s2.out), CKR_OK);
  // A hashed mechanism takes no parameter where none is defined.
  EXPECT_EQ(sign(mechanism(CKM_SHA256_RSA_PKCS, &ok, sizeof(ok)), kp.priv, h32).rv, CKR_MECHANISM_PARAM_INVALID);
}

TEST(RsaSignature, LengthAndKeyErrors) {
  const Pair kp = test_pair();
  const CK_MECHANISM pkcs = mechanism(CKM_RSA_PKCS);
  EXPECT_EQ(sign(pkcs, kp.priv, Bytes(256 - 11, 7)).rv, CKR_OK);
  EXPECT_EQ(sign(pkcs, kp.priv, Bytes(256 - 10, 7)).rv, CKR_DATA_LEN_RANGE);
  const Outcome s = sign(pkcs, kp.priv, Bytes(20, 7));
  ASSERT_EQ(s.rv, CKR_OK);
  ASSERT_EQ(s.out.size(), 256u);
  EXPECT_EQ(verify(pkcs, kp.pub, Bytes(20, 7), s.out), CKR_OK);
  EXPECT_EQ(verify(pkcs, kp.pub, Bytes(20, 7), ByteView(s.out).first(255)), CKR_SIGNATURE_LEN_RANGE);
  Bytes longer = s.out;
  longer.insert(longer.begin(), 0);
  EXPECT_EQ(verify(pkcs, kp.pub, Bytes(20, 7), longer), CKR_SIGNATURE_LEN_RANGE);
  EXPECT_EQ(verify(pkcs, kp.pub, Bytes(20, 8), s.out), CKR_SIGNATURE_INVALID);
  // Wrong key class or type.
  EXPECT_EQ(sign(pkcs, kp.pub, Bytes(20, 7)).rv, CKR_KEY_TYPE_INCONSISTENT);
  EXPECT_EQ(verify(pkcs, kp.priv, Bytes(20, 7), s.out), CKR_KEY_TYPE_INCONSISTENT);
  auto ec = std::make_shared<objects::ObjectData>();
  ec->attrs.set_ulong(CKA_CLASS, CKO_PRIVATE_KEY);
  ec->attrs.set_ulong(CKA_KEY_TYPE, CKK_EC);
  EXPECT_EQ(sign(pkcs, ec, Bytes(20, 7)).rv, CKR_KEY_TYPE_INCONSISTENT);
}

TEST(RsaSignature, BufferTooSmallKeepsMultipartState) {
  const Pair kp = test_pair();
  const CK_MECHANISM m = mechanism(CKM_SHA256_RSA_PKCS);
  auto op = entry(m.mechanism).sign(context(m, kp.priv));
  ASSERT_TRUE(op.is_ok());
  EXPECT_TRUE((*op)->multipart());
  const Bytes part1 = hex("61626364"), part2 = hex("65666768");
  ASSERT_TRUE((*op)->update(part1).is_ok());
  ASSERT_TRUE((*op)->update(part2).is_ok());
  Bytes small(255);
  auto r = (*op)->final(small);
  ASSERT_EQ(r.rv(), CKR_BUFFER_TOO_SMALL);
  EXPECT_EQ(r.error().needed, 256u);
  Bytes out(256);
  auto r2 = (*op)->final(out);
  ASSERT_TRUE(r2.is_ok());
  EXPECT_EQ(*r2, 256u);
  EXPECT_EQ(verify(m, kp.pub, hex("6162636465666768"), out), CKR_OK);
  // Single-part: the same rule.
  auto single = entry(CKM_RSA_PKCS).sign(context(mechanism(CKM_RSA_PKCS), kp.priv));
  ASSERT_TRUE(single.is_ok());
  EXPECT_FALSE((*single)->multipart());
  EXPECT_EQ((*single)->sign(part1, small).rv(), CKR_BUFFER_TOO_SMALL);
  EXPECT_TRUE((*single)->sign(part1, out).is_ok());
}

TEST(RsaSignature, RecoverRoundTrip) {
  const Pair kp = test_pair();
  const Bytes data = hex("0102030405060708090a");
  for (CK_MECHANISM_TYPE type : {CKM_RSA_PKCS, CKM_RSA_X_509}) {
    const CK_MECHANISM m = mechanism(type);
    auto signer = entry(type).sign_recover(context(m, kp.priv));
    ASSERT_TRUE(signer.is_ok());
    Bytes sig((*signer)->output_max(data.size()));
    auto n = (*signer)->run(data, sig);
    ASSERT_TRUE(n.is_ok());
    ASSERT_EQ(*n, 256u);
    auto recoverer = entry(type).verify_recover(context(m, kp.pub));
    ASSERT_TRUE(recoverer.is_ok());
    Bytes small(5);
    auto r = (*recoverer)->run(sig, small);
    ASSERT_EQ(r.rv(), CKR_BUFFER_TOO_SMALL);
    const std::size_t want = type == CKM_RSA_PKCS ? data.size() : 256u;
    EXPECT_EQ(r.error().needed, want);
    Bytes out(want);
    auto r2 = (*recoverer)->run(sig, out);
    ASSERT_TRUE(r2.is_ok());
    Bytes expect = data;
    if (type == CKM_RSA_X_509) expect.insert(expect.begin(), 256 - data.size(), 0);
    EXPECT_EQ(out, expect);
    sig[100] ^= 0x40;
    Bytes out2(256);
    auto bad = (*recoverer)->run(sig, out2);
    if (type == CKM_RSA_PKCS) {
      EXPECT_EQ(bad.rv(), CKR_SIGNATURE_INVALID);
    }
    EXPECT_EQ((*recoverer)->run(ByteView(sig).first(255), out2).rv(), CKR_SIGNATURE_LEN_RANGE);
  }
}

TEST(RsaSignature, MechanismInfo) {
  const auto& reg = mech::Registry::instance();
  const mech::MechanismEntry* pkcs = reg.find(CKM_RSA_PKCS);
  ASSERT_NE(pkcs, nullptr);
  EXPECT_EQ(pkcs->min_key_size, 1024u);
  EXPECT_EQ(pkcs->max_key_size, 8192u);
  EXPECT_EQ(pkcs->flags, CKF_SIGN | CKF_VERIFY | CKF_SIGN_RECOVER | CKF_VERIFY_RECOVER | CKF_ENCRYPT | CKF_DECRYPT |
                             CKF_WRAP | CKF_UNWRAP);
  EXPECT_EQ(reg.find(CKM_RSA_X_509)->flags,
            CKF_SIGN | CKF_VERIFY | CKF_SIGN_RECOVER | CKF_VERIFY_RECOVER | CKF_ENCRYPT | CKF_DECRYPT);
  EXPECT_FALSE(reg.find(CKM_RSA_X_509)->fips_approved);
  EXPECT_FALSE(reg.find(CKM_SHA1_RSA_PKCS)->fips_approved);
  EXPECT_FALSE(reg.find(CKM_SHA1_RSA_PKCS_PSS)->fips_approved);
  EXPECT_TRUE(reg.find(CKM_SHA256_RSA_PKCS)->fips_approved);
  EXPECT_TRUE(reg.find(CKM_RSA_PKCS_PSS)->fips_approved);
  EXPECT_TRUE(reg.find(CKM_RSA_PKCS_OAEP)->fips_approved);
  EXPECT_TRUE(reg.find(CKM_RSA_PKCS_KEY_PAIR_GEN)->fips_approved);
  EXPECT_EQ(reg.find(CKM_RSA_PKCS_OAEP)->flags, CKF_ENCRYPT | CKF_DECRYPT | CKF_WRAP | CKF_UNWRAP);
  EXPECT_EQ(reg.find(CKM_SHA3_512_RSA_PKCS_PSS)->flags, CKF_SIGN | CKF_VERIFY);
  EXPECT_EQ(reg.find(CKM_RSA_PKCS_KEY_PAIR_GEN)->flags, CKF_GENERATE_KEY_PAIR);
  // Flags and factories agree on every RSA row.
  for (const auto& e : reg.entries()) {
    if (e.name.find("RSA") == std::string_view::npos) continue;
    SCOPED_TRACE(e.name);
    EXPECT_EQ((e.flags & CKF_SIGN) != 0, e.sign != nullptr);
    EXPECT_EQ((e.flags & CKF_VERIFY) != 0, e.verify != nullptr);
    EXPECT_EQ((e.flags & CKF_SIGN_RECOVER) != 0, e.sign_recover != nullptr);
    EXPECT_EQ((e.flags & CKF_ENCRYPT) != 0, e.encrypt != nullptr);
    EXPECT_EQ((e.flags & CKF_WRAP) != 0, e.wrap != nullptr);
    EXPECT_EQ((e.flags & CKF_GENERATE_KEY_PAIR) != 0, e.generate_key_pair != nullptr);
  }
}

}  // namespace
}  // namespace craton::rsa_test
