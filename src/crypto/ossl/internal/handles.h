// RAII owners for OpenSSL handles and the shared library context. Included
// only by .cc files under crypto/ossl/: nothing above this layer sees OpenSSL.
#pragma once

#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/param_build.h>

#include <memory>

#include "core/result.h"

namespace craton::crypto::ossl {

template <auto Fn>
struct Deleter {
  template <class T>
  void operator()(T* p) const noexcept { Fn(p); }
};

using EvpMdCtxPtr = std::unique_ptr<EVP_MD_CTX, Deleter<EVP_MD_CTX_free>>;
using EvpMdPtr = std::unique_ptr<EVP_MD, Deleter<EVP_MD_free>>;
using EvpCipherCtxPtr = std::unique_ptr<EVP_CIPHER_CTX, Deleter<EVP_CIPHER_CTX_free>>;
using EvpCipherPtr = std::unique_ptr<EVP_CIPHER, Deleter<EVP_CIPHER_free>>;
using EvpPkeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY_free>>;
using EvpPkeyCtxPtr = std::unique_ptr<EVP_PKEY_CTX, Deleter<EVP_PKEY_CTX_free>>;
using EvpMacPtr = std::unique_ptr<EVP_MAC, Deleter<EVP_MAC_free>>;
using EvpMacCtxPtr = std::unique_ptr<EVP_MAC_CTX, Deleter<EVP_MAC_CTX_free>>;
using EvpKdfPtr = std::unique_ptr<EVP_KDF, Deleter<EVP_KDF_free>>;
using EvpKdfCtxPtr = std::unique_ptr<EVP_KDF_CTX, Deleter<EVP_KDF_CTX_free>>;
using BignumPtr = std::unique_ptr<BIGNUM, Deleter<BN_clear_free>>;
using ParamBldPtr = std::unique_ptr<OSSL_PARAM_BLD, Deleter<OSSL_PARAM_BLD_free>>;
using ParamsPtr = std::unique_ptr<OSSL_PARAM, Deleter<OSSL_PARAM_free>>;

// The library context every fetch and key operation uses (default provider,
// or the FIPS provider when configured). Valid after crypto::init().
OSSL_LIB_CTX* libctx();

// Clears OpenSSL's thread error queue so a failure never leaks into the
// next, unrelated call, and returns the given error.
Error drain(CK_RV rv);

// Fetched algorithm objects, fetched once per process and reused: fetching
// by name on every call is one of OpenSSL 3.0's largest per-call costs.
const EVP_MD* fetched_md(const char* name);
const EVP_CIPHER* fetched_cipher(const char* name);
EVP_MAC* fetched_mac(const char* name);
EVP_KDF* fetched_kdf(const char* name);

}  // namespace craton::crypto::ossl
