// Session: one PKCS#11 session and the operations active in it. Every call
// on a session holds its mutex for the call's duration, so two threads that
// share a session are serialised while different sessions run in parallel.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <vector>

#include "mechanisms/operation.h"
#include "mechanisms/registry.h"
#include "objects/attribute_map.h"

namespace craton::sessions {

// An active operation plus the bookkeeping every kind shares.
//
// Reuse: an operation kind that can park() and restart() (AES-GCM,
// digests) is kept as `spare` when it ends, so the next init with the same
// mechanism and the same key snapshot re-initialises it instead of building
// (and freeing) a new cipher context. park() wipes what the operation held
// (digested data). The spare holds its key snapshot: it is dropped by
// discard() (C_SessionCancel, close, finalize), by drop_spares() (after a
// logout or an object destruction on the token, see Session::spares_stale),
// or replaced by the next one.
template <class Op>
struct ActiveOp {
  std::unique_ptr<Op> op;
  mech::KeyRef key;  // the key snapshot op was made for (null for digests)
  CK_MECHANISM_TYPE mechanism = 0;
  bool approved = false;         // algorithm indicator for this operation
  bool multipart_started = false;  // an Update was made: single-part call no longer allowed
  bool needs_context_login = false;  // key has CKA_ALWAYS_AUTHENTICATE: C_Login(CONTEXT_SPECIFIC) first
  std::unique_ptr<Op> spare;
  mech::KeyRef spare_key;
  CK_MECHANISM_TYPE spare_mechanism = 0;

  explicit operator bool() const { return op != nullptr; }
  // Ends the operation (finished, failed or cancelled by the application).
  void reset() {
    if (op && park(*op)) {
      spare = std::move(op);
      spare_key = std::move(key);
      spare_mechanism = mechanism;
    }
    op.reset();
    key.reset();
    multipart_started = false;
    needs_context_login = false;
  }
  // Forgets the spare and the key snapshot it holds.
  void drop_spare() {
    spare.reset();
    spare_key.reset();
  }
  // Ends the operation and forgets the spare.
  void discard() {
    reset();
    drop_spare();
  }
  // The spare restarted for `ctx`, if it was made for the same mechanism
  // type and key snapshot and restarts cleanly; else null (and no spare).
  std::unique_ptr<Op> restart_spare(const mech::MechContext& ctx) {
    if (!spare) return nullptr;
    std::unique_ptr<Op> candidate = std::move(spare);
    const bool same = spare_mechanism == ctx.mechanism->mechanism && spare_key == ctx.key;
    spare_key.reset();
    if constexpr (requires { candidate->restart(ctx); }) {
      if (same && candidate->restart(ctx).is_ok()) return candidate;
    }
    return nullptr;
  }

 private:
  static bool park(Op& o) {
    if constexpr (requires { o.park(); }) return o.park();
    return false;
  }
};

struct FindState {
  bool active = false;
  std::vector<CK_OBJECT_HANDLE> results;
  std::size_t next = 0;
};

// C_VerifySignatureInit keeps the signature given at init.
struct VerifySignatureState {
  ActiveOp<mech::VerifyOperation> verify;
  Bytes signature;
};

struct MessageState {
  ActiveOp<mech::MessageCipherOperation> cipher;
  bool in_message = false;  // between Begin and the final Next
};

class Session {
 public:
  Session(CK_SLOT_ID slot, CK_FLAGS flags) : slot_(slot), flags_(flags) {}

  CK_SLOT_ID slot() const { return slot_; }
  CK_FLAGS flags() const { return flags_; }
  bool read_write() const { return (flags_ & CKF_RW_SESSION) != 0; }

  std::mutex& mutex() { return mu_; }

  // Guarded by mutex():
  FindState find;
  ActiveOp<mech::DigestOperation> digest;
  ActiveOp<mech::SignOperation> sign;
  ActiveOp<mech::VerifyOperation> verify;
  ActiveOp<mech::RecoverOperation> sign_recover;
  ActiveOp<mech::RecoverOperation> verify_recover;
  ActiveOp<mech::CipherOperation> encrypt;
  ActiveOp<mech::CipherOperation> decrypt;
  MessageState message_encrypt;
  MessageState message_decrypt;
  VerifySignatureState verify_signature;
  CK_FLAGS last_validation_flags = 0;  // C_GetSessionValidationFlags
  // Set by C_CloseSession / C_CloseAllSessions under the mutex: a call that
  // looked the handle up just before the close must not go on (it would
  // create a session object nobody destroys).
  bool closed = false;

  // Ends every active operation (C_SessionCancel with all flags, logout...).
  void cancel_all();
  // Marks the session closed and ends everything in it (C_CloseSession,
  // C_Finalize; under mutex()).
  void close() {
    closed = true;
    cancel_all();
  }
  // Forgets every kept spare operation (and the key snapshot it holds);
  // clears spares_stale. Under mutex().
  void drop_spares();
  // Set (without the session's lock) after a logout or an object
  // destruction on the token: the session drops its spares at its next call,
  // so that no spare keeps a destroyed or logged-out key.
  std::atomic<bool> spares_stale{false};
  // Set when the session first creates an object (module store_new_object,
  // the only way objects are made): closing a session that never did
  // skips the scan of the object table for its session objects.
  std::atomic<bool> made_objects{false};

 private:
  // Every active-operation slot of the session, one call each.
  template <class F>
  void for_each_op(F&& f) {
    f(digest);
    f(sign);
    f(verify);
    f(sign_recover);
    f(verify_recover);
    f(encrypt);
    f(decrypt);
    f(message_encrypt.cipher);
    f(message_decrypt.cipher);
    f(verify_signature.verify);
  }

  const CK_SLOT_ID slot_;
  const CK_FLAGS flags_;
  std::mutex mu_;
};

}  // namespace craton::sessions
