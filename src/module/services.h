// The PKCS#11 services, one function per C_xxx, below the C ABI. The ABI
// layer only guards (no exception escapes) and forwards; every rule of the
// standard is applied here, in the service_*.cc file for its chapter.
#pragma once

#include "craton/pkcs11/pkcs11t.h"
#include "module/module.h"

namespace craton::module {

// General, slots and tokens (service_general.cc)
CK_RV initialize(CK_VOID_PTR init_args);
CK_RV finalize(CK_VOID_PTR reserved);
CK_RV get_info(CK_INFO_PTR info);
CK_RV get_slot_list(CK_BBOOL token_present, CK_SLOT_ID_PTR list, CK_ULONG_PTR count);
CK_RV get_slot_info(CK_SLOT_ID slot, CK_SLOT_INFO_PTR info);
CK_RV get_token_info(CK_SLOT_ID slot, CK_TOKEN_INFO_PTR info);
CK_RV get_mechanism_list(CK_SLOT_ID slot, CK_MECHANISM_TYPE_PTR list, CK_ULONG_PTR count);
CK_RV get_mechanism_info(CK_SLOT_ID slot, CK_MECHANISM_TYPE type, CK_MECHANISM_INFO_PTR info);
CK_RV init_token(CK_SLOT_ID slot, CK_UTF8CHAR_PTR pin, CK_ULONG pin_len, CK_UTF8CHAR_PTR label);
CK_RV wait_for_slot_event(CK_FLAGS flags, CK_SLOT_ID_PTR slot, CK_VOID_PTR reserved);

// Sessions and login (service_session.cc)
CK_RV open_session(CK_SLOT_ID slot, CK_FLAGS flags, CK_VOID_PTR application, CK_NOTIFY notify,
                   CK_SESSION_HANDLE_PTR session);
CK_RV close_session(CK_SESSION_HANDLE h);
CK_RV close_all_sessions(CK_SLOT_ID slot);
CK_RV get_session_info(CK_SESSION_HANDLE h, CK_SESSION_INFO_PTR info);
CK_RV session_cancel(CK_SESSION_HANDLE h, CK_FLAGS flags);
CK_RV init_pin(CK_SESSION_HANDLE h, CK_UTF8CHAR_PTR pin, CK_ULONG pin_len);
CK_RV set_pin(CK_SESSION_HANDLE h, CK_UTF8CHAR_PTR old_pin, CK_ULONG old_len, CK_UTF8CHAR_PTR new_pin,
              CK_ULONG new_len);
CK_RV login(CK_SESSION_HANDLE h, CK_USER_TYPE user, CK_UTF8CHAR_PTR pin, CK_ULONG pin_len);
CK_RV login_user(CK_SESSION_HANDLE h, CK_USER_TYPE user, CK_UTF8CHAR_PTR pin, CK_ULONG pin_len,
                 CK_UTF8CHAR_PTR username, CK_ULONG username_len);
CK_RV logout(CK_SESSION_HANDLE h);
CK_RV get_operation_state(CK_SESSION_HANDLE h, CK_BYTE_PTR state, CK_ULONG_PTR state_len);
CK_RV set_operation_state(CK_SESSION_HANDLE h, CK_BYTE_PTR state, CK_ULONG state_len, CK_OBJECT_HANDLE enc_key,
                          CK_OBJECT_HANDLE auth_key);
CK_RV get_session_validation_flags(CK_SESSION_HANDLE h, CK_SESSION_VALIDATION_FLAGS_TYPE type, CK_FLAGS_PTR flags);

// Objects (service_object.cc)
CK_RV create_object(CK_SESSION_HANDLE h, CK_ATTRIBUTE_PTR tmpl, CK_ULONG count, CK_OBJECT_HANDLE_PTR object);
CK_RV copy_object(CK_SESSION_HANDLE h, CK_OBJECT_HANDLE object, CK_ATTRIBUTE_PTR tmpl, CK_ULONG count,
                  CK_OBJECT_HANDLE_PTR new_object);
CK_RV destroy_object(CK_SESSION_HANDLE h, CK_OBJECT_HANDLE object);
CK_RV get_object_size(CK_SESSION_HANDLE h, CK_OBJECT_HANDLE object, CK_ULONG_PTR size);
CK_RV get_attribute_value(CK_SESSION_HANDLE h, CK_OBJECT_HANDLE object, CK_ATTRIBUTE_PTR tmpl, CK_ULONG count);
CK_RV set_attribute_value(CK_SESSION_HANDLE h, CK_OBJECT_HANDLE object, CK_ATTRIBUTE_PTR tmpl, CK_ULONG count);
CK_RV find_objects_init(CK_SESSION_HANDLE h, CK_ATTRIBUTE_PTR tmpl, CK_ULONG count);
CK_RV find_objects(CK_SESSION_HANDLE h, CK_OBJECT_HANDLE_PTR objects, CK_ULONG max, CK_ULONG_PTR count);
CK_RV find_objects_final(CK_SESSION_HANDLE h);

// Encryption, decryption, digests, signatures (service_crypto.cc, service_sign.cc)
CK_RV encrypt_init(CK_SESSION_HANDLE h, CK_MECHANISM_PTR mechanism, CK_OBJECT_HANDLE key);
CK_RV encrypt(CK_SESSION_HANDLE h, CK_BYTE_PTR data, CK_ULONG len, CK_BYTE_PTR out, CK_ULONG_PTR out_len);
CK_RV encrypt_update(CK_SESSION_HANDLE h, CK_BYTE_PTR data, CK_ULONG len, CK_BYTE_PTR out, CK_ULONG_PTR out_len);
CK_RV encrypt_final(CK_SESSION_HANDLE h, CK_BYTE_PTR out, CK_ULONG_PTR out_len);
CK_RV decrypt_init(CK_SESSION_HANDLE h, CK_MECHANISM_PTR mechanism, CK_OBJECT_HANDLE key);
CK_RV decrypt(CK_SESSION_HANDLE h, CK_BYTE_PTR data, CK_ULONG len, CK_BYTE_PTR out, CK_ULONG_PTR out_len);
CK_RV decrypt_update(CK_SESSION_HANDLE h, CK_BYTE_PTR data, CK_ULONG len, CK_BYTE_PTR out, CK_ULONG_PTR out_len);
CK_RV decrypt_final(CK_SESSION_HANDLE h, CK_BYTE_PTR out, CK_ULONG_PTR out_len);
CK_RV digest_init(CK_SESSION_HANDLE h, CK_MECHANISM_PTR mechanism);
CK_RV digest(CK_SESSION_HANDLE h, CK_BYTE_PTR data, CK_ULONG len, CK_BYTE_PTR out, CK_ULONG_PTR out_len);
CK_RV digest_update(CK_SESSION_HANDLE h, CK_BYTE_PTR data, CK_ULONG len);
CK_RV digest_key(CK_SESSION_HANDLE h, CK_OBJECT_HANDLE key);
CK_RV digest_final(CK_SESSION_HANDLE h, CK_BYTE_PTR out, CK_ULONG_PTR out_len);
CK_RV sign_init(CK_SESSION_HANDLE h, CK_MECHANISM_PTR mechanism, CK_OBJECT_HANDLE key);
CK_RV sign(CK_SESSION_HANDLE h, CK_BYTE_PTR data, CK_ULONG len, CK_BYTE_PTR sig, CK_ULONG_PTR sig_len);
CK_RV sign_update(CK_SESSION_HANDLE h, CK_BYTE_PTR data, CK_ULONG len);
CK_RV sign_final(CK_SESSION_HANDLE h, CK_BYTE_PTR sig, CK_ULONG_PTR sig_len);
CK_RV sign_recover_init(CK_SESSION_HANDLE h, CK_MECHANISM_PTR mechanism, CK_OBJECT_HANDLE key);
CK_RV sign_recover(CK_SESSION_HANDLE h, CK_BYTE_PTR data, CK_ULONG len, CK_BYTE_PTR sig, CK_ULONG_PTR sig_len);
CK_RV verify_init(CK_SESSION_HANDLE h, CK_MECHANISM_PTR mechanism, CK_OBJECT_HANDLE key);
CK_RV verify(CK_SESSION_HANDLE h, CK_BYTE_PTR data, CK_ULONG len, CK_BYTE_PTR sig, CK_ULONG sig_len);
CK_RV verify_update(CK_SESSION_HANDLE h, CK_BYTE_PTR data, CK_ULONG len);
CK_RV verify_final(CK_SESSION_HANDLE h, CK_BYTE_PTR sig, CK_ULONG sig_len);
CK_RV verify_recover_init(CK_SESSION_HANDLE h, CK_MECHANISM_PTR mechanism, CK_OBJECT_HANDLE key);
CK_RV verify_recover(CK_SESSION_HANDLE h, CK_BYTE_PTR sig, CK_ULONG sig_len, CK_BYTE_PTR data, CK_ULONG_PTR data_len);
CK_RV verify_signature_init(CK_SESSION_HANDLE h, CK_MECHANISM_PTR mechanism, CK_OBJECT_HANDLE key, CK_BYTE_PTR sig,
                            CK_ULONG sig_len);
CK_RV verify_signature(CK_SESSION_HANDLE h, CK_BYTE_PTR data, CK_ULONG len);
CK_RV verify_signature_update(CK_SESSION_HANDLE h, CK_BYTE_PTR data, CK_ULONG len);
CK_RV verify_signature_final(CK_SESSION_HANDLE h);

// Message-based encryption (service_message.cc)
CK_RV message_encrypt_init(CK_SESSION_HANDLE h, CK_MECHANISM_PTR mechanism, CK_OBJECT_HANDLE key);
CK_RV encrypt_message(CK_SESSION_HANDLE h, CK_VOID_PTR param, CK_ULONG param_len, CK_BYTE_PTR aad, CK_ULONG aad_len,
                      CK_BYTE_PTR plain, CK_ULONG plain_len, CK_BYTE_PTR out, CK_ULONG_PTR out_len);
CK_RV encrypt_message_begin(CK_SESSION_HANDLE h, CK_VOID_PTR param, CK_ULONG param_len, CK_BYTE_PTR aad,
                            CK_ULONG aad_len);
CK_RV encrypt_message_next(CK_SESSION_HANDLE h, CK_VOID_PTR param, CK_ULONG param_len, CK_BYTE_PTR plain,
                           CK_ULONG plain_len, CK_BYTE_PTR out, CK_ULONG_PTR out_len, CK_FLAGS flags);
CK_RV message_encrypt_final(CK_SESSION_HANDLE h);
CK_RV message_decrypt_init(CK_SESSION_HANDLE h, CK_MECHANISM_PTR mechanism, CK_OBJECT_HANDLE key);
CK_RV decrypt_message(CK_SESSION_HANDLE h, CK_VOID_PTR param, CK_ULONG param_len, CK_BYTE_PTR aad, CK_ULONG aad_len,
                      CK_BYTE_PTR cipher, CK_ULONG cipher_len, CK_BYTE_PTR out, CK_ULONG_PTR out_len);
CK_RV decrypt_message_begin(CK_SESSION_HANDLE h, CK_VOID_PTR param, CK_ULONG param_len, CK_BYTE_PTR aad,
                            CK_ULONG aad_len);
CK_RV decrypt_message_next(CK_SESSION_HANDLE h, CK_VOID_PTR param, CK_ULONG param_len, CK_BYTE_PTR cipher,
                           CK_ULONG cipher_len, CK_BYTE_PTR out, CK_ULONG_PTR out_len, CK_FLAGS flags);
CK_RV message_decrypt_final(CK_SESSION_HANDLE h);

// Keys and random (service_keys.cc)
CK_RV generate_key(CK_SESSION_HANDLE h, CK_MECHANISM_PTR mechanism, CK_ATTRIBUTE_PTR tmpl, CK_ULONG count,
                   CK_OBJECT_HANDLE_PTR key);
CK_RV generate_key_pair(CK_SESSION_HANDLE h, CK_MECHANISM_PTR mechanism, CK_ATTRIBUTE_PTR pub_tmpl,
                        CK_ULONG pub_count, CK_ATTRIBUTE_PTR priv_tmpl, CK_ULONG priv_count,
                        CK_OBJECT_HANDLE_PTR pub_key, CK_OBJECT_HANDLE_PTR priv_key);
CK_RV wrap_key(CK_SESSION_HANDLE h, CK_MECHANISM_PTR mechanism, CK_OBJECT_HANDLE wrapping_key, CK_OBJECT_HANDLE key,
               CK_BYTE_PTR wrapped, CK_ULONG_PTR wrapped_len);
CK_RV unwrap_key(CK_SESSION_HANDLE h, CK_MECHANISM_PTR mechanism, CK_OBJECT_HANDLE unwrapping_key,
                 CK_BYTE_PTR wrapped, CK_ULONG wrapped_len, CK_ATTRIBUTE_PTR tmpl, CK_ULONG count,
                 CK_OBJECT_HANDLE_PTR key);
CK_RV derive_key(CK_SESSION_HANDLE h, CK_MECHANISM_PTR mechanism, CK_OBJECT_HANDLE base_key, CK_ATTRIBUTE_PTR tmpl,
                 CK_ULONG count, CK_OBJECT_HANDLE_PTR key);
CK_RV encapsulate_key(CK_SESSION_HANDLE h, CK_MECHANISM_PTR mechanism, CK_OBJECT_HANDLE public_key,
                      CK_ATTRIBUTE_PTR tmpl, CK_ULONG count, CK_BYTE_PTR ciphertext, CK_ULONG_PTR ciphertext_len,
                      CK_OBJECT_HANDLE_PTR key);
CK_RV decapsulate_key(CK_SESSION_HANDLE h, CK_MECHANISM_PTR mechanism, CK_OBJECT_HANDLE private_key,
                      CK_ATTRIBUTE_PTR tmpl, CK_ULONG count, CK_BYTE_PTR ciphertext, CK_ULONG ciphertext_len,
                      CK_OBJECT_HANDLE_PTR key);
CK_RV seed_random(CK_SESSION_HANDLE h, CK_BYTE_PTR seed, CK_ULONG seed_len);
CK_RV generate_random(CK_SESSION_HANDLE h, CK_BYTE_PTR out, CK_ULONG len);

// The largest C_GenerateRandom request served in one call (docs/conformance.md).
constexpr CK_ULONG kMaxRandomPerCall = 1 << 20;

}  // namespace craton::module
