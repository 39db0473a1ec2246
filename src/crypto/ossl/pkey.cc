#include "crypto/pkey.h"

#include <openssl/evp.h>

namespace craton::crypto {

Pkey::~Pkey() { EVP_PKEY_free(pkey_); }

}  // namespace craton::crypto
