// PQC KEM family: CKM_ML_KEM_KEY_PAIR_GEN and CKM_ML_KEM (FIPS 203 through
// the PKCS#11 3.2 C_EncapsulateKey / C_DecapsulateKey), plus the vendor
// X-Wing hybrid rows (xwing_mech.cc).
//
// Decisions:
//  - CK_MECHANISM_INFO key sizes are the encapsulation-key sizes in bytes,
//    800 (ML-KEM-512) to 1568 (ML-KEM-1024), as PKCS#11 3.2 defines them
//    for ML-KEM and Kryoptic reports them. (The parameter-set strengths
//    512..1024 were considered; they are not what the spec defines.)
//  - A ciphertext of the wrong length given to C_DecapsulateKey is
//    CKR_ENCRYPTED_DATA_LEN_RANGE (the spec allows it or CKR_ARGUMENTS_BAD);
//    a well-formed but wrong ciphertext yields the implicit-rejection secret
//    J(z || c), never an error (FIPS 203 algorithm 18).
//  - fips_approved = false: no CMVP validation covers this implementation.
#include <algorithm>

#include "crypto/random.h"
#include "mechanisms/families.h"
#include "mechanisms/ml_kem_internal.h"
#include "mechanisms/registry.h"

namespace craton::mech {
namespace {
using namespace kem;

Result<Encapsulation> encapsulate(const MechContext& ctx, MutableByteView ciphertext_out) {
  TRY_STATUS(require_no_param(*ctx.mechanism));
  TRY_ASSIGN(auto key, ml_kem_encaps_key_for(*ctx.key));
  const std::size_t ct_len = pqc::ml_kem_ct_size(key->params());
  if (ciphertext_out.empty()) return Encapsulation{ct_len, {}};  // length query: no randomness drawn
  if (ciphertext_out.size() < ct_len) return buffer_too_small(ct_len);
  SecureBytes m(pqc::kMlKemMessageSize);
  TRY_STATUS(crypto::random_bytes(m));
  TRY_ASSIGN(pqc::MlKemEncapsulation enc, key->encaps(m.view()));
  std::copy(enc.ciphertext.begin(), enc.ciphertext.end(), ciphertext_out.begin());
  return Encapsulation{ct_len, std::move(enc.shared_secret)};
}

Result<SecureBytes> decapsulate(const MechContext& ctx, ByteView ciphertext) {
  TRY_STATUS(require_no_param(*ctx.mechanism));
  TRY_ASSIGN(auto key, ml_kem_decaps_key_for(*ctx.key));
  if (ciphertext.size() != pqc::ml_kem_ct_size(key->params())) return err(CKR_ENCRYPTED_DATA_LEN_RANGE);
  return key->decaps(ciphertext);
}

}  // namespace

namespace kem {
void add_kem_rows(Registry& r, const KemRows& rows) {
  auto row = [&](const pqc_keys::MechName& m, CK_FLAGS flags) {
    return pqc_keys::pqc_row(m.type, m.name, flags, rows.min_key_size, rows.max_key_size);
  };
  MechanismEntry keygen = row(rows.keygen, CKF_GENERATE_KEY_PAIR);
  keygen.generate_key_pair = rows.generate;
  r.add(keygen);
  MechanismEntry kem_row = row(rows.kem, CKF_ENCAPSULATE | CKF_DECAPSULATE);
  kem_row.encapsulate = rows.encapsulate;
  kem_row.decapsulate = rows.decapsulate;
  r.add(kem_row);
  add_key_import_check(KeyImportCheck{rows.key_type, rows.check_import});
}
}  // namespace kem

void register_pqc_kem(Registry& r) {
  add_kem_rows(r, KemRows{{CKM_ML_KEM_KEY_PAIR_GEN, "CKM_ML_KEM_KEY_PAIR_GEN"},
                          {CKM_ML_KEM, "CKM_ML_KEM"},
                          CKK_ML_KEM,
                          static_cast<CK_ULONG>(pqc::ml_kem_ek_size(pqc::MlKemParams::k512)),
                          static_cast<CK_ULONG>(pqc::ml_kem_ek_size(pqc::MlKemParams::k1024)),
                          generate_ml_kem,
                          encapsulate,
                          decapsulate,
                          check_ml_kem_import});
  add_xwing_rows(r);
}

}  // namespace craton::mech
