#include "module/token.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <unordered_set>

#include "core/log.h"
#include "crypto/random.h"
#include "crypto/sealing.h"
#include "module/validation_object.h"
#include "objects/attribute_rules.h"

namespace craton::module {
namespace {

constexpr char kInfoKey[] = "info";
constexpr char kSoWrapKey[] = "so_wrap";
constexpr char kUserWrapKey[] = "user_wrap";
constexpr char kSoFailuresKey[] = "so_failures";
constexpr char kUserFailuresKey[] = "user_failures";
constexpr std::size_t kLabelSize = 32;
constexpr std::size_t kSerialSize = 16;
constexpr std::size_t kSaltSize = 16;

std::string pad_label(std::string s) {
  s.resize(kLabelSize, ' ');
  return s;
}

Bytes u32_bytes(std::uint32_t v) {
  return Bytes{static_cast<std::uint8_t>(v), static_cast<std::uint8_t>(v >> 8), static_cast<std::uint8_t>(v >> 16),
               static_cast<std::uint8_t>(v >> 24)};
}
std::uint32_t read_u32(ByteView b) {
  if (b.size() < 4) return 0;
  return static_cast<std::uint32_t>(b[0]) | static_cast<std::uint32_t>(b[1]) << 8 |
         static_cast<std::uint32_t>(b[2]) << 16 | static_cast<std::uint32_t>(b[3]) << 24;
}

// Associated data binding a sealed attribute to its object and type, so a
// blob moved to another object or attribute fails to open.
Bytes attribute_aad(std::uint64_t id, CK_ATTRIBUTE_TYPE type) {
  Bytes aad(16);
  for (int i = 0; i < 8; ++i) {
    aad[i] = static_cast<std::uint8_t>(id >> (8 * i));
    aad[8 + i] = static_cast<std::uint8_t>(static_cast<std::uint64_t>(type) >> (8 * i));
  }
  return aad;
}

Bytes pin_wrap_aad(const char* key) {
  std::string s = std::string("craton-hsm pin wrap v1:") + key;
  return Bytes(s.begin(), s.end());
}

}  // namespace

Token::Token(CK_SLOT_ID slot, const config::Config& cfg, storage::TokenStore& store)
    : slot_(slot), cfg_(cfg), store_(store) {
  label_ = pad_label(cfg.label_for_slot(static_cast<std::uint32_t>(slot)));
  // Published by the module, never stored (module/validation_object.h).
  objects_.insert(std::make_shared<objects::Object>(0, kModuleOwnedObject, validation_object_attributes(slot)));
}

// Token records: label, serial, flags and failure counters. Re-read on
// every sync so that lockouts and re-initialisation by another process count.
Status Token::read_token_records() {
  auto slot32 = static_cast<std::uint32_t>(slot_);
  TRY_ASSIGN(auto info, store_.get_meta(slot32, kInfoKey));
  if (info && info->size() == kLabelSize + kSerialSize + 2) {
    label_.assign(info->begin(), info->begin() + kLabelSize);
    serial_.assign(info->begin() + kLabelSize, info->begin() + kLabelSize + kSerialSize);
    initialized_ = (*info)[kLabelSize + kSerialSize] != 0;
    user_pin_initialized_ = (*info)[kLabelSize + kSerialSize + 1] != 0;
  } else if (info) {
    log::error("token record of slot has an unexpected size; store damaged");
    return err(CKR_GENERAL_ERROR);
  } else {
    initialized_ = user_pin_initialized_ = false;
    serial_.clear();
    label_ = pad_label(cfg_.label_for_slot(slot32));
  }
  TRY_ASSIGN(auto so_f, store_.get_meta(slot32, kSoFailuresKey));
  TRY_ASSIGN(auto user_f, store_.get_meta(slot32, kUserFailuresKey));
  so_failures_ = so_f ? read_u32(*so_f) : 0;
  user_failures_ = user_f ? read_u32(*user_f) : 0;
  return Status::ok();
}

Status Token::load() {
  std::lock_guard<std::mutex> lock(mu_);
  const auto slot32 = static_cast<std::uint32_t>(slot_);
  const std::uint64_t hint = store_.change_hint(slot32);
  TRY_STATUS(read_token_records());
  TRY_ASSIGN(storage::ObjectChanges all, store_.load_changes(slot32, 0));
  all.full_reload = true;
  TRY_STATUS(apply_changes(all));
  seen_counter_ = all.counter;
  seen_hint_.store(hint, std::memory_order_release);
  return Status::ok();
}

Status Token::sync_if_changed() {
  const auto slot32 = static_cast<std::uint32_t>(slot_);
  const std::uint64_t hint = store_.change_hint(slot32);
  if (hint == seen_hint_.load(std::memory_order_acquire)) return Status::ok();
  std::lock_guard<std::mutex> lock(mu_);
  if (hint == seen_hint_.load(std::memory_order_acquire)) return Status::ok();
  TRY_STATUS(read_token_records());
  TRY_ASSIGN(storage::ObjectChanges changes, store_.load_changes(slot32, seen_counter_));
  TRY_STATUS(apply_changes(changes));
  seen_counter_ = changes.counter;
  seen_hint_.store(hint, std::memory_order_release);
  return Status::ok();
}

void Token::forget_token_object(std::uint64_t store_id) {
  auto it = handle_by_store_id_.find(store_id);
  if (it == handle_by_store_id_.end()) return;
  if (auto obj = objects_.erase(it->second)) obj->mark_destroyed();
}

// Applies another process's changes (or a full load). Objects with sealed
// attributes can only be opened while the object key is present; otherwise
// they wait in sealed_ for the next login.
Status Token::apply_changes(const storage::ObjectChanges& changes) {
  if (changes.full_reload) {
    auto removed = objects_.erase_if([](const objects::Object& o) { return o.is_token(); });
    for (auto& o : removed) o->mark_destroyed();
    sealed_.clear();
  }
  for (std::uint64_t id : changes.deleted) forget_token_object(id);
  for (const auto& s : changes.changed) {
    const bool has_sealed = std::any_of(s.attributes.begin(), s.attributes.end(),
                                        [](const storage::StoredAttribute& a) { return a.encrypted; });
    if (has_sealed && object_key_.empty()) {
      forget_token_object(s.id);
      sealed_.push_back(s);
      continue;
    }
    auto attrs = from_stored(s);
    if (!attrs.is_ok()) {
      log::error("a stored token object failed its integrity check and is not loaded");
      forget_token_object(s.id);
      continue;
    }
    const CK_OBJECT_HANDLE h = handle_for_store_id(s.id);
    if (auto existing = objects_.find(h)) {
      existing->replace(std::move(attrs).value());
    } else {
      objects_.insert_with_handle(h, std::make_shared<objects::Object>(s.id, 0, std::move(attrs).value()));
    }
  }
  return Status::ok();
}

bool Token::initialized() const {
  std::lock_guard<std::mutex> lock(mu_);
  return initialized_;
}

void Token::fill_token_info(CK_TOKEN_INFO& info) const {
  std::lock_guard<std::mutex> lock(mu_);
  std::memset(&info, ' ', sizeof info);
  std::memcpy(info.label, label_.data(), kLabelSize);
  std::string manufacturer = pad_label("Craton HSM Project");
  std::memcpy(info.manufacturerID, manufacturer.data(), 32);
  std::string model = "Craton Soft HSM ";
  std::memcpy(info.model, model.data(), 16);
  std::string serial = serial_.empty() ? std::string(kSerialSize, '0') : serial_;
  std::memcpy(info.serialNumber, serial.data(), kSerialSize);
  CK_FLAGS flags = CKF_RNG | CKF_LOGIN_REQUIRED | CKF_DUAL_CRYPTO_OPERATIONS;
  if (initialized_) flags |= CKF_TOKEN_INITIALIZED;
  if (user_pin_initialized_) flags |= CKF_USER_PIN_INITIALIZED;
  const std::uint32_t max = cfg_.max_login_failures;
  if (user_failures_ > 0) flags |= CKF_USER_PIN_COUNT_LOW;
  if (max > 1 && user_failures_ == max - 1) flags |= CKF_USER_PIN_FINAL_TRY;
  if (user_failures_ >= max) flags |= CKF_USER_PIN_LOCKED;
  if (so_failures_ > 0) flags |= CKF_SO_PIN_COUNT_LOW;
  if (max > 1 && so_failures_ == max - 1) flags |= CKF_SO_PIN_FINAL_TRY;
  if (so_failures_ >= max) flags |= CKF_SO_PIN_LOCKED;
  info.flags = flags;
  info.ulMaxSessionCount = CK_EFFECTIVELY_INFINITE;
  info.ulSessionCount = session_count.load();
  info.ulMaxRwSessionCount = CK_EFFECTIVELY_INFINITE;
  info.ulRwSessionCount = rw_session_count.load();
  info.ulMaxPinLen = cfg_.pin_max_length;
  info.ulMinPinLen = cfg_.pin_min_length;
  info.ulTotalPublicMemory = CK_UNAVAILABLE_INFORMATION;
  info.ulFreePublicMemory = CK_UNAVAILABLE_INFORMATION;
  info.ulTotalPrivateMemory = CK_UNAVAILABLE_INFORMATION;
  info.ulFreePrivateMemory = CK_UNAVAILABLE_INFORMATION;
  info.hardwareVersion = CK_VERSION{0, 1};
  info.firmwareVersion = CK_VERSION{0, 1};
  // utcTime is only meaningful with CKF_CLOCK_ON_TOKEN; it stays blank.
}

Status Token::save_info() {
  Bytes info(label_.begin(), label_.end());
  info.insert(info.end(), serial_.begin(), serial_.end());
  info.push_back(initialized_ ? 1 : 0);
  info.push_back(user_pin_initialized_ ? 1 : 0);
  return store_.put_meta(static_cast<std::uint32_t>(slot_), kInfoKey, info);
}

std::uint32_t Token::failures(CK_USER_TYPE user) const { return user == CKU_SO ? so_failures_ : user_failures_; }

Status Token::count_failure(CK_USER_TYPE user) {
  std::uint32_t& n = user == CKU_SO ? so_failures_ : user_failures_;
  ++n;
  return store_.put_meta(static_cast<std::uint32_t>(slot_), user == CKU_SO ? kSoFailuresKey : kUserFailuresKey,
                         u32_bytes(n));
}

Status Token::reset_failures(CK_USER_TYPE user) {
  std::uint32_t& n = user == CKU_SO ? so_failures_ : user_failures_;
  if (n == 0) return Status::ok();
  n = 0;
  return store_.put_meta(static_cast<std::uint32_t>(slot_), user == CKU_SO ? kSoFailuresKey : kUserFailuresKey,
                         u32_bytes(0));
}

// Record: salt(16) | iterations(4, LE) | sealed object key.
Status Token::store_pin_wrap(const char* key, ByteView pin) {
  Bytes record(kSaltSize);
  TRY_STATUS(crypto::random_bytes(record));
  const std::uint32_t iterations = cfg_.pbkdf2_iterations;
  TRY_ASSIGN(SecureBytes kek, crypto::pbkdf2_hmac_sha256(pin, record, iterations, crypto::kSealKeySize));
  TRY_ASSIGN(Bytes sealed, crypto::seal_aes256_gcm(kek.view(), pin_wrap_aad(key), object_key_.view()));
  Bytes iter = u32_bytes(iterations);
  record.insert(record.end(), iter.begin(), iter.end());
  record.insert(record.end(), sealed.begin(), sealed.end());
  return store_.put_meta(static_cast<std::uint32_t>(slot_), key, record);
}

Result<SecureBytes> Token::unwrap_with_pin(const char* key, ByteView pin) {
  TRY_ASSIGN(auto record, store_.get_meta(static_cast<std::uint32_t>(slot_), key));
  if (!record) return err(CKR_USER_PIN_NOT_INITIALIZED);
  if (record->size() < kSaltSize + 4 + crypto::kSealNonceSize + crypto::kSealTagSize) return err(CKR_GENERAL_ERROR);
  ByteView rec(*record);
  std::uint32_t iterations = read_u32(rec.subspan(kSaltSize, 4));
  TRY_ASSIGN(SecureBytes kek, crypto::pbkdf2_hmac_sha256(pin, rec.first(kSaltSize), iterations, crypto::kSealKeySize));
  auto opened = crypto::open_aes256_gcm(kek.view(), pin_wrap_aad(key), rec.subspan(kSaltSize + 4));
  if (!opened.is_ok()) return err(CKR_PIN_INCORRECT);
  return opened;
}

Status Token::init_token(ByteView so_pin, ByteView label32, bool sessions_open) {
  std::lock_guard<std::mutex> lock(mu_);
  if (so_pin.size() < cfg_.pin_min_length || so_pin.size() > cfg_.pin_max_length) return err(CKR_PIN_LEN_RANGE);
  if (initialized_) {
    if (so_failures_ >= cfg_.max_login_failures) return err(CKR_PIN_LOCKED);
    auto key = unwrap_with_pin(kSoWrapKey, so_pin);
    if (!key.is_ok()) {
      if (key.rv() == CKR_PIN_INCORRECT) TRY_STATUS(count_failure(CKU_SO));
      return key.error();
    }
  }
  if (sessions_open) return err(CKR_SESSION_EXISTS);
  const auto slot32 = static_cast<std::uint32_t>(slot_);
  TRY_STATUS(store_.wipe_token(slot32));
  objects_.erase_if([](const objects::Object& o) { return o.is_token(); });
  sealed_.clear();
  handle_by_store_id_.clear();
  object_key_ = SecureBytes(crypto::kSealKeySize);
  TRY_STATUS(crypto::random_bytes_for_key(object_key_));
  Bytes serial_raw(8);
  TRY_STATUS(crypto::random_bytes(serial_raw));
  char hex[17];
  for (int i = 0; i < 8; ++i) std::snprintf(hex + 2 * i, 3, "%02X", serial_raw[i]);
  serial_.assign(hex, 16);
  label_.assign(reinterpret_cast<const char*>(label32.data()), kLabelSize);
  TRY_STATUS(store_pin_wrap(kSoWrapKey, so_pin));
  initialized_ = true;
  user_pin_initialized_ = false;
  so_failures_ = user_failures_ = 0;
  TRY_STATUS(save_info());
  object_key_.clear();  // nobody is logged in after C_InitToken
  login_state_.store(LoginState::kPublic, std::memory_order_release);
  return Status::ok();
}

Status Token::init_pin(ByteView new_pin) {
  std::lock_guard<std::mutex> lock(mu_);
  if (login_state() != LoginState::kSecurityOfficer) return err(CKR_USER_NOT_LOGGED_IN);
  if (new_pin.size() < cfg_.pin_min_length || new_pin.size() > cfg_.pin_max_length) return err(CKR_PIN_LEN_RANGE);
  TRY_STATUS(store_pin_wrap(kUserWrapKey, new_pin));
  user_pin_initialized_ = true;
  user_failures_ = 0;
  TRY_STATUS(store_.put_meta(static_cast<std::uint32_t>(slot_), kUserFailuresKey, u32_bytes(0)));
  return save_info();
}

Status Token::set_pin(ByteView old_pin, ByteView new_pin) {
  std::lock_guard<std::mutex> lock(mu_);
  const CK_USER_TYPE who = login_state() == LoginState::kSecurityOfficer ? CKU_SO : CKU_USER;
  const char* key = who == CKU_SO ? kSoWrapKey : kUserWrapKey;
  if (who == CKU_USER && !user_pin_initialized_) return err(CKR_USER_PIN_NOT_INITIALIZED);
  if (failures(who) >= cfg_.max_login_failures) return err(CKR_PIN_LOCKED);
  if (new_pin.size() < cfg_.pin_min_length || new_pin.size() > cfg_.pin_max_length) return err(CKR_PIN_LEN_RANGE);
  auto key_bytes = unwrap_with_pin(key, old_pin);
  if (!key_bytes.is_ok()) {
    if (key_bytes.rv() == CKR_PIN_INCORRECT) TRY_STATUS(count_failure(who));
    return key_bytes.error();
  }
  TRY_STATUS(reset_failures(who));
  // Rewrap the one object key; no object is re-encrypted. store_pin_wrap
  // seals object_key_, so a public session holds it only for this call.
  const bool was_locked = object_key_.empty();
  if (was_locked) object_key_ = std::move(key_bytes).value();
  Status st = store_pin_wrap(key, new_pin);
  if (was_locked) object_key_.clear();
  return st;
}

Status Token::login(CK_USER_TYPE user, ByteView pin, bool ro_session_exists) {
  std::lock_guard<std::mutex> lock(mu_);
  const LoginState state = login_state();
  if (state == LoginState::kUser) return err(user == CKU_USER ? CKR_USER_ALREADY_LOGGED_IN : CKR_USER_ANOTHER_ALREADY_LOGGED_IN);
  if (state == LoginState::kSecurityOfficer)
    return err(user == CKU_SO ? CKR_USER_ALREADY_LOGGED_IN : CKR_USER_ANOTHER_ALREADY_LOGGED_IN);
  if (!initialized_) return err(user == CKU_SO ? CKR_PIN_INCORRECT : CKR_USER_PIN_NOT_INITIALIZED);
  if (user == CKU_USER && !user_pin_initialized_) return err(CKR_USER_PIN_NOT_INITIALIZED);
  if (user == CKU_SO && ro_session_exists) return err(CKR_SESSION_READ_ONLY_EXISTS);
  if (failures(user) >= cfg_.max_login_failures) return err(CKR_PIN_LOCKED);
  auto key = unwrap_with_pin(user == CKU_SO ? kSoWrapKey : kUserWrapKey, pin);
  if (!key.is_ok()) {
    if (key.rv() != CKR_PIN_INCORRECT) return key.error();
    TRY_STATUS(count_failure(user));
    return err(failures(user) >= cfg_.max_login_failures ? CKR_PIN_LOCKED : CKR_PIN_INCORRECT);
  }
  TRY_STATUS(reset_failures(user));
  object_key_ = std::move(key).value();
  login_state_.store(user == CKU_SO ? LoginState::kSecurityOfficer : LoginState::kUser, std::memory_order_release);
  return unlock_sealed_objects();
}

Status Token::check_context_pin(ByteView pin) {
  std::lock_guard<std::mutex> lock(mu_);
  if (login_state() != LoginState::kUser) return err(CKR_USER_NOT_LOGGED_IN);
  if (failures(CKU_USER) >= cfg_.max_login_failures) return err(CKR_PIN_LOCKED);
  auto key = unwrap_with_pin(kUserWrapKey, pin);
  if (!key.is_ok()) {
    if (key.rv() == CKR_PIN_INCORRECT) TRY_STATUS(count_failure(CKU_USER));
    return key.error();
  }
  return reset_failures(CKU_USER);
}

Status Token::logout() {
  std::lock_guard<std::mutex> lock(mu_);
  if (login_state() == LoginState::kPublic) return err(CKR_USER_NOT_LOGGED_IN);
  login_state_.store(LoginState::kPublic, std::memory_order_release);
  lock_private_objects();
  object_key_.clear();
  object_key_.shrink_to_fit();
  return Status::ok();
}

// Opens every sealed token object now that the object key is present. Reads
// the whole store, so objects other processes made meanwhile appear too.
Status Token::unlock_sealed_objects() {
  const auto slot32 = static_cast<std::uint32_t>(slot_);
  TRY_ASSIGN(storage::ObjectChanges all, store_.load_changes(slot32, 0));
  std::unordered_set<std::uint64_t> present;
  for (const auto& stored : all.changed) present.insert(stored.id);
  auto gone = objects_.erase_if(
      [&present](const objects::Object& o) { return o.is_token() && present.count(o.store_id()) == 0; });
  for (auto& o : gone) o->mark_destroyed();
  // Objects already in memory and without secrets keep their snapshot (and
  // its parsed-key cache); the rest is opened now.
  storage::ObjectChanges to_open;
  to_open.counter = all.counter;
  for (auto& stored : all.changed) {
    const bool has_sealed = std::any_of(stored.attributes.begin(), stored.attributes.end(),
                                        [](const storage::StoredAttribute& a) { return a.encrypted; });
    auto known = handle_by_store_id_.find(stored.id);
    if (!has_sealed && known != handle_by_store_id_.end() && objects_.find(known->second)) continue;
    to_open.changed.push_back(std::move(stored));
  }
  sealed_.clear();
  TRY_STATUS(apply_changes(to_open));
  seen_counter_ = all.counter;
  return Status::ok();
}

// After logout (PKCS#11 C_Logout): token objects that needed the object key
// leave memory; handles to private ones become invalid for good (the next
// login gives them new handles), and private session objects are destroyed.
void Token::lock_private_objects() {
  auto removed = objects_.erase_if([](const objects::Object& o) {
    if (o.owner_session() == kModuleOwnedObject) return false;
    auto data = o.snapshot();
    if (data->is_private()) return true;  // token or session object
    if (!o.is_token()) return false;
    for (const auto& a : data->attrs)
      if (objects::is_secret_component(data->object_class(), data->key_type(), a.type)) return true;
    return false;
  });
  for (auto& o : removed) {
    if (!o->is_token()) {
      o->mark_destroyed();  // a private session object: gone
    } else if (o->snapshot()->is_private()) {
      handle_by_store_id_.erase(o->store_id());
    }
  }  // shared_ptrs released here; values wipe themselves
}

CK_OBJECT_HANDLE Token::handle_for_store_id(std::uint64_t id) {
  auto it = handle_by_store_id_.find(id);
  if (it != handle_by_store_id_.end()) return it->second;
  CK_OBJECT_HANDLE h = objects::next_handle();
  handle_by_store_id_.emplace(id, h);
  return h;
}

bool Token::visible(const objects::ObjectData& data) const {
  return !data.is_private() || login_state() == LoginState::kUser;
}

Result<storage::StoredObject> Token::to_stored(std::uint64_t id, const objects::AttributeMap& attrs) const {
  storage::StoredObject out;
  out.id = id;
  const CK_OBJECT_CLASS cls = attrs.get_ulong(CKA_CLASS).value_or(CK_UNAVAILABLE_INFORMATION);
  const CK_KEY_TYPE kt = attrs.get_ulong(CKA_KEY_TYPE).value_or(CK_UNAVAILABLE_INFORMATION);
  for (const auto& a : attrs) {
    storage::StoredAttribute sa;
    sa.type = a.type;
    if (objects::is_secret_component(cls, kt, a.type)) {
      if (object_key_.empty()) return err(CKR_USER_NOT_LOGGED_IN);
      TRY_ASSIGN(sa.value, crypto::seal_aes256_gcm(object_key_.view(), attribute_aad(id, a.type), a.value.view()));
      sa.encrypted = true;
    } else {
      sa.value.assign(a.value.begin(), a.value.end());
    }
    out.attributes.push_back(std::move(sa));
  }
  return out;
}

Result<objects::AttributeMap> Token::from_stored(const storage::StoredObject& stored) const {
  objects::AttributeMap attrs;
  for (const auto& sa : stored.attributes) {
    if (!sa.encrypted) {
      attrs.set(sa.type, ByteView(sa.value));
      continue;
    }
    if (object_key_.empty()) return err(CKR_USER_NOT_LOGGED_IN);
    TRY_ASSIGN(SecureBytes plain, crypto::open_aes256_gcm(object_key_.view(), attribute_aad(stored.id, sa.type), sa.value));
    attrs.set(sa.type, std::move(plain));
  }
  return attrs;
}

Result<CK_OBJECT_HANDLE> Token::add_object(CK_SESSION_HANDLE owner, objects::AttributeMap attrs) {
  const bool is_token_object = attrs.get_bool_or(CKA_TOKEN, false);
  if (!is_token_object) {
    auto obj = std::make_shared<objects::Object>(0, owner, std::move(attrs));
    return objects_.insert(std::move(obj));
  }
  std::lock_guard<std::mutex> lock(mu_);
  if (!initialized_) return err(CKR_TOKEN_NOT_RECOGNIZED);
  const auto slot32 = static_cast<std::uint32_t>(slot_);
  TRY_ASSIGN(std::uint64_t id, store_.allocate_object_id(slot32));
  TRY_ASSIGN(storage::StoredObject stored, to_stored(id, attrs));
  TRY_STATUS(store_.put_object(slot32, stored));
  CK_OBJECT_HANDLE h = handle_for_store_id(id);
  objects_.insert_with_handle(h, std::make_shared<objects::Object>(id, 0, std::move(attrs)));
  return h;
}

Status Token::update_object(objects::Object& object, objects::AttributeMap attrs) {
  if (object.is_token()) {
    std::lock_guard<std::mutex> lock(mu_);
    TRY_ASSIGN(storage::StoredObject stored, to_stored(object.store_id(), attrs));
    TRY_STATUS(store_.put_object(static_cast<std::uint32_t>(slot_), stored));
  }
  object.replace(std::move(attrs));
  return Status::ok();
}

Status Token::destroy_object(CK_OBJECT_HANDLE handle) {
  auto obj = objects_.find(handle);
  if (!obj) return err(CKR_OBJECT_HANDLE_INVALID);
  if (obj->is_token()) {
    std::lock_guard<std::mutex> lock(mu_);
    TRY_STATUS(store_.delete_object(static_cast<std::uint32_t>(slot_), obj->store_id()));
  }
  obj->mark_destroyed();
  objects_.erase(handle);
  return Status::ok();
}

std::size_t Token::destroy_session_objects(CK_SESSION_HANDLE session) {
  auto removed = objects_.erase_if([session](const objects::Object& o) { return o.owner_session() == session; });
  for (auto& o : removed) o->mark_destroyed();
  return removed.size();
}

}  // namespace craton::module
