// The process-wide OpenSSL library context and the cache of fetched
// algorithms. Fetch caches are filled lazily and never emptied while the
// context lives, so hot paths do a lock-free lookup after the first call.
#include <openssl/crypto.h>
#include <openssl/core_names.h>
#include <openssl/provider.h>
#include <openssl/rand.h>

#include <atomic>
#include <map>
#include <mutex>
#include <shared_mutex>
#include <string>

#include "crypto/crypto.h"
#include "crypto/ossl/internal/drbg_internal.h"
#include "crypto/ossl/internal/handles.h"

namespace craton::crypto {
namespace ossl {
namespace {

struct FetchCache {
  std::shared_mutex mu;
  std::map<std::string, EVP_MD*, std::less<>> mds;
  std::map<std::string, EVP_CIPHER*, std::less<>> ciphers;
  std::map<std::string, EVP_MAC*, std::less<>> macs;
  std::map<std::string, EVP_KDF*, std::less<>> kdfs;
};

OSSL_LIB_CTX* g_libctx = nullptr;  // nullptr = OpenSSL's default context
OSSL_PROVIDER* g_provider = nullptr;
OSSL_PROVIDER* g_base_provider = nullptr;
std::atomic<bool> g_fips{false};  // the FIPS provider backs g_libctx
FetchCache& cache() {
  static FetchCache c;
  return c;
}

template <class T, class FetchFn>
T* fetch_cached(std::map<std::string, T*, std::less<>>& map, const char* name, FetchFn fetch) {
  FetchCache& c = cache();
  {
    std::shared_lock lock(c.mu);
    auto it = map.find(name);
    if (it != map.end()) return it->second;
  }
  std::unique_lock lock(c.mu);
  auto it = map.find(name);
  if (it != map.end()) return it->second;
  T* fetched = fetch(g_libctx, name, nullptr);
  ERR_clear_error();
  map.emplace(name, fetched);  // a failed fetch is remembered as nullptr
  return fetched;
}

}  // namespace

OSSL_LIB_CTX* libctx() { return g_libctx; }
bool fips_provider_active() { return g_fips.load(std::memory_order_relaxed); }

Error drain(CK_RV rv) {
  ERR_clear_error();
  return err(rv);
}

const EVP_MD* fetched_md(const char* name) { return fetch_cached(cache().mds, name, EVP_MD_fetch); }
const EVP_CIPHER* fetched_cipher(const char* name) {
  return fetch_cached(cache().ciphers, name, EVP_CIPHER_fetch);
}
EVP_MAC* fetched_mac(const char* name) { return fetch_cached(cache().macs, name, EVP_MAC_fetch); }
EVP_KDF* fetched_kdf(const char* name) { return fetch_cached(cache().kdfs, name, EVP_KDF_fetch); }

}  // namespace ossl

namespace {
// OpenSSL draws its own randomness (key generation, ECDSA nonces, PSS
// salts) from the library context's DRBG chain, a CTR-DRBG by default.
// Make that chain an SP 800-90A HMAC_DRBG with SHA-256 too, before its
// first use creates it.
Status use_hmac_drbg(std::string* message) {
  if (RAND_set_DRBG_type(ossl::g_libctx, "HMAC-DRBG", nullptr, nullptr, "SHA256") != 1) {
    if (message) *message = "OpenSSL's HMAC-DRBG could not be selected for the library context";
    shutdown();
    return ossl::drain(CKR_GENERAL_ERROR);
  }
  return Status::ok();
}
}  // namespace

Status init(const BackendOptions& options, std::string* message) {
  using namespace ossl;
  // A private library context, never the application's default one: the
  // host may configure engines or providers (the pkcs11 engine loading this
  // very module, for one) that must not handle our keys.
  g_libctx = OSSL_LIB_CTX_new();
  if (g_libctx == nullptr) return drain(CKR_HOST_MEMORY);
  if (!options.use_fips_provider) {
    g_provider = OSSL_PROVIDER_load(g_libctx, "default");
    if (g_provider == nullptr) {
      if (message) *message = "the OpenSSL default provider could not be loaded";
      OSSL_LIB_CTX_free(g_libctx);
      g_libctx = nullptr;
      return drain(CKR_GENERAL_ERROR);
    }
    return use_hmac_drbg(message);
  }
  g_provider = OSSL_PROVIDER_load(g_libctx, "fips");
  if (g_provider == nullptr) {
    if (message) *message = "crypto_backend = \"openssl-fips\" but the OpenSSL FIPS provider could not be loaded";
    OSSL_LIB_CTX_free(g_libctx);
    g_libctx = nullptr;
    return drain(CKR_GENERAL_ERROR);
  }
  g_base_provider = OSSL_PROVIDER_load(g_libctx, "base");
  // Every fetch must come from a validated implementation.
  if (EVP_set_default_properties(g_libctx, "fips=yes") != 1) {
    if (message) *message = "the OpenSSL FIPS provider could not be made the default";
    shutdown();
    return drain(CKR_GENERAL_ERROR);
  }
  g_fips = true;
  return use_hmac_drbg(message);  // on failure shutdown() clears g_fips
}

InternalDrbgInfo internal_drbg_info() {
  InternalDrbgInfo info;
  if (ossl::g_libctx == nullptr) return info;
  EVP_RAND_CTX* primary = RAND_get0_primary(ossl::g_libctx);
  if (primary == nullptr) return info;
  info.mechanism = EVP_RAND_get0_name(EVP_RAND_CTX_get0_rand(primary));
  char digest[64] = {};
  OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_DRBG_PARAM_DIGEST, digest, sizeof digest),
                         OSSL_PARAM_construct_end()};
  if (EVP_RAND_CTX_get_params(primary, params) == 1) info.digest = digest;
  ERR_clear_error();
  return info;
}

void shutdown() {
  using namespace ossl;
  drbg_release_all();  // DRBG instances live in the context freed below
  FetchCache& c = cache();
  std::unique_lock lock(c.mu);
  for (auto& [name, md] : c.mds) EVP_MD_free(md);
  for (auto& [name, ci] : c.ciphers) EVP_CIPHER_free(ci);
  for (auto& [name, mac] : c.macs) EVP_MAC_free(mac);
  for (auto& [name, kdf] : c.kdfs) EVP_KDF_free(kdf);
  c.mds.clear();
  c.ciphers.clear();
  c.macs.clear();
  c.kdfs.clear();
  if (g_base_provider) OSSL_PROVIDER_unload(g_base_provider);
  if (g_provider) OSSL_PROVIDER_unload(g_provider);
  g_base_provider = g_provider = nullptr;
  g_fips = false;
  if (g_libctx) OSSL_LIB_CTX_free(g_libctx);
  g_libctx = nullptr;
}

}  // namespace craton::crypto
