// algorithms.crypto_backend: "openssl-fips" needs OpenSSL's FIPS provider.
// Debian 12 does not ship it, so here C_Initialize must refuse cleanly,
// name the reason on stderr, and leave the module usable with the default
// backend afterwards.
#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "harness.h"

namespace craton::test {
namespace {

// Runs `fn` with stderr redirected to a file and returns what it wrote.
template <class Fn>
std::string capture_stderr(Fn fn) {
  const std::string path = "/tmp/craton_abi_stderr_" + std::to_string(getpid());
  fflush(stderr);
  const int saved = dup(2);
  const int fd = open(path.c_str(), O_CREAT | O_TRUNC | O_WRONLY, 0600);
  dup2(fd, 2);
  close(fd);
  fn();
  fflush(stderr);
  dup2(saved, 2);
  close(saved);
  std::ifstream in(path);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::remove(path.c_str());
  return text;
}

bool fips_provider_installed() {
  for (const char* dir : {"/usr/lib/x86_64-linux-gnu/ossl-modules", "/usr/lib/aarch64-linux-gnu/ossl-modules",
                          "/usr/local/lib/ossl-modules"})
    if (std::filesystem::exists(std::string(dir) + "/fips.so")) return true;
  return std::getenv("OPENSSL_MODULES") != nullptr;  // a custom location: can't tell
}

TEST(CryptoBackend, FipsBackendWithoutProviderFailsInitializeClearly) {
  if (fips_provider_installed()) GTEST_SKIP() << "an OpenSSL FIPS provider may be installed here";
  use_config(default_test_config() + "[algorithms]\ncrypto_backend = \"openssl-fips\"\n");
  CK_RV rv = CKR_OK;
  const std::string err = capture_stderr([&] { rv = module().fns->C_Initialize(nullptr); });
  EXPECT_RV(CKR_GENERAL_ERROR, rv);
  EXPECT_NE(err.find("FIPS provider"), std::string::npos) << "stderr was: " << err;
  // Nothing was left initialised ...
  CK_INFO info{};
  EXPECT_RV(CKR_CRYPTOKI_NOT_INITIALIZED, module().fns->C_GetInfo(&info));
  // ... and the default backend still starts.
  use_config(default_test_config());
  ASSERT_OK(module().fns->C_Initialize(nullptr));
  CK_ULONG count = 0;
  EXPECT_OK(module().fns->C_GetSlotList(CK_FALSE, nullptr, &count));
  EXPECT_OK(module().fns->C_Finalize(nullptr));
}

TEST(CryptoBackend, UnknownBackendIsAConfigError) {
  use_config(default_test_config() + "[algorithms]\ncrypto_backend = \"boringssl\"\n");
  CK_RV rv = CKR_OK;
  const std::string err = capture_stderr([&] { rv = module().fns->C_Initialize(nullptr); });
  EXPECT_RV(CKR_GENERAL_ERROR, rv);
  EXPECT_NE(err.find("crypto_backend"), std::string::npos) << "stderr was: " << err;
  CK_INFO info{};
  EXPECT_RV(CKR_CRYPTOKI_NOT_INITIALIZED, module().fns->C_GetInfo(&info));
}

}  // namespace
}  // namespace craton::test
