// RSA encryption through the registry: Wycheproof PKCS#1 v1.5 and OAEP
// decryption, OAEP labels, raw RSA, exact-size output buffers, wrap/unwrap.
#include "rsa_test_util.h"

namespace craton::rsa_test {
namespace {

bool has_flag(const json& t, const std::string& flag) {
  for (const json& f : t["flags"])
    if (f == flag) return true;
  return false;
}

// Every invalid ciphertext fails; those flagged as padding errors fail
// with one and the same code, so no padding oracle is exposed.
void check_decrypt_case(const json& t, const Outcome& d, const char* padding_flag) {
  SCOPED_TRACE("tcId " + std::to_string(t["tcId"].get<int>()));
  if (t["result"] == "valid") {
    ASSERT_EQ(d.rv, CKR_OK);
    EXPECT_EQ(d.out, hex(t["msg"]));
    return;
  }
  EXPECT_TRUE(d.rv == CKR_ENCRYPTED_DATA_INVALID || d.rv == CKR_ENCRYPTED_DATA_LEN_RANGE) << std::hex << d.rv;
  if (has_flag(t, padding_flag)) {
    EXPECT_EQ(d.rv, CKR_ENCRYPTED_DATA_INVALID);
  }
}

TEST(RsaCrypt, WycheproofPkcs1Decrypt) {
  const json doc = load_wycheproof("rsa_pkcs1_2048_test.json");
  int valid = 0, invalid = 0;
  for (const json& group : doc["testGroups"]) {
    const mech::KeyRef key = private_from_json(group["privateKey"]);
    for (const json& t : group["tests"]) {
      check_decrypt_case(t, decrypt(mechanism(CKM_RSA_PKCS), key, hex(t["ct"])), "InvalidPkcs1Padding");
      (t["result"] == "valid" ? valid : invalid)++;
    }
  }
  EXPECT_EQ(valid, 42);
  EXPECT_EQ(invalid, 25);
}

CK_MECHANISM_TYPE hash_mech(const std::string& name) {
  return name == "SHA-1" ? CKM_SHA_1 : name == "SHA-256" ? CKM_SHA256 : 0;
}
CK_RSA_PKCS_MGF_TYPE mgf_of(const std::string& name) {
  return name == "SHA-1" ? CKG_MGF1_SHA1 : name == "SHA-256" ? CKG_MGF1_SHA256 : 0;
}

void run_oaep_file(const std::string& file) {
  const json doc = load_wycheproof(file);
  int valid = 0, invalid = 0, labelled = 0;
  for (const json& group : doc["testGroups"]) {
    const mech::KeyRef key = private_from_json(group["privateKey"]);
    for (const json& t : group["tests"]) {
      Bytes label = hex(t["label"]);
      CK_RSA_PKCS_OAEP_PARAMS p{hash_mech(group["sha"]), mgf_of(group["mgfSha"]), CKZ_DATA_SPECIFIED,
                                label.empty() ? nullptr : label.data(), label.size()};
      const CK_MECHANISM m = mechanism(CKM_RSA_PKCS_OAEP, &p, sizeof(p));
      check_decrypt_case(t, decrypt(m, key, hex(t["ct"])), "InvalidOaepPadding");
      (t["result"] == "valid" ? valid : invalid)++;
      if (!label.empty() && t["result"] == "valid") ++labelled;
    }
  }
  EXPECT_GT(valid, 10);
  EXPECT_GT(invalid, 10);
  EXPECT_GT(labelled, 0);
}

TEST(RsaCrypt, WycheproofOaepSha256) { run_oaep_file("rsa_oaep_2048_sha256_mgf1sha256_test.json"); }
TEST(RsaCrypt, WycheproofOaepSha1) { run_oaep_file("rsa_oaep_2048_sha1_mgf1sha1_test.json"); }

struct Pair {
  mech::KeyRef priv, pub;
  Bytes n;
};
Pair test_pair() {
  const json doc = load_wycheproof("rsa_pkcs1_2048_test.json");
  const json& k = doc["testGroups"][0]["privateKey"];
  return {private_from_json(k), public_key(hex(k["modulus"]), hex(k["publicExponent"])), strip(hex(k["modulus"]))};
}

TEST(RsaCrypt, OaepWithLabelRoundTrip) {
  const Pair kp = test_pair();
  Bytes label = hex("6c6162656c");
  CK_RSA_PKCS_OAEP_PARAMS p{CKM_SHA256, CKG_MGF1_SHA256, CKZ_DATA_SPECIFIED, label.data(), label.size()};
  const CK_MECHANISM m = mechanism(CKM_RSA_PKCS_OAEP, &p, sizeof(p));
  const Bytes msg = hex("48656c6c6f2c204f41455021");
  const Outcome c = encrypt(m, kp.pub, msg);
  ASSERT_EQ(c.rv, CKR_OK);
  EXPECT_EQ(c.out.size(), 256u);
  EXPECT_EQ(decrypt(m, kp.priv, c.out).out, msg);
  // A different label, no label, or a different hash: the same single error.
  Bytes other = hex("6c6162656d");
  CK_RSA_PKCS_OAEP_PARAMS p2{CKM_SHA256, CKG_MGF1_SHA256, CKZ_DATA_SPECIFIED, other.data(), other.size()};
  EXPECT_EQ(decrypt(mechanism(CKM_RSA_PKCS_OAEP, &p2, sizeof(p2)), kp.priv, c.out).rv, CKR_ENCRYPTED_DATA_INVALID);
  CK_RSA_PKCS_OAEP_PARAMS none{CKM_SHA256, CKG_MGF1_SHA256, 0, nullptr, 0};
  EXPECT_EQ(decrypt(mechanism(CKM_RSA_PKCS_OAEP, &none, sizeof(none)), kp.priv, c.out).rv,
            CKR_ENCRYPTED_DATA_INVALID);
  CK_RSA_PKCS_OAEP_PARAMS sha1{CKM_SHA_1, CKG_MGF1_SHA256, CKZ_DATA_SPECIFIED, label.data(), label.size()};
  EXPECT_EQ(decrypt(mechanism(CKM_RSA_PKCS_OAEP, &sha1, sizeof(sha1)), kp.priv, c.out).rv,
            CKR_ENCRYPTED_DATA_INVALID);
  // The label is copied at init: changing the caller's buffer later is harmless.
  auto op = entry(CKM_RSA_PKCS_OAEP).encrypt(context(m, kp.pub));
  ASSERT_TRUE(op.is_ok());
  label[0] ^= 0xff;
  Bytes out(256);
  ASSERT_TRUE((*op)->oneshot(msg, out).is_ok());
  label[0] ^= 0xff;
  EXPECT_EQ(decrypt(m, kp.priv, out).out, msg);
  // Source 0 with no label equals an empty label.
  const Outcome c0 = encrypt(mechanism(CKM_RSA_PKCS_OAEP, &none, sizeof(none)), kp.pub, msg);
  CK_RSA_PKCS_OAEP_PARAMS empty{CKM_SHA256, CKG_MGF1_SHA256, CKZ_DATA_SPECIFIED, nullptr, 0};
  EXPECT_EQ(decrypt(mechanism(CKM_RSA_PKCS_OAEP, &empty, sizeof(empty)), kp.priv, c0.out).out, msg);
}

TEST(RsaCrypt, OaepParameterErrors) {
  const Pair kp = test_pair();
  const Bytes msg(10, 1);
  CK_RSA_PKCS_OAEP_PARAMS bad_source{CKM_SHA256, CKG_MGF1_SHA256, 7, nullptr, 0};
  EXPECT_EQ(encrypt(mechanism(CKM_RSA_PKCS_OAEP, &bad_source, sizeof(bad_source)), kp.pub, msg).rv,
            CKR_MECHANISM_PARAM_INVALID);
  CK_RSA_PKCS_OAEP_PARAMS null_label{CKM_SHA256, CKG_MGF1_SHA256, CKZ_DATA_SPECIFIED, nullptr, 4};
  EXPECT_EQ(encrypt(mechanism(CKM_RSA_PKCS_OAEP, &null_label, sizeof(null_label)), kp.pub, msg).rv,
            CKR_MECHANISM_PARAM_INVALID);
  CK_RSA_PKCS_OAEP_PARAMS bad_mgf{CKM_SHA256, 0, 0, nullptr, 0};
  EXPECT_EQ(encrypt(mechanism(CKM_RSA_PKCS_OAEP, &bad_mgf, sizeof(bad_mgf)), kp.pub, msg).rv,
            CKR_MECHANISM_PARAM_INVALID);
  EXPECT_EQ(encrypt(mechanism(CKM_RSA_PKCS_OAEP), kp.pub, msg).rv, CKR_MECHANISM_PARAM_INVALID);
  CK_RSA_PKCS_OAEP_PARAMS ok{CKM_SHA256, CKG_MGF1_SHA256, 0, nullptr, 0};
  const CK_MECHANISM m = mechanism(CKM_RSA_PKCS_OAEP, &ok, sizeof(ok));
  EXPECT_EQ(encrypt(m, kp.pub, Bytes(256 - 66, 1)).rv, CKR_OK);
  EXPECT_EQ(encrypt(m, kp.pub, Bytes(256 - 65, 1)).rv, CKR_DATA_LEN_RANGE);
  EXPECT_EQ(decrypt(m, kp.priv, Bytes(255, 1)).rv, CKR_ENCRYPTED_DATA_LEN_RANGE);
  EXPECT_EQ(decrypt(m, kp.priv, Bytes(257, 1)).rv, CKR_ENCRYPTED_DATA_LEN_RANGE);
  EXPECT_EQ(encrypt(m, kp.priv, msg).rv, CKR_KEY_TYPE_INCONSISTENT);
  EXPECT_EQ(decrypt(m, kp.pub, Bytes(256, 1)).rv, CKR_KEY_TYPE_INCONSISTENT);
}

TEST(RsaCrypt, Pkcs1Limits) {
  const Pair kp = test_pair();
  const CK_MECHANISM m = mechanism(CKM_RSA_PKCS);
  const Outcome c = encrypt(m, kp.pub, Bytes(245, 9));
  ASSERT_EQ(c.rv, CKR_OK);
  EXPECT_EQ(decrypt(m, kp.priv, c.out).out, Bytes(245, 9));
  EXPECT_EQ(encrypt(m, kp.pub, Bytes(246, 9)).rv, CKR_DATA_LEN_RANGE);
  const Outcome e0 = encrypt(m, kp.pub, Bytes());
  ASSERT_EQ(e0.rv, CKR_OK);
  const Outcome d0 = decrypt(m, kp.priv, e0.out);
  EXPECT_EQ(d0.rv, CKR_OK);
  EXPECT_TRUE(d0.out.empty());
  // PKCS#1 v1.5 encryption is randomised.
  EXPECT_NE(encrypt(m, kp.pub, Bytes(16, 1)).out, encrypt(m, kp.pub, Bytes(16, 1)).out);
}

// Decrypting into a buffer smaller than the modulus works when the
// plaintext fits; when it does not, the needed size is reported and the
// retry succeeds without losing the operation.
TEST(RsaCrypt, DecryptIntoExactSizeBuffer) {
  const Pair kp = test_pair();
  CK_RSA_PKCS_OAEP_PARAMS oaep{CKM_SHA256, CKG_MGF1_SHA256, 0, nullptr, 0};
  const CK_MECHANISM mechs[] = {mechanism(CKM_RSA_PKCS), mechanism(CKM_RSA_PKCS_OAEP, &oaep, sizeof(oaep))};
  const Bytes msg = hex("000102030405060708090a0b0c0d0e0f");
  for (const CK_MECHANISM& m : mechs) {
    const Outcome c = encrypt(m, kp.pub, msg);
    ASSERT_EQ(c.rv, CKR_OK);
    const Outcome exact = decrypt(m, kp.priv, c.out, msg.size());
    ASSERT_EQ(exact.rv, CKR_OK);
    EXPECT_EQ(exact.out, msg);

    auto op = entry(m.mechanism).decrypt(context(m, kp.priv));
    ASSERT_TRUE(op.is_ok());
    EXPECT_EQ((*op)->oneshot_output_max(c.out.size()), 256u);
    Bytes small(msg.size() - 1);
    auto r = (*op)->oneshot(c.out, small);
    ASSERT_EQ(r.rv(), CKR_BUFFER_TOO_SMALL);
    EXPECT_EQ(r.error().needed, msg.size());
    Bytes out(msg.size());
    auto r2 = (*op)->oneshot(c.out, out);
    ASSERT_TRUE(r2.is_ok());
    EXPECT_EQ(*r2, msg.size());
    EXPECT_EQ(out, msg);
  }
}

TEST(RsaCrypt, RawX509LeftPadsAndChecksModulus) {
  const Pair kp = test_pair();
  const CK_MECHANISM m = mechanism(CKM_RSA_X_509);
  const Bytes short_in = hex("0a0b0c0d0e");
  Bytes padded(256, 0);
  std::copy(short_in.begin(), short_in.end(), padded.end() - 5);
  const Outcome c_short = encrypt(m, kp.pub, short_in);
  const Outcome c_padded = encrypt(m, kp.pub, padded);
  ASSERT_EQ(c_short.rv, CKR_OK);
  EXPECT_EQ(c_short.out.size(), 256u);
  EXPECT_EQ(c_short.out, c_padded.out);  // raw RSA is deterministic
  const Outcome d = decrypt(m, kp.priv, c_short.out);
  ASSERT_EQ(d.rv, CKR_OK);
  EXPECT_EQ(d.out, padded);
  EXPECT_EQ(decrypt(m, kp.priv, c_short.out, 255).rv, CKR_BUFFER_TOO_SMALL);

  // Input equal to or above n.
  EXPECT_EQ(encrypt(m, kp.pub, kp.n).rv, CKR_DATA_INVALID);
  EXPECT_EQ(encrypt(m, kp.pub, Bytes(256, 0xff)).rv, CKR_DATA_INVALID);
  EXPECT_EQ(encrypt(m, kp.pub, Bytes(257, 0)).rv, CKR_DATA_LEN_RANGE);
  EXPECT_EQ(sign(m, kp.priv, kp.n).rv, CKR_DATA_INVALID);
  EXPECT_EQ(decrypt(m, kp.priv, kp.n).rv, CKR_ENCRYPTED_DATA_INVALID);
  Bytes n_minus_1 = kp.n;
  n_minus_1.back() -= 1;  // n is odd
  EXPECT_EQ(encrypt(m, kp.pub, n_minus_1).rv, CKR_OK);

  // Raw sign of short data; raw verify pads the same way.
  const Outcome s = sign(m, kp.priv, short_in);
  ASSERT_EQ(s.rv, CKR_OK);
  EXPECT_EQ(verify(m, kp.pub, short_in, s.out), CKR_OK);
  EXPECT_EQ(verify(m, kp.pub, padded, s.out), CKR_OK);
  EXPECT_EQ(verify(m, kp.pub, hex("0a0b0c0d0f"), s.out), CKR_SIGNATURE_INVALID);
  // Sign is decrypt in raw RSA: decrypting the signature's input round trips.
  EXPECT_EQ(encrypt(m, kp.pub, s.out).out, padded);

  // Raw decryption of a PKCS#1 v1.5 ciphertext shows its padding: 00 02 PS 00 M.
  const Outcome c = encrypt(mechanism(CKM_RSA_PKCS), kp.pub, short_in);
  const Outcome em = decrypt(m, kp.priv, c.out);
  ASSERT_EQ(em.rv, CKR_OK);
  EXPECT_EQ(em.out[0], 0x00);
  EXPECT_EQ(em.out[1], 0x02);
  EXPECT_EQ(em.out[256 - 6], 0x00);
  EXPECT_EQ(Bytes(em.out.end() - 5, em.out.end()), short_in);
}

TEST(RsaCrypt, WrapUnwrap) {
  const Pair kp = test_pair();
  const Bytes secret = hex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
  CK_RSA_PKCS_OAEP_PARAMS oaep{CKM_SHA256, CKG_MGF1_SHA256, 0, nullptr, 0};
  const CK_MECHANISM mechs[] = {mechanism(CKM_RSA_PKCS), mechanism(CKM_RSA_PKCS_OAEP, &oaep, sizeof(oaep))};
  for (const CK_MECHANISM& m : mechs) {
    const mech::MechanismEntry& e = entry(m.mechanism);
    auto len = e.wrap(context(m, kp.pub), secret, {});
    ASSERT_TRUE(len.is_ok());
    EXPECT_EQ(*len, 256u);
    Bytes small(255);
    EXPECT_EQ(e.wrap(context(m, kp.pub), secret, small).rv(), CKR_BUFFER_TOO_SMALL);
    Bytes wrapped(256);
    auto n = e.wrap(context(m, kp.pub), secret, wrapped);
    ASSERT_TRUE(n.is_ok());
    auto un = e.unwrap(context(m, kp.priv), wrapped);
    ASSERT_TRUE(un.is_ok());
    EXPECT_EQ(Bytes(un->begin(), un->end()), secret);
    wrapped[3] ^= 1;
    EXPECT_EQ(e.unwrap(context(m, kp.priv), wrapped).rv(), CKR_WRAPPED_KEY_INVALID);
    EXPECT_EQ(e.unwrap(context(m, kp.priv), ByteView(wrapped).first(255)).rv(), CKR_WRAPPED_KEY_LEN_RANGE);
    EXPECT_EQ(e.wrap(context(m, kp.priv), secret, wrapped).rv(), CKR_WRAPPING_KEY_TYPE_INCONSISTENT);
    EXPECT_EQ(e.unwrap(context(m, kp.pub), wrapped).rv(), CKR_UNWRAPPING_KEY_TYPE_INCONSISTENT);
    EXPECT_EQ(e.wrap(context(m, kp.pub), Bytes(250, 1), wrapped).rv(), CKR_KEY_SIZE_RANGE);
  }
  EXPECT_EQ(entry(CKM_RSA_X_509).wrap, nullptr);
}

}  // namespace
}  // namespace craton::rsa_test
