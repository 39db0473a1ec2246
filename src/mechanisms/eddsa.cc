// CKM_EDDSA (single-part) with the optional CK_EDDSA_PARAMS:
//   no parameter                       -> Ed25519 / Ed448
//   phFlag = FALSE, empty context      -> Ed25519 / Ed448
//   phFlag = FALSE, context            -> Ed25519ctx / Ed448 with context
//   phFlag = TRUE                      -> Ed25519ph / Ed448ph (context optional)
// With phFlag the caller passes the message; the token computes PH(M).
#include "mechanisms/ec_common.h"

namespace craton::mech::ec {
namespace {

struct ParsedParams {
  crypto::EddsaMode mode = crypto::EddsaMode::kPure;
  Bytes context;  // copied: the caller's buffer is only valid during init
};

Result<ParsedParams> parse_params(const CK_MECHANISM& m) {
  ParsedParams out;
  if (m.ulParameterLen == 0) return out;  // some callers pass a pointer with length 0
  TRY_ASSIGN(const CK_EDDSA_PARAMS* p, param_as<CK_EDDSA_PARAMS>(m));
  if (p->ulContextDataLen > 255 || (p->ulContextDataLen != 0 && p->pContextData == nullptr))
    return err(CKR_MECHANISM_PARAM_INVALID);
  if (p->ulContextDataLen != 0) out.context.assign(p->pContextData, p->pContextData + p->ulContextDataLen);
  if (p->phFlag != CK_FALSE)
    out.mode = crypto::EddsaMode::kPrehash;
  else if (!out.context.empty())
    out.mode = crypto::EddsaMode::kContext;
  return out;
}

crypto::EddsaParams view(const ParsedParams& p) { return crypto::EddsaParams{p.mode, p.context}; }

// Single-part only: update() just collects the message for final().
class EddsaSignOp final : public SignOperation {
 public:
  EddsaSignOp(crypto::OkpKeyRef key, ParsedParams params) : key_(std::move(key)), params_(std::move(params)) {}
  std::size_t signature_size() const override { return crypto::eddsa_signature_bytes(key_->curve); }
  bool multipart() const override { return false; }
  Status update(ByteView data) override {
    message_.insert(message_.end(), data.begin(), data.end());
    return Status::ok();
  }
  Result<std::size_t> final(MutableByteView out) override { return sign(message_, out); }
  Result<std::size_t> sign(ByteView data, MutableByteView out) override {
    if (out.size() < signature_size()) return buffer_too_small(signature_size());
    TRY_STATUS(crypto::eddsa_sign(*key_, view(params_), data, out));
    return signature_size();
  }

 private:
  crypto::OkpKeyRef key_;
  ParsedParams params_;
  Bytes message_;
};

class EddsaVerifyOp final : public VerifyOperation {
 public:
  EddsaVerifyOp(crypto::OkpKeyRef key, ParsedParams params) : key_(std::move(key)), params_(std::move(params)) {}
  bool multipart() const override { return false; }
  Status update(ByteView data) override {
    message_.insert(message_.end(), data.begin(), data.end());
    return Status::ok();
  }
  Status final(ByteView signature) override { return verify(message_, signature); }
  Status verify(ByteView data, ByteView signature) override {
    return crypto::eddsa_verify(*key_, view(params_), data, signature);
  }

 private:
  crypto::OkpKeyRef key_;
  ParsedParams params_;
  Bytes message_;
};

// The parameter is parsed before the key is looked at, so a bad parameter
// is reported as CKR_MECHANISM_PARAM_INVALID whatever the key.
Result<std::unique_ptr<SignOperation>> make_sign(const MechContext& ctx) {
  TRY_ASSIGN(ParsedParams params, parse_params(*ctx.mechanism));
  TRY_STATUS(require_key(ctx, CKK_EC_EDWARDS, CKO_PRIVATE_KEY));
  TRY_ASSIGN(crypto::OkpKeyRef key, okp_key_for(*ctx.key));
  return std::unique_ptr<SignOperation>(std::make_unique<EddsaSignOp>(std::move(key), std::move(params)));
}

Result<std::unique_ptr<VerifyOperation>> make_verify(const MechContext& ctx) {
  TRY_ASSIGN(ParsedParams params, parse_params(*ctx.mechanism));
  TRY_STATUS(require_key(ctx, CKK_EC_EDWARDS, CKO_PUBLIC_KEY, CKO_PRIVATE_KEY));
  TRY_ASSIGN(crypto::OkpKeyRef key, okp_key_for(*ctx.key));
  return std::unique_ptr<VerifyOperation>(std::make_unique<EddsaVerifyOp>(std::move(key), std::move(params)));
}

}  // namespace

void add_eddsa_rows(Registry& r) {
  MechanismEntry e;
  e.type = CKM_EDDSA;
  e.name = "CKM_EDDSA";
  e.min_key_size = 255;
  e.max_key_size = 448;
  e.flags = CKF_SIGN | CKF_VERIFY | kOkpInfoFlags;
  e.fips_approved = true;  // FIPS 186-5
  e.sign = make_sign;
  e.verify = make_verify;
  r.add(e);
}

}  // namespace craton::mech::ec
