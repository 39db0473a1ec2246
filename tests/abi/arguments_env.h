// Shared fixture for the negative-argument sweep (arguments_test.cc): a
// session with one key of each kind the calls need, and a table holding a
// well-formed call of EVERY PKCS#11 3.2 function, so that each error rule
// (not initialised, bad session handle ...) can be applied to all of them.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "vector_helpers.h"

namespace craton::test {

// Objects and buffers the calls use. Keys are session objects with
// CKA_PRIVATE = FALSE so they stay usable after C_Logout; every usage flag
// the calls need is set. Not copyable: mechanisms point into it.
struct Env {
  CK_FUNCTION_LIST_3_2* f = nullptr;
  CK_SESSION_HANDLE s = CK_INVALID_HANDLE;  // R/W, user logged in
  CK_OBJECT_HANDLE aes = CK_INVALID_HANDLE;      // AES-128
  CK_OBJECT_HANDLE generic = CK_INVALID_HANDLE;  // 32-byte generic secret (HMAC, HKDF)
  CK_OBJECT_HANDLE data = CK_INVALID_HANDLE;     // CKO_DATA
  CK_OBJECT_HANDLE ec_pub = CK_INVALID_HANDLE, ec_priv = CK_INVALID_HANDLE;    // P-256
  CK_OBJECT_HANDLE rsa_pub = CK_INVALID_HANDLE, rsa_priv = CK_INVALID_HANDLE;  // 2048, recover flags

  CK_BYTE in[32] = {};
  CK_BYTE out[512] = {};
  CK_ULONG out_len = sizeof out;
  CK_BYTE sig[256] = {};
  Bytes wrapped;  // `generic` wrapped by `aes` under CKM_AES_KEY_WRAP
  CK_BYTE iv[12] = {};
  CK_BYTE tag[16] = {};
  CK_GCM_MESSAGE_PARAMS gcm_msg{};
  CK_HKDF_PARAMS hkdf{};
  CK_MECHANISM ecb{CKM_AES_ECB, nullptr, 0};
  CK_MECHANISM sha256{CKM_SHA256, nullptr, 0};
  CK_MECHANISM hmac{CKM_SHA256_HMAC, nullptr, 0};
  CK_MECHANISM rsa_pkcs{CKM_RSA_PKCS, nullptr, 0};
  CK_MECHANISM ecdsa{CKM_ECDSA, nullptr, 0};
  CK_MECHANISM gcm{CKM_AES_GCM, nullptr, 0};
  CK_MECHANISM aes_gen{CKM_AES_KEY_GEN, nullptr, 0};
  CK_MECHANISM ec_gen{CKM_EC_KEY_PAIR_GEN, nullptr, 0};
  CK_MECHANISM kw{CKM_AES_KEY_WRAP, nullptr, 0};
  CK_MECHANISM hkdf_mech{CKM_HKDF_DERIVE, nullptr, 0};

  // Templates (attribute values live here too).
  CK_OBJECT_CLASS data_class = CKO_DATA;
  CK_OBJECT_CLASS secret_class = CKO_SECRET_KEY;
  CK_KEY_TYPE generic_type = CKK_GENERIC_SECRET;
  CK_ULONG key_len = 16;
  CK_BBOOL yes = CK_TRUE, no = CK_FALSE;
  std::vector<CK_ATTRIBUTE> data_tmpl;    // a session data object
  std::vector<CK_ATTRIBUTE> gen_tmpl;     // AES key generation: CKA_VALUE_LEN
  CK_ULONG derived_len = 32;
  std::vector<CK_ATTRIBUTE> secret_tmpl;  // unwrap: class and type
  std::vector<CK_ATTRIBUTE> derive_tmpl;  // derive: class, type, CKA_VALUE_LEN
  std::vector<CK_ATTRIBUTE> ec_pub_tmpl;  // key-pair generation
  std::vector<CK_ATTRIBUTE> ec_priv_tmpl;

  Env() = default;
  Env(const Env&) = delete;
  Env& operator=(const Env&) = delete;

  // Ends every operation of the session (between table rows).
  void cancel_all() const;
};

// Fills `e` for the logged-in R/W session `s`. Uses gtest assertions.
void make_env(CK_FUNCTION_LIST_3_2* f, CK_SESSION_HANDLE s, Env* e);

enum class Kind {
  kInitialize,  // C_Initialize itself
  kPreInit,     // may be called before C_Initialize (function lists, interfaces)
  kGeneral,     // no session, no slot
  kSlot,        // takes a slot ID
  kSession,     // takes a session handle
  kStub,        // not supported by this module: always CKR_FUNCTION_NOT_SUPPORTED
  kLegacy,      // C_GetFunctionStatus / C_CancelFunction: CKR_FUNCTION_NOT_PARALLEL
};

// One well-formed call of a function: every pointer valid, every handle
// from `e`; `h` is the session handle (kSession rows) or the slot ID
// (kSlot rows).
struct Call {
  std::string name;
  Kind kind;
  std::function<CK_RV(Env& e, CK_SESSION_HANDLE h)> run;
};

// Every function of CK_FUNCTION_LIST_3_2, in its order.
const std::vector<Call>& all_calls();

// Operation starts the argument tests put a session into before a call:
// each a well-formed C_xxxInit on the Env's objects (none: no operation).
namespace starts {
inline CK_RV none(Env&) { return CKR_OK; }
inline CK_RV enc(Env& e) { return e.f->C_EncryptInit(e.s, &e.ecb, e.aes); }
inline CK_RV dec(Env& e) { return e.f->C_DecryptInit(e.s, &e.ecb, e.aes); }
inline CK_RV dig(Env& e) { return e.f->C_DigestInit(e.s, &e.sha256); }
inline CK_RV sgn(Env& e) { return e.f->C_SignInit(e.s, &e.hmac, e.generic); }
inline CK_RV ver(Env& e) { return e.f->C_VerifyInit(e.s, &e.hmac, e.generic); }
inline CK_RV sgr(Env& e) { return e.f->C_SignRecoverInit(e.s, &e.rsa_pkcs, e.rsa_priv); }
inline CK_RV vrr(Env& e) { return e.f->C_VerifyRecoverInit(e.s, &e.rsa_pkcs, e.rsa_pub); }
inline CK_RV find(Env& e) { return e.f->C_FindObjectsInit(e.s, nullptr, 0); }
inline CK_RV vsig(Env& e) { return e.f->C_VerifySignatureInit(e.s, &e.hmac, e.generic, e.sig, 32); }
inline CK_RV menc(Env& e) { return e.f->C_MessageEncryptInit(e.s, &e.gcm, e.aes); }
inline CK_RV mdec(Env& e) { return e.f->C_MessageDecryptInit(e.s, &e.gcm, e.aes); }
// A then B (dual-function operations: two operations at once).
template <CK_RV (*A)(Env&), CK_RV (*B)(Env&)>
CK_RV both(Env& e) {
  CK_RV rv = A(e);
  return rv != CKR_OK ? rv : B(e);
}
}  // namespace starts

// A CK_RV check that names the rule and both codes.
inline void expect_rv(const std::string& what, CK_RV want, CK_RV got) {
  EXPECT_EQ(want, got) << what << ": module answered " << rv_name(got) << ", spec says " << rv_name(want);
}

// Base of the argument test fixtures: env() is a logged-in R/W session with
// the table's objects, made on first use.
class ArgumentsFixture : public ModuleTest {
 protected:
  Env& env() {
    if (env_.s == CK_INVALID_HANDLE) make_env(f(), ready_user_session(), &env_);
    return env_;
  }
  Env env_;
};

}  // namespace craton::test
