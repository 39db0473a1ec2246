#include "mechanisms/hash_mechanisms.h"

namespace craton::mech {

std::optional<crypto::HashAlg> hash_for_digest_mechanism(CK_MECHANISM_TYPE type) {
  using crypto::HashAlg;
  switch (type) {
    case CKM_SHA_1: return HashAlg::kSha1;
    case CKM_SHA224: return HashAlg::kSha224;
    case CKM_SHA256: return HashAlg::kSha256;
    case CKM_SHA384: return HashAlg::kSha384;
    case CKM_SHA512: return HashAlg::kSha512;
    case CKM_SHA512_224: return HashAlg::kSha512_224;
    case CKM_SHA512_256: return HashAlg::kSha512_256;
    case CKM_SHA3_224: return HashAlg::kSha3_224;
    case CKM_SHA3_256: return HashAlg::kSha3_256;
    case CKM_SHA3_384: return HashAlg::kSha3_384;
    case CKM_SHA3_512: return HashAlg::kSha3_512;
    default: return std::nullopt;
  }
}

std::optional<crypto::HashAlg> hash_for_mgf(CK_RSA_PKCS_MGF_TYPE mgf) {
  using crypto::HashAlg;
  switch (mgf) {
    case CKG_MGF1_SHA1: return HashAlg::kSha1;
    case CKG_MGF1_SHA224: return HashAlg::kSha224;
    case CKG_MGF1_SHA256: return HashAlg::kSha256;
    case CKG_MGF1_SHA384: return HashAlg::kSha384;
    case CKG_MGF1_SHA512: return HashAlg::kSha512;
    case CKG_MGF1_SHA3_224: return HashAlg::kSha3_224;
    case CKG_MGF1_SHA3_256: return HashAlg::kSha3_256;
    case CKG_MGF1_SHA3_384: return HashAlg::kSha3_384;
    case CKG_MGF1_SHA3_512: return HashAlg::kSha3_512;
    default: return std::nullopt;
  }
}

}  // namespace craton::mech
