// Wycheproof ECDSA P1363 (raw r || s) verification vectors through the ABI
// for P-256/SHA-256, P-384/SHA-384 and P-521/SHA-512. The public key is
// imported with CKA_EC_PARAMS (named-curve OID) and CKA_EC_POINT (DER
// OCTET STRING around the uncompressed point).
#include "vector_helpers.h"

namespace craton::test {
namespace {

class EcdsaVectors : public ModuleTest {
 protected:
  void run(const std::string& file, const Bytes& params, CK_MECHANISM_TYPE mech, std::size_t field_len);
};

void EcdsaVectors::run(const std::string& file, const Bytes& params, CK_MECHANISM_TYPE mech,
                       std::size_t field_len) {
  CK_SESSION_HANDLE s = ready_user_session();
  Json doc = load_vectors("wycheproof/" + file);
  Tally t{file};
  t.count_total(doc);
  const CK_MECHANISM m{mech, nullptr, 0};
  for (const auto& g : doc["testGroups"]) {
    CK_OBJECT_HANDLE pub = CK_INVALID_HANDLE;
    const CK_RV key_rv = import_ec_public(f(), s, CKK_EC, params, hex_field(g["publicKey"], "uncompressed"), &pub);
    ObjectGuard guard(f(), s, key_rv == CKR_OK ? pub : CK_INVALID_HANDLE);
    for (const auto& tc : g["tests"]) {
      if (key_rv != CKR_OK) {
        record(t, tc, false, "public key import " + rv_name(key_rv));
        continue;
      }
      const Bytes msg = hex_field(tc, "msg"), sig = hex_field(tc, "sig");
      const CK_RV rv = verify_once(f(), s, m, pub, msg, sig);
      record_verify(t, tc, rv, signature_refusal(sig.size(), 2 * field_len));
    }
  }
  t.report();
}

TEST_F(EcdsaVectors, P256Sha256P1363Wycheproof) {
  run("ecdsa_secp256r1_sha256_p1363_test.json", kP256Params, CKM_ECDSA_SHA256, 32);
}

TEST_F(EcdsaVectors, P384Sha384P1363Wycheproof) {
  run("ecdsa_secp384r1_sha384_p1363_test.json", kP384Params, CKM_ECDSA_SHA384, 48);
}

TEST_F(EcdsaVectors, P521Sha512P1363Wycheproof) {
  run("ecdsa_secp521r1_sha512_p1363_test.json", kP521Params, CKM_ECDSA_SHA512, 66);
}

}  // namespace
}  // namespace craton::test
