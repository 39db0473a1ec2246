#include "pqc/keccak.h"

#include <cstring>

#include "core/secure_memory.h"

namespace craton::pqc {
namespace {

// FIPS 202 section 3.2.5: round constants of iota.
constexpr std::uint64_t kRoundConstants[24] = {
    0x0000000000000001ULL, 0x0000000000008082ULL, 0x800000000000808aULL, 0x8000000080008000ULL,
    0x000000000000808bULL, 0x0000000080000001ULL, 0x8000000080008081ULL, 0x8000000000008009ULL,
    0x000000000000008aULL, 0x0000000000000088ULL, 0x0000000080008009ULL, 0x000000008000000aULL,
    0x000000008000808bULL, 0x800000000000008bULL, 0x8000000000008089ULL, 0x8000000000008003ULL,
    0x8000000000008002ULL, 0x8000000000000080ULL, 0x000000000000800aULL, 0x800000008000000aULL,
    0x8000000080008081ULL, 0x8000000000008080ULL, 0x0000000080000001ULL, 0x8000000080008008ULL,
};

// rho offsets, indexed by lane x + 5y (FIPS 202 section 3.2.2).
constexpr unsigned kRho[25] = {0,  1,  62, 28, 27, 36, 44, 6,  55, 20, 3,  10, 43,
                               25, 39, 41, 45, 15, 21, 8,  18, 2,  61, 56, 14};

inline std::uint64_t rotl(std::uint64_t v, unsigned n) { return n == 0 ? v : (v << n) | (v >> (64 - n)); }

inline std::uint8_t lane_byte(const std::uint64_t* s, std::size_t i) {
  return static_cast<std::uint8_t>(s[i / 8] >> (8 * (i % 8)));
}
inline void xor_lane_byte(std::uint64_t* s, std::size_t i, std::uint8_t b) {
  s[i / 8] ^= static_cast<std::uint64_t>(b) << (8 * (i % 8));
}

}  // namespace

// Destination lane of pi for source lane x + 5y: B[y, 2x + 3y] = rot(A[x, y]).
constexpr unsigned pi_dest(unsigned i) { return i / 5 + 5 * ((2 * (i % 5) + 3 * (i / 5)) % 5); }

// rho and pi with every index a compile-time constant, so the 25 rotations
// become straight-line code with the lanes in registers.
template <unsigned I>
inline void rho_pi(const std::uint64_t* a, std::uint64_t* b) {
  if constexpr (I < 25) {
    b[pi_dest(I)] = rotl(a[I], kRho[I]);
    rho_pi<I + 1>(a, b);
  }
}

void keccak_f1600(std::uint64_t a[25]) {
  for (int round = 0; round < 24; ++round) {
    std::uint64_t c[5], b[25];
    for (int x = 0; x < 5; ++x) c[x] = a[x] ^ a[x + 5] ^ a[x + 10] ^ a[x + 15] ^ a[x + 20];  // theta
    const std::uint64_t d[5] = {c[4] ^ rotl(c[1], 1), c[0] ^ rotl(c[2], 1), c[1] ^ rotl(c[3], 1),
                                c[2] ^ rotl(c[4], 1), c[3] ^ rotl(c[0], 1)};
    for (int y = 0; y < 25; y += 5)
      for (int x = 0; x < 5; ++x) a[y + x] ^= d[x];
    rho_pi<0>(a, b);
    for (int y = 0; y < 25; y += 5) {  // chi, one row at a time
      a[y + 0] = b[y + 0] ^ (~b[y + 1] & b[y + 2]);
      a[y + 1] = b[y + 1] ^ (~b[y + 2] & b[y + 3]);
      a[y + 2] = b[y + 2] ^ (~b[y + 3] & b[y + 4]);
      a[y + 3] = b[y + 3] ^ (~b[y + 4] & b[y + 0]);
      a[y + 4] = b[y + 4] ^ (~b[y + 0] & b[y + 1]);
    }
    a[0] ^= kRoundConstants[round];  // iota
  }
}

KeccakSponge::KeccakSponge(std::size_t rate_bytes, std::uint8_t dsbyte) : rate_(rate_bytes), dsbyte_(dsbyte) {
  reset();
}

KeccakSponge::~KeccakSponge() { secure_wipe(state_, sizeof state_); }

void KeccakSponge::reset() {
  std::memset(state_, 0, sizeof state_);
  pos_ = 0;
  squeezing_ = false;
}

void KeccakSponge::absorb(std::span<const std::uint8_t> data) {
  for (std::uint8_t byte : data) {
    xor_lane_byte(state_, pos_++, byte);
    if (pos_ == rate_) {
      keccak_f1600(state_);
      pos_ = 0;
    }
  }
}

void KeccakSponge::squeeze(std::span<std::uint8_t> out) {
  if (!squeezing_) {
    xor_lane_byte(state_, pos_, dsbyte_);
    xor_lane_byte(state_, rate_ - 1, 0x80);
    keccak_f1600(state_);
    pos_ = 0;
    squeezing_ = true;
  }
  for (std::uint8_t& o : out) {
    if (pos_ == rate_) {
      keccak_f1600(state_);
      pos_ = 0;
    }
    o = lane_byte(state_, pos_++);
  }
}

void sha3_256(std::span<const std::uint8_t> in, std::uint8_t out[32]) {
  Sha3_256 h;
  h.absorb(in);
  h.squeeze(std::span<std::uint8_t>(out, 32));
}
void sha3_512(std::span<const std::uint8_t> in, std::uint8_t out[64]) {
  Sha3_512 h;
  h.absorb(in);
  h.squeeze(std::span<std::uint8_t>(out, 64));
}
void shake128(std::span<const std::uint8_t> in, std::span<std::uint8_t> out) {
  Shake128 h;
  h.absorb(in);
  h.squeeze(out);
}
void shake256(std::span<const std::uint8_t> in, std::span<std::uint8_t> out) {
  Shake256 h;
  h.absorb(in);
  h.squeeze(out);
}

}  // namespace craton::pqc
