// CKM_AES_GCM and CKM_AES_CCM through C_Encrypt* / C_Decrypt*.
//
// Decryption never hands out plaintext before the tag has been checked:
// multi-part decryption buffers the ciphertext and releases everything at
// Final. CCM needs the whole payload in one call anyway, so both directions
// buffer there.
#include <cstring>

#include "mechanisms/aes_internal.h"

namespace craton::mech::aes {

bool gcm_tag_bits_ok(CK_ULONG bits) {
  // SP 800-38D: 128, 120, 112, 104, 96, and 64 or 32 for special uses.
  return bits == 32 || bits == 64 || (bits >= 96 && bits <= 128 && bits % 8 == 0);
}

Status gcm_start(crypto::Cipher& cipher, ByteView key, ByteView iv) {
  if (iv.size() <= crypto::kGcmBackendMaxIv) return cipher.start(iv);
  TRY_ASSIGN(auto equivalent, crypto::gcm_equivalent_iv(key, iv));
  Status st = cipher.start(equivalent);
  secure_wipe(equivalent.data(), equivalent.size());
  return st;
}

namespace {

using crypto::Cipher;
using crypto::CipherMode;

// PKCS#11 2.40 before its errata defined CK_GCM_PARAMS without ulIvBits;
// some callers still pass that layout, recognisable by its size.
struct LegacyGcmParams {
  CK_BYTE_PTR pIv;
  CK_ULONG ulIvLen;
  CK_BYTE_PTR pAAD;
  CK_ULONG ulAADLen;
  CK_ULONG ulTagBits;
};

struct GcmParams {
  ByteView iv;
  ByteView aad;
  std::size_t tag_len = 0;
};

Result<GcmParams> parse_gcm(const CK_MECHANISM& m) {
  if (m.pParameter == nullptr) return err(CKR_MECHANISM_PARAM_INVALID);
  CK_GCM_PARAMS p{};
  if (m.ulParameterLen == sizeof(CK_GCM_PARAMS)) {
    std::memcpy(&p, m.pParameter, sizeof p);
  } else if (m.ulParameterLen == sizeof(LegacyGcmParams)) {
    LegacyGcmParams l{};
    std::memcpy(&l, m.pParameter, sizeof l);
    p = CK_GCM_PARAMS{l.pIv, l.ulIvLen, 0, l.pAAD, l.ulAADLen, l.ulTagBits};
  } else {
    return err(CKR_MECHANISM_PARAM_INVALID);
  }
  if (p.pIv == nullptr || p.ulIvLen == 0 || p.ulIvLen > kGcmMaxIv) return err(CKR_MECHANISM_PARAM_INVALID);
  // ulIvBits is redundant; many callers leave it 0, a different value is an error.
  if (p.ulIvBits != 0 && p.ulIvBits != p.ulIvLen * 8) return err(CKR_MECHANISM_PARAM_INVALID);
  if (!gcm_tag_bits_ok(p.ulTagBits)) return err(CKR_MECHANISM_PARAM_INVALID);
  GcmParams out;
  out.iv = ByteView(p.pIv, p.ulIvLen);
  TRY_ASSIGN(out.aad, optional_bytes(p.pAAD, p.ulAADLen));
  out.tag_len = p.ulTagBits / 8;
  return out;
}

// A parked GCM decryption keeps at most this much ciphertext buffer.
constexpr std::size_t kKeptBufferBytes = 64 * 1024;

class GcmOp final : public CipherOperation {
 public:
  GcmOp(Cipher cipher, std::size_t tag_len) : cipher_(std::move(cipher)), tag_len_(tag_len) {}

  // Same key snapshot and direction (the session checks): a new IV, AAD
  // and tag length on the keyed context, as make_gcm would set them.
  bool park() override {
    buffer_.clear();
    if (buffer_.capacity() > kKeptBufferBytes) buffer_.shrink_to_fit();  // a large decryption's memory
    return true;
  }
  Status restart(const MechContext& ctx) override;

  bool multipart() const override { return true; }
  std::size_t update_output_max(std::size_t n) const override { return encrypting() ? n : 0; }
  std::size_t final_output_max() const override {
    return encrypting() ? tag_len_ : plain_len(buffer_.size());
  }
  std::size_t oneshot_output_max(std::size_t n) const override {
    return encrypting() ? n + tag_len_ : plain_len(n);
  }

  Result<std::size_t> update(ByteView in, MutableByteView out) override {
    if (!encrypting()) {
      buffer_.insert(buffer_.end(), in.begin(), in.end());
      return std::size_t{0};
    }
    if (out.size() < in.size()) return buffer_too_small(in.size());
    return cipher_.update(in, out.first(in.size()));
  }

  Result<std::size_t> final(MutableByteView out) override {
    if (!encrypting()) return open(buffer_, out);
    if (out.size() < tag_len_) return buffer_too_small(tag_len_);
    TRY_STATUS(cipher_.finish(out.first(tag_len_)));
    return tag_len_;
  }

  Result<std::size_t> oneshot(ByteView in, MutableByteView out) override {
    if (!encrypting()) return open(in, out);
    const std::size_t need = in.size() + tag_len_;
    if (out.size() < need) return buffer_too_small(need);
    TRY_STATUS(cipher_.update(in, out.first(in.size())).status());
    TRY_STATUS(cipher_.finish(out.subspan(in.size(), tag_len_)));
    return need;
  }

 private:
  bool encrypting() const { return cipher_.encrypting(); }
  std::size_t plain_len(std::size_t n) const { return n > tag_len_ ? n - tag_len_ : 0; }

  // Decrypts ciphertext||tag; the plaintext is wiped again if the tag fails.
  Result<std::size_t> open(ByteView all, MutableByteView out) {
    if (all.size() < tag_len_) return err(CKR_ENCRYPTED_DATA_LEN_RANGE);
    const std::size_t n = all.size() - tag_len_;
    if (out.size() < n) return buffer_too_small(n);
    TRY_STATUS(cipher_.set_tag(all.subspan(n)));
    Status st = cipher_.update(all.first(n), out.first(n)).status();
    if (st.is_ok()) st = cipher_.finish();
    if (!st.is_ok()) {
      secure_wipe(out.data(), n);
      return err(CKR_ENCRYPTED_DATA_INVALID);
    }
    return n;
  }

  Cipher cipher_;
  std::size_t tag_len_;
  Bytes buffer_;  // decrypt: ciphertext and tag, held until Final
};

Status GcmOp::restart(const MechContext& ctx) {
  TRY_ASSIGN(GcmParams p, parse_gcm(*ctx.mechanism));
  TRY_ASSIGN(ByteView key, key_value(ctx));
  buffer_.clear();
  TRY_STATUS(gcm_start(cipher_, key, p.iv));
  TRY_STATUS(cipher_.aad(p.aad));
  tag_len_ = p.tag_len;
  return Status::ok();
}

class CcmOp final : public CipherOperation {
 public:
  CcmOp(Cipher cipher, std::size_t data_len, std::size_t tag_len)
      : cipher_(std::move(cipher)), data_len_(data_len), tag_len_(tag_len) {}

  bool multipart() const override { return true; }
  std::size_t update_output_max(std::size_t) const override { return 0; }
  std::size_t final_output_max() const override { return encrypting() ? data_len_ + tag_len_ : data_len_; }
  std::size_t oneshot_output_max(std::size_t) const override { return final_output_max(); }

  Result<std::size_t> update(ByteView in, MutableByteView) override {
    if (buffer_.size() + in.size() > input_len()) return err(len_error());
    buffer_.insert(buffer_.end(), in.begin(), in.end());
    return std::size_t{0};
  }
  Result<std::size_t> final(MutableByteView out) override { return run(buffer_.view(), out); }
  Result<std::size_t> oneshot(ByteView in, MutableByteView out) override { return run(in, out); }

 private:
  bool encrypting() const { return cipher_.encrypting(); }
  std::size_t input_len() const { return encrypting() ? data_len_ : data_len_ + tag_len_; }
  CK_RV len_error() const { return encrypting() ? CKR_DATA_LEN_RANGE : CKR_ENCRYPTED_DATA_LEN_RANGE; }

  Result<std::size_t> run(ByteView in, MutableByteView out) {
    if (in.size() != input_len()) return err(len_error());
    const std::size_t need = final_output_max();
    if (out.size() < need) return buffer_too_small(need);
    if (encrypting()) {
      TRY_STATUS(cipher_.update(in, out.first(data_len_)).status());
      TRY_STATUS(cipher_.finish(out.subspan(data_len_, tag_len_)));
      return need;
    }
    TRY_STATUS(cipher_.set_tag(in.subspan(data_len_)));
    Status st = cipher_.update(in.first(data_len_), out.first(data_len_)).status();
    if (!st.is_ok()) {
      secure_wipe(out.data(), data_len_);
      return err(CKR_ENCRYPTED_DATA_INVALID);
    }
    return data_len_;
  }

  Cipher cipher_;
  const std::size_t data_len_;
  const std::size_t tag_len_;
  SecureBytes buffer_;  // encrypt: plaintext; decrypt: ciphertext and tag
};

Result<std::unique_ptr<CipherOperation>> make_gcm(const MechContext& ctx, bool encrypt) {
  TRY_ASSIGN(GcmParams p, parse_gcm(*ctx.mechanism));
  TRY_ASSIGN(ByteView key, key_value(ctx));
  TRY_ASSIGN(Cipher c, keyed_cipher(ctx, CipherMode::kGcm, encrypt));
  TRY_STATUS(gcm_start(c, key, p.iv));
  TRY_STATUS(c.aad(p.aad));
  return std::unique_ptr<CipherOperation>(std::make_unique<GcmOp>(std::move(c), p.tag_len));
}

}  // namespace

Status ccm_check(std::size_t nonce_len, std::size_t mac_len, std::size_t data_len) {
  if (nonce_len < 7 || nonce_len > 13) return err(CKR_MECHANISM_PARAM_INVALID);
  if (mac_len < 4 || mac_len > 16 || mac_len % 2 != 0) return err(CKR_MECHANISM_PARAM_INVALID);
  const std::size_t l_bytes = 15 - nonce_len;
  if (l_bytes < sizeof(std::size_t) && (data_len >> (8 * l_bytes)) != 0) return err(CKR_MECHANISM_PARAM_INVALID);
  return Status::ok();
}

namespace {

Result<std::unique_ptr<CipherOperation>> make_ccm(const MechContext& ctx, bool encrypt) {
  TRY_ASSIGN(const CK_CCM_PARAMS* p, param_as<CK_CCM_PARAMS>(*ctx.mechanism));
  if (p->pNonce == nullptr) return err(CKR_MECHANISM_PARAM_INVALID);
  TRY_STATUS(ccm_check(p->ulNonceLen, p->ulMACLen, p->ulDataLen));
  TRY_ASSIGN(ByteView aad, optional_bytes(p->pAAD, p->ulAADLen));
  TRY_ASSIGN(ByteView key, key_value(ctx));
  const ByteView nonce(p->pNonce, p->ulNonceLen);
  TRY_ASSIGN(Cipher c, Cipher::create_ccm(key, encrypt, nonce, p->ulMACLen, p->ulDataLen));
  TRY_STATUS(c.aad(aad));
  return std::unique_ptr<CipherOperation>(std::make_unique<CcmOp>(std::move(c), p->ulDataLen, p->ulMACLen));
}

Result<std::unique_ptr<CipherOperation>> make_aead(const MechContext& ctx, bool encrypt) {
  if (ctx.mechanism->mechanism == CKM_AES_CCM) return make_ccm(ctx, encrypt);
  return make_gcm(ctx, encrypt);
}

}  // namespace

Result<std::unique_ptr<CipherOperation>> make_aead_encrypt(const MechContext& ctx) { return make_aead(ctx, true); }
Result<std::unique_ptr<CipherOperation>> make_aead_decrypt(const MechContext& ctx) { return make_aead(ctx, false); }

}  // namespace craton::mech::aes
