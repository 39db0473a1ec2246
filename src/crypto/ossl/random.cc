#include "crypto/random.h"

#include <openssl/rand.h>

#include <climits>

#include "crypto/ossl/internal/handles.h"

namespace craton::crypto {

Status random_bytes(MutableByteView out) {
  if (out.empty()) return Status::ok();
  if (out.size() > INT_MAX) return err(CKR_ARGUMENTS_BAD);
  if (RAND_priv_bytes_ex(ossl::libctx(), out.data(), out.size(), 0) != 1) return ossl::drain(CKR_FUNCTION_FAILED);
  return Status::ok();
}

}  // namespace craton::crypto
