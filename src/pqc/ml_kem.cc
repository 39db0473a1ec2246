#include "pqc/ml_kem.h"

#include <cstring>

#include "pqc/keccak.h"
#include "pqc/ml_kem_pke.h"

namespace craton::pqc {
namespace {

using mlkem::PrivateState;
using mlkem::PublicState;

// Keeps the compiler from turning mask arithmetic back into a branch.
inline std::uint8_t value_barrier(std::uint8_t v) {
#if defined(__GNUC__) || defined(__clang__)
  __asm__("" : "+r"(v));
#endif
  return v;
}

// 0xFF if a == b else 0x00, reading every byte whatever the contents.
std::uint8_t equal_mask(const std::uint8_t* a, const std::uint8_t* b, std::size_t n) {
  std::uint8_t diff = 0;
  for (std::size_t i = 0; i < n; ++i) diff = static_cast<std::uint8_t>(diff | (a[i] ^ b[i]));
  diff = value_barrier(diff);
  // diff == 0 -> (0 - 1) >> 8 has all low bits set; 1..255 -> 0.
  return static_cast<std::uint8_t>((static_cast<std::uint32_t>(diff) - 1u) >> 8);
}

// Algorithm 17 on a loaded key: (K, r) = G(m || H(ek)), c = K-PKE.Encrypt(ek, m, r).
MlKemEncapsulation encaps_with(const PublicState& pub, ByteView m) {
  MlKemEncapsulation out;  // allocate first: nothing after this may throw
  out.ciphertext.resize(32 * static_cast<std::size_t>(pub.ps.du * pub.ps.k + pub.ps.dv));
  out.shared_secret.resize(kMlKemSharedSecretSize);
  std::uint8_t g_in[64], k_r[64];
  std::memcpy(g_in, m.data(), 32);
  std::memcpy(g_in + 32, pub.h, 32);
  sha3_512(g_in, k_r);
  mlkem::pke_encrypt(pub, m.data(), k_r + 32, out.ciphertext.data());
  std::memcpy(out.shared_secret.data(), k_r, kMlKemSharedSecretSize);
  secure_wipe(g_in, sizeof g_in);
  secure_wipe(k_r, sizeof k_r);
  return out;
}

// Algorithm 18 on a loaded key; c has the right length. Both candidate keys
// are always computed and the result chosen with a mask (implicit rejection).
SecureBytes decaps_with(const PrivateState& st, ByteView c) {
  struct Secrets {
    std::uint8_t m[32];
    std::uint8_t g_in[64];
    std::uint8_t k_r[64];        // (K', r') = G(m' || h)
    std::uint8_t k_bar[32];      // J(z || c)
    std::uint8_t c_prime[1568];  // largest ciphertext (ML-KEM-1024)
  } sec;
  SecureBytes key(kMlKemSharedSecretSize);  // allocate first: nothing below may throw
  mlkem::pke_decrypt(st.pub.ps, st.s_hat, c.data(), sec.m);
  std::memcpy(sec.g_in, sec.m, 32);
  std::memcpy(sec.g_in + 32, st.h, 32);
  sha3_512(sec.g_in, sec.k_r);
  Shake256 j;
  j.absorb({st.z, 32});
  j.absorb(c);
  j.squeeze(sec.k_bar);
  mlkem::pke_encrypt(st.pub, sec.m, sec.k_r + 32, sec.c_prime);
  const std::uint8_t keep = equal_mask(c.data(), sec.c_prime, c.size());
  for (std::size_t i = 0; i < key.size(); ++i)
    key[i] = static_cast<std::uint8_t>((sec.k_r[i] & keep) | (sec.k_bar[i] & static_cast<std::uint8_t>(~keep)));
  secure_wipe(&sec, sizeof sec);
  return key;
}

Status draw(const MlKemRandom& rng, MutableByteView out) {
  if (!rng) return err(CKR_ARGUMENTS_BAD);
  return rng(out);
}

}  // namespace

// ---- one-shot API -----------------------------------------------------------

Result<MlKemKeyPair> ml_kem_keygen_internal(MlKemParams params, ByteView d, ByteView z) {
  if (d.size() != 32 || z.size() != 32) return err(CKR_ARGUMENTS_BAD);
  const MlKemParamSet ps = ml_kem_param_set(params);
  const std::size_t k = static_cast<std::size_t>(ps.k);
  MlKemKeyPair kp;
  kp.ek.resize(ml_kem_ek_size(params));
  kp.dk.resize(ml_kem_dk_size(params));
  // dk = dk_pke || ek || H(ek) || z
  mlkem::pke_keygen(ps, d.data(), kp.ek.data(), kp.dk.data());
  std::memcpy(kp.dk.data() + 384 * k, kp.ek.data(), kp.ek.size());
  sha3_256(kp.ek, kp.dk.data() + 768 * k + 32);
  std::memcpy(kp.dk.data() + 768 * k + 64, z.data(), 32);
  return kp;
}

Result<MlKemKeyPair> ml_kem_keygen_from_seed(MlKemParams params, ByteView seed) {
  if (seed.size() != kMlKemSeedSize) return err(CKR_ARGUMENTS_BAD);
  return ml_kem_keygen_internal(params, seed.first(32), seed.subspan(32));
}

Result<MlKemKeyPair> ml_kem_keygen(MlKemParams params, const MlKemRandom& rng) {
  SecureBytes seed(kMlKemSeedSize);
  TRY_STATUS(draw(rng, seed));
  return ml_kem_keygen_from_seed(params, seed.view());
}

Result<MlKemEncapsulation> ml_kem_encaps_internal(MlKemParams params, ByteView ek, ByteView m) {
  if (ek.size() != ml_kem_ek_size(params) || m.size() != kMlKemMessageSize) return err(CKR_ARGUMENTS_BAD);
  PublicState pub;
  (void)mlkem::load_public(pub, ml_kem_param_set(params), ek);  // reduces mod q, as ByteDecode12 does
  return encaps_with(pub, m);
}

Result<MlKemEncapsulation> ml_kem_encaps(MlKemParams params, ByteView ek, ByteView m) {
  if (ek.size() != ml_kem_ek_size(params) || m.size() != kMlKemMessageSize) return err(CKR_ARGUMENTS_BAD);
  PublicState pub;
  if (!mlkem::load_public(pub, ml_kem_param_set(params), ek)) return err(CKR_ATTRIBUTE_VALUE_INVALID);
  return encaps_with(pub, m);
}

Result<MlKemEncapsulation> ml_kem_encaps(MlKemParams params, ByteView ek, const MlKemRandom& rng) {
  TRY_STATUS(ml_kem_check_encapsulation_key(params, ek));  // fail before consuming randomness
  SecureBytes m(kMlKemMessageSize);
  TRY_STATUS(draw(rng, m));
  return ml_kem_encaps(params, ek, m.view());
}

Result<SecureBytes> ml_kem_decaps(MlKemParams params, ByteView dk, ByteView c) {
  if (dk.size() != ml_kem_dk_size(params) || c.size() != ml_kem_ct_size(params)) return err(CKR_ARGUMENTS_BAD);
  PrivateState st;
  if (!mlkem::load_private(st, ml_kem_param_set(params), dk)) return err(CKR_ATTRIBUTE_VALUE_INVALID);
  return decaps_with(st, c);
}

Status ml_kem_check_encapsulation_key(MlKemParams params, ByteView ek) {
  if (ek.size() != ml_kem_ek_size(params)) return err(CKR_ARGUMENTS_BAD);
  // ByteEncode12(ByteDecode12(ek)) == ek exactly when every 12-bit value is < q.
  const std::size_t k = static_cast<std::size_t>(ml_kem_param_set(params).k);
  bool reduced = true;
  mlkem::Poly scratch;
  for (std::size_t i = 0; i < k; ++i) reduced &= mlkem::byte_decode12(ek.data() + 384 * i, scratch);
  return reduced ? Status::ok() : Status(err(CKR_ATTRIBUTE_VALUE_INVALID));
}

Status ml_kem_check_decapsulation_key(MlKemParams params, ByteView dk) {
  if (dk.size() != ml_kem_dk_size(params)) return err(CKR_ARGUMENTS_BAD);
  const std::size_t k = static_cast<std::size_t>(ml_kem_param_set(params).k);
  std::uint8_t h[32];
  sha3_256(dk.subspan(384 * k, 384 * k + 32), h);
  return constant_time_equal({h, 32}, dk.subspan(768 * k + 32, 32)) ? Status::ok()
                                                                    : Status(err(CKR_ATTRIBUTE_VALUE_INVALID));
}

// ---- parsed keys ------------------------------------------------------------

MlKemEncapsKey::MlKemEncapsKey(MlKemParams params, std::unique_ptr<PublicState> state)
    : params_(params), state_(std::move(state)) {}
MlKemEncapsKey::~MlKemEncapsKey() = default;

Result<std::shared_ptr<const MlKemEncapsKey>> MlKemEncapsKey::parse(MlKemParams params, ByteView ek) {
  if (ek.size() != ml_kem_ek_size(params)) return err(CKR_ARGUMENTS_BAD);
  auto st = std::make_unique<PublicState>();
  if (!mlkem::load_public(*st, ml_kem_param_set(params), ek)) return err(CKR_ATTRIBUTE_VALUE_INVALID);
  return std::shared_ptr<const MlKemEncapsKey>(new MlKemEncapsKey(params, std::move(st)));
}

ByteView MlKemEncapsKey::encoded() const { return state_->ek; }

Result<MlKemEncapsulation> MlKemEncapsKey::encaps(ByteView m) const {
  if (m.size() != kMlKemMessageSize) return err(CKR_ARGUMENTS_BAD);
  return encaps_with(*state_, m);
}

Result<MlKemEncapsulation> MlKemEncapsKey::encaps(const MlKemRandom& rng) const {
  SecureBytes m(kMlKemMessageSize);
  TRY_STATUS(draw(rng, m));
  return encaps_with(*state_, m.view());
}

MlKemDecapsKey::MlKemDecapsKey(MlKemParams params, std::unique_ptr<PrivateState> state)
    : params_(params), state_(std::move(state)) {}
MlKemDecapsKey::~MlKemDecapsKey() = default;  // PrivateState wipes itself

Result<std::shared_ptr<const MlKemDecapsKey>> MlKemDecapsKey::parse(MlKemParams params, ByteView dk) {
  if (dk.size() != ml_kem_dk_size(params)) return err(CKR_ARGUMENTS_BAD);
  auto st = std::make_unique<PrivateState>();
  if (!mlkem::load_private(*st, ml_kem_param_set(params), dk)) return err(CKR_ATTRIBUTE_VALUE_INVALID);
  return std::shared_ptr<const MlKemDecapsKey>(new MlKemDecapsKey(params, std::move(st)));
}

ByteView MlKemDecapsKey::encaps_key() const { return state_->pub.ek; }

Result<SecureBytes> MlKemDecapsKey::decaps(ByteView c) const {
  if (c.size() != ml_kem_ct_size(params_)) return err(CKR_ARGUMENTS_BAD);
  return decaps_with(*state_, c);
}

}  // namespace craton::pqc
