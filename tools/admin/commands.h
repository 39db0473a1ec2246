// The admin subcommands. Each prints to stdout and throws CkError (or
// std::runtime_error) on failure; main() turns that into the exit status.
#pragma once

#include <string>
#include <vector>

#include "craton/pkcs11/craton_vendor.h"
#include "craton/pkcs11/pkcs11.h"
#include "module_loader.h"
#include "secret_input.h"

namespace craton::admin {

void list_slots(const Module& module);
void list_mechanisms(const Module& module, CK_SLOT_ID slot);
void init_token(const Module& module, CK_SLOT_ID slot, const std::string& label,
                const SecretSource& so_pin);
void init_pin(const Module& module, CK_SLOT_ID slot, const SecretSource& so_pin,
              const SecretSource& user_pin);

// Which key objects an operator command acts on: CKA_LABEL and/or CKA_ID
// (empty = not part of the match).
struct KeySelector {
  std::string label;
  std::vector<unsigned char> id;
};

// SP 800-57 "compromised": sets the one-way CKA_VENDOR_CRATON_COMPROMISED
// on every matching key, logged in as the user (or the SO, who sees public
// objects only). Returns how many keys were marked; throws if none match.
std::size_t mark_compromised(const Module& module, CK_SLOT_ID slot, const KeySelector& which, bool as_so,
                             const SecretSource& pin);

}  // namespace craton::admin
