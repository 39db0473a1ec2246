// GCM with IVs longer than OpenSSL accepts (it keeps at most 128 bytes).
// For an IV that is not 96 bits, SP 800-38D derives the pre-counter block
// J0 = GHASH_H(IV || 0-pad || [len(IV)]64). OpenSSL does the same for a
// 16-byte IV X: J0' = ((X * H) ^ L) * H with L = 0^64 || [128]64. Solving
// for X gives X = ((J0 * H^-1) ^ L) * H^-1, which the engine then turns back
// into exactly J0. H = AES_K(0^128) is secret, so the field arithmetic here
// runs in constant time (masks, no data-dependent branches).
#include <algorithm>
#include <cstring>

#include "crypto/cipher.h"

namespace craton::crypto {
namespace {

// An element of GF(2^128) in GCM's bit order: hi holds bytes 0..7
// big-endian, so the polynomial's x^0 coefficient is the top bit of hi.
struct Block {
  std::uint64_t hi = 0;
  std::uint64_t lo = 0;
};

Block load(const std::uint8_t* p) {
  Block b;
  for (int i = 0; i < 8; ++i) b.hi = (b.hi << 8) | p[i];
  for (int i = 8; i < 16; ++i) b.lo = (b.lo << 8) | p[i];
  return b;
}

void store(const Block& b, std::uint8_t* p) {
  for (int i = 0; i < 8; ++i) p[i] = static_cast<std::uint8_t>(b.hi >> (56 - 8 * i));
  for (int i = 0; i < 8; ++i) p[8 + i] = static_cast<std::uint8_t>(b.lo >> (56 - 8 * i));
}

// SP 800-38D Algorithm 1, with masks instead of branches.
Block mul(const Block& x, const Block& y) {
  Block z;
  Block v = y;
  for (int i = 0; i < 128; ++i) {
    const std::uint64_t word = i < 64 ? x.hi : x.lo;
    const std::uint64_t bit = (word >> (63 - (i & 63))) & 1U;
    const std::uint64_t take = 0 - bit;
    z.hi ^= v.hi & take;
    z.lo ^= v.lo & take;
    const std::uint64_t carry = 0 - (v.lo & 1U);
    v.lo = (v.lo >> 1) | (v.hi << 63);
    v.hi = (v.hi >> 1) ^ (0xE100000000000000ULL & carry);
  }
  return z;
}

// x^(2^128 - 2) = x^-1 for x != 0, since 2^128 - 2 = 2 + 4 + ... + 2^127.
Block inverse(const Block& x) {
  Block result{0x8000000000000000ULL, 0};  // the field's 1
  Block sq = x;
  for (int i = 1; i < 128; ++i) {
    sq = mul(sq, sq);
    result = mul(result, sq);
  }
  return result;
}

Block ghash_iv(const Block& h, ByteView iv) {
  Block y;
  std::uint8_t buf[16];
  for (std::size_t off = 0; off < iv.size(); off += 16) {
    const std::size_t n = std::min<std::size_t>(16, iv.size() - off);
    std::memset(buf, 0, sizeof buf);
    std::memcpy(buf, iv.data() + off, n);
    const Block b = load(buf);
    y.hi ^= b.hi;
    y.lo ^= b.lo;
    y = mul(y, h);
  }
  y.lo ^= static_cast<std::uint64_t>(iv.size()) * 8;  // 0^64 || [len(IV)]64
  return mul(y, h);
}

}  // namespace

Result<std::array<std::uint8_t, 16>> gcm_equivalent_iv(ByteView key, ByteView iv) {
  if (!aes_key_size_ok(key.size())) return err(CKR_KEY_SIZE_RANGE);
  if (iv.empty()) return err(CKR_MECHANISM_PARAM_INVALID);
  TRY_ASSIGN(Cipher ecb, Cipher::create(CipherMode::kEcb, key, true));
  TRY_STATUS(ecb.start({}));
  std::uint8_t h_bytes[16] = {};
  TRY_STATUS(ecb.update(ByteView(h_bytes, 16), MutableByteView(h_bytes, 16)).status());
  Block h = load(h_bytes);
  secure_wipe(h_bytes, sizeof h_bytes);
  if ((h.hi | h.lo) == 0) return err(CKR_FUNCTION_FAILED);  // AES_K(0) = 0: cannot invert

  Block h_inv = inverse(h);
  Block t = mul(ghash_iv(h, iv), h_inv);
  t.lo ^= 128;  // L = 0^64 || [128]64
  std::array<std::uint8_t, 16> out{};
  Block x = mul(t, h_inv);
  store(x, out.data());
  // Wipe intermediate values derived from H.
  secure_wipe(&t, sizeof t);
  secure_wipe(&x, sizeof x);
  secure_wipe(&h_inv, sizeof h_inv);
  secure_wipe(&h, sizeof h);
  return out;
}

}  // namespace craton::crypto
