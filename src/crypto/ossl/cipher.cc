#include "crypto/cipher.h"

#include <algorithm>
#include <climits>
#include <cstring>

#include "crypto/ossl/internal/handles.h"

namespace craton::crypto {
namespace {

const char* cipher_name(CipherMode mode, std::size_t key_len) {
  static const char* const kNames[][3] = {
      {"AES-128-ECB", "AES-192-ECB", "AES-256-ECB"},
      {"AES-128-CBC", "AES-192-CBC", "AES-256-CBC"},
      {"AES-128-CTR", "AES-192-CTR", "AES-256-CTR"},
      {"AES-128-GCM", "AES-192-GCM", "AES-256-GCM"},
      {"AES-128-CCM", "AES-192-CCM", "AES-256-CCM"},
      {"AES-128-WRAP", "AES-192-WRAP", "AES-256-WRAP"},
      {"AES-128-WRAP-PAD", "AES-192-WRAP-PAD", "AES-256-WRAP-PAD"},
  };
  const std::size_t col = key_len == 16 ? 0 : key_len == 24 ? 1 : 2;
  return kNames[static_cast<int>(mode)][col];
}

bool is_single_call(CipherMode m) {
  return m == CipherMode::kCcm || m == CipherMode::kWrap || m == CipherMode::kWrapPad;
}

// EVP rejects NULL data pointers in places where an empty message is legal
// (CCM must see a data call even for zero bytes to compute/check the tag).
std::uint8_t g_empty_dummy = 0;
const std::uint8_t* nonnull(ByteView v) { return v.data() != nullptr ? v.data() : &g_empty_dummy; }
std::uint8_t* nonnull(MutableByteView v) { return v.data() != nullptr ? v.data() : &g_empty_dummy; }

// EVP takes int lengths; large buffers go through in chunks.
constexpr std::size_t kChunk = std::size_t{1} << 30;

}  // namespace

Result<Cipher> Cipher::create(CipherMode mode, ByteView key, bool encrypt) {
  if (!aes_key_size_ok(key.size())) return err(CKR_KEY_SIZE_RANGE);
  const EVP_CIPHER* cipher = ossl::fetched_cipher(cipher_name(mode, key.size()));
  if (cipher == nullptr) return ossl::drain(CKR_MECHANISM_INVALID);
  ossl::EvpCipherCtxPtr ctx(EVP_CIPHER_CTX_new());
  if (!ctx) return ossl::drain(CKR_HOST_MEMORY);
  if (mode == CipherMode::kWrap || mode == CipherMode::kWrapPad)
    EVP_CIPHER_CTX_set_flags(ctx.get(), EVP_CIPHER_CTX_FLAG_WRAP_ALLOW);
  if (EVP_CipherInit_ex2(ctx.get(), cipher, key.data(), nullptr, encrypt ? 1 : 0, nullptr) != 1)
    return ossl::drain(CKR_FUNCTION_FAILED);
  if ((mode == CipherMode::kEcb || mode == CipherMode::kCbc) && EVP_CIPHER_CTX_set_padding(ctx.get(), 0) != 1)
    return ossl::drain(CKR_FUNCTION_FAILED);
  Cipher c(mode, encrypt, ctx.release());
  c.iv_len_ = mode == CipherMode::kGcm ? 12 : 0;
  return c;
}

Result<Cipher> Cipher::create_ccm(ByteView key, bool encrypt, ByteView nonce, std::size_t tag_len,
                                  std::size_t payload_len) {
  if (!aes_key_size_ok(key.size())) return err(CKR_KEY_SIZE_RANGE);
  const EVP_CIPHER* cipher = ossl::fetched_cipher(cipher_name(CipherMode::kCcm, key.size()));
  if (cipher == nullptr) return ossl::drain(CKR_MECHANISM_INVALID);
  ossl::EvpCipherCtxPtr ctx(EVP_CIPHER_CTX_new());
  if (!ctx) return ossl::drain(CKR_HOST_MEMORY);
  // OpenSSL fixes the nonce and tag lengths when the key is set, so they go first.
  int outl = 0;
  if (EVP_CipherInit_ex2(ctx.get(), cipher, nullptr, nullptr, encrypt ? 1 : 0, nullptr) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_AEAD_SET_IVLEN, static_cast<int>(nonce.size()), nullptr) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_AEAD_SET_TAG, static_cast<int>(tag_len), nullptr) != 1 ||
      EVP_CipherInit_ex2(ctx.get(), nullptr, key.data(), nonce.data(), -1, nullptr) != 1 ||
      payload_len > INT_MAX ||
      EVP_CipherUpdate(ctx.get(), nullptr, &outl, nullptr, static_cast<int>(payload_len)) != 1)
    return ossl::drain(CKR_MECHANISM_PARAM_INVALID);
  return Cipher(CipherMode::kCcm, encrypt, ctx.release());
}

Cipher::Cipher(Cipher&& o) noexcept : mode_(o.mode_), encrypt_(o.encrypt_), iv_len_(o.iv_len_), ctx_(o.ctx_) {
  o.ctx_ = nullptr;
}

Cipher& Cipher::operator=(Cipher&& o) noexcept {
  if (this != &o) {
    EVP_CIPHER_CTX_free(ctx_);
    mode_ = o.mode_;
    encrypt_ = o.encrypt_;
    iv_len_ = o.iv_len_;
    ctx_ = o.ctx_;
    o.ctx_ = nullptr;
  }
  return *this;
}

Cipher::~Cipher() { EVP_CIPHER_CTX_free(ctx_); }

Result<Cipher> Cipher::clone() const {
  ossl::EvpCipherCtxPtr ctx(EVP_CIPHER_CTX_new());
  if (!ctx) return ossl::drain(CKR_HOST_MEMORY);
  if (EVP_CIPHER_CTX_copy(ctx.get(), ctx_) != 1) return ossl::drain(CKR_FUNCTION_FAILED);
  Cipher c(mode_, encrypt_, ctx.release());
  c.iv_len_ = iv_len_;
  return c;
}

Status Cipher::start(ByteView iv) {
  if (mode_ == CipherMode::kGcm) {
    if (iv.empty() || iv.size() > kGcmBackendMaxIv) return err(CKR_MECHANISM_PARAM_INVALID);
    // Setting the IV length costs a parameter round trip; skip it when unchanged.
    if (iv.size() != iv_len_) {
      if (EVP_CIPHER_CTX_ctrl(ctx_, EVP_CTRL_AEAD_SET_IVLEN, static_cast<int>(iv.size()), nullptr) != 1)
        return ossl::drain(CKR_MECHANISM_PARAM_INVALID);
      iv_len_ = iv.size();
    }
  }
  const unsigned char* ivp = iv.empty() ? nullptr : iv.data();
  if (EVP_CipherInit_ex2(ctx_, nullptr, nullptr, ivp, -1, nullptr) != 1) return ossl::drain(CKR_FUNCTION_FAILED);
  return Status::ok();
}

Status Cipher::set_tag(ByteView tag) {
  if (tag.empty() || tag.size() > 16) return err(CKR_MECHANISM_PARAM_INVALID);
  // OpenSSL copies the tag; the const_cast only satisfies the ctrl signature.
  if (EVP_CIPHER_CTX_ctrl(ctx_, EVP_CTRL_AEAD_SET_TAG, static_cast<int>(tag.size()),
                          const_cast<std::uint8_t*>(tag.data())) != 1)
    return ossl::drain(CKR_FUNCTION_FAILED);
  return Status::ok();
}

Status Cipher::aad(ByteView data) {
  for (std::size_t off = 0; off < data.size(); off += kChunk) {
    const std::size_t n = std::min(kChunk, data.size() - off);
    int outl = 0;
    if (EVP_CipherUpdate(ctx_, nullptr, &outl, data.data() + off, static_cast<int>(n)) != 1)
      return ossl::drain(CKR_FUNCTION_FAILED);
  }
  return Status::ok();
}

Result<std::size_t> Cipher::update(ByteView in, MutableByteView out) {
  if (is_single_call(mode_)) {
    if (in.size() > INT_MAX) return err(encrypt_ ? CKR_DATA_LEN_RANGE : CKR_ENCRYPTED_DATA_LEN_RANGE);
    int outl = 0;
    if (EVP_CipherUpdate(ctx_, nonnull(out), &outl, nonnull(in), static_cast<int>(in.size())) != 1)
      return ossl::drain(encrypt_ ? CKR_FUNCTION_FAILED : CKR_ENCRYPTED_DATA_INVALID);
    return static_cast<std::size_t>(outl);
  }
  if (out.size() < in.size()) return buffer_too_small(in.size());
  for (std::size_t off = 0; off < in.size(); off += kChunk) {
    const std::size_t n = std::min(kChunk, in.size() - off);
    int outl = 0;
    if (EVP_CipherUpdate(ctx_, out.data() + off, &outl, in.data() + off, static_cast<int>(n)) != 1 ||
        static_cast<std::size_t>(outl) != n)
      return ossl::drain(CKR_FUNCTION_FAILED);
  }
  return in.size();
}

Status Cipher::finish(MutableByteView tag) {
  std::uint8_t scratch[kAesBlockSize];
  int outl = 0;
  if (EVP_CipherFinal_ex(ctx_, scratch, &outl) != 1)
    return ossl::drain(encrypt_ ? CKR_FUNCTION_FAILED : CKR_ENCRYPTED_DATA_INVALID);
  if (encrypt_ && !tag.empty() &&
      EVP_CIPHER_CTX_ctrl(ctx_, EVP_CTRL_AEAD_GET_TAG, static_cast<int>(tag.size()), tag.data()) != 1)
    return ossl::drain(CKR_FUNCTION_FAILED);
  return Status::ok();
}

}  // namespace craton::crypto
