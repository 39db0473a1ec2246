#include "crypto/hash.h"

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

Result<Hash> Hash::create(HashAlg alg) {
  const EVP_MD* md = ossl::fetched_md(hash_name(alg));
  if (md == nullptr) return ossl::drain(CKR_MECHANISM_INVALID);
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  if (ctx == nullptr) return ossl::drain(CKR_HOST_MEMORY);
  if (EVP_DigestInit_ex2(ctx, md, nullptr) != 1) {
    EVP_MD_CTX_free(ctx);
    return ossl::drain(CKR_FUNCTION_FAILED);
  }
  return Hash(alg, ctx);
}

Hash::Hash(Hash&& o) noexcept : alg_(o.alg_), ctx_(o.ctx_) { o.ctx_ = nullptr; }
Hash& Hash::operator=(Hash&& o) noexcept {
  if (this != &o) {
    EVP_MD_CTX_free(ctx_);
    alg_ = o.alg_;
    ctx_ = o.ctx_;
    o.ctx_ = nullptr;
  }
  return *this;
}
Hash::~Hash() { EVP_MD_CTX_free(ctx_); }

Status Hash::update(ByteView data) {
  if (data.empty()) return Status::ok();
  if (EVP_DigestUpdate(ctx_, data.data(), data.size()) != 1) return ossl::drain(CKR_FUNCTION_FAILED);
  return Status::ok();
}

Status Hash::final(MutableByteView out) {
  if (out.size() < size()) return buffer_too_small(size());
  unsigned int len = 0;
  if (EVP_DigestFinal_ex(ctx_, out.data(), &len) != 1) return ossl::drain(CKR_FUNCTION_FAILED);
  return Status::ok();
}

Result<Hash> Hash::clone() const {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  if (ctx == nullptr) return ossl::drain(CKR_HOST_MEMORY);
  if (EVP_MD_CTX_copy_ex(ctx, ctx_) != 1) {
    EVP_MD_CTX_free(ctx);
    return ossl::drain(CKR_FUNCTION_FAILED);
  }
  return Hash(alg_, ctx);
}

Status Hash::reset() {
  // A null type re-initialises with the context's own digest.
  if (EVP_DigestInit_ex2(ctx_, nullptr, nullptr) != 1) return ossl::drain(CKR_FUNCTION_FAILED);
  return Status::ok();
}

Status Hash::copy_from(const Hash& other) {
  if (other.alg_ != alg_) return err(CKR_GENERAL_ERROR);
  if (EVP_MD_CTX_copy_ex(ctx_, other.ctx_) != 1) return ossl::drain(CKR_FUNCTION_FAILED);
  return Status::ok();
}

Result<Bytes> hash(HashAlg alg, ByteView data) {
  const EVP_MD* md = ossl::fetched_md(hash_name(alg));
  if (md == nullptr) return ossl::drain(CKR_MECHANISM_INVALID);
  Bytes out(hash_size(alg));
  unsigned int len = 0;
  if (EVP_Digest(data.data(), data.size(), out.data(), &len, md, nullptr) != 1)
    return ossl::drain(CKR_FUNCTION_FAILED);
  return out;
}

}  // namespace craton::crypto
