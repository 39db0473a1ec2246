// The direct path uses SHA*_Init/Update/Final, deprecated in OpenSSL 3 for
// application code but kept, and the fastest way to its SHA code.
#define OPENSSL_SUPPRESS_DEPRECATED
#include "crypto/hash.h"

#include <openssl/sha.h>

#include <new>

#include "crypto/ossl/internal/drbg_internal.h"
#include "crypto/ossl/internal/handles.h"

namespace craton::crypto {
namespace {
struct HashInfo {
  const char* name;
  std::size_t size;
  std::size_t block;
};
const HashInfo& info(HashAlg alg) {
  static const HashInfo kTable[] = {
      {"SHA1", 20, 64},         {"SHA2-224", 28, 64},     {"SHA2-256", 32, 64},
      {"SHA2-384", 48, 128},    {"SHA2-512", 64, 128},    {"SHA2-512/224", 28, 128},
      {"SHA2-512/256", 32, 128}, {"SHA3-224", 28, 144},    {"SHA3-256", 32, 136},
      {"SHA3-384", 48, 104},    {"SHA3-512", 64, 72},
  };
  return kTable[static_cast<int>(alg)];
}
}  // namespace

std::size_t hash_size(HashAlg alg) { return info(alg).size; }
std::size_t hash_block_size(HashAlg alg) { return info(alg).block; }
const char* hash_name(HashAlg alg) { return info(alg).name; }

// --- The direct path (see hash.h) -------------------------------------------

struct DirectHashState {
  HashAlg alg;
  union {
    SHA_CTX sha1;
    SHA256_CTX sha256;  // SHA-224 and SHA-256
    SHA512_CTX sha512;  // SHA-384 and SHA-512
  };
};

namespace {

bool direct_alg(HashAlg alg) {
  switch (alg) {
    case HashAlg::kSha1:
    case HashAlg::kSha224:
    case HashAlg::kSha256:
    case HashAlg::kSha384:
    case HashAlg::kSha512:
      return !ossl::fips_provider_active();
    default:
      return false;
  }
}

bool direct_init(DirectHashState& d) {
  switch (d.alg) {
    case HashAlg::kSha1: return SHA1_Init(&d.sha1) == 1;
    case HashAlg::kSha224: return SHA224_Init(&d.sha256) == 1;
    case HashAlg::kSha256: return SHA256_Init(&d.sha256) == 1;
    case HashAlg::kSha384: return SHA384_Init(&d.sha512) == 1;
    case HashAlg::kSha512: return SHA512_Init(&d.sha512) == 1;
    default: return false;
  }
}

bool direct_update(DirectHashState& d, ByteView data) {
  switch (d.alg) {
    case HashAlg::kSha1: return SHA1_Update(&d.sha1, data.data(), data.size()) == 1;
    case HashAlg::kSha224: return SHA224_Update(&d.sha256, data.data(), data.size()) == 1;
    case HashAlg::kSha256: return SHA256_Update(&d.sha256, data.data(), data.size()) == 1;
    case HashAlg::kSha384: return SHA384_Update(&d.sha512, data.data(), data.size()) == 1;
    case HashAlg::kSha512: return SHA512_Update(&d.sha512, data.data(), data.size()) == 1;
    default: return false;
  }
}

bool direct_final(DirectHashState& d, std::uint8_t* out) {
  switch (d.alg) {
    case HashAlg::kSha1: return SHA1_Final(out, &d.sha1) == 1;
    case HashAlg::kSha224: return SHA224_Final(out, &d.sha256) == 1;
    case HashAlg::kSha256: return SHA256_Final(out, &d.sha256) == 1;
    case HashAlg::kSha384: return SHA384_Final(out, &d.sha512) == 1;
    case HashAlg::kSha512: return SHA512_Final(out, &d.sha512) == 1;
    default: return false;
  }
}

// The state may hold buffered message bytes (C_DigestKey digests keys).
void free_direct(DirectHashState* d) {
  if (d == nullptr) return;
  secure_wipe(d, sizeof *d);
  delete d;
}

}  // namespace

Result<Hash> Hash::create(HashAlg alg) {
  if (direct_alg(alg)) {
    auto* d = new (std::nothrow) DirectHashState;
    if (d == nullptr) return err(CKR_HOST_MEMORY);
    d->alg = alg;
    if (!direct_init(*d)) {
      free_direct(d);
      return ossl::drain(CKR_FUNCTION_FAILED);
    }
    return Hash(alg, nullptr, d);
  }
  const EVP_MD* md = ossl::fetched_md(hash_name(alg));
  if (md == nullptr) return ossl::drain(CKR_MECHANISM_INVALID);
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  if (ctx == nullptr) return ossl::drain(CKR_HOST_MEMORY);
  if (EVP_DigestInit_ex2(ctx, md, nullptr) != 1) {
    EVP_MD_CTX_free(ctx);
    return ossl::drain(CKR_FUNCTION_FAILED);
  }
  return Hash(alg, ctx, nullptr);
}

Hash::Hash(Hash&& o) noexcept : alg_(o.alg_), ctx_(o.ctx_), direct_(o.direct_) {
  o.ctx_ = nullptr;
  o.direct_ = nullptr;
}
Hash& Hash::operator=(Hash&& o) noexcept {
  if (this != &o) {
    EVP_MD_CTX_free(ctx_);
    free_direct(direct_);
    alg_ = o.alg_;
    ctx_ = o.ctx_;
    direct_ = o.direct_;
    o.ctx_ = nullptr;
    o.direct_ = nullptr;
  }
  return *this;
}
Hash::~Hash() {
  EVP_MD_CTX_free(ctx_);
  free_direct(direct_);
}

Status Hash::update(ByteView data) {
  if (data.empty()) return Status::ok();
  if (direct_ != nullptr) return direct_update(*direct_, data) ? Status::ok() : err(CKR_FUNCTION_FAILED);
  if (EVP_DigestUpdate(ctx_, data.data(), data.size()) != 1) return ossl::drain(CKR_FUNCTION_FAILED);
  return Status::ok();
}

Status Hash::final(MutableByteView out) {
  if (out.size() < size()) return buffer_too_small(size());
  if (direct_ != nullptr) return direct_final(*direct_, out.data()) ? Status::ok() : err(CKR_FUNCTION_FAILED);
  unsigned int len = 0;
  if (EVP_DigestFinal_ex(ctx_, out.data(), &len) != 1) return ossl::drain(CKR_FUNCTION_FAILED);
  return Status::ok();
}

Result<Hash> Hash::clone() const {
  if (direct_ != nullptr) {
    auto* d = new (std::nothrow) DirectHashState(*direct_);
    if (d == nullptr) return err(CKR_HOST_MEMORY);
    return Hash(alg_, nullptr, d);
  }
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  if (ctx == nullptr) return ossl::drain(CKR_HOST_MEMORY);
  if (EVP_MD_CTX_copy_ex(ctx, ctx_) != 1) {
    EVP_MD_CTX_free(ctx);
    return ossl::drain(CKR_FUNCTION_FAILED);
  }
  return Hash(alg_, ctx, nullptr);
}

Status Hash::reset() {
  if (direct_ != nullptr) {
    // SHA384/512_Init leave the block buffer as it was: wipe it (it may hold
    // digested key bytes) before starting again.
    const HashAlg alg = direct_->alg;
    secure_wipe(direct_, sizeof *direct_);
    direct_->alg = alg;
    return direct_init(*direct_) ? Status::ok() : err(CKR_FUNCTION_FAILED);
  }
  // A null type re-initialises with the context's own digest.
  if (EVP_DigestInit_ex2(ctx_, nullptr, nullptr) != 1) return ossl::drain(CKR_FUNCTION_FAILED);
  return Status::ok();
}

Status Hash::copy_from(const Hash& other) {
  if (other.alg_ != alg_ || (other.direct_ == nullptr) != (direct_ == nullptr)) return err(CKR_GENERAL_ERROR);
  if (direct_ != nullptr) {
    *direct_ = *other.direct_;
    return Status::ok();
  }
  if (EVP_MD_CTX_copy_ex(ctx_, other.ctx_) != 1) return ossl::drain(CKR_FUNCTION_FAILED);
  return Status::ok();
}

Result<Bytes> hash(HashAlg alg, ByteView data) {
  TRY_ASSIGN(Hash h, Hash::create(alg));  // the same path as streaming digests
  TRY_STATUS(h.update(data));
  Bytes out(hash_size(alg));
  TRY_STATUS(h.final(out));
  return out;
}

}  // namespace craton::crypto
