// The three function tables (2.40, 3.0, 3.2), the interface list, and the
// discovery entry points. Each table is stamped with its own version, and its
// C_GetInfo reports that version, so a 2.40 client never sees 3.x numbers.
#include <cstring>

#include "abi/guard.h"
#include "craton/pkcs11/pkcs11.h"
#include "module/services.h"

namespace {

// C_GetInfo reports the version of the table it was reached through.
CK_RV get_info_with(CK_INFO_PTR info, CK_VERSION version) {
  return craton::abi::guard([&] {
    CK_RV rv = craton::module::get_info(info);
    if (rv == CKR_OK) info->cryptokiVersion = version;
    return rv;
  });
}
CK_RV get_info_v68(CK_INFO_PTR info) { return get_info_with(info, CK_VERSION{2, 40}); }
CK_RV get_info_v92(CK_INFO_PTR info) { return get_info_with(info, CK_VERSION{3, 0}); }
CK_RV get_info_v104(CK_INFO_PTR info) { return get_info_with(info, CK_VERSION{3, 2}); }

// The tables share their prefix: 1-68 in every version, 69-92 from 3.0 on,
// 93-104 in 3.2 only (pkcs11-3.2 section 3.7). Each fill_* sets one range.
template <class List>
void fill_2_40(List& l, CK_C_GetInfo get_info) {
  l.C_Initialize = C_Initialize;
  l.C_Finalize = C_Finalize;
  l.C_GetInfo = get_info;
  l.C_GetFunctionList = C_GetFunctionList;
  l.C_GetSlotList = C_GetSlotList;
  l.C_GetSlotInfo = C_GetSlotInfo;
  l.C_GetTokenInfo = C_GetTokenInfo;
  l.C_GetMechanismList = C_GetMechanismList;
  l.C_GetMechanismInfo = C_GetMechanismInfo;
  l.C_InitToken = C_InitToken;
  l.C_InitPIN = C_InitPIN;
  l.C_SetPIN = C_SetPIN;
  l.C_OpenSession = C_OpenSession;
  l.C_CloseSession = C_CloseSession;
  l.C_CloseAllSessions = C_CloseAllSessions;
  l.C_GetSessionInfo = C_GetSessionInfo;
  l.C_GetOperationState = C_GetOperationState;
  l.C_SetOperationState = C_SetOperationState;
  l.C_Login = C_Login;
  l.C_Logout = C_Logout;
  l.C_CreateObject = C_CreateObject;
  l.C_CopyObject = C_CopyObject;
  l.C_DestroyObject = C_DestroyObject;
  l.C_GetObjectSize = C_GetObjectSize;
  l.C_GetAttributeValue = C_GetAttributeValue;
  l.C_SetAttributeValue = C_SetAttributeValue;
  l.C_FindObjectsInit = C_FindObjectsInit;
  l.C_FindObjects = C_FindObjects;
  l.C_FindObjectsFinal = C_FindObjectsFinal;
  l.C_EncryptInit = C_EncryptInit;
  l.C_Encrypt = C_Encrypt;
  l.C_EncryptUpdate = C_EncryptUpdate;
  l.C_EncryptFinal = C_EncryptFinal;
  l.C_DecryptInit = C_DecryptInit;
  l.C_Decrypt = C_Decrypt;
  l.C_DecryptUpdate = C_DecryptUpdate;
  l.C_DecryptFinal = C_DecryptFinal;
  l.C_DigestInit = C_DigestInit;
  l.C_Digest = C_Digest;
  l.C_DigestUpdate = C_DigestUpdate;
  l.C_DigestKey = C_DigestKey;
  l.C_DigestFinal = C_DigestFinal;
  l.C_SignInit = C_SignInit;
  l.C_Sign = C_Sign;
  l.C_SignUpdate = C_SignUpdate;
  l.C_SignFinal = C_SignFinal;
  l.C_SignRecoverInit = C_SignRecoverInit;
  l.C_SignRecover = C_SignRecover;
  l.C_VerifyInit = C_VerifyInit;
  l.C_Verify = C_Verify;
  l.C_VerifyUpdate = C_VerifyUpdate;
  l.C_VerifyFinal = C_VerifyFinal;
  l.C_VerifyRecoverInit = C_VerifyRecoverInit;
  l.C_VerifyRecover = C_VerifyRecover;
  l.C_DigestEncryptUpdate = C_DigestEncryptUpdate;
  l.C_DecryptDigestUpdate = C_DecryptDigestUpdate;
  l.C_SignEncryptUpdate = C_SignEncryptUpdate;
  l.C_DecryptVerifyUpdate = C_DecryptVerifyUpdate;
  l.C_GenerateKey = C_GenerateKey;
  l.C_GenerateKeyPair = C_GenerateKeyPair;
  l.C_WrapKey = C_WrapKey;
  l.C_UnwrapKey = C_UnwrapKey;
  l.C_DeriveKey = C_DeriveKey;
  l.C_SeedRandom = C_SeedRandom;
  l.C_GenerateRandom = C_GenerateRandom;
  l.C_GetFunctionStatus = C_GetFunctionStatus;
  l.C_CancelFunction = C_CancelFunction;
  l.C_WaitForSlotEvent = C_WaitForSlotEvent;
}

template <class List>
void fill_3_0(List& l) {
  l.C_GetInterfaceList = C_GetInterfaceList;
  l.C_GetInterface = C_GetInterface;
  l.C_LoginUser = C_LoginUser;
  l.C_SessionCancel = C_SessionCancel;
  l.C_MessageEncryptInit = C_MessageEncryptInit;
  l.C_EncryptMessage = C_EncryptMessage;
  l.C_EncryptMessageBegin = C_EncryptMessageBegin;
  l.C_EncryptMessageNext = C_EncryptMessageNext;
  l.C_MessageEncryptFinal = C_MessageEncryptFinal;
  l.C_MessageDecryptInit = C_MessageDecryptInit;
  l.C_DecryptMessage = C_DecryptMessage;
  l.C_DecryptMessageBegin = C_DecryptMessageBegin;
  l.C_DecryptMessageNext = C_DecryptMessageNext;
  l.C_MessageDecryptFinal = C_MessageDecryptFinal;
  l.C_MessageSignInit = C_MessageSignInit;
  l.C_SignMessage = C_SignMessage;
  l.C_SignMessageBegin = C_SignMessageBegin;
  l.C_SignMessageNext = C_SignMessageNext;
  l.C_MessageSignFinal = C_MessageSignFinal;
  l.C_MessageVerifyInit = C_MessageVerifyInit;
  l.C_VerifyMessage = C_VerifyMessage;
  l.C_VerifyMessageBegin = C_VerifyMessageBegin;
  l.C_VerifyMessageNext = C_VerifyMessageNext;
  l.C_MessageVerifyFinal = C_MessageVerifyFinal;
}

void fill_3_2(CK_FUNCTION_LIST_3_2& l) {
  l.C_EncapsulateKey = C_EncapsulateKey;
  l.C_DecapsulateKey = C_DecapsulateKey;
  l.C_VerifySignatureInit = C_VerifySignatureInit;
  l.C_VerifySignature = C_VerifySignature;
  l.C_VerifySignatureUpdate = C_VerifySignatureUpdate;
  l.C_VerifySignatureFinal = C_VerifySignatureFinal;
  l.C_GetSessionValidationFlags = C_GetSessionValidationFlags;
  l.C_AsyncComplete = C_AsyncComplete;
  l.C_AsyncGetID = C_AsyncGetID;
  l.C_AsyncJoin = C_AsyncJoin;
  l.C_WrapKeyAuthenticated = C_WrapKeyAuthenticated;
  l.C_UnwrapKeyAuthenticated = C_UnwrapKeyAuthenticated;
}

CK_FUNCTION_LIST make_list_2_40() {
  CK_FUNCTION_LIST l{};
  l.version = CK_VERSION{2, 40};
  fill_2_40(l, get_info_v68);
  return l;
}

CK_FUNCTION_LIST_3_0 make_list_3_0() {
  CK_FUNCTION_LIST_3_0 l{};
  l.version = CK_VERSION{3, 0};
  fill_2_40(l, get_info_v92);
  fill_3_0(l);
  return l;
}

CK_FUNCTION_LIST_3_2 make_list_3_2() {
  CK_FUNCTION_LIST_3_2 l{};
  l.version = CK_VERSION{3, 2};
  fill_2_40(l, get_info_v104);
  fill_3_0(l);
  fill_3_2(l);
  return l;
}

CK_FUNCTION_LIST g_list_2_40 = make_list_2_40();
CK_FUNCTION_LIST_3_0 g_list_3_0 = make_list_3_0();
CK_FUNCTION_LIST_3_2 g_list_3_2 = make_list_3_2();

CK_UTF8CHAR g_interface_name[] = "PKCS 11";

// 3.2 first: a NULL-name C_GetInterface and clients that take entry 0 get 3.2.
CK_INTERFACE g_interfaces[] = {
    {g_interface_name, &g_list_3_2, CKF_INTERFACE_FORK_SAFE},
    {g_interface_name, &g_list_3_0, CKF_INTERFACE_FORK_SAFE},
    {g_interface_name, &g_list_2_40, CKF_INTERFACE_FORK_SAFE},
};
constexpr CK_ULONG kInterfaceCount = sizeof(g_interfaces) / sizeof(g_interfaces[0]);

const CK_VERSION& version_of(const CK_INTERFACE& i) { return *static_cast<const CK_VERSION*>(i.pFunctionList); }

}  // namespace

extern "C" {

CRATON_EXPORT CK_RV C_GetFunctionList(CK_FUNCTION_LIST_PTR_PTR ppFunctionList) {
  if (ppFunctionList == nullptr) return CKR_ARGUMENTS_BAD;
  *ppFunctionList = &g_list_2_40;
  return CKR_OK;
}

CRATON_EXPORT CK_RV C_GetInterfaceList(CK_INTERFACE_PTR pInterfacesList, CK_ULONG_PTR pulCount) {
  if (pulCount == nullptr) return CKR_ARGUMENTS_BAD;
  if (pInterfacesList == nullptr) {
    *pulCount = kInterfaceCount;
    return CKR_OK;
  }
  if (*pulCount < kInterfaceCount) {
    *pulCount = kInterfaceCount;
    return CKR_BUFFER_TOO_SMALL;
  }
  std::memcpy(pInterfacesList, g_interfaces, sizeof g_interfaces);
  *pulCount = kInterfaceCount;
  return CKR_OK;
}

CRATON_EXPORT CK_RV C_GetInterface(CK_UTF8CHAR_PTR pInterfaceName, CK_VERSION_PTR pVersion,
                                   CK_INTERFACE_PTR_PTR ppInterface, CK_FLAGS flags) {
  if (ppInterface == nullptr) return CKR_ARGUMENTS_BAD;
  for (CK_INTERFACE& i : g_interfaces) {
    if (pInterfaceName != nullptr &&
        std::strcmp(reinterpret_cast<const char*>(pInterfaceName), reinterpret_cast<const char*>(i.pInterfaceName)) != 0)
      continue;
    if (pVersion != nullptr && (version_of(i).major != pVersion->major || version_of(i).minor != pVersion->minor))
      continue;
    if ((i.flags & flags) != flags) continue;
    *ppInterface = &i;
    return CKR_OK;
  }
  return CKR_ARGUMENTS_BAD;
}

}  // extern "C"

extern "C" CRATON_EXPORT CK_RV C_GetInfo(CK_INFO_PTR pInfo) { return get_info_v104(pInfo); }
