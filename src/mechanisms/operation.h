// The operation interfaces every mechanism family implements. An operation
// is created by a registry factory at C_xxxInit and owned by the session.
//
// Output buffers: an operation is handed the caller's buffer as a span. If it
// is too small the operation returns buffer_too_small(needed) and MUST leave
// its state untouched, so the caller can retry (PKCS#11 section 5.2). Length
// queries (NULL buffer) never reach the operation's data path: the ABI asks
// the *_max / size methods instead, which may over-estimate as the spec allows.
#pragma once

#include <cstddef>
#include <memory>

#include "core/result.h"
#include "core/secure_memory.h"
#include "objects/object.h"

namespace craton::mech {

struct MechContext;

class DigestOperation {
 public:
  virtual ~DigestOperation() = default;
  virtual std::size_t digest_size() const = 0;
  virtual Status update(ByteView data) = 0;
  // `out` has at least digest_size() bytes (checked by the caller).
  virtual Status final(MutableByteView out) = 0;
  // C_GetOperationState / C_SetOperationState. Default: not saveable.
  virtual Result<Bytes> save_state() const { return err(CKR_STATE_UNSAVEABLE); }
  virtual Status restore_state(ByteView) { return err(CKR_SAVED_STATE_INVALID); }
  // Reuse (see sessions::ActiveOp): park() readies a finished operation
  // for keeping (wiping what it digested) and says whether it may be kept;
  // restart() begins a new operation on a parked one for `ctx` (same
  // mechanism type) as the factory would; on error the object is dropped
  // and the factory is asked instead.
  virtual bool park() { return false; }
  virtual Status restart(const MechContext&) { return err(CKR_FUNCTION_NOT_SUPPORTED); }
};

class SignOperation {
 public:
  virtual ~SignOperation() = default;
  // Exact or maximum signature length, used for length queries.
  virtual std::size_t signature_size() const = 0;
  // False for single-part mechanisms (CKM_ECDSA, CKM_RSA_PKCS ...): the
  // session then answers C_SignUpdate with CKR_FUNCTION_NOT_SUPPORTED.
  virtual bool multipart() const = 0;
  virtual Status update(ByteView data) = 0;
  virtual Result<std::size_t> final(MutableByteView out) = 0;
  // Single-part sign. Default: update + final.
  virtual Result<std::size_t> sign(ByteView data, MutableByteView out);
};

class VerifyOperation {
 public:
  virtual ~VerifyOperation() = default;
  virtual bool multipart() const = 0;
  virtual Status update(ByteView data) = 0;
  // CKR_OK, CKR_SIGNATURE_INVALID or CKR_SIGNATURE_LEN_RANGE.
  virtual Status final(ByteView signature) = 0;
  virtual Status verify(ByteView data, ByteView signature);
};

// Sign-recover / verify-recover (RSA): message and signature in one piece.
class RecoverOperation {
 public:
  virtual ~RecoverOperation() = default;
  virtual std::size_t output_max(std::size_t input_len) const = 0;
  virtual Result<std::size_t> run(ByteView input, MutableByteView out) = 0;
};

// Encryption or decryption, single- or multi-part.
class CipherOperation {
 public:
  virtual ~CipherOperation() = default;
  virtual bool multipart() const = 0;
  virtual std::size_t update_output_max(std::size_t input_len) const = 0;
  virtual std::size_t final_output_max() const = 0;
  virtual std::size_t oneshot_output_max(std::size_t input_len) const = 0;
  virtual Result<std::size_t> update(ByteView in, MutableByteView out) = 0;
  virtual Result<std::size_t> final(MutableByteView out) = 0;
  virtual Result<std::size_t> oneshot(ByteView in, MutableByteView out) = 0;
  // Reuse (see sessions::ActiveOp): park() readies a finished operation
  // for keeping and says whether it may be kept; restart() begins a new
  // operation for `ctx` (same mechanism type, same key snapshot, new
  // parameters) as the factory would; on error the object is dropped and
  // the factory is asked.
  virtual bool park() { return false; }
  virtual Status restart(const MechContext&) { return err(CKR_FUNCTION_NOT_SUPPORTED); }
};

// PKCS#11 3.0 message-based encryption (C_MessageEncryptInit ...). The
// per-message parameter (CK_GCM_MESSAGE_PARAMS ...) is passed raw; the
// family parses it and writes generated IVs / tags back into it.
class MessageCipherOperation {
 public:
  virtual ~MessageCipherOperation() = default;
  virtual std::size_t output_max(std::size_t input_len) const = 0;
  // One whole message.
  virtual Result<std::size_t> process(void* param, std::size_t param_len, ByteView aad,
                                      ByteView in, MutableByteView out) = 0;
  // Multi-part messages: begin, then next (is_final on the last part).
  virtual Status begin(void* param, std::size_t param_len, ByteView aad) = 0;
  virtual Result<std::size_t> next(void* param, std::size_t param_len, ByteView in,
                                   MutableByteView out, bool is_final) = 0;
};

}  // namespace craton::mech
