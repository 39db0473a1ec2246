// Key-making helpers shared by the crypto flow tests.
#pragma once

#include "harness.h"

namespace craton::test {

// DER of the named-curve OIDs (facts from SEC 2 / RFC 8410).
inline const Bytes kP256Params = from_hex("06082a8648ce3d030107");
inline const Bytes kP384Params = from_hex("06052b81040022");
inline const Bytes kEd25519Params = from_hex("06032b6570");
inline const Bytes kX25519Params = from_hex("06032b656e");

struct KeyPair {
  CK_OBJECT_HANDLE pub = CK_INVALID_HANDLE;
  CK_OBJECT_HANDLE priv = CK_INVALID_HANDLE;
};

KeyPair generate_rsa(CK_FUNCTION_LIST_3_2* f, CK_SESSION_HANDLE s, CK_ULONG bits, bool always_auth = false);
KeyPair generate_ec(CK_FUNCTION_LIST_3_2* f, CK_SESSION_HANDLE s, const Bytes& params, CK_MECHANISM_TYPE mech,
                    bool derive = false);

Bytes sign(CK_FUNCTION_LIST_3_2* f, CK_SESSION_HANDLE s, CK_MECHANISM m, CK_OBJECT_HANDLE key, const Bytes& data);
CK_RV verify(CK_FUNCTION_LIST_3_2* f, CK_SESSION_HANDLE s, CK_MECHANISM m, CK_OBJECT_HANDLE key, const Bytes& data,
             const Bytes& sig);

}  // namespace craton::test
