// rsa_private_exponent: d = e^-1 mod lcm(p - 1, q - 1) with BIGNUMs.
#include <openssl/bn.h>

#include "crypto/ossl/internal/handles.h"
#include "crypto/rsa_exponent.h"

namespace craton::crypto {

namespace {
ossl::BignumPtr bn(ByteView v) {
  return ossl::BignumPtr(BN_bin2bn(v.data(), static_cast<int>(v.size()), nullptr));
}
}  // namespace

Result<SecureBytes> rsa_private_exponent(ByteView e, ByteView p, ByteView q) {
  if (e.empty() || p.empty() || q.empty()) return err(CKR_TEMPLATE_INCOMPLETE);
  std::unique_ptr<BN_CTX, ossl::Deleter<BN_CTX_free>> ctx(BN_CTX_secure_new());
  auto be = bn(e), p1 = bn(p), q1 = bn(q);
  ossl::BignumPtr g(BN_secure_new()), lcm(BN_secure_new()), prod(BN_secure_new()), d(BN_secure_new());
  if (!ctx || !be || !p1 || !q1 || !g || !lcm || !prod || !d) return ossl::drain(CKR_HOST_MEMORY);
  // lcm(p-1, q-1) = (p-1)(q-1) / gcd(p-1, q-1)
  if (BN_sub_word(p1.get(), 1) != 1 || BN_sub_word(q1.get(), 1) != 1 ||
      BN_gcd(g.get(), p1.get(), q1.get(), ctx.get()) != 1 ||
      BN_mul(prod.get(), p1.get(), q1.get(), ctx.get()) != 1 ||
      BN_div(lcm.get(), nullptr, prod.get(), g.get(), ctx.get()) != 1)
    return ossl::drain(CKR_FUNCTION_FAILED);
  if (BN_mod_inverse(d.get(), be.get(), lcm.get(), ctx.get()) == nullptr)
    return ossl::drain(CKR_ATTRIBUTE_VALUE_INVALID);
  SecureBytes out(static_cast<std::size_t>(BN_num_bytes(d.get())));
  BN_bn2bin(d.get(), out.data());
  return out;
}

}  // namespace craton::crypto
