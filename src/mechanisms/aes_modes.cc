// CKM_AES_ECB, CKM_AES_CBC, CKM_AES_CBC_PAD and CKM_AES_CTR.
//
// The block modes keep partial blocks here rather than inside OpenSSL, so
// every call knows its exact output length before it changes any state
// (CKR_BUFFER_TOO_SMALL must leave the operation as it was).
#include <array>
#include <cstring>

#include "mechanisms/aes_internal.h"

namespace craton::mech::aes {
namespace {

using crypto::Cipher;
using crypto::CipherMode;
using crypto::kAesBlockSize;
using Block = std::array<std::uint8_t, kAesBlockSize>;

// Returns the PKCS#7 pad length of a decrypted final block, or 0 if the
// padding is malformed. Examines every byte so the time does not depend on
// where the padding breaks.
std::size_t pkcs7_pad_len(const Block& b) {
  const std::uint8_t n = b[kAesBlockSize - 1];
  unsigned bad = (n == 0) | (n > kAesBlockSize);
  for (std::size_t i = 0; i < kAesBlockSize; ++i) {
    const unsigned in_pad = (kAesBlockSize - i) <= n;  // i is among the last n bytes
    bad |= in_pad & (b[i] != n);
  }
  return bad ? 0 : n;
}

class BlockOp final : public CipherOperation {
 public:
  BlockOp(Cipher cipher, bool pad, ByteView iv) : cipher_(std::move(cipher)), pad_(pad), iv_(iv) {}
  ~BlockOp() override {
    secure_wipe(partial_.data(), partial_.size());
    secure_wipe(final_block_.data(), final_block_.size());
  }

  bool multipart() const override { return true; }
  std::size_t update_output_max(std::size_t n) const override { return emit_len(n); }
  std::size_t final_output_max() const override { return pad_ ? kAesBlockSize : 0; }
  std::size_t oneshot_output_max(std::size_t n) const override {
    return pad_ && encrypting() ? (n / kAesBlockSize + 1) * kAesBlockSize : n;
  }

  Result<std::size_t> update(ByteView in, MutableByteView out) override;
  Result<std::size_t> final(MutableByteView out) override;
  Result<std::size_t> oneshot(ByteView in, MutableByteView out) override;

 private:
  bool encrypting() const { return cipher_.encrypting(); }
  CK_RV len_error() const { return encrypting() ? CKR_DATA_LEN_RANGE : CKR_ENCRYPTED_DATA_LEN_RANGE; }
  // Bytes the next update of n bytes releases. CBC_PAD decryption holds back
  // the last whole block: it may be the padding block, seen only at Final.
  std::size_t emit_len(std::size_t n) const {
    const std::size_t total = partial_len_ + n;
    std::size_t hold = total % kAesBlockSize;
    if (pad_ && !encrypting() && hold == 0 && total > 0) hold = kAesBlockSize;
    return total - hold;
  }
  Result<std::size_t> oneshot_pad_decrypt(ByteView in, MutableByteView out);

  Cipher cipher_;
  const bool pad_;
  const SecureBytes iv_;  // kept so a failed one-shot can rewind
  Block partial_{};
  std::size_t partial_len_ = 0;
  Block final_block_{};  // CBC_PAD decrypt: the unpadded last block, once computed
  std::size_t final_len_ = 0;
  bool final_ready_ = false;
};

Result<std::size_t> BlockOp::update(ByteView in, MutableByteView out) {
  const std::size_t emit = emit_len(in.size());
  if (out.size() < emit) return buffer_too_small(emit);
  SecureBytes copy;
  if (partial_len_ > 0 && overlaps(in, ByteView(out.data(), emit))) {
    // In place with a carried partial block, output would run ahead of input.
    copy.assign_view(in);
    in = copy.view();
  }
  std::size_t used = 0;  // bytes of `in` consumed
  std::size_t written = 0;
  if (emit > 0 && partial_len_ > 0) {
    used = kAesBlockSize - partial_len_;
    if (used > 0) std::memcpy(partial_.data() + partial_len_, in.data(), used);
    TRY_STATUS(cipher_.update(partial_, out.first(kAesBlockSize)).status());
    partial_len_ = 0;
    written = kAesBlockSize;
  }
  if (emit > written) {
    const std::size_t bulk = emit - written;
    TRY_STATUS(cipher_.update(in.subspan(used, bulk), out.subspan(written, bulk)).status());
    used += bulk;
  }
  const std::size_t rest = in.size() - used;
  if (rest > 0) std::memcpy(partial_.data() + partial_len_, in.data() + used, rest);
  partial_len_ += rest;
  return emit;
}

Result<std::size_t> BlockOp::final(MutableByteView out) {
  if (!pad_) {
    if (partial_len_ != 0) return err(len_error());
    return std::size_t{0};
  }
  if (encrypting()) {
    if (out.size() < kAesBlockSize) return buffer_too_small(kAesBlockSize);
    Block last = partial_;
    const auto n = static_cast<std::uint8_t>(kAesBlockSize - partial_len_);
    std::memset(last.data() + partial_len_, n, n);
    Status st = cipher_.update(last, out.first(kAesBlockSize)).status();
    secure_wipe(last.data(), last.size());
    TRY_STATUS(st);
    return kAesBlockSize;
  }
  if (!final_ready_) {
    if (partial_len_ != kAesBlockSize) return err(CKR_ENCRYPTED_DATA_LEN_RANGE);
    TRY_STATUS(cipher_.update(partial_, final_block_).status());
    const std::size_t pad = pkcs7_pad_len(final_block_);
    if (pad == 0) return err(CKR_ENCRYPTED_DATA_INVALID);
    final_len_ = kAesBlockSize - pad;
    final_ready_ = true;  // a retry after CKR_BUFFER_TOO_SMALL reuses it
  }
  if (out.size() < final_len_) return buffer_too_small(final_len_);
  std::memcpy(out.data(), final_block_.data(), final_len_);
  return final_len_;
}

Result<std::size_t> BlockOp::oneshot(ByteView in, MutableByteView out) {
  const std::size_t n = in.size();
  if (!pad_) {
    if (n % kAesBlockSize != 0) return err(len_error());
    if (out.size() < n) return buffer_too_small(n);
    return cipher_.update(in, out.first(n));
  }
  if (!encrypting()) return oneshot_pad_decrypt(in, out);
  const std::size_t need = oneshot_output_max(n);
  if (out.size() < need) return buffer_too_small(need);
  TRY_ASSIGN(std::size_t head, update(in, out));
  TRY_ASSIGN(std::size_t tail, final(out.subspan(head)));
  return head + tail;
}

Result<std::size_t> BlockOp::oneshot_pad_decrypt(ByteView in, MutableByteView out) {
  const std::size_t n = in.size();
  if (n == 0 || n % kAesBlockSize != 0) return err(CKR_ENCRYPTED_DATA_LEN_RANGE);
  if (out.size() >= n) {
    TRY_STATUS(cipher_.update(in, out.first(n)).status());
    std::memcpy(final_block_.data(), out.data() + n - kAesBlockSize, kAesBlockSize);
    const std::size_t pad = pkcs7_pad_len(final_block_);
    if (pad == 0) {
      secure_wipe(out.data(), n);
      return err(CKR_ENCRYPTED_DATA_INVALID);
    }
    secure_wipe(out.data() + n - pad, pad);
    return n - pad;
  }
  // The exact length is known only after decryption: decrypt aside, and
  // rewind to the initial IV if the caller's buffer turns out too small.
  SecureBytes plain(n);
  TRY_STATUS(cipher_.update(in, plain).status());
  std::memcpy(final_block_.data(), plain.data() + n - kAesBlockSize, kAesBlockSize);
  const std::size_t pad = pkcs7_pad_len(final_block_);
  if (pad == 0) return err(CKR_ENCRYPTED_DATA_INVALID);
  if (out.size() < n - pad) {
    TRY_STATUS(cipher_.start(iv_.view()));
    return buffer_too_small(n - pad);
  }
  std::memcpy(out.data(), plain.data(), n - pad);
  return n - pad;
}

// CTR keeps no partial block: OpenSSL carries the keystream position. This
// class only enforces the counter budget PKCS#11 defines by ulCounterBits:
// the low ulCounterBits bits of the counter block must never wrap (OpenSSL
// would carry into the nonce part instead).
class CtrOp final : public CipherOperation {
 public:
  CtrOp(Cipher cipher, std::uint64_t blocks_left) : cipher_(std::move(cipher)), blocks_left_(blocks_left) {}

  bool multipart() const override { return true; }
  std::size_t update_output_max(std::size_t n) const override { return n; }
  std::size_t final_output_max() const override { return 0; }
  std::size_t oneshot_output_max(std::size_t n) const override { return n; }

  Result<std::size_t> update(ByteView in, MutableByteView out) override {
    if (out.size() < in.size()) return buffer_too_small(in.size());
    const std::uint64_t fresh = new_blocks(in.size());
    if (fresh > blocks_left_)
      return err(cipher_.encrypting() ? CKR_DATA_LEN_RANGE : CKR_ENCRYPTED_DATA_LEN_RANGE);
    TRY_STATUS(cipher_.update(in, out.first(in.size())).status());
    blocks_left_ -= fresh;
    offset_ = (offset_ + in.size()) % kAesBlockSize;
    return in.size();
  }
  Result<std::size_t> final(MutableByteView) override { return std::size_t{0}; }
  Result<std::size_t> oneshot(ByteView in, MutableByteView out) override { return update(in, out); }

 private:
  // Counter blocks first used by the next n bytes.
  std::uint64_t new_blocks(std::size_t n) const {
    const std::size_t in_current = offset_ == 0 ? 0 : kAesBlockSize - offset_;
    if (n <= in_current) return 0;
    return (n - in_current + kAesBlockSize - 1) / kAesBlockSize;
  }

  Cipher cipher_;
  std::uint64_t blocks_left_;  // counter values still unused, saturated at 2^64-1
  std::size_t offset_ = 0;     // bytes already used of the current keystream block
};

// Counter values left before the low `bits` bits of cb wrap: 2^bits - c0.
std::uint64_t ctr_budget(const CK_AES_CTR_PARAMS& p) {
  __extension__ using U128 = unsigned __int128;
  U128 cb = 0;
  for (std::uint8_t byte : p.cb) cb = (cb << 8) | byte;
  U128 space = 0;
  if (p.ulCounterBits == 128) {
    if (cb == 0) return UINT64_MAX;  // all 2^128 values
    space = ~cb + 1;                 // 2^128 - cb
  } else {
    const U128 limit = U128{1} << p.ulCounterBits;
    space = limit - (cb & (limit - 1));
  }
  return space > UINT64_MAX ? UINT64_MAX : static_cast<std::uint64_t>(space);
}

Result<std::unique_ptr<CipherOperation>> make_block(const MechContext& ctx, bool encrypt) {
  const CK_MECHANISM& m = *ctx.mechanism;
  if (m.mechanism == CKM_AES_CTR) {
    TRY_ASSIGN(const CK_AES_CTR_PARAMS* p, param_as<CK_AES_CTR_PARAMS>(m));
    if (p->ulCounterBits < 1 || p->ulCounterBits > 128) return err(CKR_MECHANISM_PARAM_INVALID);
    TRY_ASSIGN(Cipher c, keyed_cipher(ctx, CipherMode::kCtr, encrypt));
    TRY_STATUS(c.start(ByteView(p->cb, sizeof p->cb)));
    return std::unique_ptr<CipherOperation>(std::make_unique<CtrOp>(std::move(c), ctr_budget(*p)));
  }
  ByteView iv;
  if (m.mechanism == CKM_AES_ECB) {
    TRY_STATUS(require_no_param(m));
  } else {
    TRY_ASSIGN(iv, fixed_param(m, kAesBlockSize));
  }
  const CipherMode mode = m.mechanism == CKM_AES_ECB ? CipherMode::kEcb : CipherMode::kCbc;
  TRY_ASSIGN(Cipher c, keyed_cipher(ctx, mode, encrypt));
  TRY_STATUS(c.start(iv));
  const bool pad = m.mechanism == CKM_AES_CBC_PAD;
  return std::unique_ptr<CipherOperation>(std::make_unique<BlockOp>(std::move(c), pad, iv));
}

}  // namespace

Result<std::unique_ptr<CipherOperation>> make_block_encrypt(const MechContext& ctx) { return make_block(ctx, true); }
Result<std::unique_ptr<CipherOperation>> make_block_decrypt(const MechContext& ctx) { return make_block(ctx, false); }

// CKM_AES_CBC_PAD as a wrapping mechanism (PKCS#11 allows it; NSS wraps and
// unwraps PKCS#12 keys with it): the key bytes (CKA_VALUE or PKCS#8) are
// one CBC-PAD message. Not approved for key transport (approved mode allows
// only AES-KW/KWP, enforced by the module).
Result<std::size_t> cbc_pad_wrap_key(const MechContext& ctx, ByteView key_bytes, MutableByteView out) {
  TRY_ASSIGN(std::unique_ptr<CipherOperation> op, make_block(ctx, true));
  const std::size_t need = op->oneshot_output_max(key_bytes.size());
  if (out.empty()) return need;  // length query
  if (out.size() < need) return buffer_too_small(need);
  return op->oneshot(key_bytes, out);
}

Result<SecureBytes> cbc_pad_unwrap_key(const MechContext& ctx, ByteView wrapped) {
  TRY_ASSIGN(std::unique_ptr<CipherOperation> op, make_block(ctx, false));
  if (wrapped.empty() || wrapped.size() % kAesBlockSize != 0) return err(CKR_WRAPPED_KEY_LEN_RANGE);
  SecureBytes plain(op->oneshot_output_max(wrapped.size()));
  auto n = op->oneshot(wrapped, plain);
  if (!n.is_ok()) return err(n.rv() == CKR_ENCRYPTED_DATA_INVALID ? CKR_WRAPPED_KEY_INVALID : n.rv());
  plain.resize(n.value());
  return plain;
}

}  // namespace craton::mech::aes
