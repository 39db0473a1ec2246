// SLH-DSA sign and verify operations. SLH-DSA reads the message twice
// (PRF_msg, then H_msg), so CKM_SLH_DSA buffers the whole message and signs
// at C_SignFinal, as PKCS#11 3.2 says. The pre-hash forms keep only PH(M):
//   given digest  PH(M) from the caller (CKM_HASH_SLH_DSA, single-part)
//   token hash    PH(M) streamed through SHA-2/SHA-3 (crypto::Hash) or SHAKE
#include <array>
#include <optional>

#include "crypto/hash.h"
#include "crypto/random.h"
#include "mechanisms/slh_dsa_internal.h"
#include "pqc/keccak.h"

namespace craton::mech::slh {
namespace {

using pqc::SlhPreHash;

// Collects the input: the message (pure) or PH(M). finish() is called at most once.
class InputSource {
 public:
  virtual ~InputSource() = default;
  virtual Status update(ByteView data) = 0;
  virtual Result<Bytes> finish() = 0;
};

class BufferedMessage final : public InputSource {
 public:
  Status update(ByteView data) override {
    buffer_.insert(buffer_.end(), data.begin(), data.end());
    return Status::ok();
  }
  Result<Bytes> finish() override { return std::move(buffer_); }

 private:
  Bytes buffer_;
};

// CKM_HASH_SLH_DSA: the input is PH(M) itself; its length must be the hash's.
class GivenDigest final : public InputSource {
 public:
  explicit GivenDigest(std::size_t size) : size_(size) {}
  Status update(ByteView data) override {
    if (digest_.size() + data.size() > size_) {
      too_long_ = true;  // reported at finish, where the spec's check lives
      return Status::ok();
    }
    digest_.insert(digest_.end(), data.begin(), data.end());
    return Status::ok();
  }
  Result<Bytes> finish() override {
    if (too_long_ || digest_.size() != size_) return err(CKR_DATA_LEN_RANGE);
    return std::move(digest_);
  }

 private:
  std::size_t size_;
  Bytes digest_;
  bool too_long_ = false;
};

std::optional<crypto::HashAlg> crypto_hash_for(SlhPreHash alg) {
  using crypto::HashAlg;
  switch (alg) {
    case SlhPreHash::kSha224: return HashAlg::kSha224;
    case SlhPreHash::kSha256: return HashAlg::kSha256;
    case SlhPreHash::kSha384: return HashAlg::kSha384;
    case SlhPreHash::kSha512: return HashAlg::kSha512;
    case SlhPreHash::kSha512_224: return HashAlg::kSha512_224;
    case SlhPreHash::kSha512_256: return HashAlg::kSha512_256;
    case SlhPreHash::kSha3_224: return HashAlg::kSha3_224;
    case SlhPreHash::kSha3_256: return HashAlg::kSha3_256;
    case SlhPreHash::kSha3_384: return HashAlg::kSha3_384;
    case SlhPreHash::kSha3_512: return HashAlg::kSha3_512;
    case SlhPreHash::kShake128:
    case SlhPreHash::kShake256: break;
  }
  return std::nullopt;
}

// CKM_HASH_SLH_DSA_SHA*: PH(M) through the crypto layer (OpenSSL).
class ShaPrehash final : public InputSource {
 public:
  explicit ShaPrehash(crypto::Hash h) : hash_(std::move(h)) {}
  Status update(ByteView data) override { return hash_.update(data); }
  Result<Bytes> finish() override {
    Bytes digest(hash_.size());
    TRY_STATUS(hash_.final(digest));
    return digest;
  }

 private:
  crypto::Hash hash_;
};

// CKM_HASH_SLH_DSA_SHAKE128/256: PH(M) = SHAKE128(M, 256) / SHAKE256(M, 512).
template <class Sponge>
class ShakePrehash final : public InputSource {
 public:
  explicit ShakePrehash(std::size_t size) : size_(size) {}
  Status update(ByteView data) override {
    sponge_.absorb(data);
    return Status::ok();
  }
  Result<Bytes> finish() override {
    Bytes digest(size_);
    sponge_.squeeze(digest);
    return digest;
  }

 private:
  std::size_t size_;
  Sponge sponge_;
};

Result<std::unique_ptr<InputSource>> make_source(const SignParams& p) {
  const std::size_t digest_size = pqc::slh_prehash_digest_bytes(p.prehash);
  switch (p.form) {
    case MessageForm::kPure: return std::unique_ptr<InputSource>(std::make_unique<BufferedMessage>());
    case MessageForm::kGivenDigest: return std::unique_ptr<InputSource>(std::make_unique<GivenDigest>(digest_size));
    case MessageForm::kTokenHash: break;
  }
  if (p.prehash == SlhPreHash::kShake128)
    return std::unique_ptr<InputSource>(std::make_unique<ShakePrehash<pqc::Shake128>>(digest_size));
  if (p.prehash == SlhPreHash::kShake256)
    return std::unique_ptr<InputSource>(std::make_unique<ShakePrehash<pqc::Shake256>>(digest_size));
  const std::optional<crypto::HashAlg> alg = crypto_hash_for(p.prehash);
  if (!alg) return err(CKR_MECHANISM_INVALID);
  TRY_ASSIGN(crypto::Hash h, crypto::Hash::create(*alg));
  return std::unique_ptr<InputSource>(std::make_unique<ShaPrehash>(std::move(h)));
}

using KeyRef = std::shared_ptr<const SlhKey>;

class SlhDsaSignOp final : public SignOperation {
 public:
  SlhDsaSignOp(KeyRef key, SignParams params, std::unique_ptr<InputSource> in)
      : key_(std::move(key)), params_(std::move(params)), in_(std::move(in)) {}
  std::size_t signature_size() const override { return pqc::slh_dsa_sig_bytes(key_->params); }
  bool multipart() const override { return params_.form != MessageForm::kGivenDigest; }
  Status update(ByteView data) override { return in_->update(data); }
  Result<std::size_t> final(MutableByteView out) override {
    const std::size_t n = signature_size();
    if (out.size() < n) return buffer_too_small(n);  // before finish(): the caller may retry
    TRY_ASSIGN(Bytes input, in_->finish());
    // Hedged (FIPS 205 default) unless the caller demanded determinism.
    SecureBytes addrnd;
    if (!params_.deterministic) {
      addrnd = SecureBytes(pqc::slh_dsa_n(key_->params));
      TRY_STATUS(crypto::random_bytes(addrnd));
    }
    const ByteView sk = key_->bytes.view();
    auto sig = params_.form == MessageForm::kPure
                   ? pqc::slh_sign(key_->params, sk, input, params_.context, addrnd.view())
                   : pqc::slh_sign_prehash(key_->params, sk, input, params_.prehash, params_.context, addrnd.view());
    if (!sig) return err(CKR_FUNCTION_FAILED);  // inputs were checked: an internal failure
    if (sig->size() != n) return err(CKR_GENERAL_ERROR);
    std::copy(sig->begin(), sig->end(), out.begin());
    return n;
  }

 private:
  KeyRef key_;
  SignParams params_;
  std::unique_ptr<InputSource> in_;
};

class SlhDsaVerifyOp final : public VerifyOperation {
 public:
  SlhDsaVerifyOp(KeyRef key, SignParams params, std::unique_ptr<InputSource> in)
      : key_(std::move(key)), params_(std::move(params)), in_(std::move(in)) {}
  bool multipart() const override { return params_.form != MessageForm::kGivenDigest; }
  Status update(ByteView data) override { return in_->update(data); }
  // CKR_SIGNATURE_LEN_RANGE for a signature of the wrong size, else
  // CKR_SIGNATURE_INVALID for any rejection.
  Status final(ByteView signature) override {
    TRY_ASSIGN(Bytes input, in_->finish());
    if (signature.size() != pqc::slh_dsa_sig_bytes(key_->params)) return err(CKR_SIGNATURE_LEN_RANGE);
    const ByteView pk = key_->bytes.view();
    Status st = params_.form == MessageForm::kPure
                    ? pqc::slh_verify(key_->params, pk, input, params_.context, signature)
                    : pqc::slh_verify_prehash(key_->params, pk, input, params_.prehash, params_.context, signature);
    if (st || st.rv() == CKR_SIGNATURE_LEN_RANGE) return st;
    return err(CKR_SIGNATURE_INVALID);
  }

 private:
  KeyRef key_;
  SignParams params_;
  std::unique_ptr<InputSource> in_;
};

}  // namespace

Result<std::unique_ptr<SignOperation>> make_slh_dsa_sign(const MechContext& ctx, SignParams params) {
  if (!ctx.key) return err(CKR_KEY_HANDLE_INVALID);
  TRY_ASSIGN(KeyRef key, slh_dsa_key_for(*ctx.key, CKO_PRIVATE_KEY));
  TRY_ASSIGN(std::unique_ptr<InputSource> in, make_source(params));
  return std::unique_ptr<SignOperation>(std::make_unique<SlhDsaSignOp>(std::move(key), std::move(params), std::move(in)));
}

Result<std::unique_ptr<VerifyOperation>> make_slh_dsa_verify(const MechContext& ctx, SignParams params) {
  if (!ctx.key) return err(CKR_KEY_HANDLE_INVALID);
  TRY_ASSIGN(KeyRef key, slh_dsa_key_for(*ctx.key, CKO_PUBLIC_KEY));
  TRY_ASSIGN(std::unique_ptr<InputSource> in, make_source(params));
  return std::unique_ptr<VerifyOperation>(
      std::make_unique<SlhDsaVerifyOp>(std::move(key), std::move(params), std::move(in)));
}

}  // namespace craton::mech::slh
