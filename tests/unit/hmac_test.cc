// HMAC family: Wycheproof vectors (full and truncated tags), known answers
// for the hashes Wycheproof lacks, multi-part, parameter, key and length
// errors, and generic secret key generation.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "mac_kdf_test_util.h"
#include "mechanisms/hmac_keys.h"

namespace craton::mech {
namespace {

using testutil::entry;
using testutil::hex;
using testutil::secret_key;
using testutil::to_hex;

struct Mech {
  CK_MECHANISM m{};
  CK_MAC_GENERAL_PARAMS len = 0;
  explicit Mech(CK_MECHANISM_TYPE type) { m.mechanism = type; }
  Mech(CK_MECHANISM_TYPE type, CK_ULONG out_len) : len(out_len) {
    m.mechanism = type;
    m.pParameter = &len;
    m.ulParameterLen = sizeof(len);
  }
  Mech(const Mech&) = delete;
};

Result<std::unique_ptr<SignOperation>> sign_init(const CK_MECHANISM& m, KeyRef key) {
  MechContext ctx;
  ctx.mechanism = &m;
  ctx.key = std::move(key);
  return entry(m.mechanism).sign(ctx);
}

Result<std::unique_ptr<VerifyOperation>> verify_init(const CK_MECHANISM& m, KeyRef key) {
  MechContext ctx;
  ctx.mechanism = &m;
  ctx.key = std::move(key);
  return entry(m.mechanism).verify(ctx);
}

Bytes sign(const CK_MECHANISM& m, KeyRef key, ByteView msg) {
  auto op = sign_init(m, std::move(key));
  EXPECT_TRUE(op.is_ok()) << op.rv();
  if (!op.is_ok()) return {};
  Bytes out((*op)->signature_size());
  auto n = (*op)->sign(msg, out);
  EXPECT_TRUE(n.is_ok()) << n.rv();
  if (!n.is_ok()) return {};
  out.resize(*n);
  return out;
}

CK_RV verify(const CK_MECHANISM& m, KeyRef key, ByteView msg, ByteView sig) {
  auto op = verify_init(m, std::move(key));
  if (!op.is_ok()) return op.rv();
  return (*op)->verify(msg, sig).rv();
}

void run_wycheproof(const std::string& file, CK_MECHANISM_TYPE mech, CK_MECHANISM_TYPE general, std::size_t full_bits) {
  auto doc = testutil::load_json("wycheproof/" + file);
  int count = 0;
  for (const auto& group : doc["testGroups"]) {
    const std::size_t tag_bits = group["tagSize"].get<std::size_t>();
    for (const auto& t : group["tests"]) {
      SCOPED_TRACE(file + " tcId " + std::to_string(t["tcId"].get<int>()));
      const Bytes key = hex(t["key"]), msg = hex(t["msg"]), tag = hex(t["tag"]);
      const bool valid = t["result"] == "valid";
      auto k = secret_key(CKK_GENERIC_SECRET, key);
      // Truncated tags go through the _GENERAL mechanism.
      Mech m = tag_bits == full_bits ? Mech(mech) : Mech(general, tag_bits / 8);
      const Bytes got = sign(m.m, k, msg);
      if (valid) {
        EXPECT_EQ(to_hex(got), to_hex(tag));
        EXPECT_EQ(verify(m.m, k, msg, tag), CKR_OK);
      } else {
        EXPECT_NE(to_hex(got), to_hex(tag));
        EXPECT_EQ(verify(m.m, k, msg, tag), CKR_SIGNATURE_INVALID);
      }
      ++count;
    }
  }
  EXPECT_GT(count, 150);
}

TEST(HmacTest, WycheproofSha224) {
  run_wycheproof("hmac_sha224_test.json", CKM_SHA224_HMAC, CKM_SHA224_HMAC_GENERAL, 224);
}
TEST(HmacTest, WycheproofSha256) {
  run_wycheproof("hmac_sha256_test.json", CKM_SHA256_HMAC, CKM_SHA256_HMAC_GENERAL, 256);
}
TEST(HmacTest, WycheproofSha384) {
  run_wycheproof("hmac_sha384_test.json", CKM_SHA384_HMAC, CKM_SHA384_HMAC_GENERAL, 384);
}
TEST(HmacTest, WycheproofSha512) {
  run_wycheproof("hmac_sha512_test.json", CKM_SHA512_HMAC, CKM_SHA512_HMAC_GENERAL, 512);
}

TEST(HmacTest, KnownAnswersOtherHashes) {
  // RFC 2202 test case 1 and NIST HMAC-SHA3 examples; the rest computed with
  // Python's hmac module (key = 01..27, message = the quick brown fox).
  const Bytes fox_key = [] {
    Bytes k;
    for (int i = 1; i < 40; ++i) k.push_back(static_cast<std::uint8_t>(i));
    return k;
  }();
  const ByteView fox = as_bytes("The quick brown fox jumps over the lazy dog");
  const Bytes nist_key32 = [] {
    Bytes k;
    for (int i = 0; i < 32; ++i) k.push_back(static_cast<std::uint8_t>(i));
    return k;
  }();
  const ByteView nist_msg = as_bytes("Sample message for keylen<blocklen");
  struct Kat {
    CK_MECHANISM_TYPE mech;
    Bytes key;
    ByteView msg;
    const char* mac;
  };
  const Kat kats[] = {
      {CKM_SHA_1_HMAC, Bytes(20, 0x0b), as_bytes("Hi There"), "b617318655057264e28bc0b6fb378c8ef146be00"},
      {CKM_SHA_1_HMAC, fox_key, fox, "205b5d11b1f458c81eb6c2a35271acc613354f8d"},
      {CKM_SHA512_224_HMAC, fox_key, fox, "3e000a48e7a8d0b48154a440bc962a85968ae08f8a0b333e3352738d"},
      {CKM_SHA512_256_HMAC, fox_key, fox, "b532f96d9b5a70243b0914e0ceb320b4e321529b9d4ab69f35413b4df478cba5"},
      {CKM_SHA3_224_HMAC, fox_key, fox, "7df5c21d244bbaa5b7718ee1ccfe7e9f4bb3d27b0d773d0a3c9bb09e"},
      {CKM_SHA3_256_HMAC, nist_key32, nist_msg, "4fe8e202c4f058e8dddc23d8c34e467343e23555e24fc2f025d598f558f67205"},
      {CKM_SHA3_256_HMAC, fox_key, fox, "2a8d9f9faf6cdea6dd08c9155b96c222e9eddaa3c0a3760e43101d96a2ba0301"},
      {CKM_SHA3_384_HMAC, fox_key, fox,
       "0d9e39b136da0c90ef7f101c5b8f0a5236c60ddc9c2e9aab8ed917e6cda01437000563094e9de561d8961edf96ae5eb9"},
      {CKM_SHA3_512_HMAC, fox_key, fox,
       "61a1466c0b72fac0ecf3db103011624a7d30305c31657f9e779aeedd8cc54948596ad2b9249cc01fda2528264a692a64d81a7ce575c984"
       "996c2ce076369ce9e7"},
  };
  for (const Kat& kat : kats) {
    SCOPED_TRACE(std::string(entry(kat.mech).name));
    auto k = secret_key(CKK_GENERIC_SECRET, kat.key);
    Mech m(kat.mech);
    EXPECT_EQ(to_hex(sign(m.m, k, kat.msg)), kat.mac);
    EXPECT_EQ(verify(m.m, k, kat.msg, hex(kat.mac)), CKR_OK);
    // The _GENERAL variant truncates to the requested length.
    Mech g(kat.mech + 1, 10);
    EXPECT_EQ(to_hex(sign(g.m, k, kat.msg)), std::string(kat.mac).substr(0, 20));
  }
}

TEST(HmacTest, EveryRowRegisteredWithFlags) {
  const CK_MECHANISM_TYPE kTypes[] = {
      CKM_SHA_1_HMAC,      CKM_SHA224_HMAC,     CKM_SHA256_HMAC,   CKM_SHA384_HMAC,
      CKM_SHA512_HMAC,     CKM_SHA512_224_HMAC, CKM_SHA512_256_HMAC, CKM_SHA3_224_HMAC,
      CKM_SHA3_256_HMAC,   CKM_SHA3_384_HMAC,   CKM_SHA3_512_HMAC};
  for (CK_MECHANISM_TYPE t : kTypes) {
    for (CK_MECHANISM_TYPE m : {t, t + 1}) {  // every _GENERAL is the next value
      const MechanismEntry& e = entry(m);
      EXPECT_EQ(e.flags, CKF_SIGN | CKF_VERIFY) << e.name;
      EXPECT_NE(e.sign, nullptr);
      EXPECT_NE(e.verify, nullptr);
      EXPECT_EQ(e.min_key_size, 1u);
      EXPECT_EQ(e.max_key_size, 4096u);
      EXPECT_TRUE(e.fips_approved);
    }
  }
  EXPECT_EQ(entry(CKM_GENERIC_SECRET_KEY_GEN).flags, CKF_GENERATE);
}

TEST(HmacTest, MultiPartEqualsSinglePart) {
  Bytes msg(1000);
  for (std::size_t i = 0; i < msg.size(); ++i) msg[i] = static_cast<std::uint8_t>(i * 7 + 3);
  auto k = secret_key(CKK_GENERIC_SECRET, Bytes(48, 0x5a));
  for (CK_MECHANISM_TYPE t : {CKM_SHA256_HMAC, CKM_SHA512_HMAC, CKM_SHA3_256_HMAC, CKM_SHA_1_HMAC}) {
    Mech m(t);
    const Bytes one = sign(m.m, k, msg);
    for (std::size_t chunk : {1u, 13u, 64u, 999u}) {
      auto op = sign_init(m.m, k);
      ASSERT_TRUE(op.is_ok());
      for (std::size_t off = 0; off < msg.size(); off += chunk)
        ASSERT_TRUE((*op)->update(ByteView(msg).subspan(off, std::min(chunk, msg.size() - off))).is_ok());
      Bytes out((*op)->signature_size());
      auto n = (*op)->final(out);
      ASSERT_TRUE(n.is_ok());
      EXPECT_EQ(to_hex(out), to_hex(one)) << chunk;

      auto vop = verify_init(m.m, k);
      ASSERT_TRUE(vop.is_ok());
      for (std::size_t off = 0; off < msg.size(); off += chunk)
        ASSERT_TRUE((*vop)->update(ByteView(msg).subspan(off, std::min(chunk, msg.size() - off))).is_ok());
      EXPECT_EQ((*vop)->final(one).rv(), CKR_OK);
    }
  }
}

TEST(HmacTest, BufferTooSmallKeepsState) {
  auto k = secret_key(CKK_GENERIC_SECRET, Bytes(32, 1));
  Mech m(CKM_SHA256_HMAC);
  const Bytes expected = sign(m.m, k, as_bytes("abc"));
  auto op = sign_init(m.m, k);
  ASSERT_TRUE(op.is_ok());
  ASSERT_TRUE((*op)->update(as_bytes("abc")).is_ok());
  Bytes small(31);
  auto r = (*op)->final(small);
  ASSERT_FALSE(r.is_ok());
  EXPECT_EQ(r.rv(), CKR_BUFFER_TOO_SMALL);
  EXPECT_EQ(r.error().needed, 32u);
  Bytes out(32);
  ASSERT_TRUE((*op)->final(out).is_ok());
  EXPECT_EQ(out, expected);

  // Single-part sign too: the data must not be fed twice.
  auto op2 = sign_init(m.m, k);
  ASSERT_TRUE(op2.is_ok());
  EXPECT_EQ((*op2)->sign(as_bytes("abc"), small).rv(), CKR_BUFFER_TOO_SMALL);
  auto n = (*op2)->sign(as_bytes("abc"), out);
  ASSERT_TRUE(n.is_ok());
  EXPECT_EQ(out, expected);

  // General: needed size is the requested length.
  Mech g(CKM_SHA256_HMAC_GENERAL, 16);
  auto op3 = sign_init(g.m, k);
  ASSERT_TRUE(op3.is_ok());
  EXPECT_EQ((*op3)->signature_size(), 16u);
  Bytes fifteen(15);
  auto r3 = (*op3)->sign(as_bytes("abc"), fifteen);
  EXPECT_EQ(r3.rv(), CKR_BUFFER_TOO_SMALL);
  EXPECT_EQ(r3.error().needed, 16u);
}

TEST(HmacTest, VerifyErrors) {
  auto k = secret_key(CKK_GENERIC_SECRET, Bytes(32, 9));
  Mech m(CKM_SHA384_HMAC);
  Bytes sig = sign(m.m, k, as_bytes("message"));
  ASSERT_EQ(sig.size(), 48u);
  EXPECT_EQ(verify(m.m, k, as_bytes("message"), sig), CKR_OK);
  EXPECT_EQ(verify(m.m, k, as_bytes("messagf"), sig), CKR_SIGNATURE_INVALID);
  Bytes flipped = sig;
  flipped[47] ^= 1;
  EXPECT_EQ(verify(m.m, k, as_bytes("message"), flipped), CKR_SIGNATURE_INVALID);
  EXPECT_EQ(verify(m.m, k, as_bytes("message"), ByteView(sig).first(47)), CKR_SIGNATURE_LEN_RANGE);
  Bytes longer = sig;
  longer.push_back(0);
  EXPECT_EQ(verify(m.m, k, as_bytes("message"), longer), CKR_SIGNATURE_LEN_RANGE);
  EXPECT_EQ(verify(m.m, k, as_bytes("message"), {}), CKR_SIGNATURE_LEN_RANGE);
  // General: the signature must have exactly the requested length.
  Mech g(CKM_SHA384_HMAC_GENERAL, 20);
  EXPECT_EQ(verify(g.m, k, as_bytes("message"), ByteView(sig).first(20)), CKR_OK);
  EXPECT_EQ(verify(g.m, k, as_bytes("message"), ByteView(sig).first(21)), CKR_SIGNATURE_LEN_RANGE);
  EXPECT_EQ(verify(g.m, k, as_bytes("message"), sig), CKR_SIGNATURE_LEN_RANGE);
  // A different key fails.
  EXPECT_EQ(verify(m.m, secret_key(CKK_GENERIC_SECRET, Bytes(32, 8)), as_bytes("message"), sig),
            CKR_SIGNATURE_INVALID);
}

TEST(HmacTest, MechanismParameterErrors) {
  auto k = secret_key(CKK_GENERIC_SECRET, Bytes(32, 1));
  for (CK_ULONG bad : {0ul, 33ul, 64ul, ~0ul}) {
    Mech g(CKM_SHA256_HMAC_GENERAL, bad);
    EXPECT_EQ(sign_init(g.m, k).rv(), CKR_MECHANISM_PARAM_INVALID) << bad;
    EXPECT_EQ(verify_init(g.m, k).rv(), CKR_MECHANISM_PARAM_INVALID) << bad;
  }
  Mech ok(CKM_SHA256_HMAC_GENERAL, 32);
  EXPECT_TRUE(sign_init(ok.m, k).is_ok());
  Mech one(CKM_SHA256_HMAC_GENERAL, 1);
  EXPECT_EQ(sign(one.m, k, as_bytes("x")).size(), 1u);

  CK_MECHANISM no_param{CKM_SHA256_HMAC_GENERAL, nullptr, 0};
  EXPECT_EQ(sign_init(no_param, k).rv(), CKR_MECHANISM_PARAM_INVALID);
  CK_ULONG len = 16;
  CK_MECHANISM short_param{CKM_SHA256_HMAC_GENERAL, &len, sizeof(len) - 1};
  EXPECT_EQ(sign_init(short_param, k).rv(), CKR_MECHANISM_PARAM_INVALID);
  CK_MECHANISM plain_with_param{CKM_SHA256_HMAC, &len, sizeof(len)};
  EXPECT_EQ(sign_init(plain_with_param, k).rv(), CKR_MECHANISM_PARAM_INVALID);
  EXPECT_EQ(verify_init(plain_with_param, k).rv(), CKR_MECHANISM_PARAM_INVALID);
}

TEST(HmacTest, KeyTypeAndSizeChecks) {
  Mech m(CKM_SHA256_HMAC);
  const Bytes v(32, 3);
  EXPECT_TRUE(sign_init(m.m, secret_key(CKK_GENERIC_SECRET, v)).is_ok());
  EXPECT_TRUE(sign_init(m.m, secret_key(CKK_SHA256_HMAC, v)).is_ok());
  EXPECT_EQ(sign_init(m.m, secret_key(CKK_SHA384_HMAC, v)).rv(), CKR_KEY_TYPE_INCONSISTENT);
  EXPECT_EQ(sign_init(m.m, secret_key(CKK_AES, v)).rv(), CKR_KEY_TYPE_INCONSISTENT);
  EXPECT_EQ(sign_init(m.m, secret_key(CKK_HKDF, v)).rv(), CKR_KEY_TYPE_INCONSISTENT);
  EXPECT_EQ(sign_init(m.m, secret_key(CKK_GENERIC_SECRET, v, CKO_DATA)).rv(), CKR_KEY_TYPE_INCONSISTENT);
  EXPECT_EQ(verify_init(m.m, secret_key(CKK_GENERIC_SECRET, v, CKO_PUBLIC_KEY)).rv(), CKR_KEY_TYPE_INCONSISTENT);
  EXPECT_EQ(sign_init(m.m, secret_key(CKK_GENERIC_SECRET, Bytes{})).rv(), CKR_KEY_SIZE_RANGE);
  EXPECT_EQ(sign_init(m.m, secret_key(CKK_GENERIC_SECRET, Bytes(4097, 1))).rv(), CKR_KEY_SIZE_RANGE);
  EXPECT_TRUE(sign_init(m.m, secret_key(CKK_GENERIC_SECRET, Bytes(4096, 1))).is_ok());
  EXPECT_TRUE(sign_init(m.m, secret_key(CKK_GENERIC_SECRET, Bytes(1, 1))).is_ok());
  Mech s3(CKM_SHA3_512_HMAC_GENERAL, 64);
  EXPECT_TRUE(sign_init(s3.m, secret_key(CKK_SHA3_512_HMAC, v)).is_ok());
  EXPECT_EQ(sign_init(s3.m, secret_key(CKK_SHA512_HMAC, v)).rv(), CKR_KEY_TYPE_INCONSISTENT);
  MechContext no_key;
  no_key.mechanism = &m.m;
  EXPECT_FALSE(entry(CKM_SHA256_HMAC).sign(no_key).is_ok());
}

TEST(HmacTest, OneKeyObjectServesSeveralHashesAndThreads) {
  auto k = secret_key(CKK_GENERIC_SECRET, Bytes(40, 0x77));
  Mech m256(CKM_SHA256_HMAC), m512(CKM_SHA512_HMAC);
  const Bytes a = sign(m256.m, k, as_bytes("data"));
  const Bytes b = sign(m512.m, k, as_bytes("data"));
  EXPECT_EQ(a.size(), 32u);
  EXPECT_EQ(b.size(), 64u);
  EXPECT_EQ(to_hex(a), to_hex(*crypto::hmac(crypto::HashAlg::kSha256, Bytes(40, 0x77), as_bytes("data"))));
  EXPECT_EQ(to_hex(b), to_hex(*crypto::hmac(crypto::HashAlg::kSha512, Bytes(40, 0x77), as_bytes("data"))));
  // The shared keyed template is only copied, never mutated: threads agree.
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 200; ++i) {
        auto op = sign_init(m256.m, k);
        Bytes out(32);
        if (!op.is_ok() || !(*op)->sign(as_bytes("data"), out).is_ok() || out != a) ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
}

Result<objects::AttributeMap> generate(const objects::AttributeMap& tmpl, const CK_MECHANISM* mech = nullptr) {
  return testutil::generate_secret(CKM_GENERIC_SECRET_KEY_GEN, tmpl, mech);
}

TEST(HmacTest, GenericSecretKeyGen) {
  objects::AttributeMap tmpl;
  tmpl.set_ulong(CKA_VALUE_LEN, 32);
  auto a = generate(tmpl);
  ASSERT_TRUE(a.is_ok());
  EXPECT_EQ(a->get_ulong(CKA_CLASS), CKO_SECRET_KEY);
  EXPECT_EQ(a->get_ulong(CKA_KEY_TYPE), CKK_GENERIC_SECRET);
  EXPECT_EQ(a->get_ulong(CKA_VALUE_LEN), 32u);
  EXPECT_EQ(a->view(CKA_VALUE).size(), 32u);
  auto b = generate(tmpl);
  ASSERT_TRUE(b.is_ok());
  EXPECT_NE(to_hex(a->view(CKA_VALUE)), to_hex(b->view(CKA_VALUE)));

  // The generated key works for HMAC.
  auto key = std::make_shared<objects::ObjectData>();
  key->attrs = *a;
  Mech m(CKM_SHA256_HMAC);
  EXPECT_EQ(sign(m.m, key, as_bytes("x")).size(), 32u);

  for (CK_ULONG len : {1ul, 512ul}) {
    tmpl.set_ulong(CKA_VALUE_LEN, len);
    auto r = generate(tmpl);
    ASSERT_TRUE(r.is_ok()) << len;
    EXPECT_EQ(r->view(CKA_VALUE).size(), len);
  }
  for (CK_ULONG len : {0ul, 513ul, 100000ul}) {
    tmpl.set_ulong(CKA_VALUE_LEN, len);
    EXPECT_EQ(generate(tmpl).rv(), CKR_KEY_SIZE_RANGE) << len;
  }
  EXPECT_EQ(generate(objects::AttributeMap{}).rv(), CKR_TEMPLATE_INCOMPLETE);
  objects::AttributeMap bad_len;
  bad_len.set(CKA_VALUE_LEN, Bytes{1, 2, 3});
  EXPECT_EQ(generate(bad_len).rv(), CKR_ATTRIBUTE_VALUE_INVALID);

  // An HMAC-specific key type may be requested; an unrelated one may not.
  tmpl.set_ulong(CKA_VALUE_LEN, 32);
  tmpl.set_ulong(CKA_KEY_TYPE, CKK_SHA256_HMAC);
  auto typed = generate(tmpl);
  ASSERT_TRUE(typed.is_ok());
  EXPECT_EQ(typed->get_ulong(CKA_KEY_TYPE), CKK_SHA256_HMAC);
  tmpl.set_ulong(CKA_KEY_TYPE, CKK_AES);
  EXPECT_EQ(generate(tmpl).rv(), CKR_TEMPLATE_INCONSISTENT);

  tmpl.set_ulong(CKA_KEY_TYPE, CKK_GENERIC_SECRET);
  CK_ULONG junk = 1;
  CK_MECHANISM with_param{CKM_GENERIC_SECRET_KEY_GEN, &junk, sizeof(junk)};
  EXPECT_EQ(generate(tmpl, &with_param).rv(), CKR_MECHANISM_PARAM_INVALID);
}

}  // namespace
}  // namespace craton::mech
