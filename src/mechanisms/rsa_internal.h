// Shared parts of the RSA family (rsa*.cc): key lookup and checks, the
// mechanism-parameter parsers and the factories that register_rsa lists.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>

#include "core/result.h"
#include "crypto/rsa.h"
#include "mechanisms/registry.h"

namespace craton::mech::rsa {

// Mechanism-info range (bits). Import accepts more, up to kMaxImportBits,
// so such keys can be stored and moved, but no operation here uses them.
inline constexpr CK_ULONG kMinBits = 1024;
inline constexpr CK_ULONG kMaxBits = 8192;
inline constexpr CK_ULONG kMaxImportBits = 16384;

// A key ready for one operation. `object` keeps the snapshot alive, and with
// it the modulus bytes `modulus` points into.
struct UsableKey {
  KeyRef object;
  crypto::PkeyRef pkey;
  ByteView modulus;  // big-endian, no leading zeros: k bytes
  std::size_t k() const { return modulus.size(); }
};

// Error codes for a key of the wrong type or size: plain operations use the
// defaults, wrap and unwrap their own codes.
struct KeyErrors {
  CK_RV type = CKR_KEY_TYPE_INCONSISTENT;
  CK_RV size = CKR_KEY_SIZE_RANGE;
};

// Checks class, CKK_RSA and the mechanism-info size, and returns the parsed
// key, built once per object snapshot in its DerivedCache.
Result<UsableKey> usable_key(const KeyRef& key, CK_OBJECT_CLASS cls, KeyErrors errors = {});
// The parsed EVP_PKEY of an RSA object (public or private by its class).
Result<crypto::PkeyRef> cached_pkey(const objects::ObjectData& key);

ByteView strip_leading_zeros(ByteView v);
// Bit length of a big-endian unsigned integer.
std::size_t bit_length(ByteView big_endian);
// For k-byte big-endian values.
bool below_modulus(ByteView padded, ByteView modulus);
// `data` left-padded with zeros to k bytes; CKR_DATA_LEN_RANGE if longer.
Result<SecureBytes> left_pad(ByteView data, std::size_t k);

// A parsed mechanism: padding, hash and the parameters that go with it.
// The OAEP label points into the caller's parameter: operations that keep
// it copy it (see OaepLabel).
struct Mechanism {
  crypto::RsaParams params;
  bool hashed = false;  // CKM_SHA*_RSA_PKCS(_PSS): multi-part hash-and-sign
};
Result<Mechanism> parse_mechanism(const CK_MECHANISM& m);
// Checks that parameters fit this key (PSS salt, OAEP hash sizes).
Status check_against_key(const Mechanism& m, std::size_t k, std::size_t bits);
// Longest input of a single-part operation with this padding.
std::size_t max_input(const crypto::RsaParams& p, std::size_t k);

// Factories, one per operation kind; each dispatches on the mechanism.
Result<std::unique_ptr<SignOperation>> make_sign(const MechContext& ctx);
Result<std::unique_ptr<VerifyOperation>> make_verify(const MechContext& ctx);
Result<std::unique_ptr<RecoverOperation>> make_sign_recover(const MechContext& ctx);
Result<std::unique_ptr<RecoverOperation>> make_verify_recover(const MechContext& ctx);
Result<std::unique_ptr<CipherOperation>> make_encrypt(const MechContext& ctx);
Result<std::unique_ptr<CipherOperation>> make_decrypt(const MechContext& ctx);
Result<std::size_t> wrap(const MechContext& ctx, ByteView key_bytes, MutableByteView out);
Result<SecureBytes> unwrap(const MechContext& ctx, ByteView wrapped);
Result<KeyPairMaterial> generate_key_pair(const MechContext& ctx, const objects::AttributeMap& pub_tmpl,
                                          const objects::AttributeMap& priv_tmpl);

// Registered for CKK_RSA from register_rsa.
Status check_import(CK_OBJECT_CLASS cls, objects::AttributeMap& attrs);
Result<SecureBytes> encode_pkcs8(const objects::ObjectData& key);
Result<objects::AttributeMap> decode_pkcs8(ByteView der);

}  // namespace craton::mech::rsa
