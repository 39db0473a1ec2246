// `craton-hsm-admin audit-verify --file PATH`: checks the hash chain of an
// audit log. It reads the file itself and needs no PKCS#11 module.
#pragma once

namespace CLI {
class App;
}

namespace craton::admin {

// Registers the audit subcommands on `app`. They run from CLI11's callback
// and end parsing with CLI::RuntimeError(exit status), so main() never
// loads the module for them. Exit status: 0 chain intact, 2 chain broken,
// 3 file unreadable.
void add_audit_commands(CLI::App& app);

}  // namespace craton::admin
