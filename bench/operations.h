// PKCS#11 operations, one factory per benchmarked operation. Each factory
// prepares what an application keeps between calls (keys, buffers) and
// returns a Runner whose run_once() does the full Init + operation pair.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>

#include "catalogue.h"
#include "keys.h"
#include "module_loader.h"
#include "runner.h"

namespace bench {

struct ModuleContext {
  LoadedModule* module = nullptr;
  CK_SLOT_ID slot = 0;
  CK_SESSION_HANDLE main_session = CK_INVALID_HANDLE;  // owns the session keys
  KeyStore* keys = nullptr;
  std::set<CK_MECHANISM_TYPE> mechanisms;

  CK_FUNCTION_LIST* f() const { return module->f; }
  // Throws NotAvailable when the module does not list the mechanism.
  void require(CK_MECHANISM_TYPE m) const;
};

using Factory = std::function<std::unique_ptr<Runner>(ModuleContext&, CK_SESSION_HANDLE session, bool token_key)>;
using FactoryMap = std::map<std::string, Factory>;

void register_sign_ops(FactoryMap& m);    // operations_sign.cc
void register_cipher_ops(FactoryMap& m);  // operations_cipher.cc
void register_misc_ops(FactoryMap& m);    // operations_misc.cc

// Runner for `op` on `session`. Throws NotAvailable or P11Error.
std::unique_ptr<Runner> make_module_runner(ModuleContext& ctx, const OpInstance& op, CK_SESSION_HANDLE session);

// Creates session data objects until `total` exist (plus one labelled target,
// created with the first batch) for the C_FindObjects operations.
// Session (or, with `token`, token) data objects up to `total`, one of them
// labelled as the find target.
void populate_find_objects(ModuleContext& ctx, std::size_t total, bool token);

// Deterministic filler for messages and plaintexts.
Bytes pattern(std::size_t n, unsigned char seed = 0x5a);

// Destroys the objects a timed batch created (untimed).
void destroy_all(CK_FUNCTION_LIST* f, CK_SESSION_HANDLE s, std::vector<CK_OBJECT_HANDLE>& handles);

}  // namespace bench
