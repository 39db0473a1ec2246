#include "crypto/ossl/internal/pkey_build.h"
#include "crypto/ossl/internal/keymgmt_names.h"

#include <climits>

namespace craton::crypto::ossl {

ParamBuilder::ParamBuilder() : bld_(OSSL_PARAM_BLD_new()) { failed_ = bld_ == nullptr; }

ParamBuilder& ParamBuilder::bn(const char* key, ByteView big_endian, bool secret) {
  if (failed_) return *this;
  if (big_endian.size() > INT_MAX) {
    failed_ = true;
    return *this;
  }
  BignumPtr b(secret ? BN_secure_new() : BN_new());
  if (b == nullptr || BN_bin2bn(big_endian.data(), static_cast<int>(big_endian.size()), b.get()) == nullptr ||
      OSSL_PARAM_BLD_push_BN(bld_.get(), key, b.get()) != 1) {
    failed_ = true;
    return *this;
  }
  bns_.push_back(std::move(b));
  return *this;
}

ParamBuilder& ParamBuilder::utf8(const char* key, const char* value) {
  if (!failed_ && OSSL_PARAM_BLD_push_utf8_string(bld_.get(), key, value, 0) != 1) failed_ = true;
  return *this;
}

ParamBuilder& ParamBuilder::octets(const char* key, ByteView value) {
  if (!failed_ && OSSL_PARAM_BLD_push_octet_string(bld_.get(), key, value.data(), value.size()) != 1)
    failed_ = true;
  return *this;
}

ParamBuilder& ParamBuilder::size(const char* key, std::size_t value) {
  if (!failed_ && OSSL_PARAM_BLD_push_size_t(bld_.get(), key, value) != 1) failed_ = true;
  return *this;
}

Result<ParamsPtr> ParamBuilder::build() {
  if (failed_) return drain(CKR_HOST_MEMORY);
  ParamsPtr params(OSSL_PARAM_BLD_to_param(bld_.get()));
  if (params == nullptr) return drain(CKR_HOST_MEMORY);
  return params;
}

Result<EvpPkeyPtr> pkey_from_params(const char* key_type, int selection, const OSSL_PARAM* params, CK_RV fail_rv) {
  EvpPkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(libctx(), keymgmt_name(key_type), nullptr));
  if (ctx == nullptr) return drain(CKR_FUNCTION_FAILED);
  if (EVP_PKEY_fromdata_init(ctx.get()) != 1) return drain(CKR_FUNCTION_FAILED);
  EVP_PKEY* pkey = nullptr;
  // fromdata copies the parameters, so they may go away afterwards.
  if (EVP_PKEY_fromdata(ctx.get(), &pkey, selection, const_cast<OSSL_PARAM*>(params)) != 1 || pkey == nullptr)
    return drain(fail_rv);
  return EvpPkeyPtr(pkey);
}

std::optional<SecureBytes> get_bn_param(const EVP_PKEY* pkey, const char* key) {
  BIGNUM* raw = nullptr;
  if (EVP_PKEY_get_bn_param(pkey, key, &raw) != 1 || raw == nullptr) {
    ERR_clear_error();
    return std::nullopt;
  }
  BignumPtr b(raw);
  SecureBytes out(static_cast<std::size_t>(BN_num_bytes(b.get())));
  if (out.empty()) return SecureBytes(1, 0);
  BN_bn2bin(b.get(), out.data());
  return out;
}

}  // namespace craton::crypto::ossl
