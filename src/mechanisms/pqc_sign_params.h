// What the PQC signature families (ML-DSA, SLH-DSA) share: the parsed
// CK_SIGN_ADDITIONAL_CONTEXT / CK_HASH_SIGN_ADDITIONAL_CONTEXT, and the
// pure / given-digest / token-hash factories and rows they register. The
// two families differ only in their pre-hash enum, context limit, key sizes
// and operation constructors, which a traits struct supplies (see
// ml_dsa.cc, slh_dsa.cc). Internal to src/mechanisms.
#pragma once

#include <algorithm>
#include <cstddef>
#include <iterator>
#include <memory>
#include <optional>
#include <string_view>

#include "core/result.h"
#include "core/secure_memory.h"
#include "mechanisms/pqc_keys.h"
#include "mechanisms/registry.h"

namespace craton::mech::pqc_sign {

using pqc_keys::MechName;
using pqc_keys::pqc_row;

// How the caller's input becomes the signed message.
enum class MessageForm {
  kPure,         // CKM_<ALG>: M' = 0 || |ctx| || ctx || M
  kGivenDigest,  // CKM_HASH_<ALG>: input is PH(M), single-part
  kTokenHash,    // CKM_HASH_<ALG>_<hash>: the token computes PH(M)
};

// A parsed CK_SIGN_ADDITIONAL_CONTEXT / CK_HASH_SIGN_ADDITIONAL_CONTEXT.
// PreHash is the family's enum (pqc::MlDsaPreHash, pqc::SlhPreHash); both
// name their hashes kSha224 .. kShake256.
template <class PreHash>
struct SignParams {
  MessageForm form = MessageForm::kPure;
  bool deterministic = false;        // CKH_DETERMINISTIC_REQUIRED
  Bytes context;                     // copied: the caller's buffer lives only during init
  PreHash prehash = PreHash::kSha256;  // unless kPure
};

// hedgeVariant: CKH_HEDGE_PREFERRED / _REQUIRED hedge, CKH_DETERMINISTIC_REQUIRED
// does not, anything else is CKR_MECHANISM_PARAM_INVALID when signing. The
// spec says it is ignored on verify.
Status set_hedge(bool& deterministic, CK_HEDGE_TYPE hedge, bool for_verify);
// The context string, at most max_len bytes (CKR_MECHANISM_PARAM_INVALID).
Status set_context(Bytes& out, const CK_BYTE* context, CK_ULONG len, std::size_t max_len);

// CKM_HASH_<ALG> names PH with a digest mechanism. PKCS#11 3.2 has no SHAKE
// digest mechanism, so SHAKE pre-hashes are only reachable through the
// CKM_HASH_<ALG>_SHAKE* rows.
template <class PreHash>
std::optional<PreHash> prehash_for_digest(CK_MECHANISM_TYPE hash) {
  switch (hash) {
    case CKM_SHA224: return PreHash::kSha224;
    case CKM_SHA256: return PreHash::kSha256;
    case CKM_SHA384: return PreHash::kSha384;
    case CKM_SHA512: return PreHash::kSha512;
    case CKM_SHA512_224: return PreHash::kSha512_224;
    case CKM_SHA512_256: return PreHash::kSha512_256;
    case CKM_SHA3_224: return PreHash::kSha3_224;
    case CKM_SHA3_256: return PreHash::kSha3_256;
    case CKM_SHA3_384: return PreHash::kSha3_384;
    case CKM_SHA3_512: return PreHash::kSha3_512;
    default: return std::nullopt;
  }
}

// One row per CKM_HASH_<ALG>_<hash>: the pre-hash the token computes.
template <class PreHash>
struct TokenHashRow {
  CK_MECHANISM_TYPE type;
  std::string_view name;
  PreHash alg;
};

// The mechanism rows of one family. F supplies:
//   using PreHash;  kMaxContext;  kKeyType;
//   kKeyPairGen, kPure, kGivenDigest: MechName of CKM_<ALG>_KEY_PAIR_GEN, CKM_<ALG>, CKM_HASH_<ALG>;
//   kTokenHashRows: the CKM_HASH_<ALG>_<hash> rows;
//   min_key_size(), max_key_size(): public-key bytes;
//   generate, check_import, make_sign, make_verify: the family's functions.
template <class F>
class SignFamily {
 public:
  using PreHash = typename F::PreHash;
  using Params = SignParams<PreHash>;

  static void register_rows(Registry& r) {
    MechanismEntry keygen = row(F::kKeyPairGen.type, F::kKeyPairGen.name, CKF_GENERATE_KEY_PAIR);
    keygen.generate_key_pair = F::generate;
    r.add(keygen);
    r.add(signature_row(F::kPure.type, F::kPure.name, sign<parse_pure>, verify<parse_pure>));
    r.add(signature_row(F::kGivenDigest.type, F::kGivenDigest.name, sign<parse_hash_context>,
                        verify<parse_hash_context>));
    for (const TokenHashRow<PreHash>& t : F::kTokenHashRows)
      r.add(signature_row(t.type, t.name, sign<parse_token_hash>, verify<parse_token_hash>));
    add_key_import_check(KeyImportCheck{F::kKeyType, F::check_import});
  }

 private:
  using Parser = Result<Params> (*)(const CK_MECHANISM& m, bool for_verify);

  // The optional CK_SIGN_ADDITIONAL_CONTEXT of CKM_<ALG> and CKM_HASH_<ALG>_<hash>;
  // an empty parameter (ulParameterLen 0, any pointer) means "no parameter".
  static Result<Params> parse_optional_context(const CK_MECHANISM& m, MessageForm form, bool for_verify) {
    Params out;
    out.form = form;
    if (m.ulParameterLen == 0) return out;
    TRY_ASSIGN(const CK_SIGN_ADDITIONAL_CONTEXT* p, param_as<CK_SIGN_ADDITIONAL_CONTEXT>(m));
    TRY_STATUS(set_hedge(out.deterministic, p->hedgeVariant, for_verify));
    TRY_STATUS(set_context(out.context, p->pContext, p->ulContextLen, F::kMaxContext));
    return out;
  }

  static Result<Params> parse_pure(const CK_MECHANISM& m, bool for_verify) {
    return parse_optional_context(m, MessageForm::kPure, for_verify);
  }

  // CKM_HASH_<ALG>: CK_HASH_SIGN_ADDITIONAL_CONTEXT is required.
  static Result<Params> parse_hash_context(const CK_MECHANISM& m, bool for_verify) {
    Params out;
    out.form = MessageForm::kGivenDigest;
    TRY_ASSIGN(const CK_HASH_SIGN_ADDITIONAL_CONTEXT* p, param_as<CK_HASH_SIGN_ADDITIONAL_CONTEXT>(m));
    const std::optional<PreHash> alg = prehash_for_digest<PreHash>(p->hash);
    if (!alg) return err(CKR_MECHANISM_PARAM_INVALID);
    out.prehash = *alg;
    TRY_STATUS(set_hedge(out.deterministic, p->hedgeVariant, for_verify));
    TRY_STATUS(set_context(out.context, p->pContext, p->ulContextLen, F::kMaxContext));
    return out;
  }

  static Result<Params> parse_token_hash(const CK_MECHANISM& m, bool for_verify) {
    TRY_ASSIGN(Params out, parse_optional_context(m, MessageForm::kTokenHash, for_verify));
    auto row = std::find_if(std::begin(F::kTokenHashRows), std::end(F::kTokenHashRows),
                            [&](const TokenHashRow<PreHash>& r) { return r.type == m.mechanism; });
    if (row == std::end(F::kTokenHashRows)) return err(CKR_MECHANISM_INVALID);
    out.prehash = row->alg;
    return out;
  }

  // Factories: the parameter is parsed before the key is looked at, so a bad
  // parameter is CKR_MECHANISM_PARAM_INVALID whatever the key.
  template <Parser parse>
  static Result<std::unique_ptr<SignOperation>> sign(const MechContext& ctx) {
    TRY_ASSIGN(Params p, parse(*ctx.mechanism, false));
    return F::make_sign(ctx, std::move(p));
  }
  template <Parser parse>
  static Result<std::unique_ptr<VerifyOperation>> verify(const MechContext& ctx) {
    TRY_ASSIGN(Params p, parse(*ctx.mechanism, true));
    return F::make_verify(ctx, std::move(p));
  }

  static MechanismEntry row(CK_MECHANISM_TYPE type, std::string_view name, CK_FLAGS flags) {
    return pqc_row(type, name, flags, F::min_key_size(), F::max_key_size());
  }
  static MechanismEntry signature_row(CK_MECHANISM_TYPE type, std::string_view name, SignFactory sign_fn,
                                      VerifyFactory verify_fn) {
    MechanismEntry e = row(type, name, CKF_SIGN | CKF_VERIFY);
    e.sign = sign_fn;
    e.verify = verify_fn;
    return e;
  }
};

}  // namespace craton::mech::pqc_sign
