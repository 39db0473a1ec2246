// PKCS#11 3.0 message-based AEAD: CKM_AES_GCM with CK_GCM_MESSAGE_PARAMS and
// CKM_AES_CCM with CK_CCM_MESSAGE_PARAMS. One operation (one key) serves
// many messages; each message names its own IV/nonce and tag buffer. On
// encryption the token may generate the IV and writes it back to the caller.
//
// Decryption of a multi-part message buffers the ciphertext and releases
// the plaintext only on the final part, after the tag has been checked.
#include <atomic>
#include <cstring>

#include "crypto/random.h"
#include "mechanisms/aes_internal.h"

namespace craton::mech::aes {
namespace {

using crypto::Cipher;
using crypto::CipherMode;

// The invocation counter of one key object, shared by every message
// operation on that key in this process, so two operations never hand out
// the same counter value (a repeated GCM IV under one key is fatal).
// Across processes the caller's fixed field must differ (SP 800-38D 8.2.1:
// the fixed field names the device or context).
struct IvCounter {
  mutable std::atomic<std::uint64_t> next{0};
};

// Fills the non-fixed part of an IV (the bits after the first fixed_bits,
// counting from the most significant bit of byte 0).
class IvGenerator {
 public:
  Status apply(MutableByteView iv, CK_ULONG fixed_bits, CK_GENERATOR_FUNCTION gen, const KeyRef& key) {
    if (gen == CKG_NO_GENERATE) return Status::ok();
    if (!counter_) {
      TRY_ASSIGN(counter_, key->cache.get_or_build<IvCounter>(
                               []() -> Result<std::shared_ptr<const IvCounter>> {
                               return std::shared_ptr<const IvCounter>(std::make_shared<IvCounter>());
                             }));
    }
    const std::size_t total_bits = iv.size() * 8;
    if (fixed_bits >= total_bits) return err(CKR_MECHANISM_PARAM_INVALID);
    const std::size_t free_bits = total_bits - fixed_bits;
    SecureBytes fresh(iv.size());
    switch (gen) {
      case CKG_GENERATE_RANDOM:
        TRY_STATUS(crypto::random_bytes(fresh));
        break;
      case CKG_GENERATE:  // the token's choice: random, like CKG_GENERATE_RANDOM
        TRY_STATUS(crypto::random_bytes(fresh));
        break;
      case CKG_GENERATE_COUNTER:
      case CKG_GENERATE_COUNTER_XOR: {
        const std::uint64_t value = counter_->next.fetch_add(1, std::memory_order_relaxed);
        if (free_bits < 64 && value >> free_bits != 0) return err(CKR_MECHANISM_PARAM_INVALID);  // exhausted
        std::uint64_t v = value;
        for (std::size_t i = fresh.size(); i > 0 && v != 0; --i, v >>= 8) fresh[i - 1] = static_cast<std::uint8_t>(v);
        if (gen == CKG_GENERATE_COUNTER_XOR)
          for (std::size_t i = 0; i < fresh.size(); ++i) fresh[i] ^= iv[i];
        break;
      }
      default:
        return err(CKR_MECHANISM_PARAM_INVALID);
    }
    // Keep the fixed prefix, take the rest from `fresh`.
    for (std::size_t i = 0; i < iv.size(); ++i) {
      const std::size_t bit0 = i * 8;
      std::uint8_t keep = 0;
      if (bit0 + 8 <= fixed_bits) keep = 0xFF;
      else if (bit0 < fixed_bits) keep = static_cast<std::uint8_t>(0xFF << (8 - (fixed_bits - bit0)));
      iv[i] = static_cast<std::uint8_t>((iv[i] & keep) | (fresh[i] & ~keep));
    }
    return Status::ok();
  }

 private:
  std::shared_ptr<const IvCounter> counter_;
};

template <class T>
Result<T*> message_param(void* param, std::size_t len) {
  if (param == nullptr || len != sizeof(T)) return err(CKR_MECHANISM_PARAM_INVALID);
  return static_cast<T*>(param);
}

// ---------------------------------------------------------------- GCM

struct GcmMessage {
  MutableByteView iv;
  MutableByteView tag;
  CK_ULONG fixed_bits = 0;
  CK_GENERATOR_FUNCTION gen = CKG_NO_GENERATE;
};

Result<GcmMessage> parse_gcm_message(void* param, std::size_t len) {
  TRY_ASSIGN(CK_GCM_MESSAGE_PARAMS * p, message_param<CK_GCM_MESSAGE_PARAMS>(param, len));
  if (p->pIv == nullptr || p->ulIvLen == 0 || p->ulIvLen > kGcmMaxIv) return err(CKR_MECHANISM_PARAM_INVALID);
  if (!gcm_tag_bits_ok(p->ulTagBits) || p->pTag == nullptr) return err(CKR_MECHANISM_PARAM_INVALID);
  return GcmMessage{MutableByteView(p->pIv, p->ulIvLen), MutableByteView(p->pTag, p->ulTagBits / 8),
                    p->ulIvFixedBits, p->ivGenerator};
}

class GcmMessageOp final : public MessageCipherOperation {
 public:
  GcmMessageOp(KeyRef key, ByteView key_value, Cipher cipher)
      : key_(std::move(key)), key_value_(key_value), cipher_(std::move(cipher)) {}

  std::size_t output_max(std::size_t n) const override { return n + (encrypting() ? 0 : buffer_.size()); }

  Result<std::size_t> process(void* param, std::size_t len, ByteView aad, ByteView in,
                              MutableByteView out) override {
    if (in_message_) return err(CKR_OPERATION_ACTIVE);
    TRY_ASSIGN(GcmMessage m, parse_gcm_message(param, len));
    if (out.size() < in.size()) return buffer_too_small(in.size());
    TRY_STATUS(start(m, aad));
    if (encrypting()) {
      TRY_STATUS(cipher_.update(in, out.first(in.size())).status());
      TRY_STATUS(cipher_.finish(m.tag));
      return in.size();
    }
    return open(m, {in}, out);
  }

  Status begin(void* param, std::size_t len, ByteView aad) override {
    if (in_message_) return err(CKR_OPERATION_ACTIVE);
    TRY_ASSIGN(GcmMessage m, parse_gcm_message(param, len));
    TRY_STATUS(start(m, aad));
    tag_len_ = m.tag.size();
    buffer_.clear();
    in_message_ = true;
    return Status::ok();
  }

  Result<std::size_t> next(void* param, std::size_t len, ByteView in, MutableByteView out, bool is_final) override {
    if (!in_message_) return err(CKR_OPERATION_NOT_INITIALIZED);
    TRY_ASSIGN(GcmMessage m, parse_gcm_message(param, len));
    if (m.tag.size() != tag_len_) return err(CKR_MECHANISM_PARAM_INVALID);
    if (encrypting()) {
      if (out.size() < in.size()) return buffer_too_small(in.size());
      TRY_STATUS(cipher_.update(in, out.first(in.size())).status());
      if (is_final) {
        in_message_ = false;
        TRY_STATUS(cipher_.finish(m.tag));
      }
      return in.size();
    }
    if (!is_final) {
      buffer_.insert(buffer_.end(), in.begin(), in.end());
      return std::size_t{0};
    }
    if (out.size() < buffer_.size() + in.size()) return buffer_too_small(buffer_.size() + in.size());
    in_message_ = false;
    Bytes held = std::move(buffer_);
    buffer_.clear();
    return open(m, {held, in}, out);
  }

 private:
  bool encrypting() const { return cipher_.encrypting(); }

  Status start(GcmMessage& m, ByteView aad) {
    if (encrypting()) TRY_STATUS(iv_gen_.apply(m.iv, m.fixed_bits, m.gen, key_));
    TRY_STATUS(gcm_start(cipher_, key_value_, m.iv));
    return cipher_.aad(aad);
  }

  // Decrypts the pieces into `out` (sized by the caller) and checks the tag.
  Result<std::size_t> open(const GcmMessage& m, std::initializer_list<ByteView> pieces, MutableByteView out) {
    Status st = cipher_.set_tag(m.tag);
    std::size_t done = 0;
    for (ByteView piece : pieces) {
      if (!st.is_ok()) break;
      st = cipher_.update(piece, out.subspan(done, piece.size())).status();
      done += piece.size();
    }
    if (st.is_ok()) st = cipher_.finish();
    if (!st.is_ok()) {
      secure_wipe(out.data(), done);
      return err(CKR_ENCRYPTED_DATA_INVALID);
    }
    return done;
  }

  KeyRef key_;         // keeps key_value_ alive
  ByteView key_value_;  // for IVs longer than the backend takes
  Cipher cipher_;
  IvGenerator iv_gen_;
  bool in_message_ = false;
  std::size_t tag_len_ = 0;
  Bytes buffer_;  // decrypt: ciphertext of the current multi-part message
};

// ---------------------------------------------------------------- CCM

struct CcmMessage {
  std::size_t data_len = 0;
  MutableByteView nonce;
  MutableByteView mac;
  CK_ULONG fixed_bits = 0;
  CK_GENERATOR_FUNCTION gen = CKG_NO_GENERATE;
};

Result<CcmMessage> parse_ccm_message(void* param, std::size_t len) {
  TRY_ASSIGN(CK_CCM_MESSAGE_PARAMS * p, message_param<CK_CCM_MESSAGE_PARAMS>(param, len));
  if (p->pNonce == nullptr || p->pMAC == nullptr) return err(CKR_MECHANISM_PARAM_INVALID);
  TRY_STATUS(ccm_check(p->ulNonceLen, p->ulMACLen, p->ulDataLen));
  return CcmMessage{p->ulDataLen, MutableByteView(p->pNonce, p->ulNonceLen), MutableByteView(p->pMAC, p->ulMACLen),
                    p->ulNonceFixedBits, p->nonceGenerator};
}

class CcmMessageOp final : public MessageCipherOperation {
 public:
  CcmMessageOp(KeyRef key, ByteView key_value, bool encrypt)
      : key_(std::move(key)), key_value_(key_value), encrypt_(encrypt) {}

  std::size_t output_max(std::size_t n) const override { return n + buffer_.size(); }

  Result<std::size_t> process(void* param, std::size_t len, ByteView aad, ByteView in,
                              MutableByteView out) override {
    if (in_message_) return err(CKR_OPERATION_ACTIVE);
    TRY_ASSIGN(CcmMessage m, parse_ccm_message(param, len));
    if (in.size() != m.data_len) return err(len_error());
    if (out.size() < in.size()) return buffer_too_small(in.size());
    if (encrypt_) TRY_STATUS(nonce_gen_.apply(m.nonce, m.fixed_bits, m.gen, key_));
    return run(m.nonce, m.mac, aad, in, out);
  }

  Status begin(void* param, std::size_t len, ByteView aad) override {
    if (in_message_) return err(CKR_OPERATION_ACTIVE);
    TRY_ASSIGN(CcmMessage m, parse_ccm_message(param, len));
    if (encrypt_) TRY_STATUS(nonce_gen_.apply(m.nonce, m.fixed_bits, m.gen, key_));
    // CCM needs everything at once: keep copies until the final part.
    nonce_.assign(m.nonce.begin(), m.nonce.end());
    aad_.assign(aad.begin(), aad.end());
    data_len_ = m.data_len;
    mac_len_ = m.mac.size();
    buffer_.clear();
    in_message_ = true;
    return Status::ok();
  }

  Result<std::size_t> next(void* param, std::size_t len, ByteView in, MutableByteView out, bool is_final) override {
    if (!in_message_) return err(CKR_OPERATION_NOT_INITIALIZED);
    TRY_ASSIGN(CcmMessage m, parse_ccm_message(param, len));
    if (m.mac.size() != mac_len_) return err(CKR_MECHANISM_PARAM_INVALID);
    const std::size_t total = buffer_.size() + in.size();
    if (total > data_len_ || (is_final && total != data_len_)) return err(len_error());
    if (!is_final) {
      buffer_.insert(buffer_.end(), in.begin(), in.end());
      return std::size_t{0};
    }
    if (out.size() < total) return buffer_too_small(total);
    buffer_.insert(buffer_.end(), in.begin(), in.end());
    in_message_ = false;
    SecureBytes all = std::move(buffer_);
    buffer_.clear();
    return run(nonce_, m.mac, aad_, all.view(), out);
  }

 private:
  CK_RV len_error() const { return encrypt_ ? CKR_DATA_LEN_RANGE : CKR_ENCRYPTED_DATA_LEN_RANGE; }

  Result<std::size_t> run(ByteView nonce, MutableByteView mac, ByteView aad, ByteView in, MutableByteView out) {
    TRY_ASSIGN(Cipher c, Cipher::create_ccm(key_value_, encrypt_, nonce, mac.size(), in.size()));
    TRY_STATUS(c.aad(aad));
    if (encrypt_) {
      TRY_STATUS(c.update(in, out.first(in.size())).status());
      TRY_STATUS(c.finish(mac));
      return in.size();
    }
    TRY_STATUS(c.set_tag(mac));
    if (!c.update(in, out.first(in.size())).is_ok()) {
      secure_wipe(out.data(), in.size());
      return err(CKR_ENCRYPTED_DATA_INVALID);
    }
    return in.size();
  }

  KeyRef key_;
  ByteView key_value_;
  const bool encrypt_;
  IvGenerator nonce_gen_;
  bool in_message_ = false;
  Bytes nonce_;
  Bytes aad_;
  std::size_t data_len_ = 0;
  std::size_t mac_len_ = 0;
  SecureBytes buffer_;  // the current multi-part message (plaintext when encrypting)
};

Result<std::unique_ptr<MessageCipherOperation>> make_message(const MechContext& ctx, bool encrypt) {
  // The per-message parameters arrive with each message; whatever the
  // caller passes at Init is not used (callers differ: NULL or a template).
  TRY_ASSIGN(ByteView key, key_value(ctx));
  if (ctx.mechanism->mechanism == CKM_AES_CCM)
    return std::unique_ptr<MessageCipherOperation>(std::make_unique<CcmMessageOp>(ctx.key, key, encrypt));
  TRY_ASSIGN(Cipher c, keyed_cipher(ctx, CipherMode::kGcm, encrypt));
  return std::unique_ptr<MessageCipherOperation>(std::make_unique<GcmMessageOp>(ctx.key, key, std::move(c)));
}

}  // namespace

Result<std::unique_ptr<MessageCipherOperation>> make_message_encrypt(const MechContext& ctx) {
  return make_message(ctx, true);
}
Result<std::unique_ptr<MessageCipherOperation>> make_message_decrypt(const MechContext& ctx) {
  return make_message(ctx, false);
}

}  // namespace craton::mech::aes
