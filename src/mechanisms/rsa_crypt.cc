// RSA encryption, decryption, wrap and unwrap: CKM_RSA_PKCS, CKM_RSA_PKCS_OAEP
// and (encrypt/decrypt only) CKM_RSA_X_509. All single-part.
#include <algorithm>

#include "mechanisms/rsa_internal.h"

namespace craton::mech::rsa {
namespace {

using crypto::RsaPad;

// The OAEP label is caller memory during the factory call only: operations
// keep their own copy and point the parameters at it.
class OwnedParams {
 public:
  explicit OwnedParams(const crypto::RsaParams& p) : params_(p), label_(p.label.begin(), p.label.end()) {
    params_.label = ByteView(label_.data(), label_.size());
  }
  OwnedParams(const OwnedParams&) = delete;
  OwnedParams& operator=(const OwnedParams&) = delete;
  const crypto::RsaParams& get() const { return params_; }

 private:
  crypto::RsaParams params_;
  Bytes label_;
};

// Encryption input: within the padding's limit; raw input zero-extended
// on the left and below n.
Result<SecureBytes> encryption_input(const UsableKey& key, const crypto::RsaParams& p, ByteView in, CK_RV too_long) {
  if (in.size() > max_input(p, key.k())) return err(too_long);
  if (p.pad != RsaPad::kNone) return SecureBytes(in);
  TRY_ASSIGN(SecureBytes padded, left_pad(in, key.k()));
  if (!below_modulus(padded.view(), key.modulus)) return err(CKR_DATA_INVALID);
  return padded;
}

class SingleCipher : public CipherOperation {
 public:
  SingleCipher(UsableKey key, const crypto::RsaParams& p) : key_(std::move(key)), params_(p) {}
  bool multipart() const override { return false; }
  std::size_t update_output_max(std::size_t) const override { return 0; }
  std::size_t final_output_max() const override { return 0; }
  std::size_t oneshot_output_max(std::size_t) const override { return key_.k(); }
  Result<std::size_t> update(ByteView, MutableByteView) override { return err(CKR_FUNCTION_NOT_SUPPORTED); }
  Result<std::size_t> final(MutableByteView) override { return err(CKR_FUNCTION_NOT_SUPPORTED); }

 protected:
  UsableKey key_;
  OwnedParams params_;
};

class Encrypt final : public SingleCipher {
 public:
  using SingleCipher::SingleCipher;
  Result<std::size_t> oneshot(ByteView in, MutableByteView out) override {
    TRY_ASSIGN(SecureBytes input, encryption_input(key_, params_.get(), in, CKR_DATA_LEN_RANGE));
    if (out.size() < key_.k()) return buffer_too_small(key_.k());
    return crypto::rsa_encrypt(*key_.pkey, params_.get(), input.view(), out);
  }
};

// OpenSSL needs k bytes of output space whatever the plaintext length. A
// smaller caller buffer that still fits the plaintext must work, so we then
// decrypt into our own buffer, and keep the result for the retry that
// follows CKR_BUFFER_TOO_SMALL instead of running the private key again.
class Decrypt final : public SingleCipher {
 public:
  using SingleCipher::SingleCipher;
  Result<std::size_t> oneshot(ByteView in, MutableByteView out) override {
    if (in.size() != key_.k()) return err(CKR_ENCRYPTED_DATA_LEN_RANGE);
    if (pending_ && std::equal(in.begin(), in.end(), pending_input_.begin(), pending_input_.end()))
      return deliver(out);
    if (out.size() >= key_.k()) return crypto::rsa_decrypt(*key_.pkey, params_.get(), in, out);
    SecureBytes plain(key_.k());
    TRY_ASSIGN(std::size_t len, crypto::rsa_decrypt(*key_.pkey, params_.get(), in, plain));
    plain.resize(len);
    pending_output_ = std::move(plain);
    pending_input_.assign(in.begin(), in.end());
    pending_ = true;
    return deliver(out);
  }

 private:
  Result<std::size_t> deliver(MutableByteView out) {
    const std::size_t len = pending_output_.size();
    if (out.size() < len) return buffer_too_small(len);
    std::copy(pending_output_.begin(), pending_output_.end(), out.begin());
    pending_ = false;
    pending_output_.clear();
    return len;
  }

  bool pending_ = false;
  Bytes pending_input_;
  SecureBytes pending_output_;
};

Result<std::pair<UsableKey, Mechanism>> prepare(const MechContext& ctx, CK_OBJECT_CLASS cls, KeyErrors errors) {
  TRY_ASSIGN(Mechanism mech, parse_mechanism(*ctx.mechanism));
  const RsaPad pad = mech.params.pad;
  if (mech.hashed || pad == RsaPad::kPss) return err(CKR_MECHANISM_INVALID);
  TRY_ASSIGN(UsableKey key, usable_key(ctx.key, cls, errors));
  TRY_STATUS(check_against_key(mech, key.k(), crypto::rsa_bits(*key.pkey)));
  return std::make_pair(std::move(key), mech);
}

// Wrap and unwrap use the padded mechanisms only: raw RSA would lose the
// key's length.
Result<std::pair<UsableKey, Mechanism>> prepare_wrap(const MechContext& ctx, CK_OBJECT_CLASS cls, KeyErrors errors) {
  if (ctx.mechanism->mechanism == CKM_RSA_X_509) return err(CKR_MECHANISM_INVALID);
  return prepare(ctx, cls, errors);
}

}  // namespace

Result<std::unique_ptr<CipherOperation>> make_encrypt(const MechContext& ctx) {
  TRY_ASSIGN(auto prepared, prepare(ctx, CKO_PUBLIC_KEY, KeyErrors{}));
  return std::unique_ptr<CipherOperation>(
      std::make_unique<Encrypt>(std::move(prepared.first), prepared.second.params));
}

Result<std::unique_ptr<CipherOperation>> make_decrypt(const MechContext& ctx) {
  TRY_ASSIGN(auto prepared, prepare(ctx, CKO_PRIVATE_KEY, KeyErrors{}));
  return std::unique_ptr<CipherOperation>(
      std::make_unique<Decrypt>(std::move(prepared.first), prepared.second.params));
}

Result<std::size_t> wrap(const MechContext& ctx, ByteView key_bytes, MutableByteView out) {
  TRY_ASSIGN(auto prepared,
             prepare_wrap(ctx, CKO_PUBLIC_KEY, KeyErrors{CKR_WRAPPING_KEY_TYPE_INCONSISTENT, CKR_WRAPPING_KEY_SIZE_RANGE}));
  const UsableKey& key = prepared.first;
  const crypto::RsaParams& params = prepared.second.params;
  if (key_bytes.size() > max_input(params, key.k())) return err(CKR_KEY_SIZE_RANGE);
  if (out.empty()) return key.k();
  if (out.size() < key.k()) return buffer_too_small(key.k());
  return crypto::rsa_encrypt(*key.pkey, params, key_bytes, out);
}

Result<SecureBytes> unwrap(const MechContext& ctx, ByteView wrapped) {
  TRY_ASSIGN(auto prepared, prepare_wrap(ctx, CKO_PRIVATE_KEY,
                                         KeyErrors{CKR_UNWRAPPING_KEY_TYPE_INCONSISTENT, CKR_UNWRAPPING_KEY_SIZE_RANGE}));
  const UsableKey& key = prepared.first;
  if (wrapped.size() != key.k()) return err(CKR_WRAPPED_KEY_LEN_RANGE);
  SecureBytes plain(key.k());
  auto len = crypto::rsa_decrypt(*key.pkey, prepared.second.params, wrapped, plain);
  if (!len.is_ok()) return err(CKR_WRAPPED_KEY_INVALID);
  plain.resize(*len);
  return plain;
}

}  // namespace craton::mech::rsa
