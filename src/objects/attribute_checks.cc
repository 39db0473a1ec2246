#include "objects/attribute_checks.h"

#include <array>
#include <cstddef>

#include "crypto/cipher.h"
#include "crypto/hash.h"

namespace craton::objects::checks {
namespace {

constexpr std::size_t kKcvLen = 3;

Status value_size_in(const AttributeMap& attrs, CK_ATTRIBUTE_TYPE type, std::initializer_list<std::size_t> sizes) {
  const SecureBytes* v = attrs.find(type);
  if (v == nullptr) return Status::ok();  // presence is the tables' business
  for (std::size_t s : sizes)
    if (v->size() == s) return Status::ok();
  return err(CKR_ATTRIBUTE_VALUE_INVALID);
}

// FIPS 203 / 204 sizes per parameter set (index = CKP_* value - 1).
struct PqcSizes {
  std::size_t public_key;
  std::size_t private_key;
  std::size_t seed;
};
constexpr std::array<PqcSizes, 3> kMlKem = {{{800, 1632, 64}, {1184, 2400, 64}, {1568, 3168, 64}}};
constexpr std::array<PqcSizes, 3> kMlDsa = {{{1312, 2560, 32}, {1952, 4032, 32}, {2592, 4896, 32}}};

// The parameter set, or CKR_PARAMETER_SET_NOT_SUPPORTED (CKR_TEMPLATE_INCOMPLETE if absent).
Result<CK_ULONG> parameter_set(const AttributeMap& attrs, CK_ULONG count) {
  auto p = attrs.get_ulong(CKA_PARAMETER_SET);
  if (!p) return err(CKR_TEMPLATE_INCOMPLETE);
  if (*p < 1 || *p > count) return err(CKR_PARAMETER_SET_NOT_SUPPORTED);
  return *p;
}

Status seeded_public(const AttributeMap& attrs, const std::array<PqcSizes, 3>& table) {
  TRY_ASSIGN(CK_ULONG p, parameter_set(attrs, table.size()));
  return value_size_in(attrs, CKA_VALUE, {table[p - 1].public_key});
}

Status seeded_private(const AttributeMap& attrs, const std::array<PqcSizes, 3>& table) {
  TRY_ASSIGN(CK_ULONG p, parameter_set(attrs, table.size()));
  TRY_STATUS(value_size_in(attrs, CKA_VALUE, {table[p - 1].private_key}));
  return value_size_in(attrs, CKA_SEED, {table[p - 1].seed});
}

// SLH-DSA: n = 16, 24, 32 bytes for CKP 1-4, 5-8, 9-12; pk = 2n, sk = 4n (FIPS 205).
Result<std::size_t> slh_dsa_n(const AttributeMap& attrs) {
  TRY_ASSIGN(CK_ULONG p, parameter_set(attrs, 12));
  return std::size_t{16} + 8 * ((p - 1) / 4);
}

bool empty_or_absent(const AttributeMap& attrs, CK_ATTRIBUTE_TYPE type) {
  const SecureBytes* v = attrs.find(type);
  return v == nullptr || v->empty();
}

// Spec footnotes of the certificate tables: CKA_VALUE non-empty unless
// CKA_URL is; the public-key hashes "can only be empty if CKA_URL is empty".
Status value_or_url(const AttributeMap& attrs) {
  bool no_url = empty_or_absent(attrs, CKA_URL);
  if (no_url && empty_or_absent(attrs, CKA_VALUE)) return err(CKR_ATTRIBUTE_VALUE_INVALID);
  if (!no_url && (empty_or_absent(attrs, CKA_HASH_OF_SUBJECT_PUBLIC_KEY) ||
                  empty_or_absent(attrs, CKA_HASH_OF_ISSUER_PUBLIC_KEY)))
    return err(CKR_TEMPLATE_INCOMPLETE);
  return Status::ok();
}

Status ulong_at_most(const AttributeMap& attrs, CK_ATTRIBUTE_TYPE type, CK_ULONG max) {
  auto v = attrs.get_ulong(type);
  if (v && *v > max) return err(CKR_ATTRIBUTE_VALUE_INVALID);
  return Status::ok();
}

}  // namespace

Status aes_key(const AttributeMap& attrs) { return value_size_in(attrs, CKA_VALUE, {16, 24, 32}); }
Status aes_xts_key(const AttributeMap& attrs) { return value_size_in(attrs, CKA_VALUE, {32, 64}); }
Status key_32_bytes(const AttributeMap& attrs) { return value_size_in(attrs, CKA_VALUE, {32}); }

Status nonempty_key(const AttributeMap& attrs) {
  const SecureBytes* v = attrs.find(CKA_VALUE);
  if (v != nullptr && v->empty()) return err(CKR_ATTRIBUTE_VALUE_INVALID);
  return Status::ok();
}

Status ml_kem_public(const AttributeMap& attrs) { return seeded_public(attrs, kMlKem); }
Status ml_kem_private(const AttributeMap& attrs) { return seeded_private(attrs, kMlKem); }
Status ml_dsa_public(const AttributeMap& attrs) { return seeded_public(attrs, kMlDsa); }
Status ml_dsa_private(const AttributeMap& attrs) { return seeded_private(attrs, kMlDsa); }

Status slh_dsa_public(const AttributeMap& attrs) {
  TRY_ASSIGN(std::size_t n, slh_dsa_n(attrs));
  return value_size_in(attrs, CKA_VALUE, {2 * n});
}

Status slh_dsa_private(const AttributeMap& attrs) {
  TRY_ASSIGN(std::size_t n, slh_dsa_n(attrs));
  return value_size_in(attrs, CKA_VALUE, {4 * n});
}

Status x509_certificate(const AttributeMap& attrs) {
  TRY_STATUS(value_or_url(attrs));
  TRY_STATUS(ulong_at_most(attrs, CKA_CERTIFICATE_CATEGORY, CK_CERTIFICATE_CATEGORY_OTHER_ENTITY));
  return ulong_at_most(attrs, CKA_JAVA_MIDP_SECURITY_DOMAIN, CK_SECURITY_DOMAIN_THIRD_PARTY);
}

Status wtls_certificate(const AttributeMap& attrs) {
  TRY_STATUS(value_or_url(attrs));
  return ulong_at_most(attrs, CKA_CERTIFICATE_CATEGORY, CK_CERTIFICATE_CATEGORY_OTHER_ENTITY);
}

Status attribute_certificate(const AttributeMap& attrs) {
  if (empty_or_absent(attrs, CKA_VALUE)) return err(CKR_ATTRIBUTE_VALUE_INVALID);
  return ulong_at_most(attrs, CKA_CERTIFICATE_CATEGORY, CK_CERTIFICATE_CATEGORY_OTHER_ENTITY);
}

Result<SecureBytes> kcv_aes(const AttributeMap& attrs) {
  const SecureBytes* key = attrs.find(CKA_VALUE);
  if (key == nullptr || !crypto::aes_key_size_ok(key->size())) return SecureBytes();
  TRY_ASSIGN(crypto::Cipher c, crypto::Cipher::create(crypto::CipherMode::kEcb, key->view(), true));
  TRY_STATUS(c.start({}));
  std::array<std::uint8_t, crypto::kAesBlockSize> zero{};
  SecureBytes block(crypto::kAesBlockSize);
  TRY_ASSIGN(std::size_t n, c.update(zero, MutableByteView(block.data(), block.size())));
  if (n < kKcvLen) return err(CKR_GENERAL_ERROR);
  block.resize(kKcvLen);
  return block;
}

Result<SecureBytes> kcv_sha1(const AttributeMap& attrs) {
  const SecureBytes* value = attrs.find(CKA_VALUE);
  if (value == nullptr || value->empty()) return SecureBytes();
  TRY_ASSIGN(Bytes digest, crypto::hash(crypto::HashAlg::kSha1, value->view()));
  SecureBytes kcv(digest.begin(), digest.begin() + kKcvLen);
  secure_wipe(digest.data(), digest.size());
  return kcv;
}

}  // namespace craton::objects::checks
