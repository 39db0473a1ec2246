// Dual-function updates (PKCS#11 5.14): each is the two single updates in
// the order the spec defines, on the session's two active operations.
#include "abi/guard.h"
#include "craton/pkcs11/pkcs11.h"
#include "module/services.h"

namespace m = craton::module;
using craton::abi::guard;

extern "C" {

CRATON_EXPORT CK_RV C_DigestEncryptUpdate(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pPart, CK_ULONG ulPartLen,
                                          CK_BYTE_PTR pEncryptedPart, CK_ULONG_PTR pulEncryptedPartLen) {
  return guard([&] {
    CK_RV rv = m::encrypt_update(hSession, pPart, ulPartLen, pEncryptedPart, pulEncryptedPartLen);
    if (rv != CKR_OK || pEncryptedPart == nullptr) return rv;  // length query digests nothing
    return m::digest_update(hSession, pPart, ulPartLen);
  });
}

CRATON_EXPORT CK_RV C_DecryptDigestUpdate(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pEncryptedPart,
                                          CK_ULONG ulEncryptedPartLen, CK_BYTE_PTR pPart, CK_ULONG_PTR pulPartLen) {
  return guard([&] {
    CK_RV rv = m::decrypt_update(hSession, pEncryptedPart, ulEncryptedPartLen, pPart, pulPartLen);
    if (rv != CKR_OK || pPart == nullptr) return rv;
    return m::digest_update(hSession, pPart, *pulPartLen);
  });
}

CRATON_EXPORT CK_RV C_SignEncryptUpdate(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pPart, CK_ULONG ulPartLen,
                                        CK_BYTE_PTR pEncryptedPart, CK_ULONG_PTR pulEncryptedPartLen) {
  return guard([&] {
    CK_RV rv = m::encrypt_update(hSession, pPart, ulPartLen, pEncryptedPart, pulEncryptedPartLen);
    if (rv != CKR_OK || pEncryptedPart == nullptr) return rv;
    return m::sign_update(hSession, pPart, ulPartLen);
  });
}

CRATON_EXPORT CK_RV C_DecryptVerifyUpdate(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pEncryptedPart,
                                          CK_ULONG ulEncryptedPartLen, CK_BYTE_PTR pPart, CK_ULONG_PTR pulPartLen) {
  return guard([&] {
    CK_RV rv = m::decrypt_update(hSession, pEncryptedPart, ulEncryptedPartLen, pPart, pulPartLen);
    if (rv != CKR_OK || pPart == nullptr) return rv;
    return m::verify_update(hSession, pPart, *pulPartLen);
  });
}

}  // extern "C"
