// A ModuleTest whose token lives in a fresh SQLite store directory of its
// own, removed again after the test (persistence, multi-process and
// damaged-store tests).
#pragma once

#include <unistd.h>

#include <cstdlib>
#include <string>

#include "harness.h"

namespace craton::test {

class SqliteModuleTest : public ModuleTest {
 protected:
  // Makes /tmp/<prefix>_<pid>_<test name> afresh, points the module's
  // configuration at it (one slot; `token_extra` adds lines to [token]) and
  // calls C_Initialize.
  void start_sqlite(const std::string& prefix, const std::string& token_extra = "",
                    const std::string& log_level = "error") {
    dir_ = "/tmp/" + prefix + "_" + std::to_string(getpid()) + "_" +
           ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::system(("rm -rf " + dir_).c_str());
    use_config("[token]\nslot_count = 1\n" + token_extra + "[storage]\nbackend = \"sqlite\"\npath = \"" + dir_ +
               "\"\npbkdf2_iterations = 100000\n[logging]\nlevel = \"" + log_level + "\"\n");
    ASSERT_OK(f()->C_Initialize(nullptr));
    initialized_ = true;
  }
  void TearDown() override {
    ModuleTest::TearDown();
    std::system(("rm -rf " + dir_).c_str());
  }

  std::string dir_;
};

}  // namespace craton::test
