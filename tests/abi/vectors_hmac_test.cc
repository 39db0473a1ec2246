// Wycheproof HMAC-SHA-256/384/512 vectors through C_Sign / C_Verify, with
// CKM_SHAx_HMAC_GENERAL for the truncated tags.
#include "vector_helpers.h"

namespace craton::test {
namespace {

class HmacVectors : public ModuleTest {
 protected:
  void run(const std::string& file, CK_MECHANISM_TYPE full, CK_MECHANISM_TYPE general, CK_ULONG digest_len);
};

void HmacVectors::run(const std::string& file, CK_MECHANISM_TYPE full, CK_MECHANISM_TYPE general,
                      CK_ULONG digest_len) {
  CK_SESSION_HANDLE s = ready_user_session();
  Json doc = load_vectors("wycheproof/" + file);
  Tally t{file};
  t.count_total(doc);
  for (const auto& g : doc["testGroups"]) {
    CK_MAC_GENERAL_PARAMS tag_len = g["tagSize"].get<CK_ULONG>() / 8;
    const CK_MECHANISM m = tag_len == digest_len ? CK_MECHANISM{full, nullptr, 0}
                                                 : CK_MECHANISM{general, &tag_len, sizeof tag_len};
    for (const auto& tc : g["tests"]) {
      const Bytes key = hex_field(tc, "key"), msg = hex_field(tc, "msg"), tag = hex_field(tc, "tag");
      // A key object cannot have an empty CKA_VALUE.
      if (key.empty()) {
        ++t.inexpressible;
        continue;
      }
      const CK_OBJECT_HANDLE k = import_secret_or_record(t, tc, f(), s, CKK_GENERIC_SECRET, key);
      if (k == CK_INVALID_HANDLE) continue;
      ObjectGuard guard(f(), s, k);
      CK_RV rv = CKR_OK;
      if (is_valid(tc)) {
        Bytes out;
        rv = sign_once(f(), s, m, k, msg, &out);
        if (rv != CKR_OK || out != tag) {
          record(t, tc, false, "sign " + rv_name(rv) + " got " + to_hex(out));
          continue;
        }
        rv = verify_once(f(), s, m, k, msg, tag);
        record(t, tc, rv == CKR_OK, "verify " + rv_name(rv));
      } else {
        const CK_RV want = signature_refusal(tag.size(), tag_len);
        rv = verify_once(f(), s, m, k, msg, tag);
        record(t, tc, rv == want, "verify of invalid gave " + rv_name(rv) + ", want " + rv_name(want));
      }
    }
  }
  t.report();
}

TEST_F(HmacVectors, Sha256Wycheproof) {
  run("hmac_sha256_test.json", CKM_SHA256_HMAC, CKM_SHA256_HMAC_GENERAL, 32);
}

TEST_F(HmacVectors, Sha384Wycheproof) {
  run("hmac_sha384_test.json", CKM_SHA384_HMAC, CKM_SHA384_HMAC_GENERAL, 48);
}

TEST_F(HmacVectors, Sha512Wycheproof) {
  run("hmac_sha512_test.json", CKM_SHA512_HMAC, CKM_SHA512_HMAC_GENERAL, 64);
}

}  // namespace
}  // namespace craton::test
