#include "crypto/ossl/internal/mac_ctx.h"

#include <openssl/core_names.h>

namespace craton::crypto::ossl {

Result<EvpMacCtxPtr> new_keyed_mac_ctx(const char* mac_name, const char* param_name, const char* param_value,
                                       ByteView key) {
  EVP_MAC* mac = fetched_mac(mac_name);
  if (mac == nullptr) return drain(CKR_MECHANISM_INVALID);
  EvpMacCtxPtr ctx(EVP_MAC_CTX_new(mac));
  if (!ctx) return drain(CKR_HOST_MEMORY);
  OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(param_name, const_cast<char*>(param_value), 0),
      OSSL_PARAM_construct_end(),
  };
  static const unsigned char kEmpty = 0;
  const unsigned char* key_ptr = key.empty() ? &kEmpty : key.data();
  if (EVP_MAC_init(ctx.get(), key_ptr, key.size(), params) != 1) return drain(CKR_FUNCTION_FAILED);
  return ctx;
}

}  // namespace craton::crypto::ossl
