// Wycheproof HKDF (C_DeriveKey CKM_HKDF_DERIVE on a generic secret) and
// PBKDF2 (C_GenerateKey CKM_PKCS5_PBKD2) vectors through the ABI. Outputs
// are generic secrets made readable (not sensitive, extractable).
#include "vector_helpers.h"

namespace craton::test {
namespace {

// PBKDF2 cases above this many iterations are skipped (and counted) to
// keep the suite fast.
constexpr CK_ULONG kMaxIterations = 100000;

class KdfVectors : public ModuleTest {
 protected:
  void SetUp() override {
    ModuleTest::SetUp();
    s_ = ready_user_session();
  }
  void run_hkdf(const std::string& file, CK_MECHANISM_TYPE hash, CK_ULONG hash_len);
  void run_pbkdf2(const std::string& file, CK_PKCS5_PBKD2_PSEUDO_RANDOM_FUNCTION_TYPE prf);
  CK_SESSION_HANDLE s_ = CK_INVALID_HANDLE;
};

void KdfVectors::run_hkdf(const std::string& file, CK_MECHANISM_TYPE hash, CK_ULONG hash_len) {
  Json doc = load_vectors("wycheproof/" + file);
  Tally t{file};
  t.count_total(doc);
  for (const auto& g : doc["testGroups"]) {
    for (const auto& tc : g["tests"]) {
      const Bytes ikm = hex_field(tc, "ikm"), salt = hex_field(tc, "salt"), info = hex_field(tc, "info"),
                  okm = hex_field(tc, "okm");
      CK_ULONG size = tc["size"];
      if (ikm.empty()) {  // a key object cannot hold an empty value
        ++t.inexpressible;
        continue;
      }
      const CK_OBJECT_HANDLE base = import_secret_or_record(t, tc, f(), s_, CKK_GENERIC_SECRET, ikm, "base key");
      if (base == CK_INVALID_HANDLE) continue;
      ObjectGuard base_guard(f(), s_, base);
      // An empty salt is HKDF's default salt (HashLen zero bytes), which is
      // what CKF_HKDF_SALT_NULL means.
      CK_HKDF_PARAMS p{CK_TRUE,
                       CK_TRUE,
                       hash,
                       salt.empty() ? CKF_HKDF_SALT_NULL : CKF_HKDF_SALT_DATA,
                       salt.empty() ? nullptr : const_cast<CK_BYTE*>(salt.data()),
                       salt.size(),
                       CK_INVALID_HANDLE,
                       const_cast<CK_BYTE*>(info.data()),
                       info.size()};
      CK_MECHANISM m{CKM_HKDF_DERIVE, &p, sizeof p};
      ReadableSecretTemplate tmpl(size);
      CK_OBJECT_HANDLE out = CK_INVALID_HANDLE;
      const CK_RV rv = f()->C_DeriveKey(s_, &m, base, tmpl.data(), tmpl.size(), &out);
      ObjectGuard out_guard(f(), s_, rv == CKR_OK ? out : CK_INVALID_HANDLE);
      if (is_valid(tc)) {
        const Bytes value = rv == CKR_OK ? read_value(f(), s_, out) : Bytes();
        record(t, tc, rv == CKR_OK && value == okm, "derive " + rv_name(rv) + " got " + to_hex(value));
      } else {
        // The only invalid HKDF cases ask for more than 255 * HashLen bytes.
        const bool too_long = size > 255 * hash_len;
        record(t, tc, too_long && rv == CKR_KEY_SIZE_RANGE, "derive of invalid gave " + rv_name(rv));
      }
    }
  }
  t.report();
}

void KdfVectors::run_pbkdf2(const std::string& file, CK_PKCS5_PBKD2_PSEUDO_RANDOM_FUNCTION_TYPE prf) {
  Json doc = load_vectors("wycheproof/" + file);
  Tally t{file};
  t.count_total(doc);
  static CK_BYTE empty_buffer[1];
  for (const auto& g : doc["testGroups"]) {
    for (const auto& tc : g["tests"]) {
      const Bytes password = hex_field(tc, "password"), salt = hex_field(tc, "salt"), dk = hex_field(tc, "dk");
      const CK_ULONG iterations = tc["iterationCount"];
      CK_ULONG dk_len = tc["dkLen"];
      if (iterations > kMaxIterations) {
        ++t.skipped;
        continue;
      }
      CK_PKCS5_PBKD2_PARAMS2 p{CKZ_SALT_SPECIFIED,
                               const_cast<CK_BYTE*>(salt.data()),
                               salt.size(),
                               iterations,
                               prf,
                               nullptr,
                               0,
                               password.empty() ? empty_buffer : const_cast<CK_BYTE*>(password.data()),
                               password.size()};
      CK_MECHANISM m{CKM_PKCS5_PBKD2, &p, sizeof p};
      ReadableSecretTemplate tmpl(dk_len);
      CK_OBJECT_HANDLE out = CK_INVALID_HANDLE;
      const CK_RV rv = f()->C_GenerateKey(s_, &m, tmpl.data(), tmpl.size(), &out);
      ObjectGuard out_guard(f(), s_, rv == CKR_OK ? out : CK_INVALID_HANDLE);
      const Bytes value = rv == CKR_OK ? read_value(f(), s_, out) : Bytes();
      if (is_valid(tc) || is_acceptable(tc)) {
        record(t, tc, rv == CKR_OK && value == dk, "generate " + rv_name(rv) + " got " + to_hex(value));
      } else {
        record(t, tc, rv != CKR_OK, "invalid case produced a key");
      }
    }
  }
  t.report();
}

TEST_F(KdfVectors, HkdfSha256Wycheproof) { run_hkdf("hkdf_sha256_test.json", CKM_SHA256, 32); }
TEST_F(KdfVectors, HkdfSha384Wycheproof) { run_hkdf("hkdf_sha384_test.json", CKM_SHA384, 48); }
TEST_F(KdfVectors, HkdfSha512Wycheproof) { run_hkdf("hkdf_sha512_test.json", CKM_SHA512, 64); }

TEST_F(KdfVectors, Pbkdf2HmacSha256Wycheproof) {
  run_pbkdf2("pbkdf2_hmacsha256_test.json", CKP_PKCS5_PBKD2_HMAC_SHA256);
}
TEST_F(KdfVectors, Pbkdf2HmacSha512Wycheproof) {
  run_pbkdf2("pbkdf2_hmacsha512_test.json", CKP_PKCS5_PBKD2_HMAC_SHA512);
}

}  // namespace
}  // namespace craton::test
