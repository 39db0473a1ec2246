// CKM_AES_CMAC (16-byte MAC) and CKM_AES_CMAC_GENERAL (CK_MAC_GENERAL_PARAMS:
// MAC length 1..16), SP 800-38B, as multi-part sign and verify.
#include <array>

#include "mechanisms/aes_internal.h"

namespace craton::mech::aes {
namespace {

using crypto::Cmac;
using crypto::kCmacSize;

Result<std::size_t> mac_length(const CK_MECHANISM& m) {
  if (m.mechanism == CKM_AES_CMAC) {
    TRY_STATUS(require_no_param(m));
    return kCmacSize;
  }
  TRY_ASSIGN(const CK_MAC_GENERAL_PARAMS* len, param_as<CK_MAC_GENERAL_PARAMS>(m));
  if (*len < 1 || *len > kCmacSize) return err(CKR_MECHANISM_PARAM_INVALID);
  return static_cast<std::size_t>(*len);
}

class CmacSign final : public SignOperation {
 public:
  CmacSign(Cmac cmac, std::size_t len) : cmac_(std::move(cmac)), len_(len) {}
  std::size_t signature_size() const override { return len_; }
  bool multipart() const override { return true; }
  Status update(ByteView data) override { return cmac_.update(data); }
  Result<std::size_t> final(MutableByteView out) override {
    if (out.size() < len_) return buffer_too_small(len_);
    std::array<std::uint8_t, kCmacSize> mac{};
    TRY_STATUS(cmac_.final(mac));
    std::copy_n(mac.begin(), len_, out.begin());
    return len_;
  }

 private:
  Cmac cmac_;
  const std::size_t len_;
};

class CmacVerify final : public VerifyOperation {
 public:
  CmacVerify(Cmac cmac, std::size_t len) : cmac_(std::move(cmac)), len_(len) {}
  bool multipart() const override { return true; }
  Status update(ByteView data) override { return cmac_.update(data); }
  Status final(ByteView signature) override {
    if (signature.size() != len_) return err(CKR_SIGNATURE_LEN_RANGE);
    std::array<std::uint8_t, kCmacSize> mac{};
    TRY_STATUS(cmac_.final(mac));
    if (!constant_time_equal(ByteView(mac.data(), len_), signature)) return err(CKR_SIGNATURE_INVALID);
    return Status::ok();
  }

 private:
  Cmac cmac_;
  const std::size_t len_;
};

}  // namespace

Result<std::unique_ptr<SignOperation>> make_cmac_sign(const MechContext& ctx) {
  TRY_ASSIGN(std::size_t len, mac_length(*ctx.mechanism));
  TRY_ASSIGN(Cmac cmac, keyed_cmac(ctx));
  return std::unique_ptr<SignOperation>(std::make_unique<CmacSign>(std::move(cmac), len));
}

Result<std::unique_ptr<VerifyOperation>> make_cmac_verify(const MechContext& ctx) {
  TRY_ASSIGN(std::size_t len, mac_length(*ctx.mechanism));
  TRY_ASSIGN(Cmac cmac, keyed_cmac(ctx));
  return std::unique_ptr<VerifyOperation>(std::make_unique<CmacVerify>(std::move(cmac), len));
}

}  // namespace craton::mech::aes
