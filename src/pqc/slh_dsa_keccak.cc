// Keccak-f[1600] (FIPS 202 section 3.3) with the 25 lanes in local
// variables and each round written out, so the compiler keeps the state in
// registers. The SHAKE parameter sets of SLH-DSA spend nearly all their time
// here; pqc/keccak.cc's generic loop version is several times slower.
// The same code runs on four states at once (a GCC/clang vector of four
// lanes, AVX2 when the CPU has it) to compute four WOTS+ chains in parallel.
#include <atomic>
#include <cstring>

#include "core/secure_memory.h"
#include "pqc/cpu_dispatch.h"
#include "pqc/slh_dsa_hash.h"

namespace craton::pqc::slh {
namespace {

// Round constants of iota, FIPS 202 section 3.2.5.
constexpr std::uint64_t kRc[24] = {
    0x0000000000000001ULL, 0x0000000000008082ULL, 0x800000000000808aULL, 0x8000000080008000ULL,
    0x000000000000808bULL, 0x0000000080000001ULL, 0x8000000080008081ULL, 0x8000000000008009ULL,
    0x000000000000008aULL, 0x0000000000000088ULL, 0x0000000080008009ULL, 0x000000008000000aULL,
    0x000000008000808bULL, 0x800000000000008bULL, 0x8000000000008089ULL, 0x8000000000008003ULL,
    0x8000000000008002ULL, 0x8000000000000080ULL, 0x000000000000800aULL, 0x800000008000000aULL,
    0x8000000080008081ULL, 0x8000000000008080ULL, 0x0000000080000001ULL, 0x8000000080008008ULL,
};

// A rotation by a constant 1..63 (a macro so it works on scalars and vectors alike).
#define ROTL(v, r) (((v) << (r)) | ((v) >> (64 - (r))))

// Lane A[x, y] is a<x + 5y>; theta, then rho and pi (B[y, 2x+3y] =
// rot(A[x, y], r[x, y])), chi and iota.
template <class T>
__attribute__((always_inline)) inline void permute_lanes(T* s) {
  T a0 = s[0];
  T a1 = s[1];
  T a2 = s[2];
  T a3 = s[3];
  T a4 = s[4];
  T a5 = s[5];
  T a6 = s[6];
  T a7 = s[7];
  T a8 = s[8];
  T a9 = s[9];
  T a10 = s[10];
  T a11 = s[11];
  T a12 = s[12];
  T a13 = s[13];
  T a14 = s[14];
  T a15 = s[15];
  T a16 = s[16];
  T a17 = s[17];
  T a18 = s[18];
  T a19 = s[19];
  T a20 = s[20];
  T a21 = s[21];
  T a22 = s[22];
  T a23 = s[23];
  T a24 = s[24];
  for (int round = 0; round < 24; ++round) {
    const T c0 = a0 ^ a5 ^ a10 ^ a15 ^ a20;
    const T c1 = a1 ^ a6 ^ a11 ^ a16 ^ a21;
    const T c2 = a2 ^ a7 ^ a12 ^ a17 ^ a22;
    const T c3 = a3 ^ a8 ^ a13 ^ a18 ^ a23;
    const T c4 = a4 ^ a9 ^ a14 ^ a19 ^ a24;
    const T d0 = c4 ^ ROTL(c1, 1);
    const T d1 = c0 ^ ROTL(c2, 1);
    const T d2 = c1 ^ ROTL(c3, 1);
    const T d3 = c2 ^ ROTL(c4, 1);
    const T d4 = c3 ^ ROTL(c0, 1);
    const T e0 = a0 ^ d0;
    const T e6 = a6 ^ d1;
    const T e12 = a12 ^ d2;
    const T e18 = a18 ^ d3;
    const T e24 = a24 ^ d4;
    const T e3 = a3 ^ d3;
    const T e9 = a9 ^ d4;
    const T e10 = a10 ^ d0;
    const T e16 = a16 ^ d1;
    const T e22 = a22 ^ d2;
    const T e1 = a1 ^ d1;
    const T e7 = a7 ^ d2;
    const T e13 = a13 ^ d3;
    const T e19 = a19 ^ d4;
    const T e20 = a20 ^ d0;
    const T e4 = a4 ^ d4;
    const T e5 = a5 ^ d0;
    const T e11 = a11 ^ d1;
    const T e17 = a17 ^ d2;
    const T e23 = a23 ^ d3;
    const T e2 = a2 ^ d2;
    const T e8 = a8 ^ d3;
    const T e14 = a14 ^ d4;
    const T e15 = a15 ^ d0;
    const T e21 = a21 ^ d1;
    const T b0 = e0;
    const T b1 = ROTL(e6, 44);
    const T b2 = ROTL(e12, 43);
    const T b3 = ROTL(e18, 21);
    const T b4 = ROTL(e24, 14);
    const T b5 = ROTL(e3, 28);
    const T b6 = ROTL(e9, 20);
    const T b7 = ROTL(e10, 3);
    const T b8 = ROTL(e16, 45);
    const T b9 = ROTL(e22, 61);
    const T b10 = ROTL(e1, 1);
    const T b11 = ROTL(e7, 6);
    const T b12 = ROTL(e13, 25);
    const T b13 = ROTL(e19, 8);
    const T b14 = ROTL(e20, 18);
    const T b15 = ROTL(e4, 27);
    const T b16 = ROTL(e5, 36);
    const T b17 = ROTL(e11, 10);
    const T b18 = ROTL(e17, 15);
    const T b19 = ROTL(e23, 56);
    const T b20 = ROTL(e2, 62);
    const T b21 = ROTL(e8, 55);
    const T b22 = ROTL(e14, 39);
    const T b23 = ROTL(e15, 41);
    const T b24 = ROTL(e21, 2);
    a0 = b0 ^ (~b1 & b2);
    a1 = b1 ^ (~b2 & b3);
    a2 = b2 ^ (~b3 & b4);
    a3 = b3 ^ (~b4 & b0);
    a4 = b4 ^ (~b0 & b1);
    a5 = b5 ^ (~b6 & b7);
    a6 = b6 ^ (~b7 & b8);
    a7 = b7 ^ (~b8 & b9);
    a8 = b8 ^ (~b9 & b5);
    a9 = b9 ^ (~b5 & b6);
    a10 = b10 ^ (~b11 & b12);
    a11 = b11 ^ (~b12 & b13);
    a12 = b12 ^ (~b13 & b14);
    a13 = b13 ^ (~b14 & b10);
    a14 = b14 ^ (~b10 & b11);
    a15 = b15 ^ (~b16 & b17);
    a16 = b16 ^ (~b17 & b18);
    a17 = b17 ^ (~b18 & b19);
    a18 = b18 ^ (~b19 & b15);
    a19 = b19 ^ (~b15 & b16);
    a20 = b20 ^ (~b21 & b22);
    a21 = b21 ^ (~b22 & b23);
    a22 = b22 ^ (~b23 & b24);
    a23 = b23 ^ (~b24 & b20);
    a24 = b24 ^ (~b20 & b21);
    a0 ^= kRc[round];
  }
  s[0] = a0;
  s[1] = a1;
  s[2] = a2;
  s[3] = a3;
  s[4] = a4;
  s[5] = a5;
  s[6] = a6;
  s[7] = a7;
  s[8] = a8;
  s[9] = a9;
  s[10] = a10;
  s[11] = a11;
  s[12] = a12;
  s[13] = a13;
  s[14] = a14;
  s[15] = a15;
  s[16] = a16;
  s[17] = a17;
  s[18] = a18;
  s[19] = a19;
  s[20] = a20;
  s[21] = a21;
  s[22] = a22;
  s[23] = a23;
  s[24] = a24;
}

#undef ROTL

using V4 = std::uint64_t __attribute__((vector_size(32)));

inline std::uint64_t load_le64(const std::uint8_t* p) {
  std::uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}

// The fixed part of the SHAKE input for one WOTS+ key pair, as lanes: the
// block is PK.seed || ADRS || payload, all lane-aligned because n is a
// multiple of 8. ADRS bytes 24..31 (chain and hash address) form lane `hl`.
struct ChainJob {
  std::size_t n, nl, pl, hl;
  std::uint32_t steps;
  std::uint64_t prf_pre[8];   // PK.seed || ADRS(WOTS_PRF, key pair) with chain = hash = 0
  std::uint64_t hash_pre[8];  // PK.seed || ADRS(WOTS_HASH, key pair) with chain = hash = 0
  std::uint64_t sk_seed[4];
};

inline std::uint64_t chain_hash_lane(std::uint32_t chain, std::uint32_t hash) {
  return __builtin_bswap32(chain) | (std::uint64_t{__builtin_bswap32(hash)} << 32);
}

// Absorbs prefix || payload into a fresh state with SHAKE's padding.
__attribute__((always_inline)) inline void load_block(const ChainJob& job, const std::uint64_t* pre,
                                                      const V4& hl_lane, const V4* payload, V4* st) {
  for (std::size_t l = 0; l < job.pl; ++l) st[l] = V4{} + pre[l];
  st[job.hl] |= hl_lane;
  for (std::size_t l = 0; l < job.nl; ++l) st[job.pl + l] = payload[l];
  st[job.pl + job.nl] = V4{} + 0x1FULL;
  for (std::size_t l = job.pl + job.nl + 1; l < 25; ++l) st[l] = V4{};
  st[16] ^= V4{} + 0x8000000000000000ULL;
}

// Chains first..first+3: PRF for the secret start, then `steps` F calls.
__attribute__((always_inline)) inline void chains4_body(const ChainJob& job, std::uint32_t first, std::uint32_t count,
                                                        std::uint8_t* out) {
  V4 st[25];
  V4 x[4];
  V4 sk[4];
  for (std::size_t l = 0; l < job.nl; ++l) sk[l] = V4{} + job.sk_seed[l];
  const V4 prf_lane = {chain_hash_lane(first, 0), chain_hash_lane(first + 1, 0), chain_hash_lane(first + 2, 0),
                       chain_hash_lane(first + 3, 0)};
  load_block(job, job.prf_pre, prf_lane, sk, st);
  permute_lanes(st);
  for (std::size_t l = 0; l < job.nl; ++l) x[l] = st[l];
  for (std::uint32_t j = 0; j < job.steps; ++j) {
    const V4 lane = {chain_hash_lane(first, j), chain_hash_lane(first + 1, j), chain_hash_lane(first + 2, j),
                     chain_hash_lane(first + 3, j)};
    load_block(job, job.hash_pre, lane, x, st);
    permute_lanes(st);
    for (std::size_t l = 0; l < job.nl; ++l) x[l] = st[l];
  }
  for (std::uint32_t k = 0; k < count; ++k)
    for (std::size_t l = 0; l < job.nl; ++l) {
      const std::uint64_t v = x[l][k];
      for (int b = 0; b < 8; ++b) out[(first + k) * job.n + 8 * l + b] = static_cast<std::uint8_t>(v >> (8 * b));
    }
  secure_wipe(sk, sizeof sk);
  secure_wipe(x, sizeof x);
  secure_wipe(st, sizeof st);
}

#if defined(__x86_64__) || defined(__i386__)
__attribute__((target("avx2"))) void chains4_avx2(const ChainJob& job, std::uint32_t first, std::uint32_t count,
                                                  std::uint8_t* out) {
  chains4_body(job, first, count, out);
}
bool detect_avx2() {
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx2");
}
const bool kHaveAvx2 = detect_avx2();
#endif
std::atomic<bool> g_allow_avx2{true};

void chains4_generic(const ChainJob& job, std::uint32_t first, std::uint32_t count, std::uint8_t* out) {
  chains4_body(job, first, count, out);
}

void prefix_lanes(const std::uint8_t* pk_seed, std::size_t n, const Adrs& adrs, std::uint64_t* lanes) {
  n = n < kSlhMaxN ? n : kSlhMaxN;  // lets GCC see the buffer suffices
  std::uint8_t buf[kSlhMaxN + 32];
  std::memcpy(buf, pk_seed, n);
  std::memcpy(buf + n, adrs.b, 32);
  std::memset(buf + n + 24, 0, 8);  // chain and hash address are filled in per call
  for (std::size_t l = 0; l < (n + 32) / 8; ++l) lanes[l] = load_le64(buf + 8 * l);
}

}  // namespace

void keccak_permute(std::uint64_t s[25]) { permute_lanes(s); }

void set_shake_avx2_allowed(bool allowed) { g_allow_avx2.store(allowed, std::memory_order_relaxed); }

void shake_wots_chains(const SlhParamSet& p, const std::uint8_t* pk_seed, const std::uint8_t* sk_seed,
                       const Adrs& adrs, std::uint8_t* out) {
  ChainJob job;
  job.n = p.n;
  job.nl = p.n / 8;
  job.pl = (p.n + 32) / 8;
  job.hl = (p.n + 24) / 8;
  job.steps = p.w() - 1;
  Adrs prf_adrs = adrs;
  prf_adrs.set_type_and_clear(kWotsPrf);
  prf_adrs.set_key_pair(adrs.key_pair());
  prefix_lanes(pk_seed, p.n, prf_adrs, job.prf_pre);
  prefix_lanes(pk_seed, p.n, adrs, job.hash_pre);
  for (std::size_t l = 0; l < job.nl; ++l) job.sk_seed[l] = load_le64(sk_seed + 8 * l);
  const std::uint32_t len = p.len();
  for (std::uint32_t first = 0; first < len; first += 4) {
    const std::uint32_t count = len - first < 4 ? len - first : 4;
#if defined(__x86_64__) || defined(__i386__)
    if (kHaveAvx2 && g_allow_avx2.load(std::memory_order_relaxed) && use_avx2()) {  // use_avx2: cpu_dispatch.h
      chains4_avx2(job, first, count, out);
      continue;
    }
#endif
    chains4_generic(job, first, count, out);
  }
  secure_wipe(job.sk_seed, sizeof job.sk_seed);
}

}  // namespace craton::pqc::slh
