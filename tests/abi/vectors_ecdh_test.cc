// Wycheproof key-agreement vectors through C_DeriveKey CKM_ECDH1_DERIVE
// (CKD_NULL) into a readable generic secret: NIST curves with the peer's
// encoded point (ecdh_*_ecpoint), and X25519 on CKK_EC_MONTGOMERY keys.
#include <algorithm>

#include "vector_helpers.h"

namespace craton::test {
namespace {

class EcdhVectors : public ModuleTest {
 protected:
  void SetUp() override {
    ModuleTest::SetUp();
    s_ = ready_user_session();
  }
  // Imports `priv`, derives with `peer` as pPublicData; *value gets the
  // secret when the result is CKR_OK.
  CK_RV agree(CK_KEY_TYPE type, const Bytes& params, const Bytes& priv, const Bytes& peer, Bytes* value,
              bool* key_ok);
  void run_nist(const std::string& file, const Bytes& params);
  CK_SESSION_HANDLE s_ = CK_INVALID_HANDLE;
};

CK_RV EcdhVectors::agree(CK_KEY_TYPE type, const Bytes& params, const Bytes& priv, const Bytes& peer, Bytes* value,
                         bool* key_ok) {
  value->clear();
  CK_OBJECT_HANDLE key;
  CK_RV rv = import_ec_private(f(), s_, type, params, priv, &key);
  *key_ok = rv == CKR_OK;
  if (rv != CKR_OK) return rv;
  ObjectGuard key_guard(f(), s_, key);
  static CK_BYTE empty_buffer[1];
  CK_ECDH1_DERIVE_PARAMS p{CKD_NULL, 0, nullptr, peer.size(),
                           peer.empty() ? empty_buffer : const_cast<CK_BYTE*>(peer.data())};
  CK_MECHANISM m{CKM_ECDH1_DERIVE, &p, sizeof p};
  CK_OBJECT_CLASS cls = CKO_SECRET_KEY;
  CK_KEY_TYPE generic = CKK_GENERIC_SECRET;
  CK_BBOOL yes = CK_TRUE, no = CK_FALSE;
  CK_ATTRIBUTE tmpl[] = {attr(CKA_CLASS, &cls, sizeof cls), attr(CKA_KEY_TYPE, &generic, sizeof generic),
                         attr(CKA_SENSITIVE, &no, 1), attr(CKA_EXTRACTABLE, &yes, 1), attr(CKA_TOKEN, &no, 1)};
  CK_OBJECT_HANDLE out = CK_INVALID_HANDLE;
  rv = f()->C_DeriveKey(s_, &m, key, tmpl, 5, &out);
  if (rv != CKR_OK) return rv;
  ObjectGuard out_guard(f(), s_, out);
  *value = read_value(f(), s_, out);
  return rv;
}

void EcdhVectors::run_nist(const std::string& file, const Bytes& params) {
  Json doc = load_vectors("wycheproof/" + file);
  Tally t{file};
  t.count_total(doc);
  for (const auto& g : doc["testGroups"]) {
    for (const auto& tc : g["tests"]) {
      const Bytes priv = strip_zeros(hex_field(tc, "private")), peer = hex_field(tc, "public"),
                  shared = hex_field(tc, "shared");
      Bytes value;
      bool key_ok = false;
      const CK_RV rv = agree(CKK_EC, params, priv, peer, &value, &key_ok);
      if (!key_ok && (is_valid(tc) || is_acceptable(tc))) {
        record(t, tc, false, "private key import " + rv_name(rv));
        continue;
      }
      if (is_valid(tc))
        record(t, tc, rv == CKR_OK && value == shared, "derive " + rv_name(rv) + " got " + to_hex(value));
      else if (is_acceptable(tc))
        record(t, tc, rv != CKR_OK || value == shared, "derive gave a wrong secret " + to_hex(value));
      else
        record(t, tc, rv != CKR_OK, "invalid peer point accepted, secret " + to_hex(value));
    }
  }
  t.report();
}

TEST_F(EcdhVectors, P256EcpointWycheproof) { run_nist("ecdh_secp256r1_ecpoint_test.json", kP256Params); }
TEST_F(EcdhVectors, P384EcpointWycheproof) { run_nist("ecdh_secp384r1_ecpoint_test.json", kP384Params); }
TEST_F(EcdhVectors, P521EcpointWycheproof) { run_nist("ecdh_secp521r1_ecpoint_test.json", kP521Params); }

// X25519: "acceptable" cases may succeed (with the right secret) or fail,
// except that an all-zero shared secret must never come out as a key.
TEST_F(EcdhVectors, X25519Wycheproof) {
  Json doc = load_vectors("wycheproof/x25519_test.json");
  Tally t{"x25519_test.json"};
  t.count_total(doc);
  for (const auto& g : doc["testGroups"]) {
    for (const auto& tc : g["tests"]) {
      const Bytes priv = hex_field(tc, "private"), peer = hex_field(tc, "public"), shared = hex_field(tc, "shared");
      Bytes value;
      bool key_ok = false;
      const CK_RV rv = agree(CKK_EC_MONTGOMERY, kX25519Params, priv, peer, &value, &key_ok);
      if (!key_ok) {
        record(t, tc, false, "private key import " + rv_name(rv));
        continue;
      }
      const bool all_zero = rv == CKR_OK && std::all_of(value.begin(), value.end(), [](CK_BYTE b) { return b == 0; });
      if (has_flag(tc, "ZeroSharedSecret") || (!is_valid(tc) && !is_acceptable(tc)))
        record(t, tc, rv != CKR_OK, std::string("derive gave ") + (all_zero ? "an all-zero key" : to_hex(value)));
      else if (is_valid(tc))
        record(t, tc, rv == CKR_OK && value == shared, "derive " + rv_name(rv) + " got " + to_hex(value));
      else
        record(t, tc, rv != CKR_OK || value == shared, "derive gave a wrong secret " + to_hex(value));
    }
  }
  t.report();
}

}  // namespace
}  // namespace craton::test
