// X25519 without the all-zero rejection, over OpenSSL's X25519 key exchange.
#include "crypto/x25519.h"

#include <openssl/proverr.h>

#include <algorithm>

#include "crypto/ossl/internal/handles.h"

namespace craton::crypto {

using namespace ossl;

Status x25519(const OkpKey& private_key, ByteView u, MutableByteView out) {
  if (private_key.curve != OkpCurve::kX25519 || private_key.private_key.empty() || !private_key.pkey)
    return err(CKR_KEY_TYPE_INCONSISTENT);
  if (u.size() != kX25519Bytes || out.size() != kX25519Bytes) return err(CKR_ARGUMENTS_BAD);
  EvpPkeyPtr peer(EVP_PKEY_new_raw_public_key_ex(libctx(), "X25519", nullptr, u.data(), u.size()));
  if (!peer) return drain(CKR_FUNCTION_FAILED);
  EvpPkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_pkey(libctx(), private_key.pkey->get(), nullptr));
  if (!ctx) return drain(CKR_HOST_MEMORY);
  if (EVP_PKEY_derive_init(ctx.get()) != 1 || EVP_PKEY_derive_set_peer_ex(ctx.get(), peer.get(), 0) != 1)
    return drain(CKR_FUNCTION_FAILED);
  std::size_t len = out.size();
  if (EVP_PKEY_derive(ctx.get(), out.data(), &len) == 1 && len == out.size()) return Status::ok();
  // OpenSSL's provider refuses exactly one result, the all-zero string of a
  // low-order u (RFC 7748 section 6.1 makes that check the caller's choice),
  // and reports it as PROV_R_FAILED_DURING_DERIVATION. Whether u has low
  // order is public (it does not depend on the clamped scalar), so taking
  // this path leaks nothing secret.
  const unsigned long e = ERR_peek_last_error();
  const bool all_zero = ERR_GET_LIB(e) == ERR_LIB_PROV && ERR_GET_REASON(e) == PROV_R_FAILED_DURING_DERIVATION;
  ERR_clear_error();
  if (!all_zero) return err(CKR_FUNCTION_FAILED);
  std::fill(out.begin(), out.end(), std::uint8_t{0});
  return Status::ok();
}

}  // namespace craton::crypto
