// EdDSA (RFC 8032). Pure Ed25519 and Ed448 without a context go through
// OpenSSL; Ed25519ctx, Ed25519ph, Ed448 with a context and Ed448ph (which
// OpenSSL 3.0 lacks) through the module's own group arithmetic.
#include <openssl/core_names.h>

#include <array>
#include <initializer_list>
#include <string_view>

#include "crypto/edwards.h"
#include "crypto/ossl/internal/edwards_group.h"
#include "crypto/ossl/internal/handles.h"

namespace craton::crypto {
namespace {
using namespace ossl;

constexpr std::size_t kMaxContext = 255;
constexpr std::size_t kMaxHash = 114;  // 2 * 57

edmath::Curve math_curve(OkpCurve c) { return c == OkpCurve::kEd25519 ? edmath::Curve::k25519 : edmath::Curve::k448; }
std::size_t enc_bytes(OkpCurve c) { return c == OkpCurve::kEd25519 ? 32 : 57; }

// H: SHA-512 for Ed25519, SHAKE256 with `out.size()` bytes for Ed448.
Status ed_hash(OkpCurve c, std::initializer_list<ByteView> parts, MutableByteView out) {
  const EVP_MD* md = fetched_md(c == OkpCurve::kEd25519 ? "SHA2-512" : "SHAKE256");
  if (md == nullptr) return drain(CKR_FUNCTION_FAILED);
  EvpMdCtxPtr ctx(EVP_MD_CTX_new());
  if (!ctx) return drain(CKR_HOST_MEMORY);
  if (EVP_DigestInit_ex2(ctx.get(), md, nullptr) != 1) return drain(CKR_FUNCTION_FAILED);
  for (ByteView p : parts)
    if (!p.empty() && EVP_DigestUpdate(ctx.get(), p.data(), p.size()) != 1) return drain(CKR_FUNCTION_FAILED);
  const int ok = c == OkpCurve::kEd25519 ? EVP_DigestFinal_ex(ctx.get(), out.data(), nullptr)
                                         : EVP_DigestFinalXOF(ctx.get(), out.data(), out.size());
  if (ok != 1) return drain(CKR_FUNCTION_FAILED);
  return Status::ok();
}

Status check_params(OkpCurve c, const EddsaParams& p) {
  if (!okp_is_edwards(c) || p.context.size() > kMaxContext) return err(CKR_ARGUMENTS_BAD);
  if (c == OkpCurve::kEd25519) {
    if (p.mode == EddsaMode::kPure && !p.context.empty()) return err(CKR_ARGUMENTS_BAD);
    if (p.mode == EddsaMode::kContext && p.context.empty()) return err(CKR_ARGUMENTS_BAD);  // RFC 8032 5.1
  }
  return Status::ok();
}

// The per-instance inputs: dom2/dom4 prefix and the (possibly prehashed)
// message. Ed25519 (pure) has no prefix; Ed448 always has dom4.
struct Prepared {
  std::array<std::uint8_t, 34 + kMaxContext> dom{};
  std::size_t dom_len = 0;
  std::array<std::uint8_t, 64> ph{};
  ByteView message;
};

Status prepare(OkpCurve c, const EddsaParams& p, ByteView message, Prepared& out) {
  const bool prehash = p.mode == EddsaMode::kPrehash;
  if (c == OkpCurve::kEd448 || p.mode != EddsaMode::kPure) {
    const std::string_view tag = c == OkpCurve::kEd25519 ? "SigEd25519 no Ed25519 collisions" : "SigEd448";
    std::size_t n = 0;
    for (char ch : tag) out.dom[n++] = static_cast<std::uint8_t>(ch);
    out.dom[n++] = prehash ? 1 : 0;
    out.dom[n++] = static_cast<std::uint8_t>(p.context.size());
    for (std::uint8_t b : p.context) out.dom[n++] = b;
    out.dom_len = n;
  }
  out.message = message;
  if (prehash) {  // PH = SHA-512 (Ed25519ph) or SHAKE256(M, 64) (Ed448ph)
    TRY_STATUS(ed_hash(c, {message}, out.ph));
    out.message = out.ph;
  }
  return Status::ok();
}

bool uses_openssl(OkpCurve c, const EddsaParams& p) {
  return p.mode != EddsaMode::kPrehash && p.context.empty() && (c == OkpCurve::kEd448 || p.mode == EddsaMode::kPure);
}

Status openssl_sign(const OkpKey& key, ByteView message, MutableByteView sig) {
  EvpMdCtxPtr ctx(EVP_MD_CTX_new());
  if (!ctx) return drain(CKR_HOST_MEMORY);
  std::size_t len = sig.size();
  if (EVP_DigestSignInit_ex(ctx.get(), nullptr, nullptr, libctx(), nullptr, key.pkey->get(), nullptr) != 1 ||
      EVP_DigestSign(ctx.get(), sig.data(), &len, message.data(), message.size()) != 1)
    return drain(CKR_FUNCTION_FAILED);
  return Status::ok();
}

Status openssl_verify(const OkpKey& key, ByteView message, ByteView sig) {
  EvpMdCtxPtr ctx(EVP_MD_CTX_new());
  if (!ctx) return drain(CKR_HOST_MEMORY);
  if (EVP_DigestVerifyInit_ex(ctx.get(), nullptr, nullptr, libctx(), nullptr, key.pkey->get(), nullptr) != 1)
    return drain(CKR_FUNCTION_FAILED);
  if (EVP_DigestVerify(ctx.get(), sig.data(), sig.size(), message.data(), message.size()) != 1)
    return drain(CKR_SIGNATURE_INVALID);
  return Status::ok();
}

void clamp(OkpCurve c, std::uint8_t* s) {
  if (c == OkpCurve::kEd25519) {
    s[0] &= 248;
    s[31] &= 127;
    s[31] |= 64;
  } else {
    s[0] &= 252;
    s[56] = 0;
    s[55] |= 128;
  }
}

}  // namespace

Status eddsa_sign_portable(const OkpKey& key, const EddsaParams& params, ByteView message, MutableByteView sig) {
  const OkpCurve c = key.curve;
  TRY_STATUS(check_params(c, params));
  const std::size_t n = enc_bytes(c);
  if (sig.size() < 2 * n) return buffer_too_small(2 * n);
  if (key.private_key.size() != n || key.public_key.size() != n) return err(CKR_KEY_TYPE_INCONSISTENT);
  Prepared prep;
  TRY_STATUS(prepare(c, params, message, prep));
  const ByteView dom(prep.dom.data(), prep.dom_len);
  const edmath::Curve mc = math_curve(c);

  // Secret expansion (RFC 8032 5.1.6 / 5.2.6): s = clamp(H(k)[0..n)), prefix = H(k)[n..2n).
  SecureBytes h(2 * n), r(n), wide(2 * n);
  TRY_STATUS(ed_hash(c, {key.private_key.view()}, h));
  clamp(c, h.data());
  const ByteView prefix(h.data() + n, n);
  TRY_STATUS(ed_hash(c, {dom, prefix, prep.message}, wide));
  edmath::scalar_reduce(mc, wide.data(), wide.size(), r.data());
  edmath::base_mul_encode(mc, r.data(), sig.data());  // R = [r]B
  std::array<std::uint8_t, kMaxHash> kh{};
  std::array<std::uint8_t, 57> k{};
  TRY_STATUS(ed_hash(c, {dom, ByteView(sig.data(), n), key.public_key, prep.message}, MutableByteView(kh.data(), 2 * n)));
  edmath::scalar_reduce(mc, kh.data(), 2 * n, k.data());
  edmath::scalar_muladd(mc, k.data(), h.data(), r.data(), sig.data() + n);  // S = (r + k s) mod L
  return Status::ok();
}

Status eddsa_verify_portable(const OkpKey& key, const EddsaParams& params, ByteView message, ByteView sig) {
  const OkpCurve c = key.curve;
  TRY_STATUS(check_params(c, params));
  const std::size_t n = enc_bytes(c);
  if (sig.size() != 2 * n) return err(CKR_SIGNATURE_LEN_RANGE);
  if (key.public_key.size() != n) return err(CKR_KEY_TYPE_INCONSISTENT);
  const edmath::Curve mc = math_curve(c);
  if (!edmath::scalar_is_canonical(mc, sig.data() + n)) return err(CKR_SIGNATURE_INVALID);  // S < L
  Prepared prep;
  TRY_STATUS(prepare(c, params, message, prep));
  std::array<std::uint8_t, kMaxHash> kh{};
  std::array<std::uint8_t, 57> k{};
  TRY_STATUS(ed_hash(c, {ByteView(prep.dom.data(), prep.dom_len), sig.first(n), key.public_key, prep.message},
                     MutableByteView(kh.data(), 2 * n)));
  edmath::scalar_reduce(mc, kh.data(), 2 * n, k.data());
  if (!edmath::check_equation(mc, sig.data() + n, k.data(), key.public_key.data(), sig.data()))
    return err(CKR_SIGNATURE_INVALID);
  return Status::ok();
}

Status eddsa_sign(const OkpKey& key, const EddsaParams& params, ByteView message, MutableByteView sig) {
  TRY_STATUS(check_params(key.curve, params));
  const std::size_t len = eddsa_signature_bytes(key.curve);
  if (sig.size() < len) return buffer_too_small(len);
  if (key.private_key.empty()) return err(CKR_KEY_TYPE_INCONSISTENT);
  if (uses_openssl(key.curve, params)) return openssl_sign(key, message, sig.first(len));
  return eddsa_sign_portable(key, params, message, sig);
}

Status eddsa_verify(const OkpKey& key, const EddsaParams& params, ByteView message, ByteView sig) {
  TRY_STATUS(check_params(key.curve, params));
  if (sig.size() != eddsa_signature_bytes(key.curve)) return err(CKR_SIGNATURE_LEN_RANGE);
  if (uses_openssl(key.curve, params)) return openssl_verify(key, message, sig);
  return eddsa_verify_portable(key, params, message, sig);
}

}  // namespace craton::crypto
