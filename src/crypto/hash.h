// Message digests (SHA-1, SHA-2, SHA-3) over OpenSSL, without OpenSSL types.
#pragma once

#include <cstddef>
#include <memory>
#include <string_view>

#include "core/result.h"
#include "core/secure_memory.h"

struct evp_md_ctx_st;

namespace craton::crypto {

enum class HashAlg {
  kSha1, kSha224, kSha256, kSha384, kSha512, kSha512_224, kSha512_256,
  kSha3_224, kSha3_256, kSha3_384, kSha3_512,
};

std::size_t hash_size(HashAlg alg);
std::size_t hash_block_size(HashAlg alg);
const char* hash_name(HashAlg alg);  // OpenSSL algorithm name, e.g. "SHA2-256"

// A streaming hash. Move-only; clone() copies the running state.
//
// Under the default backend SHA-1, SHA-224/256 and SHA-384/512 run on
// OpenSSL's one-shot block functions (the same SHA-NI / AVX code) held in a
// plain state: an EVP context spends ~60 ns per message re-creating its
// provider state, the whole cost of a 64-byte digest. Under the FIPS
// provider, and for the other algorithms, every hash is an EVP context.
struct DirectHashState;
class Hash {
 public:
  static Result<Hash> create(HashAlg alg);
  Hash(Hash&&) noexcept;
  Hash& operator=(Hash&&) noexcept;
  ~Hash();

  HashAlg alg() const { return alg_; }
  std::size_t size() const { return hash_size(alg_); }
  Status update(ByteView data);
  Status final(MutableByteView out);  // out.size() >= size()
  Result<Hash> clone() const;
  // Restarts the digest (same algorithm) in this context, wiping the old
  // state: no fetch and no new context (OpenSSL 3.0 still reallocates an
  // EVP digest's small internal state).
  Status reset();
  // Copies `other`'s running state (same algorithm) into this context, so a
  // hot loop can fork a shared prefix without creating a context per use.
  Status copy_from(const Hash& other);

 private:
  Hash(HashAlg alg, evp_md_ctx_st* ctx, DirectHashState* direct) : alg_(alg), ctx_(ctx), direct_(direct) {}
  HashAlg alg_;
  evp_md_ctx_st* ctx_;         // exactly one of ctx_ and direct_ is set
  DirectHashState* direct_;
};

Result<Bytes> hash(HashAlg alg, ByteView data);

}  // namespace craton::crypto
