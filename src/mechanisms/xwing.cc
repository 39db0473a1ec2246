// X-Wing (draft-connolly-cfrg-xwing-kem-10, sections 5.2-5.5): key
// expansion, derandomised encapsulation and decapsulation.
#include "mechanisms/xwing.h"

#include <algorithm>
#include <array>

#include "crypto/x25519.h"
#include "pqc/keccak.h"

namespace craton::mech::xwing {
namespace {

using pqc::MlKemParams;

constexpr std::size_t kMlKemPublicBytes = 1184;
constexpr std::size_t kMlKemCiphertextBytes = 1088;
static_assert(pqc::ml_kem_ek_size(MlKemParams::k768) == kMlKemPublicBytes);
static_assert(pqc::ml_kem_ct_size(MlKemParams::k768) == kMlKemCiphertextBytes);
static_assert(kMlKemPublicBytes + crypto::kX25519Bytes == kPublicKeyBytes);
static_assert(kMlKemCiphertextBytes + crypto::kX25519Bytes == kCiphertextBytes);

// XWingLabel = "\./" "/^\" (section 5.3), hex 5c2e2f2f5e5c.
constexpr std::array<std::uint8_t, 6> kLabel = {0x5c, 0x2e, 0x2f, 0x2f, 0x5e, 0x5c};

// Combiner(ss_M, ss_X, ct_X, pk_X) = SHA3-256(ss_M || ss_X || ct_X || pk_X || XWingLabel).
SecureBytes combine(ByteView ss_m, ByteView ss_x, ByteView ct_x, ByteView pk_x) {
  SecureBytes out(kSharedSecretBytes);
  pqc::Sha3_256 h;
  h.absorb(ss_m);
  h.absorb(ss_x);
  h.absorb(ct_x);
  h.absorb(pk_x);
  h.absorb(kLabel);
  h.squeeze(out);
  return out;
}

}  // namespace

Result<std::shared_ptr<const XWingEncapsKey>> XWingEncapsKey::parse(ByteView pk) {
  if (pk.size() != kPublicKeyBytes) return err(CKR_ATTRIBUTE_VALUE_INVALID);
  auto ml_kem = pqc::MlKemEncapsKey::parse(MlKemParams::k768, pk.first(kMlKemPublicBytes));
  if (!ml_kem) return err(CKR_ATTRIBUTE_VALUE_INVALID);
  std::shared_ptr<XWingEncapsKey> key(new XWingEncapsKey());
  key->encoded_.assign(pk.begin(), pk.end());
  key->ml_kem_ = std::move(ml_kem).value();
  return std::shared_ptr<const XWingEncapsKey>(std::move(key));
}

Result<XWingEncapsulation> XWingEncapsKey::encaps(ByteView eseed) const {
  if (eseed.size() != kEncapsSeedBytes) return err(CKR_ARGUMENTS_BAD);
  const ByteView pk_x = ByteView(encoded_).subspan(kMlKemPublicBytes);
  // ct_X = X25519(ek_X, 9) is the ephemeral key's public key.
  auto ephemeral = crypto::okp_private_key(crypto::OkpCurve::kX25519, eseed.subspan(32));
  if (!ephemeral) return err(CKR_FUNCTION_FAILED);
  SecureBytes ss_x(crypto::kX25519Bytes);
  TRY_STATUS(crypto::x25519(**ephemeral, pk_x, ss_x));
  TRY_ASSIGN(pqc::MlKemEncapsulation ml, ml_kem_->encaps(eseed.first(32)));
  const ByteView ct_x = (*ephemeral)->public_key;
  XWingEncapsulation out;
  out.shared_secret = combine(ml.shared_secret.view(), ss_x.view(), ct_x, pk_x);
  out.ciphertext = std::move(ml.ciphertext);
  out.ciphertext.insert(out.ciphertext.end(), ct_x.begin(), ct_x.end());
  return out;
}

Result<std::shared_ptr<const XWingDecapsKey>> XWingDecapsKey::expand(ByteView seed) {
  if (seed.size() != kSeedBytes) return err(CKR_ATTRIBUTE_VALUE_INVALID);
  SecureBytes expanded(96);  // d || z || sk_X
  pqc::shake256(seed, expanded);
  const ByteView e = expanded.view();
  TRY_ASSIGN(pqc::MlKemKeyPair kp, pqc::ml_kem_keygen_internal(MlKemParams::k768, e.first(32), e.subspan(32, 32)));
  TRY_ASSIGN(auto ml_kem, pqc::MlKemDecapsKey::parse(MlKemParams::k768, kp.dk.view()));
  TRY_ASSIGN(crypto::OkpKeyRef x, crypto::okp_private_key(crypto::OkpCurve::kX25519, e.subspan(64)));
  std::shared_ptr<XWingDecapsKey> key(new XWingDecapsKey());
  key->public_key_ = std::move(kp.ek);
  key->public_key_.insert(key->public_key_.end(), x->public_key.begin(), x->public_key.end());
  key->ml_kem_ = std::move(ml_kem);
  key->x25519_ = std::move(x);
  return std::shared_ptr<const XWingDecapsKey>(std::move(key));
}

Result<SecureBytes> XWingDecapsKey::decaps(ByteView ct) const {
  if (ct.size() != kCiphertextBytes) return err(CKR_ENCRYPTED_DATA_LEN_RANGE);
  const ByteView ct_x = ct.subspan(kMlKemCiphertextBytes);
  TRY_ASSIGN(SecureBytes ss_m, ml_kem_->decaps(ct.first(kMlKemCiphertextBytes)));
  SecureBytes ss_x(crypto::kX25519Bytes);
  TRY_STATUS(crypto::x25519(*x25519_, ct_x, ss_x));
  return combine(ss_m.view(), ss_x.view(), ct_x, ByteView(public_key_).subspan(kMlKemPublicBytes));
}

}  // namespace craton::mech::xwing
