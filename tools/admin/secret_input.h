// PIN input for the admin CLI: from a file, an environment variable or the
// terminal (without echo). PINs live only in wiped buffers, never std::string.
#pragma once

#include <string>
#include <vector>

#include "craton/pkcs11/pkcs11.h"

namespace craton::admin {

class Secret {
 public:
  Secret() = default;
  explicit Secret(const char* text, std::size_t size);
  ~Secret();
  Secret(Secret&& other) noexcept;
  Secret& operator=(Secret&& other) noexcept;
  Secret(const Secret&) = delete;
  Secret& operator=(const Secret&) = delete;

  CK_UTF8CHAR_PTR data() { return reinterpret_cast<CK_UTF8CHAR_PTR>(bytes_.data()); }
  CK_ULONG size() const { return static_cast<CK_ULONG>(bytes_.size()); }
  bool operator==(const Secret& other) const { return bytes_ == other.bytes_; }

 private:
  void wipe();
  std::vector<char> bytes_;
};

struct SecretSource {
  std::string file;     // read the first line of this file, if set
  const char* env;      // else this environment variable, if set and non-empty
  const char* prompt;   // else ask on the terminal
  bool confirm;         // ask twice when prompting (new PINs)
};

// Throws std::runtime_error when no source is usable or the PIN is empty.
Secret read_secret(const SecretSource& source);

}  // namespace craton::admin
