// Building EVP_PKEYs from components (EVP_PKEY_fromdata) and reading
// components back, shared by the asymmetric key families (RSA, EC ...).
// Included only by .cc files under crypto/ossl/.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include "core/result.h"
#include "core/secure_memory.h"
#include "crypto/ossl/internal/handles.h"

namespace craton::crypto::ossl {

// Collects OSSL_PARAMs for EVP_PKEY_fromdata. Values marked secret are held
// in secure BIGNUMs and end up in the secure part of the parameter array,
// which OSSL_PARAM_free clears.
class ParamBuilder {
 public:
  ParamBuilder();
  ParamBuilder(const ParamBuilder&) = delete;
  ParamBuilder& operator=(const ParamBuilder&) = delete;

  // A big-endian unsigned integer (leading zeros allowed).
  ParamBuilder& bn(const char* key, ByteView big_endian, bool secret);
  ParamBuilder& utf8(const char* key, const char* value);
  ParamBuilder& octets(const char* key, ByteView value);
  ParamBuilder& size(const char* key, std::size_t value);
  // The array, or CKR_HOST_MEMORY / CKR_FUNCTION_FAILED if any push failed.
  Result<ParamsPtr> build();

 private:
  ParamBldPtr bld_;
  std::vector<BignumPtr> bns_;  // pushed BIGNUMs are read at build() time
  bool failed_ = false;
};

// EVP_PKEY_fromdata for `key_type` ("RSA", "EC" ...) in libctx(). `selection`
// is EVP_PKEY_PUBLIC_KEY or EVP_PKEY_KEYPAIR. Returns `fail_rv` (drained) if
// OpenSSL rejects the components.
Result<EvpPkeyPtr> pkey_from_params(const char* key_type, int selection, const OSSL_PARAM* params, CK_RV fail_rv);

// A BIGNUM parameter of `pkey` as big-endian bytes without leading zeros
// (a zero value gives one 0x00 byte); nullopt if the key lacks it.
std::optional<SecureBytes> get_bn_param(const EVP_PKEY* pkey, const char* key);

}  // namespace craton::crypto::ossl
