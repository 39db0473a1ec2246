#include "crypto/ossl/internal/ec_build.h"
#include "crypto/ossl/internal/keymgmt_names.h"

#include <openssl/x509.h>

#include <climits>

namespace craton::crypto::ossl {
namespace {
using P8Ptr = std::unique_ptr<PKCS8_PRIV_KEY_INFO, Deleter<PKCS8_PRIV_KEY_INFO_free>>;
}  // namespace

Result<EvpPkeyPtr> ec_pkey_from_params(const char* key_type, int selection, const OSSL_PARAM* params,
                                       CK_RV fail_rv) {
  EvpPkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(libctx(), keymgmt_name(key_type), nullptr));
  if (!ctx) return drain(CKR_HOST_MEMORY);
  if (EVP_PKEY_fromdata_init(ctx.get()) != 1) return drain(CKR_FUNCTION_FAILED);
  EVP_PKEY* raw = nullptr;
  // OSSL_PARAM arrays are read-only here; the API just lacks the const.
  if (EVP_PKEY_fromdata(ctx.get(), &raw, selection, const_cast<OSSL_PARAM*>(params)) != 1) return drain(fail_rv);
  return EvpPkeyPtr(raw);
}

Result<Bytes> pkey_spki_der(const EVP_PKEY* pkey) {
  const int len = i2d_PUBKEY(pkey, nullptr);
  if (len <= 0) return drain(CKR_FUNCTION_FAILED);
  Bytes out(static_cast<std::size_t>(len));
  unsigned char* p = out.data();
  if (i2d_PUBKEY(pkey, &p) != len) return drain(CKR_FUNCTION_FAILED);
  return out;
}

Result<SecureBytes> pkey_to_pkcs8(const EVP_PKEY* pkey) {
  P8Ptr p8(EVP_PKEY2PKCS8(pkey));
  if (!p8) return drain(CKR_FUNCTION_FAILED);
  const int len = i2d_PKCS8_PRIV_KEY_INFO(p8.get(), nullptr);
  if (len <= 0) return drain(CKR_FUNCTION_FAILED);
  SecureBytes out(static_cast<std::size_t>(len));
  unsigned char* p = out.data();
  if (i2d_PKCS8_PRIV_KEY_INFO(p8.get(), &p) != len) return drain(CKR_FUNCTION_FAILED);
  return out;
}

Result<EvpPkeyPtr> pkey_from_pkcs8(ByteView der) {
  if (der.empty() || der.size() > static_cast<std::size_t>(LONG_MAX)) return err(CKR_WRAPPED_KEY_INVALID);
  const unsigned char* p = der.data();
  P8Ptr p8(d2i_PKCS8_PRIV_KEY_INFO(nullptr, &p, static_cast<long>(der.size())));
  if (!p8 || p != der.data() + der.size()) return drain(CKR_WRAPPED_KEY_INVALID);
  EvpPkeyPtr pkey(EVP_PKCS82PKEY_ex(p8.get(), libctx(), nullptr));
  if (!pkey) return drain(CKR_WRAPPED_KEY_INVALID);
  return pkey;
}

}  // namespace craton::crypto::ossl
