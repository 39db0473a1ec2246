// Known-answer tests: SHA-1, SHA-2 and SHA-3 (FIPS 180-4, FIPS 202).
#include "crypto/hash.h"
#include "fips/kats.h"

namespace craton::fips {
namespace {

using crypto::HashAlg;

// SHA-1 and SHA-2: the one-block message "abc" of NIST's "Examples with
// Intermediate Values" (csrc.nist.gov, SHA_All.pdf / SHA512_224.pdf /
// SHA512_256.pdf).
constexpr char kAbc[] = "616263";

// SHA-3: NIST ACVP-Server v1.1.0.43 sample vectors, SHA3-*-2.0 folders
// (shared/vectors/acvp), test group 1 (AFT); tcId noted per case.
struct HashVector {
  HashAlg alg;
  const char* message;
  const char* digest;
};

constexpr HashVector kSha1 = {HashAlg::kSha1, kAbc, "a9993e364706816aba3e25717850c26c9cd0d89d"};
constexpr HashVector kSha224 = {HashAlg::kSha224, kAbc, "23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7"};
constexpr HashVector kSha256 = {HashAlg::kSha256, kAbc,
                                "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"};
constexpr HashVector kSha384 = {HashAlg::kSha384, kAbc,
                                "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded163"
                                "1a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7"};
constexpr HashVector kSha512 = {HashAlg::kSha512, kAbc,
                                "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
                                "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"};
constexpr HashVector kSha512_224 = {HashAlg::kSha512_224, kAbc,
                                    "4634270f707b6a54daae7530460842e20e37ed265ceee9a43e8924aa"};
constexpr HashVector kSha512_256 = {HashAlg::kSha512_256, kAbc,
                                    "53048e2681941ef99b2e29b76b4c7dabe4c2d0c634fc6d46e0e2f13107e7af23"};
// SHA3-224 tcId 312, SHA3-256 tcId 276, SHA3-384 tcId 197, SHA3-512 tcId 51.
constexpr HashVector kSha3_224 = {HashAlg::kSha3_224, "d9dd0eaa9b6a",
                                  "fdc3d8619e040d11451316aca55c71b09093e9f87f85e9ba7655432b"};
constexpr HashVector kSha3_256 = {HashAlg::kSha3_256, "9f470e35",
                                  "1f3475a6bb7c146bffc31076be6fe9b848f037b981982ce2636ad257193b7ffc"};
constexpr HashVector kSha3_384 = {HashAlg::kSha3_384, "c386d35fec",
                                  "ecf7d5d32b3d7a374df3f171c0db7f5fa14716d93bf79c70"
                                  "2283f2a12524758559db4bef7c282c35135c70cdbe09132e"};
constexpr HashVector kSha3_512 = {HashAlg::kSha3_512, "1fe59e8b",
                                  "71f74456a5f6c9295c0c6564a2c2c6c2be5737c5d7420abc0c4826f1ace4ecd2"
                                  "81e671222d226222a587fb2e67ff9d3dcba67af94b1bbeb5b768b6a7907c0af5"};

// Through the streaming Hash class, the path the digest mechanisms use.
Status run(KatContext& ctx, const HashVector& v) {
  TRY_ASSIGN(crypto::Hash h, crypto::Hash::create(v.alg));
  TRY_STATUS(h.update(hex(v.message)));
  Bytes out(h.size());
  TRY_STATUS(h.final(out));
  return ctx.check(out, hex(v.digest));
}

}  // namespace

Status kat_sha1(KatContext& ctx) { return run(ctx, kSha1); }
Status kat_sha224(KatContext& ctx) { return run(ctx, kSha224); }
Status kat_sha256(KatContext& ctx) { return run(ctx, kSha256); }
Status kat_sha384(KatContext& ctx) { return run(ctx, kSha384); }
Status kat_sha512(KatContext& ctx) { return run(ctx, kSha512); }
Status kat_sha512_224(KatContext& ctx) { return run(ctx, kSha512_224); }
Status kat_sha512_256(KatContext& ctx) { return run(ctx, kSha512_256); }
Status kat_sha3_224(KatContext& ctx) { return run(ctx, kSha3_224); }
Status kat_sha3_256(KatContext& ctx) { return run(ctx, kSha3_256); }
Status kat_sha3_384(KatContext& ctx) { return run(ctx, kSha3_384); }
Status kat_sha3_512(KatContext& ctx) { return run(ctx, kSha3_512); }

}  // namespace craton::fips
