// Module: the library's state between C_Initialize and C_Finalize — the
// configuration, the store, one Token per slot and the session table.
// There is at most one; calls reach it through Module::current().
#pragma once

#include <memory>
#include <mutex>
#include <vector>

#include "audit/audit_log.h"
#include "config/config.h"
#include "core/result.h"
#include "module/token.h"
#include "objects/handle_table.h"
#include "sessions/session.h"
#include "storage/token_store.h"

namespace craton::module {

// What C_Initialize was given (CK_C_INITIALIZE_ARGS, already validated).
struct InitOptions {
  bool app_mutexes_given = false;  // application supplied mutex callbacks
  bool os_locking_ok = false;
  bool cant_create_threads = false;
};

// The module's finite state model (docs/security-policy.md). Login states
// (user / SO authenticated) are per token on top of kInitialized.
enum class ModuleState { kPowerOff, kSelfTest, kInitialized, kError };

class Module {
 public:
  // CKR_CRYPTOKI_ALREADY_INITIALIZED, CKR_GENERAL_ERROR (bad config) ...
  static Status initialize(const InitOptions& options);
  static Status finalize();
  // nullptr before C_Initialize, after C_Finalize, and in a forked child.
  static Module* current();
  static ModuleState state();
  // A failed self-test: every service but C_Finalize and the status
  // functions answers CKR_GENERAL_ERROR until C_Finalize + C_Initialize.
  static void enter_error_state(const char* what);

  const config::Config& config() const { return cfg_; }
  std::size_t slot_count() const { return tokens_.size(); }
  Token* token(CK_SLOT_ID slot) { return slot < tokens_.size() ? tokens_[slot].get() : nullptr; }

  objects::HandleTable<sessions::Session>& sessions() { return sessions_; }
  Result<std::shared_ptr<sessions::Session>> session(CK_SESSION_HANDLE h) const;

  // Closes one session / all of a slot's sessions, with their objects.
  Status close_session(CK_SESSION_HANDLE h);
  void close_all_sessions(CK_SLOT_ID slot);
  bool has_sessions(CK_SLOT_ID slot) const;
  bool has_ro_sessions(CK_SLOT_ID slot) const;

  // After a logout or an object destruction on `slot`: every session of
  // the slot drops its spare operations (which may hold the key) now if it
  // is idle, else at its next call (Session::spares_stale). Takes no lock
  // but the table shards' and, without waiting, each session's. `held`: a
  // session whose lock the caller holds (skipped: it drops its own).
  void forget_spares(CK_SLOT_ID slot, const sessions::Session* held = nullptr);

  // Records a security-relevant event in the audit log (never secrets).
  void audit(audit::AuditEvent event) const;
  // A successful operation start (`function` a string literal): counted,
  // written per batch window (audit::AuditLog::record_operation).
  void audit_operation(const char* function, CK_SESSION_HANDLE session, CK_MECHANISM_TYPE mechanism,
                       CK_OBJECT_HANDLE key, bool approved) const {
    if (audit_) audit_->record_operation(function, session, mechanism, key, approved);
  }

 private:
  explicit Module(config::Config cfg);
  Status open_store();
  Status open_audit_log(bool cant_create_threads);

  config::Config cfg_;
  std::unique_ptr<storage::TokenStore> store_;
  std::unique_ptr<audit::AuditLog> audit_;
  std::vector<std::unique_ptr<Token>> tokens_;
  objects::HandleTable<sessions::Session> sessions_;
  const std::uint64_t instance_id_;  // tells this module's cached session lookups from an earlier one's
};

// CKR_GENERAL_ERROR if the module is in the error state, else `rv`: the ABI
// guard maps CKR_FUNCTION_FAILED through it, so the call during which a
// conditional self-test failed already answers CKR_GENERAL_ERROR.
CK_RV rv_in_error_state(CK_RV rv) noexcept;

}  // namespace craton::module
