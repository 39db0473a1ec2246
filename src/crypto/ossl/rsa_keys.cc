// RSA keys: building from components, generation, export and PKCS#8.
#include <openssl/core_names.h>
#include <openssl/decoder.h>
#include <openssl/encoder.h>

#include <array>

#include "core/self_test_failure.h"
#include "core/test_hooks.h"
#include "crypto/ossl/internal/handles.h"
#include "crypto/ossl/internal/keymgmt_names.h"
#include "crypto/ossl/internal/pkey_build.h"
#include "crypto/rsa.h"

namespace craton::crypto {
namespace {

using ossl::drain;

PkeyRef share(ossl::EvpPkeyPtr p) { return std::make_shared<const Pkey>(p.release()); }

bool all_crt_present(const RsaComponents& c) {
  return !c.p.empty() && !c.q.empty() && !c.dp.empty() && !c.dq.empty() && !c.qinv.empty();
}

Bytes to_bytes(const SecureBytes& s) { return Bytes(s.begin(), s.end()); }

ossl::BignumPtr bn_param(const EVP_PKEY* pk, const char* name) {
  BIGNUM* raw = nullptr;
  if (EVP_PKEY_get_bn_param(pk, name, &raw) != 1) ERR_clear_error();
  return ossl::BignumPtr(raw);
}

// For a key in CRT form, the members must agree with each other and with d:
// n = p*q, dp = d mod (p-1), dq = d mod (q-1), qinv*q = 1 mod p. OpenSSL
// signs with the CRT members only (falling back to d when a result fails
// its check), so a wrong member would otherwise go unnoticed until export.
bool crt_consistent(const EVP_PKEY* pk) {
  const char* const names[] = {OSSL_PKEY_PARAM_RSA_FACTOR1, OSSL_PKEY_PARAM_RSA_FACTOR2,
                               OSSL_PKEY_PARAM_RSA_EXPONENT1, OSSL_PKEY_PARAM_RSA_EXPONENT2,
                               OSSL_PKEY_PARAM_RSA_COEFFICIENT1};
  ossl::BignumPtr v[5];
  int present = 0;
  for (int i = 0; i < 5; ++i) {
    v[i] = bn_param(pk, names[i]);
    if (v[i] != nullptr) ++present;
  }
  if (present == 0) return true;  // n, e, d form: the round trip covers it
  if (present != 5) return false;
  ossl::BignumPtr n = bn_param(pk, OSSL_PKEY_PARAM_RSA_N), d = bn_param(pk, OSSL_PKEY_PARAM_RSA_D);
  std::unique_ptr<BN_CTX, ossl::Deleter<BN_CTX_free>> bctx(BN_CTX_secure_new_ex(ossl::libctx()));
  ossl::BignumPtr t(BN_secure_new()), pm1(BN_secure_new()), qm1(BN_secure_new());
  const BIGNUM *p = v[0].get(), *q = v[1].get(), *dp = v[2].get(), *dq = v[3].get(), *qinv = v[4].get();
  BN_CTX* c = bctx.get();
  if (d) BN_set_flags(d.get(), BN_FLG_CONSTTIME);  // d is secret: constant-time reduction
  const bool ok = n && d && c && t && pm1 && qm1 && BN_copy(pm1.get(), p) && BN_sub_word(pm1.get(), 1) &&
                  BN_copy(qm1.get(), q) && BN_sub_word(qm1.get(), 1) &&
                  BN_mul(t.get(), p, q, c) && BN_cmp(t.get(), n.get()) == 0 &&
                  BN_nnmod(t.get(), d.get(), pm1.get(), c) && BN_cmp(t.get(), dp) == 0 &&
                  BN_nnmod(t.get(), d.get(), qm1.get(), c) && BN_cmp(t.get(), dq) == 0 &&
                  BN_mod_mul(t.get(), qinv, q, p, c) && BN_is_one(t.get());
  ERR_clear_error();
  return ok;
}

}  // namespace

Result<PkeyRef> rsa_public_key(ByteView n, ByteView e) {
  if (n.empty() || e.empty()) return err(CKR_TEMPLATE_INCOMPLETE);
  ossl::ParamBuilder b;
  b.bn(OSSL_PKEY_PARAM_RSA_N, n, false).bn(OSSL_PKEY_PARAM_RSA_E, e, false);
  TRY_ASSIGN(ossl::ParamsPtr params, b.build());
  TRY_ASSIGN(ossl::EvpPkeyPtr pkey,
             ossl::pkey_from_params("RSA", EVP_PKEY_PUBLIC_KEY, params.get(), CKR_ATTRIBUTE_VALUE_INVALID));
  return share(std::move(pkey));
}

Result<PkeyRef> rsa_private_key(const RsaComponents& c) {
  if (c.n.empty() || c.e.empty() || c.d.empty()) return err(CKR_TEMPLATE_INCOMPLETE);
  ossl::ParamBuilder b;
  b.bn(OSSL_PKEY_PARAM_RSA_N, c.n, false).bn(OSSL_PKEY_PARAM_RSA_E, c.e, false).bn(OSSL_PKEY_PARAM_RSA_D, c.d, true);
  if (all_crt_present(c)) {
    b.bn(OSSL_PKEY_PARAM_RSA_FACTOR1, c.p, true)
        .bn(OSSL_PKEY_PARAM_RSA_FACTOR2, c.q, true)
        .bn(OSSL_PKEY_PARAM_RSA_EXPONENT1, c.dp, true)
        .bn(OSSL_PKEY_PARAM_RSA_EXPONENT2, c.dq, true)
        .bn(OSSL_PKEY_PARAM_RSA_COEFFICIENT1, c.qinv, true);
  }
  TRY_ASSIGN(ossl::ParamsPtr params, b.build());
  TRY_ASSIGN(ossl::EvpPkeyPtr pkey,
             ossl::pkey_from_params("RSA", EVP_PKEY_KEYPAIR, params.get(), CKR_ATTRIBUTE_VALUE_INVALID));
  return share(std::move(pkey));
}

std::size_t rsa_bits(const Pkey& key) {
  const int bits = EVP_PKEY_get_bits(key.get());
  return bits > 0 ? static_cast<std::size_t>(bits) : 0;
}

Status rsa_pairwise_check(const Pkey& key) {
  const std::size_t k = rsa_bytes(key);
  if (k < 2 || !crt_consistent(key.get())) return err(CKR_FUNCTION_FAILED);
  // A fixed value below n (its top byte is zero), with every byte non-zero
  // below that, so a wrong exponent cannot map it onto itself by accident.
  SecureBytes m(k), c(k), back(k);
  for (std::size_t i = 1; i < k; ++i) m[i] = static_cast<std::uint8_t>((i * 0x3b + 0x5a) | 0x01);
  const RsaParams raw{RsaPad::kNone, std::nullopt, HashAlg::kSha1, 0, {}};
  auto enc = rsa_encrypt(key, raw, m.view(), c);
  if (!enc.is_ok()) return err(CKR_FUNCTION_FAILED);
  test_hooks::corrupt_pairwise(c);
  auto dec = rsa_decrypt(key, raw, c.view(), back);
  if (!dec.is_ok() || *dec != k || !constant_time_equal(m, back)) return err(CKR_FUNCTION_FAILED);
  return Status::ok();
}

Result<RsaKeyMaterial> rsa_export_private(const Pkey& key) {
  const EVP_PKEY* pk = key.get();
  auto n = ossl::get_bn_param(pk, OSSL_PKEY_PARAM_RSA_N);
  auto e = ossl::get_bn_param(pk, OSSL_PKEY_PARAM_RSA_E);
  auto d = ossl::get_bn_param(pk, OSSL_PKEY_PARAM_RSA_D);
  if (!n || !e || !d) return err(CKR_KEY_UNEXTRACTABLE);
  RsaKeyMaterial m;
  m.n = to_bytes(*n);
  m.e = to_bytes(*e);
  m.d = std::move(*d);
  const std::array<std::pair<const char*, SecureBytes*>, 5> crt = {{
      {OSSL_PKEY_PARAM_RSA_FACTOR1, &m.p},
      {OSSL_PKEY_PARAM_RSA_FACTOR2, &m.q},
      {OSSL_PKEY_PARAM_RSA_EXPONENT1, &m.dp},
      {OSSL_PKEY_PARAM_RSA_EXPONENT2, &m.dq},
      {OSSL_PKEY_PARAM_RSA_COEFFICIENT1, &m.qinv},
  }};
  bool complete = true;
  for (const auto& [name, dst] : crt) {
    auto v = ossl::get_bn_param(pk, name);
    if (!v) complete = false;
    else *dst = std::move(*v);
  }
  if (!complete)  // all or nothing: a partial CRT set is of no use to anyone
    for (const auto& [name, dst] : crt) dst->clear();
  return m;
}

Result<RsaKeyMaterial> rsa_generate(std::size_t bits, ByteView public_exponent) {
  ossl::EvpPkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(ossl::libctx(), ossl::keymgmt_name("RSA"), nullptr));
  if (ctx == nullptr || EVP_PKEY_keygen_init(ctx.get()) != 1) return drain(CKR_FUNCTION_FAILED);
  ossl::ParamBuilder b;
  b.size(OSSL_PKEY_PARAM_RSA_BITS, bits).bn(OSSL_PKEY_PARAM_RSA_E, public_exponent, false);
  TRY_ASSIGN(ossl::ParamsPtr params, b.build());
  if (EVP_PKEY_CTX_set_params(ctx.get(), params.get()) != 1) return drain(CKR_ATTRIBUTE_VALUE_INVALID);
  EVP_PKEY* raw = nullptr;
  if (EVP_PKEY_generate(ctx.get(), &raw) != 1 || raw == nullptr) return drain(CKR_FUNCTION_FAILED);
  const Pkey key(raw);
  if (!rsa_pairwise_check(key).is_ok()) {
    craton::report_self_test_failure("RSA pairwise");  // the module enters its error state
    return err(CKR_FUNCTION_FAILED);
  }
  return rsa_export_private(key);
}

Result<SecureBytes> rsa_encode_pkcs8(const Pkey& key) {
  using EncoderCtxPtr = std::unique_ptr<OSSL_ENCODER_CTX, ossl::Deleter<OSSL_ENCODER_CTX_free>>;
  // RSAPrivateKey has no optional CRT fields: a key without them cannot be
  // written as valid DER.
  if (!ossl::get_bn_param(key.get(), OSSL_PKEY_PARAM_RSA_FACTOR1)) return err(CKR_KEY_UNEXTRACTABLE);
  EncoderCtxPtr ectx(
      OSSL_ENCODER_CTX_new_for_pkey(key.get(), EVP_PKEY_KEYPAIR, "DER", "PrivateKeyInfo", nullptr));
  if (ectx == nullptr || OSSL_ENCODER_CTX_get_num_encoders(ectx.get()) == 0) return drain(CKR_FUNCTION_FAILED);
  unsigned char* data = nullptr;
  std::size_t len = 0;
  if (OSSL_ENCODER_to_data(ectx.get(), &data, &len) != 1 || data == nullptr) return drain(CKR_FUNCTION_FAILED);
  SecureBytes out(ByteView(data, len));
  OPENSSL_clear_free(data, len);
  return out;
}

Result<PkeyRef> rsa_decode_pkcs8(ByteView der) {
  using DecoderCtxPtr = std::unique_ptr<OSSL_DECODER_CTX, ossl::Deleter<OSSL_DECODER_CTX_free>>;
  EVP_PKEY* raw = nullptr;
  DecoderCtxPtr dctx(OSSL_DECODER_CTX_new_for_pkey(&raw, "DER", "PrivateKeyInfo", "RSA", EVP_PKEY_KEYPAIR,
                                                   ossl::libctx(), nullptr));
  if (dctx == nullptr || OSSL_DECODER_CTX_get_num_decoders(dctx.get()) == 0) return drain(CKR_FUNCTION_FAILED);
  const unsigned char* p = der.data();
  std::size_t left = der.size();
  const int ok = OSSL_DECODER_from_data(dctx.get(), &p, &left);
  ossl::EvpPkeyPtr pkey(raw);
  if (ok != 1 || pkey == nullptr || left != 0 || !EVP_PKEY_is_a(pkey.get(), "RSA"))
    return drain(CKR_WRAPPED_KEY_INVALID);
  if (!ossl::get_bn_param(pkey.get(), OSSL_PKEY_PARAM_RSA_D)) return drain(CKR_WRAPPED_KEY_INVALID);
  return share(std::move(pkey));
}

}  // namespace craton::crypto
