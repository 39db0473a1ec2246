// The storage interface: what the module needs from a place that keeps
// tokens. It stores opaque bytes only; encryption of sensitive attributes
// happens above it (module/token_vault), so a backend never sees a secret
// in clear. Implementations: MemoryStore (tests, ephemeral) and SqliteStore.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"
#include "core/secure_memory.h"
#include "craton/pkcs11/pkcs11t.h"

namespace craton::storage {

struct StoredAttribute {
  CK_ATTRIBUTE_TYPE type = 0;
  bool encrypted = false;  // value is an AEAD blob made by the vault
  Bytes value;
};

struct StoredObject {
  std::uint64_t id = 0;  // unique within the token, never reused
  std::vector<StoredAttribute> attributes;
};

struct ObjectChanges {
  std::uint64_t counter = 0;            // the change counter these changes bring the caller to
  bool full_reload = false;             // `changed` holds every object: drop what you hold first
  std::vector<StoredObject> changed;    // created or modified since `since`
  std::vector<std::uint64_t> deleted;   // destroyed since `since` (empty when full_reload)
};

// Every record and object of one slot's token, as stored (sealed values
// stay sealed): what a backup carries (module/token_backup.h).
struct TokenSnapshot {
  std::vector<std::pair<std::string, Bytes>> meta;  // token_meta rows, by key
  std::vector<StoredObject> objects;                // by id, with their ids
};

class TokenStore {
 public:
  virtual ~TokenStore() = default;

  // Token-level records (label, PIN wrap records, failure counters ...).
  virtual Result<std::optional<Bytes>> get_meta(std::uint32_t slot, std::string_view key) = 0;
  virtual Status put_meta(std::uint32_t slot, std::string_view key, ByteView value) = 0;

  virtual Result<std::uint64_t> allocate_object_id(std::uint32_t slot) = 0;
  virtual Status put_object(std::uint32_t slot, const StoredObject& object) = 0;  // insert or replace
  virtual Status delete_object(std::uint32_t slot, std::uint64_t id) = 0;
  virtual Result<std::vector<StoredObject>> load_objects(std::uint32_t slot) = 0;

  // Removes every object and record of one slot's token.
  virtual Status wipe_token(std::uint32_t slot) = 0;

  // Increases on every change by anyone (other processes included): a cheap
  // test of whether cached objects must be reloaded.
  virtual Result<std::uint64_t> change_counter(std::uint32_t slot) = 0;

  // What changed in a slot's objects since change counter `since`.
  virtual Result<ObjectChanges> load_changes(std::uint32_t slot, std::uint64_t since) = 0;

  // A lock-free, I/O-free hint that changes to the slot may exist: it moves
  // (after the commit) whenever any process changes the slot. It may lag a
  // crashed writer; callers that must be exact use change_counter().
  virtual std::uint64_t change_hint(std::uint32_t slot) const = 0;

  // Backup and restore (craton-hsm-admin). export_token reads the slot's
  // records and objects from one consistent snapshot. restore_token replaces
  // the slot's token with `snapshot` in ONE change (objects keep their ids;
  // ids are never handed out again): like wipe_token it raises the change
  // counter and sends every cached view to a full reload. With
  // `replace == false` it changes nothing and returns CKR_FUNCTION_REJECTED
  // if the slot holds any record or object (checked inside the change).
  // Stores that cannot do this return CKR_FUNCTION_NOT_SUPPORTED.
  virtual Result<TokenSnapshot> export_token(std::uint32_t /*slot*/) { return err(CKR_FUNCTION_NOT_SUPPORTED); }
  virtual Status restore_token(std::uint32_t /*slot*/, const TokenSnapshot& /*snapshot*/, bool /*replace*/) {
    return err(CKR_FUNCTION_NOT_SUPPORTED);
  }
};

// Process-local store: nothing survives C_Finalize.
std::unique_ptr<TokenStore> make_memory_store();

}  // namespace craton::storage
