// Token: one slot's token — its persistent identity, PIN state, login state
// and objects. Token objects persist through storage::TokenStore; their
// secret components are sealed under the token's object key, which exists in
// memory only while the user or SO is logged in (module/token_vault).
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "config/config.h"
#include "core/result.h"
#include "core/secure_memory.h"
#include "objects/handle_table.h"
#include "objects/object.h"
#include "module/object_index.h"
#include "storage/token_store.h"

namespace craton::module {

enum class LoginState { kPublic, kUser, kSecurityOfficer };

class Token {
 public:
  Token(CK_SLOT_ID slot, const config::Config& cfg, storage::TokenStore& store);

  // Reads the token's records and its public objects from the store.
  Status load();

  CK_SLOT_ID slot() const { return slot_; }
  void fill_token_info(CK_TOKEN_INFO& info) const;
  bool initialized() const;

  // --- PINs and login (each takes the token mutex) ---
  Status init_token(ByteView so_pin, ByteView label32, bool sessions_open);
  Status init_pin(ByteView new_pin);  // SO logged in
  Status set_pin(ByteView old_pin, ByteView new_pin);  // current login (public = user)
  Status login(CK_USER_TYPE user, ByteView pin, bool ro_session_exists);
  Status check_context_pin(ByteView pin);  // CKU_CONTEXT_SPECIFIC
  Status logout();
  LoginState login_state() const { return login_state_.load(std::memory_order_acquire); }

  // --- objects ---
  objects::HandleTable<objects::Object>& objects() { return objects_; }
  // Label / class index over objects() for C_FindObjectsInit.
  ObjectIndex& object_index() { return object_index_; }
  // Adds a new object. Token objects are written to the store first; the
  // handle exists only once the write succeeded.
  Result<CK_OBJECT_HANDLE> add_object(CK_SESSION_HANDLE owner, objects::AttributeMap attrs);
  // Persists changed attributes of a token object, then swaps them in.
  Status update_object(objects::Object& object, objects::AttributeMap attrs);
  Status destroy_object(CK_OBJECT_HANDLE handle);
  // Returns how many objects were destroyed.
  std::size_t destroy_session_objects(CK_SESSION_HANDLE session);
  // True if the current login state may see this object.
  bool visible(const objects::ObjectData& data) const;

  // Brings this process's view up to date with changes other processes made
  // to the store. One atomic load when nothing changed; called at the start
  // of every session call, before the session lock (lock order Token -> Session).
  Status sync_if_changed();

  // Session accounting for CK_TOKEN_INFO and login rules.
  std::atomic<CK_ULONG> session_count{0};
  std::atomic<CK_ULONG> rw_session_count{0};

 private:
  struct PinRecord;
  Status store_pin_wrap(const char* key, ByteView pin);
  Result<SecureBytes> unwrap_with_pin(const char* key, ByteView pin);
  Status count_failure(CK_USER_TYPE user);
  Status reset_failures(CK_USER_TYPE user);
  std::uint32_t failures(CK_USER_TYPE user) const;
  Status save_info();
  Status unlock_sealed_objects();
  void lock_private_objects();
  Result<storage::StoredObject> to_stored(std::uint64_t id, const objects::AttributeMap& attrs) const;
  Result<objects::AttributeMap> from_stored(const storage::StoredObject& stored) const;
  CK_OBJECT_HANDLE handle_for_store_id(std::uint64_t id);
  Status read_token_records();
  Status apply_changes(const storage::ObjectChanges& changes);
  void forget_token_object(std::uint64_t store_id);

  const CK_SLOT_ID slot_;
  const config::Config& cfg_;
  storage::TokenStore& store_;

  mutable std::mutex mu_;  // PIN, login and token-object changes
  bool initialized_ = false;
  bool user_pin_initialized_ = false;
  std::string label_;   // 32 bytes, blank padded
  std::string serial_;  // 16 chars
  std::uint32_t so_failures_ = 0;
  std::uint32_t user_failures_ = 0;
  std::atomic<LoginState> login_state_{LoginState::kPublic};
  SecureBytes object_key_;  // present only while logged in

  objects::HandleTable<objects::Object> objects_;
  ObjectIndex object_index_;
  std::vector<storage::StoredObject> sealed_;  // token objects waiting for login
  std::unordered_map<std::uint64_t, CK_OBJECT_HANDLE> handle_by_store_id_;
  std::atomic<std::uint64_t> seen_hint_{0};  // store change_hint at the last sync
  std::uint64_t seen_counter_ = 0;           // store change counter at the last sync (mu_)
};

}  // namespace craton::module
