// RSA mechanism parameters (PSS, OAEP) and the small integer helpers the
// RSA operations share.
#include <algorithm>
#include <climits>
#include <cstring>

#include "mechanisms/hash_mechanisms.h"
#include "mechanisms/rsa_internal.h"

namespace craton::mech::rsa {
namespace {

using crypto::HashAlg;
using crypto::RsaPad;

struct HashedRow {
  CK_MECHANISM_TYPE type;
  HashAlg hash;
  RsaPad pad;
};

constexpr HashedRow kHashed[] = {
    {CKM_SHA1_RSA_PKCS, HashAlg::kSha1, RsaPad::kPkcs1},
    {CKM_SHA224_RSA_PKCS, HashAlg::kSha224, RsaPad::kPkcs1},
    {CKM_SHA256_RSA_PKCS, HashAlg::kSha256, RsaPad::kPkcs1},
    {CKM_SHA384_RSA_PKCS, HashAlg::kSha384, RsaPad::kPkcs1},
    {CKM_SHA512_RSA_PKCS, HashAlg::kSha512, RsaPad::kPkcs1},
    {CKM_SHA3_224_RSA_PKCS, HashAlg::kSha3_224, RsaPad::kPkcs1},
    {CKM_SHA3_256_RSA_PKCS, HashAlg::kSha3_256, RsaPad::kPkcs1},
    {CKM_SHA3_384_RSA_PKCS, HashAlg::kSha3_384, RsaPad::kPkcs1},
    {CKM_SHA3_512_RSA_PKCS, HashAlg::kSha3_512, RsaPad::kPkcs1},
    {CKM_SHA1_RSA_PKCS_PSS, HashAlg::kSha1, RsaPad::kPss},
    {CKM_SHA224_RSA_PKCS_PSS, HashAlg::kSha224, RsaPad::kPss},
    {CKM_SHA256_RSA_PKCS_PSS, HashAlg::kSha256, RsaPad::kPss},
    {CKM_SHA384_RSA_PKCS_PSS, HashAlg::kSha384, RsaPad::kPss},
    {CKM_SHA512_RSA_PKCS_PSS, HashAlg::kSha512, RsaPad::kPss},
    {CKM_SHA3_224_RSA_PKCS_PSS, HashAlg::kSha3_224, RsaPad::kPss},
    {CKM_SHA3_256_RSA_PKCS_PSS, HashAlg::kSha3_256, RsaPad::kPss},
    {CKM_SHA3_384_RSA_PKCS_PSS, HashAlg::kSha3_384, RsaPad::kPss},
    {CKM_SHA3_512_RSA_PKCS_PSS, HashAlg::kSha3_512, RsaPad::kPss},
};

// The hashes PSS and OAEP accept as hashAlg: those an MGF1 can also use.
std::optional<HashAlg> param_hash(CK_MECHANISM_TYPE hash_mech) {
  auto h = hash_for_digest_mechanism(hash_mech);
  if (!h || *h == HashAlg::kSha512_224 || *h == HashAlg::kSha512_256) return std::nullopt;
  return h;
}

Result<Mechanism> parse_pss(const CK_MECHANISM& m, std::optional<HashAlg> required) {
  TRY_ASSIGN(const CK_RSA_PKCS_PSS_PARAMS* p, param_as<CK_RSA_PKCS_PSS_PARAMS>(m));
  auto hash = param_hash(p->hashAlg);
  auto mgf = hash_for_mgf(p->mgf);
  if (!hash || !mgf || p->sLen > INT_MAX) return err(CKR_MECHANISM_PARAM_INVALID);
  // The hash-and-sign forms fix the hash; a different hashAlg is a contradiction.
  if (required && *hash != *required) return err(CKR_MECHANISM_PARAM_INVALID);
  Mechanism out;
  out.params = crypto::RsaParams{RsaPad::kPss, hash, *mgf, static_cast<int>(p->sLen), {}};
  out.hashed = required.has_value();
  return out;
}

Result<Mechanism> parse_oaep(const CK_MECHANISM& m) {
  TRY_ASSIGN(const CK_RSA_PKCS_OAEP_PARAMS* p, param_as<CK_RSA_PKCS_OAEP_PARAMS>(m));
  auto hash = param_hash(p->hashAlg);
  auto mgf = hash_for_mgf(p->mgf);
  if (!hash || !mgf) return err(CKR_MECHANISM_PARAM_INVALID);
  ByteView label;
  if (p->source == CKZ_DATA_SPECIFIED) {
    if (p->pSourceData == nullptr && p->ulSourceDataLen != 0) return err(CKR_MECHANISM_PARAM_INVALID);
    if (p->pSourceData != nullptr)
      label = ByteView(static_cast<const std::uint8_t*>(p->pSourceData), p->ulSourceDataLen);
  } else if (p->source != 0 || p->ulSourceDataLen != 0) {
    // Source 0 (seen from several applications) means: no label.
    return err(CKR_MECHANISM_PARAM_INVALID);
  }
  Mechanism out;
  out.params = crypto::RsaParams{RsaPad::kOaep, hash, *mgf, 0, label};
  return out;
}

}  // namespace

ByteView strip_leading_zeros(ByteView v) {
  std::size_t i = 0;
  while (i < v.size() && v[i] == 0) ++i;
  return v.subspan(i);
}

std::size_t bit_length(ByteView big_endian) {
  ByteView v = strip_leading_zeros(big_endian);
  if (v.empty()) return 0;
  std::size_t top = 0;
  for (unsigned b = v[0]; b != 0; b >>= 1) ++top;
  return (v.size() - 1) * 8 + top;
}

bool below_modulus(ByteView padded, ByteView modulus) {
  return padded.size() == modulus.size() && std::memcmp(padded.data(), modulus.data(), padded.size()) < 0;
}

Result<SecureBytes> left_pad(ByteView data, std::size_t k) {
  if (data.size() > k) return err(CKR_DATA_LEN_RANGE);
  SecureBytes out(k, 0);
  std::copy(data.begin(), data.end(), out.begin() + static_cast<std::ptrdiff_t>(k - data.size()));
  return out;
}

Result<Mechanism> parse_mechanism(const CK_MECHANISM& m) {
  switch (m.mechanism) {
    case CKM_RSA_PKCS:
    case CKM_RSA_X_509: {
      TRY_STATUS(require_no_param(m));
      Mechanism out;
      out.params.pad = m.mechanism == CKM_RSA_PKCS ? RsaPad::kPkcs1 : RsaPad::kNone;
      return out;
    }
    case CKM_RSA_PKCS_PSS: return parse_pss(m, std::nullopt);
    case CKM_RSA_PKCS_OAEP: return parse_oaep(m);
    default: break;
  }
  for (const HashedRow& row : kHashed) {
    if (row.type != m.mechanism) continue;
    if (row.pad == RsaPad::kPss) return parse_pss(m, row.hash);
    TRY_STATUS(require_no_param(m));
    Mechanism out;
    out.params.pad = RsaPad::kPkcs1;
    out.params.hash = row.hash;
    out.hashed = true;
    return out;
  }
  return err(CKR_MECHANISM_INVALID);
}

Status check_against_key(const Mechanism& m, std::size_t k, std::size_t bits) {
  const crypto::RsaParams& p = m.params;
  if (p.pad == RsaPad::kPss) {
    // RFC 8017 9.1.1: emLen >= hLen + sLen + 2, emLen = ceil((modBits - 1) / 8).
    const std::size_t em_len = (bits - 1 + 7) / 8;
    const std::size_t need = crypto::hash_size(*p.hash) + static_cast<std::size_t>(p.salt_len) + 2;
    if (em_len < need) return err(CKR_MECHANISM_PARAM_INVALID);
  }
  if (p.pad == RsaPad::kOaep && k < 2 * crypto::hash_size(*p.hash) + 2) return err(CKR_KEY_SIZE_RANGE);
  return Status::ok();
}

std::size_t max_input(const crypto::RsaParams& p, std::size_t k) {
  switch (p.pad) {
    case RsaPad::kNone: return k;
    case RsaPad::kPkcs1: return k >= 11 ? k - 11 : 0;
    case RsaPad::kPss: return crypto::hash_size(*p.hash);
    case RsaPad::kOaep: {
      const std::size_t overhead = 2 * crypto::hash_size(*p.hash) + 2;
      return k >= overhead ? k - overhead : 0;
    }
  }
  return 0;
}

}  // namespace craton::mech::rsa
