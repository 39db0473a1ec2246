// RSA family registration: the mechanism rows, the CKK_RSA PKCS#8 codec and
// the import check. The operations live in rsa_sign.cc, rsa_crypt.cc and
// rsa_keys.cc.
#include "mechanisms/families.h"
#include "mechanisms/registry.h"
#include "mechanisms/rsa_internal.h"

namespace craton::mech {
namespace {

enum Ops : unsigned {
  kSignVerify = 1u << 0,
  kRecover = 1u << 1,
  kCrypt = 1u << 2,
  kWrap = 1u << 3,
  kKeyGen = 1u << 4,
};

struct Row {
  CK_MECHANISM_TYPE type;
  std::string_view name;
  unsigned ops;
  bool approved;
};

// Approved: key generation, PKCS#1 v1.5 signatures with SHA-2/SHA-3, PSS,
// OAEP. Not approved: raw RSA, PKCS#1 v1.5 encryption, SHA-1 signing.
constexpr Row kRows[] = {
    {CKM_RSA_PKCS_KEY_PAIR_GEN, "CKM_RSA_PKCS_KEY_PAIR_GEN", kKeyGen, true},
    {CKM_RSA_PKCS, "CKM_RSA_PKCS", kSignVerify | kRecover | kCrypt | kWrap, false},
    {CKM_RSA_X_509, "CKM_RSA_X_509", kSignVerify | kRecover | kCrypt, false},
    {CKM_RSA_PKCS_OAEP, "CKM_RSA_PKCS_OAEP", kCrypt | kWrap, true},
    {CKM_RSA_PKCS_PSS, "CKM_RSA_PKCS_PSS", kSignVerify, true},
    {CKM_SHA1_RSA_PKCS, "CKM_SHA1_RSA_PKCS", kSignVerify, false},
    {CKM_SHA224_RSA_PKCS, "CKM_SHA224_RSA_PKCS", kSignVerify, true},
    {CKM_SHA256_RSA_PKCS, "CKM_SHA256_RSA_PKCS", kSignVerify, true},
    {CKM_SHA384_RSA_PKCS, "CKM_SHA384_RSA_PKCS", kSignVerify, true},
    {CKM_SHA512_RSA_PKCS, "CKM_SHA512_RSA_PKCS", kSignVerify, true},
    {CKM_SHA3_224_RSA_PKCS, "CKM_SHA3_224_RSA_PKCS", kSignVerify, true},
    {CKM_SHA3_256_RSA_PKCS, "CKM_SHA3_256_RSA_PKCS", kSignVerify, true},
    {CKM_SHA3_384_RSA_PKCS, "CKM_SHA3_384_RSA_PKCS", kSignVerify, true},
    {CKM_SHA3_512_RSA_PKCS, "CKM_SHA3_512_RSA_PKCS", kSignVerify, true},
    {CKM_SHA1_RSA_PKCS_PSS, "CKM_SHA1_RSA_PKCS_PSS", kSignVerify, false},
    {CKM_SHA224_RSA_PKCS_PSS, "CKM_SHA224_RSA_PKCS_PSS", kSignVerify, true},
    {CKM_SHA256_RSA_PKCS_PSS, "CKM_SHA256_RSA_PKCS_PSS", kSignVerify, true},
    {CKM_SHA384_RSA_PKCS_PSS, "CKM_SHA384_RSA_PKCS_PSS", kSignVerify, true},
    {CKM_SHA512_RSA_PKCS_PSS, "CKM_SHA512_RSA_PKCS_PSS", kSignVerify, true},
    {CKM_SHA3_224_RSA_PKCS_PSS, "CKM_SHA3_224_RSA_PKCS_PSS", kSignVerify, true},
    {CKM_SHA3_256_RSA_PKCS_PSS, "CKM_SHA3_256_RSA_PKCS_PSS", kSignVerify, true},
    {CKM_SHA3_384_RSA_PKCS_PSS, "CKM_SHA3_384_RSA_PKCS_PSS", kSignVerify, true},
    {CKM_SHA3_512_RSA_PKCS_PSS, "CKM_SHA3_512_RSA_PKCS_PSS", kSignVerify, true},
};

MechanismEntry entry_for(const Row& row) {
  MechanismEntry e;
  e.type = row.type;
  e.name = row.name;
  e.min_key_size = rsa::kMinBits;
  e.max_key_size = rsa::kMaxBits;
  e.fips_approved = row.approved;
  if (row.ops & kSignVerify) {
    e.flags |= CKF_SIGN | CKF_VERIFY;
    e.sign = rsa::make_sign;
    e.verify = rsa::make_verify;
  }
  if (row.ops & kRecover) {
    e.flags |= CKF_SIGN_RECOVER | CKF_VERIFY_RECOVER;
    e.sign_recover = rsa::make_sign_recover;
    e.verify_recover = rsa::make_verify_recover;
  }
  if (row.ops & kCrypt) {
    e.flags |= CKF_ENCRYPT | CKF_DECRYPT;
    e.encrypt = rsa::make_encrypt;
    e.decrypt = rsa::make_decrypt;
  }
  if (row.ops & kWrap) {
    e.flags |= CKF_WRAP | CKF_UNWRAP;
    e.wrap = rsa::wrap;
    e.unwrap = rsa::unwrap;
  }
  if (row.ops & kKeyGen) {
    e.flags |= CKF_GENERATE_KEY_PAIR;
    e.generate_key_pair = rsa::generate_key_pair;
  }
  return e;
}

}  // namespace

void register_rsa(Registry& r) {
  for (const Row& row : kRows) r.add(entry_for(row));
  add_private_key_codec(PrivateKeyCodec{CKK_RSA, rsa::encode_pkcs8, rsa::decode_pkcs8});
  add_key_import_check(KeyImportCheck{CKK_RSA, rsa::check_import});
}

}  // namespace craton::mech
