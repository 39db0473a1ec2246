// RSA signatures: single-part CKM_RSA_PKCS / CKM_RSA_X_509 / CKM_RSA_PKCS_PSS,
// multi-part hash-and-sign CKM_SHA*_RSA_PKCS(_PSS), and sign/verify-recover.
#include "mechanisms/rsa_internal.h"

namespace craton::mech::rsa {
namespace {

using crypto::RsaPad;

// Single-part signing input: PKCS#1 at most k-11 bytes, PSS exactly the
// hash length, raw at most k bytes, zero-extended on the left and below n.
Result<SecureBytes> signing_input(const UsableKey& key, const crypto::RsaParams& p, ByteView data, CK_RV above_n) {
  if (p.pad == RsaPad::kPss) {
    if (data.size() != crypto::hash_size(*p.hash)) return err(CKR_DATA_LEN_RANGE);
  } else if (data.size() > max_input(p, key.k())) {
    return err(CKR_DATA_LEN_RANGE);
  }
  if (p.pad != RsaPad::kNone) return SecureBytes(data);
  TRY_ASSIGN(SecureBytes padded, left_pad(data, key.k()));
  if (!below_modulus(padded.view(), key.modulus)) return err(above_n);
  return padded;
}

Result<std::size_t> sign_once(const UsableKey& key, const crypto::RsaParams& p, ByteView data, MutableByteView out) {
  TRY_ASSIGN(SecureBytes input, signing_input(key, p, data, CKR_DATA_INVALID));
  if (out.size() < key.k()) return buffer_too_small(key.k());
  return crypto::rsa_sign(*key.pkey, p, input.view(), out);
}

// CKM_RSA_PKCS, CKM_RSA_X_509, CKM_RSA_PKCS_PSS. The session only calls
// sign(); update/final buffer the input in case a caller drives it so.
class SingleSign final : public SignOperation {
 public:
  SingleSign(UsableKey key, const crypto::RsaParams& p) : key_(std::move(key)), params_(p) {}
  std::size_t signature_size() const override { return key_.k(); }
  bool multipart() const override { return false; }
  Status update(ByteView data) override {
    if (buffered_.size() + data.size() > key_.k()) return err(CKR_DATA_LEN_RANGE);
    buffered_.insert(buffered_.end(), data.begin(), data.end());
    return Status::ok();
  }
  Result<std::size_t> final(MutableByteView out) override { return sign_once(key_, params_, buffered_.view(), out); }
  Result<std::size_t> sign(ByteView data, MutableByteView out) override { return sign_once(key_, params_, data, out); }

 private:
  UsableKey key_;
  crypto::RsaParams params_;
  SecureBytes buffered_;
};

class SingleVerify final : public VerifyOperation {
 public:
  SingleVerify(UsableKey key, const crypto::RsaParams& p) : key_(std::move(key)), params_(p) {}
  bool multipart() const override { return false; }
  Status update(ByteView data) override {
    if (buffered_.size() + data.size() > key_.k()) return err(CKR_DATA_LEN_RANGE);
    buffered_.insert(buffered_.end(), data.begin(), data.end());
    return Status::ok();
  }
  Status final(ByteView signature) override { return verify(buffered_, signature); }
  Status verify(ByteView data, ByteView signature) override {
    // Raw data at or above n can match no signature.
    TRY_ASSIGN(SecureBytes input, signing_input(key_, params_, data, CKR_SIGNATURE_INVALID));
    if (signature.size() != key_.k()) return err(CKR_SIGNATURE_LEN_RANGE);
    return crypto::rsa_verify(*key_.pkey, params_, input.view(), signature);
  }

 private:
  UsableKey key_;
  crypto::RsaParams params_;
  Bytes buffered_;
};

class HashSign final : public SignOperation {
 public:
  HashSign(std::size_t k, crypto::RsaDigestSigner s) : k_(k), signer_(std::move(s)) {}
  std::size_t signature_size() const override { return k_; }
  bool multipart() const override { return true; }
  Status update(ByteView data) override { return signer_.update(data); }
  Result<std::size_t> final(MutableByteView out) override {
    if (out.size() < k_) return buffer_too_small(k_);  // before the signer is spent
    return signer_.sign_final(out);
  }

 private:
  std::size_t k_;
  crypto::RsaDigestSigner signer_;
};

class HashVerify final : public VerifyOperation {
 public:
  HashVerify(std::size_t k, crypto::RsaDigestSigner s) : k_(k), verifier_(std::move(s)) {}
  bool multipart() const override { return true; }
  Status update(ByteView data) override { return verifier_.update(data); }
  Status final(ByteView signature) override {
    if (signature.size() != k_) return err(CKR_SIGNATURE_LEN_RANGE);
    return verifier_.verify_final(signature);
  }

 private:
  std::size_t k_;
  crypto::RsaDigestSigner verifier_;
};

class SignRecover final : public RecoverOperation {
 public:
  SignRecover(UsableKey key, const crypto::RsaParams& p) : key_(std::move(key)), params_(p) {}
  std::size_t output_max(std::size_t) const override { return key_.k(); }
  Result<std::size_t> run(ByteView input, MutableByteView out) override {
    return sign_once(key_, params_, input, out);
  }

 private:
  UsableKey key_;
  crypto::RsaParams params_;
};

class VerifyRecover final : public RecoverOperation {
 public:
  VerifyRecover(UsableKey key, const crypto::RsaParams& p) : key_(std::move(key)), params_(p) {}
  std::size_t output_max(std::size_t) const override { return key_.k(); }
  Result<std::size_t> run(ByteView signature, MutableByteView out) override {
    if (signature.size() != key_.k()) return err(CKR_SIGNATURE_LEN_RANGE);
    // OpenSSL writes up to k bytes whatever the message length: recover into
    // our own buffer. A public operation is cheap to redo on a retry.
    Bytes recovered(key_.k());
    TRY_ASSIGN(std::size_t len, crypto::rsa_verify_recover(*key_.pkey, params_, signature, recovered));
    if (out.size() < len) return buffer_too_small(len);
    std::copy(recovered.begin(), recovered.begin() + static_cast<std::ptrdiff_t>(len), out.begin());
    return len;
  }

 private:
  UsableKey key_;
  crypto::RsaParams params_;
};

struct Prepared {
  UsableKey key;
  Mechanism mech;
};

Result<Prepared> prepare(const MechContext& ctx, CK_OBJECT_CLASS cls) {
  TRY_ASSIGN(Mechanism mech, parse_mechanism(*ctx.mechanism));
  if (mech.params.pad == RsaPad::kOaep) return err(CKR_MECHANISM_INVALID);
  TRY_ASSIGN(UsableKey key, usable_key(ctx.key, cls));
  TRY_STATUS(check_against_key(mech, key.k(), crypto::rsa_bits(*key.pkey)));
  return Prepared{std::move(key), mech};
}

}  // namespace

Result<std::unique_ptr<SignOperation>> make_sign(const MechContext& ctx) {
  TRY_ASSIGN(Prepared p, prepare(ctx, CKO_PRIVATE_KEY));
  if (!p.mech.hashed) return std::unique_ptr<SignOperation>(std::make_unique<SingleSign>(std::move(p.key), p.mech.params));
  TRY_ASSIGN(crypto::RsaDigestSigner s, crypto::RsaDigestSigner::create(p.key.pkey, p.mech.params, true));
  return std::unique_ptr<SignOperation>(std::make_unique<HashSign>(p.key.k(), std::move(s)));
}

Result<std::unique_ptr<VerifyOperation>> make_verify(const MechContext& ctx) {
  TRY_ASSIGN(Prepared p, prepare(ctx, CKO_PUBLIC_KEY));
  if (!p.mech.hashed)
    return std::unique_ptr<VerifyOperation>(std::make_unique<SingleVerify>(std::move(p.key), p.mech.params));
  TRY_ASSIGN(crypto::RsaDigestSigner s, crypto::RsaDigestSigner::create(p.key.pkey, p.mech.params, false));
  return std::unique_ptr<VerifyOperation>(std::make_unique<HashVerify>(p.key.k(), std::move(s)));
}

Result<std::unique_ptr<RecoverOperation>> make_sign_recover(const MechContext& ctx) {
  TRY_ASSIGN(Prepared p, prepare(ctx, CKO_PRIVATE_KEY));
  if (p.mech.hashed || p.mech.params.pad == RsaPad::kPss) return err(CKR_MECHANISM_INVALID);
  return std::unique_ptr<RecoverOperation>(std::make_unique<SignRecover>(std::move(p.key), p.mech.params));
}

Result<std::unique_ptr<RecoverOperation>> make_verify_recover(const MechContext& ctx) {
  TRY_ASSIGN(Prepared p, prepare(ctx, CKO_PUBLIC_KEY));
  if (p.mech.hashed || p.mech.params.pad == RsaPad::kPss) return err(CKR_MECHANISM_INVALID);
  return std::unique_ptr<RecoverOperation>(std::make_unique<VerifyRecover>(std::move(p.key), p.mech.params));
}

}  // namespace craton::mech::rsa
