// CKM_PKCS5_PBKD2: PBKDF2 as a key-generation mechanism (C_GenerateKey with
// a password in the mechanism parameter), as PKCS#11 defines it.
#include <cstdint>
#include <optional>

#include "core/safe_read.h"
#include "crypto/kdf.h"
#include "mechanisms/kdf_family.h"
#include "mechanisms/registry.h"

namespace craton::mech {
namespace {

using crypto::HashAlg;

// Longest password accepted; see read_password_length for why it matters.
constexpr CK_ULONG kMaxPasswordLen = 0xFFFF;

std::optional<HashAlg> prf_hash(CK_PKCS5_PBKD2_PSEUDO_RANDOM_FUNCTION_TYPE prf) {
  switch (prf) {
    case CKP_PKCS5_PBKD2_HMAC_SHA1: return HashAlg::kSha1;
    case CKP_PKCS5_PBKD2_HMAC_SHA224: return HashAlg::kSha224;
    case CKP_PKCS5_PBKD2_HMAC_SHA256: return HashAlg::kSha256;
    case CKP_PKCS5_PBKD2_HMAC_SHA384: return HashAlg::kSha384;
    case CKP_PKCS5_PBKD2_HMAC_SHA512: return HashAlg::kSha512;
    case CKP_PKCS5_PBKD2_HMAC_SHA512_224: return HashAlg::kSha512_224;
    case CKP_PKCS5_PBKD2_HMAC_SHA512_256: return HashAlg::kSha512_256;
    default: return std::nullopt;
  }
}

// CK_PKCS5_PBKD2_PARAMS (v2.40: ulPasswordLen is a CK_ULONG_PTR) and
// CK_PKCS5_PBKD2_PARAMS2 (v3: a CK_ULONG) have the same size, and callers
// still send both: NSS 3.87 (pk12util) sends the old one. A value no larger
// than the password limit is a 3.x length (no pointer is that small: the
// first 64 KiB of an address space are never mapped). A larger, aligned
// value is taken as the old pointer and read without trusting it, so a 3.x
// caller's bad length gets an error, not a crash.
Result<CK_ULONG> read_password_length(CK_ULONG value) {
  if (value <= kMaxPasswordLen) return value;
  const auto pointed = read_ulong_if_mapped(reinterpret_cast<const void*>(static_cast<std::uintptr_t>(value)));
  if (!pointed || *pointed > kMaxPasswordLen) return err(CKR_MECHANISM_PARAM_INVALID);
  return static_cast<CK_ULONG>(*pointed);
}

struct Pbkdf2Input {
  HashAlg alg;
  ByteView salt;
  ByteView password;
  std::uint64_t iterations;
};

Result<Pbkdf2Input> parse_params(const CK_MECHANISM& m) {
  static_assert(sizeof(CK_PKCS5_PBKD2_PARAMS) == sizeof(CK_PKCS5_PBKD2_PARAMS2));
  TRY_ASSIGN(const CK_PKCS5_PBKD2_PARAMS2* p, param_as<CK_PKCS5_PBKD2_PARAMS2>(m));
  if (p->saltSource != CKZ_SALT_SPECIFIED) return err(CKR_MECHANISM_PARAM_INVALID);
  if (p->ulSaltSourceDataLen != 0 && p->pSaltSourceData == nullptr) return err(CKR_MECHANISM_PARAM_INVALID);
  if (p->iterations == 0) return err(CKR_MECHANISM_PARAM_INVALID);
  const auto alg = prf_hash(p->prf);
  if (!alg) return err(CKR_MECHANISM_PARAM_INVALID);
  // The HMAC PRFs take no PRF data.
  if (p->pPrfData != nullptr || p->ulPrfDataLen != 0) return err(CKR_MECHANISM_PARAM_INVALID);
  TRY_ASSIGN(CK_ULONG pw_len, read_password_length(p->ulPasswordLen));
  if (pw_len != 0 && p->pPassword == nullptr) return err(CKR_MECHANISM_PARAM_INVALID);
  Pbkdf2Input in{*alg, {}, {}, p->iterations};
  if (p->ulSaltSourceDataLen != 0)
    in.salt = ByteView(static_cast<const std::uint8_t*>(p->pSaltSourceData), p->ulSaltSourceDataLen);
  if (pw_len != 0) in.password = ByteView(p->pPassword, pw_len);
  return in;
}

Result<objects::AttributeMap> generate_pbkdf2(const MechContext& ctx, const objects::AttributeMap& tmpl) {
  TRY_ASSIGN(Pbkdf2Input in, parse_params(*ctx.mechanism));
  TRY_ASSIGN(SecretKeyShape shape, secret_key_shape(tmpl, CKK_GENERIC_SECRET));
  SecureBytes value(shape.value_len);
  TRY_STATUS(crypto::pbkdf2(in.alg, in.password, in.salt, in.iterations, value));
  return secret_key_attributes(shape.key_type, std::move(value));
}

}  // namespace

void register_pbkdf2(Registry& r) {
  MechanismEntry e;
  e.type = CKM_PKCS5_PBKD2;
  e.name = "CKM_PKCS5_PBKD2";
  e.min_key_size = kKdfMinGeneratedBytes * 8;  // generated key, bits
  e.max_key_size = kKdfMaxGeneratedBytes * 8;
  e.flags = CKF_GENERATE;
  e.fips_approved = true;  // SP 800-132; salt/iteration minimums are module policy
  e.generate_key = generate_pbkdf2;
  r.add(e);
}

}  // namespace craton::mech
