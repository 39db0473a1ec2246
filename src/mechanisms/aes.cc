// AES family: key generation, the shared key checks and per-key templates,
// and the registry rows. The modes live in aes_modes.cc, aes_aead.cc,
// aes_wrap.cc, aes_cmac.cc and aes_message.cc.
#include <cstring>
#include <string_view>
#include <utility>

#include "crypto/random.h"
#include "mechanisms/aes_internal.h"
#include "mechanisms/families.h"

namespace craton::mech {
namespace aes {
namespace {

// One keyed template per (mode, direction), cached on the key snapshot.
template <crypto::CipherMode M, bool E>
struct CipherTemplate {
  crypto::Cipher cipher;
};

template <crypto::CipherMode M, bool E>
Result<crypto::Cipher> cached_clone(const objects::ObjectData& obj, ByteView key) {
  using T = CipherTemplate<M, E>;
  auto built = obj.cache.get_or_build<T>([&]() -> Result<std::shared_ptr<const T>> {
    TRY_ASSIGN(crypto::Cipher c, crypto::Cipher::create(M, key, E));
    return std::make_shared<const T>(T{std::move(c)});
  });
  if (!built.is_ok()) return built.error();
  return built.value()->cipher.clone();
}

struct CmacTemplate {
  crypto::Cmac cmac;
};

}  // namespace

Result<ByteView> key_value(const MechContext& ctx) {
  if (!ctx.key) return err(CKR_KEY_HANDLE_INVALID);
  if (ctx.key->object_class() != CKO_SECRET_KEY || ctx.key->key_type() != CKK_AES)
    return err(CKR_KEY_TYPE_INCONSISTENT);
  ByteView value = ctx.key->attrs.view(CKA_VALUE);
  if (!crypto::aes_key_size_ok(value.size())) return err(CKR_KEY_SIZE_RANGE);
  return value;
}

Result<crypto::Cipher> keyed_cipher(const MechContext& ctx, crypto::CipherMode mode, bool encrypt) {
  using crypto::CipherMode;
  TRY_ASSIGN(ByteView key, key_value(ctx));
  const objects::ObjectData& obj = *ctx.key;
  switch (mode) {
    case CipherMode::kEcb:
      return encrypt ? cached_clone<CipherMode::kEcb, true>(obj, key) : cached_clone<CipherMode::kEcb, false>(obj, key);
    case CipherMode::kCbc:
      return encrypt ? cached_clone<CipherMode::kCbc, true>(obj, key) : cached_clone<CipherMode::kCbc, false>(obj, key);
    case CipherMode::kCtr:
      return encrypt ? cached_clone<CipherMode::kCtr, true>(obj, key) : cached_clone<CipherMode::kCtr, false>(obj, key);
    case CipherMode::kGcm:
      return encrypt ? cached_clone<CipherMode::kGcm, true>(obj, key) : cached_clone<CipherMode::kGcm, false>(obj, key);
    default:
      // CCM and the wrap modes are keyed per message (see crypto/cipher.h).
      return crypto::Cipher::create(mode, key, encrypt);
  }
}

Result<crypto::Cmac> keyed_cmac(const MechContext& ctx) {
  TRY_ASSIGN(ByteView key, key_value(ctx));
  auto built = ctx.key->cache.get_or_build<CmacTemplate>([&]() -> Result<std::shared_ptr<const CmacTemplate>> {
    TRY_ASSIGN(crypto::Cmac c, crypto::Cmac::create(key));
    return std::make_shared<const CmacTemplate>(CmacTemplate{std::move(c)});
  });
  if (!built.is_ok()) return built.error();
  return built.value()->cmac.clone();
}

Result<ByteView> fixed_param(const CK_MECHANISM& m, std::size_t len) {
  if (m.pParameter == nullptr || m.ulParameterLen != len) return err(CKR_MECHANISM_PARAM_INVALID);
  return ByteView(static_cast<const std::uint8_t*>(m.pParameter), len);
}

Result<ByteView> optional_bytes(const CK_BYTE* p, CK_ULONG len) {
  if (len == 0) return ByteView();
  if (p == nullptr) return err(CKR_MECHANISM_PARAM_INVALID);
  return ByteView(p, len);
}

bool overlaps(ByteView a, ByteView b) {
  if (a.empty() || b.empty()) return false;
  const auto a0 = reinterpret_cast<std::uintptr_t>(a.data());
  const auto b0 = reinterpret_cast<std::uintptr_t>(b.data());
  return a0 < b0 + b.size() && b0 < a0 + a.size();
}

namespace {

Result<objects::AttributeMap> generate_key(const MechContext& ctx, const objects::AttributeMap& tmpl) {
  TRY_STATUS(require_no_param(*ctx.mechanism));
  TRY_ASSIGN(std::optional<CK_ULONG> cls, tmpl.get_ulong_checked(CKA_CLASS));
  TRY_ASSIGN(std::optional<CK_ULONG> type, tmpl.get_ulong_checked(CKA_KEY_TYPE));
  if ((cls && *cls != CKO_SECRET_KEY) || (type && *type != CKK_AES)) return err(CKR_TEMPLATE_INCONSISTENT);
  TRY_ASSIGN(std::optional<CK_ULONG> len, tmpl.get_ulong_checked(CKA_VALUE_LEN));
  if (!len) return err(CKR_TEMPLATE_INCOMPLETE);
  if (!crypto::aes_key_size_ok(*len)) return err(CKR_KEY_SIZE_RANGE);
  SecureBytes value(*len);
  TRY_STATUS(crypto::random_bytes_for_key(value));
  objects::AttributeMap out;
  out.set_ulong(CKA_CLASS, CKO_SECRET_KEY);
  out.set_ulong(CKA_KEY_TYPE, CKK_AES);
  out.set_ulong(CKA_VALUE_LEN, *len);
  out.set(CKA_VALUE, std::move(value));
  return out;
}

}  // namespace
}  // namespace aes

namespace {

constexpr CK_FLAGS kCipher = CKF_ENCRYPT | CKF_DECRYPT;
using NamedType = std::pair<CK_MECHANISM_TYPE, std::string_view>;

MechanismEntry aes_row(CK_MECHANISM_TYPE type, std::string_view name, CK_FLAGS flags) {
  MechanismEntry e;
  e.type = type;
  e.name = name;
  e.min_key_size = 16;  // bytes, as PKCS#11 gives AES key sizes
  e.max_key_size = 32;
  e.flags = flags;
  e.fips_approved = true;
  return e;
}

void add_cipher_rows(Registry& r) {
  const NamedType kBlock[] = {
      {CKM_AES_ECB, "CKM_AES_ECB"},
      {CKM_AES_CBC, "CKM_AES_CBC"},
      {CKM_AES_CBC_PAD, "CKM_AES_CBC_PAD"},
      {CKM_AES_CTR, "CKM_AES_CTR"},
  };
  for (const auto& [type, name] : kBlock) {
    const bool wraps = type == CKM_AES_CBC_PAD;
    MechanismEntry e = aes_row(type, name, kCipher | (wraps ? CKF_WRAP | CKF_UNWRAP : 0));
    e.encrypt = aes::make_block_encrypt;
    e.decrypt = aes::make_block_decrypt;
    if (wraps) {
      e.wrap = aes::cbc_pad_wrap_key;
      e.unwrap = aes::cbc_pad_unwrap_key;
    }
    r.add(e);
  }
  constexpr CK_FLAGS kMessage = CKF_MESSAGE_ENCRYPT | CKF_MESSAGE_DECRYPT | CKF_MULTI_MESSAGE;
  const NamedType kAead[] = {{CKM_AES_GCM, "CKM_AES_GCM"}, {CKM_AES_CCM, "CKM_AES_CCM"}};
  for (const auto& [type, name] : kAead) {
    MechanismEntry e = aes_row(type, name, kCipher | kMessage);
    e.encrypt = aes::make_aead_encrypt;
    e.decrypt = aes::make_aead_decrypt;
    e.message_encrypt = aes::make_message_encrypt;
    e.message_decrypt = aes::make_message_decrypt;
    r.add(e);
  }
}

void add_wrap_and_mac_rows(Registry& r) {
  const NamedType kWrap[] = {{CKM_AES_KEY_WRAP, "CKM_AES_KEY_WRAP"}, {CKM_AES_KEY_WRAP_KWP, "CKM_AES_KEY_WRAP_KWP"}};
  for (const auto& [type, name] : kWrap) {
    MechanismEntry e = aes_row(type, name, kCipher | CKF_WRAP | CKF_UNWRAP);
    e.encrypt = aes::make_wrap_encrypt;
    e.decrypt = aes::make_wrap_decrypt;
    e.wrap = aes::wrap_key;
    e.unwrap = aes::unwrap_key;
    r.add(e);
  }
  const NamedType kMac[] = {{CKM_AES_CMAC, "CKM_AES_CMAC"}, {CKM_AES_CMAC_GENERAL, "CKM_AES_CMAC_GENERAL"}};
  for (const auto& [type, name] : kMac) {
    MechanismEntry e = aes_row(type, name, CKF_SIGN | CKF_VERIFY);
    e.sign = aes::make_cmac_sign;
    e.verify = aes::make_cmac_verify;
    r.add(e);
  }
}

}  // namespace

void register_aes(Registry& r) {
  MechanismEntry gen = aes_row(CKM_AES_KEY_GEN, "CKM_AES_KEY_GEN", CKF_GENERATE);
  gen.generate_key = aes::generate_key;
  r.add(gen);
  add_cipher_rows(r);
  add_wrap_and_mac_rows(r);
}

}  // namespace craton::mech
