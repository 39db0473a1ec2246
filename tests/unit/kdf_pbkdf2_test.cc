// CKM_PKCS5_PBKD2: Wycheproof and NIST ACVP vectors, both parameter struct
// generations, parameter and template errors.
#include <sys/mman.h>

#include <gtest/gtest.h>

#include <cstdlib>
#include <cctype>
#include <map>

#include "mac_kdf_test_util.h"

namespace craton::mech {
namespace {

using testutil::entry;
using testutil::hex;
using testutil::to_hex;

CK_PKCS5_PBKD2_PARAMS2 params2(CK_ULONG prf, ByteView password, ByteView salt, CK_ULONG iterations) {
  CK_PKCS5_PBKD2_PARAMS2 p{};
  p.saltSource = CKZ_SALT_SPECIFIED;
  p.pSaltSourceData = salt.empty() ? nullptr : const_cast<std::uint8_t*>(salt.data());
  p.ulSaltSourceDataLen = salt.size();
  p.iterations = iterations;
  p.prf = prf;
  p.pPassword = password.empty() ? nullptr : const_cast<std::uint8_t*>(password.data());
  p.ulPasswordLen = password.size();
  return p;
}

template <class P>
Result<objects::AttributeMap> generate(const P& p, const objects::AttributeMap& tmpl) {
  CK_MECHANISM m{CKM_PKCS5_PBKD2, const_cast<P*>(&p), sizeof(P)};
  MechContext ctx;
  ctx.mechanism = &m;
  return entry(CKM_PKCS5_PBKD2).generate_key(ctx, tmpl);
}

objects::AttributeMap value_len(CK_ULONG n) {
  objects::AttributeMap t;
  t.set_ulong(CKA_VALUE_LEN, n);
  return t;
}

std::string derive_hex(CK_ULONG prf, ByteView password, ByteView salt, CK_ULONG iterations, CK_ULONG len) {
  auto r = generate(params2(prf, password, salt, iterations), value_len(len));
  EXPECT_TRUE(r.is_ok()) << r.rv();
  return r.is_ok() ? to_hex(r->view(CKA_VALUE)) : std::string();
}

bool slow_tests() { return std::getenv("CRATON_SLOW_TESTS") != nullptr; }

void run_wycheproof(const std::string& file, CK_ULONG prf) {
  auto doc = testutil::load_json("wycheproof/" + file);
  int count = 0;
  for (const auto& group : doc["testGroups"]) {
    for (const auto& t : group["tests"]) {
      SCOPED_TRACE(file + " tcId " + std::to_string(t["tcId"].get<int>()));
      const CK_ULONG iterations = t["iterationCount"];
      if (iterations > 100000 && !slow_tests()) continue;  // 16M-iteration case: set CRATON_SLOW_TESTS
      ASSERT_EQ(t["result"], "valid");
      const Bytes pw = hex(t["password"]), salt = hex(t["salt"]);
      EXPECT_EQ(derive_hex(prf, pw, salt, iterations, t["dkLen"]), t["dk"].get<std::string>());
      ++count;
    }
  }
  EXPECT_GT(count, 50);
}

TEST(Pbkdf2Test, WycheproofSha1) { run_wycheproof("pbkdf2_hmacsha1_test.json", CKP_PKCS5_PBKD2_HMAC_SHA1); }
TEST(Pbkdf2Test, WycheproofSha224) { run_wycheproof("pbkdf2_hmacsha224_test.json", CKP_PKCS5_PBKD2_HMAC_SHA224); }
TEST(Pbkdf2Test, WycheproofSha256) { run_wycheproof("pbkdf2_hmacsha256_test.json", CKP_PKCS5_PBKD2_HMAC_SHA256); }
TEST(Pbkdf2Test, WycheproofSha384) { run_wycheproof("pbkdf2_hmacsha384_test.json", CKP_PKCS5_PBKD2_HMAC_SHA384); }
TEST(Pbkdf2Test, WycheproofSha512) { run_wycheproof("pbkdf2_hmacsha512_test.json", CKP_PKCS5_PBKD2_HMAC_SHA512); }

TEST(Pbkdf2Test, AcvpPbkdf) {
  auto prompt = testutil::load_json("acvp/PBKDF-1.0/prompt.json");
  auto expected = testutil::load_json("acvp/PBKDF-1.0/expectedResults.json");
  static const std::map<std::string, CK_ULONG> kPrf = {
      {"SHA-1", CKP_PKCS5_PBKD2_HMAC_SHA1},           {"SHA2-224", CKP_PKCS5_PBKD2_HMAC_SHA224},
      {"SHA2-256", CKP_PKCS5_PBKD2_HMAC_SHA256},      {"SHA2-384", CKP_PKCS5_PBKD2_HMAC_SHA384},
      {"SHA2-512", CKP_PKCS5_PBKD2_HMAC_SHA512},      {"SHA2-512/224", CKP_PKCS5_PBKD2_HMAC_SHA512_224},
      {"SHA2-512/256", CKP_PKCS5_PBKD2_HMAC_SHA512_256}};
  std::map<int, std::string> answers;
  for (const auto& g : expected["testGroups"])
    for (const auto& t : g["tests"]) answers[t["tcId"].get<int>()] = t["derivedKey"];
  int count = 0;
  for (const auto& g : prompt["testGroups"]) {
    auto prf = kPrf.find(g["hmacAlg"].get<std::string>());
    if (prf == kPrf.end()) continue;  // SHA-3 PRFs have no PKCS#11 CKP_ value
    for (const auto& t : g["tests"]) {
      SCOPED_TRACE("PBKDF tcId " + std::to_string(t["tcId"].get<int>()));
      const std::string password = t["password"];  // ASCII text, not hex
      const Bytes salt = hex(t["salt"]);
      const CK_ULONG bits = t["keyLen"];
      std::string dk = derive_hex(prf->second, as_bytes(password), salt, t["iterationCount"], bits / 8);
      for (char& c : dk) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      EXPECT_EQ(dk, answers[t["tcId"].get<int>()]);
      ++count;
    }
  }
  EXPECT_GE(count, 50);
}

TEST(Pbkdf2Test, OtherPrfsKnownAnswers) {
  // Python hashlib.pbkdf2_hmac('sha512_224' / 'sha512_256', b'password', b'salt', 2, 32).
  EXPECT_EQ(derive_hex(CKP_PKCS5_PBKD2_HMAC_SHA512_224, as_bytes("password"), as_bytes("salt"), 2, 32),
            "b8878ac5e4509c165c1b508961fa3c3afcef3f37b7b081874e718d8daea67014");
  EXPECT_EQ(derive_hex(CKP_PKCS5_PBKD2_HMAC_SHA512_256, as_bytes("password"), as_bytes("salt"), 2, 32),
            "fcfd108c99cc888ec0af9f184885aff5f02d19a956afad9ccea4d56a482b851b");
}

TEST(Pbkdf2Test, OldParamsStructIsFollowedSafely) {
  // The v2.40 struct carries a pointer where 3.x has the length (NSS sends
  // it). We read the length through it, without trusting it.
  const ByteView pw = as_bytes("password"), salt = as_bytes("salt");
  CK_ULONG pw_len = pw.size();
  CK_PKCS5_PBKD2_PARAMS old{};
  old.saltSource = CKZ_SALT_SPECIFIED;
  old.pSaltSourceData = const_cast<std::uint8_t*>(salt.data());
  old.ulSaltSourceDataLen = salt.size();
  old.iterations = 2;
  old.prf = CKP_PKCS5_PBKD2_HMAC_SHA1;
  old.pPassword = const_cast<std::uint8_t*>(pw.data());
  old.ulPasswordLen = &pw_len;
  auto derived = generate(old, value_len(20));
  ASSERT_TRUE(derived.is_ok());
  EXPECT_EQ(derive_hex(CKP_PKCS5_PBKD2_HMAC_SHA1, pw, salt, 2, 20), "ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957");
  EXPECT_EQ(to_hex(derived->view(CKA_VALUE)), "ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957");
  // An old pointer to an absurd length is refused.
  CK_ULONG huge = 0x10000000;
  old.ulPasswordLen = &huge;
  EXPECT_EQ(generate(old, value_len(20)).rv(), CKR_MECHANISM_PARAM_INVALID);
  // A pointer into unmapped memory is refused, not followed into a crash.
  void* page = mmap(nullptr, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  ASSERT_NE(page, MAP_FAILED);
  munmap(page, 4096);
  old.ulPasswordLen = static_cast<CK_ULONG_PTR>(page);
  EXPECT_EQ(generate(old, value_len(20)).rv(), CKR_MECHANISM_PARAM_INVALID);
  // A 3.x caller with an absurd (misaligned) length gets an error, not a crash.
  auto p = params2(CKP_PKCS5_PBKD2_HMAC_SHA1, pw, salt, 2);
  p.ulPasswordLen = 0xdeadbeefUL;
  EXPECT_EQ(generate(p, value_len(20)).rv(), CKR_MECHANISM_PARAM_INVALID);
}

TEST(Pbkdf2Test, ParameterErrors) {
  const ByteView pw = as_bytes("password"), salt = as_bytes("salt");
  auto expect_invalid = [&](const CK_PKCS5_PBKD2_PARAMS2& p, const char* what) {
    EXPECT_EQ(generate(p, value_len(16)).rv(), CKR_MECHANISM_PARAM_INVALID) << what;
  };
  auto p = params2(CKP_PKCS5_PBKD2_HMAC_SHA256, pw, salt, 1000);
  ASSERT_TRUE(generate(p, value_len(16)).is_ok());
  p.saltSource = 0;
  expect_invalid(p, "salt source 0");
  p.saltSource = 2;
  expect_invalid(p, "salt source 2");
  p = params2(CKP_PKCS5_PBKD2_HMAC_SHA256, pw, salt, 0);
  expect_invalid(p, "zero iterations");
  for (CK_ULONG prf : {0ul, CKP_PKCS5_PBKD2_HMAC_GOSTR3411, 9ul, 100ul}) {
    p = params2(prf, pw, salt, 1);
    expect_invalid(p, "prf");
  }
  p = params2(CKP_PKCS5_PBKD2_HMAC_SHA256, pw, salt, 1);
  CK_BYTE prf_data[4] = {};
  p.pPrfData = prf_data;
  p.ulPrfDataLen = sizeof(prf_data);
  expect_invalid(p, "PRF data");
  p = params2(CKP_PKCS5_PBKD2_HMAC_SHA256, pw, salt, 1);
  p.pSaltSourceData = nullptr;
  expect_invalid(p, "NULL salt with length");
  p = params2(CKP_PKCS5_PBKD2_HMAC_SHA256, pw, salt, 1);
  p.pPassword = nullptr;
  expect_invalid(p, "NULL password with length");

  // Empty salt and empty password are legal PBKDF2 inputs.
  EXPECT_TRUE(generate(params2(CKP_PKCS5_PBKD2_HMAC_SHA256, {}, {}, 1), value_len(16)).is_ok());

  CK_MECHANISM none{CKM_PKCS5_PBKD2, nullptr, 0};
  MechContext ctx;
  ctx.mechanism = &none;
  EXPECT_EQ(entry(CKM_PKCS5_PBKD2).generate_key(ctx, value_len(16)).rv(), CKR_MECHANISM_PARAM_INVALID);
  p = params2(CKP_PKCS5_PBKD2_HMAC_SHA256, pw, salt, 1);
  CK_MECHANISM short_param{CKM_PKCS5_PBKD2, &p, sizeof(p) - 8};
  ctx.mechanism = &short_param;
  EXPECT_EQ(entry(CKM_PKCS5_PBKD2).generate_key(ctx, value_len(16)).rv(), CKR_MECHANISM_PARAM_INVALID);
}

TEST(Pbkdf2Test, TemplateDecidesKeyTypeAndLength) {
  const auto p = params2(CKP_PKCS5_PBKD2_HMAC_SHA256, as_bytes("pw"), as_bytes("salty salt"), 10);
  objects::AttributeMap t;
  EXPECT_EQ(generate(p, t).rv(), CKR_TEMPLATE_INCOMPLETE);
  t.set_ulong(CKA_KEY_TYPE, CKK_AES);
  EXPECT_EQ(generate(p, t).rv(), CKR_TEMPLATE_INCOMPLETE);  // AES needs CKA_VALUE_LEN
  t.set_ulong(CKA_VALUE_LEN, 32);
  auto aes = generate(p, t);
  ASSERT_TRUE(aes.is_ok());
  EXPECT_EQ(aes->get_ulong(CKA_CLASS), CKO_SECRET_KEY);
  EXPECT_EQ(aes->get_ulong(CKA_KEY_TYPE), CKK_AES);
  EXPECT_EQ(aes->get_ulong(CKA_VALUE_LEN), 32u);
  EXPECT_EQ(aes->view(CKA_VALUE).size(), 32u);
  // Deterministic: the same password gives the same key; a prefix of a longer output.
  auto again = generate(p, t);
  EXPECT_EQ(to_hex(again->view(CKA_VALUE)), to_hex(aes->view(CKA_VALUE)));
  t.set_ulong(CKA_VALUE_LEN, 20);
  EXPECT_EQ(generate(p, t).rv(), CKR_KEY_SIZE_RANGE);
  t.set_ulong(CKA_KEY_TYPE, CKK_GENERIC_SECRET);
  auto generic = generate(p, t);
  ASSERT_TRUE(generic.is_ok());
  EXPECT_EQ(generic->get_ulong(CKA_KEY_TYPE), CKK_GENERIC_SECRET);
  EXPECT_EQ(to_hex(generic->view(CKA_VALUE)), to_hex(aes->view(CKA_VALUE)).substr(0, 40));
  t.set_ulong(CKA_VALUE_LEN, 513);
  EXPECT_EQ(generate(p, t).rv(), CKR_KEY_SIZE_RANGE);
  t.set_ulong(CKA_VALUE_LEN, 0);
  EXPECT_EQ(generate(p, t).rv(), CKR_KEY_SIZE_RANGE);
  t.set_ulong(CKA_VALUE_LEN, 16);
  t.set_ulong(CKA_KEY_TYPE, CKK_RSA);
  EXPECT_EQ(generate(p, t).rv(), CKR_TEMPLATE_INCONSISTENT);
  t.set_ulong(CKA_KEY_TYPE, CKK_SHA256_HMAC);
  EXPECT_TRUE(generate(p, t).is_ok());
  t.set_ulong(CKA_CLASS, CKO_PUBLIC_KEY);
  EXPECT_EQ(generate(p, t).rv(), CKR_TEMPLATE_INCONSISTENT);
}

TEST(Pbkdf2Test, Registered) {
  EXPECT_EQ(entry(CKM_PKCS5_PBKD2).flags, CKF_GENERATE);
  EXPECT_NE(entry(CKM_PKCS5_PBKD2).generate_key, nullptr);
  EXPECT_EQ(entry(CKM_PKCS5_PBKD2).derive, nullptr);
}

}  // namespace
}  // namespace craton::mech
