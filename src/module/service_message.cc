// PKCS#11 3.0 message-based encryption and decryption (AEAD per message).
#include "module/call_context.h"
#include "module/operation_init.h"
#include "module/services.h"

namespace craton::module {
namespace {

CK_RV message_init(const char* function, SessionCall& call, sessions::MessageState& state, CK_MECHANISM_PTR mechanism,
                   CK_OBJECT_HANDLE key, CK_ATTRIBUTE_TYPE usage,
                   mech::MessageCipherFactory mech::MechanismEntry::*factory) {
  CK_RV rv = init_keyed_operation(function, call, state.cipher, mechanism, key, usage, factory);
  if (rv == CKR_OK) state.in_message = false;
  return rv;
}

CK_RV one_message(sessions::MessageState& state, CK_VOID_PTR param, CK_ULONG param_len, CK_BYTE_PTR aad,
                  CK_ULONG aad_len, CK_BYTE_PTR in, CK_ULONG in_len, CK_BYTE_PTR out, CK_ULONG_PTR out_len) {
  auto& a = state.cipher;
  if (CK_RV rv = check_active(a); rv != CKR_OK) return rv;
  if (state.in_message) return CKR_OPERATION_ACTIVE;
  if (param == nullptr || (aad == nullptr && aad_len != 0) || (in == nullptr && in_len != 0)) return CKR_ARGUMENTS_BAD;
  bool keep = false;
  // A failed message ends that message only; the message operation stays.
  return produce_output({out, out_len}, a.op->output_max(in_len), &keep, [&](MutableByteView o) {
    return a.op->process(param, param_len, input(aad, aad_len), input(in, in_len), o);
  });
}

CK_RV begin_message(sessions::MessageState& state, CK_VOID_PTR param, CK_ULONG param_len, CK_BYTE_PTR aad,
                    CK_ULONG aad_len) {
  auto& a = state.cipher;
  if (CK_RV rv = check_active(a); rv != CKR_OK) return rv;
  if (state.in_message) return CKR_OPERATION_ACTIVE;
  if (param == nullptr || (aad == nullptr && aad_len != 0)) return CKR_ARGUMENTS_BAD;
  CK_RV rv = a.op->begin(param, param_len, input(aad, aad_len)).rv();
  state.in_message = rv == CKR_OK;
  return rv;
}

CK_RV next_message(sessions::MessageState& state, CK_VOID_PTR param, CK_ULONG param_len, CK_BYTE_PTR in,
                   CK_ULONG in_len, CK_BYTE_PTR out, CK_ULONG_PTR out_len, CK_FLAGS flags) {
  auto& a = state.cipher;
  if (CK_RV rv = check_active(a); rv != CKR_OK) return rv;
  if (!state.in_message) return CKR_OPERATION_NOT_INITIALIZED;
  if (param == nullptr || (in == nullptr && in_len != 0)) return CKR_ARGUMENTS_BAD;
  if (flags & ~CKF_END_OF_MESSAGE) return CKR_ARGUMENTS_BAD;
  const bool is_final = (flags & CKF_END_OF_MESSAGE) != 0;
  bool keep = false;
  CK_RV rv = produce_output({out, out_len}, a.op->output_max(in_len), &keep, [&](MutableByteView o) {
    return a.op->next(param, param_len, input(in, in_len), o, is_final);
  });
  if ((rv == CKR_OK && is_final) || (rv != CKR_OK && !keep)) state.in_message = false;
  return rv;
}

CK_RV end_messages(sessions::MessageState& state) {
  if (!state.cipher) return CKR_OPERATION_NOT_INITIALIZED;
  state.cipher.reset();
  state.in_message = false;
  return CKR_OK;
}

}  // namespace

CK_RV message_encrypt_init(CK_SESSION_HANDLE h, CK_MECHANISM_PTR mechanism, CK_OBJECT_HANDLE key) {
  RV_ASSIGN(SessionCall call, enter_session(h));
  return message_init("C_MessageEncryptInit", call, call.session->message_encrypt, mechanism, key, CKA_ENCRYPT,
                      &mech::MechanismEntry::message_encrypt);
}
CK_RV encrypt_message(CK_SESSION_HANDLE h, CK_VOID_PTR param, CK_ULONG param_len, CK_BYTE_PTR aad, CK_ULONG aad_len,
                      CK_BYTE_PTR plain, CK_ULONG plain_len, CK_BYTE_PTR out, CK_ULONG_PTR out_len) {
  RV_ASSIGN(SessionCall call, enter_session(h));
  return one_message(call.session->message_encrypt, param, param_len, aad, aad_len, plain, plain_len, out, out_len);
}
CK_RV encrypt_message_begin(CK_SESSION_HANDLE h, CK_VOID_PTR param, CK_ULONG param_len, CK_BYTE_PTR aad,
                            CK_ULONG aad_len) {
  RV_ASSIGN(SessionCall call, enter_session(h));
  return begin_message(call.session->message_encrypt, param, param_len, aad, aad_len);
}
CK_RV encrypt_message_next(CK_SESSION_HANDLE h, CK_VOID_PTR param, CK_ULONG param_len, CK_BYTE_PTR plain,
                           CK_ULONG plain_len, CK_BYTE_PTR out, CK_ULONG_PTR out_len, CK_FLAGS flags) {
  RV_ASSIGN(SessionCall call, enter_session(h));
  return next_message(call.session->message_encrypt, param, param_len, plain, plain_len, out, out_len, flags);
}
CK_RV message_encrypt_final(CK_SESSION_HANDLE h) {
  RV_ASSIGN(SessionCall call, enter_session(h));
  return end_messages(call.session->message_encrypt);
}

CK_RV message_decrypt_init(CK_SESSION_HANDLE h, CK_MECHANISM_PTR mechanism, CK_OBJECT_HANDLE key) {
  RV_ASSIGN(SessionCall call, enter_session(h));
  return message_init("C_MessageDecryptInit", call, call.session->message_decrypt, mechanism, key, CKA_DECRYPT,
                      &mech::MechanismEntry::message_decrypt);
}
CK_RV decrypt_message(CK_SESSION_HANDLE h, CK_VOID_PTR param, CK_ULONG param_len, CK_BYTE_PTR aad, CK_ULONG aad_len,
                      CK_BYTE_PTR cipher, CK_ULONG cipher_len, CK_BYTE_PTR out, CK_ULONG_PTR out_len) {
  RV_ASSIGN(SessionCall call, enter_session(h));
  return one_message(call.session->message_decrypt, param, param_len, aad, aad_len, cipher, cipher_len, out, out_len);
}
CK_RV decrypt_message_begin(CK_SESSION_HANDLE h, CK_VOID_PTR param, CK_ULONG param_len, CK_BYTE_PTR aad,
                            CK_ULONG aad_len) {
  RV_ASSIGN(SessionCall call, enter_session(h));
  return begin_message(call.session->message_decrypt, param, param_len, aad, aad_len);
}
CK_RV decrypt_message_next(CK_SESSION_HANDLE h, CK_VOID_PTR param, CK_ULONG param_len, CK_BYTE_PTR cipher,
                           CK_ULONG cipher_len, CK_BYTE_PTR out, CK_ULONG_PTR out_len, CK_FLAGS flags) {
  RV_ASSIGN(SessionCall call, enter_session(h));
  return next_message(call.session->message_decrypt, param, param_len, cipher, cipher_len, out, out_len, flags);
}
CK_RV message_decrypt_final(CK_SESSION_HANDLE h) {
  RV_ASSIGN(SessionCall call, enter_session(h));
  return end_messages(call.session->message_decrypt);
}

}  // namespace craton::module
