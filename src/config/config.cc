// craton_hsm.toml -> Config. Every key is checked for type and range, and
// unknown tables or keys are rejected so that a typo never silently leaves a
// setting at its default. toml++ reports syntax errors as exceptions; they
// are caught here and nothing escapes this file.
#include "config/config.h"

#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <string_view>
#include <system_error>
#include <toml++/toml.h>

namespace craton::config {
namespace {

constexpr std::uint32_t kMaxSlots = 64;
constexpr std::uint32_t kMinPinLength = 4;
constexpr std::uint32_t kMaxPinLength = 255;
constexpr std::uint32_t kMaxLoginFailures = 100;
constexpr std::uint32_t kMinPbkdf2Iterations = 100000;
constexpr std::uint32_t kMaxPbkdf2Iterations = 100000000;  // ~minutes per login: surely a typo
constexpr std::size_t kMaxLabelBytes = 32;                  // CK_TOKEN_INFO.label is 32 bytes

// Collects the first error with file, line and key: "file:3: [token] slot_count: reason".
class Checker {
 public:
  Checker(const std::string& origin, std::string* message) : origin_(origin), message_(message) {}

  bool fail(const toml::node* node, std::string_view table, std::string_view key, const std::string& reason) {
    std::ostringstream os;
    os << (origin_.empty() ? "<config>" : origin_);
    if (node != nullptr && node->source().begin.line > 0) os << ':' << node->source().begin.line;
    os << ": ";
    if (!table.empty()) os << '[' << table << "] ";
    if (!key.empty()) os << key << ": ";
    os << reason;
    if (message_ != nullptr) *message_ = os.str();
    return false;
  }

  bool read_uint(const toml::node& node, std::string_view table, std::string_view key, std::uint32_t lo,
                 std::uint32_t hi, std::uint32_t* out) {
    const auto* v = node.as_integer();
    const std::string range = "an integer from " + std::to_string(lo) + " to " + std::to_string(hi);
    if (v == nullptr) return fail(&node, table, key, "must be " + range + " (wrong type)");
    const std::int64_t x = v->get();
    if (x < static_cast<std::int64_t>(lo) || x > static_cast<std::int64_t>(hi))
      return fail(&node, table, key, "must be " + range + " (got " + std::to_string(x) + ")");
    *out = static_cast<std::uint32_t>(x);
    return true;
  }

  bool read_string(const toml::node& node, std::string_view table, std::string_view key, std::string* out) {
    const auto* v = node.as_string();
    if (v == nullptr) return fail(&node, table, key, "must be a string (wrong type)");
    *out = v->get();
    return true;
  }

  bool read_bool(const toml::node& node, std::string_view table, std::string_view key, bool* out) {
    const auto* v = node.as_boolean();
    if (v == nullptr) return fail(&node, table, key, "must be true or false (wrong type)");
    *out = v->get();
    return true;
  }

  bool read_choice(const toml::node& node, std::string_view table, std::string_view key,
                   std::initializer_list<std::string_view> allowed, std::string* out) {
    std::string s;
    if (!read_string(node, table, key, &s)) return false;
    std::string list;
    for (std::string_view a : allowed) {
      if (s == a) {
        *out = s;
        return true;
      }
      list += (list.empty() ? "\"" : ", \"") + std::string(a) + "\"";
    }
    return fail(&node, table, key, "must be one of " + list + " (got \"" + s + "\")");
  }

 private:
  const std::string& origin_;
  std::string* message_;
};

bool read_labels(Checker& c, const toml::node& node, Config* cfg) {
  const auto* arr = node.as_array();
  if (arr == nullptr) return c.fail(&node, "token", "labels", "must be an array of strings (wrong type)");
  if (arr->size() > kMaxSlots) return c.fail(&node, "token", "labels", "has more entries than the 64 slots allowed");
  cfg->slots.clear();
  for (const toml::node& item : *arr) {
    const auto* s = item.as_string();
    if (s == nullptr) return c.fail(&item, "token", "labels", "every entry must be a string (wrong type)");
    if (s->get().size() > kMaxLabelBytes)
      return c.fail(&item, "token", "labels", "label \"" + s->get() + "\" is longer than 32 bytes");
    cfg->slots.push_back(SlotConfig{s->get()});
  }
  return true;
}

bool read_token(Checker& c, const toml::table& t, Config* cfg) {
  for (const auto& [k, node] : t) {
    const std::string_view key = k.str();
    bool ok = true;
    if (key == "slot_count") ok = c.read_uint(node, "token", key, 1, kMaxSlots, &cfg->slot_count);
    else if (key == "labels") ok = read_labels(c, node, cfg);
    else if (key == "pin_min_length") ok = c.read_uint(node, "token", key, kMinPinLength, kMaxPinLength, &cfg->pin_min_length);
    else if (key == "pin_max_length") ok = c.read_uint(node, "token", key, kMinPinLength, kMaxPinLength, &cfg->pin_max_length);
    else if (key == "max_login_failures") ok = c.read_uint(node, "token", key, 1, kMaxLoginFailures, &cfg->max_login_failures);
    else ok = c.fail(&node, "token", key, "unknown key");
    if (!ok) return false;
  }
  // Cross-key rules, checked once every key of the table is known.
  if (cfg->pin_max_length < cfg->pin_min_length)
    return c.fail(t.get("pin_max_length"), "token", "pin_max_length",
                  "must not be smaller than pin_min_length (" + std::to_string(cfg->pin_min_length) + ")");
  if (cfg->slots.size() > cfg->slot_count)
    return c.fail(t.get("labels"), "token", "labels",
                  "has " + std::to_string(cfg->slots.size()) + " entries but slot_count is " +
                      std::to_string(cfg->slot_count));
  return true;
}

bool read_storage(Checker& c, const toml::table& t, Config* cfg) {
  for (const auto& [k, node] : t) {
    const std::string_view key = k.str();
    bool ok = true;
    if (key == "backend") ok = c.read_choice(node, "storage", key, {"sqlite", "memory"}, &cfg->storage_backend);
    else if (key == "path") {
      ok = c.read_string(node, "storage", key, &cfg->storage_path);
      if (ok && cfg->storage_path.empty()) ok = c.fail(&node, "storage", key, "must not be empty");
    } else if (key == "pbkdf2_iterations") {
      ok = c.read_uint(node, "storage", key, kMinPbkdf2Iterations, kMaxPbkdf2Iterations, &cfg->pbkdf2_iterations);
    } else {
      ok = c.fail(&node, "storage", key, "unknown key");
    }
    if (!ok) return false;
  }
  return true;
}

bool read_logging(Checker& c, const toml::table& t, Config* cfg) {
  for (const auto& [k, node] : t) {
    const std::string_view key = k.str();
    if (key != "level") return c.fail(&node, "logging", key, "unknown key");
    std::string s;
    if (!c.read_choice(node, "logging", key, {"trace", "debug", "info", "warn", "error", "off"}, &s)) return false;
    if (!log::parse_level(s, &cfg->log_level)) return c.fail(&node, "logging", key, "unknown level");
  }
  return true;
}

bool read_algorithms(Checker& c, const toml::table& t, Config* cfg) {
  for (const auto& [k, node] : t) {
    const std::string_view key = k.str();
    bool ok = true;
    if (key == "fips_approved_only") ok = c.read_bool(node, "algorithms", key, &cfg->fips_approved_only);
    else if (key == "allow_non_approved_pqc") ok = c.read_bool(node, "algorithms", key, &cfg->allow_non_approved_pqc);
    else if (key == "crypto_backend") ok = c.read_choice(node, "algorithms", key, {"openssl", "openssl-fips"}, &cfg->crypto_backend);
    else ok = c.fail(&node, "algorithms", key, "unknown key");
    if (!ok) return false;
  }
  return true;
}

bool read_audit_path(Checker& c, const toml::node& node, Config* cfg) {
  if (!c.read_string(node, "audit", "path", &cfg->audit_path)) return false;
  const std::string& p = cfg->audit_path;
  if (p.empty()) return c.fail(&node, "audit", "path", "must not be empty");
  if (p.find('\0') != std::string::npos) return c.fail(&node, "audit", "path", "must not contain a NUL character");
  if (p.back() == '/') return c.fail(&node, "audit", "path", "must name a file, not a directory (ends with '/')");
  return true;
}

bool read_audit(Checker& c, const toml::table& t, Config* cfg) {
  for (const auto& [k, node] : t) {
    const std::string_view key = k.str();
    bool ok = true;
    if (key == "enabled") ok = c.read_bool(node, "audit", key, &cfg->audit_enabled);
    else if (key == "path") ok = read_audit_path(c, node, cfg);
    else ok = c.fail(&node, "audit", key, "unknown key");
    if (!ok) return false;
  }
  return true;
}

bool read_root(Checker& c, const toml::table& root, Config* cfg) {
  for (const auto& [k, node] : root) {
    const std::string_view name = k.str();
    const toml::table* t = node.as_table();
    using Reader = bool (*)(Checker&, const toml::table&, Config*);
    Reader reader = nullptr;
    if (name == "token") reader = read_token;
    else if (name == "storage") reader = read_storage;
    else if (name == "logging") reader = read_logging;
    else if (name == "algorithms") reader = read_algorithms;
    else if (name == "audit") reader = read_audit;
    if (reader == nullptr)
      return c.fail(&node, "", name,
                    "unknown table (expected [token], [storage], [logging], [algorithms] or [audit])");
    if (t == nullptr) return c.fail(&node, "", name, "must be a table ([" + std::string(name) + "])");
    if (!reader(c, *t, cfg)) return false;
  }
  return true;
}

const char* env_config_path() {
  // secure_getenv: a set-uid host must not let its caller pick our config.
  const char* v = secure_getenv("CRATON_HSM_CONF");
  return (v != nullptr && *v != '\0') ? v : nullptr;
}

bool file_exists(const std::string& path) {
  std::error_code ec;
  return std::filesystem::exists(path, ec) && !ec;
}

}  // namespace

std::string Config::label_for_slot(std::uint32_t slot) const {
  if (slot < slots.size() && !slots[slot].label.empty()) return slots[slot].label;
  return "Craton Token " + std::to_string(slot);
}

std::string Config::audit_log_path() const {
  if (!audit_path.empty()) return audit_path;
  std::string dir = storage_path;
  if (!dir.empty() && dir.back() != '/') dir.push_back('/');
  return dir + "audit.log";
}

std::string find_config_file() {
  try {
    if (const char* env = env_config_path()) return file_exists(env) ? std::string(env) : std::string();
    for (const char* candidate : {"craton_hsm.toml", "/etc/craton-hsm/craton_hsm.toml"})
      if (file_exists(candidate)) return candidate;
  } catch (const std::exception&) {
    // Allocation failure while building a path: behave as if nothing was found.
  }
  return {};
}

Result<Config> parse_config(const std::string& toml_text, const std::string& origin, std::string* message) {
  try {
    Config cfg;
    Checker checker(origin, message);
    toml::table root;
    try {
      root = toml::parse(toml_text, origin);
    } catch (const toml::parse_error& e) {
      std::ostringstream os;
      os << (origin.empty() ? "<config>" : origin) << ':' << e.source().begin.line << ':'
         << e.source().begin.column << ": TOML syntax error: " << e.description();
      if (message != nullptr) *message = os.str();
      return err(CKR_GENERAL_ERROR);
    }
    if (!read_root(checker, root, &cfg)) return err(CKR_GENERAL_ERROR);
    // Approved-only mode needs its audit trail: it cannot be switched off.
    if (cfg.fips_approved_only && !cfg.audit_enabled) {
      if (message != nullptr)
        *message = origin + ": [audit] enabled: must be true when [algorithms] fips_approved_only = true";
      return err(CKR_GENERAL_ERROR);
    }
    cfg.source_path = origin;
    return cfg;
  } catch (const std::exception& e) {
    if (message != nullptr) *message = origin + ": cannot read configuration: " + e.what();
    return err(CKR_GENERAL_ERROR);
  } catch (...) {
    if (message != nullptr) *message = origin + ": cannot read configuration";
    return err(CKR_GENERAL_ERROR);
  }
}

Result<Config> load_config(std::string* message) {
  try {
    const char* env = env_config_path();
    if (env != nullptr && !file_exists(env)) {
      if (message != nullptr)
        *message = std::string("CRATON_HSM_CONF names \"") + env + "\", which does not exist";
      return err(CKR_GENERAL_ERROR);
    }
    const std::string path = find_config_file();
    if (path.empty()) return Config{};  // no file anywhere: safe defaults
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) {
      if (message != nullptr) *message = path + ": not a regular file";
      return err(CKR_GENERAL_ERROR);
    }
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    if (in) text << in.rdbuf();
    if (!in.is_open() || in.bad()) {
      if (message != nullptr) *message = path + ": cannot read the configuration file";
      return err(CKR_GENERAL_ERROR);
    }
    return parse_config(text.str(), path, message);
  } catch (const std::exception& e) {
    if (message != nullptr) *message = std::string("cannot load configuration: ") + e.what();
    return err(CKR_GENERAL_ERROR);
  }
}

}  // namespace craton::config
