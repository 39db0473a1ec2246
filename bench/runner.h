// A prepared operation: everything set up (keys, buffers, contexts that an
// application would keep), so that run_once() does exactly one iteration.
#pragma once

#include "craton/pkcs11/pkcs11.h"

namespace bench {

class Runner {
 public:
  virtual ~Runner() = default;
  // One iteration, as an application does it (e.g. C_SignInit + C_Sign, or
  // a fresh EVP context for the libcrypto floor). CKR_OK on success.
  virtual CK_RV run_once() = 0;
  // Untimed clean-up after a timed batch (destroy the objects it created).
  virtual void after_batch() {}
};

}  // namespace bench
