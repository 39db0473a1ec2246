// EdDSA vectors through the ABI on CKK_EC_EDWARDS keys:
//  - Wycheproof ed25519/ed448: C_Verify CKM_EDDSA, valid and invalid;
//  - NIST ACVP EDDSA-SigGen (the Wycheproof files carry no private keys):
//    C_Sign must reproduce the signature exactly, for Ed25519, Ed25519ph,
//    Ed448 (with context) and Ed448ph, via CK_EDDSA_PARAMS.
#include "vector_helpers.h"

namespace craton::test {
namespace {

class EddsaVectors : public ModuleTest {
 protected:
  void SetUp() override {
    ModuleTest::SetUp();
    s_ = ready_user_session();
  }
  void run_verify(const std::string& file, const Bytes& params, std::size_t sig_len);
  CK_SESSION_HANDLE s_ = CK_INVALID_HANDLE;
};

void EddsaVectors::run_verify(const std::string& file, const Bytes& params, std::size_t sig_len) {
  Json doc = load_vectors("wycheproof/" + file);
  Tally t{file};
  t.count_total(doc);
  const CK_MECHANISM m{CKM_EDDSA, nullptr, 0};
  for (const auto& g : doc["testGroups"]) {
    CK_OBJECT_HANDLE pub = CK_INVALID_HANDLE;
    const CK_RV key_rv = import_ec_public(f(), s_, CKK_EC_EDWARDS, params, hex_field(g["publicKey"], "pk"), &pub);
    ObjectGuard guard(f(), s_, key_rv == CKR_OK ? pub : CK_INVALID_HANDLE);
    for (const auto& tc : g["tests"]) {
      if (key_rv != CKR_OK) {
        // A public key the module refuses can only carry invalid cases.
        record(t, tc, !is_valid(tc), "public key import " + rv_name(key_rv));
        continue;
      }
      const Bytes msg = hex_field(tc, "msg"), sig = hex_field(tc, "sig");
      const CK_RV rv = verify_once(f(), s_, m, pub, msg, sig);
      record_verify(t, tc, rv, signature_refusal(sig.size(), sig_len));
    }
  }
  t.report();
}

TEST_F(EddsaVectors, Ed25519VerifyWycheproof) { run_verify("ed25519_test.json", kEd25519Params, 64); }

TEST_F(EddsaVectors, Ed448VerifyWycheproof) { run_verify("ed448_test.json", kEd448Params, 114); }

TEST_F(EddsaVectors, SignGenerationAcvp) {
  Json doc = load_vectors("acvp/EDDSA-SigGen-1.0/internalProjection.json");
  Tally t{"acvp/EDDSA-SigGen-1.0/internalProjection.json"};
  t.count_total(doc);
  int prehashed = 0, with_context = 0;
  for (const auto& g : doc["testGroups"]) {
    const bool ed25519 = g["curve"] == "ED-25519";
    const Bytes& params = ed25519 ? kEd25519Params : kEd448Params;
    const bool prehash = g["preHash"].get<bool>();
    CK_OBJECT_HANDLE priv = CK_INVALID_HANDLE, pub = CK_INVALID_HANDLE;
    const CK_RV priv_rv = import_ec_private(f(), s_, CKK_EC_EDWARDS, params, hex_field(g, "d"), &priv);
    const CK_RV pub_rv = import_ec_public(f(), s_, CKK_EC_EDWARDS, params, hex_field(g, "q"), &pub);
    ObjectGuard priv_guard(f(), s_, priv_rv == CKR_OK ? priv : CK_INVALID_HANDLE);
    ObjectGuard pub_guard(f(), s_, pub_rv == CKR_OK ? pub : CK_INVALID_HANDLE);
    for (const auto& tc : g["tests"]) {
      if (priv_rv != CKR_OK || pub_rv != CKR_OK) {
        record(t, tc, false, "key import " + rv_name(priv_rv) + "/" + rv_name(pub_rv));
        continue;
      }
      const Bytes msg = hex_field(tc, "message"), want = hex_field(tc, "signature");
      const Bytes ctx = tc.contains("context") ? hex_field(tc, "context") : Bytes();
      CK_EDDSA_PARAMS p{static_cast<CK_BBOOL>(prehash ? CK_TRUE : CK_FALSE), ctx.size(), ctx.empty() ? nullptr : const_cast<CK_BYTE*>(ctx.data())};
      // Plain Ed25519/Ed448 without context takes no parameter at all.
      const CK_MECHANISM m = (prehash || !ctx.empty()) ? CK_MECHANISM{CKM_EDDSA, &p, sizeof p}
                                                       : CK_MECHANISM{CKM_EDDSA, nullptr, 0};
      prehashed += prehash;
      with_context += !ctx.empty();
      Bytes sig;
      CK_RV rv = sign_once(f(), s_, m, priv, msg, &sig);
      if (rv != CKR_OK || sig != want) {
        record(t, tc, false, "sign " + rv_name(rv) + " got " + to_hex(sig));
        continue;
      }
      rv = verify_once(f(), s_, m, pub, msg, sig);
      record(t, tc, rv == CKR_OK, "verify of own signature " + rv_name(rv));
    }
  }
  EXPECT_GT(prehashed, 50);
  EXPECT_GT(with_context, 50);
  t.report();
}

}  // namespace
}  // namespace craton::test
