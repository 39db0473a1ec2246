// OpenSSL's own randomness inside our library context (RSA/EC key
// generation, ECDSA nonces, PSS salts) must come from an HMAC_DRBG with
// SHA-256, like everything the module draws itself.
#include <gtest/gtest.h>

#include "crypto/crypto.h"
#include "crypto/ec.h"

namespace craton::crypto {
namespace {

// Unit tests otherwise run on OpenSSL's default context (no init()), so
// this test puts that state back when it ends.
TEST(InternalDrbg, LibraryContextUsesHmacDrbgSha256) {
  ASSERT_TRUE(init(BackendOptions{}, nullptr).is_ok());
  // A key generation draws from the chain, so it certainly exists now.
  const bool generated = ec_generate(EcCurve::kP256).is_ok();
  const InternalDrbgInfo info = internal_drbg_info();
  shutdown();
  EXPECT_TRUE(generated);
  EXPECT_EQ(info.mechanism, "HMAC-DRBG");
  EXPECT_EQ(info.digest, "SHA2-256");  // OpenSSL reports the canonical name
  EXPECT_TRUE(internal_drbg_info().mechanism.empty());  // no context, nothing to report
}

}  // namespace
}  // namespace craton::crypto
