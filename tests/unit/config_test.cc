// Configuration loader: defaults, every key, every validation error, and the
// search order of the configuration file.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

#include "config/config.h"

namespace craton::config {
namespace {

namespace fs = std::filesystem;

Config parse_ok(const std::string& text) {
  std::string msg;
  auto r = parse_config(text, "test.toml", &msg);
  EXPECT_TRUE(r.is_ok()) << msg;
  return r.is_ok() ? r.value() : Config{};
}

// Returns the error message; fails the test if parsing succeeded.
std::string parse_err(const std::string& text) {
  std::string msg;
  auto r = parse_config(text, "test.toml", &msg);
  EXPECT_FALSE(r.is_ok()) << "accepted:\n" << text;
  if (!r.is_ok()) {
    EXPECT_EQ(r.rv(), CKR_GENERAL_ERROR);
  }
  EXPECT_NE(msg.find("test.toml"), std::string::npos) << msg;
  return msg;
}

void expect_err(const std::string& text, const std::string& key, const std::string& reason) {
  const std::string msg = parse_err(text);
  EXPECT_NE(msg.find(key), std::string::npos) << "message lacks key '" << key << "': " << msg;
  EXPECT_NE(msg.find(reason), std::string::npos) << "message lacks reason '" << reason << "': " << msg;
}

TEST(ConfigTest, DefaultsFromEmptyText) {
  Config c = parse_ok("");
  Config d;
  EXPECT_EQ(c.slot_count, 1u);
  EXPECT_TRUE(c.slots.empty());
  EXPECT_EQ(c.pin_min_length, 4u);
  EXPECT_EQ(c.pin_max_length, 64u);
  EXPECT_EQ(c.max_login_failures, 10u);
  EXPECT_EQ(c.storage_backend, "sqlite");
  EXPECT_EQ(c.storage_path, "/var/lib/craton-hsm");
  EXPECT_EQ(c.pbkdf2_iterations, 600000u);
  EXPECT_EQ(c.log_level, log::Level::kWarn);
  EXPECT_FALSE(c.fips_approved_only);
  EXPECT_EQ(c.crypto_backend, "openssl");
  EXPECT_EQ(c.source_path, "test.toml");
  EXPECT_EQ(d.source_path, "");
  EXPECT_EQ(d.storage_backend, "sqlite");
}

TEST(ConfigTest, EveryKeyParsed) {
  Config c = parse_ok(R"(
[token]
slot_count = 3
labels = ["Alpha", "", "Gamma"]
pin_min_length = 6
pin_max_length = 32
max_login_failures = 5
[storage]
backend = "memory"
path = "/tmp/hsm-store"
pbkdf2_iterations = 200000
[logging]
level = "debug"
[algorithms]
fips_approved_only = true
crypto_backend = "openssl-fips"
)");
  EXPECT_EQ(c.slot_count, 3u);
  ASSERT_EQ(c.slots.size(), 3u);
  EXPECT_EQ(c.slots[0].label, "Alpha");
  EXPECT_EQ(c.pin_min_length, 6u);
  EXPECT_EQ(c.pin_max_length, 32u);
  EXPECT_EQ(c.max_login_failures, 5u);
  EXPECT_EQ(c.storage_backend, "memory");
  EXPECT_EQ(c.storage_path, "/tmp/hsm-store");
  EXPECT_EQ(c.pbkdf2_iterations, 200000u);
  EXPECT_EQ(c.log_level, log::Level::kDebug);
  EXPECT_TRUE(c.fips_approved_only);
  EXPECT_EQ(c.crypto_backend, "openssl-fips");
  EXPECT_EQ(c.label_for_slot(0), "Alpha");
  EXPECT_EQ(c.label_for_slot(1), "Craton Token 1");  // empty label -> default
  EXPECT_EQ(c.label_for_slot(2), "Gamma");
  EXPECT_EQ(c.label_for_slot(7), "Craton Token 7");
}

TEST(ConfigTest, AllLogLevels) {
  const std::pair<const char*, log::Level> kLevels[] = {
      {"trace", log::Level::kTrace}, {"debug", log::Level::kDebug}, {"info", log::Level::kInfo},
      {"warn", log::Level::kWarn},   {"error", log::Level::kError}, {"off", log::Level::kOff}};
  for (const auto& [name, level] : kLevels)
    EXPECT_EQ(parse_ok(std::string("[logging]\nlevel = \"") + name + "\"\n").log_level, level) << name;
}

TEST(ConfigTest, BoundaryValuesAccepted) {
  Config c = parse_ok("[token]\nslot_count = 64\npin_min_length = 255\npin_max_length = 255\n"
                      "max_login_failures = 100\n[storage]\npbkdf2_iterations = 100000\n");
  EXPECT_EQ(c.slot_count, 64u);
  EXPECT_EQ(c.pin_min_length, 255u);
  EXPECT_EQ(c.max_login_failures, 100u);
  EXPECT_EQ(c.pbkdf2_iterations, 100000u);
  c = parse_ok("[token]\nslot_count = 1\nmax_login_failures = 1\npin_min_length = 4\npin_max_length = 4\n");
  EXPECT_EQ(c.pin_max_length, 4u);
}

TEST(ConfigTest, SyntaxErrorNamesFileAndLine) {
  const std::string msg = parse_err("[token]\nslot_count = = 2\n");
  EXPECT_NE(msg.find("test.toml:2"), std::string::npos) << msg;
  EXPECT_NE(msg.find("syntax"), std::string::npos) << msg;
  parse_err("[token\n");
  parse_err("[token]\nslot_count = 1\nslot_count = 2\n");  // duplicate key
}

TEST(ConfigTest, WrongTypes) {
  expect_err("[token]\nslot_count = \"2\"\n", "slot_count", "wrong type");
  expect_err("[token]\nslot_count = 2.0\n", "slot_count", "wrong type");
  expect_err("[token]\nlabels = \"x\"\n", "labels", "wrong type");
  expect_err("[token]\nlabels = [1, 2]\n", "labels", "wrong type");
  expect_err("[token]\npin_min_length = true\n", "pin_min_length", "wrong type");
  expect_err("[token]\npin_max_length = [64]\n", "pin_max_length", "wrong type");
  expect_err("[token]\nmax_login_failures = \"ten\"\n", "max_login_failures", "wrong type");
  expect_err("[storage]\nbackend = 1\n", "backend", "wrong type");
  expect_err("[storage]\npath = 5\n", "path", "wrong type");
  expect_err("[storage]\npbkdf2_iterations = \"600000\"\n", "pbkdf2_iterations", "wrong type");
  expect_err("[logging]\nlevel = 3\n", "level", "wrong type");
  expect_err("[algorithms]\nfips_approved_only = \"yes\"\n", "fips_approved_only", "wrong type");
  expect_err("[algorithms]\nfips_approved_only = 1\n", "fips_approved_only", "wrong type");
  expect_err("[algorithms]\ncrypto_backend = false\n", "crypto_backend", "wrong type");
  expect_err("token = 1\n", "token", "must be a table");
  expect_err("[[storage]]\npath = \"x\"\n", "storage", "must be a table");
}

TEST(ConfigTest, OutOfRange) {
  expect_err("[token]\nslot_count = 0\n", "slot_count", "got 0");
  expect_err("[token]\nslot_count = 65\n", "slot_count", "got 65");
  expect_err("[token]\nslot_count = -1\n", "slot_count", "got -1");
  expect_err("[token]\nslot_count = 9999999999999\n", "slot_count", "from 1 to 64");
  expect_err("[token]\npin_min_length = 3\n", "pin_min_length", "got 3");
  expect_err("[token]\npin_max_length = 256\n", "pin_max_length", "got 256");
  expect_err("[token]\npin_min_length = 10\npin_max_length = 8\n", "pin_max_length", "pin_min_length");
  expect_err("[token]\nmax_login_failures = 0\n", "max_login_failures", "got 0");
  expect_err("[token]\nmax_login_failures = 101\n", "max_login_failures", "got 101");
  expect_err("[token]\nslot_count = 1\nlabels = [\"a\", \"b\"]\n", "labels", "slot_count is 1");
  expect_err("[token]\nlabels = [\"123456789012345678901234567890123\"]\n", "labels", "longer than 32");
  expect_err("[storage]\npath = \"\"\n", "path", "must not be empty");
  expect_err("[storage]\npbkdf2_iterations = 99999\n", "pbkdf2_iterations", "got 99999");
  expect_err("[storage]\npbkdf2_iterations = 100000001\n", "pbkdf2_iterations", "got 100000001");
  expect_err("[storage]\nbackend = \"postgres\"\n", "backend", "\"sqlite\", \"memory\"");
  expect_err("[logging]\nlevel = \"verbose\"\n", "level", "verbose");
  expect_err("[algorithms]\ncrypto_backend = \"boringssl\"\n", "crypto_backend", "openssl-fips");
}

TEST(ConfigTest, UnknownTablesAndKeysRejected) {
  expect_err("[tokens]\nslot_count = 1\n", "tokens", "unknown table");
  expect_err("top_level = 1\n", "top_level", "unknown table");
  expect_err("[token]\nslot_cuont = 2\n", "slot_cuont", "unknown key");
  expect_err("[storage]\npbkdf2_iteration = 600000\n", "pbkdf2_iteration", "unknown key");
  expect_err("[logging]\nlevels = \"warn\"\n", "levels", "unknown key");
  expect_err("[algorithms]\nfips = true\n", "fips", "unknown key");
  expect_err("[token.extra]\nx = 1\n", "extra", "unknown key");
  const std::string msg = parse_err("[token]\nslot_count = 1\n\n[storage]\nbogus = 1\n");
  EXPECT_NE(msg.find("test.toml:5"), std::string::npos) << msg;
  EXPECT_NE(msg.find("[storage]"), std::string::npos) << msg;
}

TEST(ConfigTest, RepositoryExampleParsesToDefaults) {
  // The commented example at the repository root documents every key with
  // its default value: it must parse and equal the defaults.
  const fs::path example = fs::path(CRATON_TEST_VECTORS_DIR).parent_path().parent_path() / "craton_hsm.toml";
  std::ifstream in(example);
  ASSERT_TRUE(in) << example;
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  Config c = parse_ok(text);
  Config d;
  EXPECT_EQ(c.slot_count, d.slot_count);
  EXPECT_EQ(c.pin_min_length, d.pin_min_length);
  EXPECT_EQ(c.pin_max_length, d.pin_max_length);
  EXPECT_EQ(c.max_login_failures, d.max_login_failures);
  EXPECT_EQ(c.storage_backend, d.storage_backend);
  EXPECT_EQ(c.storage_path, d.storage_path);
  EXPECT_EQ(c.pbkdf2_iterations, d.pbkdf2_iterations);
  EXPECT_EQ(c.log_level, d.log_level);
  EXPECT_EQ(c.fips_approved_only, d.fips_approved_only);
  EXPECT_EQ(c.allow_non_approved_pqc, d.allow_non_approved_pqc);
  EXPECT_EQ(c.crypto_backend, d.crypto_backend);
  EXPECT_EQ(c.label_for_slot(0), d.label_for_slot(0));
  EXPECT_EQ(c.audit_enabled, d.audit_enabled);
  EXPECT_EQ(c.audit_log_path(), d.audit_log_path());
}

TEST(ConfigTest, AuditDefaultsFollowStoragePath) {
  Config c = parse_ok("");
  EXPECT_TRUE(c.audit_enabled);
  EXPECT_EQ(c.audit_path, "");
  EXPECT_EQ(c.audit_log_path(), "/var/lib/craton-hsm/audit.log");
  c = parse_ok("[storage]\npath = \"/tmp/store\"\n");
  EXPECT_EQ(c.audit_log_path(), "/tmp/store/audit.log");
  c = parse_ok("[storage]\npath = \"/tmp/store/\"\n");
  EXPECT_EQ(c.audit_log_path(), "/tmp/store/audit.log");
  c = parse_ok("[storage]\npath = \"relative\"\n");
  EXPECT_EQ(c.audit_log_path(), "relative/audit.log");
}

TEST(ConfigTest, AuditKeysParsed) {
  Config c = parse_ok("[audit]\nenabled = false\npath = \"/var/log/craton/audit.jsonl\"\n");
  EXPECT_FALSE(c.audit_enabled);
  EXPECT_EQ(c.audit_path, "/var/log/craton/audit.jsonl");
  EXPECT_EQ(c.audit_log_path(), "/var/log/craton/audit.jsonl");
  // An explicit path does not move with [storage] path.
  c = parse_ok("[storage]\npath = \"/elsewhere\"\n[audit]\npath = \"a.log\"\n");
  EXPECT_EQ(c.audit_log_path(), "a.log");
  EXPECT_TRUE(parse_ok("[audit]\nenabled = true\n").audit_enabled);
}

TEST(ConfigTest, AuditKeysValidated) {
  expect_err("[audit]\nenabled = \"yes\"\n", "enabled", "wrong type");
  expect_err("[audit]\nenabled = 1\n", "enabled", "wrong type");
  expect_err("[audit]\npath = 7\n", "path", "wrong type");
  expect_err("[audit]\npath = \"\"\n", "path", "must not be empty");
  expect_err("[audit]\npath = \"/var/log/\"\n", "path", "not a directory");
  expect_err("[audit]\npath = \"a\\u0000b\"\n", "path", "NUL");
  expect_err("[audit]\nfile = \"x\"\n", "file", "unknown key");
  expect_err("audit = true\n", "audit", "must be a table");
  const std::string msg = parse_err("[token]\nslot_count = 1\n[audit]\nenabled = true\nbogus = 2\n");
  EXPECT_NE(msg.find("test.toml:5"), std::string::npos) << msg;
  EXPECT_NE(msg.find("[audit]"), std::string::npos) << msg;
}

// Runs each test in a private temporary working directory and restores the
// environment and working directory afterwards.
class ConfigFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    old_cwd_ = fs::current_path();
    char tmpl[] = "/tmp/craton_config_test_XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    fs::current_path(dir_);
    if (const char* v = std::getenv("CRATON_HSM_CONF")) {
      saved_env_ = v;
      had_env_ = true;
    }
    unsetenv("CRATON_HSM_CONF");
  }
  void TearDown() override {
    fs::current_path(old_cwd_);
    fs::remove_all(dir_);
    if (had_env_) setenv("CRATON_HSM_CONF", saved_env_.c_str(), 1);
    else unsetenv("CRATON_HSM_CONF");
  }
  void write(const fs::path& p, const std::string& text) {
    std::ofstream out(p);
    out << text;
  }
  fs::path old_cwd_, dir_;
  std::string saved_env_;
  bool had_env_ = false;
};

TEST_F(ConfigFileTest, WorkingDirectoryFile) {
  if (fs::exists("/etc/craton-hsm/craton_hsm.toml")) GTEST_SKIP() << "system config present";
  EXPECT_EQ(find_config_file(), "");
  std::string msg;
  auto none = load_config(&msg);
  ASSERT_TRUE(none.is_ok()) << msg;
  EXPECT_EQ(none->source_path, "");
  EXPECT_EQ(none->slot_count, 1u);

  write(dir_ / "craton_hsm.toml", "[token]\nslot_count = 2\n");
  EXPECT_EQ(find_config_file(), "craton_hsm.toml");
  auto r = load_config(&msg);
  ASSERT_TRUE(r.is_ok()) << msg;
  EXPECT_EQ(r->slot_count, 2u);
  EXPECT_EQ(r->source_path, "craton_hsm.toml");
}

TEST_F(ConfigFileTest, EnvironmentVariableTakesPrecedence) {
  write(dir_ / "craton_hsm.toml", "[token]\nslot_count = 2\n");
  const fs::path env_file = dir_ / "from_env.toml";
  write(env_file, "[token]\nslot_count = 5\n");
  ASSERT_EQ(setenv("CRATON_HSM_CONF", env_file.c_str(), 1), 0);
  EXPECT_EQ(find_config_file(), env_file.string());
  std::string msg;
  auto r = load_config(&msg);
  ASSERT_TRUE(r.is_ok()) << msg;
  EXPECT_EQ(r->slot_count, 5u);
  EXPECT_EQ(r->source_path, env_file.string());
}

TEST_F(ConfigFileTest, EmptyEnvironmentVariableIsIgnored) {
  write(dir_ / "craton_hsm.toml", "[token]\nslot_count = 2\n");
  ASSERT_EQ(setenv("CRATON_HSM_CONF", "", 1), 0);
  std::string msg;
  auto r = load_config(&msg);
  ASSERT_TRUE(r.is_ok()) << msg;
  EXPECT_EQ(r->slot_count, 2u);
}

TEST_F(ConfigFileTest, MissingEnvironmentFileIsAnError) {
  write(dir_ / "craton_hsm.toml", "[token]\nslot_count = 2\n");  // must NOT be used as a fallback
  const std::string missing = (dir_ / "does_not_exist.toml").string();
  ASSERT_EQ(setenv("CRATON_HSM_CONF", missing.c_str(), 1), 0);
  EXPECT_EQ(find_config_file(), "");
  std::string msg;
  auto r = load_config(&msg);
  ASSERT_FALSE(r.is_ok());
  EXPECT_EQ(r.rv(), CKR_GENERAL_ERROR);
  EXPECT_NE(msg.find(missing), std::string::npos) << msg;
  EXPECT_NE(msg.find("CRATON_HSM_CONF"), std::string::npos) << msg;
}

TEST_F(ConfigFileTest, InvalidFileReportsPath) {
  const fs::path bad = dir_ / "bad.toml";
  write(bad, "[token]\nslot_count = 0\n");
  ASSERT_EQ(setenv("CRATON_HSM_CONF", bad.c_str(), 1), 0);
  std::string msg;
  auto r = load_config(&msg);
  ASSERT_FALSE(r.is_ok());
  EXPECT_NE(msg.find(bad.string() + ":2"), std::string::npos) << msg;
  EXPECT_NE(msg.find("slot_count"), std::string::npos) << msg;
}

TEST_F(ConfigFileTest, DirectoryIsNotAConfigFile) {
  const fs::path d = dir_ / "conf.d";
  fs::create_directory(d);
  ASSERT_EQ(setenv("CRATON_HSM_CONF", d.c_str(), 1), 0);
  std::string msg;
  auto r = load_config(&msg);
  ASSERT_FALSE(r.is_ok());
  EXPECT_NE(msg.find("not a regular file"), std::string::npos) << msg;
}

}  // namespace
}  // namespace craton::config

TEST(ConfigCrossRules, ApprovedModeKeepsTheAuditLog) {
  std::string message;
  auto r = craton::config::parse_config("[algorithms]\nfips_approved_only = true\n[audit]\nenabled = false\n",
                                        "t.toml", &message);
  EXPECT_EQ(r.rv(), CKR_GENERAL_ERROR);
  EXPECT_NE(message.find("fips_approved_only"), std::string::npos);
  EXPECT_TRUE(craton::config::parse_config("[audit]\nenabled = false\n", "t.toml", &message).is_ok());
}

TEST(ConfigPqc, AllowNonApprovedPqcParsed) {
  std::string message;
  auto d = craton::config::parse_config("", "t.toml", &message);
  ASSERT_TRUE(d.is_ok()) << message;
  EXPECT_FALSE(d->allow_non_approved_pqc);
  auto on = craton::config::parse_config("[algorithms]\nfips_approved_only = true\nallow_non_approved_pqc = true\n",
                                         "t.toml", &message);
  ASSERT_TRUE(on.is_ok()) << message;
  EXPECT_TRUE(on->allow_non_approved_pqc);
  EXPECT_TRUE(on->fips_approved_only);
  auto off = craton::config::parse_config("[algorithms]\nallow_non_approved_pqc = false\n", "t.toml", &message);
  ASSERT_TRUE(off.is_ok()) << message;
  EXPECT_FALSE(off->allow_non_approved_pqc);
  // Wrong types are refused with the key named.
  for (const char* bad : {"[algorithms]\nallow_non_approved_pqc = 1\n", "[algorithms]\nallow_non_approved_pqc = \"yes\"\n",
                          "[token]\nallow_non_approved_pqc = true\n"}) {
    message.clear();
    EXPECT_FALSE(craton::config::parse_config(bad, "t.toml", &message).is_ok()) << bad;
    EXPECT_NE(message.find("allow_non_approved_pqc"), std::string::npos) << message;
  }
}
