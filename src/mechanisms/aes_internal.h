// Shared pieces of the AES family (aes*.cc): key checks, per-key cipher
// templates, and the factories that aes.cc puts into registry rows.
#pragma once

#include <memory>

#include "crypto/cipher.h"
#include "crypto/cmac.h"
#include "mechanisms/registry.h"

namespace craton::mech::aes {

// The CKA_VALUE of ctx.key after checking it is a CKK_AES secret key
// (CKR_KEY_TYPE_INCONSISTENT) of 16, 24 or 32 bytes (CKR_KEY_SIZE_RANGE).
// The view lives as long as ctx.key.
Result<ByteView> key_value(const MechContext& ctx);

// A keyed cipher for this key, cloned from a template built once per key
// object snapshot (expanding the key schedule again costs more than a copy).
Result<crypto::Cipher> keyed_cipher(const MechContext& ctx, crypto::CipherMode mode, bool encrypt);
Result<crypto::Cmac> keyed_cmac(const MechContext& ctx);

// Reads a raw byte-string parameter of exactly `len` bytes.
Result<ByteView> fixed_param(const CK_MECHANISM& m, std::size_t len);

// An optional (pointer, length) parameter field: empty if len is 0,
// CKR_MECHANISM_PARAM_INVALID if the pointer is NULL with a length.
Result<ByteView> optional_bytes(const CK_BYTE* p, CK_ULONG len);

// True if the two byte ranges share any memory.
bool overlaps(ByteView a, ByteView b);

// aes_modes.cc: CKM_AES_ECB, CKM_AES_CBC, CKM_AES_CBC_PAD, CKM_AES_CTR.
Result<std::unique_ptr<CipherOperation>> make_block_encrypt(const MechContext& ctx);
Result<std::unique_ptr<CipherOperation>> make_block_decrypt(const MechContext& ctx);
Result<std::size_t> cbc_pad_wrap_key(const MechContext& ctx, ByteView key_bytes, MutableByteView out);
Result<SecureBytes> cbc_pad_unwrap_key(const MechContext& ctx, ByteView wrapped);

// aes_aead.cc: CKM_AES_GCM, CKM_AES_CCM (single- and multi-part).
Result<std::unique_ptr<CipherOperation>> make_aead_encrypt(const MechContext& ctx);
Result<std::unique_ptr<CipherOperation>> make_aead_decrypt(const MechContext& ctx);
// GCM parameter checks shared with the message API.
bool gcm_tag_bits_ok(CK_ULONG bits);
inline constexpr std::size_t kGcmMaxIv = 256;  // PKCS#11 bound for CK_GCM_PARAMS.ulIvLen
// Starts a GCM message with any IV length up to kGcmMaxIv (long IVs are
// mapped to an equivalent 16-byte IV using the key).
Status gcm_start(crypto::Cipher& cipher, ByteView key, ByteView iv);

// CCM limits: nonce 7..13 bytes, MAC 4..16 even, payload < 2^(8L).
Status ccm_check(std::size_t nonce_len, std::size_t mac_len, std::size_t data_len);

// aes_wrap.cc: CKM_AES_KEY_WRAP (RFC 3394), CKM_AES_KEY_WRAP_KWP (RFC 5649).
Result<std::unique_ptr<CipherOperation>> make_wrap_encrypt(const MechContext& ctx);
Result<std::unique_ptr<CipherOperation>> make_wrap_decrypt(const MechContext& ctx);
Result<std::size_t> wrap_key(const MechContext& ctx, ByteView key_bytes, MutableByteView out);
Result<SecureBytes> unwrap_key(const MechContext& ctx, ByteView wrapped);

// aes_cmac.cc: CKM_AES_CMAC, CKM_AES_CMAC_GENERAL.
Result<std::unique_ptr<SignOperation>> make_cmac_sign(const MechContext& ctx);
Result<std::unique_ptr<VerifyOperation>> make_cmac_verify(const MechContext& ctx);

// aes_message.cc: PKCS#11 3.0 message-based GCM and CCM.
Result<std::unique_ptr<MessageCipherOperation>> make_message_encrypt(const MechContext& ctx);
Result<std::unique_ptr<MessageCipherOperation>> make_message_decrypt(const MechContext& ctx);

}  // namespace craton::mech::aes
