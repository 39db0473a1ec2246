// ML-KEM and vendor X-Wing through the PKCS#11 3.2 ABI: C_GenerateKeyPair
// (including pkcs11-tool's private-template CKA_PARAMETER_SET),
// C_EncapsulateKey (length query, CKR_BUFFER_TOO_SMALL, real call) and
// C_DecapsulateKey giving the same secret (generic secrets compared by
// value; AES-256 keys used to encrypt/decrypt), usage flags, key types,
// NULL arguments, and the NIST ACVP ML-KEM vectors (decapsulation with
// expanded and seed-only keys imported by C_CreateObject; keyGen seeds
// expanded by the import check) plus the X-Wing draft vectors.
#include <map>

#include "craton/pkcs11/craton_vendor.h"
#include "vector_helpers.h"

namespace craton::test {
namespace {

struct Sizes {
  CK_ULONG set;
  CK_ULONG ek, dk, ct;
};
constexpr Sizes kSets[] = {{CKP_ML_KEM_512, 800, 1632, 768},
                           {CKP_ML_KEM_768, 1184, 2400, 1088},
                           {CKP_ML_KEM_1024, 1568, 3168, 1568}};

CK_ULONG set_from_name(const std::string& name) {
  if (name == "ML-KEM-512") return CKP_ML_KEM_512;
  if (name == "ML-KEM-768") return CKP_ML_KEM_768;
  return CKP_ML_KEM_1024;
}

class KemTest : public ModuleTest {
 protected:
  void SetUp() override {
    ModuleTest::SetUp();
    s_ = ready_user_session();
  }

  // ML-KEM key pair; `priv_set` != 0 repeats a parameter set in the private
  // template the way pkcs11-tool does.
  CK_RV generate(CK_ULONG set, KeyPair* out, CK_ULONG priv_set = 0, bool encapsulate = true, bool decapsulate = true) {
    CK_MECHANISM m{CKM_ML_KEM_KEY_PAIR_GEN, nullptr, 0};
    CK_BBOOL no = CK_FALSE, yes = CK_TRUE, enc = encapsulate ? CK_TRUE : CK_FALSE,
             dec = decapsulate ? CK_TRUE : CK_FALSE;
    std::vector<CK_ATTRIBUTE> pub = {attr(CKA_TOKEN, &no, 1), attr(CKA_ENCAPSULATE, &enc, 1)};
    if (set != 0) pub.push_back(attr(CKA_PARAMETER_SET, &set, sizeof set));
    std::vector<CK_ATTRIBUTE> priv = {attr(CKA_TOKEN, &no, 1), attr(CKA_DECAPSULATE, &dec, 1),
                                      attr(CKA_SENSITIVE, &yes, 1)};
    if (priv_set != 0) priv.push_back(attr(CKA_PARAMETER_SET, &priv_set, sizeof priv_set));
    return f()->C_GenerateKeyPair(s_, &m, pub.data(), pub.size(), priv.data(), priv.size(), &out->pub, &out->priv);
  }

  KeyPair must_generate(CK_ULONG set) {
    KeyPair kp;
    EXPECT_OK(generate(set, &kp));
    return kp;
  }

  // Template of an extractable, readable generic secret.
  std::vector<CK_ATTRIBUTE> secret_template() {
    return {attr(CKA_CLASS, &secret_class_, sizeof secret_class_), attr(CKA_KEY_TYPE, &generic_, sizeof generic_),
            attr(CKA_EXTRACTABLE, &yes_, 1), attr(CKA_SENSITIVE, &no_, 1), attr(CKA_TOKEN, &no_, 1)};
  }

  // C_EncapsulateKey with a length query first; returns the ciphertext.
  Bytes encapsulate(CK_MECHANISM_TYPE mech, CK_OBJECT_HANDLE pub, CK_OBJECT_HANDLE* key,
                    std::vector<CK_ATTRIBUTE> tmpl = {}) {
    if (tmpl.empty()) tmpl = secret_template();
    CK_MECHANISM m{mech, nullptr, 0};
    CK_ULONG len = 0;
    EXPECT_OK(f()->C_EncapsulateKey(s_, &m, pub, tmpl.data(), tmpl.size(), nullptr, &len, key));
    Bytes ct(len);
    EXPECT_OK(f()->C_EncapsulateKey(s_, &m, pub, tmpl.data(), tmpl.size(), ct.data(), &len, key));
    ct.resize(len);
    return ct;
  }

  CK_RV decapsulate(CK_MECHANISM_TYPE mech, CK_OBJECT_HANDLE priv, const Bytes& ct, CK_OBJECT_HANDLE* key,
                    std::vector<CK_ATTRIBUTE> tmpl = {}) {
    if (tmpl.empty()) tmpl = secret_template();
    CK_MECHANISM m{mech, nullptr, 0};
    return f()->C_DecapsulateKey(s_, &m, priv, tmpl.data(), tmpl.size(), const_cast<CK_BYTE*>(ct.data()),
                                 ct.size(), key);
  }

  CK_RV create(std::vector<CK_ATTRIBUTE> t, CK_OBJECT_HANDLE* h) {
    *h = CK_INVALID_HANDLE;
    return f()->C_CreateObject(s_, t.data(), t.size(), h);
  }

  // ML-KEM key import; an empty seed or value is left out.
  CK_RV import_private(CK_ULONG set, const Bytes& seed, const Bytes& value, CK_OBJECT_HANDLE* h,
                       bool readable = false) {
    std::vector<CK_ATTRIBUTE> t = {attr(CKA_CLASS, &priv_class_, sizeof priv_class_),
                                   attr(CKA_KEY_TYPE, &ml_kem_, sizeof ml_kem_),
                                   attr(CKA_PARAMETER_SET, &set, sizeof set), attr(CKA_TOKEN, &no_, 1),
                                   attr(CKA_DECAPSULATE, &yes_, 1)};
    if (!seed.empty()) t.push_back(attr(CKA_SEED, seed.data(), seed.size()));
    if (!value.empty()) t.push_back(attr(CKA_VALUE, value.data(), value.size()));
    if (readable) {
      t.push_back(attr(CKA_SENSITIVE, &no_, 1));
      t.push_back(attr(CKA_EXTRACTABLE, &yes_, 1));
    }
    return create(t, h);
  }
  CK_RV import_public(CK_KEY_TYPE type, CK_ULONG set, const Bytes& value, CK_OBJECT_HANDLE* h) {
    std::vector<CK_ATTRIBUTE> t = {attr(CKA_CLASS, &pub_class_, sizeof pub_class_),
                                   attr(CKA_KEY_TYPE, &type, sizeof type),
                                   attr(CKA_VALUE, value.data(), value.size()), attr(CKA_TOKEN, &no_, 1),
                                   attr(CKA_ENCAPSULATE, &yes_, 1)};
    if (set != 0) t.push_back(attr(CKA_PARAMETER_SET, &set, sizeof set));
    return create(t, h);
  }

  // Decapsulates `ct` and reads the secret (empty on failure).
  Bytes secret_of(CK_MECHANISM_TYPE mech, CK_OBJECT_HANDLE priv, const Bytes& ct, CK_RV* rv = nullptr) {
    CK_OBJECT_HANDLE k = CK_INVALID_HANDLE;
    const CK_RV r = decapsulate(mech, priv, ct, &k);
    if (rv != nullptr) *rv = r;
    if (r != CKR_OK) return {};
    ObjectGuard g(f(), s_, k);
    return read_value(f(), s_, k);
  }

  CK_SESSION_HANDLE s_ = CK_INVALID_HANDLE;
  CK_OBJECT_CLASS secret_class_ = CKO_SECRET_KEY, priv_class_ = CKO_PRIVATE_KEY, pub_class_ = CKO_PUBLIC_KEY;
  CK_KEY_TYPE generic_ = CKK_GENERIC_SECRET, ml_kem_ = CKK_ML_KEM;
  CK_BBOOL yes_ = CK_TRUE, no_ = CK_FALSE;
};

TEST_F(KemTest, MechanismInfo) {
  CK_MECHANISM_INFO info{};
  ASSERT_OK(f()->C_GetMechanismInfo(0, CKM_ML_KEM, &info));
  EXPECT_EQ(info.flags & (CKF_ENCAPSULATE | CKF_DECAPSULATE), CKF_ENCAPSULATE | CKF_DECAPSULATE);
  EXPECT_EQ(info.ulMinKeySize, 800u);
  EXPECT_EQ(info.ulMaxKeySize, 1568u);
  ASSERT_OK(f()->C_GetMechanismInfo(0, CKM_ML_KEM_KEY_PAIR_GEN, &info));
  EXPECT_NE(info.flags & CKF_GENERATE_KEY_PAIR, 0u);
  ASSERT_OK(f()->C_GetMechanismInfo(0, CKM_VENDOR_XWING, &info));
  EXPECT_EQ(info.flags & (CKF_ENCAPSULATE | CKF_DECAPSULATE), CKF_ENCAPSULATE | CKF_DECAPSULATE);
  EXPECT_EQ(info.ulMinKeySize, 1216u);
  ASSERT_OK(f()->C_GetMechanismInfo(0, CKM_VENDOR_XWING_KEY_PAIR_GEN, &info));
  EXPECT_NE(info.flags & CKF_GENERATE_KEY_PAIR, 0u);
}

TEST_F(KemTest, GenerateKeyPairEveryParameterSet) {
  for (const Sizes& z : kSets) {
    KeyPair kp = must_generate(z.set);
    EXPECT_EQ(get_ulong_attr(s_, kp.pub, CKA_KEY_TYPE), CKK_ML_KEM);
    EXPECT_EQ(get_ulong_attr(s_, kp.priv, CKA_KEY_TYPE), CKK_ML_KEM);
    EXPECT_EQ(get_ulong_attr(s_, kp.pub, CKA_PARAMETER_SET), z.set);
    EXPECT_EQ(get_ulong_attr(s_, kp.priv, CKA_PARAMETER_SET), z.set);
    EXPECT_EQ(get_ulong_attr(s_, kp.pub, CKA_KEY_GEN_MECHANISM), CKM_ML_KEM_KEY_PAIR_GEN);
    const Bytes ek = get_attr(s_, kp.pub, CKA_VALUE);
    EXPECT_EQ(ek.size(), z.ek);
    // SubjectPublicKeyInfo ends with the raw ek, on both keys.
    for (CK_OBJECT_HANDLE h : {kp.pub, kp.priv}) {
      const Bytes spki = get_attr(s_, h, CKA_PUBLIC_KEY_INFO);
      ASSERT_GT(spki.size(), ek.size());
      EXPECT_TRUE(std::equal(ek.begin(), ek.end(), spki.end() - static_cast<std::ptrdiff_t>(ek.size())));
    }
    // Private CKA_VALUE and CKA_SEED are sensitive.
    for (CK_ATTRIBUTE_TYPE t : {CKA_VALUE, CKA_SEED}) {
      CK_ATTRIBUTE a{t, nullptr, 0};
      EXPECT_RV(CKR_ATTRIBUTE_SENSITIVE, f()->C_GetAttributeValue(s_, kp.priv, &a, 1));
    }
  }
}

TEST_F(KemTest, GenerateTemplateRules) {
  KeyPair kp;
  EXPECT_OK(generate(CKP_ML_KEM_768, &kp, CKP_ML_KEM_768));  // pkcs11-tool style
  EXPECT_RV(CKR_TEMPLATE_INCONSISTENT, generate(CKP_ML_KEM_768, &kp, CKP_ML_KEM_1024));
  EXPECT_RV(CKR_TEMPLATE_INCOMPLETE, generate(0, &kp));
  EXPECT_RV(CKR_TEMPLATE_INCOMPLETE, generate(0, &kp, CKP_ML_KEM_768));  // only the public template counts
  EXPECT_RV(CKR_PARAMETER_SET_NOT_SUPPORTED, generate(4, &kp));
  CK_ULONG junk = 0;
  CK_MECHANISM m{CKM_ML_KEM_KEY_PAIR_GEN, &junk, sizeof junk};
  CK_ULONG set = CKP_ML_KEM_512;
  CK_ATTRIBUTE pub[] = {attr(CKA_PARAMETER_SET, &set, sizeof set)};
  EXPECT_RV(CKR_MECHANISM_PARAM_INVALID, f()->C_GenerateKeyPair(s_, &m, pub, 1, nullptr, 0, &kp.pub, &kp.priv));
}

TEST_F(KemTest, EncapsulateDecapsulateSameSecret) {
  for (const Sizes& z : kSets) {
    KeyPair kp = must_generate(z.set);
    CK_MECHANISM m{CKM_ML_KEM, nullptr, 0};
    auto tmpl = secret_template();
    CK_OBJECT_HANDLE enc_key = CK_INVALID_HANDLE;
    // Length query: NULL ciphertext, no object made.
    CK_ULONG len = 0;
    ASSERT_OK(f()->C_EncapsulateKey(s_, &m, kp.pub, tmpl.data(), tmpl.size(), nullptr, &len, &enc_key));
    EXPECT_EQ(len, z.ct);
    EXPECT_EQ(enc_key, CK_INVALID_HANDLE);
    Bytes ct(z.ct);
    len = z.ct - 1;
    EXPECT_RV(CKR_BUFFER_TOO_SMALL, f()->C_EncapsulateKey(s_, &m, kp.pub, tmpl.data(), tmpl.size(), ct.data(), &len,
                                                          &enc_key));
    EXPECT_EQ(len, z.ct);
    EXPECT_EQ(enc_key, CK_INVALID_HANDLE);
    ASSERT_OK(f()->C_EncapsulateKey(s_, &m, kp.pub, tmpl.data(), tmpl.size(), ct.data(), &len, &enc_key));
    EXPECT_EQ(len, z.ct);
    ASSERT_NE(enc_key, CK_INVALID_HANDLE);
    CK_OBJECT_HANDLE dec_key = CK_INVALID_HANDLE;
    ASSERT_OK(decapsulate(CKM_ML_KEM, kp.priv, ct, &dec_key));
    const Bytes a = read_value(f(), s_, enc_key), b = read_value(f(), s_, dec_key);
    EXPECT_EQ(a.size(), 32u);
    EXPECT_EQ(a, b);
    EXPECT_EQ(get_ulong_attr(s_, dec_key, CKA_KEY_TYPE), CKK_GENERIC_SECRET);
    // A NULL template with count 0 is allowed (generic secret by default).
    CK_OBJECT_HANDLE plain = CK_INVALID_HANDLE;
    EXPECT_OK(f()->C_DecapsulateKey(s_, &m, kp.priv, nullptr, 0, ct.data(), ct.size(), &plain));
  }
}

TEST_F(KemTest, AesKeysFromBothSidesInteroperate) {
  KeyPair kp = must_generate(CKP_ML_KEM_768);
  CK_KEY_TYPE aes = CKK_AES;
  CK_ULONG len32 = 32;
  CK_BBOOL yes = CK_TRUE, no = CK_FALSE;
  std::vector<CK_ATTRIBUTE> tmpl = {attr(CKA_CLASS, &secret_class_, sizeof secret_class_),
                                    attr(CKA_KEY_TYPE, &aes, sizeof aes),
                                    attr(CKA_VALUE_LEN, &len32, sizeof len32),
                                    attr(CKA_ENCRYPT, &yes, 1),
                                    attr(CKA_DECRYPT, &yes, 1),
                                    attr(CKA_SENSITIVE, &yes, 1),
                                    attr(CKA_EXTRACTABLE, &no, 1),
                                    attr(CKA_TOKEN, &no, 1)};
  CK_OBJECT_HANDLE sender = CK_INVALID_HANDLE, receiver = CK_INVALID_HANDLE;
  const Bytes ct = encapsulate(CKM_ML_KEM, kp.pub, &sender, tmpl);
  ASSERT_OK(decapsulate(CKM_ML_KEM, kp.priv, ct, &receiver, tmpl));
  EXPECT_EQ(get_ulong_attr(s_, receiver, CKA_VALUE_LEN), 32u);
  Bytes iv(16, 0x11);
  CK_MECHANISM cbc{CKM_AES_CBC_PAD, iv.data(), iv.size()};
  const Bytes msg = from_hex("48656c6c6f2c206b656d20776f726c6421");
  Bytes enc, dec;
  ASSERT_OK(encrypt_once(f(), s_, cbc, sender, msg, &enc));
  ASSERT_OK(decrypt_once(f(), s_, cbc, receiver, enc, &dec));
  EXPECT_EQ(dec, msg);
  // A key from a tampered ciphertext (implicit rejection) does not decrypt it.
  Bytes bad = ct;
  bad[5] ^= 0x20;
  CK_OBJECT_HANDLE wrong = CK_INVALID_HANDLE;
  ASSERT_OK(decapsulate(CKM_ML_KEM, kp.priv, bad, &wrong, tmpl));
  Bytes out;
  const CK_RV rv = decrypt_once(f(), s_, cbc, wrong, enc, &out);
  EXPECT_TRUE(rv != CKR_OK || out != msg);
}

TEST_F(KemTest, UsageFlagsAndKeyTypes) {
  KeyPair no_enc, no_dec;
  ASSERT_OK(generate(CKP_ML_KEM_512, &no_enc, 0, /*encapsulate=*/false, true));
  ASSERT_OK(generate(CKP_ML_KEM_512, &no_dec, 0, true, /*decapsulate=*/false));
  CK_MECHANISM m{CKM_ML_KEM, nullptr, 0};
  auto tmpl = secret_template();
  CK_ULONG len = 0;
  CK_OBJECT_HANDLE k = CK_INVALID_HANDLE;
  EXPECT_RV(CKR_KEY_FUNCTION_NOT_PERMITTED,
            f()->C_EncapsulateKey(s_, &m, no_enc.pub, tmpl.data(), tmpl.size(), nullptr, &len, &k));
  const Bytes ct = encapsulate(CKM_ML_KEM, no_dec.pub, &k);
  EXPECT_RV(CKR_KEY_FUNCTION_NOT_PERMITTED, decapsulate(CKM_ML_KEM, no_dec.priv, ct, &k));
  // An EC public key, and an X-Wing key, under CKM_ML_KEM.
  KeyPair ec = generate_ec(f(), s_, kP256Params, CKM_EC_KEY_PAIR_GEN);
  EXPECT_RV(CKR_KEY_TYPE_INCONSISTENT,
            f()->C_EncapsulateKey(s_, &m, ec.pub, tmpl.data(), tmpl.size(), nullptr, &len, &k));
  CK_MECHANISM xm{CKM_VENDOR_XWING_KEY_PAIR_GEN, nullptr, 0};
  KeyPair xw;
  ASSERT_OK(f()->C_GenerateKeyPair(s_, &xm, nullptr, 0, nullptr, 0, &xw.pub, &xw.priv));
  EXPECT_RV(CKR_KEY_TYPE_INCONSISTENT,
            f()->C_EncapsulateKey(s_, &m, xw.pub, tmpl.data(), tmpl.size(), nullptr, &len, &k));
  EXPECT_RV(CKR_KEY_TYPE_INCONSISTENT, decapsulate(CKM_ML_KEM, xw.priv, ct, &k));
  // A parameter on CKM_ML_KEM.
  KeyPair kp = must_generate(CKP_ML_KEM_512);
  CK_ULONG junk = 0;
  CK_MECHANISM with_param{CKM_ML_KEM, &junk, sizeof junk};
  EXPECT_RV(CKR_MECHANISM_PARAM_INVALID,
            f()->C_EncapsulateKey(s_, &with_param, kp.pub, tmpl.data(), tmpl.size(), nullptr, &len, &k));
  EXPECT_RV(CKR_MECHANISM_PARAM_INVALID, f()->C_DecapsulateKey(s_, &with_param, kp.priv, tmpl.data(), tmpl.size(),
                                                               const_cast<CK_BYTE*>(ct.data()), ct.size(), &k));
}

TEST_F(KemTest, CiphertextLengthAndImplicitRejection) {
  KeyPair kp = must_generate(CKP_ML_KEM_1024);
  CK_OBJECT_HANDLE k = CK_INVALID_HANDLE;
  const Bytes ct = encapsulate(CKM_ML_KEM, kp.pub, &k);
  const Bytes good = read_value(f(), s_, k);
  for (std::size_t len : {ct.size() - 1, ct.size() + 1, std::size_t{1}}) {
    Bytes wrong(len, 0x42);
    CK_OBJECT_HANDLE w = CK_INVALID_HANDLE;
    EXPECT_RV(CKR_ENCRYPTED_DATA_LEN_RANGE, decapsulate(CKM_ML_KEM, kp.priv, wrong, &w)) << len;
  }
  Bytes tampered = ct;
  tampered.back() ^= 0x01;
  CK_RV rv = CKR_GENERAL_ERROR;
  const Bytes rejected = secret_of(CKM_ML_KEM, kp.priv, tampered, &rv);
  EXPECT_OK(rv);  // never an error
  EXPECT_EQ(rejected.size(), 32u);
  EXPECT_NE(rejected, good);
  EXPECT_EQ(secret_of(CKM_ML_KEM, kp.priv, tampered), rejected);  // deterministic
  EXPECT_EQ(secret_of(CKM_ML_KEM, kp.priv, ct), good);
}

TEST_F(KemTest, NullArguments) {
  KeyPair kp = must_generate(CKP_ML_KEM_512);
  CK_MECHANISM m{CKM_ML_KEM, nullptr, 0};
  auto tmpl = secret_template();
  Bytes ct(768);
  CK_ULONG len = ct.size();
  CK_OBJECT_HANDLE k = CK_INVALID_HANDLE;
  EXPECT_RV(CKR_ARGUMENTS_BAD,
            f()->C_EncapsulateKey(s_, nullptr, kp.pub, tmpl.data(), tmpl.size(), ct.data(), &len, &k));
  EXPECT_RV(CKR_ARGUMENTS_BAD, f()->C_EncapsulateKey(s_, &m, kp.pub, nullptr, 2, ct.data(), &len, &k));
  EXPECT_RV(CKR_ARGUMENTS_BAD, f()->C_EncapsulateKey(s_, &m, kp.pub, tmpl.data(), tmpl.size(), ct.data(), nullptr, &k));
  EXPECT_RV(CKR_ARGUMENTS_BAD,
            f()->C_EncapsulateKey(s_, &m, kp.pub, tmpl.data(), tmpl.size(), ct.data(), &len, nullptr));
  ASSERT_OK(f()->C_EncapsulateKey(s_, &m, kp.pub, tmpl.data(), tmpl.size(), ct.data(), &len, &k));
  EXPECT_RV(CKR_ARGUMENTS_BAD,
            f()->C_DecapsulateKey(s_, nullptr, kp.priv, tmpl.data(), tmpl.size(), ct.data(), ct.size(), &k));
  EXPECT_RV(CKR_ARGUMENTS_BAD, f()->C_DecapsulateKey(s_, &m, kp.priv, nullptr, 3, ct.data(), ct.size(), &k));
  EXPECT_RV(CKR_ARGUMENTS_BAD,
            f()->C_DecapsulateKey(s_, &m, kp.priv, tmpl.data(), tmpl.size(), nullptr, ct.size(), &k));
  EXPECT_RV(CKR_ARGUMENTS_BAD,
            f()->C_DecapsulateKey(s_, &m, kp.priv, tmpl.data(), tmpl.size(), ct.data(), ct.size(), nullptr));
  EXPECT_RV(CKR_KEY_HANDLE_INVALID,
            f()->C_DecapsulateKey(s_, &m, 0xdead, tmpl.data(), tmpl.size(), ct.data(), ct.size(), &k));
  EXPECT_RV(CKR_SESSION_HANDLE_INVALID,
            f()->C_DecapsulateKey(0xbeef, &m, kp.priv, tmpl.data(), tmpl.size(), ct.data(), ct.size(), &k));
}

// ---- ACVP ------------------------------------------------------------------

std::map<int, Json> by_tc_id(const Json& doc) {
  std::map<int, Json> out;
  for (const auto& g : doc["testGroups"])
    for (const auto& t : g["tests"]) out[t["tcId"].get<int>()] = t;
  return out;
}

// encapDecap "decapsulation" groups: the vector's dk (expanded) or d || z
// (seed) imported by C_CreateObject, its c decapsulated, the secret read.
TEST_F(KemTest, AcvpDecapsulationThroughAbi) {
  const Json prompt = load_vectors("acvp/ML-KEM-encapDecap-FIPS203/prompt.json");
  const auto expected = by_tc_id(load_vectors("acvp/ML-KEM-encapDecap-FIPS203/expectedResults.json"));
  int expanded = 0, seeded = 0;
  for (const auto& g : prompt["testGroups"]) {
    if (g["function"] != "decapsulation") continue;
    const CK_ULONG set = set_from_name(g["parameterSet"]);
    const bool by_seed = g["keyFormat"] == "seed";
    for (const auto& t : g["tests"]) {
      const int id = t["tcId"];
      CK_OBJECT_HANDLE priv = CK_INVALID_HANDLE;
      if (by_seed) {
        Bytes seed = hex_field(t, "d");
        const Bytes z = hex_field(t, "z");
        seed.insert(seed.end(), z.begin(), z.end());
        ASSERT_OK(import_private(set, seed, {}, &priv)) << id;
      } else {
        ASSERT_OK(import_private(set, {}, hex_field(t, "dk"), &priv)) << id;
      }
      ObjectGuard guard(f(), s_, priv);
      CK_RV rv = CKR_GENERAL_ERROR;
      EXPECT_EQ(secret_of(CKM_ML_KEM, priv, hex_field(t, "c"), &rv), hex_field(expected.at(id), "k")) << "tcId " << id;
      EXPECT_OK(rv);
      ++(by_seed ? seeded : expanded);
    }
  }
  EXPECT_EQ(expanded, 30);
  EXPECT_EQ(seeded, 30);
}

// keyGen vectors: a private key imported from d || z alone comes out with
// the vector's dk; its CKA_PUBLIC_KEY_INFO carries the vector's ek; the
// public key imports; both agree through an encapsulation round trip.
TEST_F(KemTest, AcvpKeyGenSeedImport) {
  const Json prompt = load_vectors("acvp/ML-KEM-keyGen-FIPS203/prompt.json");
  const auto expected = by_tc_id(load_vectors("acvp/ML-KEM-keyGen-FIPS203/expectedResults.json"));
  int n = 0;
  for (const auto& g : prompt["testGroups"]) {
    const CK_ULONG set = set_from_name(g["parameterSet"]);
    for (const auto& t : g["tests"]) {
      const int id = t["tcId"];
      Bytes seed = hex_field(t, "d");
      const Bytes z = hex_field(t, "z");
      seed.insert(seed.end(), z.begin(), z.end());
      const Bytes ek = hex_field(expected.at(id), "ek"), dk = hex_field(expected.at(id), "dk");
      CK_OBJECT_HANDLE priv = CK_INVALID_HANDLE, pub = CK_INVALID_HANDLE;
      ASSERT_OK(import_private(set, seed, {}, &priv, /*readable=*/true)) << id;
      ObjectGuard g1(f(), s_, priv);
      EXPECT_EQ(get_attr(s_, priv, CKA_VALUE), dk) << "tcId " << id;
      EXPECT_EQ(get_attr(s_, priv, CKA_SEED), seed) << "tcId " << id;
      const Bytes spki = get_attr(s_, priv, CKA_PUBLIC_KEY_INFO);
      ASSERT_GT(spki.size(), ek.size());
      EXPECT_EQ(Bytes(spki.end() - static_cast<std::ptrdiff_t>(ek.size()), spki.end()), ek) << "tcId " << id;
      ASSERT_OK(import_public(CKK_ML_KEM, set, ek, &pub)) << id;
      ObjectGuard g2(f(), s_, pub);
      EXPECT_EQ(get_attr(s_, pub, CKA_PUBLIC_KEY_INFO), spki);
      if (n % 5 == 0) {  // a round trip on every fifth key keeps the test quick
        CK_OBJECT_HANDLE k = CK_INVALID_HANDLE;
        const Bytes ct = encapsulate(CKM_ML_KEM, pub, &k);
        ObjectGuard g3(f(), s_, k);
        EXPECT_EQ(secret_of(CKM_ML_KEM, priv, ct), read_value(f(), s_, k)) << "tcId " << id;
      }
      // Seed and value together must agree.
      CK_OBJECT_HANDLE both = CK_INVALID_HANDLE;
      EXPECT_OK(import_private(set, seed, dk, &both)) << id;
      ObjectGuard g4(f(), s_, both);
      Bytes other = dk;
      other[0] ^= 0x01;
      CK_OBJECT_HANDLE bad = CK_INVALID_HANDLE;
      EXPECT_RV(CKR_ATTRIBUTE_VALUE_INVALID, import_private(set, seed, other, &bad)) << id;
      ++n;
    }
  }
  EXPECT_EQ(n, 75);
}

TEST_F(KemTest, ImportRejections) {
  const Json prompt = load_vectors("acvp/ML-KEM-keyGen-FIPS203/prompt.json");
  const auto expected = by_tc_id(load_vectors("acvp/ML-KEM-keyGen-FIPS203/expectedResults.json"));
  const Json& first = prompt["testGroups"][0]["tests"][0];  // an ML-KEM-512 key
  const Bytes ek = hex_field(expected.at(first["tcId"].get<int>()), "ek");
  const Bytes dk = hex_field(expected.at(first["tcId"].get<int>()), "dk");
  CK_OBJECT_HANDLE h = CK_INVALID_HANDLE;
  Bytes unreduced = ek;
  unreduced[0] = 0xff;
  unreduced[1] |= 0x0f;  // a coefficient 0xfff >= q
  EXPECT_RV(CKR_ATTRIBUTE_VALUE_INVALID, import_public(CKK_ML_KEM, CKP_ML_KEM_512, unreduced, &h));
  EXPECT_RV(CKR_ATTRIBUTE_VALUE_INVALID, import_public(CKK_ML_KEM, CKP_ML_KEM_768, ek, &h));  // wrong size
  EXPECT_RV(CKR_PARAMETER_SET_NOT_SUPPORTED, import_public(CKK_ML_KEM, 7, ek, &h));
  EXPECT_RV(CKR_TEMPLATE_INCOMPLETE, import_public(CKK_ML_KEM, 0, ek, &h));
  Bytes bad_hash = dk;
  bad_hash[dk.size() - 40] ^= 0x01;  // inside H(ek)
  EXPECT_RV(CKR_ATTRIBUTE_VALUE_INVALID, import_private(CKP_ML_KEM_512, {}, bad_hash, &h));
  EXPECT_RV(CKR_ATTRIBUTE_VALUE_INVALID, import_private(CKP_ML_KEM_512, Bytes(63, 1), {}, &h));
  EXPECT_RV(CKR_TEMPLATE_INCOMPLETE, import_private(CKP_ML_KEM_512, {}, {}, &h));
}

// ---- X-Wing ----------------------------------------------------------------

TEST_F(KemTest, XWingRoundTripAndDraftVectors) {
  CK_MECHANISM gm{CKM_VENDOR_XWING_KEY_PAIR_GEN, nullptr, 0};
  KeyPair kp;
  ASSERT_OK(f()->C_GenerateKeyPair(s_, &gm, nullptr, 0, nullptr, 0, &kp.pub, &kp.priv));
  EXPECT_EQ(get_ulong_attr(s_, kp.pub, CKA_KEY_TYPE), CKK_VENDOR_XWING);
  EXPECT_EQ(get_attr(s_, kp.pub, CKA_VALUE).size(), 1216u);
  CK_OBJECT_HANDLE k = CK_INVALID_HANDLE;
  const Bytes ct = encapsulate(CKM_VENDOR_XWING, kp.pub, &k);
  EXPECT_EQ(ct.size(), 1120u);
  EXPECT_EQ(secret_of(CKM_VENDOR_XWING, kp.priv, ct), read_value(f(), s_, k));
  CK_RV rv = CKR_OK;
  secret_of(CKM_VENDOR_XWING, kp.priv, Bytes(1119, 0), &rv);
  EXPECT_RV(CKR_ENCRYPTED_DATA_LEN_RANGE, rv);
  // ML-KEM keys are refused by the X-Wing mechanism.
  KeyPair ml = must_generate(CKP_ML_KEM_768);
  auto tmpl = secret_template();
  CK_MECHANISM xm{CKM_VENDOR_XWING, nullptr, 0};
  CK_ULONG len = 0;
  EXPECT_RV(CKR_KEY_TYPE_INCONSISTENT,
            f()->C_EncapsulateKey(s_, &xm, ml.pub, tmpl.data(), tmpl.size(), nullptr, &len, &k));

  // draft-connolly-cfrg-xwing-kem-10 appendix C: import the seed, decapsulate ct.
  const Json doc = load_vectors("xwing/draft10_test_vectors.json");
  CK_KEY_TYPE xwing = CKK_VENDOR_XWING;
  int n = 0;
  for (const auto& t : doc["tests"]) {
    const Bytes seed = hex_field(t, "seed"), pk = hex_field(t, "pk");
    CK_OBJECT_HANDLE priv = CK_INVALID_HANDLE, pub = CK_INVALID_HANDLE;
    ASSERT_OK(create({attr(CKA_CLASS, &priv_class_, sizeof priv_class_), attr(CKA_KEY_TYPE, &xwing, sizeof xwing),
                      attr(CKA_VALUE, seed.data(), seed.size()), attr(CKA_TOKEN, &no_, 1),
                      attr(CKA_DECAPSULATE, &yes_, 1)},
                     &priv));
    ObjectGuard g1(f(), s_, priv);
    EXPECT_EQ(secret_of(CKM_VENDOR_XWING, priv, hex_field(t, "ct")), hex_field(t, "ss")) << n;
    ASSERT_OK(import_public(CKK_VENDOR_XWING, 0, pk, &pub));
    ObjectGuard g2(f(), s_, pub);
    EXPECT_EQ(get_attr(s_, pub, CKA_PUBLIC_KEY_INFO), get_attr(s_, priv, CKA_PUBLIC_KEY_INFO));
    ++n;
  }
  EXPECT_EQ(n, 3);
  const Bytes bad_seed(31, 1);
  CK_OBJECT_HANDLE h = CK_INVALID_HANDLE;
  EXPECT_RV(CKR_ATTRIBUTE_VALUE_INVALID,
            create({attr(CKA_CLASS, &priv_class_, sizeof priv_class_), attr(CKA_KEY_TYPE, &xwing, sizeof xwing),
                    attr(CKA_VALUE, bad_seed.data(), bad_seed.size()), attr(CKA_TOKEN, &no_, 1)},
                   &h));
}

}  // namespace
}  // namespace craton::test
