// Streaming AES over OpenSSL's EVP_CIPHER_CTX, without OpenSSL types.
// The wrapper is deliberately thin: the mechanism layer owns PKCS#11 rules
// (padding, length checks, buffering); this class only moves bytes through
// the cipher and reports failures as CK_RV.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include "core/result.h"
#include "core/secure_memory.h"

struct evp_cipher_ctx_st;

namespace craton::crypto {

enum class CipherMode {
  kEcb,      // no IV, no padding: callers feed whole blocks
  kCbc,      // 16-byte IV, no padding
  kCtr,      // 16-byte initial counter block, full 128-bit big-endian increment
  kGcm,      // IV of 1..128 bytes (see gcm_equivalent_iv for longer IVs)
  kCcm,      // nonce of 7..13 bytes; one data call per message
  kWrap,     // RFC 3394, optional 8-byte IV; one call per message
  kWrapPad,  // RFC 5649, optional 4-byte IV; one call per message
};

inline constexpr std::size_t kAesBlockSize = 16;

// True for 16, 24 and 32.
inline bool aes_key_size_ok(std::size_t n) { return n == 16 || n == 24 || n == 32; }

class Cipher {
 public:
  // Keys the cipher. No IV yet: call start() before each message. A keyed
  // Cipher can serve as a template that clone() copies per operation, which
  // is cheaper than expanding the key again.
  static Result<Cipher> create(CipherMode mode, ByteView key, bool encrypt);
  Cipher(Cipher&&) noexcept;
  Cipher& operator=(Cipher&&) noexcept;
  ~Cipher();

  Result<Cipher> clone() const;
  CipherMode mode() const { return mode_; }
  bool encrypting() const { return encrypt_; }

  // A CCM cipher for one message: OpenSSL fixes nonce and tag length when
  // the key is set, so CCM cannot reuse a keyed template. Then aad(), and
  // (decrypt) set_tag(), then exactly one update() with `payload_len` bytes.
  static Result<Cipher> create_ccm(ByteView key, bool encrypt, ByteView nonce, std::size_t tag_len,
                                   std::size_t payload_len);

  // Begins a message under the same key. GCM: an IV of 1..128 bytes.
  // Wrap modes: an empty IV selects the RFC default.
  Status start(ByteView iv);
  // Expected tag for decryption (GCM: any time before finish; CCM: before data).
  Status set_tag(ByteView tag);
  Status aad(ByteView data);
  // Processes `in` into `out`. Block modes: whole blocks only, output equals
  // input length. CCM decrypt verifies the tag here (CKR_ENCRYPTED_DATA_INVALID).
  // Wrap modes: the whole message; returns the output length
  // (CKR_ENCRYPTED_DATA_INVALID when the integrity check fails).
  Result<std::size_t> update(ByteView in, MutableByteView out);
  // GCM/CCM encrypt: writes the tag (tag.size() bytes). GCM decrypt: checks the
  // tag given to set_tag (CKR_ENCRYPTED_DATA_INVALID on mismatch).
  Status finish(MutableByteView tag = {});

 private:
  Cipher(CipherMode mode, bool encrypt, evp_cipher_ctx_st* ctx) : mode_(mode), encrypt_(encrypt), ctx_(ctx) {}
  CipherMode mode_;
  bool encrypt_;
  std::size_t iv_len_ = 0;  // GCM: the IV length the context is set for
  evp_cipher_ctx_st* ctx_;
};

// GCM with an IV longer than the backend's 128-byte limit: returns the
// 16-byte IV whose GHASH-derived pre-counter block J0 equals that of `iv`
// under `key`, so the standard engine computes the same result. (GHASH of a
// single block is invertible when H != 0.)
Result<std::array<std::uint8_t, 16>> gcm_equivalent_iv(ByteView key, ByteView iv);
inline constexpr std::size_t kGcmBackendMaxIv = 128;

}  // namespace craton::crypto
