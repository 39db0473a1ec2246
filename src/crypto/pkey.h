// Pkey: a parsed asymmetric key (an EVP_PKEY), immutable once built and
// shared by every operation on the same object snapshot. Families build it
// from attributes once (objects::DerivedCache) and never per operation.
#pragma once

#include <memory>

struct evp_pkey_st;

namespace craton::crypto {

class Pkey {
 public:
  explicit Pkey(evp_pkey_st* owned) noexcept : pkey_(owned) {}
  Pkey(const Pkey&) = delete;
  Pkey& operator=(const Pkey&) = delete;
  ~Pkey();
  evp_pkey_st* get() const noexcept { return pkey_; }

 private:
  evp_pkey_st* pkey_;
};

using PkeyRef = std::shared_ptr<const Pkey>;

}  // namespace craton::crypto
