// ML-DSA sign and verify operations. Every form ends in mu (FIPS 204
// algorithm 7 line 6) and then Sign_internal / Verify_internal on the key
// expanded once per object:
//   pure          mu = H(tr || 0 || |ctx| || ctx || M), streamed
//   given digest  mu = H(tr || 1 || |ctx| || ctx || OID(PH) || PH(M)), PH(M) from the caller
//   token hash    the same, PH(M) streamed through SHA-2/SHA-3 (crypto::Hash) or SHAKE
#include <algorithm>
#include <array>
#include <optional>

#include "crypto/hash.h"
#include "crypto/random.h"
#include "mechanisms/ml_dsa_internal.h"
#include "pqc/keccak.h"

namespace craton::mech::dsa {
namespace {

using Mu = std::array<std::uint8_t, pqc::kMlDsaMuSize>;
using pqc::MlDsaPreHash;

// Turns the message stream into mu. finish() is called at most once.
class MuSource {
 public:
  virtual ~MuSource() = default;
  virtual Status update(ByteView data) = 0;
  virtual Status finish(Mu& mu) = 0;
};

class PureMu final : public MuSource {
 public:
  explicit PureMu(pqc::MlDsaMuHasher h) : h_(std::move(h)) {}
  Status update(ByteView data) override {
    h_.update(data);
    return Status::ok();
  }
  Status finish(Mu& mu) override {
    mu = h_.finish();
    return Status::ok();
  }

 private:
  pqc::MlDsaMuHasher h_;
};

// HashML-DSA: M' = 1 || |ctx| || ctx || OID(PH) || PH(M) (FIPS 204 algorithm 4).
class PrehashMu : public MuSource {
 protected:
  PrehashMu(ByteView tr, const SignParams& p) : context_(p.context), alg_(p.prehash) {
    std::copy(tr.begin(), tr.end(), tr_.begin());
  }
  std::size_t digest_size() const { return pqc::ml_dsa_prehash_size(alg_); }
  Status mu_from_digest(ByteView digest, Mu& mu) const {
    TRY_ASSIGN(pqc::MlDsaMuHasher h, pqc::MlDsaMuHasher::internal(tr_));
    const std::uint8_t head[2] = {1, static_cast<std::uint8_t>(context_.size())};
    h.update(head);
    h.update(context_);
    h.update(pqc::ml_dsa_prehash_oid(alg_));
    h.update(digest);
    mu = h.finish();
    return Status::ok();
  }

 private:
  std::array<std::uint8_t, 64> tr_{};
  Bytes context_;
  MlDsaPreHash alg_;
};

// CKM_HASH_ML_DSA: the input is PH(M) itself; its length must be the hash's.
class GivenDigestMu final : public PrehashMu {
 public:
  GivenDigestMu(ByteView tr, const SignParams& p) : PrehashMu(tr, p) {}
  Status update(ByteView data) override {
    if (digest_.size() + data.size() > digest_size()) {
      too_long_ = true;
      return Status::ok();  // reported at finish, where the spec's check lives
    }
    digest_.insert(digest_.end(), data.begin(), data.end());
    return Status::ok();
  }
  Status finish(Mu& mu) override {
    if (too_long_ || digest_.size() != digest_size()) return err(CKR_DATA_LEN_RANGE);
    return mu_from_digest(digest_, mu);
  }

 private:
  Bytes digest_;
  bool too_long_ = false;
};

std::optional<crypto::HashAlg> crypto_hash_for(MlDsaPreHash alg) {
  using crypto::HashAlg;
  switch (alg) {
    case MlDsaPreHash::kSha224: return HashAlg::kSha224;
    case MlDsaPreHash::kSha256: return HashAlg::kSha256;
    case MlDsaPreHash::kSha384: return HashAlg::kSha384;
    case MlDsaPreHash::kSha512: return HashAlg::kSha512;
    case MlDsaPreHash::kSha512_224: return HashAlg::kSha512_224;
    case MlDsaPreHash::kSha512_256: return HashAlg::kSha512_256;
    case MlDsaPreHash::kSha3_224: return HashAlg::kSha3_224;
    case MlDsaPreHash::kSha3_256: return HashAlg::kSha3_256;
    case MlDsaPreHash::kSha3_384: return HashAlg::kSha3_384;
    case MlDsaPreHash::kSha3_512: return HashAlg::kSha3_512;
    case MlDsaPreHash::kShake128:
    case MlDsaPreHash::kShake256: break;
  }
  return std::nullopt;
}

// CKM_HASH_ML_DSA_SHA*: PH(M) through the crypto layer (OpenSSL).
class ShaPrehashMu final : public PrehashMu {
 public:
  ShaPrehashMu(ByteView tr, const SignParams& p, crypto::Hash h) : PrehashMu(tr, p), hash_(std::move(h)) {}
  Status update(ByteView data) override { return hash_.update(data); }
  Status finish(Mu& mu) override {
    std::array<std::uint8_t, 64> digest{};
    TRY_STATUS(hash_.final(digest));
    return mu_from_digest(ByteView(digest.data(), digest_size()), mu);
  }

 private:
  crypto::Hash hash_;
};

// CKM_HASH_ML_DSA_SHAKE128/256: PH(M) = SHAKE128(M, 256) / SHAKE256(M, 512).
template <class Sponge>
class ShakePrehashMu final : public PrehashMu {
 public:
  ShakePrehashMu(ByteView tr, const SignParams& p) : PrehashMu(tr, p) {}
  Status update(ByteView data) override {
    sponge_.absorb(data);
    return Status::ok();
  }
  Status finish(Mu& mu) override {
    std::array<std::uint8_t, 64> digest{};
    const MutableByteView d(digest.data(), digest_size());
    sponge_.squeeze(d);
    return mu_from_digest(d, mu);
  }

 private:
  Sponge sponge_;
};

Result<std::unique_ptr<MuSource>> make_mu_source(ByteView tr, const SignParams& p) {
  switch (p.form) {
    case MessageForm::kPure: {
      TRY_ASSIGN(pqc::MlDsaMuHasher h, pqc::MlDsaMuHasher::pure(tr, p.context));
      return std::unique_ptr<MuSource>(std::make_unique<PureMu>(std::move(h)));
    }
    case MessageForm::kGivenDigest:
      return std::unique_ptr<MuSource>(std::make_unique<GivenDigestMu>(tr, p));
    case MessageForm::kTokenHash: break;
  }
  if (p.prehash == MlDsaPreHash::kShake128)
    return std::unique_ptr<MuSource>(std::make_unique<ShakePrehashMu<pqc::Shake128>>(tr, p));
  if (p.prehash == MlDsaPreHash::kShake256)
    return std::unique_ptr<MuSource>(std::make_unique<ShakePrehashMu<pqc::Shake256>>(tr, p));
  const std::optional<crypto::HashAlg> alg = crypto_hash_for(p.prehash);
  if (!alg) return err(CKR_MECHANISM_INVALID);
  TRY_ASSIGN(crypto::Hash h, crypto::Hash::create(*alg));
  return std::unique_ptr<MuSource>(std::make_unique<ShaPrehashMu>(tr, p, std::move(h)));
}

using PrivateKeyRef = std::shared_ptr<const pqc::MlDsaExpandedPrivateKey>;
using PublicKeyRef = std::shared_ptr<const pqc::MlDsaExpandedPublicKey>;

class MlDsaSignOp final : public SignOperation {
 public:
  MlDsaSignOp(PrivateKeyRef key, bool deterministic, bool multipart, std::unique_ptr<MuSource> mu)
      : key_(std::move(key)), deterministic_(deterministic), multipart_(multipart), mu_(std::move(mu)) {}
  std::size_t signature_size() const override { return pqc::ml_dsa_signature_size(key_->params()); }
  bool multipart() const override { return multipart_; }
  Status update(ByteView data) override { return mu_->update(data); }
  Result<std::size_t> final(MutableByteView out) override {
    const std::size_t n = signature_size();
    if (out.size() < n) return buffer_too_small(n);  // before finish(): the caller may retry
    Mu mu{};
    TRY_STATUS(mu_->finish(mu));
    // Hedged (FIPS 204 default) unless the caller demanded determinism: rnd = 0^32.
    std::array<std::uint8_t, pqc::kMlDsaRndSize> rnd{};
    if (!deterministic_) TRY_STATUS(crypto::random_bytes(rnd));
    Status st = pqc::sign_mu(*key_, mu, rnd, out.first(n));
    secure_wipe(rnd.data(), rnd.size());
    TRY_STATUS(st);
    return n;
  }

 private:
  PrivateKeyRef key_;
  bool deterministic_;
  bool multipart_;
  std::unique_ptr<MuSource> mu_;
};

class MlDsaVerifyOp final : public VerifyOperation {
 public:
  MlDsaVerifyOp(PublicKeyRef key, bool multipart, std::unique_ptr<MuSource> mu)
      : key_(std::move(key)), multipart_(multipart), mu_(std::move(mu)) {}
  bool multipart() const override { return multipart_; }
  Status update(ByteView data) override { return mu_->update(data); }
  // CKR_SIGNATURE_LEN_RANGE for a signature of the wrong size, else
  // CKR_SIGNATURE_INVALID for any rejection (pqc::verify_mu).
  Status final(ByteView signature) override {
    Mu mu{};
    TRY_STATUS(mu_->finish(mu));
    return pqc::verify_mu(*key_, mu, signature);
  }

 private:
  PublicKeyRef key_;
  bool multipart_;
  std::unique_ptr<MuSource> mu_;
};

}  // namespace

// CKM_HASH_ML_DSA is single-part (PKCS#11 3.2); the other forms stream.
Result<std::unique_ptr<SignOperation>> make_ml_dsa_sign(const MechContext& ctx, SignParams params) {
  if (!ctx.key) return err(CKR_KEY_HANDLE_INVALID);
  TRY_ASSIGN(PrivateKeyRef key, ml_dsa_private_key_for(*ctx.key));
  TRY_ASSIGN(std::unique_ptr<MuSource> mu, make_mu_source(key->tr(), params));
  const bool multipart = params.form != MessageForm::kGivenDigest;
  return std::unique_ptr<SignOperation>(
      std::make_unique<MlDsaSignOp>(std::move(key), params.deterministic, multipart, std::move(mu)));
}

Result<std::unique_ptr<VerifyOperation>> make_ml_dsa_verify(const MechContext& ctx, SignParams params) {
  if (!ctx.key) return err(CKR_KEY_HANDLE_INVALID);
  TRY_ASSIGN(PublicKeyRef key, ml_dsa_public_key_for(*ctx.key));
  TRY_ASSIGN(std::unique_ptr<MuSource> mu, make_mu_source(key->tr(), params));
  const bool multipart = params.form != MessageForm::kGivenDigest;
  return std::unique_ptr<VerifyOperation>(std::make_unique<MlDsaVerifyOp>(std::move(key), multipart, std::move(mu)));
}

}  // namespace craton::mech::dsa
