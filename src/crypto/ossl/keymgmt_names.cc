#include "crypto/ossl/internal/keymgmt_names.h"

#include <array>
#include <string_view>
#include <utility>

namespace craton::crypto::ossl {

const char* keymgmt_name(const char* key_type) {
  // Facts: the OIDs registered as aliases of the default and FIPS
  // providers' key managers (RFC 8017, RFC 5480, RFC 8410).
  static constexpr std::array<std::pair<std::string_view, const char*>, 6> kAliases{{
      {"RSA", "1.2.840.113549.1.1.1"},
      {"EC", "1.2.840.10045.2.1"},
      {"X25519", "1.3.101.110"},
      {"X448", "1.3.101.111"},
      {"ED25519", "1.3.101.112"},
      {"ED448", "1.3.101.113"},
  }};
  for (const auto& [name, oid] : kAliases)
    if (name == key_type) return oid;
  return key_type;
}

}  // namespace craton::crypto::ossl
