// Encryption, decryption and digests.
#include "module/call_context.h"
#include "module/operation_init.h"
#include "module/services.h"

namespace craton::module {
namespace {

using CipherSlot = sessions::ActiveOp<mech::CipherOperation>;

CK_RV cipher_oneshot(CipherSlot& a, CK_BYTE_PTR data, CK_ULONG len, CK_BYTE_PTR out, CK_ULONG_PTR out_len) {
  if (CK_RV rv = check_active(a); rv != CKR_OK) return rv;
  if (data == nullptr && len != 0) return finish(a, CKR_ARGUMENTS_BAD, false);
  if (a.multipart_started) return finish(a, CKR_OPERATION_ACTIVE, false);
  bool keep = false;
  CK_RV rv = produce_output({out, out_len}, a.op->oneshot_output_max(len), &keep,
                            [&](MutableByteView o) { return a.op->oneshot(input(data, len), o); });
  return finish(a, rv, keep);
}

CK_RV cipher_update(CipherSlot& a, CK_BYTE_PTR data, CK_ULONG len, CK_BYTE_PTR out, CK_ULONG_PTR out_len) {
  if (CK_RV rv = check_active(a); rv != CKR_OK) return rv;
  if (data == nullptr && len != 0) return finish(a, CKR_ARGUMENTS_BAD, false);
  if (!a.op->multipart()) return finish(a, CKR_FUNCTION_NOT_SUPPORTED, false);
  a.multipart_started = true;
  bool keep = false;
  CK_RV rv = produce_output({out, out_len}, a.op->update_output_max(len), &keep,
                            [&](MutableByteView o) { return a.op->update(input(data, len), o); });
  return finish(a, rv, keep || rv == CKR_OK);
}

CK_RV cipher_final(CipherSlot& a, CK_BYTE_PTR out, CK_ULONG_PTR out_len) {
  if (CK_RV rv = check_active(a); rv != CKR_OK) return rv;
  if (!a.op->multipart()) return finish(a, CKR_FUNCTION_NOT_SUPPORTED, false);
  bool keep = false;
  CK_RV rv = produce_output({out, out_len}, a.op->final_output_max(), &keep,
                            [&](MutableByteView o) { return a.op->final(o); });
  return finish(a, rv, keep);
}

}  // namespace

CK_RV encrypt_init(CK_SESSION_HANDLE h, CK_MECHANISM_PTR mechanism, CK_OBJECT_HANDLE key) {
  RV_ASSIGN(SessionCall call, enter_session(h));
  return init_keyed_operation("C_EncryptInit", call, call.session->encrypt, mechanism, key, CKA_ENCRYPT, &mech::MechanismEntry::encrypt);
}
CK_RV encrypt(CK_SESSION_HANDLE h, CK_BYTE_PTR data, CK_ULONG len, CK_BYTE_PTR out, CK_ULONG_PTR out_len) {
  RV_ASSIGN(SessionCall call, enter_session(h));
  return cipher_oneshot(call.session->encrypt, data, len, out, out_len);
}
CK_RV encrypt_update(CK_SESSION_HANDLE h, CK_BYTE_PTR data, CK_ULONG len, CK_BYTE_PTR out, CK_ULONG_PTR out_len) {
  RV_ASSIGN(SessionCall call, enter_session(h));
  return cipher_update(call.session->encrypt, data, len, out, out_len);
}
CK_RV encrypt_final(CK_SESSION_HANDLE h, CK_BYTE_PTR out, CK_ULONG_PTR out_len) {
  RV_ASSIGN(SessionCall call, enter_session(h));
  return cipher_final(call.session->encrypt, out, out_len);
}

CK_RV decrypt_init(CK_SESSION_HANDLE h, CK_MECHANISM_PTR mechanism, CK_OBJECT_HANDLE key) {
  RV_ASSIGN(SessionCall call, enter_session(h));
  return init_keyed_operation("C_DecryptInit", call, call.session->decrypt, mechanism, key, CKA_DECRYPT, &mech::MechanismEntry::decrypt);
}
CK_RV decrypt(CK_SESSION_HANDLE h, CK_BYTE_PTR data, CK_ULONG len, CK_BYTE_PTR out, CK_ULONG_PTR out_len) {
  RV_ASSIGN(SessionCall call, enter_session(h));
  return cipher_oneshot(call.session->decrypt, data, len, out, out_len);
}
CK_RV decrypt_update(CK_SESSION_HANDLE h, CK_BYTE_PTR data, CK_ULONG len, CK_BYTE_PTR out, CK_ULONG_PTR out_len) {
  RV_ASSIGN(SessionCall call, enter_session(h));
  return cipher_update(call.session->decrypt, data, len, out, out_len);
}
CK_RV decrypt_final(CK_SESSION_HANDLE h, CK_BYTE_PTR out, CK_ULONG_PTR out_len) {
  RV_ASSIGN(SessionCall call, enter_session(h));
  return cipher_final(call.session->decrypt, out, out_len);
}

CK_RV digest_init(CK_SESSION_HANDLE h, CK_MECHANISM_PTR mechanism) {
  RV_ASSIGN(SessionCall call, enter_session(h));
  auto& a = call.session->digest;
  if (mechanism == nullptr) {
    if (!a) return CKR_OPERATION_NOT_INITIALIZED;
    a.reset();
    return CKR_OK;
  }
  if (a) return CKR_OPERATION_ACTIVE;
  RV_ASSIGN(const mech::MechanismEntry* entry, find_mechanism(*call.module, mechanism));
  if (entry->digest == nullptr) return CKR_MECHANISM_INVALID;
  mech::MechContext ctx;
  ctx.mechanism = mechanism;
  if (auto spare = a.restart_spare(ctx)) {
    a.op = std::move(spare);
  } else {
    RV_ASSIGN(a.op, entry->digest(ctx));
  }
  a.mechanism = mechanism->mechanism;
  a.approved = entry->fips_approved;
  call.session->last_validation_flags = a.approved ? kApprovedIndicator : 0;  // algorithm indicator
  return CKR_OK;
}

CK_RV digest(CK_SESSION_HANDLE h, CK_BYTE_PTR data, CK_ULONG len, CK_BYTE_PTR out, CK_ULONG_PTR out_len) {
  RV_ASSIGN(SessionCall call, enter_session(h));
  auto& a = call.session->digest;
  if (!a) return CKR_OPERATION_NOT_INITIALIZED;
  if (data == nullptr && len != 0) return finish(a, CKR_ARGUMENTS_BAD, false);
  if (a.multipart_started) return finish(a, CKR_OPERATION_ACTIVE, false);
  const std::size_t size = a.op->digest_size();
  bool keep = false;
  CK_RV rv = produce_output({out, out_len}, size, &keep, [&](MutableByteView o) -> Result<std::size_t> {
    if (o.size() < size) return buffer_too_small(size);
    TRY_STATUS(a.op->update(input(data, len)));
    TRY_STATUS(a.op->final(o));
    return size;
  });
  return finish(a, rv, keep);
}

CK_RV digest_update(CK_SESSION_HANDLE h, CK_BYTE_PTR data, CK_ULONG len) {
  RV_ASSIGN(SessionCall call, enter_session(h));
  auto& a = call.session->digest;
  if (!a) return CKR_OPERATION_NOT_INITIALIZED;
  if (data == nullptr && len != 0) return finish(a, CKR_ARGUMENTS_BAD, false);
  a.multipart_started = true;
  CK_RV rv = a.op->update(input(data, len)).rv();
  return finish(a, rv, rv == CKR_OK);
}

CK_RV digest_key(CK_SESSION_HANDLE h, CK_OBJECT_HANDLE key) {
  RV_ASSIGN(SessionCall call, enter_session(h));
  auto& a = call.session->digest;
  if (!a) return CKR_OPERATION_NOT_INITIALIZED;
  auto k = find_key(call, key);
  if (!k.is_ok()) return finish(a, k.rv(), false);
  const SecureBytes* value = k.value()->attrs.find(CKA_VALUE);
  if (k.value()->object_class() != CKO_SECRET_KEY || value == nullptr) return finish(a, CKR_KEY_INDIGESTIBLE, false);
  a.multipart_started = true;
  CK_RV rv = a.op->update(value->view()).rv();
  return finish(a, rv, rv == CKR_OK);
}

CK_RV digest_final(CK_SESSION_HANDLE h, CK_BYTE_PTR out, CK_ULONG_PTR out_len) {
  RV_ASSIGN(SessionCall call, enter_session(h));
  auto& a = call.session->digest;
  if (!a) return CKR_OPERATION_NOT_INITIALIZED;
  const std::size_t size = a.op->digest_size();
  bool keep = false;
  CK_RV rv = produce_output({out, out_len}, size, &keep, [&](MutableByteView o) -> Result<std::size_t> {
    if (o.size() < size) return buffer_too_small(size);
    TRY_STATUS(a.op->final(o));
    return size;
  });
  return finish(a, rv, keep);
}

}  // namespace craton::module
