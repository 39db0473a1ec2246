// NIST ACVP ML-DSA vectors (FIPS 204) through the PKCS#11 ABI:
//  - keyGen: the private key imported by CKA_SEED alone; the CKA_VALUE the
//    module expands (read back: extractable, not sensitive) must be the
//    vector's sk, and the public key imported from pk must carry the same
//    CKA_PUBLIC_KEY_INFO;
//  - sigGen: sk imported by CKA_VALUE, C_Sign with CKH_DETERMINISTIC_REQUIRED
//    and the vector's context must give the signature byte for byte, for the
//    external pure and pre-hash groups. Pre-hash cases run through
//    CKM_HASH_ML_DSA_<hash> (the token hashes) and, where a digest mechanism
//    exists, CKM_HASH_ML_DSA over a digest computed with plain OpenSSL;
//  - sigVer: C_Verify (even tcIds) or C_VerifySignature (odd tcIds) with the
//    imported pk gives the expected result.
// Not expressible through PKCS#11 3.2, counted as such: the "internal"
// interface groups (Sign_internal / external mu) and the hedged sigGen cases,
// whose rnd is given by the vector (the token draws its own).
#include <cstdio>
#include <map>

#include "ml_dsa_helpers.h"

namespace craton::test {
namespace {

class MlDsaVectors : public ModuleTest {
 protected:
  void SetUp() override {
    ModuleTest::SetUp();
    s_ = ready_user_session();
  }
  CK_SESSION_HANDLE s_ = CK_INVALID_HANDLE;
};

std::map<int, Json> results_by_tc(const Json& expected) {
  std::map<int, Json> out;
  for (const auto& g : expected["testGroups"])
    for (const auto& t : g["tests"]) out[t["tcId"].get<int>()] = t;
  return out;
}

// ACVP cases carry no "result" field: report failures here, not via record().
void check(Tally& t, const Json& tc, bool ok, const std::string& detail) {
  ++t.run;
  if (ok) {
    ++t.passed;
    return;
  }
  ADD_FAILURE() << t.file << " tcId " << tc["tcId"] << ": " << detail;
}

Bytes context_of(const Json& tc) { return tc.contains("context") ? hex_field(tc, "context") : Bytes(); }

TEST_F(MlDsaVectors, KeyGenBySeed) {
  const Json prompt = load_vectors("acvp/ML-DSA-keyGen-FIPS204/prompt.json");
  const auto want = results_by_tc(load_vectors("acvp/ML-DSA-keyGen-FIPS204/expectedResults.json"));
  Tally t{"acvp/ML-DSA-keyGen-FIPS204"};
  t.count_total(prompt);
  for (const auto& g : prompt["testGroups"]) {
    const CK_ULONG set = ml_dsa_set_from_name(g["parameterSet"]);
    for (const auto& tc : g["tests"]) {
      const Json& res = want.at(tc["tcId"].get<int>());
      CK_OBJECT_HANDLE priv = CK_INVALID_HANDLE, pub = CK_INVALID_HANDLE;
      const CK_RV priv_rv = import_ml_dsa_private(f(), s_, set, hex_field(tc, "seed"), Bytes(), &priv);
      ObjectGuard pg(f(), s_, priv);
      const CK_RV pub_rv = import_ml_dsa_public(f(), s_, set, hex_field(res, "pk"), &pub);
      ObjectGuard ug(f(), s_, pub);
      if (priv_rv != CKR_OK || pub_rv != CKR_OK) {
        check(t, tc, false, "import " + rv_name(priv_rv) + "/" + rv_name(pub_rv));
        continue;
      }
      const Bytes sk = read_value(f(), s_, priv);
      const bool spki_ok = get_attr(s_, priv, CKA_PUBLIC_KEY_INFO) == get_attr(s_, pub, CKA_PUBLIC_KEY_INFO);
      check(t, tc, sk == hex_field(res, "sk") && spki_ok, "expanded sk " + to_hex(sk).substr(0, 64));
    }
  }
  t.report();
  EXPECT_EQ(t.passed, 75);
}

// Signs `msg` with `m` and compares with `want`; "" when equal.
std::string sign_matches(CK_FUNCTION_LIST_3_2* f, CK_SESSION_HANDLE s, const CK_MECHANISM& m, CK_OBJECT_HANDLE key,
                         const Bytes& msg, const Bytes& want) {
  Bytes sig;
  const CK_RV rv = sign_once(f, s, m, key, msg, &sig);
  if (rv != CKR_OK) return "sign " + rv_name(rv);
  if (sig != want) return "signature differs: " + to_hex(sig).substr(0, 64);
  return "";
}

TEST_F(MlDsaVectors, SigGenDeterministic) {
  const Json prompt = load_vectors("acvp/ML-DSA-sigGen-FIPS204/prompt.json");
  const auto want = results_by_tc(load_vectors("acvp/ML-DSA-sigGen-FIPS204/expectedResults.json"));
  Tally t{"acvp/ML-DSA-sigGen-FIPS204"};
  t.count_total(prompt);
  int pure = 0, prehash_token = 0, prehash_given = 0, with_context = 0;
  for (const auto& g : prompt["testGroups"]) {
    const bool expressible = g["deterministic"].get<bool>() && g["signatureInterface"] == "external";
    if (!expressible) {
      t.inexpressible += static_cast<int>(g["tests"].size());
      continue;
    }
    const CK_ULONG set = ml_dsa_set_from_name(g["parameterSet"]);
    const bool prehash = g["preHash"] == "preHash";
    for (const auto& tc : g["tests"]) {
      const Bytes msg = hex_field(tc, "message"), ctx = context_of(tc);
      const Bytes expected = hex_field(want.at(tc["tcId"].get<int>()), "signature");
      CK_OBJECT_HANDLE priv = CK_INVALID_HANDLE;
      const CK_RV rv = import_ml_dsa_private(f(), s_, set, Bytes(), hex_field(tc, "sk"), &priv);
      ObjectGuard guard(f(), s_, priv);
      if (rv != CKR_OK) {
        check(t, tc, false, "import sk " + rv_name(rv));
        continue;
      }
      with_context += !ctx.empty();
      std::string problem;
      if (!prehash) {
        ContextMechanism m(CKM_ML_DSA, CKH_DETERMINISTIC_REQUIRED, ctx);
        problem = sign_matches(f(), s_, m.mech, priv, msg, expected);
        ++pure;
      } else {
        const PreHash* ph = find_prehash(tc["hashAlg"]);
        if (ph == nullptr) {
          check(t, tc, false, "hashAlg");
          continue;
        }
        if (ph->token_mech != 0) {
          ContextMechanism m(ph->token_mech, CKH_DETERMINISTIC_REQUIRED, ctx);
          problem = sign_matches(f(), s_, m.mech, priv, msg, expected);
          ++prehash_token;
        }
        if (problem.empty() && ph->digest_mech != 0) {
          HashContextMechanism m(ph->digest_mech, CKH_DETERMINISTIC_REQUIRED, ctx);
          problem = sign_matches(f(), s_, m.mech, priv, openssl_digest(*ph, msg), expected);
          ++prehash_given;
        }
      }
      check(t, tc, problem.empty(), std::string(prehash ? tc["hashAlg"].get<std::string>() + ": " : "") + problem);
    }
  }
  t.report();
  std::printf("[vectors] ML-DSA sigGen: pure=%d prehash(token hash)=%d prehash(CKM_HASH_ML_DSA)=%d with context=%d\n",
              pure, prehash_token, prehash_given, with_context);
  EXPECT_EQ(t.run, 90);
  EXPECT_EQ(t.inexpressible, 270);  // 180 hedged with given rnd + 90 internal-interface
  EXPECT_EQ(pure, 45);
  EXPECT_GT(prehash_token, 30);
  EXPECT_GT(prehash_given, 30);
  EXPECT_GT(with_context, 30);
}

TEST_F(MlDsaVectors, SigVer) {
  const Json prompt = load_vectors("acvp/ML-DSA-sigVer-FIPS204/prompt.json");
  const auto want = results_by_tc(load_vectors("acvp/ML-DSA-sigVer-FIPS204/expectedResults.json"));
  Tally t{"acvp/ML-DSA-sigVer-FIPS204"};
  t.count_total(prompt);
  int passed_cases = 0, failed_cases = 0;
  for (const auto& g : prompt["testGroups"]) {
    if (g["signatureInterface"] != "external") {
      t.inexpressible += static_cast<int>(g["tests"].size());
      continue;
    }
    const CK_ULONG set = ml_dsa_set_from_name(g["parameterSet"]);
    const bool prehash = g["preHash"] == "preHash";
    for (const auto& tc : g["tests"]) {
      const bool expect_ok = want.at(tc["tcId"].get<int>())["testPassed"].get<bool>();
      (expect_ok ? passed_cases : failed_cases)++;
      CK_OBJECT_HANDLE pub = CK_INVALID_HANDLE;
      const CK_RV key_rv = import_ml_dsa_public(f(), s_, set, hex_field(tc, "pk"), &pub);
      ObjectGuard guard(f(), s_, pub);
      if (key_rv != CKR_OK) {
        check(t, tc, false, "import pk " + rv_name(key_rv));
        continue;
      }
      const Bytes msg = hex_field(tc, "message"), sig = hex_field(tc, "signature"), ctx = context_of(tc);
      Bytes data = msg;
      CK_MECHANISM_TYPE type = CKM_ML_DSA, hash = 0;
      if (prehash) {
        const PreHash* ph = find_prehash(tc["hashAlg"]);
        if (ph == nullptr) continue;
        type = ph->token_mech;
        if (type == 0) {  // no CKM_HASH_ML_DSA_<hash>: hash here, verify the digest
          type = CKM_HASH_ML_DSA;
          hash = ph->digest_mech;
          data = openssl_digest(*ph, msg);
        }
      }
      ContextMechanism cm(type, CKH_HEDGE_PREFERRED, ctx);
      HashContextMechanism hm(hash, CKH_HEDGE_PREFERRED, ctx);
      CK_MECHANISM m = type == CKM_HASH_ML_DSA ? hm.mech : cm.mech;
      CK_RV rv;
      if (tc["tcId"].get<int>() % 2 == 0) {
        rv = verify_once(f(), s_, m, pub, data, sig);
      } else {
        Bytes sig_copy = sig;
        sig_copy.reserve(1);
        rv = f()->C_VerifySignatureInit(s_, &m, pub, sig_copy.data(), sig_copy.size());
        if (rv == CKR_OK) rv = f()->C_VerifySignature(s_, data.data(), data.size());
      }
      const CK_RV refusal = sig.size() == ml_dsa_sig_size(set) ? CKR_SIGNATURE_INVALID : CKR_SIGNATURE_LEN_RANGE;
      check(t, tc, expect_ok ? rv == CKR_OK : rv == refusal,
            "verify gave " + rv_name(rv) + (expect_ok ? ", want CKR_OK" : ", want " + rv_name(refusal)));
    }
  }
  t.report();
  EXPECT_EQ(t.run, 90);
  EXPECT_GT(passed_cases, 10);
  EXPECT_GT(failed_cases, 10);
}

}  // namespace
}  // namespace craton::test
