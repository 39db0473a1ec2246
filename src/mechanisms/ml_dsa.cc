// ML-DSA family (FIPS 204, PKCS#11 3.2): CKM_ML_DSA_KEY_PAIR_GEN,
// CKM_ML_DSA, CKM_HASH_ML_DSA and CKM_HASH_ML_DSA_<hash>; the mechanism
// parameters are parsed here, keys live in ml_dsa_keys.cc, the operations
// in ml_dsa_ops.cc.
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
#include <algorithm>
#include <iterator>
#include <optional>

#include "mechanisms/families.h"
#include "mechanisms/ml_dsa_internal.h"
#include "mechanisms/registry.h"

namespace craton::mech {
namespace {
using namespace dsa;
using pqc::MlDsaPreHash;

Status set_context(SignParams& out, const CK_BYTE* context, CK_ULONG len) {
  if (len > pqc::kMlDsaMaxContextSize || (len != 0 && context == nullptr)) return err(CKR_MECHANISM_PARAM_INVALID);
  if (len != 0) out.context.assign(context, context + len);
  return Status::ok();
}

Status set_hedge(SignParams& out, CK_HEDGE_TYPE hedge, bool for_verify) {
  if (for_verify) return Status::ok();  // the spec: hedgeVariant is ignored on verify
  switch (hedge) {
    case CKH_HEDGE_PREFERRED:
    case CKH_HEDGE_REQUIRED: out.deterministic = false; return Status::ok();
    case CKH_DETERMINISTIC_REQUIRED: out.deterministic = true; return Status::ok();
    default: return err(CKR_MECHANISM_PARAM_INVALID);
  }
}

// The optional CK_SIGN_ADDITIONAL_CONTEXT of CKM_ML_DSA and CKM_HASH_ML_DSA_<hash>.
Result<SignParams> parse_optional_context(const CK_MECHANISM& m, MessageForm form, bool for_verify) {
  SignParams out;
  out.form = form;
  if (m.ulParameterLen == 0) return out;
  TRY_ASSIGN(const CK_SIGN_ADDITIONAL_CONTEXT* p, param_as<CK_SIGN_ADDITIONAL_CONTEXT>(m));
  TRY_STATUS(set_hedge(out, p->hedgeVariant, for_verify));
  TRY_STATUS(set_context(out, p->pContext, p->ulContextLen));
  return out;
}

std::optional<MlDsaPreHash> prehash_for_digest(CK_MECHANISM_TYPE hash) {
  switch (hash) {
    case CKM_SHA224: return MlDsaPreHash::kSha224;
    case CKM_SHA256: return MlDsaPreHash::kSha256;
    case CKM_SHA384: return MlDsaPreHash::kSha384;
    case CKM_SHA512: return MlDsaPreHash::kSha512;
    case CKM_SHA512_224: return MlDsaPreHash::kSha512_224;
    case CKM_SHA512_256: return MlDsaPreHash::kSha512_256;
    case CKM_SHA3_224: return MlDsaPreHash::kSha3_224;
    case CKM_SHA3_256: return MlDsaPreHash::kSha3_256;
    case CKM_SHA3_384: return MlDsaPreHash::kSha3_384;
    case CKM_SHA3_512: return MlDsaPreHash::kSha3_512;
    default: return std::nullopt;
  }
}

// CKM_HASH_ML_DSA: CK_HASH_SIGN_ADDITIONAL_CONTEXT is required.
Result<SignParams> parse_hash_context(const CK_MECHANISM& m, bool for_verify) {
  SignParams out;
  out.form = MessageForm::kGivenDigest;
  TRY_ASSIGN(const CK_HASH_SIGN_ADDITIONAL_CONTEXT* p, param_as<CK_HASH_SIGN_ADDITIONAL_CONTEXT>(m));
  const std::optional<MlDsaPreHash> alg = prehash_for_digest(p->hash);
  if (!alg) return err(CKR_MECHANISM_PARAM_INVALID);
  out.prehash = *alg;
  TRY_STATUS(set_hedge(out, p->hedgeVariant, for_verify));
  TRY_STATUS(set_context(out, p->pContext, p->ulContextLen));
  return out;
}

// One row per CKM_HASH_ML_DSA_<hash>: the pre-hash the token computes.
struct TokenHashRow {
  CK_MECHANISM_TYPE type;
  std::string_view name;
  MlDsaPreHash alg;
};
constexpr TokenHashRow kTokenHashRows[] = {
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

Result<SignParams> parse_token_hash(const CK_MECHANISM& m, bool for_verify) {
  TRY_ASSIGN(SignParams out, parse_optional_context(m, MessageForm::kTokenHash, for_verify));
  auto row = std::find_if(std::begin(kTokenHashRows), std::end(kTokenHashRows),
                          [&](const TokenHashRow& r) { return r.type == m.mechanism; });
  if (row == std::end(kTokenHashRows)) return err(CKR_MECHANISM_INVALID);
  out.prehash = row->alg;
  return out;
}

// Factories: the parameter is parsed before the key is looked at, so a bad
// parameter is CKR_MECHANISM_PARAM_INVALID whatever the key.
Result<std::unique_ptr<SignOperation>> sign_pure(const MechContext& ctx) {
  TRY_ASSIGN(SignParams p, parse_optional_context(*ctx.mechanism, MessageForm::kPure, false));
  return make_ml_dsa_sign(ctx, std::move(p));
}
Result<std::unique_ptr<VerifyOperation>> verify_pure(const MechContext& ctx) {
  TRY_ASSIGN(SignParams p, parse_optional_context(*ctx.mechanism, MessageForm::kPure, true));
  return make_ml_dsa_verify(ctx, std::move(p));
}
Result<std::unique_ptr<SignOperation>> sign_given_digest(const MechContext& ctx) {
  TRY_ASSIGN(SignParams p, parse_hash_context(*ctx.mechanism, false));
  return make_ml_dsa_sign(ctx, std::move(p));
}
Result<std::unique_ptr<VerifyOperation>> verify_given_digest(const MechContext& ctx) {
  TRY_ASSIGN(SignParams p, parse_hash_context(*ctx.mechanism, true));
  return make_ml_dsa_verify(ctx, std::move(p));
}
Result<std::unique_ptr<SignOperation>> sign_token_hash(const MechContext& ctx) {
  TRY_ASSIGN(SignParams p, parse_token_hash(*ctx.mechanism, false));
  return make_ml_dsa_sign(ctx, std::move(p));
}
Result<std::unique_ptr<VerifyOperation>> verify_token_hash(const MechContext& ctx) {
  TRY_ASSIGN(SignParams p, parse_token_hash(*ctx.mechanism, true));
  return make_ml_dsa_verify(ctx, std::move(p));
}

MechanismEntry row(CK_MECHANISM_TYPE type, std::string_view name, CK_FLAGS flags) {
  MechanismEntry e;
  e.type = type;
  e.name = name;
  e.min_key_size = static_cast<CK_ULONG>(pqc::ml_dsa_public_key_size(pqc::MlDsaParams::k44));
  e.max_key_size = static_cast<CK_ULONG>(pqc::ml_dsa_public_key_size(pqc::MlDsaParams::k87));
  e.flags = flags;
  e.fips_approved = false;
  return e;
}

MechanismEntry signature_row(CK_MECHANISM_TYPE type, std::string_view name, SignFactory sign, VerifyFactory verify) {
  MechanismEntry e = row(type, name, CKF_SIGN | CKF_VERIFY);
  e.sign = sign;
  e.verify = verify;
  return e;
}

}  // namespace

void register_pqc_ml_dsa(Registry& r) {
  MechanismEntry keygen = row(CKM_ML_DSA_KEY_PAIR_GEN, "CKM_ML_DSA_KEY_PAIR_GEN", CKF_GENERATE_KEY_PAIR);
  keygen.generate_key_pair = generate_ml_dsa;
  r.add(keygen);
  r.add(signature_row(CKM_ML_DSA, "CKM_ML_DSA", sign_pure, verify_pure));
  r.add(signature_row(CKM_HASH_ML_DSA, "CKM_HASH_ML_DSA", sign_given_digest, verify_given_digest));
  for (const TokenHashRow& t : kTokenHashRows) r.add(signature_row(t.type, t.name, sign_token_hash, verify_token_hash));
  add_key_import_check(KeyImportCheck{CKK_ML_DSA, check_ml_dsa_import});
}

}  // namespace craton::mech
