// AES-CMAC (SP 800-38B) over OpenSSL's EVP_MAC, without OpenSSL types.
#pragma once

#include <array>
#include <cstdint>

#include "core/result.h"
#include "core/secure_memory.h"

struct evp_mac_ctx_st;

namespace craton::crypto {

inline constexpr std::size_t kCmacSize = 16;

// Move-only. clone() copies the keyed state, so a per-key template can be
// reused without deriving the subkeys (and fetching the cipher) again.
class Cmac {
 public:
  static Result<Cmac> create(ByteView key);  // 16, 24 or 32 bytes
  Cmac(Cmac&&) noexcept;
  Cmac& operator=(Cmac&&) noexcept;
  ~Cmac();

  Result<Cmac> clone() const;
  Status update(ByteView data);
  Status final(std::array<std::uint8_t, kCmacSize>& mac);

 private:
  explicit Cmac(evp_mac_ctx_st* ctx) : ctx_(ctx) {}
  evp_mac_ctx_st* ctx_;
};

}  // namespace craton::crypto
