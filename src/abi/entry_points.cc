// Every exported C_xxx: a guard around one service call, nothing more.
// Generated once from pkcs11f.h by a throwaway script, then kept by hand.
#include "abi/guard.h"
#include "craton/pkcs11/pkcs11.h"
#include "module/services.h"

namespace m = craton::module;
using craton::abi::guard;

extern "C" {

CRATON_EXPORT CK_RV C_Initialize(CK_VOID_PTR pInitArgs) {
  return guard([&] { return m::initialize(pInitArgs); });
}

CRATON_EXPORT CK_RV C_Finalize(CK_VOID_PTR pReserved) {
  return guard([&] { return m::finalize(pReserved); });
}

CRATON_EXPORT CK_RV C_GetSlotList(CK_BBOOL tokenPresent, CK_SLOT_ID_PTR pSlotList, CK_ULONG_PTR pulCount) {
  return guard([&] { return m::get_slot_list(tokenPresent, pSlotList, pulCount); });
}

CRATON_EXPORT CK_RV C_GetSlotInfo(CK_SLOT_ID slotID, CK_SLOT_INFO_PTR pInfo) {
  return guard([&] { return m::get_slot_info(slotID, pInfo); });
}

CRATON_EXPORT CK_RV C_GetTokenInfo(CK_SLOT_ID slotID, CK_TOKEN_INFO_PTR pInfo) {
  return guard([&] { return m::get_token_info(slotID, pInfo); });
}

CRATON_EXPORT CK_RV C_GetMechanismList(CK_SLOT_ID slotID, CK_MECHANISM_TYPE_PTR pMechanismList, CK_ULONG_PTR pulCount) {
  return guard([&] { return m::get_mechanism_list(slotID, pMechanismList, pulCount); });
}

CRATON_EXPORT CK_RV C_GetMechanismInfo(CK_SLOT_ID slotID, CK_MECHANISM_TYPE type, CK_MECHANISM_INFO_PTR pInfo) {
  return guard([&] { return m::get_mechanism_info(slotID, type, pInfo); });
}

CRATON_EXPORT CK_RV C_InitToken(CK_SLOT_ID slotID, CK_UTF8CHAR_PTR pPin, CK_ULONG ulPinLen, CK_UTF8CHAR_PTR pLabel) {
  return guard([&] { return m::init_token(slotID, pPin, ulPinLen, pLabel); });
}

CRATON_EXPORT CK_RV C_InitPIN(CK_SESSION_HANDLE hSession, CK_UTF8CHAR_PTR pPin, CK_ULONG ulPinLen) {
  return guard([&] { return m::init_pin(hSession, pPin, ulPinLen); });
}

CRATON_EXPORT CK_RV C_SetPIN(CK_SESSION_HANDLE hSession, CK_UTF8CHAR_PTR pOldPin, CK_ULONG ulOldLen, CK_UTF8CHAR_PTR pNewPin, CK_ULONG ulNewLen) {
  return guard([&] { return m::set_pin(hSession, pOldPin, ulOldLen, pNewPin, ulNewLen); });
}

CRATON_EXPORT CK_RV C_OpenSession(CK_SLOT_ID slotID, CK_FLAGS flags, CK_VOID_PTR pApplication, CK_NOTIFY Notify, CK_SESSION_HANDLE_PTR phSession) {
  return guard([&] { return m::open_session(slotID, flags, pApplication, Notify, phSession); });
}

CRATON_EXPORT CK_RV C_CloseSession(CK_SESSION_HANDLE hSession) {
  return guard([&] { return m::close_session(hSession); });
}

CRATON_EXPORT CK_RV C_CloseAllSessions(CK_SLOT_ID slotID) {
  return guard([&] { return m::close_all_sessions(slotID); });
}

CRATON_EXPORT CK_RV C_GetSessionInfo(CK_SESSION_HANDLE hSession, CK_SESSION_INFO_PTR pInfo) {
  return guard([&] { return m::get_session_info(hSession, pInfo); });
}

CRATON_EXPORT CK_RV C_GetOperationState(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pOperationState, CK_ULONG_PTR pulOperationStateLen) {
  return guard([&] { return m::get_operation_state(hSession, pOperationState, pulOperationStateLen); });
}

CRATON_EXPORT CK_RV C_SetOperationState(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pOperationState, CK_ULONG ulOperationStateLen, CK_OBJECT_HANDLE hEncryptionKey, CK_OBJECT_HANDLE hAuthenticationKey) {
  return guard([&] { return m::set_operation_state(hSession, pOperationState, ulOperationStateLen, hEncryptionKey, hAuthenticationKey); });
}

CRATON_EXPORT CK_RV C_Login(CK_SESSION_HANDLE hSession, CK_USER_TYPE userType, CK_UTF8CHAR_PTR pPin, CK_ULONG ulPinLen) {
  return guard([&] { return m::login(hSession, userType, pPin, ulPinLen); });
}

CRATON_EXPORT CK_RV C_Logout(CK_SESSION_HANDLE hSession) {
  return guard([&] { return m::logout(hSession); });
}

CRATON_EXPORT CK_RV C_CreateObject(CK_SESSION_HANDLE hSession, CK_ATTRIBUTE_PTR pTemplate, CK_ULONG ulCount, CK_OBJECT_HANDLE_PTR phObject) {
  return guard([&] { return m::create_object(hSession, pTemplate, ulCount, phObject); });
}

CRATON_EXPORT CK_RV C_CopyObject(CK_SESSION_HANDLE hSession, CK_OBJECT_HANDLE hObject, CK_ATTRIBUTE_PTR pTemplate, CK_ULONG ulCount, CK_OBJECT_HANDLE_PTR phNewObject) {
  return guard([&] { return m::copy_object(hSession, hObject, pTemplate, ulCount, phNewObject); });
}

CRATON_EXPORT CK_RV C_DestroyObject(CK_SESSION_HANDLE hSession, CK_OBJECT_HANDLE hObject) {
  return guard([&] { return m::destroy_object(hSession, hObject); });
}

CRATON_EXPORT CK_RV C_GetObjectSize(CK_SESSION_HANDLE hSession, CK_OBJECT_HANDLE hObject, CK_ULONG_PTR pulSize) {
  return guard([&] { return m::get_object_size(hSession, hObject, pulSize); });
}

CRATON_EXPORT CK_RV C_GetAttributeValue(CK_SESSION_HANDLE hSession, CK_OBJECT_HANDLE hObject, CK_ATTRIBUTE_PTR pTemplate, CK_ULONG ulCount) {
  return guard([&] { return m::get_attribute_value(hSession, hObject, pTemplate, ulCount); });
}

CRATON_EXPORT CK_RV C_SetAttributeValue(CK_SESSION_HANDLE hSession, CK_OBJECT_HANDLE hObject, CK_ATTRIBUTE_PTR pTemplate, CK_ULONG ulCount) {
  return guard([&] { return m::set_attribute_value(hSession, hObject, pTemplate, ulCount); });
}

CRATON_EXPORT CK_RV C_FindObjectsInit(CK_SESSION_HANDLE hSession, CK_ATTRIBUTE_PTR pTemplate, CK_ULONG ulCount) {
  return guard([&] { return m::find_objects_init(hSession, pTemplate, ulCount); });
}

CRATON_EXPORT CK_RV C_FindObjects(CK_SESSION_HANDLE hSession, CK_OBJECT_HANDLE_PTR phObject, CK_ULONG ulMaxObjectCount, CK_ULONG_PTR pulObjectCount) {
  return guard([&] { return m::find_objects(hSession, phObject, ulMaxObjectCount, pulObjectCount); });
}

CRATON_EXPORT CK_RV C_FindObjectsFinal(CK_SESSION_HANDLE hSession) {
  return guard([&] { return m::find_objects_final(hSession); });
}

CRATON_EXPORT CK_RV C_EncryptInit(CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism, CK_OBJECT_HANDLE hKey) {
  return guard([&] { return m::encrypt_init(hSession, pMechanism, hKey); });
}

CRATON_EXPORT CK_RV C_Encrypt(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pData, CK_ULONG ulDataLen, CK_BYTE_PTR pEncryptedData, CK_ULONG_PTR pulEncryptedDataLen) {
  return guard([&] { return m::encrypt(hSession, pData, ulDataLen, pEncryptedData, pulEncryptedDataLen); });
}

CRATON_EXPORT CK_RV C_EncryptUpdate(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pPart, CK_ULONG ulPartLen, CK_BYTE_PTR pEncryptedPart, CK_ULONG_PTR pulEncryptedPartLen) {
  return guard([&] { return m::encrypt_update(hSession, pPart, ulPartLen, pEncryptedPart, pulEncryptedPartLen); });
}

CRATON_EXPORT CK_RV C_EncryptFinal(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pLastEncryptedPart, CK_ULONG_PTR pulLastEncryptedPartLen) {
  return guard([&] { return m::encrypt_final(hSession, pLastEncryptedPart, pulLastEncryptedPartLen); });
}

CRATON_EXPORT CK_RV C_DecryptInit(CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism, CK_OBJECT_HANDLE hKey) {
  return guard([&] { return m::decrypt_init(hSession, pMechanism, hKey); });
}

CRATON_EXPORT CK_RV C_Decrypt(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pEncryptedData, CK_ULONG ulEncryptedDataLen, CK_BYTE_PTR pData, CK_ULONG_PTR pulDataLen) {
  return guard([&] { return m::decrypt(hSession, pEncryptedData, ulEncryptedDataLen, pData, pulDataLen); });
}

CRATON_EXPORT CK_RV C_DecryptUpdate(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pEncryptedPart, CK_ULONG ulEncryptedPartLen, CK_BYTE_PTR pPart, CK_ULONG_PTR pulPartLen) {
  return guard([&] { return m::decrypt_update(hSession, pEncryptedPart, ulEncryptedPartLen, pPart, pulPartLen); });
}

CRATON_EXPORT CK_RV C_DecryptFinal(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pLastPart, CK_ULONG_PTR pulLastPartLen) {
  return guard([&] { return m::decrypt_final(hSession, pLastPart, pulLastPartLen); });
}

CRATON_EXPORT CK_RV C_DigestInit(CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism) {
  return guard([&] { return m::digest_init(hSession, pMechanism); });
}

CRATON_EXPORT CK_RV C_Digest(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pData, CK_ULONG ulDataLen, CK_BYTE_PTR pDigest, CK_ULONG_PTR pulDigestLen) {
  return guard([&] { return m::digest(hSession, pData, ulDataLen, pDigest, pulDigestLen); });
}

CRATON_EXPORT CK_RV C_DigestUpdate(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pPart, CK_ULONG ulPartLen) {
  return guard([&] { return m::digest_update(hSession, pPart, ulPartLen); });
}

CRATON_EXPORT CK_RV C_DigestKey(CK_SESSION_HANDLE hSession, CK_OBJECT_HANDLE hKey) {
  return guard([&] { return m::digest_key(hSession, hKey); });
}

CRATON_EXPORT CK_RV C_DigestFinal(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pDigest, CK_ULONG_PTR pulDigestLen) {
  return guard([&] { return m::digest_final(hSession, pDigest, pulDigestLen); });
}

CRATON_EXPORT CK_RV C_SignInit(CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism, CK_OBJECT_HANDLE hKey) {
  return guard([&] { return m::sign_init(hSession, pMechanism, hKey); });
}

CRATON_EXPORT CK_RV C_Sign(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pData, CK_ULONG ulDataLen, CK_BYTE_PTR pSignature, CK_ULONG_PTR pulSignatureLen) {
  return guard([&] { return m::sign(hSession, pData, ulDataLen, pSignature, pulSignatureLen); });
}

CRATON_EXPORT CK_RV C_SignUpdate(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pPart, CK_ULONG ulPartLen) {
  return guard([&] { return m::sign_update(hSession, pPart, ulPartLen); });
}

CRATON_EXPORT CK_RV C_SignFinal(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pSignature, CK_ULONG_PTR pulSignatureLen) {
  return guard([&] { return m::sign_final(hSession, pSignature, pulSignatureLen); });
}

CRATON_EXPORT CK_RV C_SignRecoverInit(CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism, CK_OBJECT_HANDLE hKey) {
  return guard([&] { return m::sign_recover_init(hSession, pMechanism, hKey); });
}

CRATON_EXPORT CK_RV C_SignRecover(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pData, CK_ULONG ulDataLen, CK_BYTE_PTR pSignature, CK_ULONG_PTR pulSignatureLen) {
  return guard([&] { return m::sign_recover(hSession, pData, ulDataLen, pSignature, pulSignatureLen); });
}

CRATON_EXPORT CK_RV C_VerifyInit(CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism, CK_OBJECT_HANDLE hKey) {
  return guard([&] { return m::verify_init(hSession, pMechanism, hKey); });
}

CRATON_EXPORT CK_RV C_Verify(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pData, CK_ULONG ulDataLen, CK_BYTE_PTR pSignature, CK_ULONG ulSignatureLen) {
  return guard([&] { return m::verify(hSession, pData, ulDataLen, pSignature, ulSignatureLen); });
}

CRATON_EXPORT CK_RV C_VerifyUpdate(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pPart, CK_ULONG ulPartLen) {
  return guard([&] { return m::verify_update(hSession, pPart, ulPartLen); });
}

CRATON_EXPORT CK_RV C_VerifyFinal(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pSignature, CK_ULONG ulSignatureLen) {
  return guard([&] { return m::verify_final(hSession, pSignature, ulSignatureLen); });
}

CRATON_EXPORT CK_RV C_VerifyRecoverInit(CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism, CK_OBJECT_HANDLE hKey) {
  return guard([&] { return m::verify_recover_init(hSession, pMechanism, hKey); });
}

CRATON_EXPORT CK_RV C_VerifyRecover(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pSignature, CK_ULONG ulSignatureLen, CK_BYTE_PTR pData, CK_ULONG_PTR pulDataLen) {
  return guard([&] { return m::verify_recover(hSession, pSignature, ulSignatureLen, pData, pulDataLen); });
}

CRATON_EXPORT CK_RV C_GenerateKey(CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism, CK_ATTRIBUTE_PTR pTemplate, CK_ULONG ulCount, CK_OBJECT_HANDLE_PTR phKey) {
  return guard([&] { return m::generate_key(hSession, pMechanism, pTemplate, ulCount, phKey); });
}

CRATON_EXPORT CK_RV C_GenerateKeyPair(CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism, CK_ATTRIBUTE_PTR pPublicKeyTemplate, CK_ULONG ulPublicKeyAttributeCount, CK_ATTRIBUTE_PTR pPrivateKeyTemplate, CK_ULONG ulPrivateKeyAttributeCount, CK_OBJECT_HANDLE_PTR phPublicKey, CK_OBJECT_HANDLE_PTR phPrivateKey) {
  return guard([&] { return m::generate_key_pair(hSession, pMechanism, pPublicKeyTemplate, ulPublicKeyAttributeCount, pPrivateKeyTemplate, ulPrivateKeyAttributeCount, phPublicKey, phPrivateKey); });
}

CRATON_EXPORT CK_RV C_WrapKey(CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism, CK_OBJECT_HANDLE hWrappingKey, CK_OBJECT_HANDLE hKey, CK_BYTE_PTR pWrappedKey, CK_ULONG_PTR pulWrappedKeyLen) {
  return guard([&] { return m::wrap_key(hSession, pMechanism, hWrappingKey, hKey, pWrappedKey, pulWrappedKeyLen); });
}

CRATON_EXPORT CK_RV C_UnwrapKey(CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism, CK_OBJECT_HANDLE hUnwrappingKey, CK_BYTE_PTR pWrappedKey, CK_ULONG ulWrappedKeyLen, CK_ATTRIBUTE_PTR pTemplate, CK_ULONG ulAttributeCount, CK_OBJECT_HANDLE_PTR phKey) {
  return guard([&] { return m::unwrap_key(hSession, pMechanism, hUnwrappingKey, pWrappedKey, ulWrappedKeyLen, pTemplate, ulAttributeCount, phKey); });
}

CRATON_EXPORT CK_RV C_DeriveKey(CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism, CK_OBJECT_HANDLE hBaseKey, CK_ATTRIBUTE_PTR pTemplate, CK_ULONG ulAttributeCount, CK_OBJECT_HANDLE_PTR phKey) {
  return guard([&] { return m::derive_key(hSession, pMechanism, hBaseKey, pTemplate, ulAttributeCount, phKey); });
}

CRATON_EXPORT CK_RV C_SeedRandom(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pSeed, CK_ULONG ulSeedLen) {
  return guard([&] { return m::seed_random(hSession, pSeed, ulSeedLen); });
}

CRATON_EXPORT CK_RV C_GenerateRandom(CK_SESSION_HANDLE hSession, CK_BYTE_PTR RandomData, CK_ULONG ulRandomLen) {
  return guard([&] { return m::generate_random(hSession, RandomData, ulRandomLen); });
}

CRATON_EXPORT CK_RV C_GetFunctionStatus(CK_SESSION_HANDLE hSession) {
  (void)hSession;
  return CKR_FUNCTION_NOT_PARALLEL;  // see docs/conformance.md
}

CRATON_EXPORT CK_RV C_CancelFunction(CK_SESSION_HANDLE hSession) {
  (void)hSession;
  return CKR_FUNCTION_NOT_PARALLEL;  // see docs/conformance.md
}

CRATON_EXPORT CK_RV C_WaitForSlotEvent(CK_FLAGS flags, CK_SLOT_ID_PTR pSlot, CK_VOID_PTR pRserved) {
  return guard([&] { return m::wait_for_slot_event(flags, pSlot, pRserved); });
}

CRATON_EXPORT CK_RV C_LoginUser(CK_SESSION_HANDLE hSession, CK_USER_TYPE userType, CK_UTF8CHAR_PTR pPin, CK_ULONG ulPinLen, CK_UTF8CHAR_PTR pUsername, CK_ULONG ulUsernameLen) {
  return guard([&] { return m::login_user(hSession, userType, pPin, ulPinLen, pUsername, ulUsernameLen); });
}

CRATON_EXPORT CK_RV C_SessionCancel(CK_SESSION_HANDLE hSession, CK_FLAGS flags) {
  return guard([&] { return m::session_cancel(hSession, flags); });
}

CRATON_EXPORT CK_RV C_MessageEncryptInit(CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism, CK_OBJECT_HANDLE hKey) {
  return guard([&] { return m::message_encrypt_init(hSession, pMechanism, hKey); });
}

CRATON_EXPORT CK_RV C_EncryptMessage(CK_SESSION_HANDLE hSession, CK_VOID_PTR pParameter, CK_ULONG ulParameterLen, CK_BYTE_PTR pAssociatedData, CK_ULONG ulAssociatedDataLen, CK_BYTE_PTR pPlaintext, CK_ULONG ulPlaintextLen, CK_BYTE_PTR pCiphertext, CK_ULONG_PTR pulCiphertextLen) {
  return guard([&] { return m::encrypt_message(hSession, pParameter, ulParameterLen, pAssociatedData, ulAssociatedDataLen, pPlaintext, ulPlaintextLen, pCiphertext, pulCiphertextLen); });
}

CRATON_EXPORT CK_RV C_EncryptMessageBegin(CK_SESSION_HANDLE hSession, CK_VOID_PTR pParameter, CK_ULONG ulParameterLen, CK_BYTE_PTR pAssociatedData, CK_ULONG ulAssociatedDataLen) {
  return guard([&] { return m::encrypt_message_begin(hSession, pParameter, ulParameterLen, pAssociatedData, ulAssociatedDataLen); });
}

CRATON_EXPORT CK_RV C_EncryptMessageNext(CK_SESSION_HANDLE hSession, CK_VOID_PTR pParameter, CK_ULONG ulParameterLen, CK_BYTE_PTR pPlaintextPart, CK_ULONG ulPlaintextPartLen, CK_BYTE_PTR pCiphertextPart, CK_ULONG_PTR pulCiphertextPartLen, CK_FLAGS flags) {
  return guard([&] { return m::encrypt_message_next(hSession, pParameter, ulParameterLen, pPlaintextPart, ulPlaintextPartLen, pCiphertextPart, pulCiphertextPartLen, flags); });
}

CRATON_EXPORT CK_RV C_MessageEncryptFinal(CK_SESSION_HANDLE hSession) {
  return guard([&] { return m::message_encrypt_final(hSession); });
}

CRATON_EXPORT CK_RV C_MessageDecryptInit(CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism, CK_OBJECT_HANDLE hKey) {
  return guard([&] { return m::message_decrypt_init(hSession, pMechanism, hKey); });
}

CRATON_EXPORT CK_RV C_DecryptMessage(CK_SESSION_HANDLE hSession, CK_VOID_PTR pParameter, CK_ULONG ulParameterLen, CK_BYTE_PTR pAssociatedData, CK_ULONG ulAssociatedDataLen, CK_BYTE_PTR pCiphertext, CK_ULONG ulCiphertextLen, CK_BYTE_PTR pPlaintext, CK_ULONG_PTR pulPlaintextLen) {
  return guard([&] { return m::decrypt_message(hSession, pParameter, ulParameterLen, pAssociatedData, ulAssociatedDataLen, pCiphertext, ulCiphertextLen, pPlaintext, pulPlaintextLen); });
}

CRATON_EXPORT CK_RV C_DecryptMessageBegin(CK_SESSION_HANDLE hSession, CK_VOID_PTR pParameter, CK_ULONG ulParameterLen, CK_BYTE_PTR pAssociatedData, CK_ULONG ulAssociatedDataLen) {
  return guard([&] { return m::decrypt_message_begin(hSession, pParameter, ulParameterLen, pAssociatedData, ulAssociatedDataLen); });
}

CRATON_EXPORT CK_RV C_DecryptMessageNext(CK_SESSION_HANDLE hSession, CK_VOID_PTR pParameter, CK_ULONG ulParameterLen, CK_BYTE_PTR pCiphertextPart, CK_ULONG ulCiphertextPartLen, CK_BYTE_PTR pPlaintextPart, CK_ULONG_PTR pulPlaintextPartLen, CK_FLAGS flags) {
  return guard([&] { return m::decrypt_message_next(hSession, pParameter, ulParameterLen, pCiphertextPart, ulCiphertextPartLen, pPlaintextPart, pulPlaintextPartLen, flags); });
}

CRATON_EXPORT CK_RV C_MessageDecryptFinal(CK_SESSION_HANDLE hSession) {
  return guard([&] { return m::message_decrypt_final(hSession); });
}

CRATON_EXPORT CK_RV C_MessageSignInit(CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism, CK_OBJECT_HANDLE hKey) {
  (void)hSession;
  (void)pMechanism;
  (void)hKey;
  return CKR_FUNCTION_NOT_SUPPORTED;  // see docs/conformance.md
}

CRATON_EXPORT CK_RV C_SignMessage(CK_SESSION_HANDLE hSession, CK_VOID_PTR pParameter, CK_ULONG ulParameterLen, CK_BYTE_PTR pData, CK_ULONG ulDataLen, CK_BYTE_PTR pSignature, CK_ULONG_PTR pulSignatureLen) {
  (void)hSession;
  (void)pParameter;
  (void)ulParameterLen;
  (void)pData;
  (void)ulDataLen;
  (void)pSignature;
  (void)pulSignatureLen;
  return CKR_FUNCTION_NOT_SUPPORTED;  // see docs/conformance.md
}

CRATON_EXPORT CK_RV C_SignMessageBegin(CK_SESSION_HANDLE hSession, CK_VOID_PTR pParameter, CK_ULONG ulParameterLen) {
  (void)hSession;
  (void)pParameter;
  (void)ulParameterLen;
  return CKR_FUNCTION_NOT_SUPPORTED;  // see docs/conformance.md
}

CRATON_EXPORT CK_RV C_SignMessageNext(CK_SESSION_HANDLE hSession, CK_VOID_PTR pParameter, CK_ULONG ulParameterLen, CK_BYTE_PTR pData, CK_ULONG ulDataLen, CK_BYTE_PTR pSignature, CK_ULONG_PTR pulSignatureLen) {
  (void)hSession;
  (void)pParameter;
  (void)ulParameterLen;
  (void)pData;
  (void)ulDataLen;
  (void)pSignature;
  (void)pulSignatureLen;
  return CKR_FUNCTION_NOT_SUPPORTED;  // see docs/conformance.md
}

CRATON_EXPORT CK_RV C_MessageSignFinal(CK_SESSION_HANDLE hSession) {
  (void)hSession;
  return CKR_FUNCTION_NOT_SUPPORTED;  // see docs/conformance.md
}

CRATON_EXPORT CK_RV C_MessageVerifyInit(CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism, CK_OBJECT_HANDLE hKey) {
  (void)hSession;
  (void)pMechanism;
  (void)hKey;
  return CKR_FUNCTION_NOT_SUPPORTED;  // see docs/conformance.md
}

CRATON_EXPORT CK_RV C_VerifyMessage(CK_SESSION_HANDLE hSession, CK_VOID_PTR pParameter, CK_ULONG ulParameterLen, CK_BYTE_PTR pData, CK_ULONG ulDataLen, CK_BYTE_PTR pSignature, CK_ULONG ulSignatureLen) {
  (void)hSession;
  (void)pParameter;
  (void)ulParameterLen;
  (void)pData;
  (void)ulDataLen;
  (void)pSignature;
  (void)ulSignatureLen;
  return CKR_FUNCTION_NOT_SUPPORTED;  // see docs/conformance.md
}

CRATON_EXPORT CK_RV C_VerifyMessageBegin(CK_SESSION_HANDLE hSession, CK_VOID_PTR pParameter, CK_ULONG ulParameterLen) {
  (void)hSession;
  (void)pParameter;
  (void)ulParameterLen;
  return CKR_FUNCTION_NOT_SUPPORTED;  // see docs/conformance.md
}

CRATON_EXPORT CK_RV C_VerifyMessageNext(CK_SESSION_HANDLE hSession, CK_VOID_PTR pParameter, CK_ULONG ulParameterLen, CK_BYTE_PTR pData, CK_ULONG ulDataLen, CK_BYTE_PTR pSignature, CK_ULONG ulSignatureLen) {
  (void)hSession;
  (void)pParameter;
  (void)ulParameterLen;
  (void)pData;
  (void)ulDataLen;
  (void)pSignature;
  (void)ulSignatureLen;
  return CKR_FUNCTION_NOT_SUPPORTED;  // see docs/conformance.md
}

CRATON_EXPORT CK_RV C_MessageVerifyFinal(CK_SESSION_HANDLE hSession) {
  (void)hSession;
  return CKR_FUNCTION_NOT_SUPPORTED;  // see docs/conformance.md
}

CRATON_EXPORT CK_RV C_EncapsulateKey(CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism, CK_OBJECT_HANDLE hPublicKey, CK_ATTRIBUTE_PTR pTemplate, CK_ULONG ulAttributeCount, CK_BYTE_PTR pCiphertext, CK_ULONG_PTR pulCiphertextLen, CK_OBJECT_HANDLE_PTR phKey) {
  return guard([&] { return m::encapsulate_key(hSession, pMechanism, hPublicKey, pTemplate, ulAttributeCount, pCiphertext, pulCiphertextLen, phKey); });
}

CRATON_EXPORT CK_RV C_DecapsulateKey(CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism, CK_OBJECT_HANDLE hPrivateKey, CK_ATTRIBUTE_PTR pTemplate, CK_ULONG ulAttributeCount, CK_BYTE_PTR pCiphertext, CK_ULONG ulCiphertextLen, CK_OBJECT_HANDLE_PTR phKey) {
  return guard([&] { return m::decapsulate_key(hSession, pMechanism, hPrivateKey, pTemplate, ulAttributeCount, pCiphertext, ulCiphertextLen, phKey); });
}

CRATON_EXPORT CK_RV C_VerifySignatureInit(CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism, CK_OBJECT_HANDLE hKey, CK_BYTE_PTR pSignature, CK_ULONG ulSignatureLen) {
  return guard([&] { return m::verify_signature_init(hSession, pMechanism, hKey, pSignature, ulSignatureLen); });
}

CRATON_EXPORT CK_RV C_VerifySignature(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pData, CK_ULONG ulDataLen) {
  return guard([&] { return m::verify_signature(hSession, pData, ulDataLen); });
}

CRATON_EXPORT CK_RV C_VerifySignatureUpdate(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pPart, CK_ULONG ulPartLen) {
  return guard([&] { return m::verify_signature_update(hSession, pPart, ulPartLen); });
}

CRATON_EXPORT CK_RV C_VerifySignatureFinal(CK_SESSION_HANDLE hSession) {
  return guard([&] { return m::verify_signature_final(hSession); });
}

CRATON_EXPORT CK_RV C_GetSessionValidationFlags(CK_SESSION_HANDLE hSession, CK_SESSION_VALIDATION_FLAGS_TYPE type, CK_FLAGS_PTR pFlags) {
  return guard([&] { return m::get_session_validation_flags(hSession, type, pFlags); });
}

CRATON_EXPORT CK_RV C_AsyncComplete(CK_SESSION_HANDLE hSession, CK_UTF8CHAR_PTR pFunctionName, CK_ASYNC_DATA_PTR pResult) {
  (void)hSession;
  (void)pFunctionName;
  (void)pResult;
  return CKR_FUNCTION_NOT_SUPPORTED;  // see docs/conformance.md
}

CRATON_EXPORT CK_RV C_AsyncGetID(CK_SESSION_HANDLE hSession, CK_UTF8CHAR_PTR pFunctionName, CK_ULONG_PTR pulID) {
  (void)hSession;
  (void)pFunctionName;
  (void)pulID;
  return CKR_FUNCTION_NOT_SUPPORTED;  // see docs/conformance.md
}

CRATON_EXPORT CK_RV C_AsyncJoin(CK_SESSION_HANDLE hSession, CK_UTF8CHAR_PTR pFunctionName, CK_ULONG ulID, CK_BYTE_PTR pData, CK_ULONG ulData) {
  (void)hSession;
  (void)pFunctionName;
  (void)ulID;
  (void)pData;
  (void)ulData;
  return CKR_FUNCTION_NOT_SUPPORTED;  // see docs/conformance.md
}

CRATON_EXPORT CK_RV C_WrapKeyAuthenticated(CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism, CK_OBJECT_HANDLE hWrappingKey, CK_OBJECT_HANDLE hKey, CK_BYTE_PTR pAssociatedData, CK_ULONG ulAssociatedDataLen, CK_BYTE_PTR pWrappedKey, CK_ULONG_PTR pulWrappedKeyLen) {
  (void)hSession;
  (void)pMechanism;
  (void)hWrappingKey;
  (void)hKey;
  (void)pAssociatedData;
  (void)ulAssociatedDataLen;
  (void)pWrappedKey;
  (void)pulWrappedKeyLen;
  return CKR_FUNCTION_NOT_SUPPORTED;  // see docs/conformance.md
}

CRATON_EXPORT CK_RV C_UnwrapKeyAuthenticated(CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism, CK_OBJECT_HANDLE hUnwrappingKey, CK_BYTE_PTR pWrappedKey, CK_ULONG ulWrappedKeyLen, CK_ATTRIBUTE_PTR pTemplate, CK_ULONG ulAttributeCount, CK_BYTE_PTR pAssociatedData, CK_ULONG ulAssociatedDataLen, CK_OBJECT_HANDLE_PTR phKey) {
  (void)hSession;
  (void)pMechanism;
  (void)hUnwrappingKey;
  (void)pWrappedKey;
  (void)ulWrappedKeyLen;
  (void)pTemplate;
  (void)ulAttributeCount;
  (void)pAssociatedData;
  (void)ulAssociatedDataLen;
  (void)phKey;
  return CKR_FUNCTION_NOT_SUPPORTED;  // see docs/conformance.md
}

}  // extern "C"
