// HMAC family: CKM_<hash>_HMAC and CKM_<hash>_HMAC_GENERAL sign/verify over
// SHA-1, SHA-2 and SHA-3, and CKM_GENERIC_SECRET_KEY_GEN.
#include <algorithm>
#include <array>
#include <mutex>

#include "crypto/random.h"
#include "mechanisms/families.h"
#include "mechanisms/hmac_keys.h"
#include "mechanisms/registry.h"
#include "objects/attribute_map.h"

namespace craton::mech {
namespace {

using crypto::HashAlg;

struct HmacRow {
  CK_MECHANISM_TYPE mech;
  CK_MECHANISM_TYPE general_mech;
  HashAlg alg;
  CK_KEY_TYPE specific_type;
  std::string_view name;
  std::string_view general_name;
};

constexpr HmacRow kHmacRows[] = {
    {CKM_SHA_1_HMAC, CKM_SHA_1_HMAC_GENERAL, HashAlg::kSha1, CKK_SHA_1_HMAC, "CKM_SHA_1_HMAC",
     "CKM_SHA_1_HMAC_GENERAL"},
    {CKM_SHA224_HMAC, CKM_SHA224_HMAC_GENERAL, HashAlg::kSha224, CKK_SHA224_HMAC, "CKM_SHA224_HMAC",
     "CKM_SHA224_HMAC_GENERAL"},
    {CKM_SHA256_HMAC, CKM_SHA256_HMAC_GENERAL, HashAlg::kSha256, CKK_SHA256_HMAC, "CKM_SHA256_HMAC",
     "CKM_SHA256_HMAC_GENERAL"},
    {CKM_SHA384_HMAC, CKM_SHA384_HMAC_GENERAL, HashAlg::kSha384, CKK_SHA384_HMAC, "CKM_SHA384_HMAC",
     "CKM_SHA384_HMAC_GENERAL"},
    {CKM_SHA512_HMAC, CKM_SHA512_HMAC_GENERAL, HashAlg::kSha512, CKK_SHA512_HMAC, "CKM_SHA512_HMAC",
     "CKM_SHA512_HMAC_GENERAL"},
    {CKM_SHA512_224_HMAC, CKM_SHA512_224_HMAC_GENERAL, HashAlg::kSha512_224, CKK_SHA512_224_HMAC,
     "CKM_SHA512_224_HMAC", "CKM_SHA512_224_HMAC_GENERAL"},
    {CKM_SHA512_256_HMAC, CKM_SHA512_256_HMAC_GENERAL, HashAlg::kSha512_256, CKK_SHA512_256_HMAC,
     "CKM_SHA512_256_HMAC", "CKM_SHA512_256_HMAC_GENERAL"},
    {CKM_SHA3_224_HMAC, CKM_SHA3_224_HMAC_GENERAL, HashAlg::kSha3_224, CKK_SHA3_224_HMAC, "CKM_SHA3_224_HMAC",
     "CKM_SHA3_224_HMAC_GENERAL"},
    {CKM_SHA3_256_HMAC, CKM_SHA3_256_HMAC_GENERAL, HashAlg::kSha3_256, CKK_SHA3_256_HMAC, "CKM_SHA3_256_HMAC",
     "CKM_SHA3_256_HMAC_GENERAL"},
    {CKM_SHA3_384_HMAC, CKM_SHA3_384_HMAC_GENERAL, HashAlg::kSha3_384, CKK_SHA3_384_HMAC, "CKM_SHA3_384_HMAC",
     "CKM_SHA3_384_HMAC_GENERAL"},
    {CKM_SHA3_512_HMAC, CKM_SHA3_512_HMAC_GENERAL, HashAlg::kSha3_512, CKK_SHA3_512_HMAC, "CKM_SHA3_512_HMAC",
     "CKM_SHA3_512_HMAC_GENERAL"},
};

constexpr std::size_t kHashAlgCount = static_cast<std::size_t>(HashAlg::kSha3_512) + 1;
constexpr std::size_t kMaxMacSize = 64;
constexpr CK_ULONG kGenericKeyGenMinBytes = 1;
constexpr CK_ULONG kGenericKeyGenMaxBytes = 512;

// One keyed template per hash, built on first use: a key object may serve
// several HMAC mechanisms.
class HmacKeySet {
 public:
  Result<std::shared_ptr<const crypto::HmacKey>> get(HashAlg alg, ByteView key) const {
    std::lock_guard<std::mutex> lock(mu_);
    auto& slot = slots_[static_cast<std::size_t>(alg)];
    if (!slot) {
      TRY_ASSIGN(slot, crypto::HmacKey::create(alg, key));
    }
    return slot;
  }

 private:
  mutable std::mutex mu_;
  mutable std::array<std::shared_ptr<const crypto::HmacKey>, kHashAlgCount> slots_;
};

class HmacSignOp final : public SignOperation {
 public:
  HmacSignOp(crypto::Hmac h, std::size_t out_len) : hmac_(std::move(h)), out_len_(out_len) {}
  std::size_t signature_size() const override { return out_len_; }
  bool multipart() const override { return true; }
  Status update(ByteView data) override { return hmac_.update(data); }
  Result<std::size_t> final(MutableByteView out) override {
    if (out.size() < out_len_) return buffer_too_small(out_len_);
    std::array<std::uint8_t, kMaxMacSize> full{};
    TRY_STATUS(hmac_.final(full));
    std::copy_n(full.begin(), out_len_, out.begin());
    return out_len_;
  }

 private:
  crypto::Hmac hmac_;
  std::size_t out_len_;
};

class HmacVerifyOp final : public VerifyOperation {
 public:
  HmacVerifyOp(crypto::Hmac h, std::size_t out_len) : hmac_(std::move(h)), out_len_(out_len) {}
  bool multipart() const override { return true; }
  Status update(ByteView data) override { return hmac_.update(data); }
  Status final(ByteView signature) override {
    if (signature.size() != out_len_) return err(CKR_SIGNATURE_LEN_RANGE);
    std::array<std::uint8_t, kMaxMacSize> full{};
    TRY_STATUS(hmac_.final(full));
    if (!constant_time_equal(ByteView(full.data(), out_len_), signature)) return err(CKR_SIGNATURE_INVALID);
    return Status::ok();
  }

 private:
  crypto::Hmac hmac_;
  std::size_t out_len_;
};

// Output length: the full hash, or CK_MAC_GENERAL_PARAMS in 1..hash size.
Result<std::size_t> output_length(const CK_MECHANISM& m, const HmacMechanismInfo& info) {
  const std::size_t full = crypto::hash_size(info.alg);
  if (!info.general) {
    TRY_STATUS(require_no_param(m));
    return full;
  }
  TRY_ASSIGN(const CK_MAC_GENERAL_PARAMS* len, param_as<CK_MAC_GENERAL_PARAMS>(m));
  if (*len < 1 || *len > full) return err(CKR_MECHANISM_PARAM_INVALID);
  return static_cast<std::size_t>(*len);
}

struct Started {
  crypto::Hmac hmac;
  std::size_t out_len;
};

Result<Started> start_hmac(const MechContext& ctx) {
  auto info = hmac_mechanism_info(ctx.mechanism->mechanism);
  if (!info) return err(CKR_MECHANISM_INVALID);
  TRY_ASSIGN(std::size_t out_len, output_length(*ctx.mechanism, *info));
  if (!ctx.key) return err(CKR_KEY_HANDLE_INVALID);
  TRY_STATUS(check_hmac_key(*ctx.key, *info));
  TRY_ASSIGN(auto tmpl, cached_hmac_key(*ctx.key, info->alg));
  TRY_ASSIGN(crypto::Hmac h, tmpl->start());
  return Started{std::move(h), out_len};
}

Result<std::unique_ptr<SignOperation>> make_sign(const MechContext& ctx) {
  TRY_ASSIGN(Started s, start_hmac(ctx));
  return std::unique_ptr<SignOperation>(std::make_unique<HmacSignOp>(std::move(s.hmac), s.out_len));
}

Result<std::unique_ptr<VerifyOperation>> make_verify(const MechContext& ctx) {
  TRY_ASSIGN(Started s, start_hmac(ctx));
  return std::unique_ptr<VerifyOperation>(std::make_unique<HmacVerifyOp>(std::move(s.hmac), s.out_len));
}

// CKM_GENERIC_SECRET_KEY_GEN: CKA_VALUE_LEN bytes of DRBG output. The key
// type defaults to CKK_GENERIC_SECRET; an HMAC-specific type may be asked for.
Result<objects::AttributeMap> generate_generic_secret(const MechContext& ctx, const objects::AttributeMap& tmpl) {
  TRY_STATUS(require_no_param(*ctx.mechanism));
  TRY_ASSIGN(std::optional<CK_ULONG> len, tmpl.get_ulong_checked(CKA_VALUE_LEN));
  if (!len) return err(CKR_TEMPLATE_INCOMPLETE);
  if (*len < kGenericKeyGenMinBytes || *len > kGenericKeyGenMaxBytes) return err(CKR_KEY_SIZE_RANGE);
  TRY_ASSIGN(std::optional<CK_ULONG> key_type, tmpl.get_ulong_checked(CKA_KEY_TYPE));
  if (key_type && !is_hmac_capable_key_type(*key_type)) return err(CKR_TEMPLATE_INCONSISTENT);
  SecureBytes value(*len);
  TRY_STATUS(crypto::random_bytes_for_key(value));
  objects::AttributeMap out;
  out.set_ulong(CKA_CLASS, CKO_SECRET_KEY);
  out.set_ulong(CKA_KEY_TYPE, key_type.value_or(CKK_GENERIC_SECRET));
  out.set(CKA_VALUE, std::move(value));
  out.set_ulong(CKA_VALUE_LEN, *len);
  return out;
}

}  // namespace

std::optional<HmacMechanismInfo> hmac_mechanism_info(CK_MECHANISM_TYPE type) {
  for (const HmacRow& row : kHmacRows) {
    if (row.mech == type) return HmacMechanismInfo{row.alg, false, row.specific_type};
    if (row.general_mech == type) return HmacMechanismInfo{row.alg, true, row.specific_type};
  }
  return std::nullopt;
}

bool is_hmac_capable_key_type(CK_KEY_TYPE type) {
  if (type == CKK_GENERIC_SECRET) return true;
  for (const HmacRow& row : kHmacRows)
    if (row.specific_type == type) return true;
  return false;
}

Status check_hmac_key(const objects::ObjectData& key, const HmacMechanismInfo& info) {
  if (key.object_class() != CKO_SECRET_KEY) return err(CKR_KEY_TYPE_INCONSISTENT);
  const CK_KEY_TYPE type = key.key_type();
  if (type != CKK_GENERIC_SECRET && type != info.specific_type) return err(CKR_KEY_TYPE_INCONSISTENT);
  const std::size_t n = key.attrs.view(CKA_VALUE).size();
  if (n < kHmacMinKeyBytes || n > kHmacMaxKeyBytes) return err(CKR_KEY_SIZE_RANGE);
  return Status::ok();
}

Result<std::shared_ptr<const crypto::HmacKey>> cached_hmac_key(const objects::ObjectData& key, HashAlg alg) {
  TRY_ASSIGN(auto set, key.cache.get_or_build<HmacKeySet>(
                           []() -> Result<std::shared_ptr<const HmacKeySet>> {
                             return std::make_shared<const HmacKeySet>();
                           }));
  return set->get(alg, key.attrs.view(CKA_VALUE));
}

void register_hmac(Registry& r) {
  for (const HmacRow& row : kHmacRows) {
    for (bool general : {false, true}) {
      MechanismEntry e;
      e.type = general ? row.general_mech : row.mech;
      e.name = general ? row.general_name : row.name;
      e.min_key_size = kHmacMinKeyBytes;  // bytes
      e.max_key_size = kHmacMaxKeyBytes;
      e.flags = CKF_SIGN | CKF_VERIFY;
      // Approved as an algorithm; keys under 112 bits are refused by the
      // module's approved-mode key-size policy, not here.
      e.fips_approved = true;
      e.sign = make_sign;
      e.verify = make_verify;
      r.add(e);
    }
  }
  MechanismEntry gen;
  gen.type = CKM_GENERIC_SECRET_KEY_GEN;
  gen.name = "CKM_GENERIC_SECRET_KEY_GEN";
  gen.min_key_size = kGenericKeyGenMinBytes * 8;  // bits, as the spec gives for this mechanism
  gen.max_key_size = kGenericKeyGenMaxBytes * 8;
  gen.flags = CKF_GENERATE;
  gen.fips_approved = true;
  gen.generate_key = generate_generic_secret;
  r.add(gen);
}

}  // namespace craton::mech
