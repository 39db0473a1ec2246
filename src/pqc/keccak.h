// Keccak-f[1600] and the FIPS 202 functions built on it (SHA3-256/512,
// SHAKE128/256), written from FIPS 202 for the post-quantum algorithms.
// Self-contained: no OpenSSL. Incremental absorb, then any number of squeezes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace craton::pqc {

void keccak_f1600(std::uint64_t state[25]);

// A sponge with rate `rate_bytes` and domain-separation suffix `dsbyte`
// (0x06 for SHA3, 0x1F for SHAKE).
class KeccakSponge {
 public:
  KeccakSponge(std::size_t rate_bytes, std::uint8_t dsbyte);
  ~KeccakSponge();  // wipes the state
  void absorb(std::span<const std::uint8_t> data);
  // The first call pads and permutes; later calls continue the output stream.
  void squeeze(std::span<std::uint8_t> out);
  void reset();

 private:
  std::uint64_t state_[25];
  std::size_t rate_;
  std::size_t pos_ = 0;
  std::uint8_t dsbyte_;
  bool squeezing_ = false;
};

class Shake128 : public KeccakSponge {
 public:
  Shake128() : KeccakSponge(168, 0x1F) {}
};
class Shake256 : public KeccakSponge {
 public:
  Shake256() : KeccakSponge(136, 0x1F) {}
};
class Sha3_256 : public KeccakSponge {
 public:
  Sha3_256() : KeccakSponge(136, 0x06) {}
};
class Sha3_512 : public KeccakSponge {
 public:
  Sha3_512() : KeccakSponge(72, 0x06) {}
};

// One-shot helpers.
void sha3_256(std::span<const std::uint8_t> in, std::uint8_t out[32]);
void sha3_512(std::span<const std::uint8_t> in, std::uint8_t out[64]);
void shake128(std::span<const std::uint8_t> in, std::span<std::uint8_t> out);
void shake256(std::span<const std::uint8_t> in, std::span<std::uint8_t> out);

// Four SHAKE computations over inputs of one length, squeezed to outputs of
// one length: the batched form for ExpandMask and the ML-KEM PRF. With AVX2
// the four permutations share one pass (pqc/cpu_dispatch.h). A null out[i]
// leaves lane i unused (its in[i] may then be null too); in[0] is required.
void shake128_x4(const std::uint8_t* const in[4], std::size_t in_len, std::uint8_t* const out[4],
                 std::size_t out_len);
void shake256_x4(const std::uint8_t* const in[4], std::size_t in_len, std::uint8_t* const out[4],
                 std::size_t out_len);

}  // namespace craton::pqc
