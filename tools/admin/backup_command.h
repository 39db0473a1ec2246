// `craton-hsm-admin backup` and `restore`: one slot's token to and from a
// passphrase-sealed file (docs/storage-format.md, "Backup file format").
// Unlike the other commands they work on the token store directly (the
// rows, still sealed under the token's keys), not through PKCS#11, so a
// token is copied whole without its PINs and without logging in.
#pragma once

namespace CLI {
class App;
}

namespace craton::admin {

// Registers `backup` and `restore` on `app`. Like audit-verify they run from
// CLI11's callback and end parsing with CLI::RuntimeError(exit status), so
// main() never loads the module for them. Exit status: 0 done, 2 the backup
// file was refused (wrong passphrase, altered, truncated, unsupported),
// 3 anything else (store, I/O, options, target slot not empty).
void add_backup_commands(CLI::App& app);

}  // namespace craton::admin
