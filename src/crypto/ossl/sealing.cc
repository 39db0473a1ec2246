#include "crypto/sealing.h"

#include <climits>

#include "crypto/ossl/internal/handles.h"
#include "crypto/random.h"

namespace craton::crypto {
namespace {
const EVP_CIPHER* gcm256() { return ossl::fetched_cipher("AES-256-GCM"); }
}  // namespace

Result<Bytes> seal_aes256_gcm(ByteView key, ByteView aad, ByteView plaintext) {
  if (key.size() != kSealKeySize || plaintext.size() > INT_MAX || aad.size() > INT_MAX)
    return err(CKR_ARGUMENTS_BAD);
  const EVP_CIPHER* cipher = gcm256();
  if (cipher == nullptr) return ossl::drain(CKR_GENERAL_ERROR);
  Bytes out(kSealNonceSize + plaintext.size() + kSealTagSize);
  TRY_STATUS(random_bytes(MutableByteView(out.data(), kSealNonceSize)));
  ossl::EvpCipherCtxPtr ctx(EVP_CIPHER_CTX_new());
  int len = 0;
  int total = 0;
  if (!ctx || EVP_EncryptInit_ex2(ctx.get(), cipher, key.data(), out.data(), nullptr) != 1 ||
      (!aad.empty() && EVP_EncryptUpdate(ctx.get(), nullptr, &len, aad.data(), static_cast<int>(aad.size())) != 1) ||
      EVP_EncryptUpdate(ctx.get(), out.data() + kSealNonceSize, &len, plaintext.data(),
                        static_cast<int>(plaintext.size())) != 1)
    return ossl::drain(CKR_FUNCTION_FAILED);
  total = len;
  if (EVP_EncryptFinal_ex(ctx.get(), out.data() + kSealNonceSize + total, &len) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_AEAD_GET_TAG, kSealTagSize,
                          out.data() + kSealNonceSize + plaintext.size()) != 1)
    return ossl::drain(CKR_FUNCTION_FAILED);
  return out;
}

Result<SecureBytes> open_aes256_gcm(ByteView key, ByteView aad, ByteView sealed) {
  if (key.size() != kSealKeySize || aad.size() > INT_MAX) return err(CKR_ARGUMENTS_BAD);
  if (sealed.size() < kSealNonceSize + kSealTagSize || sealed.size() > INT_MAX)
    return err(CKR_ENCRYPTED_DATA_INVALID);
  const EVP_CIPHER* cipher = gcm256();
  if (cipher == nullptr) return ossl::drain(CKR_GENERAL_ERROR);
  const std::size_t ct_len = sealed.size() - kSealNonceSize - kSealTagSize;
  SecureBytes out(ct_len);
  ossl::EvpCipherCtxPtr ctx(EVP_CIPHER_CTX_new());
  int len = 0;
  // The tag is const in the blob; OpenSSL's ctrl takes a non-const pointer.
  Bytes tag(sealed.end() - kSealTagSize, sealed.end());
  if (!ctx || EVP_DecryptInit_ex2(ctx.get(), cipher, key.data(), sealed.data(), nullptr) != 1 ||
      (!aad.empty() && EVP_DecryptUpdate(ctx.get(), nullptr, &len, aad.data(), static_cast<int>(aad.size())) != 1) ||
      EVP_DecryptUpdate(ctx.get(), out.data(), &len, sealed.data() + kSealNonceSize, static_cast<int>(ct_len)) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_AEAD_SET_TAG, kSealTagSize, tag.data()) != 1)
    return ossl::drain(CKR_FUNCTION_FAILED);
  if (EVP_DecryptFinal_ex(ctx.get(), out.data() + len, &len) != 1) return ossl::drain(CKR_ENCRYPTED_DATA_INVALID);
  return out;
}

Result<SecureBytes> pbkdf2_hmac_sha256(ByteView password, ByteView salt, std::uint32_t iterations,
                                       std::size_t out_len) {
  if (iterations == 0 || password.size() > INT_MAX || salt.size() > INT_MAX) return err(CKR_ARGUMENTS_BAD);
  const EVP_MD* md = ossl::fetched_md("SHA2-256");
  if (md == nullptr) return ossl::drain(CKR_GENERAL_ERROR);
  SecureBytes out(out_len);
  // PKCS5_PBKDF2_HMAC is not deprecated in 3.0 and runs inside the default
  // library context's provider.
  if (PKCS5_PBKDF2_HMAC(reinterpret_cast<const char*>(password.data()), static_cast<int>(password.size()),
                        salt.data(), static_cast<int>(salt.size()), static_cast<int>(iterations), md,
                        static_cast<int>(out_len), out.data()) != 1)
    return ossl::drain(CKR_FUNCTION_FAILED);
  return out;
}

}  // namespace craton::crypto
