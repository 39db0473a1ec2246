// The attribute tables. Each block mirrors one table of the PKCS#11 3.2
// specification; the footnote flags are the spec's, with these deliberate
// departures (each marked "DECISION" where it occurs):
//  - CKA_PRIVATE defaults to CK_TRUE for private and secret keys and CK_FALSE
//    for everything else (the spec leaves it token-specific).
//  - CKA_SENSITIVE defaults to CK_FALSE and CKA_EXTRACTABLE to CK_TRUE
//    (token-specific in the spec; matches SoftHSM and the common clients).
//  - Usage flags (footnote 9, token-specific) default to CK_TRUE for every
//    usage defined on the class: public ENCRYPT/VERIFY/VERIFY_RECOVER/WRAP/
//    ENCAPSULATE, private DECRYPT/SIGN/SIGN_RECOVER/UNWRAP/DECAPSULATE, secret
//    ENCRYPT/DECRYPT/SIGN/VERIFY/WRAP/UNWRAP. CKA_DERIVE defaults to CK_FALSE.
//    Many clients (OpenSSL engines, p11tool) rely on true defaults; a key's
//    mechanisms still have to accept its type, so a true flag the key type
//    cannot use is harmless.
//  - CKA_ALLOWED_MECHANISMS and the template attributes are modifiable
//    (no footnote 8 in the spec); they default to empty, and an empty
//    CKA_ALLOWED_MECHANISMS means "no restriction".
//  - CKA_PUBLIC_CRC64_VALUE carries footnotes 1,4,13 in the spec; it is not
//    required at C_CreateObject here, because no 3.0 client sends it.
//  - ML-KEM / ML-DSA private CKA_VALUE is not footnote 1: the spec text (and
//    the errata, oasis-tcs/pkcs11 PR #120) accept CKA_SEED and/or CKA_VALUE.
//  - CKA_VALUE_LEN of secret keys is footnotes 2,3 only (not 6): unwrap and
//    derive templates may carry it, as the mechanism texts allow.
//  - CKA_OBJECT_VALIDATION_FLAGS is token-set (the token decides validation).
//  - CKA_COPYABLE may be changed from CK_TRUE to CK_FALSE at any time.
//  - Private-key CKA_PUBLIC_KEY_INFO is not modifiable here (footnote 8 in
//    the spec) because changing it needs a consistency check against the key.
#include "objects/attribute_schema.h"

#include <array>

#include "craton/pkcs11/craton_vendor.h"
#include "objects/attribute_checks.h"

namespace craton::objects {
namespace {

using K = AttrKind;
using D = AttrDefault;
using namespace fn;  // NOLINT: footnote names keep the rows readable

constexpr std::uint32_t kTok = k2 | k4 | k6 | kTokenSet;  // set by the token only

// Common storage object attributes (every class).
constexpr AttrRule kStorage[] = {
    {CKA_CLASS, K::kUlong, k1, D::kNone},
    {CKA_TOKEN, K::kBool, kCopyOnly, D::kFalse},
    {CKA_MODIFIABLE, K::kBool, kCopyOnly, D::kTrue},
    {CKA_LABEL, K::kString, k8, D::kEmpty},
    {CKA_COPYABLE, K::kBool, k8 | k12, D::kTrue},  // DECISION: may go TRUE -> FALSE
    {CKA_DESTROYABLE, K::kBool, kCopyOnly, D::kTrue},
    {CKA_UNIQUE_ID, K::kString, kTok, D::kNone},  // the module assigns it
};

// Data objects. DECISION: CKA_PRIVATE default CK_FALSE for non-key objects.
constexpr AttrRule kData[] = {
    {CKA_PRIVATE, K::kBool, kCopyOnly, D::kFalse},
    {CKA_APPLICATION, K::kString, k8, D::kEmpty},
    {CKA_OBJECT_ID, K::kBytes, k8, D::kEmpty},
    {CKA_VALUE, K::kBytes, k8, D::kEmpty},
};

// Common certificate attributes. CKA_CHECK_VALUE is computed (SHA-1 of CKA_VALUE).
constexpr AttrRule kCertificate[] = {
    {CKA_PRIVATE, K::kBool, kCopyOnly, D::kFalse},
    {CKA_CERTIFICATE_TYPE, K::kUlong, k1, D::kNone},
    {CKA_TRUSTED, K::kBool, k8 | k10, D::kFalse},
    {CKA_CERTIFICATE_CATEGORY, K::kUlong, 0, D::kZero},
    {CKA_CHECK_VALUE, K::kBytes, 0, D::kNone},
    {CKA_START_DATE, K::kDate, 0, D::kEmpty},
    {CKA_END_DATE, K::kDate, 0, D::kEmpty},
    {CKA_PUBLIC_KEY_INFO, K::kBytes, 0, D::kEmpty},
};

// X.509 public key certificates: only ID, ISSUER, SERIAL_NUMBER (and LABEL) modifiable.
constexpr AttrRule kX509[] = {
    {CKA_SUBJECT, K::kBytes, k1, D::kNone},
    {CKA_ID, K::kBytes, k8, D::kEmpty},
    {CKA_ISSUER, K::kBytes, k8, D::kEmpty},
    {CKA_SERIAL_NUMBER, K::kBytes, k8, D::kEmpty},
    {CKA_VALUE, K::kBytes, k1, D::kNone},  // may be empty only if CKA_URL is not
    {CKA_URL, K::kString, 0, D::kEmpty},
    {CKA_HASH_OF_SUBJECT_PUBLIC_KEY, K::kBytes, 0, D::kEmpty},
    {CKA_HASH_OF_ISSUER_PUBLIC_KEY, K::kBytes, 0, D::kEmpty},
    {CKA_JAVA_MIDP_SECURITY_DOMAIN, K::kUlong, 0, D::kZero},
    {CKA_NAME_HASH_ALGORITHM, K::kUlong, 0, D::kNone},  // absent means SHA-1
};

constexpr AttrRule kWtls[] = {
    {CKA_SUBJECT, K::kBytes, k1, D::kNone},
    {CKA_ISSUER, K::kBytes, k8, D::kEmpty},
    {CKA_VALUE, K::kBytes, k1, D::kNone},
    {CKA_URL, K::kString, 0, D::kEmpty},
    {CKA_HASH_OF_SUBJECT_PUBLIC_KEY, K::kBytes, 0, D::kEmpty},
    {CKA_HASH_OF_ISSUER_PUBLIC_KEY, K::kBytes, 0, D::kEmpty},
    {CKA_NAME_HASH_ALGORITHM, K::kUlong, 0, D::kNone},
};

constexpr AttrRule kAttrCert[] = {
    {CKA_OWNER, K::kBytes, k1, D::kNone},
    {CKA_AC_ISSUER, K::kBytes, k8, D::kEmpty},
    {CKA_SERIAL_NUMBER, K::kBytes, k8, D::kEmpty},
    {CKA_ATTR_TYPES, K::kBytes, k8, D::kEmpty},
    {CKA_VALUE, K::kBytes, k1, D::kNone},
};

// Common key attributes.
constexpr AttrRule kKey[] = {
    {CKA_KEY_TYPE, K::kUlong, k1 | k5, D::kNone},
    {CKA_ID, K::kBytes, k8, D::kEmpty},
    {CKA_START_DATE, K::kDate, k8, D::kEmpty},
    {CKA_END_DATE, K::kDate, k8, D::kEmpty},
    {CKA_DERIVE, K::kBool, k8, D::kFalse},
    {CKA_LOCAL, K::kBool, kTok, D::kNone},
    {CKA_KEY_GEN_MECHANISM, K::kUlong, kTok, D::kNone},
    {CKA_ALLOWED_MECHANISMS, K::kMechList, k8, D::kEmpty},  // DECISION: modifiable, empty = any
    {CKA_OBJECT_VALIDATION_FLAGS, K::kUlong, kTok, D::kNone},
    // SP 800-57 lifecycle: one-way to CK_TRUE (craton_vendor.h).
    {CKA_VENDOR_CRATON_COMPROMISED, K::kBool, k8 | k11, D::kNone},
};

// Common public key attributes.
constexpr AttrRule kPublic[] = {
    {CKA_PRIVATE, K::kBool, kCopyOnly, D::kFalse},
    {CKA_SUBJECT, K::kBytes, k8, D::kEmpty},
    {CKA_ENCRYPT, K::kBool, k8, D::kTrue},
    {CKA_VERIFY, K::kBool, k8, D::kTrue},
    {CKA_VERIFY_RECOVER, K::kBool, k8, D::kTrue},
    {CKA_WRAP, K::kBool, k8, D::kTrue},
    {CKA_ENCAPSULATE, K::kBool, k8, D::kTrue},
    {CKA_TRUSTED, K::kBool, k8 | k10, D::kFalse},
    {CKA_WRAP_TEMPLATE, K::kAttrArray, k8, D::kEmpty},
    {CKA_ENCAPSULATE_TEMPLATE, K::kAttrArray, k8, D::kEmpty},
    {CKA_PUBLIC_KEY_INFO, K::kBytes, 0, D::kNone},  // filled by the key family when it can
    {CKA_PUBLIC_CRC64_VALUE, K::kBytes, k4, D::kNone},
};

// Common private key attributes. DECISION: CKA_PRIVATE default CK_TRUE for keys with secrets.
constexpr AttrRule kPrivate[] = {
    {CKA_PRIVATE, K::kBool, kCopyOnly, D::kTrue},
    {CKA_SUBJECT, K::kBytes, k8, D::kEmpty},
    {CKA_SENSITIVE, K::kBool, k8 | k11, D::kFalse},
    {CKA_DECRYPT, K::kBool, k8, D::kTrue},
    {CKA_SIGN, K::kBool, k8, D::kTrue},
    {CKA_SIGN_RECOVER, K::kBool, k8, D::kTrue},
    {CKA_UNWRAP, K::kBool, k8, D::kTrue},
    {CKA_DECAPSULATE, K::kBool, k8, D::kTrue},
    {CKA_EXTRACTABLE, K::kBool, k8 | k12, D::kTrue},
    {CKA_ALWAYS_SENSITIVE, K::kBool, kTok, D::kNone},
    {CKA_NEVER_EXTRACTABLE, K::kBool, kTok, D::kNone},
    {CKA_WRAP_WITH_TRUSTED, K::kBool, k8 | k11, D::kFalse},
    {CKA_UNWRAP_TEMPLATE, K::kAttrArray, k8, D::kEmpty},
    {CKA_DECAPSULATE_TEMPLATE, K::kAttrArray, k8, D::kEmpty},
    {CKA_DERIVE_TEMPLATE, K::kAttrArray, k8, D::kEmpty},
    {CKA_ALWAYS_AUTHENTICATE, K::kBool, 0, D::kFalse},
    {CKA_PUBLIC_KEY_INFO, K::kBytes, 0, D::kNone},
    {CKA_PUBLIC_CRC64_VALUE, K::kBytes, k4, D::kNone},
};

// Common secret key attributes. CKA_CHECK_VALUE is computed; callers may
// give it (must match) or give it empty (suppresses it), see the spec text.
constexpr AttrRule kSecret[] = {
    {CKA_PRIVATE, K::kBool, kCopyOnly, D::kTrue},
    {CKA_SENSITIVE, K::kBool, k8 | k11, D::kFalse},
    {CKA_ENCRYPT, K::kBool, k8, D::kTrue},
    {CKA_DECRYPT, K::kBool, k8, D::kTrue},
    {CKA_SIGN, K::kBool, k8, D::kTrue},
    {CKA_VERIFY, K::kBool, k8, D::kTrue},
    {CKA_WRAP, K::kBool, k8, D::kTrue},
    {CKA_UNWRAP, K::kBool, k8, D::kTrue},
    {CKA_EXTRACTABLE, K::kBool, k8 | k12, D::kTrue},
    {CKA_ALWAYS_SENSITIVE, K::kBool, kTok, D::kNone},
    {CKA_NEVER_EXTRACTABLE, K::kBool, kTok, D::kNone},
    {CKA_CHECK_VALUE, K::kBytes, k8, D::kNone},
    {CKA_WRAP_WITH_TRUSTED, K::kBool, k8 | k11, D::kFalse},
    {CKA_TRUSTED, K::kBool, k8 | k10, D::kFalse},
    {CKA_WRAP_TEMPLATE, K::kAttrArray, k8, D::kEmpty},
    {CKA_UNWRAP_TEMPLATE, K::kAttrArray, k8, D::kEmpty},
    {CKA_DERIVE_TEMPLATE, K::kAttrArray, k8, D::kEmpty},
};

// Key types.
constexpr AttrRule kRsaPublic[] = {
    {CKA_MODULUS, K::kBigInt, k1 | k4, D::kNone},
    {CKA_MODULUS_BITS, K::kUlong, k2 | k3, D::kNone},  // computed from CKA_MODULUS at create
    {CKA_PUBLIC_EXPONENT, K::kBigInt, k1, D::kNone},
};
constexpr AttrRule kRsaPrivate[] = {
    {CKA_MODULUS, K::kBigInt, k1 | k4 | k6, D::kNone},
    {CKA_PUBLIC_EXPONENT, K::kBigInt, k1 | k4 | k6, D::kNone},
    {CKA_PRIVATE_EXPONENT, K::kBigInt, k1 | k4 | k6 | k7, D::kNone},
    {CKA_PRIME_1, K::kBigInt, k4 | k6 | k7, D::kNone},
    {CKA_PRIME_2, K::kBigInt, k4 | k6 | k7, D::kNone},
    {CKA_EXPONENT_1, K::kBigInt, k4 | k6 | k7, D::kNone},
    {CKA_EXPONENT_2, K::kBigInt, k4 | k6 | k7, D::kNone},
    {CKA_COEFFICIENT, K::kBigInt, k4 | k6 | k7, D::kNone},
};
// CKK_EC, CKK_EC_EDWARDS and CKK_EC_MONTGOMERY share one shape.
constexpr AttrRule kEcPublic[] = {
    {CKA_EC_PARAMS, K::kBytes, k1 | k3, D::kNone},
    {CKA_EC_POINT, K::kBytes, k1 | k4, D::kNone},
};
constexpr AttrRule kEcPrivate[] = {
    {CKA_EC_PARAMS, K::kBytes, k1 | k4 | k6, D::kNone},
    {CKA_VALUE, K::kBigInt, k1 | k4 | k6 | k7, D::kNone},
};
// ML-KEM, ML-DSA, SLH-DSA: the parameter set comes from the public template.
constexpr AttrRule kPqcPublic[] = {
    {CKA_PARAMETER_SET, K::kUlong, k1 | k3, D::kNone},
    {CKA_VALUE, K::kBytes, k1 | k4, D::kNone},
};
constexpr AttrRule kSeededPrivate[] = {  // ML-KEM, ML-DSA
    {CKA_PARAMETER_SET, K::kUlong, k1 | k4 | k6, D::kNone},
    {CKA_SEED, K::kBytes, k4 | k6 | k7, D::kNone},
    {CKA_VALUE, K::kBytes, k4 | k6 | k7, D::kNone},  // DECISION: seed and/or value
};
constexpr OneOfRule kSeedOrValue[] = {{CKA_SEED, CKA_VALUE}};
constexpr AttrRule kSlhDsaPrivate[] = {
    {CKA_PARAMETER_SET, K::kUlong, k1 | k4 | k6, D::kNone},
    {CKA_VALUE, K::kBytes, k1 | k4 | k6 | k7, D::kNone},
};
// Vendor X-Wing (craton_vendor.h): CKA_VALUE is the 1216-byte encapsulation
// key / the 32-byte seed; lengths are checked by the mechanism family.
constexpr AttrRule kXwingPublic[] = {
    {CKA_VALUE, K::kBytes, k1 | k4, D::kNone},
};
constexpr AttrRule kXwingPrivate[] = {
    {CKA_VALUE, K::kBytes, k1 | k4 | k6 | k7, D::kNone},
};
// AES, AES-XTS, generic secret, HMAC key types, HKDF.
constexpr AttrRule kSecretWithLen[] = {
    {CKA_VALUE, K::kBytes, k1 | k4 | k6 | k7, D::kNone},
    {CKA_VALUE_LEN, K::kUlong, k2 | k3, D::kNone},  // DECISION: allowed at unwrap/derive
};
// ChaCha20, Poly1305: fixed 32-byte keys, no CKA_VALUE_LEN.
constexpr AttrRule kSecretFixed[] = {
    {CKA_VALUE, K::kBytes, k1 | k4 | k6 | k7, D::kNone},
};

// CKO_VALIDATION (PKCS#11 3.2): published by the module itself, one per
// token; applications cannot create one (build_new_object refuses the class).
constexpr AttrRule kValidation[] = {
    {CKA_PRIVATE, K::kBool, kCopyOnly, D::kFalse},
    {CKA_VALIDATION_TYPE, K::kUlong, kTok, D::kNone},
    {CKA_VALIDATION_VERSION, K::kBytes, kTok, D::kNone},
    {CKA_VALIDATION_LEVEL, K::kUlong, kTok, D::kNone},
    {CKA_VALIDATION_MODULE_ID, K::kString, kTok, D::kNone},
    {CKA_VALIDATION_FLAG, K::kUlong, kTok, D::kNone},
    {CKA_VALIDATION_AUTHORITY_TYPE, K::kUlong, kTok, D::kNone},
    {CKA_VALIDATION_COUNTRY, K::kString, kTok, D::kNone},
    {CKA_VALIDATION_CERTIFICATE_IDENTIFIER, K::kString, kTok, D::kNone},
    {CKA_VALIDATION_CERTIFICATE_URI, K::kString, kTok, D::kNone},
    {CKA_VALIDATION_VENDOR_URI, K::kString, kTok, D::kNone},
    {CKA_VALIDATION_PROFILE, K::kString, kTok, D::kNone},
};

constexpr std::span<const AttrRule> kNoRows{};

constexpr ObjectSchema data_schema() {
  return ObjectSchema{CKO_DATA, kNoSubtype, {kStorage, kData, kNoRows, kNoRows}, {}, nullptr, nullptr};
}
constexpr ObjectSchema cert_schema(CK_CERTIFICATE_TYPE t, std::span<const AttrRule> rows,
                                   Status (*check)(const AttributeMap&)) {
  return ObjectSchema{CKO_CERTIFICATE, t, {kStorage, kCertificate, rows, kNoRows}, {}, check, checks::kcv_sha1};
}
constexpr ObjectSchema pub_schema(CK_KEY_TYPE t, std::span<const AttrRule> rows,
                                  Status (*check)(const AttributeMap&) = nullptr) {
  return ObjectSchema{CKO_PUBLIC_KEY, t, {kStorage, kPublic, kKey, rows}, {}, check, nullptr};
}
constexpr ObjectSchema priv_schema(CK_KEY_TYPE t, std::span<const AttrRule> rows,
                                   Status (*check)(const AttributeMap&) = nullptr,
                                   std::span<const OneOfRule> one_of = {}) {
  return ObjectSchema{CKO_PRIVATE_KEY, t, {kStorage, kPrivate, kKey, rows}, one_of, check, nullptr};
}
constexpr ObjectSchema secret_schema(CK_KEY_TYPE t, std::span<const AttrRule> rows,
                                     Status (*check)(const AttributeMap&),
                                     Result<SecureBytes> (*kcv)(const AttributeMap&)) {
  return ObjectSchema{CKO_SECRET_KEY, t, {kStorage, kSecret, kKey, rows}, {}, check, kcv};
}

const ObjectSchema kSchemas[] = {
    data_schema(),
    ObjectSchema{CKO_VALIDATION, kNoSubtype, {kStorage, kValidation, kNoRows, kNoRows}, {}, nullptr, nullptr},
    cert_schema(CKC_X_509, kX509, checks::x509_certificate),
    cert_schema(CKC_WTLS, kWtls, checks::wtls_certificate),
    cert_schema(CKC_X_509_ATTR_CERT, kAttrCert, checks::attribute_certificate),
    pub_schema(CKK_RSA, kRsaPublic),
    priv_schema(CKK_RSA, kRsaPrivate),
    pub_schema(CKK_EC, kEcPublic),
    priv_schema(CKK_EC, kEcPrivate),
    pub_schema(CKK_EC_EDWARDS, kEcPublic),
    priv_schema(CKK_EC_EDWARDS, kEcPrivate),
    pub_schema(CKK_EC_MONTGOMERY, kEcPublic),
    priv_schema(CKK_EC_MONTGOMERY, kEcPrivate),
    pub_schema(CKK_ML_KEM, kPqcPublic, checks::ml_kem_public),
    priv_schema(CKK_ML_KEM, kSeededPrivate, checks::ml_kem_private, kSeedOrValue),
    pub_schema(CKK_ML_DSA, kPqcPublic, checks::ml_dsa_public),
    priv_schema(CKK_ML_DSA, kSeededPrivate, checks::ml_dsa_private, kSeedOrValue),
    pub_schema(CKK_SLH_DSA, kPqcPublic, checks::slh_dsa_public),
    priv_schema(CKK_SLH_DSA, kSlhDsaPrivate, checks::slh_dsa_private),
    pub_schema(CKK_VENDOR_XWING, kXwingPublic),
    priv_schema(CKK_VENDOR_XWING, kXwingPrivate),
    secret_schema(CKK_AES, kSecretWithLen, checks::aes_key, checks::kcv_aes),
    secret_schema(CKK_AES_XTS, kSecretWithLen, checks::aes_xts_key, nullptr),
    secret_schema(CKK_GENERIC_SECRET, kSecretWithLen, checks::nonempty_key, checks::kcv_sha1),
    secret_schema(CKK_HKDF, kSecretWithLen, checks::nonempty_key, checks::kcv_sha1),
    secret_schema(CKK_SHA_1_HMAC, kSecretWithLen, checks::nonempty_key, checks::kcv_sha1),
    secret_schema(CKK_SHA224_HMAC, kSecretWithLen, checks::nonempty_key, checks::kcv_sha1),
    secret_schema(CKK_SHA256_HMAC, kSecretWithLen, checks::nonempty_key, checks::kcv_sha1),
    secret_schema(CKK_SHA384_HMAC, kSecretWithLen, checks::nonempty_key, checks::kcv_sha1),
    secret_schema(CKK_SHA512_HMAC, kSecretWithLen, checks::nonempty_key, checks::kcv_sha1),
    secret_schema(CKK_SHA512_224_HMAC, kSecretWithLen, checks::nonempty_key, checks::kcv_sha1),
    secret_schema(CKK_SHA512_256_HMAC, kSecretWithLen, checks::nonempty_key, checks::kcv_sha1),
    secret_schema(CKK_SHA3_224_HMAC, kSecretWithLen, checks::nonempty_key, checks::kcv_sha1),
    secret_schema(CKK_SHA3_256_HMAC, kSecretWithLen, checks::nonempty_key, checks::kcv_sha1),
    secret_schema(CKK_SHA3_384_HMAC, kSecretWithLen, checks::nonempty_key, checks::kcv_sha1),
    secret_schema(CKK_SHA3_512_HMAC, kSecretWithLen, checks::nonempty_key, checks::kcv_sha1),
    secret_schema(CKK_CHACHA20, kSecretFixed, checks::key_32_bytes, nullptr),
    secret_schema(CKK_POLY1305, kSecretFixed, checks::key_32_bytes, nullptr),
};

}  // namespace

const AttrRule* ObjectSchema::find(CK_ATTRIBUTE_TYPE type) const {
  for (const auto& table : tables)
    for (const AttrRule& r : table)
      if (r.type == type) return &r;
  return nullptr;
}

const ObjectSchema* find_schema(CK_OBJECT_CLASS cls, CK_ULONG subtype) {
  for (const ObjectSchema& s : kSchemas)
    if (s.cls == cls && s.subtype == subtype) return &s;
  return nullptr;
}

bool class_has_subtype(CK_OBJECT_CLASS cls, CK_ATTRIBUTE_TYPE* subtype_attr) {
  if (is_key_class(cls)) {
    *subtype_attr = CKA_KEY_TYPE;
    return true;
  }
  if (cls == CKO_CERTIFICATE) {
    *subtype_attr = CKA_CERTIFICATE_TYPE;
    return true;
  }
  return false;
}

bool is_key_class(CK_OBJECT_CLASS cls) {
  return cls == CKO_PUBLIC_KEY || cls == CKO_PRIVATE_KEY || cls == CKO_SECRET_KEY;
}

const ObjectSchema* schema_of(const AttributeMap& attrs) {
  auto cls = attrs.get_ulong(CKA_CLASS);
  if (!cls) return nullptr;
  CK_ATTRIBUTE_TYPE sub_attr = 0;
  if (!class_has_subtype(*cls, &sub_attr)) return find_schema(*cls, kNoSubtype);
  auto sub = attrs.get_ulong(sub_attr);
  return sub ? find_schema(*cls, *sub) : nullptr;
}

const AttrKind* kind_of(CK_ATTRIBUTE_TYPE type) {
  for (const ObjectSchema& s : kSchemas)
    if (const AttrRule* r = s.find(type)) return &r->kind;
  return nullptr;
}

}  // namespace craton::objects
