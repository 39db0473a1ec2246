// ML-DSA family (FIPS 204, PKCS#11 3.2): CKM_ML_DSA_KEY_PAIR_GEN,
// CKM_ML_DSA, CKM_HASH_ML_DSA and CKM_HASH_ML_DSA_<hash>. The rows are
// registered here; the mechanism parameters are parsed by the code shared
// with SLH-DSA (pqc_sign_params.h), keys live in ml_dsa_keys.cc, the
// operations in ml_dsa_ops.cc.
//
// Decisions:
//  - CK_MECHANISM_INFO key sizes are the public-key sizes in bytes, 1312
//    (ML-DSA-44) to 2592 (ML-DSA-87), as the PKCS#11 3.2 text gives them for
//    ML-DSA, Kryoptic reports them and the ML-KEM rows do (800..1568). The
//    strength names 44..87 were considered: no peer that speaks the 3.2
//    numbering uses them.
//  - Hedging: with no parameter, CKH_HEDGE_PREFERRED and CKH_HEDGE_REQUIRED
//    the signature is hedged (fresh rnd from crypto::random_bytes);
//    CKH_DETERMINISTIC_REQUIRED uses rnd = 0^32. Other values are
//    CKR_MECHANISM_PARAM_INVALID when signing. Verification ignores
//    hedgeVariant, as the spec says ("ignored on verify").
//  - An empty parameter (ulParameterLen 0, any pointer) means "no parameter"
//    for the mechanisms whose parameter is optional.
//  - CKM_HASH_ML_DSA names PH with a digest mechanism: CKM_SHA224/256/384/512,
//    CKM_SHA512_224/256 and CKM_SHA3_224..512 (FIPS 204 approves all of
//    them). PKCS#11 3.2 has no SHAKE digest mechanism, so SHAKE pre-hashes
//    are only offered through CKM_HASH_ML_DSA_SHAKE128/256 (the token hashes);
//    any other `hash` is CKR_MECHANISM_PARAM_INVALID.
//  - Verification takes public keys only (CKR_KEY_TYPE_INCONSISTENT for a
//    private key).
//  - fips_approved = false for every row: no CMVP validation covers this
//    implementation.
#include "mechanisms/families.h"
#include "mechanisms/ml_dsa_internal.h"
#include "mechanisms/pqc_sign_params.h"
#include "mechanisms/registry.h"

namespace craton::mech {
namespace {
using pqc::MlDsaPreHash;
using pqc_sign::MechName;
using pqc_sign::TokenHashRow;

// What sets ML-DSA apart from SLH-DSA in pqc_sign::SignFamily.
struct MlDsaFamily {
  using PreHash = MlDsaPreHash;
  static constexpr std::size_t kMaxContext = pqc::kMlDsaMaxContextSize;
  static constexpr CK_KEY_TYPE kKeyType = CKK_ML_DSA;
  static constexpr MechName kKeyPairGen{CKM_ML_DSA_KEY_PAIR_GEN, "CKM_ML_DSA_KEY_PAIR_GEN"};
  static constexpr MechName kPure{CKM_ML_DSA, "CKM_ML_DSA"};
  static constexpr MechName kGivenDigest{CKM_HASH_ML_DSA, "CKM_HASH_ML_DSA"};
  static constexpr TokenHashRow<PreHash> kTokenHashRows[] = {
      {CKM_HASH_ML_DSA_SHA224, "CKM_HASH_ML_DSA_SHA224", MlDsaPreHash::kSha224},
      {CKM_HASH_ML_DSA_SHA256, "CKM_HASH_ML_DSA_SHA256", MlDsaPreHash::kSha256},
      {CKM_HASH_ML_DSA_SHA384, "CKM_HASH_ML_DSA_SHA384", MlDsaPreHash::kSha384},
      {CKM_HASH_ML_DSA_SHA512, "CKM_HASH_ML_DSA_SHA512", MlDsaPreHash::kSha512},
      {CKM_HASH_ML_DSA_SHA3_224, "CKM_HASH_ML_DSA_SHA3_224", MlDsaPreHash::kSha3_224},
      {CKM_HASH_ML_DSA_SHA3_256, "CKM_HASH_ML_DSA_SHA3_256", MlDsaPreHash::kSha3_256},
      {CKM_HASH_ML_DSA_SHA3_384, "CKM_HASH_ML_DSA_SHA3_384", MlDsaPreHash::kSha3_384},
      {CKM_HASH_ML_DSA_SHA3_512, "CKM_HASH_ML_DSA_SHA3_512", MlDsaPreHash::kSha3_512},
      {CKM_HASH_ML_DSA_SHAKE128, "CKM_HASH_ML_DSA_SHAKE128", MlDsaPreHash::kShake128},
      {CKM_HASH_ML_DSA_SHAKE256, "CKM_HASH_ML_DSA_SHAKE256", MlDsaPreHash::kShake256},
  };
  static CK_ULONG min_key_size() { return static_cast<CK_ULONG>(pqc::ml_dsa_public_key_size(pqc::MlDsaParams::k44)); }
  static CK_ULONG max_key_size() { return static_cast<CK_ULONG>(pqc::ml_dsa_public_key_size(pqc::MlDsaParams::k87)); }
  static constexpr auto generate = dsa::generate_ml_dsa;
  static constexpr auto check_import = dsa::check_ml_dsa_import;
  static constexpr auto make_sign = dsa::make_ml_dsa_sign;
  static constexpr auto make_verify = dsa::make_ml_dsa_verify;
};

}  // namespace

void register_pqc_ml_dsa(Registry& r) { pqc_sign::SignFamily<MlDsaFamily>::register_rows(r); }

}  // namespace craton::mech
