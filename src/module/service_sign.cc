// Signatures, verification, recovery, and the 3.2 C_VerifySignature family.
#include "module/call_context.h"
#include "module/operation_init.h"
#include "module/services.h"

namespace craton::module {

CK_RV sign_init(CK_SESSION_HANDLE h, CK_MECHANISM_PTR mechanism, CK_OBJECT_HANDLE key) {
  RV_ASSIGN(SessionCall call, enter_session(h));
  return init_keyed_operation("C_SignInit", call, call.session->sign, mechanism, key, CKA_SIGN, &mech::MechanismEntry::sign);
}

CK_RV sign(CK_SESSION_HANDLE h, CK_BYTE_PTR data, CK_ULONG len, CK_BYTE_PTR sig, CK_ULONG_PTR sig_len) {
  RV_ASSIGN(SessionCall call, enter_session(h));
  auto& a = call.session->sign;
  if (CK_RV rv = check_active(a); rv != CKR_OK) return rv;
  if (data == nullptr && len != 0) return finish(a, CKR_ARGUMENTS_BAD, false);
  if (a.multipart_started) return finish(a, CKR_OPERATION_ACTIVE, false);
  bool keep = false;
  CK_RV rv = produce_output({sig, sig_len}, a.op->signature_size(), &keep,
                            [&](MutableByteView o) { return a.op->sign(input(data, len), o); });
  return finish(a, rv, keep);
}

CK_RV sign_update(CK_SESSION_HANDLE h, CK_BYTE_PTR data, CK_ULONG len) {
  RV_ASSIGN(SessionCall call, enter_session(h));
  auto& a = call.session->sign;
  if (CK_RV rv = check_active(a); rv != CKR_OK) return rv;
  if (data == nullptr && len != 0) return finish(a, CKR_ARGUMENTS_BAD, false);
  if (!a.op->multipart()) return finish(a, CKR_FUNCTION_NOT_SUPPORTED, false);
  a.multipart_started = true;
  CK_RV rv = a.op->update(input(data, len)).rv();
  return finish(a, rv, rv == CKR_OK);
}

CK_RV sign_final(CK_SESSION_HANDLE h, CK_BYTE_PTR sig, CK_ULONG_PTR sig_len) {
  RV_ASSIGN(SessionCall call, enter_session(h));
  auto& a = call.session->sign;
  if (CK_RV rv = check_active(a); rv != CKR_OK) return rv;
  if (!a.op->multipart()) return finish(a, CKR_FUNCTION_NOT_SUPPORTED, false);
  bool keep = false;
  CK_RV rv = produce_output({sig, sig_len}, a.op->signature_size(), &keep,
                            [&](MutableByteView o) { return a.op->final(o); });
  return finish(a, rv, keep);
}

CK_RV sign_recover_init(CK_SESSION_HANDLE h, CK_MECHANISM_PTR mechanism, CK_OBJECT_HANDLE key) {
  RV_ASSIGN(SessionCall call, enter_session(h));
  return init_keyed_operation("C_SignRecoverInit", call, call.session->sign_recover, mechanism, key, CKA_SIGN_RECOVER,
                              &mech::MechanismEntry::sign_recover);
}

CK_RV sign_recover(CK_SESSION_HANDLE h, CK_BYTE_PTR data, CK_ULONG len, CK_BYTE_PTR sig, CK_ULONG_PTR sig_len) {
  RV_ASSIGN(SessionCall call, enter_session(h));
  auto& a = call.session->sign_recover;
  if (CK_RV rv = check_active(a); rv != CKR_OK) return rv;
  if (data == nullptr && len != 0) return finish(a, CKR_ARGUMENTS_BAD, false);
  bool keep = false;
  CK_RV rv = produce_output({sig, sig_len}, a.op->output_max(len), &keep,
                            [&](MutableByteView o) { return a.op->run(input(data, len), o); });
  return finish(a, rv, keep);
}

CK_RV verify_init(CK_SESSION_HANDLE h, CK_MECHANISM_PTR mechanism, CK_OBJECT_HANDLE key) {
  RV_ASSIGN(SessionCall call, enter_session(h));
  return init_keyed_operation("C_VerifyInit", call, call.session->verify, mechanism, key, CKA_VERIFY, &mech::MechanismEntry::verify);
}

CK_RV verify(CK_SESSION_HANDLE h, CK_BYTE_PTR data, CK_ULONG len, CK_BYTE_PTR sig, CK_ULONG sig_len) {
  RV_ASSIGN(SessionCall call, enter_session(h));
  auto& a = call.session->verify;
  if (CK_RV rv = check_active(a); rv != CKR_OK) return rv;
  if ((data == nullptr && len != 0) || sig == nullptr) return finish(a, CKR_ARGUMENTS_BAD, false);
  if (a.multipart_started) return finish(a, CKR_OPERATION_ACTIVE, false);
  return finish(a, a.op->verify(input(data, len), ByteView(sig, sig_len)).rv(), false);
}

CK_RV verify_update(CK_SESSION_HANDLE h, CK_BYTE_PTR data, CK_ULONG len) {
  RV_ASSIGN(SessionCall call, enter_session(h));
  auto& a = call.session->verify;
  if (CK_RV rv = check_active(a); rv != CKR_OK) return rv;
  if (data == nullptr && len != 0) return finish(a, CKR_ARGUMENTS_BAD, false);
  if (!a.op->multipart()) return finish(a, CKR_FUNCTION_NOT_SUPPORTED, false);
  a.multipart_started = true;
  CK_RV rv = a.op->update(input(data, len)).rv();
  return finish(a, rv, rv == CKR_OK);
}

CK_RV verify_final(CK_SESSION_HANDLE h, CK_BYTE_PTR sig, CK_ULONG sig_len) {
  RV_ASSIGN(SessionCall call, enter_session(h));
  auto& a = call.session->verify;
  if (CK_RV rv = check_active(a); rv != CKR_OK) return rv;
  if (sig == nullptr) return finish(a, CKR_ARGUMENTS_BAD, false);
  if (!a.op->multipart()) return finish(a, CKR_FUNCTION_NOT_SUPPORTED, false);
  return finish(a, a.op->final(ByteView(sig, sig_len)).rv(), false);
}

CK_RV verify_recover_init(CK_SESSION_HANDLE h, CK_MECHANISM_PTR mechanism, CK_OBJECT_HANDLE key) {
  RV_ASSIGN(SessionCall call, enter_session(h));
  return init_keyed_operation("C_VerifyRecoverInit", call, call.session->verify_recover, mechanism, key, CKA_VERIFY_RECOVER,
                              &mech::MechanismEntry::verify_recover);
}

CK_RV verify_recover(CK_SESSION_HANDLE h, CK_BYTE_PTR sig, CK_ULONG sig_len, CK_BYTE_PTR data, CK_ULONG_PTR data_len) {
  RV_ASSIGN(SessionCall call, enter_session(h));
  auto& a = call.session->verify_recover;
  if (CK_RV rv = check_active(a); rv != CKR_OK) return rv;
  if (sig == nullptr) return finish(a, CKR_ARGUMENTS_BAD, false);
  bool keep = false;
  CK_RV rv = produce_output({data, data_len}, a.op->output_max(sig_len), &keep,
                            [&](MutableByteView o) { return a.op->run(ByteView(sig, sig_len), o); });
  return finish(a, rv, keep);
}

CK_RV verify_signature_init(CK_SESSION_HANDLE h, CK_MECHANISM_PTR mechanism, CK_OBJECT_HANDLE key, CK_BYTE_PTR sig,
                            CK_ULONG sig_len) {
  RV_ASSIGN(SessionCall call, enter_session(h));
  auto& state = call.session->verify_signature;
  if (mechanism != nullptr && sig == nullptr) return CKR_ARGUMENTS_BAD;
  CK_RV rv = init_keyed_operation("C_VerifySignatureInit", call, state.verify, mechanism, key, CKA_VERIFY, &mech::MechanismEntry::verify);
  if (rv == CKR_OK && mechanism != nullptr) state.signature.assign(sig, sig + sig_len);
  return rv;
}

CK_RV verify_signature(CK_SESSION_HANDLE h, CK_BYTE_PTR data, CK_ULONG len) {
  RV_ASSIGN(SessionCall call, enter_session(h));
  auto& state = call.session->verify_signature;
  auto& a = state.verify;
  if (CK_RV rv = check_active(a); rv != CKR_OK) return rv;
  if (data == nullptr && len != 0) return finish(a, CKR_ARGUMENTS_BAD, false);
  // C_VerifySignature may not follow C_VerifySignatureUpdate (3.2 section 5.13).
  if (a.multipart_started) return finish(a, CKR_OPERATION_ACTIVE, false);
  return finish(a, a.op->verify(input(data, len), state.signature).rv(), false);
}

CK_RV verify_signature_update(CK_SESSION_HANDLE h, CK_BYTE_PTR data, CK_ULONG len) {
  RV_ASSIGN(SessionCall call, enter_session(h));
  auto& a = call.session->verify_signature.verify;
  if (CK_RV rv = check_active(a); rv != CKR_OK) return rv;
  if (data == nullptr && len != 0) return finish(a, CKR_ARGUMENTS_BAD, false);
  if (!a.op->multipart()) return finish(a, CKR_FUNCTION_NOT_SUPPORTED, false);
  a.multipart_started = true;
  CK_RV rv = a.op->update(input(data, len)).rv();
  return finish(a, rv, rv == CKR_OK);
}

CK_RV verify_signature_final(CK_SESSION_HANDLE h) {
  RV_ASSIGN(SessionCall call, enter_session(h));
  auto& state = call.session->verify_signature;
  auto& a = state.verify;
  if (CK_RV rv = check_active(a); rv != CKR_OK) return rv;
  if (!a.op->multipart()) return finish(a, CKR_FUNCTION_NOT_SUPPORTED, false);
  return finish(a, a.op->final(state.signature).rv(), false);
}

}  // namespace craton::module
