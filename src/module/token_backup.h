// Token backup files (craton-hsm-admin backup / restore): one slot's token
// rows, exactly as stored (sealed attributes and PIN wrap records stay
// sealed under the token's own keys), in one file sealed again under a key
// derived from an operator passphrase. Layout: docs/storage-format.md,
// "Backup file format".
//
//   header (68 bytes, clear, the GCM associated data)
//   AES-256-GCM ciphertext of the payload (body_size bytes)
//   GCM tag (16 bytes)
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include "core/secure_memory.h"
#include "storage/token_store.h"

namespace craton::module {

inline constexpr std::array<std::uint8_t, 8> kBackupMagic = {'C', 'R', 'A', 'T', 'O', 'N', 'B', 'K'};
inline constexpr std::uint16_t kBackupFormatVersion = 1;
inline constexpr std::uint8_t kBackupKdfPbkdf2Sha256 = 1;
inline constexpr std::uint8_t kBackupCipherAes256Gcm = 1;
// PBKDF2 iterations: the floor (also enforced when reading, so a forged
// low count is refused before any work) and a ceiling (so a forged high
// count cannot keep restore busy for hours).
inline constexpr std::uint32_t kBackupMinIterations = 600000;
inline constexpr std::uint32_t kBackupDefaultIterations = 600000;
inline constexpr std::uint32_t kBackupMaxIterations = 10000000;
inline constexpr std::size_t kBackupSaltSize = 32;
inline constexpr std::size_t kBackupNonceSize = 12;
inline constexpr std::size_t kBackupTagSize = 16;
inline constexpr std::size_t kBackupHeaderSize = 68;
inline constexpr std::uint64_t kBackupMaxBodySize = std::uint64_t{1} << 30;  // 1 GiB
inline constexpr std::size_t kBackupMinPassphrase = 8;

// Header field offsets (all integers little endian).
inline constexpr std::size_t kBackupOffVersion = 8;      // u16
inline constexpr std::size_t kBackupOffKdf = 10;         // u8
inline constexpr std::size_t kBackupOffCipher = 11;      // u8
inline constexpr std::size_t kBackupOffIterations = 12;  // u32
inline constexpr std::size_t kBackupOffSalt = 16;        // 32 bytes
inline constexpr std::size_t kBackupOffNonce = 48;       // 12 bytes
inline constexpr std::size_t kBackupOffBodySize = 60;    // u64

enum class BackupError {
  kNone,
  kNotABackup,            // no "CRATONBK" magic
  kTruncated,             // shorter than its header says
  kTrailingData,          // longer than its header says
  kUnsupportedVersion,    // a format version this build does not read
  kUnsupportedAlgorithm,  // unknown KDF or cipher id
  kIterationsOutOfRange,  // PBKDF2 count below the floor or above the ceiling
  kTooLarge,              // body over kBackupMaxBodySize
  kAuthenticationFailed,  // wrong passphrase, or altered / damaged file
  kMalformedPayload,      // authentic but not a valid payload
  kPassphraseTooShort,    // writing: under kBackupMinPassphrase bytes
  kEmptyToken,            // writing: the slot holds no token
  kTargetNotEmpty,        // restoring: the slot holds a token and replace is off
  kStoreFailure,          // the token store failed (see its log)
  kCryptoFailure,         // KDF / cipher / random failure
};

// One line for the operator, without any secret.
const char* backup_error_message(BackupError e);

struct BackupHeader {
  std::uint16_t version = 0;
  std::uint8_t kdf = 0;
  std::uint8_t cipher = 0;
  std::uint32_t iterations = 0;
  std::array<std::uint8_t, kBackupSaltSize> salt{};
  std::array<std::uint8_t, kBackupNonceSize> nonce{};
  std::uint64_t body_size = 0;
};

struct BackupContents {
  std::uint32_t source_slot = 0;
  std::uint64_t created_unix = 0;  // seconds since the epoch, when written
  storage::TokenSnapshot token;
};

// Checks everything that can be checked without the passphrase (magic,
// version, algorithms, iteration range, sizes against the file length).
BackupError parse_backup_header(ByteView file, BackupHeader* out);

// Seals `contents` into a complete backup file with a fresh salt and nonce.
BackupError write_backup(const BackupContents& contents, ByteView passphrase, std::uint32_t iterations,
                         Bytes* file);
// Verifies and opens a whole backup file; nothing is returned unless the
// tag verified and the payload parsed.
BackupError read_backup(ByteView file, ByteView passphrase, BackupContents* out);

// Store-level operations used by the admin tool. make_backup reads the slot
// in one snapshot. restore_backup opens and verifies the whole file before it
// touches the store, then replaces the slot's token in one store change.
// `written` (optional) receives what went into the file.
BackupError make_backup(storage::TokenStore& store, std::uint32_t slot, ByteView passphrase,
                        std::uint32_t iterations, Bytes* file, BackupContents* written = nullptr);
BackupError restore_backup(storage::TokenStore& store, std::uint32_t slot, ByteView file, ByteView passphrase,
                           bool replace, BackupContents* restored);
// The second half of restore_backup, for contents read_backup verified.
BackupError restore_contents(storage::TokenStore& store, std::uint32_t slot, const BackupContents& contents,
                             bool replace);

}  // namespace craton::module
