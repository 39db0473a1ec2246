// The admin subcommands. Each prints to stdout and throws CkError (or
// std::runtime_error) on failure; main() turns that into the exit status.
#pragma once

#include <string>

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

}  // namespace craton::admin
