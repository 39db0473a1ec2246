#include "crypto/cmac.h"

#include <openssl/core_names.h>

#include "crypto/cipher.h"
#include "crypto/ossl/internal/handles.h"

namespace craton::crypto {

Result<Cmac> Cmac::create(ByteView key) {
  if (!aes_key_size_ok(key.size())) return err(CKR_KEY_SIZE_RANGE);
  EVP_MAC* mac = ossl::fetched_mac("CMAC");
  if (mac == nullptr) return ossl::drain(CKR_MECHANISM_INVALID);
  ossl::EvpMacCtxPtr ctx(EVP_MAC_CTX_new(mac));
  if (!ctx) return ossl::drain(CKR_HOST_MEMORY);
  const char* name = key.size() == 16 ? "AES-128-CBC" : key.size() == 24 ? "AES-192-CBC" : "AES-256-CBC";
  OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_CIPHER, const_cast<char*>(name), 0),
      OSSL_PARAM_construct_end(),
  };
  if (EVP_MAC_init(ctx.get(), key.data(), key.size(), params) != 1) return ossl::drain(CKR_FUNCTION_FAILED);
  return Cmac(ctx.release());
}

Cmac::Cmac(Cmac&& o) noexcept : ctx_(o.ctx_) { o.ctx_ = nullptr; }
Cmac& Cmac::operator=(Cmac&& o) noexcept {
  if (this != &o) {
    EVP_MAC_CTX_free(ctx_);
    ctx_ = o.ctx_;
    o.ctx_ = nullptr;
  }
  return *this;
}
Cmac::~Cmac() { EVP_MAC_CTX_free(ctx_); }

Result<Cmac> Cmac::clone() const {
  EVP_MAC_CTX* copy = EVP_MAC_CTX_dup(ctx_);
  if (copy == nullptr) return ossl::drain(CKR_HOST_MEMORY);
  return Cmac(copy);
}

Status Cmac::update(ByteView data) {
  if (data.empty()) return Status::ok();
  if (EVP_MAC_update(ctx_, data.data(), data.size()) != 1) return ossl::drain(CKR_FUNCTION_FAILED);
  return Status::ok();
}

Status Cmac::final(std::array<std::uint8_t, kCmacSize>& mac) {
  std::size_t len = 0;
  if (EVP_MAC_final(ctx_, mac.data(), &len, mac.size()) != 1 || len != mac.size())
    return ossl::drain(CKR_FUNCTION_FAILED);
  return Status::ok();
}

}  // namespace craton::crypto
