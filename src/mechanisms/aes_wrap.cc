// CKM_AES_KEY_WRAP (RFC 3394 / SP 800-38F KW) and CKM_AES_KEY_WRAP_KWP
// (RFC 5649 / KWP), both as single-part encrypt/decrypt and as C_WrapKey /
// C_UnwrapKey mechanisms. The optional parameter replaces the default IV
// (8 bytes for KW, the 4-byte prefix of the alternative IV for KWP).
#include "mechanisms/aes_internal.h"

namespace craton::mech::aes {
namespace {

using crypto::Cipher;
using crypto::CipherMode;

struct WrapSpec {
  bool pad = false;  // KWP
  ByteView iv;       // empty: the RFC default
};

Result<WrapSpec> parse_wrap(const CK_MECHANISM& m) {
  WrapSpec s;
  s.pad = m.mechanism == CKM_AES_KEY_WRAP_KWP;
  if (m.pParameter == nullptr && m.ulParameterLen == 0) return s;
  TRY_ASSIGN(s.iv, fixed_param(m, s.pad ? 4 : 8));
  return s;
}

std::size_t wrapped_len(const WrapSpec& s, std::size_t n) { return (s.pad ? (n + 7) / 8 * 8 : n) + 8; }

// KW takes whole semiblocks and at least two of them; KWP any length from
// one byte up to the 32-bit length field.
bool plain_len_ok(const WrapSpec& s, std::size_t n) {
  if (s.pad) return n >= 1 && n <= 0xFFFFFFFFULL;
  return n >= 16 && n % 8 == 0;
}
bool wrapped_len_ok(const WrapSpec& s, std::size_t n) { return n % 8 == 0 && n >= (s.pad ? 16U : 24U); }

Result<std::size_t> seal(Cipher& c, const WrapSpec& s, ByteView in, MutableByteView out) {
  TRY_STATUS(c.start(s.iv));
  TRY_ASSIGN(std::size_t n, c.update(in, out));
  if (n != wrapped_len(s, in.size())) return err(CKR_FUNCTION_FAILED);
  return n;
}

// Unwraps into a secure buffer; CKR_ENCRYPTED_DATA_INVALID on a failed check.
Result<SecureBytes> open(Cipher& c, const WrapSpec& s, ByteView in) {
  TRY_STATUS(c.start(s.iv));
  SecureBytes plain(in.size());
  TRY_ASSIGN(std::size_t n, c.update(in, plain));
  if (n > in.size() - 8) return err(CKR_ENCRYPTED_DATA_INVALID);
  plain.resize(n);
  return plain;
}

class WrapOp final : public CipherOperation {
 public:
  WrapOp(Cipher cipher, WrapSpec spec, SecureBytes iv) : cipher_(std::move(cipher)), spec_(spec), iv_(std::move(iv)) {
    spec_.iv = iv_.view();  // own the IV: the caller's parameter dies after Init
  }

  bool multipart() const override { return false; }
  std::size_t update_output_max(std::size_t) const override { return 0; }
  std::size_t final_output_max() const override { return 0; }
  std::size_t oneshot_output_max(std::size_t n) const override {
    if (cipher_.encrypting()) return wrapped_len(spec_, n);
    return n >= 8 ? n - 8 : 0;
  }
  Result<std::size_t> update(ByteView, MutableByteView) override { return err(CKR_FUNCTION_NOT_SUPPORTED); }
  Result<std::size_t> final(MutableByteView) override { return err(CKR_FUNCTION_NOT_SUPPORTED); }

  Result<std::size_t> oneshot(ByteView in, MutableByteView out) override {
    if (cipher_.encrypting()) {
      if (!plain_len_ok(spec_, in.size())) return err(CKR_DATA_LEN_RANGE);
      const std::size_t need = wrapped_len(spec_, in.size());
      if (out.size() < need) return buffer_too_small(need);
      return seal(cipher_, spec_, in, out);
    }
    if (!wrapped_len_ok(spec_, in.size())) return err(CKR_ENCRYPTED_DATA_LEN_RANGE);
    // KWP's exact length is known only after unwrapping, so unwrap aside.
    TRY_ASSIGN(SecureBytes plain, open(cipher_, spec_, in));
    if (out.size() < plain.size()) return buffer_too_small(plain.size());
    std::copy(plain.begin(), plain.end(), out.begin());
    return plain.size();
  }

 private:
  Cipher cipher_;
  WrapSpec spec_;
  SecureBytes iv_;
};

Result<std::unique_ptr<CipherOperation>> make_op(const MechContext& ctx, bool encrypt) {
  TRY_ASSIGN(WrapSpec spec, parse_wrap(*ctx.mechanism));
  const CipherMode mode = spec.pad ? CipherMode::kWrapPad : CipherMode::kWrap;
  TRY_ASSIGN(Cipher c, keyed_cipher(ctx, mode, encrypt));
  SecureBytes iv(spec.iv);
  return std::unique_ptr<CipherOperation>(std::make_unique<WrapOp>(std::move(c), spec, std::move(iv)));
}

}  // namespace

Result<std::unique_ptr<CipherOperation>> make_wrap_encrypt(const MechContext& ctx) { return make_op(ctx, true); }
Result<std::unique_ptr<CipherOperation>> make_wrap_decrypt(const MechContext& ctx) { return make_op(ctx, false); }

Result<std::size_t> wrap_key(const MechContext& ctx, ByteView key_bytes, MutableByteView out) {
  TRY_ASSIGN(WrapSpec spec, parse_wrap(*ctx.mechanism));
  TRY_STATUS(key_value(ctx).status());  // key errors come before a length answer
  if (!plain_len_ok(spec, key_bytes.size())) return err(CKR_KEY_SIZE_RANGE);
  const std::size_t need = wrapped_len(spec, key_bytes.size());
  if (out.empty()) return need;  // length query
  if (out.size() < need) return buffer_too_small(need);
  TRY_ASSIGN(Cipher c, keyed_cipher(ctx, spec.pad ? CipherMode::kWrapPad : CipherMode::kWrap, true));
  return seal(c, spec, key_bytes, out);
}

Result<SecureBytes> unwrap_key(const MechContext& ctx, ByteView wrapped) {
  TRY_ASSIGN(WrapSpec spec, parse_wrap(*ctx.mechanism));
  TRY_ASSIGN(Cipher c, keyed_cipher(ctx, spec.pad ? CipherMode::kWrapPad : CipherMode::kWrap, false));
  if (!wrapped_len_ok(spec, wrapped.size())) return err(CKR_WRAPPED_KEY_LEN_RANGE);
  auto plain = open(c, spec, wrapped);
  if (!plain.is_ok()) return err(plain.rv() == CKR_ENCRYPTED_DATA_INVALID ? CKR_WRAPPED_KEY_INVALID : plain.rv());
  return std::move(plain).value();
}

}  // namespace craton::mech::aes
