// SLH-DSA family (FIPS 205, PKCS#11 3.2): CKM_SLH_DSA_KEY_PAIR_GEN,
// CKM_SLH_DSA, CKM_HASH_SLH_DSA and CKM_HASH_SLH_DSA_<hash>. Mechanism
// parameters are parsed here, keys live in slh_dsa_keys.cc, the operations
// in slh_dsa_ops.cc.
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
#include <algorithm>
#include <iterator>
#include <optional>

#include "mechanisms/families.h"
#include "mechanisms/registry.h"
#include "mechanisms/slh_dsa_internal.h"

namespace craton::mech {
namespace {
using namespace slh;
using pqc::SlhPreHash;

constexpr std::size_t kMaxContext = 255;  // FIPS 205: |ctx| fits one byte

Status set_context(SignParams& out, const CK_BYTE* context, CK_ULONG len) {
  if (len > kMaxContext || (len != 0 && context == nullptr)) return err(CKR_MECHANISM_PARAM_INVALID);
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

// The optional CK_SIGN_ADDITIONAL_CONTEXT of CKM_SLH_DSA and CKM_HASH_SLH_DSA_<hash>.
Result<SignParams> parse_optional_context(const CK_MECHANISM& m, MessageForm form, bool for_verify) {
  SignParams out;
  out.form = form;
  if (m.ulParameterLen == 0) return out;
  TRY_ASSIGN(const CK_SIGN_ADDITIONAL_CONTEXT* p, param_as<CK_SIGN_ADDITIONAL_CONTEXT>(m));
  TRY_STATUS(set_hedge(out, p->hedgeVariant, for_verify));
  TRY_STATUS(set_context(out, p->pContext, p->ulContextLen));
  return out;
}

std::optional<SlhPreHash> prehash_for_digest(CK_MECHANISM_TYPE hash) {
  switch (hash) {
    case CKM_SHA224: return SlhPreHash::kSha224;
    case CKM_SHA256: return SlhPreHash::kSha256;
    case CKM_SHA384: return SlhPreHash::kSha384;
    case CKM_SHA512: return SlhPreHash::kSha512;
    case CKM_SHA512_224: return SlhPreHash::kSha512_224;
    case CKM_SHA512_256: return SlhPreHash::kSha512_256;
    case CKM_SHA3_224: return SlhPreHash::kSha3_224;
    case CKM_SHA3_256: return SlhPreHash::kSha3_256;
    case CKM_SHA3_384: return SlhPreHash::kSha3_384;
    case CKM_SHA3_512: return SlhPreHash::kSha3_512;
    default: return std::nullopt;
  }
}

// CKM_HASH_SLH_DSA: CK_HASH_SIGN_ADDITIONAL_CONTEXT is required.
Result<SignParams> parse_hash_context(const CK_MECHANISM& m, bool for_verify) {
  SignParams out;
  out.form = MessageForm::kGivenDigest;
  TRY_ASSIGN(const CK_HASH_SIGN_ADDITIONAL_CONTEXT* p, param_as<CK_HASH_SIGN_ADDITIONAL_CONTEXT>(m));
  const std::optional<SlhPreHash> alg = prehash_for_digest(p->hash);
  if (!alg) return err(CKR_MECHANISM_PARAM_INVALID);
  out.prehash = *alg;
  TRY_STATUS(set_hedge(out, p->hedgeVariant, for_verify));
  TRY_STATUS(set_context(out, p->pContext, p->ulContextLen));
  return out;
}

// One row per CKM_HASH_SLH_DSA_<hash> in pkcs11t.h: the pre-hash the token computes.
struct TokenHashRow {
  CK_MECHANISM_TYPE type;
  std::string_view name;
  SlhPreHash alg;
};
constexpr TokenHashRow kTokenHashRows[] = {
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

Result<SignParams> parse_token_hash(const CK_MECHANISM& m, bool for_verify) {
  TRY_ASSIGN(SignParams out, parse_optional_context(m, MessageForm::kTokenHash, for_verify));
  auto row = std::find_if(std::begin(kTokenHashRows), std::end(kTokenHashRows),
                          [&](const TokenHashRow& r) { return r.type == m.mechanism; });
  if (row == std::end(kTokenHashRows)) return err(CKR_MECHANISM_INVALID);
  out.prehash = row->alg;
  return out;
}

// The parameter is parsed before the key is looked at, so a bad parameter is
// CKR_MECHANISM_PARAM_INVALID whatever the key.
Result<std::unique_ptr<SignOperation>> sign_pure(const MechContext& ctx) {
  TRY_ASSIGN(SignParams p, parse_optional_context(*ctx.mechanism, MessageForm::kPure, false));
  return make_slh_dsa_sign(ctx, std::move(p));
}
Result<std::unique_ptr<VerifyOperation>> verify_pure(const MechContext& ctx) {
  TRY_ASSIGN(SignParams p, parse_optional_context(*ctx.mechanism, MessageForm::kPure, true));
  return make_slh_dsa_verify(ctx, std::move(p));
}
Result<std::unique_ptr<SignOperation>> sign_given_digest(const MechContext& ctx) {
  TRY_ASSIGN(SignParams p, parse_hash_context(*ctx.mechanism, false));
  return make_slh_dsa_sign(ctx, std::move(p));
}
Result<std::unique_ptr<VerifyOperation>> verify_given_digest(const MechContext& ctx) {
  TRY_ASSIGN(SignParams p, parse_hash_context(*ctx.mechanism, true));
  return make_slh_dsa_verify(ctx, std::move(p));
}
Result<std::unique_ptr<SignOperation>> sign_token_hash(const MechContext& ctx) {
  TRY_ASSIGN(SignParams p, parse_token_hash(*ctx.mechanism, false));
  return make_slh_dsa_sign(ctx, std::move(p));
}
Result<std::unique_ptr<VerifyOperation>> verify_token_hash(const MechContext& ctx) {
  TRY_ASSIGN(SignParams p, parse_token_hash(*ctx.mechanism, true));
  return make_slh_dsa_verify(ctx, std::move(p));
}

MechanismEntry row(CK_MECHANISM_TYPE type, std::string_view name, CK_FLAGS flags) {
  MechanismEntry e;
  e.type = type;
  e.name = name;
  e.min_key_size = static_cast<CK_ULONG>(pqc::slh_dsa_pk_bytes(pqc::SlhDsaParams::kSha2_128s));
  e.max_key_size = static_cast<CK_ULONG>(pqc::slh_dsa_pk_bytes(pqc::SlhDsaParams::kSha2_256f));
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

void register_pqc_slh_dsa(Registry& r) {
  MechanismEntry keygen = row(CKM_SLH_DSA_KEY_PAIR_GEN, "CKM_SLH_DSA_KEY_PAIR_GEN", CKF_GENERATE_KEY_PAIR);
  keygen.generate_key_pair = generate_slh_dsa;
  r.add(keygen);
  r.add(signature_row(CKM_SLH_DSA, "CKM_SLH_DSA", sign_pure, verify_pure));
  r.add(signature_row(CKM_HASH_SLH_DSA, "CKM_HASH_SLH_DSA", sign_given_digest, verify_given_digest));
  for (const TokenHashRow& t : kTokenHashRows) r.add(signature_row(t.type, t.name, sign_token_hash, verify_token_hash));
  add_key_import_check(KeyImportCheck{CKK_SLH_DSA, check_slh_dsa_import});
}

}  // namespace craton::mech
