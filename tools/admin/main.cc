// craton-hsm-admin: operator CLI for Craton HSM tokens, driven through the
// module's PKCS#11 interface.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <exception>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "audit_command.h"
#include "backup_command.h"
#include "ck_names.h"
#include "commands.h"
#include "module_loader.h"

namespace {

using craton::admin::SecretSource;

constexpr int kExitCkError = 1;   // a PKCS#11 call failed (CK_RV printed)
constexpr int kExitOtherError = 3;  // module not loadable, PIN unreadable, ...

struct Options {
  std::string module_path;
  unsigned long slot = 0;
  std::string label;
  std::string so_pin_file;
  std::string pin_file;
  std::string id_hex;
  bool as_so = false;
};

std::vector<unsigned char> parse_hex(const std::string& hex) {
  if (hex.size() % 2 != 0) throw std::runtime_error("--id: an even number of hex digits is expected");
  std::vector<unsigned char> out;
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    const std::string pair = hex.substr(i, 2);
    if (pair.find_first_not_of("0123456789abcdefABCDEF") != std::string::npos)
      throw std::runtime_error("--id: not hex: " + hex);
    out.push_back(static_cast<unsigned char>(std::stoul(pair, nullptr, 16)));
  }
  return out;
}

void add_slot_option(CLI::App* sub, Options& opt) {
  sub->add_option("--slot", opt.slot, "Slot ID")->required();
}

SecretSource so_source(const Options& opt) {
  return SecretSource{opt.so_pin_file, "CRATON_SO_PIN", "SO PIN", false};
}

int run(CLI::App& app, const Options& opt) {
  craton::admin::Module module(opt.module_path);
  if (app.got_subcommand("slots")) {
    craton::admin::list_slots(module);
  } else if (app.got_subcommand("mechanisms")) {
    craton::admin::list_mechanisms(module, opt.slot);
  } else if (app.got_subcommand("init-token")) {
    craton::admin::init_token(module, opt.slot, opt.label, so_source(opt));
  } else if (app.got_subcommand("init-pin")) {
    craton::admin::init_pin(module, opt.slot, so_source(opt),
                            SecretSource{opt.pin_file, "CRATON_USER_PIN", "new user PIN", true});
  } else if (app.got_subcommand("mark-compromised")) {
    const SecretSource pin = opt.as_so ? so_source(opt)
                                       : SecretSource{opt.pin_file, "CRATON_USER_PIN", "user PIN", false};
    craton::admin::mark_compromised(module, opt.slot, {opt.label, parse_hex(opt.id_hex)}, opt.as_so, pin);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Options opt;
  opt.module_path = craton::admin::default_module_path();
  CLI::App app{"craton-hsm-admin - manage Craton HSM tokens through PKCS#11"};
  app.add_option("--module", opt.module_path, "PKCS#11 module to load")
      ->capture_default_str();
  app.require_subcommand(1);

  app.add_subcommand("slots", "List slots and their tokens");
  add_slot_option(app.add_subcommand("mechanisms", "List the mechanisms of a slot"), opt);

  CLI::App* init_token = app.add_subcommand(
      "init-token", "Initialise (or re-initialise) a token; SO PIN from --so-pin-file, "
                    "$CRATON_SO_PIN or the terminal");
  add_slot_option(init_token, opt);
  init_token->add_option("--label", opt.label, "Token label (at most 32 bytes)")->required();
  init_token->add_option("--so-pin-file", opt.so_pin_file, "File whose first line is the SO PIN");

  CLI::App* init_pin = app.add_subcommand(
      "init-pin", "Set the user PIN (as SO); new PIN from --pin-file, $CRATON_USER_PIN "
                  "or the terminal");
  add_slot_option(init_pin, opt);
  init_pin->add_option("--so-pin-file", opt.so_pin_file, "File whose first line is the SO PIN");
  init_pin->add_option("--pin-file", opt.pin_file, "File whose first line is the new user PIN");

  CLI::App* compromise = app.add_subcommand(
      "mark-compromised", "Mark key objects compromised (SP 800-57; one-way: they can no longer be used). "
                          "User PIN from --pin-file, $CRATON_USER_PIN or the terminal; with --so the SO PIN");
  add_slot_option(compromise, opt);
  compromise->add_option("--label", opt.label, "CKA_LABEL of the keys");
  compromise->add_option("--id", opt.id_hex, "CKA_ID of the keys, in hex");
  compromise->add_flag("--so", opt.as_so, "Log in as the SO (public keys only)");
  compromise->add_option("--pin-file", opt.pin_file, "File whose first line is the user PIN");
  compromise->add_option("--so-pin-file", opt.so_pin_file, "File whose first line is the SO PIN");

  craton::admin::add_audit_commands(app);
  craton::admin::add_backup_commands(app);

  CLI11_PARSE(app, argc, argv);

  try {
    return run(app, opt);
  } catch (const craton::admin::CkError& e) {
    std::fprintf(stderr, "error: %s (0x%08lX)\n", e.what(), e.rv());
    return kExitCkError;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return kExitOtherError;
  }
}
