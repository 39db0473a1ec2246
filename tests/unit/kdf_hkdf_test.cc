// HKDF mechanisms: Wycheproof (RFC 5869), NIST ACVP KDA-HKDF (SP 800-56C),
// extract/expand split, salt sources, parameter and key errors, key gen.
#include <gtest/gtest.h>

#include <cctype>
#include <map>

#include "mac_kdf_test_util.h"

namespace craton::mech {
namespace {

using testutil::entry;
using testutil::hex;
using testutil::secret_key;
using testutil::to_hex;

CK_HKDF_PARAMS params(bool extract, bool expand, CK_MECHANISM_TYPE hash, ByteView salt, ByteView info) {
  CK_HKDF_PARAMS p{};
  p.bExtract = extract ? CK_TRUE : CK_FALSE;
  p.bExpand = expand ? CK_TRUE : CK_FALSE;
  p.prfHashMechanism = hash;
  p.ulSaltType = salt.empty() ? CKF_HKDF_SALT_NULL : CKF_HKDF_SALT_DATA;
  p.pSalt = salt.empty() ? nullptr : const_cast<CK_BYTE*>(salt.data());
  p.ulSaltLen = salt.size();
  p.pInfo = info.empty() ? nullptr : const_cast<CK_BYTE*>(info.data());
  p.ulInfoLen = info.size();
  return p;
}

Result<SecureBytes> derive(CK_MECHANISM_TYPE mech, KeyRef key, CK_HKDF_PARAMS p, std::size_t wanted,
                           KeyResolver resolver = {}) {
  CK_MECHANISM m{mech, &p, sizeof(p)};
  MechContext ctx;
  ctx.mechanism = &m;
  ctx.key = std::move(key);
  ctx.resolve_key = std::move(resolver);
  return entry(mech).derive(ctx, wanted);
}

void run_wycheproof(const std::string& file, CK_MECHANISM_TYPE hash) {
  auto doc = testutil::load_json("wycheproof/" + file);
  int valid = 0, invalid = 0;
  for (const auto& group : doc["testGroups"]) {
    for (const auto& t : group["tests"]) {
      SCOPED_TRACE(file + " tcId " + std::to_string(t["tcId"].get<int>()));
      const Bytes ikm = hex(t["ikm"]), salt = hex(t["salt"]), info = hex(t["info"]);
      const std::size_t size = t["size"];
      auto r = derive(CKM_HKDF_DERIVE, secret_key(CKK_GENERIC_SECRET, ikm), params(true, true, hash, salt, info), size);
      if (t["result"] == "valid") {
        ASSERT_TRUE(r.is_ok()) << r.rv();
        EXPECT_EQ(to_hex(r->view()), t["okm"].get<std::string>());
        // CKM_HKDF_DATA derives the same bytes for a data object.
        auto d = derive(CKM_HKDF_DATA, secret_key(CKK_HKDF, ikm), params(true, true, hash, salt, info), size);
        ASSERT_TRUE(d.is_ok());
        EXPECT_EQ(to_hex(d->view()), t["okm"].get<std::string>());
        ++valid;
      } else {
        EXPECT_EQ(r.rv(), CKR_KEY_SIZE_RANGE);
        ++invalid;
      }
    }
  }
  EXPECT_GT(valid, 70);
  EXPECT_GT(invalid, 0);
}

TEST(HkdfTest, WycheproofSha256) { run_wycheproof("hkdf_sha256_test.json", CKM_SHA256); }
TEST(HkdfTest, WycheproofSha384) { run_wycheproof("hkdf_sha384_test.json", CKM_SHA384); }
TEST(HkdfTest, WycheproofSha512) { run_wycheproof("hkdf_sha512_test.json", CKM_SHA512); }

CK_MECHANISM_TYPE acvp_hash(const std::string& name) {
  static const std::map<std::string, CK_MECHANISM_TYPE> kMap = {
      {"SHA2-224", CKM_SHA224}, {"SHA2-256", CKM_SHA256}, {"SHA2-384", CKM_SHA384}, {"SHA2-512", CKM_SHA512}};
  auto it = kMap.find(name);
  EXPECT_NE(it, kMap.end()) << name;
  return it == kMap.end() ? CKM_SHA256 : it->second;
}

std::string acvp_hkdf(const std::string& hash, const std::string& salt, const std::string& z, const Bytes& fixed_info,
                      std::size_t bits) {
  const Bytes s = hex(salt), ikm = hex(z);
  auto r = derive(CKM_HKDF_DERIVE, secret_key(CKK_GENERIC_SECRET, ikm), params(true, true, acvp_hash(hash), s, fixed_info),
                  bits / 8);
  EXPECT_TRUE(r.is_ok()) << r.rv();
  std::string out = r.is_ok() ? to_hex(r->view()) : "";
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

Bytes party_info(const nlohmann::json& party) {
  Bytes b = hex(party["partyId"]);
  if (party.contains("ephemeralData")) {
    const Bytes e = hex(party["ephemeralData"]);
    b.insert(b.end(), e.begin(), e.end());
  }
  return b;
}

// SP 800-56C two-step KDF with HMAC: Extract(salt, Z), Expand(PRK, FixedInfo, L).
// Single expansion: FixedInfo = uPartyInfo || vPartyInfo || t || [L]_32.
TEST(HkdfTest, AcvpKdaHkdf) {
  auto prompt = testutil::load_json("acvp/KDA-HKDF-Sp800-56Cr2/prompt.json");
  auto expected = testutil::load_json("acvp/KDA-HKDF-Sp800-56Cr2/expectedResults.json");
  std::map<std::pair<int, int>, nlohmann::json> answers;
  for (const auto& g : expected["testGroups"])
    for (const auto& t : g["tests"]) answers[{g["tgId"].get<int>(), t["tcId"].get<int>()}] = t;
  int count = 0;
  for (const auto& g : prompt["testGroups"]) {
    const bool aft = g["testType"] == "AFT";
    for (const auto& t : g["tests"]) {
      SCOPED_TRACE("KDA-HKDF tcId " + std::to_string(t["tcId"].get<int>()));
      const auto& answer = answers[{g["tgId"].get<int>(), t["tcId"].get<int>()}];
      if (t.contains("kdfMultiExpansionParameter")) {
        const auto& p = t["kdfMultiExpansionParameter"];
        std::vector<std::string> dkms;
        for (const auto& it : p["iterationParameters"])
          dkms.push_back(acvp_hkdf(p["hmacAlg"], p["salt"], p["z"], hex(it["fixedInfo"]), it["l"]));
        if (aft) EXPECT_EQ(dkms, answer["dkms"].get<std::vector<std::string>>());
        else EXPECT_EQ(dkms == t["dkms"].get<std::vector<std::string>>(), answer["testPassed"].get<bool>());
      } else {
        const auto& p = t["kdfParameter"];
        Bytes fixed = party_info(t["fixedInfoPartyU"]);
        const Bytes v = party_info(t["fixedInfoPartyV"]), tt = hex(p["t"]);
        fixed.insert(fixed.end(), v.begin(), v.end());
        fixed.insert(fixed.end(), tt.begin(), tt.end());
        const std::uint32_t l = p["l"];
        for (int shift = 24; shift >= 0; shift -= 8) fixed.push_back(static_cast<std::uint8_t>(l >> shift));
        const std::string dkm = acvp_hkdf(g["kdfConfiguration"]["hmacAlg"], p["salt"], p["z"], fixed, l);
        if (aft) EXPECT_EQ(dkm, answer["dkm"].get<std::string>());
        else EXPECT_EQ(dkm == t["dkm"].get<std::string>(), answer["testPassed"].get<bool>());
      }
      ++count;
    }
  }
  EXPECT_EQ(count, 800);
}

TEST(HkdfTest, ExtractThenExpandEqualsBoth) {
  // RFC 5869 test case 1.
  const Bytes ikm(22, 0x0b), salt = hex("000102030405060708090a0b0c"), info = hex("f0f1f2f3f4f5f6f7f8f9");
  auto both = derive(CKM_HKDF_DERIVE, secret_key(CKK_GENERIC_SECRET, ikm), params(true, true, CKM_SHA256, salt, info), 42);
  ASSERT_TRUE(both.is_ok());
  EXPECT_EQ(to_hex(both->view()),
            "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
  auto prk = derive(CKM_HKDF_DERIVE, secret_key(CKK_GENERIC_SECRET, ikm), params(true, false, CKM_SHA256, salt, info), 0);
  ASSERT_TRUE(prk.is_ok());
  EXPECT_EQ(to_hex(prk->view()), "077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5");
  auto okm = derive(CKM_HKDF_DERIVE, secret_key(CKK_HKDF, prk->view()), params(false, true, CKM_SHA256, {}, info), 42);
  ASSERT_TRUE(okm.is_ok());
  EXPECT_EQ(to_hex(okm->view()), to_hex(both->view()));
  // Extract-only: the length is the hash length; another length is inconsistent.
  EXPECT_TRUE(derive(CKM_HKDF_DERIVE, secret_key(CKK_GENERIC_SECRET, ikm), params(true, false, CKM_SHA256, salt, info), 32)
                  .is_ok());
  EXPECT_EQ(derive(CKM_HKDF_DERIVE, secret_key(CKK_GENERIC_SECRET, ikm), params(true, false, CKM_SHA256, salt, info), 16)
                .rv(),
            CKR_TEMPLATE_INCONSISTENT);
  auto prk384 = derive(CKM_HKDF_DATA, secret_key(CKK_GENERIC_SECRET, ikm), params(true, false, CKM_SHA384, salt, {}), 0);
  ASSERT_TRUE(prk384.is_ok());
  EXPECT_EQ(prk384->size(), 48u);
}

TEST(HkdfTest, LongInfoBeyondBackendLimit) {
  // Values from an independent Python HKDF; 1024 bytes is OpenSSL 3.0's
  // info limit, 1500 goes through the module's own expand loop.
  const Bytes ikm(22, 0x0b), salt = hex("000102030405060708090a0b0c");
  for (auto [len, okm] : {std::pair<std::size_t, const char*>{1024,
                                                              "882bc79870b7a598a8a0422eb370348fd47b99f7cb1178098cc858c5d96c5dd6"
                                                              "dc562dd048480841639a4692648b160ec5eb1be2da39d3872b024683003cd3c2"
                                                              "ae4e612d44b8e1c2990ff0cfc8f908880d49f424b042d32f2f961ba01fc84953"
                                                              "08a69f55"},
                          {1500,
                           "a775018ed677a9a11a0341eb603ce48a72269eefc604d23ff3230cc18709ec77173f0231a2e8b79981797473b23c"
                           "869cbe998ba1dcb250c043adde2aa15fbcd3780eaa3a7da45d4b42348bafab53d879a3edbac2a1620cb65653b490"
                           "d6d581ec8ae017f1"}}) {
    Bytes info(len);
    for (std::size_t i = 0; i < len; ++i) info[i] = static_cast<std::uint8_t>(i % 251);
    auto r = derive(CKM_HKDF_DERIVE, secret_key(CKK_GENERIC_SECRET, ikm), params(true, true, CKM_SHA256, salt, info), 100);
    ASSERT_TRUE(r.is_ok()) << len;
    EXPECT_EQ(to_hex(r->view()), okm) << len;
  }
}

TEST(HkdfTest, OutputLengthLimits) {
  auto key = secret_key(CKK_GENERIC_SECRET, Bytes(32, 1));
  EXPECT_EQ(derive(CKM_HKDF_DERIVE, key, params(true, true, CKM_SHA256, {}, {}), 0).rv(), CKR_TEMPLATE_INCOMPLETE);
  EXPECT_EQ(derive(CKM_HKDF_DERIVE, key, params(true, true, CKM_SHA256, {}, {}), 1)->size(), 1u);
  EXPECT_EQ(derive(CKM_HKDF_DERIVE, key, params(true, true, CKM_SHA256, {}, {}), 255 * 32)->size(), 255u * 32);
  EXPECT_EQ(derive(CKM_HKDF_DERIVE, key, params(true, true, CKM_SHA256, {}, {}), 255 * 32 + 1).rv(), CKR_KEY_SIZE_RANGE);
  EXPECT_EQ(derive(CKM_HKDF_DERIVE, key, params(false, true, CKM_SHA_1, {}, {}), 255 * 20 + 1).rv(), CKR_KEY_SIZE_RANGE);
  // Every digest mechanism works as the PRF hash, SHA-3 included.
  for (CK_MECHANISM_TYPE h : {CKM_SHA_1, CKM_SHA224, CKM_SHA512_224, CKM_SHA512_256, CKM_SHA3_224, CKM_SHA3_256,
                              CKM_SHA3_384, CKM_SHA3_512})
    EXPECT_EQ(derive(CKM_HKDF_DERIVE, key, params(true, true, h, {}, {}), 77)->size(), 77u) << h;
}

TEST(HkdfTest, SaltKey) {
  const Bytes ikm(22, 0x0b), salt = hex("000102030405060708090a0b0c"), info = hex("f0f1f2f3f4f5f6f7f8f9");
  std::map<CK_OBJECT_HANDLE, KeyRef> objects;
  objects[7] = secret_key(CKK_GENERIC_SECRET, salt);
  objects[8] = secret_key(CKK_HKDF, salt);
  objects[9] = secret_key(CKK_AES, Bytes(16, 2));
  auto no_derive = std::make_shared<objects::ObjectData>();
  no_derive->attrs = objects[7]->attrs;
  no_derive->attrs.set_bool(CKA_DERIVE, false);
  objects[10] = no_derive;
  KeyResolver resolver = [&](CK_OBJECT_HANDLE h) -> Result<KeyRef> {
    auto it = objects.find(h);
    if (it == objects.end()) return err(CKR_KEY_HANDLE_INVALID);
    return it->second;
  };
  auto base = secret_key(CKK_GENERIC_SECRET, ikm);
  CK_HKDF_PARAMS p = params(true, true, CKM_SHA256, {}, info);
  p.ulSaltType = CKF_HKDF_SALT_KEY;
  const std::string rfc = "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865";
  for (CK_OBJECT_HANDLE h : {7ul, 8ul}) {
    p.hSaltKey = h;
    auto r = derive(CKM_HKDF_DERIVE, base, p, 42, resolver);
    ASSERT_TRUE(r.is_ok()) << r.rv();
    EXPECT_EQ(to_hex(r->view()), rfc);
  }
  p.hSaltKey = 9;
  EXPECT_EQ(derive(CKM_HKDF_DERIVE, base, p, 42, resolver).rv(), CKR_KEY_TYPE_INCONSISTENT);
  p.hSaltKey = 10;
  EXPECT_EQ(derive(CKM_HKDF_DERIVE, base, p, 42, resolver).rv(), CKR_KEY_FUNCTION_NOT_PERMITTED);
  p.hSaltKey = 99;
  EXPECT_EQ(derive(CKM_HKDF_DERIVE, base, p, 42, resolver).rv(), CKR_KEY_HANDLE_INVALID);
  p.hSaltKey = 7;
  EXPECT_EQ(derive(CKM_HKDF_DERIVE, base, p, 42).rv(), CKR_MECHANISM_PARAM_INVALID);  // no resolver
  // Expand-only ignores the salt entirely.
  p.bExtract = CK_FALSE;
  EXPECT_TRUE(derive(CKM_HKDF_DERIVE, base, p, 42).is_ok());
}

TEST(HkdfTest, ParameterErrors) {
  auto key = secret_key(CKK_GENERIC_SECRET, Bytes(32, 1));
  const Bytes info(4, 9);
  auto expect_invalid = [&](CK_HKDF_PARAMS p, const char* what) {
    EXPECT_EQ(derive(CKM_HKDF_DERIVE, key, p, 32).rv(), CKR_MECHANISM_PARAM_INVALID) << what;
  };
  expect_invalid(params(false, false, CKM_SHA256, {}, {}), "neither extract nor expand");
  expect_invalid(params(true, true, CKM_SHA256_HMAC, {}, {}), "HMAC mechanism as hash");
  expect_invalid(params(true, true, CKM_AES_CBC, {}, {}), "not a digest");
  CK_HKDF_PARAMS p = params(true, true, CKM_SHA256, {}, {});
  for (CK_ULONG st : {0ul, 3ul, 5ul, 8ul}) {
    p.ulSaltType = st;
    expect_invalid(p, "salt type");
  }
  p = params(true, true, CKM_SHA256, {}, {});
  p.ulSaltType = CKF_HKDF_SALT_DATA;  // with no data
  expect_invalid(p, "salt data empty");
  p.ulSaltLen = 4;
  expect_invalid(p, "salt data NULL");
  p = params(true, true, CKM_SHA256, {}, info);
  p.pInfo = nullptr;
  expect_invalid(p, "info NULL");
  p = params(true, true, CKM_SHA256, {}, {});
  p.bExtract = 2;
  expect_invalid(p, "bad CK_BBOOL");

  CK_MECHANISM no_param{CKM_HKDF_DERIVE, nullptr, 0};
  MechContext ctx;
  ctx.mechanism = &no_param;
  ctx.key = key;
  EXPECT_EQ(entry(CKM_HKDF_DERIVE).derive(ctx, 32).rv(), CKR_MECHANISM_PARAM_INVALID);
  CK_HKDF_PARAMS good = params(true, true, CKM_SHA256, {}, {});
  CK_MECHANISM short_param{CKM_HKDF_DERIVE, &good, sizeof(good) - 1};
  ctx.mechanism = &short_param;
  EXPECT_EQ(entry(CKM_HKDF_DERIVE).derive(ctx, 32).rv(), CKR_MECHANISM_PARAM_INVALID);
}

TEST(HkdfTest, BaseKeyChecks) {
  const auto p = params(true, true, CKM_SHA256, {}, {});
  EXPECT_TRUE(derive(CKM_HKDF_DERIVE, secret_key(CKK_HKDF, Bytes(16, 1)), p, 32).is_ok());
  EXPECT_EQ(derive(CKM_HKDF_DERIVE, secret_key(CKK_AES, Bytes(16, 1)), p, 32).rv(), CKR_KEY_TYPE_INCONSISTENT);
  EXPECT_EQ(derive(CKM_HKDF_DERIVE, secret_key(CKK_SHA256_HMAC, Bytes(16, 1)), p, 32).rv(), CKR_KEY_TYPE_INCONSISTENT);
  EXPECT_EQ(derive(CKM_HKDF_DATA, secret_key(CKK_GENERIC_SECRET, Bytes(16, 1), CKO_DATA), p, 32).rv(),
            CKR_KEY_TYPE_INCONSISTENT);
  EXPECT_EQ(derive(CKM_HKDF_DERIVE, secret_key(CKK_GENERIC_SECRET, Bytes(4097, 1)), p, 32).rv(), CKR_KEY_SIZE_RANGE);
  // Expand-only needs a non-empty PRK.
  EXPECT_EQ(derive(CKM_HKDF_DERIVE, secret_key(CKK_GENERIC_SECRET, Bytes{}), params(false, true, CKM_SHA256, {}, {}), 32)
                .rv(),
            CKR_KEY_SIZE_RANGE);
}

Result<objects::AttributeMap> keygen(const objects::AttributeMap& tmpl, const CK_MECHANISM* m = nullptr) {
  return testutil::generate_secret(CKM_HKDF_KEY_GEN, tmpl, m);
}

TEST(HkdfTest, KeyGen) {
  objects::AttributeMap tmpl;
  EXPECT_EQ(keygen(tmpl).rv(), CKR_TEMPLATE_INCOMPLETE);
  tmpl.set_ulong(CKA_VALUE_LEN, 48);
  auto a = keygen(tmpl), b = keygen(tmpl);
  ASSERT_TRUE(a.is_ok() && b.is_ok());
  EXPECT_EQ(a->get_ulong(CKA_CLASS), CKO_SECRET_KEY);
  EXPECT_EQ(a->get_ulong(CKA_KEY_TYPE), CKK_HKDF);
  EXPECT_EQ(a->get_ulong(CKA_VALUE_LEN), 48u);
  EXPECT_EQ(a->view(CKA_VALUE).size(), 48u);
  EXPECT_NE(to_hex(a->view(CKA_VALUE)), to_hex(b->view(CKA_VALUE)));
  // The generated key is usable as HKDF base key.
  auto key = std::make_shared<objects::ObjectData>();
  key->attrs = *a;
  EXPECT_TRUE(derive(CKM_HKDF_DERIVE, key, params(true, true, CKM_SHA256, {}, {}), 32).is_ok());

  tmpl.set_ulong(CKA_KEY_TYPE, CKK_GENERIC_SECRET);
  EXPECT_EQ(keygen(tmpl)->get_ulong(CKA_KEY_TYPE), CKK_GENERIC_SECRET);
  tmpl.set_ulong(CKA_KEY_TYPE, CKK_AES);
  EXPECT_EQ(keygen(tmpl).rv(), CKR_TEMPLATE_INCONSISTENT);
  tmpl.set_ulong(CKA_KEY_TYPE, CKK_HKDF);
  for (CK_ULONG len : {0ul, 513ul}) {
    tmpl.set_ulong(CKA_VALUE_LEN, len);
    EXPECT_EQ(keygen(tmpl).rv(), CKR_KEY_SIZE_RANGE) << len;
  }
  tmpl.set_ulong(CKA_VALUE_LEN, 32);
  CK_ULONG junk = 0;
  CK_MECHANISM with_param{CKM_HKDF_KEY_GEN, &junk, sizeof(junk)};
  EXPECT_EQ(keygen(tmpl, &with_param).rv(), CKR_MECHANISM_PARAM_INVALID);
}

TEST(HkdfTest, Registered) {
  EXPECT_EQ(entry(CKM_HKDF_DERIVE).flags, CKF_DERIVE);
  EXPECT_EQ(entry(CKM_HKDF_DATA).flags, CKF_DERIVE);
  EXPECT_EQ(entry(CKM_HKDF_KEY_GEN).flags, CKF_GENERATE);
  EXPECT_NE(entry(CKM_HKDF_DERIVE).derive, nullptr);
  EXPECT_NE(entry(CKM_HKDF_KEY_GEN).generate_key, nullptr);
}

}  // namespace
}  // namespace craton::mech
