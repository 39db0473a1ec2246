// SLH-DSA family (FIPS 205, PKCS#11 3.2): CKM_SLH_DSA_KEY_PAIR_GEN,
// CKM_SLH_DSA, CKM_HASH_SLH_DSA and CKM_HASH_SLH_DSA_<hash>. The rows are
// registered here; the mechanism parameters are parsed by the code shared
// with ML-DSA (pqc_sign_params.h), keys live in slh_dsa_keys.cc, the
// operations in slh_dsa_ops.cc.
//
// Decisions (the same as the ML-DSA family's, for one behaviour across PQC
// signatures):
//  - Hedging: no parameter, CKH_HEDGE_PREFERRED and CKH_HEDGE_REQUIRED sign
//    with fresh addrnd (n bytes from crypto::random_bytes);
//    CKH_DETERMINISTIC_REQUIRED uses the deterministic variant
//    (opt_rand = PK.seed). Other values are CKR_MECHANISM_PARAM_INVALID when
//    signing; verification ignores hedgeVariant.
//  - Context strings longer than 255 bytes are CKR_MECHANISM_PARAM_INVALID.
//  - CKM_HASH_SLH_DSA names PH with a digest mechanism (CKM_SHA224..SHA512,
//    CKM_SHA512_224/256, CKM_SHA3_*); SHAKE pre-hashes only through
//    CKM_HASH_SLH_DSA_SHAKE128/256.
//  - CK_MECHANISM_INFO key sizes are public-key bytes, 32 (n = 16) to 64.
//  - fips_approved = false: no CMVP validation covers this implementation.
#include "mechanisms/families.h"
#include "mechanisms/pqc_sign_params.h"
#include "mechanisms/registry.h"
#include "mechanisms/slh_dsa_internal.h"

namespace craton::mech {
namespace {
using pqc::SlhPreHash;
using pqc_sign::MechName;
using pqc_sign::TokenHashRow;

// What sets SLH-DSA apart from ML-DSA in pqc_sign::SignFamily.
struct SlhDsaFamily {
  using PreHash = SlhPreHash;
  static constexpr std::size_t kMaxContext = 255;  // FIPS 205: |ctx| fits one byte
  static constexpr CK_KEY_TYPE kKeyType = CKK_SLH_DSA;
  static constexpr MechName kKeyPairGen{CKM_SLH_DSA_KEY_PAIR_GEN, "CKM_SLH_DSA_KEY_PAIR_GEN"};
  static constexpr MechName kPure{CKM_SLH_DSA, "CKM_SLH_DSA"};
  static constexpr MechName kGivenDigest{CKM_HASH_SLH_DSA, "CKM_HASH_SLH_DSA"};
  // One row per CKM_HASH_SLH_DSA_<hash> in pkcs11t.h.
  static constexpr TokenHashRow<PreHash> kTokenHashRows[] = {
      {CKM_HASH_SLH_DSA_SHA224, "CKM_HASH_SLH_DSA_SHA224", SlhPreHash::kSha224},
      {CKM_HASH_SLH_DSA_SHA256, "CKM_HASH_SLH_DSA_SHA256", SlhPreHash::kSha256},
      {CKM_HASH_SLH_DSA_SHA384, "CKM_HASH_SLH_DSA_SHA384", SlhPreHash::kSha384},
      {CKM_HASH_SLH_DSA_SHA512, "CKM_HASH_SLH_DSA_SHA512", SlhPreHash::kSha512},
      {CKM_HASH_SLH_DSA_SHA3_224, "CKM_HASH_SLH_DSA_SHA3_224", SlhPreHash::kSha3_224},
      {CKM_HASH_SLH_DSA_SHA3_256, "CKM_HASH_SLH_DSA_SHA3_256", SlhPreHash::kSha3_256},
      {CKM_HASH_SLH_DSA_SHA3_384, "CKM_HASH_SLH_DSA_SHA3_384", SlhPreHash::kSha3_384},
      {CKM_HASH_SLH_DSA_SHA3_512, "CKM_HASH_SLH_DSA_SHA3_512", SlhPreHash::kSha3_512},
      {CKM_HASH_SLH_DSA_SHAKE128, "CKM_HASH_SLH_DSA_SHAKE128", SlhPreHash::kShake128},
      {CKM_HASH_SLH_DSA_SHAKE256, "CKM_HASH_SLH_DSA_SHAKE256", SlhPreHash::kShake256},
  };
  static CK_ULONG min_key_size() { return static_cast<CK_ULONG>(pqc::slh_dsa_pk_bytes(pqc::SlhDsaParams::kSha2_128s)); }
  static CK_ULONG max_key_size() { return static_cast<CK_ULONG>(pqc::slh_dsa_pk_bytes(pqc::SlhDsaParams::kSha2_256f)); }
  static constexpr auto generate = slh::generate_slh_dsa;
  static constexpr auto check_import = slh::check_slh_dsa_import;
  static constexpr auto make_sign = slh::make_slh_dsa_sign;
  static constexpr auto make_verify = slh::make_slh_dsa_verify;
};

}  // namespace

void register_pqc_slh_dsa(Registry& r) { pqc_sign::SignFamily<SlhDsaFamily>::register_rows(r); }

}  // namespace craton::mech
