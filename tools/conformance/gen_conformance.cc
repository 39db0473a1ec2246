// Writes docs/conformance.md from the mechanism registry and the table of
// functions below, so the document can never drift from the code: a test
// (conformance_doc_current) fails if the committed file differs.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "mechanisms/registry.h"

namespace {

struct FunctionRow {
  const char* name;
  const char* status;  // "yes" or the CK_RV returned instead
  const char* note;
};

// Every function of the PKCS#11 3.2 function list, in list order.
constexpr FunctionRow kFunctions[] = {
    {"C_Initialize", "yes", "CK_C_INITIALIZE_ARGS rules; OS locking always used; fork-safe"},
    {"C_Finalize", "yes", ""},
    {"C_GetInfo", "yes", "reports the version of the table it is called through"},
    {"C_GetFunctionList", "yes", "2.40 table"},
    {"C_GetSlotList", "yes", ""},
    {"C_GetSlotInfo", "yes", ""},
    {"C_GetTokenInfo", "yes", ""},
    {"C_GetMechanismList", "yes", "filtered in approved-only mode"},
    {"C_GetMechanismInfo", "yes", ""},
    {"C_InitToken", "yes", "wipes that slot's token only"},
    {"C_InitPIN", "yes", ""},
    {"C_SetPIN", "yes", ""},
    {"C_OpenSession", "yes", "CKF_ASYNC_SESSION -> CKR_SESSION_ASYNC_NOT_SUPPORTED"},
    {"C_CloseSession", "yes", ""},
    {"C_CloseAllSessions", "yes", ""},
    {"C_GetSessionInfo", "yes", ""},
    {"C_GetOperationState", "yes", "digests only; other operations -> CKR_STATE_UNSAVEABLE"},
    {"C_SetOperationState", "yes", "digests only, within the same module instance"},
    {"C_Login", "yes", "CKU_SO, CKU_USER, CKU_CONTEXT_SPECIFIC"},
    {"C_Logout", "yes", ""},
    {"C_CreateObject", "yes", ""},
    {"C_CopyObject", "yes", ""},
    {"C_DestroyObject", "yes", ""},
    {"C_GetObjectSize", "yes", "approximate (sum of attribute sizes)"},
    {"C_GetAttributeValue", "yes", ""},
    {"C_SetAttributeValue", "yes", ""},
    {"C_FindObjectsInit", "yes", ""},
    {"C_FindObjects", "yes", ""},
    {"C_FindObjectsFinal", "yes", ""},
    {"C_EncryptInit", "yes", ""},
    {"C_Encrypt", "yes", ""},
    {"C_EncryptUpdate", "yes", ""},
    {"C_EncryptFinal", "yes", ""},
    {"C_DecryptInit", "yes", ""},
    {"C_Decrypt", "yes", ""},
    {"C_DecryptUpdate", "yes", ""},
    {"C_DecryptFinal", "yes", ""},
    {"C_DigestInit", "yes", ""},
    {"C_Digest", "yes", ""},
    {"C_DigestUpdate", "yes", ""},
    {"C_DigestKey", "yes", "secret keys only"},
    {"C_DigestFinal", "yes", ""},
    {"C_SignInit", "yes", ""},
    {"C_Sign", "yes", ""},
    {"C_SignUpdate", "yes", "single-part mechanisms -> CKR_FUNCTION_NOT_SUPPORTED"},
    {"C_SignFinal", "yes", ""},
    {"C_SignRecoverInit", "yes", ""},
    {"C_SignRecover", "yes", ""},
    {"C_VerifyInit", "yes", ""},
    {"C_Verify", "yes", ""},
    {"C_VerifyUpdate", "yes", ""},
    {"C_VerifyFinal", "yes", ""},
    {"C_VerifyRecoverInit", "yes", ""},
    {"C_VerifyRecover", "yes", ""},
    {"C_DigestEncryptUpdate", "yes", "encrypt update, then digest of the plaintext"},
    {"C_DecryptDigestUpdate", "yes", ""},
    {"C_SignEncryptUpdate", "yes", ""},
    {"C_DecryptVerifyUpdate", "yes", ""},
    {"C_GenerateKey", "yes", ""},
    {"C_GenerateKeyPair", "yes", ""},
    {"C_WrapKey", "yes", "secret keys (CKA_VALUE) and private keys (PKCS#8)"},
    {"C_UnwrapKey", "yes", ""},
    {"C_DeriveKey", "yes", ""},
    {"C_SeedRandom", "CKR_RANDOM_SEED_NOT_SUPPORTED", "the DRBG seeds itself from the OS entropy source"},
    {"C_GenerateRandom", "yes", "at most 1 MiB per call"},
    {"C_GetFunctionStatus", "CKR_FUNCTION_NOT_PARALLEL", "legacy function"},
    {"C_CancelFunction", "CKR_FUNCTION_NOT_PARALLEL", "legacy function"},
    {"C_WaitForSlotEvent", "yes", "no slot events occur; a blocking wait returns at C_Finalize"},
    {"C_GetInterfaceList", "yes", "\"PKCS 11\" 3.2, 3.0, 2.40"},
    {"C_GetInterface", "yes", "default: 3.2"},
    {"C_LoginUser", "yes", "the user name is ignored: one user per role"},
    {"C_SessionCancel", "yes", ""},
    {"C_MessageEncryptInit", "yes", "AES-GCM, AES-CCM"},
    {"C_EncryptMessage", "yes", ""},
    {"C_EncryptMessageBegin", "yes", ""},
    {"C_EncryptMessageNext", "yes", ""},
    {"C_MessageEncryptFinal", "yes", ""},
    {"C_MessageDecryptInit", "yes", "AES-GCM, AES-CCM"},
    {"C_DecryptMessage", "yes", ""},
    {"C_DecryptMessageBegin", "yes", ""},
    {"C_DecryptMessageNext", "yes", ""},
    {"C_MessageDecryptFinal", "yes", ""},
    {"C_MessageSignInit", "CKR_FUNCTION_NOT_SUPPORTED", "no message-signing mechanism yet"},
    {"C_SignMessage", "CKR_FUNCTION_NOT_SUPPORTED", ""},
    {"C_SignMessageBegin", "CKR_FUNCTION_NOT_SUPPORTED", ""},
    {"C_SignMessageNext", "CKR_FUNCTION_NOT_SUPPORTED", ""},
    {"C_MessageSignFinal", "CKR_FUNCTION_NOT_SUPPORTED", ""},
    {"C_MessageVerifyInit", "CKR_FUNCTION_NOT_SUPPORTED", ""},
    {"C_VerifyMessage", "CKR_FUNCTION_NOT_SUPPORTED", ""},
    {"C_VerifyMessageBegin", "CKR_FUNCTION_NOT_SUPPORTED", ""},
    {"C_VerifyMessageNext", "CKR_FUNCTION_NOT_SUPPORTED", ""},
    {"C_MessageVerifyFinal", "CKR_FUNCTION_NOT_SUPPORTED", ""},
    {"C_EncapsulateKey", "yes", "CKM_ML_KEM, vendor X-Wing"},
    {"C_DecapsulateKey", "yes", "CKM_ML_KEM, vendor X-Wing"},
    {"C_VerifySignatureInit", "yes", "every mechanism that verifies"},
    {"C_VerifySignature", "yes", ""},
    {"C_VerifySignatureUpdate", "yes", ""},
    {"C_VerifySignatureFinal", "yes", ""},
    {"C_GetSessionValidationFlags", "yes", "CKS_LAST_VALIDATION_OK: bit 0x1 (the token's CKO_VALIDATION object) after an approved operation"},
    {"C_AsyncComplete", "CKR_FUNCTION_NOT_SUPPORTED", "asynchronous sessions are not offered"},
    {"C_AsyncGetID", "CKR_FUNCTION_NOT_SUPPORTED", ""},
    {"C_AsyncJoin", "CKR_FUNCTION_NOT_SUPPORTED", ""},
    {"C_WrapKeyAuthenticated", "CKR_FUNCTION_NOT_SUPPORTED", "not yet"},
    {"C_UnwrapKeyAuthenticated", "CKR_FUNCTION_NOT_SUPPORTED", "not yet"},
};

std::string flag_names(CK_FLAGS f) {
  struct F {
    CK_FLAGS bit;
    const char* name;
  };
  static constexpr F kFlags[] = {
      {CKF_ENCRYPT, "encrypt"}, {CKF_DECRYPT, "decrypt"}, {CKF_DIGEST, "digest"}, {CKF_SIGN, "sign"},
      {CKF_SIGN_RECOVER, "sign-recover"}, {CKF_VERIFY, "verify"}, {CKF_VERIFY_RECOVER, "verify-recover"},
      {CKF_GENERATE, "generate"}, {CKF_GENERATE_KEY_PAIR, "generate-pair"}, {CKF_WRAP, "wrap"},
      {CKF_UNWRAP, "unwrap"}, {CKF_DERIVE, "derive"}, {CKF_MESSAGE_ENCRYPT, "message-encrypt"},
      {CKF_MESSAGE_DECRYPT, "message-decrypt"}, {CKF_MULTI_MESSAGE, "multi-message"},
      {CKF_ENCAPSULATE, "encapsulate"}, {CKF_DECAPSULATE, "decapsulate"},
  };
  std::string out;
  for (const F& x : kFlags)
    if (f & x.bit) out += std::string(out.empty() ? "" : ", ") + x.name;
  return out;
}

std::string render() {
  std::ostringstream o;
  o << "# PKCS#11 conformance\n\n"
    << "Generated by `tools/conformance/gen_conformance` from the mechanism registry; do not edit by hand.\n"
    << "Regenerate with `build/tools/conformance/gen_conformance > docs/conformance.md`.\n\n"
    << "## Functions\n\n| function | offered | note |\n|---|---|---|\n";
  for (const auto& f : kFunctions) o << "| " << f.name << " | " << f.status << " | " << f.note << " |\n";
  o << "\n## Mechanisms\n\nKey sizes are in the units the standard gives for each mechanism "
       "(bits for RSA and EC, bytes for AES and generic secrets).\n\n"
    << "| mechanism | value | min key | max key | functions | FIPS approved |\n|---|---|---|---|---|---|\n";
  for (const auto& e : craton::mech::Registry::instance().entries()) {
    char value[32];
    std::snprintf(value, sizeof value, "0x%08lx", static_cast<unsigned long>(e.type));
    o << "| " << e.name << " | " << value << " | " << e.min_key_size << " | " << e.max_key_size << " | "
      << flag_names(e.flags) << " | " << (e.fips_approved ? "yes" : "no") << " |\n";
  }
  return o.str();
}

}  // namespace

int main(int argc, char** argv) {
  const std::string doc = render();
  if (argc == 3 && std::string(argv[1]) == "--check") {
    std::ifstream in(argv[2]);
    std::stringstream have;
    have << in.rdbuf();
    if (have.str() != doc) {
      std::cerr << argv[2] << " is out of date: regenerate it with gen_conformance\n";
      return 1;
    }
    return 0;
  }
  std::cout << doc;
  return 0;
}
