#include "module/token_backup.h"

#include <algorithm>
#include <ctime>
#include <limits>
#include <string>
#include <utility>

#include "crypto/cipher.h"
#include "crypto/random.h"
#include "crypto/sealing.h"

namespace craton::module {
namespace {

constexpr std::size_t kKeySize = 32;
constexpr std::size_t kMaxKeyLength = 256;   // token_meta keys are short names
constexpr std::uint8_t kFlagEncrypted = 0x01;

// ---- little-endian writing and bounds-checked reading ------------------------

template <class Buf>
void put_le(Buf& out, std::uint64_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}

std::uint64_t get_le(ByteView in, std::size_t off, int bytes) {
  std::uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v |= static_cast<std::uint64_t>(in[off + static_cast<std::size_t>(i)]) << (8 * i);
  return v;
}

class Reader {
 public:
  explicit Reader(ByteView in) : in_(in) {}
  bool ok() const { return ok_; }
  bool done() const { return ok_ && pos_ == in_.size(); }
  std::size_t left() const { return in_.size() - pos_; }
  std::uint64_t uint(int bytes) {
    if (!need(static_cast<std::size_t>(bytes))) return 0;
    const std::uint64_t v = get_le(in_, pos_, bytes);
    pos_ += static_cast<std::size_t>(bytes);
    return v;
  }
  ByteView take(std::size_t n) {
    if (!need(n)) return {};
    ByteView v = in_.subspan(pos_, n);
    pos_ += n;
    return v;
  }
  // A count of items that each need at least `min_item` bytes: a forged
  // count cannot make the caller reserve more than the input could hold.
  std::uint32_t count(std::size_t min_item) {
    const auto n = static_cast<std::uint32_t>(uint(4));
    if (ok_ && static_cast<std::uint64_t>(n) * min_item > left()) ok_ = false;
    return ok_ ? n : 0;
  }
  void fail() { ok_ = false; }

 private:
  bool need(std::size_t n) {
    if (!ok_ || n > left()) ok_ = false;
    return ok_;
  }
  ByteView in_;
  std::size_t pos_ = 0;
  bool ok_ = true;
};

// ---- the payload (docs/storage-format.md, "Payload") ---------------------------

// Canonical order (keys, ids and types ascending), whatever order the store
// gave, so the reader can insist on it and so refuse duplicates.
SecureBytes encode_payload(const BackupContents& c) {
  SecureBytes out;
  put_le(out, c.source_slot, 4);
  put_le(out, c.created_unix, 8);
  auto meta = c.token.meta;
  std::sort(meta.begin(), meta.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  put_le(out, meta.size(), 4);
  for (const auto& [key, value] : meta) {
    put_le(out, key.size(), 2);
    out.insert(out.end(), key.begin(), key.end());
    put_le(out, value.size(), 4);
    out.insert(out.end(), value.begin(), value.end());
  }
  std::vector<const storage::StoredObject*> objects;
  for (const auto& o : c.token.objects) objects.push_back(&o);
  std::sort(objects.begin(), objects.end(), [](const auto* a, const auto* b) { return a->id < b->id; });
  put_le(out, objects.size(), 4);
  for (const storage::StoredObject* o : objects) {
    put_le(out, o->id, 8);
    std::vector<const storage::StoredAttribute*> attrs;
    for (const auto& a : o->attributes) attrs.push_back(&a);
    std::sort(attrs.begin(), attrs.end(), [](const auto* a, const auto* b) { return a->type < b->type; });
    put_le(out, attrs.size(), 4);
    for (const storage::StoredAttribute* a : attrs) {
      put_le(out, a->type, 8);
      out.push_back(a->encrypted ? kFlagEncrypted : 0);
      put_le(out, a->value.size(), 4);
      out.insert(out.end(), a->value.begin(), a->value.end());
    }
  }
  return out;
}

bool decode_meta(Reader& r, storage::TokenSnapshot* token) {
  const std::uint32_t n = r.count(2 + 4);
  for (std::uint32_t i = 0; i < n && r.ok(); ++i) {
    const auto key_len = static_cast<std::size_t>(r.uint(2));
    if (key_len == 0 || key_len > kMaxKeyLength) return false;
    const ByteView key = r.take(key_len);
    const ByteView value = r.take(static_cast<std::size_t>(r.uint(4)));
    if (!r.ok()) return false;
    std::string k(key.begin(), key.end());
    if (!token->meta.empty() && !(token->meta.back().first < k)) return false;  // ascending, unique
    token->meta.emplace_back(std::move(k), Bytes(value.begin(), value.end()));
  }
  return r.ok();
}

bool decode_object(Reader& r, storage::StoredObject* o) {
  o->id = r.uint(8);
  // The store's ids are positive signed 64-bit integers.
  if (o->id == 0 || o->id >= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) return false;
  const std::uint32_t n = r.count(8 + 1 + 4);
  for (std::uint32_t i = 0; i < n && r.ok(); ++i) {
    storage::StoredAttribute a;
    const std::uint64_t type = r.uint(8);
    if (type > std::numeric_limits<CK_ATTRIBUTE_TYPE>::max()) return false;
    a.type = static_cast<CK_ATTRIBUTE_TYPE>(type);
    const auto flags = static_cast<std::uint8_t>(r.uint(1));
    if ((flags & ~kFlagEncrypted) != 0) return false;
    a.encrypted = (flags & kFlagEncrypted) != 0;
    const ByteView value = r.take(static_cast<std::size_t>(r.uint(4)));
    if (!r.ok()) return false;
    if (!o->attributes.empty() && o->attributes.back().type >= a.type) return false;
    a.value.assign(value.begin(), value.end());
    o->attributes.push_back(std::move(a));
  }
  return r.ok();
}

bool decode_payload(ByteView in, BackupContents* c) {
  Reader r(in);
  c->source_slot = static_cast<std::uint32_t>(r.uint(4));
  c->created_unix = r.uint(8);
  if (!decode_meta(r, &c->token)) return false;
  const std::uint32_t n = r.count(8 + 4);
  for (std::uint32_t i = 0; i < n && r.ok(); ++i) {
    storage::StoredObject o;
    if (!decode_object(r, &o)) return false;
    if (!c->token.objects.empty() && c->token.objects.back().id >= o.id) return false;
    c->token.objects.push_back(std::move(o));
  }
  return r.done();
}

// ---- header and crypto ---------------------------------------------------------

Bytes encode_header(const BackupHeader& h) {
  Bytes out(kBackupMagic.begin(), kBackupMagic.end());
  put_le(out, h.version, 2);
  out.push_back(h.kdf);
  out.push_back(h.cipher);
  put_le(out, h.iterations, 4);
  out.insert(out.end(), h.salt.begin(), h.salt.end());
  out.insert(out.end(), h.nonce.begin(), h.nonce.end());
  put_le(out, h.body_size, 8);
  return out;
}

bool iterations_ok(std::uint32_t n) { return n >= kBackupMinIterations && n <= kBackupMaxIterations; }

Result<SecureBytes> derive_key(ByteView passphrase, const BackupHeader& h) {
  return crypto::pbkdf2_hmac_sha256(passphrase, h.salt, h.iterations, kKeySize);
}

}  // namespace

const char* backup_error_message(BackupError e) {
  switch (e) {
    case BackupError::kNone: return "ok";
    case BackupError::kNotABackup: return "not a Craton HSM backup file (no CRATONBK header)";
    case BackupError::kTruncated: return "the backup file is truncated (shorter than its header says)";
    case BackupError::kTrailingData: return "the backup file has extra bytes after its end";
    case BackupError::kUnsupportedVersion: return "unsupported backup format version";
    case BackupError::kUnsupportedAlgorithm: return "unsupported key derivation or cipher in the backup header";
    case BackupError::kIterationsOutOfRange:
      return "PBKDF2 iteration count in the backup header is outside the allowed range (600000..10000000)";
    case BackupError::kTooLarge: return "the backup body is larger than 1 GiB";
    case BackupError::kAuthenticationFailed:
      return "wrong passphrase, or the backup file was altered or damaged (authentication failed)";
    case BackupError::kMalformedPayload: return "the backup contents are malformed";
    case BackupError::kPassphraseTooShort: return "the backup passphrase must be at least 8 bytes";
    case BackupError::kEmptyToken: return "the slot holds no token to back up";
    case BackupError::kTargetNotEmpty: return "the target slot already holds a token (use --force to replace it)";
    case BackupError::kStoreFailure: return "the token store failed (see the log)";
    case BackupError::kCryptoFailure: return "a cryptographic operation failed";
  }
  return "unknown backup error";
}

BackupError parse_backup_header(ByteView file, BackupHeader* out) {
  const std::size_t magic_seen = std::min(file.size(), kBackupMagic.size());
  if (!std::equal(file.begin(), file.begin() + static_cast<std::ptrdiff_t>(magic_seen), kBackupMagic.begin()) ||
      magic_seen == 0) {
    return BackupError::kNotABackup;
  }
  if (file.size() < kBackupOffVersion + 2) return BackupError::kTruncated;
  BackupHeader h;
  h.version = static_cast<std::uint16_t>(get_le(file, kBackupOffVersion, 2));
  if (h.version != kBackupFormatVersion) return BackupError::kUnsupportedVersion;
  if (file.size() < kBackupHeaderSize) return BackupError::kTruncated;
  h.kdf = file[kBackupOffKdf];
  h.cipher = file[kBackupOffCipher];
  if (h.kdf != kBackupKdfPbkdf2Sha256 || h.cipher != kBackupCipherAes256Gcm) return BackupError::kUnsupportedAlgorithm;
  h.iterations = static_cast<std::uint32_t>(get_le(file, kBackupOffIterations, 4));
  if (!iterations_ok(h.iterations)) return BackupError::kIterationsOutOfRange;
  std::copy_n(file.begin() + kBackupOffSalt, kBackupSaltSize, h.salt.begin());
  std::copy_n(file.begin() + kBackupOffNonce, kBackupNonceSize, h.nonce.begin());
  h.body_size = get_le(file, kBackupOffBodySize, 8);
  if (h.body_size > kBackupMaxBodySize) return BackupError::kTooLarge;
  const std::uint64_t want = kBackupHeaderSize + h.body_size + kBackupTagSize;
  if (file.size() < want) return BackupError::kTruncated;
  if (file.size() > want) return BackupError::kTrailingData;
  *out = h;
  return BackupError::kNone;
}

BackupError write_backup(const BackupContents& contents, ByteView passphrase, std::uint32_t iterations,
                         Bytes* file) {
  if (passphrase.size() < kBackupMinPassphrase) return BackupError::kPassphraseTooShort;
  if (!iterations_ok(iterations)) return BackupError::kIterationsOutOfRange;
  const SecureBytes payload = encode_payload(contents);
  if (payload.size() > kBackupMaxBodySize) return BackupError::kTooLarge;
  BackupHeader h;
  h.version = kBackupFormatVersion;
  h.kdf = kBackupKdfPbkdf2Sha256;
  h.cipher = kBackupCipherAes256Gcm;
  h.iterations = iterations;
  h.body_size = payload.size();
  if (!crypto::random_bytes(h.salt).is_ok() || !crypto::random_bytes(h.nonce).is_ok())
    return BackupError::kCryptoFailure;
  auto key = derive_key(passphrase, h);
  if (!key.is_ok()) return BackupError::kCryptoFailure;
  auto cipher = crypto::Cipher::create(crypto::CipherMode::kGcm, key->view(), true);
  if (!cipher.is_ok()) return BackupError::kCryptoFailure;
  Bytes out = encode_header(h);
  out.resize(kBackupHeaderSize + payload.size() + kBackupTagSize);
  // The whole header, salt and nonce included, is associated data: no field can change unnoticed.
  const ByteView aad(out.data(), kBackupHeaderSize);
  if (!cipher->start(h.nonce).is_ok() || !cipher->aad(aad).is_ok() ||
      !cipher->update(payload, MutableByteView(out.data() + kBackupHeaderSize, payload.size())).is_ok() ||
      !cipher->finish(MutableByteView(out.data() + kBackupHeaderSize + payload.size(), kBackupTagSize)).is_ok())
    return BackupError::kCryptoFailure;
  *file = std::move(out);
  return BackupError::kNone;
}

BackupError read_backup(ByteView file, ByteView passphrase, BackupContents* out) {
  BackupHeader h;
  if (const BackupError e = parse_backup_header(file, &h); e != BackupError::kNone) return e;
  auto key = derive_key(passphrase, h);
  if (!key.is_ok()) return BackupError::kCryptoFailure;
  auto cipher = crypto::Cipher::create(crypto::CipherMode::kGcm, key->view(), false);
  if (!cipher.is_ok()) return BackupError::kCryptoFailure;
  const auto body_size = static_cast<std::size_t>(h.body_size);
  const ByteView body = file.subspan(kBackupHeaderSize, body_size);
  const ByteView tag = file.subspan(kBackupHeaderSize + body_size, kBackupTagSize);
  SecureBytes payload(body_size);
  if (!cipher->start(h.nonce).is_ok() || !cipher->set_tag(tag).is_ok() ||
      !cipher->aad(file.first(kBackupHeaderSize)).is_ok() ||
      !cipher->update(body, MutableByteView(payload.data(), payload.size())).is_ok())
    return BackupError::kCryptoFailure;
  // Nothing decrypted is looked at before the tag has verified.
  if (!cipher->finish().is_ok()) return BackupError::kAuthenticationFailed;
  BackupContents c;
  if (!decode_payload(payload.view(), &c)) return BackupError::kMalformedPayload;
  *out = std::move(c);
  return BackupError::kNone;
}

BackupError make_backup(storage::TokenStore& store, std::uint32_t slot, ByteView passphrase,
                        std::uint32_t iterations, Bytes* file, BackupContents* written) {
  if (passphrase.size() < kBackupMinPassphrase) return BackupError::kPassphraseTooShort;
  if (!iterations_ok(iterations)) return BackupError::kIterationsOutOfRange;
  auto snapshot = store.export_token(slot);
  if (!snapshot.is_ok()) return BackupError::kStoreFailure;
  if (snapshot->meta.empty() && snapshot->objects.empty()) return BackupError::kEmptyToken;
  BackupContents c;
  c.source_slot = slot;
  c.created_unix = static_cast<std::uint64_t>(std::time(nullptr));
  c.token = std::move(*snapshot);
  const BackupError e = write_backup(c, passphrase, iterations, file);
  if (e == BackupError::kNone && written != nullptr) *written = std::move(c);
  return e;
}

BackupError restore_backup(storage::TokenStore& store, std::uint32_t slot, ByteView file, ByteView passphrase,
                           bool replace, BackupContents* restored) {
  BackupContents c;
  if (const BackupError e = read_backup(file, passphrase, &c); e != BackupError::kNone) return e;
  if (const BackupError e = restore_contents(store, slot, c, replace); e != BackupError::kNone) return e;
  if (restored != nullptr) *restored = std::move(c);
  return BackupError::kNone;
}

BackupError restore_contents(storage::TokenStore& store, std::uint32_t slot, const BackupContents& contents,
                             bool replace) {
  const Status st = store.restore_token(slot, contents.token, replace);
  if (st.rv() == CKR_FUNCTION_REJECTED) return BackupError::kTargetNotEmpty;
  if (!st.is_ok()) return BackupError::kStoreFailure;
  return BackupError::kNone;
}

}  // namespace craton::module
