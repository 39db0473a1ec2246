// Token backup files (module/token_backup.h, docs/storage-format.md "Backup
// file format"): round trips through both stores, the documented byte layout
// (checked against an independent encoder written here from the document),
// and every kind of damage: each fails with its own error and leaves the
// target store exactly as it was.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "crypto/cipher.h"
#include "crypto/sealing.h"
#include "module/token_backup.h"
#include "storage/sqlite_open.h"
#include "storage/token_store.h"

namespace craton::module {
namespace {

namespace fs = std::filesystem;
using storage::StoredAttribute;
using storage::StoredObject;
using storage::TokenSnapshot;
using storage::TokenStore;

constexpr std::uint32_t kIter = kBackupMinIterations;
const std::string kPass = "correct horse battery staple";

ByteView pass() { return as_bytes(kPass); }
Bytes bytes(std::string_view s) { return Bytes(s.begin(), s.end()); }

StoredAttribute attr(CK_ATTRIBUTE_TYPE type, Bytes value, bool encrypted = false) {
  StoredAttribute a;
  a.type = type;
  a.encrypted = encrypted;
  a.value = std::move(value);
  return a;
}

StoredObject object(std::uint64_t id, std::vector<StoredAttribute> attrs) {
  StoredObject o;
  o.id = id;
  o.attributes = std::move(attrs);
  return o;
}

// Snapshots in canonical order, for comparison.
TokenSnapshot canonical(TokenSnapshot s) {
  std::sort(s.meta.begin(), s.meta.end());
  std::sort(s.objects.begin(), s.objects.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  for (auto& o : s.objects) {
    std::sort(o.attributes.begin(), o.attributes.end(), [](const auto& a, const auto& b) { return a.type < b.type; });
  }
  return s;
}

bool same(const TokenSnapshot& x, const TokenSnapshot& y) {
  const TokenSnapshot a = canonical(x);
  const TokenSnapshot b = canonical(y);
  if (a.meta != b.meta || a.objects.size() != b.objects.size()) return false;
  for (std::size_t i = 0; i < a.objects.size(); ++i) {
    const auto& p = a.objects[i];
    const auto& q = b.objects[i];
    if (p.id != q.id || p.attributes.size() != q.attributes.size()) return false;
    for (std::size_t j = 0; j < p.attributes.size(); ++j) {
      const auto& u = p.attributes[j];
      const auto& v = q.attributes[j];
      if (u.type != v.type || u.encrypted != v.encrypted || u.value != v.value) return false;
    }
  }
  return true;
}

// A token as the module writes one: records, a sealed key, attributes in
// non-canonical order, an object without attributes, ids with gaps.
void fill_token(TokenStore& s, std::uint32_t slot, const std::string& tag) {
  Bytes info = bytes(tag);
  info.resize(50, ' ');
  ASSERT_TRUE(s.put_meta(slot, "info", info).is_ok());
  ASSERT_TRUE(s.put_meta(slot, "so_wrap", bytes("so-wrap-record-" + tag)).is_ok());
  ASSERT_TRUE(s.put_meta(slot, "user_wrap", bytes("user-wrap-record-" + tag)).is_ok());
  ASSERT_TRUE(s.put_meta(slot, "user_failures", Bytes{2, 0, 0, 0}).is_ok());
  ASSERT_TRUE(s.put_object(slot, object(3, {attr(CKA_VALUE, bytes("sealed-" + tag), true),
                                            attr(CKA_CLASS, Bytes{4, 0, 0, 0, 0, 0, 0, 0}),
                                            attr(CKA_LABEL, bytes("key-" + tag))}))
                  .is_ok());
  ASSERT_TRUE(s.put_object(slot, object(7, {attr(CKA_LABEL, Bytes{}), attr(0x80000001UL, bytes("vendor"))})).is_ok());
  ASSERT_TRUE(s.put_object(slot, object(12, {})).is_ok());
}

TokenSnapshot dump(TokenStore& s, std::uint32_t slot) {
  auto r = s.export_token(slot);
  EXPECT_TRUE(r.is_ok());
  return r.is_ok() ? std::move(r).value() : TokenSnapshot{};
}

class TempDir {
 public:
  TempDir() {
    char tmpl[] = "/tmp/craton_backup_test_XXXXXX";
    if (::mkdtemp(tmpl) != nullptr) path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty()) fs::remove_all(path_, ec);
  }
  std::string store_dir() const { return path_ + "/store"; }

 private:
  std::string path_;
};

std::unique_ptr<TokenStore> open_sqlite(const std::string& dir) {
  std::string msg;
  auto r = storage::open_sqlite_store(dir, &msg);
  EXPECT_TRUE(r.is_ok()) << msg;
  return r.is_ok() ? std::move(r).value() : nullptr;
}

Bytes make_file(TokenStore& s, std::uint32_t slot) {
  Bytes file;
  EXPECT_EQ(make_backup(s, slot, pass(), kIter, &file), BackupError::kNone);
  return file;
}

// ---- round trips ---------------------------------------------------------------

TEST(BackupFormat, RoundTripMemoryStoreToAnotherSlot) {
  auto src = storage::make_memory_store();
  fill_token(*src, 0, "alpha");
  const Bytes file = make_file(*src, 0);

  auto dst = storage::make_memory_store();
  BackupContents got;
  ASSERT_EQ(restore_backup(*dst, 5, file, pass(), false, &got), BackupError::kNone);
  EXPECT_EQ(got.source_slot, 0u);
  EXPECT_NE(got.created_unix, 0u);
  EXPECT_TRUE(same(dump(*dst, 5), dump(*src, 0)));
  EXPECT_EQ(dump(*dst, 5).meta.size(), 4u);
  EXPECT_EQ(dump(*dst, 5).objects.size(), 3u);
  // Restored ids are never handed out again.
  auto next = dst->allocate_object_id(5);
  ASSERT_TRUE(next.is_ok());
  EXPECT_GT(*next, 12u);
}

TEST(BackupFormat, RoundTripSqliteReplacesTokenInOneChange) {
  TempDir tmp;
  auto src = open_sqlite(tmp.store_dir());
  ASSERT_NE(src, nullptr);
  fill_token(*src, 0, "alpha");
  fill_token(*src, 1, "beta");
  const Bytes file = make_file(*src, 0);
  // Another process's view of slot 1: its counter before the restore.
  auto other = open_sqlite(tmp.store_dir());
  ASSERT_NE(other, nullptr);
  const std::uint64_t seen = *other->change_counter(1);
  const std::uint64_t hint = other->change_hint(1);
  ASSERT_TRUE(other->delete_object(1, 7).is_ok());  // leaves a tombstone in slot 1

  ASSERT_EQ(restore_backup(*src, 1, file, pass(), true, nullptr), BackupError::kNone);
  EXPECT_TRUE(same(dump(*src, 1), dump(*src, 0)));
  EXPECT_TRUE(same(dump(*other, 1), dump(*src, 0)));  // the other connection sees it at once
  // Exactly one change on top of the delete, and a full reload for older callers.
  EXPECT_EQ(*other->change_counter(1), seen + 2);
  EXPECT_NE(other->change_hint(1), hint);
  auto changes = other->load_changes(1, seen + 1);
  ASSERT_TRUE(changes.is_ok());
  EXPECT_TRUE(changes->full_reload);
  EXPECT_EQ(changes->changed.size(), 3u);
  EXPECT_TRUE(changes->deleted.empty());
  auto next = src->allocate_object_id(1);
  ASSERT_TRUE(next.is_ok());
  EXPECT_GT(*next, 12u);
}

TEST(BackupFormat, HeaderIsAsDocumentedAndFreshPerFile) {
  auto src = storage::make_memory_store();
  fill_token(*src, 0, "alpha");
  const Bytes a = make_file(*src, 0);
  const Bytes b = make_file(*src, 0);
  ASSERT_GT(a.size(), kBackupHeaderSize + kBackupTagSize);
  EXPECT_TRUE(std::equal(kBackupMagic.begin(), kBackupMagic.end(), a.begin()));
  BackupHeader h;
  ASSERT_EQ(parse_backup_header(a, &h), BackupError::kNone);
  EXPECT_EQ(h.version, 1);
  EXPECT_EQ(a[8], 1);
  EXPECT_EQ(a[9], 0);
  EXPECT_EQ(h.kdf, 1);
  EXPECT_EQ(h.cipher, 1);
  EXPECT_EQ(h.iterations, 600000u);
  EXPECT_EQ(a[12], 0xC0);  // 600000 = 0x000927C0, little endian
  EXPECT_EQ(a[13], 0x27);
  EXPECT_EQ(a[14], 0x09);
  EXPECT_EQ(a[15], 0x00);
  EXPECT_EQ(h.body_size, a.size() - kBackupHeaderSize - kBackupTagSize);
  BackupHeader hb;
  ASSERT_EQ(parse_backup_header(b, &hb), BackupError::kNone);
  EXPECT_NE(h.salt, hb.salt);
  EXPECT_NE(h.nonce, hb.nonce);
  // Nothing of the token is visible in the file.
  const std::string text(a.begin(), a.end());
  EXPECT_EQ(text.find("alpha"), std::string::npos);
  EXPECT_EQ(text.find("so_wrap"), std::string::npos);
}

TEST(BackupFormat, WriterPolicy) {
  auto src = storage::make_memory_store();
  Bytes file;
  EXPECT_EQ(make_backup(*src, 0, pass(), kIter, &file), BackupError::kEmptyToken);
  fill_token(*src, 0, "alpha");
  EXPECT_EQ(make_backup(*src, 0, as_bytes("short"), kIter, &file), BackupError::kPassphraseTooShort);
  EXPECT_EQ(make_backup(*src, 0, pass(), kIter - 1, &file), BackupError::kIterationsOutOfRange);
  EXPECT_EQ(make_backup(*src, 0, pass(), kBackupMaxIterations + 1, &file), BackupError::kIterationsOutOfRange);
  EXPECT_TRUE(file.empty());
  ASSERT_EQ(make_backup(*src, 0, pass(), kIter + 1, &file), BackupError::kNone);
  BackupHeader h;
  ASSERT_EQ(parse_backup_header(file, &h), BackupError::kNone);
  EXPECT_EQ(h.iterations, kIter + 1);
}

TEST(BackupFormat, RefusesOccupiedTargetWithoutReplace) {
  TempDir tmp;
  auto store = open_sqlite(tmp.store_dir());
  ASSERT_NE(store, nullptr);
  fill_token(*store, 0, "alpha");
  fill_token(*store, 1, "beta");
  const Bytes file = make_file(*store, 0);
  const TokenSnapshot before = dump(*store, 1);
  const std::uint64_t counter = *store->change_counter(1);
  EXPECT_EQ(restore_backup(*store, 1, file, pass(), false, nullptr), BackupError::kTargetNotEmpty);
  EXPECT_TRUE(same(dump(*store, 1), before));
  EXPECT_EQ(*store->change_counter(1), counter);
  // A slot with records only (an initialised token without objects) is occupied too.
  ASSERT_TRUE(store->put_meta(2, "info", bytes("x")).is_ok());
  EXPECT_EQ(restore_backup(*store, 2, file, pass(), false, nullptr), BackupError::kTargetNotEmpty);
  EXPECT_EQ(restore_backup(*store, 3, file, pass(), false, nullptr), BackupError::kNone);
}

// ---- damage ------------------------------------------------------------------------

struct Damage {
  const char* name;
  std::function<void(Bytes&)> apply;
  BackupError expected;
};

void flip(Bytes& f, std::size_t at) { f[at] ^= 0x01; }
void set_u32(Bytes& f, std::size_t at, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) f[at + static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(v >> (8 * i));
}
void add_u64(Bytes& f, std::size_t at, std::int64_t delta) {
  std::uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v |= static_cast<std::uint64_t>(f[at + static_cast<std::size_t>(i)]) << (8 * i);
  v += static_cast<std::uint64_t>(delta);
  for (int i = 0; i < 8; ++i) f[at + static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(v >> (8 * i));
}

std::vector<Damage> damages() {
  using E = BackupError;
  return {
      {"magic", [](Bytes& f) { flip(f, 0); }, E::kNotABackup},
      {"magic-last", [](Bytes& f) { flip(f, 7); }, E::kNotABackup},
      {"version-bump", [](Bytes& f) { f[kBackupOffVersion] = 2; }, E::kUnsupportedVersion},
      {"version-high-byte", [](Bytes& f) { flip(f, kBackupOffVersion + 1); }, E::kUnsupportedVersion},
      {"kdf-id", [](Bytes& f) { flip(f, kBackupOffKdf); }, E::kUnsupportedAlgorithm},
      {"cipher-id", [](Bytes& f) { flip(f, kBackupOffCipher); }, E::kUnsupportedAlgorithm},
      {"iterations-below-floor", [](Bytes& f) { set_u32(f, kBackupOffIterations, kIter - 1); }, E::kIterationsOutOfRange},
      {"iterations-1000", [](Bytes& f) { set_u32(f, kBackupOffIterations, 1000); }, E::kIterationsOutOfRange},
      {"iterations-huge", [](Bytes& f) { set_u32(f, kBackupOffIterations, 0xFFFFFFFFu); }, E::kIterationsOutOfRange},
      {"iterations-in-range", [](Bytes& f) { flip(f, kBackupOffIterations); }, E::kAuthenticationFailed},
      {"salt-first", [](Bytes& f) { flip(f, kBackupOffSalt); }, E::kAuthenticationFailed},
      {"salt-last", [](Bytes& f) { flip(f, kBackupOffSalt + kBackupSaltSize - 1); }, E::kAuthenticationFailed},
      {"nonce-first", [](Bytes& f) { flip(f, kBackupOffNonce); }, E::kAuthenticationFailed},
      {"nonce-last", [](Bytes& f) { flip(f, kBackupOffNonce + kBackupNonceSize - 1); }, E::kAuthenticationFailed},
      {"body-size-plus", [](Bytes& f) { add_u64(f, kBackupOffBodySize, 1); }, E::kTruncated},
      {"body-size-minus", [](Bytes& f) { add_u64(f, kBackupOffBodySize, -1); }, E::kTrailingData},
      {"body-size-huge", [](Bytes& f) { f[kBackupOffBodySize + 7] = 0x80; }, E::kTooLarge},
      {"body-first", [](Bytes& f) { flip(f, kBackupHeaderSize); }, E::kAuthenticationFailed},
      {"body-middle", [](Bytes& f) { flip(f, (kBackupHeaderSize + f.size() - kBackupTagSize) / 2); },
       E::kAuthenticationFailed},
      {"body-last", [](Bytes& f) { flip(f, f.size() - kBackupTagSize - 1); }, E::kAuthenticationFailed},
      {"tag-first", [](Bytes& f) { flip(f, f.size() - kBackupTagSize); }, E::kAuthenticationFailed},
      {"tag-last", [](Bytes& f) { flip(f, f.size() - 1); }, E::kAuthenticationFailed},
      {"truncated-by-one", [](Bytes& f) { f.pop_back(); }, E::kTruncated},
      {"truncated-in-body", [](Bytes& f) { f.resize(kBackupHeaderSize + 5); }, E::kTruncated},
      {"truncated-in-header", [](Bytes& f) { f.resize(40); }, E::kTruncated},
      {"truncated-in-magic", [](Bytes& f) { f.resize(4); }, E::kTruncated},
      {"empty", [](Bytes& f) { f.clear(); }, E::kNotABackup},
      {"appended-byte", [](Bytes& f) { f.push_back(0); }, E::kTrailingData},
      {"body-and-tag", [](Bytes& f) { flip(f, f.size() - kBackupTagSize - 1); flip(f, f.size() - 1); },
       E::kAuthenticationFailed},
  };
}

TEST(BackupFormat, EveryDamageFailsWithItsErrorAndLeavesTheStoreAlone) {
  auto src = storage::make_memory_store();
  fill_token(*src, 0, "alpha");
  const Bytes good = make_file(*src, 0);
  TempDir tmp;
  auto target = open_sqlite(tmp.store_dir());
  ASSERT_NE(target, nullptr);
  fill_token(*target, 0, "existing");
  const TokenSnapshot before = dump(*target, 0);
  const std::uint64_t counter = *target->change_counter(0);

  for (const Damage& d : damages()) {
    SCOPED_TRACE(d.name);
    Bytes bad = good;
    d.apply(bad);
    ASSERT_NE(bad, good);
    BackupContents got;
    got.source_slot = 99;
    EXPECT_EQ(restore_backup(*target, 0, bad, pass(), true, &got), d.expected)
        << backup_error_message(d.expected);
    EXPECT_EQ(got.source_slot, 99u);  // nothing handed back
    EXPECT_TRUE(same(dump(*target, 0), before));
    EXPECT_EQ(*target->change_counter(0), counter);
  }
  // Wrong passphrases, including a prefix and a one-bit change of the right one.
  for (const char* wrong : {"correct horse battery stapl", "Correct horse battery staple", "another passphrase"}) {
    EXPECT_EQ(restore_backup(*target, 0, good, as_bytes(wrong), true, nullptr), BackupError::kAuthenticationFailed);
  }
  EXPECT_TRUE(same(dump(*target, 0), before));
  EXPECT_EQ(*target->change_counter(0), counter);
  // The undamaged file still restores.
  ASSERT_EQ(restore_backup(*target, 0, good, pass(), true, nullptr), BackupError::kNone);
  EXPECT_TRUE(same(dump(*target, 0), dump(*src, 0)));
}

TEST(BackupFormat, ErrorMessagesAreDistinctOneLiners) {
  std::vector<std::string> seen;
  for (int i = 0; i <= static_cast<int>(BackupError::kCryptoFailure); ++i) {
    const std::string m = backup_error_message(static_cast<BackupError>(i));
    EXPECT_FALSE(m.empty());
    EXPECT_EQ(m.find('\n'), std::string::npos);
    EXPECT_EQ(std::count(seen.begin(), seen.end(), m), 0) << m;
    seen.push_back(m);
  }
}

// ---- an independent encoder, from the document ------------------------------------

void le(Bytes& out, std::uint64_t v, int n) {
  for (int i = 0; i < n; ++i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}

// Seals `payload` exactly as docs/storage-format.md describes, with a fixed
// salt and nonce.
Bytes seal_by_the_book(ByteView payload) {
  constexpr std::uint32_t iterations = kIter;
  Bytes f = {'C', 'R', 'A', 'T', 'O', 'N', 'B', 'K'};
  le(f, 1, 2);  // version
  f.push_back(1);  // PBKDF2-HMAC-SHA256
  f.push_back(1);  // AES-256-GCM
  le(f, iterations, 4);
  for (int i = 0; i < 32; ++i) f.push_back(static_cast<std::uint8_t>(0xA0 + i));  // salt
  for (int i = 0; i < 12; ++i) f.push_back(static_cast<std::uint8_t>(0x50 + i));  // nonce
  le(f, payload.size(), 8);
  EXPECT_EQ(f.size(), 68u);
  // The salt is fixed, so the key is derived once for all the cases.
  static const SecureBytes key = [&] {
    auto k = crypto::pbkdf2_hmac_sha256(pass(), ByteView(f.data() + 16, 32), iterations, 32);
    EXPECT_TRUE(k.is_ok());
    return k.is_ok() ? std::move(k).value() : SecureBytes(32);
  }();
  auto c = crypto::Cipher::create(crypto::CipherMode::kGcm, key.view(), true);
  EXPECT_TRUE(c.is_ok());
  const Bytes header = f;
  f.resize(68 + payload.size() + 16);
  EXPECT_TRUE(c->start(ByteView(header.data() + 48, 12)).is_ok());
  EXPECT_TRUE(c->aad(header).is_ok());
  EXPECT_TRUE(c->update(payload, MutableByteView(f.data() + 68, payload.size())).is_ok());
  EXPECT_TRUE(c->finish(MutableByteView(f.data() + 68 + payload.size(), 16)).is_ok());
  return f;
}

struct PayloadBuilder {
  Bytes p;
  PayloadBuilder(std::uint32_t slot, std::uint64_t when) {
    le(p, slot, 4);
    le(p, when, 8);
  }
  PayloadBuilder& count(std::uint32_t n) { le(p, n, 4); return *this; }
  PayloadBuilder& meta(std::string_view key, std::string_view value) {
    le(p, key.size(), 2);
    p.insert(p.end(), key.begin(), key.end());
    le(p, value.size(), 4);
    p.insert(p.end(), value.begin(), value.end());
    return *this;
  }
  PayloadBuilder& object(std::uint64_t id, std::uint32_t attrs) {
    le(p, id, 8);
    le(p, attrs, 4);
    return *this;
  }
  PayloadBuilder& attribute(std::uint64_t type, std::uint8_t flags, std::string_view value) {
    le(p, type, 8);
    p.push_back(flags);
    le(p, value.size(), 4);
    p.insert(p.end(), value.begin(), value.end());
    return *this;
  }
};

TEST(BackupFormat, ReadsAFileBuiltFromTheDocument) {
  PayloadBuilder b(7, 1700000000);
  b.count(2).meta("info", "label").meta("so_wrap", "wrapped");
  b.count(2).object(4, 2).attribute(CKA_CLASS, 0, "c").attribute(CKA_VALUE, 1, "sealed").object(9, 0);
  const Bytes file = seal_by_the_book(b.p);
  BackupContents got;
  ASSERT_EQ(read_backup(file, pass(), &got), BackupError::kNone);
  EXPECT_EQ(got.source_slot, 7u);
  EXPECT_EQ(got.created_unix, 1700000000u);
  ASSERT_EQ(got.token.meta.size(), 2u);
  EXPECT_EQ(got.token.meta[1].first, "so_wrap");
  EXPECT_EQ(got.token.meta[1].second, bytes("wrapped"));
  ASSERT_EQ(got.token.objects.size(), 2u);
  EXPECT_EQ(got.token.objects[0].id, 4u);
  ASSERT_EQ(got.token.objects[0].attributes.size(), 2u);
  EXPECT_FALSE(got.token.objects[0].attributes[0].encrypted);
  EXPECT_TRUE(got.token.objects[0].attributes[1].encrypted);
  EXPECT_EQ(got.token.objects[0].attributes[1].value, bytes("sealed"));
  EXPECT_EQ(got.token.objects[1].id, 9u);
  EXPECT_TRUE(got.token.objects[1].attributes.empty());
}

TEST(BackupFormat, RefusesAuthenticButMalformedPayloads) {
  std::vector<std::pair<const char*, Bytes>> cases;
  auto add = [&](const char* name, const PayloadBuilder& b) { cases.emplace_back(name, b.p); };
  {
    PayloadBuilder b(0, 1);
    b.count(2).meta("so_wrap", "a").meta("info", "b").count(0);
    add("meta-not-ascending", b);
  }
  {
    PayloadBuilder b(0, 1);
    b.count(2).meta("info", "a").meta("info", "b").count(0);
    add("meta-duplicate", b);
  }
  {
    PayloadBuilder b(0, 1);
    b.count(1).meta("", "a").count(0);
    add("meta-empty-key", b);
  }
  {
    PayloadBuilder b(0, 1);
    b.count(0).count(2).object(5, 0).object(5, 0);
    add("object-duplicate-id", b);
  }
  {
    PayloadBuilder b(0, 1);
    b.count(0).count(1).object(0, 0);
    add("object-id-zero", b);
  }
  {
    PayloadBuilder b(0, 1);
    b.count(0).count(1).object(1, 2).attribute(3, 0, "x").attribute(3, 0, "y");
    add("attribute-duplicate-type", b);
  }
  {
    PayloadBuilder b(0, 1);
    b.count(0).count(1).object(1, 1).attribute(3, 2, "x");
    add("attribute-unknown-flag", b);
  }
  {
    PayloadBuilder b(0, 1);
    b.count(0).count(0x7FFFFFFF);
    add("object-count-beyond-data", b);
  }
  {
    PayloadBuilder b(0, 1);
    b.count(0).count(0);
    b.p.push_back(0);
    add("trailing-byte", b);
  }
  {
    PayloadBuilder b(0, 1);
    b.count(1);
    b.p.push_back(4);
    add("cut-in-a-record", b);
  }
  for (const auto& [name, payload] : cases) {
    SCOPED_TRACE(name);
    BackupContents got;
    EXPECT_EQ(read_backup(seal_by_the_book(payload), pass(), &got), BackupError::kMalformedPayload);
  }
}

}  // namespace
}  // namespace craton::module
