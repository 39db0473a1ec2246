// Primitives the token uses for itself (not offered as mechanisms):
// sealing stored secrets with AES-256-GCM and stretching PINs with PBKDF2.
#pragma once

#include <cstdint>

#include "core/result.h"
#include "core/secure_memory.h"

namespace craton::crypto {

constexpr std::size_t kSealKeySize = 32;
constexpr std::size_t kSealNonceSize = 12;
constexpr std::size_t kSealTagSize = 16;

// Output: nonce || ciphertext || tag, with a fresh random nonce.
Result<Bytes> seal_aes256_gcm(ByteView key, ByteView aad, ByteView plaintext);
// CKR_ENCRYPTED_DATA_INVALID if the blob was altered or the key/aad differ.
Result<SecureBytes> open_aes256_gcm(ByteView key, ByteView aad, ByteView sealed);

Result<SecureBytes> pbkdf2_hmac_sha256(ByteView password, ByteView salt, std::uint32_t iterations,
                                       std::size_t out_len);

}  // namespace craton::crypto
