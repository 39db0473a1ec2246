// Throwaway tokens: each benchmarked module gets a fresh token in a temporary
// directory, created through PKCS#11 (C_InitToken + C_InitPIN) like an
// operator would, so no real token is ever touched.
#pragma once

#include <string>

#include "craton/pkcs11/pkcs11.h"

namespace bench {

enum class ModuleKind { kCraton, kSoftHsm, kOther };

// From the name given on the command line, else from the library path.
ModuleKind guess_kind(const std::string& name, const std::string& path);

struct TokenOptions {
  bool craton_audit = true;  // the module's default; --no-audit turns it off
};

inline constexpr char kSoPin[] = "bench-so-1234";
inline constexpr char kUserPin[] = "bench-user-1234";
inline constexpr char kTokenLabel[] = "craton-bench";

// Creates a temp dir, writes the module's configuration file into it and
// points the module's environment variable at it (SOFTHSM2_CONF or
// CRATON_HSM_CONF). Must run before C_Initialize. Returns the temp dir.
std::string prepare_environment(ModuleKind kind, const TokenOptions& options);

// C_InitToken on the first slot whose token is not initialised, then
// C_InitPIN as SO. Returns the slot now holding the token (SoftHSMv2
// renumbers its slots after C_InitToken).
CK_SLOT_ID init_token(CK_FUNCTION_LIST* f);

// A R/W session logged in as the user (login state is per application, so
// every later session of the process is logged in too).
CK_SESSION_HANDLE open_user_session(CK_FUNCTION_LIST* f, CK_SLOT_ID slot);

void remove_temp_dir(const std::string& dir);

}  // namespace bench
