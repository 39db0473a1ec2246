// CKM_SP800_108_COUNTER_KDF: NIST CAVP counter-mode vectors (counter
// before, after and in the middle of the fixed data; CMAC-AES and HMAC-SHA2),
// DKM-length and little-endian layouts against independent Python answers,
// and every parameter error.
#include <gtest/gtest.h>

#include <map>
#include <vector>

#include "mac_kdf_test_util.h"

namespace craton::mech {
namespace {

using testutil::entry;
using testutil::hex;
using testutil::secret_key;
using testutil::to_hex;

// Owns the data-parameter array and everything it points at.
struct Params {
  std::vector<CK_PRF_DATA_PARAM> data;
  std::vector<std::unique_ptr<CK_SP800_108_COUNTER_FORMAT>> counters;
  std::vector<std::unique_ptr<CK_SP800_108_DKM_LENGTH_FORMAT>> dkms;
  std::vector<std::unique_ptr<Bytes>> arrays;

  Params& counter(CK_ULONG bits, bool little_endian = false) {
    counters.push_back(std::make_unique<CK_SP800_108_COUNTER_FORMAT>(
        CK_SP800_108_COUNTER_FORMAT{static_cast<CK_BBOOL>(little_endian ? CK_TRUE : CK_FALSE), bits}));
    data.push_back({CK_SP800_108_ITERATION_VARIABLE, counters.back().get(), sizeof(CK_SP800_108_COUNTER_FORMAT)});
    return *this;
  }
  Params& dkm(CK_ULONG method, CK_ULONG bits, bool little_endian = false) {
    dkms.push_back(std::make_unique<CK_SP800_108_DKM_LENGTH_FORMAT>(
        CK_SP800_108_DKM_LENGTH_FORMAT{method, static_cast<CK_BBOOL>(little_endian ? CK_TRUE : CK_FALSE), bits}));
    data.push_back({CK_SP800_108_DKM_LENGTH, dkms.back().get(), sizeof(CK_SP800_108_DKM_LENGTH_FORMAT)});
    return *this;
  }
  Params& bytes(Bytes b) {
    arrays.push_back(std::make_unique<Bytes>(std::move(b)));
    data.push_back({CK_SP800_108_BYTE_ARRAY, arrays.back()->data(), arrays.back()->size()});
    return *this;
  }
};

Result<SecureBytes> derive(CK_MECHANISM_TYPE prf, KeyRef key, const Params& p, std::size_t wanted,
                           CK_ULONG additional_keys = 0) {
  CK_SP800_108_KDF_PARAMS kp{};
  kp.prfType = prf;
  kp.ulNumberOfDataParams = p.data.size();
  kp.pDataParams = const_cast<CK_PRF_DATA_PARAM*>(p.data.data());
  kp.ulAdditionalDerivedKeys = additional_keys;
  CK_MECHANISM m{CKM_SP800_108_COUNTER_KDF, &kp, sizeof(kp)};
  MechContext ctx;
  ctx.mechanism = &m;
  ctx.key = std::move(key);
  return entry(CKM_SP800_108_COUNTER_KDF).derive(ctx, wanted);
}

struct Prf {
  CK_MECHANISM_TYPE mech;
  CK_KEY_TYPE key_type;
};

Prf prf_for(const std::string& name) {
  static const std::map<std::string, Prf> kMap = {
      {"CMAC_AES128", {CKM_AES_CMAC, CKK_AES}},         {"CMAC_AES192", {CKM_AES_CMAC, CKK_AES}},
      {"CMAC_AES256", {CKM_AES_CMAC, CKK_AES}},         {"HMAC_SHA1", {CKM_SHA_1_HMAC, CKK_GENERIC_SECRET}},
      {"HMAC_SHA224", {CKM_SHA224_HMAC, CKK_GENERIC_SECRET}}, {"HMAC_SHA256", {CKM_SHA256_HMAC, CKK_GENERIC_SECRET}},
      {"HMAC_SHA384", {CKM_SHA384_HMAC, CKK_GENERIC_SECRET}}, {"HMAC_SHA512", {CKM_SHA512_HMAC, CKK_GENERIC_SECRET}}};
  auto it = kMap.find(name);
  EXPECT_NE(it, kMap.end()) << name;
  return it == kMap.end() ? Prf{CKM_SHA256_HMAC, CKK_GENERIC_SECRET} : it->second;
}

TEST(Sp800108Test, NistCounterModeVectors) {
  auto doc = testutil::load_json("nist/sp800_108_counter_kdf.json");
  std::map<std::string, int> locations;
  for (const auto& t : doc["tests"]) {
    const std::string loc = t["location"];
    SCOPED_TRACE(t["prf"].get<std::string>() + " " + loc + " r=" + std::to_string(t["rlen"].get<int>()) +
                 " COUNT=" + std::to_string(t["count"].get<int>()));
    const Prf prf = prf_for(t["prf"]);
    Params p;
    if (loc == "before") p.counter(t["rlen"]).bytes(hex(t["fixed"]));
    else if (loc == "after") p.bytes(hex(t["fixed"])).counter(t["rlen"]);
    else p.bytes(hex(t["before"])).counter(t["rlen"]).bytes(hex(t["after"]));
    auto r = derive(prf.mech, secret_key(prf.key_type, hex(t["ki"])), p, t["l"].get<std::size_t>() / 8);
    ASSERT_TRUE(r.is_ok()) << r.rv();
    EXPECT_EQ(to_hex(r->view()), t["ko"].get<std::string>());
    ++locations[loc];
  }
  EXPECT_GE(locations["before"], 10);
  EXPECT_GE(locations["after"], 3);
  EXPECT_GE(locations["middle"], 3);
}

// Expected values computed by an independent Python implementation of the
// SP 800-108 counter loop over Python's hmac and pyca/cryptography's CMAC.
TEST(Sp800108Test, DkmLengthAndEndianness) {
  Bytes k32(32);
  for (int i = 0; i < 32; ++i) k32[i] = static_cast<std::uint8_t>(i);
  Params a;
  a.counter(16, /*little_endian=*/true)
      .bytes(Bytes{'l', 'a', 'b', 'e', 'l'})
      .bytes(Bytes{0})
      .bytes(Bytes{'c', 'o', 'n', 't', 'e', 'x', 't'})
      .dkm(CK_SP800_108_DKM_LENGTH_SUM_OF_KEYS, 32);
  auto ra = derive(CKM_SHA256_HMAC, secret_key(CKK_GENERIC_SECRET, k32), a, 40);
  ASSERT_TRUE(ra.is_ok()) << ra.rv();
  EXPECT_EQ(to_hex(ra->view()), "72352f02e82858d3aa73ca13489b641deaff39f84483ca568edf57f397383b666671a77e95bb8b6f");

  Bytes k16(k32.begin(), k32.begin() + 16);
  Params b;
  b.bytes(Bytes{'a', 'b', 'c'}).dkm(CK_SP800_108_DKM_LENGTH_SUM_OF_SEGMENTS, 16, true).counter(24);
  auto rb = derive(CKM_AES_CMAC, secret_key(CKK_AES, k16), b, 20);
  ASSERT_TRUE(rb.is_ok()) << rb.rv();
  EXPECT_EQ(to_hex(rb->view()), "6793562adb05ed7c315607b46bd28d87c8b988b9");

  Bytes k64(64);
  for (int i = 0; i < 64; ++i) k64[i] = static_cast<std::uint8_t>(100 + i);
  Params c;
  c.counter(8).bytes(Bytes{'f', 'i', 'x', 'e', 'd', ' ', 'i', 'n', 'p', 'u', 't'});
  auto rc = derive(CKM_SHA512_HMAC, secret_key(CKK_SHA512_HMAC, k64), c, 100);
  ASSERT_TRUE(rc.is_ok()) << rc.rv();
  EXPECT_EQ(to_hex(rc->view()),
            "f9bb8e6438321f6f7d9678c07bcf7ebb4a4c6a1236ac9f78e7a3f7b5455f788c3f8fa6b5eeeef8004139ded45baafdca2c06d1942b"
            "31126ab5ae30be24cb9ee0f59999fce5c79d5da1e73384603d4a3edd44bd6e27190c257459874489069c753b1d6958");
}

TEST(Sp800108Test, PrefixProperty) {
  // Shorter outputs are prefixes only when [L] is absent from the input.
  auto key = secret_key(CKK_GENERIC_SECRET, Bytes(32, 5));
  Params p;
  p.counter(32).bytes(Bytes{1, 2, 3});
  auto long_out = derive(CKM_SHA256_HMAC, key, p, 70);
  auto short_out = derive(CKM_SHA256_HMAC, key, p, 33);
  ASSERT_TRUE(long_out.is_ok() && short_out.is_ok());
  EXPECT_EQ(to_hex(long_out->view()).substr(0, 66), to_hex(short_out->view()));
  Params q;
  q.counter(32).bytes(Bytes{1, 2, 3}).dkm(CK_SP800_108_DKM_LENGTH_SUM_OF_KEYS, 32);
  auto l70 = derive(CKM_SHA256_HMAC, key, q, 70);
  auto l33 = derive(CKM_SHA256_HMAC, key, q, 33);
  EXPECT_NE(to_hex(l70->view()).substr(0, 66), to_hex(l33->view()));
}

TEST(Sp800108Test, DataParameterErrors) {
  auto key = secret_key(CKK_GENERIC_SECRET, Bytes(32, 5));
  auto expect_invalid = [&](const Params& p, const char* what) {
    EXPECT_EQ(derive(CKM_SHA256_HMAC, key, p, 32).rv(), CKR_MECHANISM_PARAM_INVALID) << what;
  };
  expect_invalid(Params{}, "no data params");
  expect_invalid(Params{}.bytes(Bytes{1}), "no counter");
  expect_invalid(Params{}.counter(8).counter(16), "two counters");
  expect_invalid(Params{}.counter(8).dkm(CK_SP800_108_DKM_LENGTH_SUM_OF_KEYS, 16).dkm(
                     CK_SP800_108_DKM_LENGTH_SUM_OF_KEYS, 16),
                 "two DKM lengths");
  for (CK_ULONG w : {0ul, 4ul, 12ul, 40ul, 64ul}) expect_invalid(Params{}.counter(w), "counter width");
  for (CK_ULONG w : {0ul, 7ul, 72ul})
    expect_invalid(Params{}.counter(8).dkm(CK_SP800_108_DKM_LENGTH_SUM_OF_KEYS, w), "dkm width");
  expect_invalid(Params{}.counter(8).dkm(0, 16), "dkm method 0");
  expect_invalid(Params{}.counter(8).dkm(3, 16), "dkm method 3");
  {
    Params p;
    p.counter(8);
    p.counters.back()->bLittleEndian = 7;
    expect_invalid(p, "bad CK_BBOOL");
  }
  {
    Params p;
    p.counter(8);
    p.data.back().ulValueLen -= 1;
    expect_invalid(p, "counter format size");
    p.data.back().ulValueLen += 1;
    p.data.back().pValue = nullptr;
    expect_invalid(p, "counter format NULL");
  }
  {
    Params p;
    p.counter(8).bytes(Bytes{1});
    p.data.back().ulValueLen = 0;
    expect_invalid(p, "empty byte array");
    p.data.back().ulValueLen = 1;
    p.data.back().pValue = nullptr;
    expect_invalid(p, "NULL byte array");
  }
  for (CK_ULONG type : {CK_SP800_108_OPTIONAL_COUNTER, CK_SP800_108_KEY_HANDLE, 0ul, 99ul}) {
    Params p;
    p.counter(8);
    CK_ULONG dummy = 0;
    p.data.push_back({type, &dummy, sizeof(dummy)});
    expect_invalid(p, "unsupported data param type");
  }
  // Additional derived keys are not supported.
  Params ok;
  ok.counter(8).bytes(Bytes{1});
  EXPECT_TRUE(derive(CKM_SHA256_HMAC, key, ok, 32).is_ok());
  EXPECT_EQ(derive(CKM_SHA256_HMAC, key, ok, 32, 1).rv(), CKR_MECHANISM_PARAM_INVALID);
  // NULL array with a count, and a wrong-size parameter struct.
  CK_SP800_108_KDF_PARAMS kp{CKM_SHA256_HMAC, 1, nullptr, 0, nullptr};
  CK_MECHANISM m{CKM_SP800_108_COUNTER_KDF, &kp, sizeof(kp)};
  MechContext ctx;
  ctx.mechanism = &m;
  ctx.key = key;
  EXPECT_EQ(entry(CKM_SP800_108_COUNTER_KDF).derive(ctx, 32).rv(), CKR_MECHANISM_PARAM_INVALID);
  m.ulParameterLen = sizeof(kp) - 1;
  EXPECT_EQ(entry(CKM_SP800_108_COUNTER_KDF).derive(ctx, 32).rv(), CKR_MECHANISM_PARAM_INVALID);
}

TEST(Sp800108Test, PrfAndKeyErrors) {
  Params p;
  p.counter(32).bytes(Bytes{1, 2});
  const auto generic = secret_key(CKK_GENERIC_SECRET, Bytes(32, 1));
  const auto aes = secret_key(CKK_AES, Bytes(16, 1));
  for (CK_MECHANISM_TYPE bad : {CKM_SHA256, CKM_SHA256_HMAC_GENERAL, CKM_AES_CMAC_GENERAL, CKM_AES_ECB})
    EXPECT_EQ(derive(bad, generic, p, 32).rv(), CKR_MECHANISM_PARAM_INVALID) << bad;
  EXPECT_EQ(derive(CKM_SHA256_HMAC, aes, p, 32).rv(), CKR_KEY_TYPE_INCONSISTENT);
  EXPECT_EQ(derive(CKM_AES_CMAC, generic, p, 32).rv(), CKR_KEY_TYPE_INCONSISTENT);
  EXPECT_EQ(derive(CKM_AES_CMAC, secret_key(CKK_AES, Bytes(20, 1)), p, 32).rv(), CKR_KEY_SIZE_RANGE);
  EXPECT_EQ(derive(CKM_SHA256_HMAC, secret_key(CKK_SHA384_HMAC, Bytes(32, 1)), p, 32).rv(), CKR_KEY_TYPE_INCONSISTENT);
  EXPECT_TRUE(derive(CKM_SHA256_HMAC, secret_key(CKK_SHA256_HMAC, Bytes(32, 1)), p, 32).is_ok());
  EXPECT_TRUE(derive(CKM_SHA3_256_HMAC, generic, p, 32).is_ok());
  EXPECT_TRUE(derive(CKM_AES_CMAC, secret_key(CKK_AES, Bytes(32, 1)), p, 32).is_ok());
  EXPECT_EQ(derive(CKM_SHA256_HMAC, generic, p, 0).rv(), CKR_TEMPLATE_INCOMPLETE);
}

TEST(Sp800108Test, CounterAndLengthOverflow) {
  const auto key = secret_key(CKK_GENERIC_SECRET, Bytes(32, 1));
  Params r8;
  r8.counter(8).bytes(Bytes{1});
  EXPECT_TRUE(derive(CKM_SHA256_HMAC, key, r8, 255 * 32).is_ok());  // counter reaches 255
  EXPECT_EQ(derive(CKM_SHA256_HMAC, key, r8, 255 * 32 + 1).rv(), CKR_KEY_SIZE_RANGE);
  Params dkm8;
  dkm8.counter(32).dkm(CK_SP800_108_DKM_LENGTH_SUM_OF_KEYS, 8);
  EXPECT_TRUE(derive(CKM_SHA256_HMAC, key, dkm8, 31).is_ok());  // 248 bits fit in 8 bits
  EXPECT_EQ(derive(CKM_SHA256_HMAC, key, dkm8, 32).rv(), CKR_KEY_SIZE_RANGE);
  Params seg8;
  seg8.counter(32).dkm(CK_SP800_108_DKM_LENGTH_SUM_OF_SEGMENTS, 8);
  EXPECT_EQ(derive(CKM_SHA256_HMAC, key, seg8, 1).rv(), CKR_KEY_SIZE_RANGE);  // one 256-bit segment
}

TEST(Sp800108Test, Registered) {
  EXPECT_EQ(entry(CKM_SP800_108_COUNTER_KDF).flags, CKF_DERIVE);
  EXPECT_NE(entry(CKM_SP800_108_COUNTER_KDF).derive, nullptr);
  EXPECT_EQ(mech::Registry::instance().find(CKM_SP800_108_FEEDBACK_KDF), nullptr);
}

}  // namespace
}  // namespace craton::mech
