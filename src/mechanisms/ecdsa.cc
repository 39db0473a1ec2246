// ECDSA: CKM_ECDSA (the caller supplies the hash; single-part) and
// CKM_ECDSA_SHA1/SHA224/.../SHA3_512 (hash and sign, multi-part).
// Signatures are r || s, each zero-padded to the curve's byte size.
#include <array>
#include <optional>

#include "crypto/hash.h"
#include "mechanisms/ec_common.h"

namespace craton::mech::ec {
namespace {

std::optional<crypto::HashAlg> hash_of(CK_MECHANISM_TYPE type) {
  using crypto::HashAlg;
  switch (type) {
    case CKM_ECDSA_SHA1: return HashAlg::kSha1;
    case CKM_ECDSA_SHA224: return HashAlg::kSha224;
    case CKM_ECDSA_SHA256: return HashAlg::kSha256;
    case CKM_ECDSA_SHA384: return HashAlg::kSha384;
    case CKM_ECDSA_SHA512: return HashAlg::kSha512;
    case CKM_ECDSA_SHA3_224: return HashAlg::kSha3_224;
    case CKM_ECDSA_SHA3_256: return HashAlg::kSha3_256;
    case CKM_ECDSA_SHA3_384: return HashAlg::kSha3_384;
    case CKM_ECDSA_SHA3_512: return HashAlg::kSha3_512;
    default: return std::nullopt;
  }
}

constexpr std::size_t kMaxDigest = 64;

// The data to sign: a running hash, or (CKM_ECDSA) the caller's hash,
// buffered only if it arrives through update().
class EcdsaInput {
 public:
  explicit EcdsaInput(std::optional<crypto::Hash> hash) : hash_(std::move(hash)) {}
  bool hashing() const { return hash_.has_value(); }
  Status update(ByteView data) {
    if (hash_) return hash_->update(data);
    buffer_.insert(buffer_.end(), data.begin(), data.end());
    return Status::ok();
  }
  // The value to sign or verify; `scratch` holds a computed digest.
  Result<ByteView> finish(std::array<std::uint8_t, kMaxDigest>& scratch) {
    if (!hash_) return ByteView(buffer_);
    TRY_STATUS(hash_->final(scratch));
    return ByteView(scratch.data(), hash_->size());
  }

 private:
  std::optional<crypto::Hash> hash_;
  Bytes buffer_;
};

class EcdsaSignOp final : public SignOperation {
 public:
  EcdsaSignOp(crypto::EcKeyRef key, std::optional<crypto::Hash> hash) : key_(std::move(key)), input_(std::move(hash)) {}
  std::size_t signature_size() const override { return crypto::ecdsa_signature_bytes(key_->curve); }
  bool multipart() const override { return input_.hashing(); }
  Status update(ByteView data) override { return input_.update(data); }
  Result<std::size_t> final(MutableByteView out) override {
    if (out.size() < signature_size()) return buffer_too_small(signature_size());
    std::array<std::uint8_t, kMaxDigest> scratch{};
    TRY_ASSIGN(ByteView tbs, input_.finish(scratch));
    TRY_STATUS(crypto::ecdsa_sign(*key_, tbs, out));
    return signature_size();
  }
  Result<std::size_t> sign(ByteView data, MutableByteView out) override {
    if (out.size() < signature_size()) return buffer_too_small(signature_size());
    if (input_.hashing()) {
      TRY_STATUS(input_.update(data));
      return final(out);
    }
    TRY_STATUS(crypto::ecdsa_sign(*key_, data, out));
    return signature_size();
  }

 private:
  crypto::EcKeyRef key_;
  EcdsaInput input_;
};

class EcdsaVerifyOp final : public VerifyOperation {
 public:
  EcdsaVerifyOp(crypto::EcKeyRef key, std::optional<crypto::Hash> hash)
      : key_(std::move(key)), input_(std::move(hash)) {}
  bool multipart() const override { return input_.hashing(); }
  Status update(ByteView data) override { return input_.update(data); }
  Status final(ByteView signature) override {
    if (signature.size() != crypto::ecdsa_signature_bytes(key_->curve)) return err(CKR_SIGNATURE_LEN_RANGE);
    std::array<std::uint8_t, kMaxDigest> scratch{};
    TRY_ASSIGN(ByteView tbs, input_.finish(scratch));
    return crypto::ecdsa_verify(*key_, tbs, signature);
  }
  Status verify(ByteView data, ByteView signature) override {
    if (input_.hashing()) {
      TRY_STATUS(input_.update(data));
      return final(signature);
    }
    return crypto::ecdsa_verify(*key_, data, signature);
  }

 private:
  crypto::EcKeyRef key_;
  EcdsaInput input_;
};

Result<std::optional<crypto::Hash>> hash_for(const MechContext& ctx) {
  TRY_STATUS(require_no_param(*ctx.mechanism));
  auto alg = hash_of(ctx.mechanism->mechanism);
  if (!alg) {
    if (ctx.mechanism->mechanism != CKM_ECDSA) return err(CKR_MECHANISM_INVALID);
    return std::optional<crypto::Hash>();
  }
  TRY_ASSIGN(crypto::Hash h, crypto::Hash::create(*alg));
  return std::optional<crypto::Hash>(std::move(h));
}

Result<std::unique_ptr<SignOperation>> make_sign(const MechContext& ctx) {
  TRY_ASSIGN(auto hash, hash_for(ctx));
  TRY_STATUS(require_key(ctx, CKK_EC, CKO_PRIVATE_KEY));
  TRY_ASSIGN(crypto::EcKeyRef key, ec_key_for(*ctx.key));
  return std::unique_ptr<SignOperation>(std::make_unique<EcdsaSignOp>(std::move(key), std::move(hash)));
}

// A private key object can verify too (its public point is derived once).
Result<std::unique_ptr<VerifyOperation>> make_verify(const MechContext& ctx) {
  TRY_ASSIGN(auto hash, hash_for(ctx));
  TRY_STATUS(require_key(ctx, CKK_EC, CKO_PUBLIC_KEY, CKO_PRIVATE_KEY));
  TRY_ASSIGN(crypto::EcKeyRef key, ec_key_for(*ctx.key));
  return std::unique_ptr<VerifyOperation>(std::make_unique<EcdsaVerifyOp>(std::move(key), std::move(hash)));
}

}  // namespace

void add_ecdsa_rows(Registry& r) {
  struct Row {
    CK_MECHANISM_TYPE type;
    std::string_view name;
    bool approved;  // SHA-1 signature generation is not approved (SP 800-131A)
  };
  static constexpr Row kRows[] = {
      {CKM_ECDSA, "CKM_ECDSA", true},
      {CKM_ECDSA_SHA1, "CKM_ECDSA_SHA1", false},
      {CKM_ECDSA_SHA224, "CKM_ECDSA_SHA224", true},
      {CKM_ECDSA_SHA256, "CKM_ECDSA_SHA256", true},
      {CKM_ECDSA_SHA384, "CKM_ECDSA_SHA384", true},
      {CKM_ECDSA_SHA512, "CKM_ECDSA_SHA512", true},
      {CKM_ECDSA_SHA3_224, "CKM_ECDSA_SHA3_224", true},
      {CKM_ECDSA_SHA3_256, "CKM_ECDSA_SHA3_256", true},
      {CKM_ECDSA_SHA3_384, "CKM_ECDSA_SHA3_384", true},
      {CKM_ECDSA_SHA3_512, "CKM_ECDSA_SHA3_512", true},
  };
  for (const Row& row : kRows) {
    MechanismEntry e;
    e.type = row.type;
    e.name = row.name;
    e.min_key_size = 256;
    e.max_key_size = 521;
    e.flags = CKF_SIGN | CKF_VERIFY | kEcInfoFlags;
    e.fips_approved = row.approved;
    e.sign = make_sign;
    e.verify = make_verify;
    r.add(e);
  }
}

}  // namespace craton::mech::ec
