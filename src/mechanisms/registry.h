// The mechanism registry: one row per CKM_xxx. C_GetMechanismList,
// C_GetMechanismInfo, the approved-mode filter, every C_xxxInit and
// docs/conformance.md all read this one table. Families add their rows in
// their own file (register_<family>), listed once in families.cc.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"
#include "mechanisms/operation.h"
#include "objects/attribute_map.h"
#include "objects/object.h"

namespace craton::mech {

using KeyRef = std::shared_ptr<const objects::ObjectData>;

// Resolves another object named inside mechanism parameters (HKDF salt key,
// ...). Enforces the same visibility rules as the caller's handle lookups.
using KeyResolver = std::function<Result<KeyRef>(CK_OBJECT_HANDLE)>;

// Everything a factory may look at. `mechanism` is non-null; pParameter is
// the caller's and only valid during the factory call: copy what you keep.
struct MechContext {
  const CK_MECHANISM* mechanism = nullptr;
  KeyRef key;              // null for digests and key generation
  KeyResolver resolve_key;  // may be empty where no parameter names a key
};

// Reads the mechanism parameter as a C struct; CKR_MECHANISM_PARAM_INVALID
// if the length is wrong or the pointer NULL.
template <class T>
Result<const T*> param_as(const CK_MECHANISM& m) {
  if (m.pParameter == nullptr || m.ulParameterLen != sizeof(T)) return err(CKR_MECHANISM_PARAM_INVALID);
  return static_cast<const T*>(m.pParameter);
}
Status require_no_param(const CK_MECHANISM& m);  // CKR_MECHANISM_PARAM_INVALID if given

// Key generation returns only the attributes the mechanism computes
// (CKA_VALUE, CKA_MODULUS, CKA_EC_POINT, CKA_KEY_TYPE ...). The module merges
// them with the caller's template and the token-set attributes.
struct KeyPairMaterial {
  objects::AttributeMap public_attrs;
  objects::AttributeMap private_attrs;
};

using DigestFactory = Result<std::unique_ptr<DigestOperation>> (*)(const MechContext&);
using SignFactory = Result<std::unique_ptr<SignOperation>> (*)(const MechContext&);
using VerifyFactory = Result<std::unique_ptr<VerifyOperation>> (*)(const MechContext&);
using RecoverFactory = Result<std::unique_ptr<RecoverOperation>> (*)(const MechContext&);
using CipherFactory = Result<std::unique_ptr<CipherOperation>> (*)(const MechContext&);
using MessageCipherFactory = Result<std::unique_ptr<MessageCipherOperation>> (*)(const MechContext&);
// `tmpl` is the caller's template (for CKA_VALUE_LEN, CKA_EC_PARAMS ...).
using GenerateKeyFn = Result<objects::AttributeMap> (*)(const MechContext&, const objects::AttributeMap& tmpl);
using GenerateKeyPairFn = Result<KeyPairMaterial> (*)(const MechContext&, const objects::AttributeMap& pub_tmpl,
                                                     const objects::AttributeMap& priv_tmpl);
// Wrap: `key_bytes` is the encoded key to wrap (CKA_VALUE of a secret key,
// PKCS#8 DER of a private key). Writes into `out` or returns buffer_too_small;
// with an empty `out` returns the exact or maximum size as a length query.
using WrapFn = Result<std::size_t> (*)(const MechContext&, ByteView key_bytes, MutableByteView out);
using UnwrapFn = Result<SecureBytes> (*)(const MechContext&, ByteView wrapped);
// Derive: returns the new key's value. `wanted_len` is the length the
// template asks for (CKA_VALUE_LEN or the key type's fixed size), 0 if none.
using DeriveFn = Result<SecureBytes> (*)(const MechContext&, std::size_t wanted_len);

// Key encapsulation (C_EncapsulateKey / C_DecapsulateKey, PKCS#11 3.2).
// Encapsulate writes the ciphertext into `ciphertext_out` and returns it with
// the shared secret; with an empty `ciphertext_out` it only reports the
// ciphertext length (a length query: no randomness is used).
struct Encapsulation {
  std::size_t ciphertext_len = 0;
  SecureBytes shared_secret;
};
using EncapsulateFn = Result<Encapsulation> (*)(const MechContext&, MutableByteView ciphertext_out);
using DecapsulateFn = Result<SecureBytes> (*)(const MechContext&, ByteView ciphertext);

struct MechanismEntry {
  CK_MECHANISM_TYPE type = 0;
  std::string_view name;        // "CKM_AES_GCM"
  CK_ULONG min_key_size = 0;    // units as the spec gives for this mechanism
  CK_ULONG max_key_size = 0;
  CK_FLAGS flags = 0;           // CKF_ENCRYPT | ... ; must match the factories below
  bool fips_approved = false;   // approved-mode filter and algorithm indicator
  // Approved for verification only (SHA-1 signatures, SP 800-131A): listed
  // in approved-only mode with CKF_VERIFY alone, refused for signing.
  bool fips_verify_only = false;

  DigestFactory digest = nullptr;
  SignFactory sign = nullptr;
  VerifyFactory verify = nullptr;
  RecoverFactory sign_recover = nullptr;
  RecoverFactory verify_recover = nullptr;
  CipherFactory encrypt = nullptr;
  CipherFactory decrypt = nullptr;
  MessageCipherFactory message_encrypt = nullptr;
  MessageCipherFactory message_decrypt = nullptr;
  GenerateKeyFn generate_key = nullptr;
  GenerateKeyPairFn generate_key_pair = nullptr;
  WrapFn wrap = nullptr;
  UnwrapFn unwrap = nullptr;
  DeriveFn derive = nullptr;
  EncapsulateFn encapsulate = nullptr;
  DecapsulateFn decapsulate = nullptr;
};

class Registry {
 public:
  // The process-wide registry, filled by every family on first use.
  static const Registry& instance();

  void add(MechanismEntry entry);  // used by register_<family> only
  const MechanismEntry* find(CK_MECHANISM_TYPE type) const;
  const std::vector<MechanismEntry>& entries() const { return entries_; }  // sorted by type

 private:
  std::vector<MechanismEntry> entries_;
};

// Key encodings used by C_WrapKey / C_UnwrapKey for private keys:
// PKCS#8 PrivateKeyInfo DER <-> attributes, per key type. Families that own
// an asymmetric key type register a codec.
struct PrivateKeyCodec {
  CK_KEY_TYPE key_type;
  Result<SecureBytes> (*encode_pkcs8)(const objects::ObjectData& key);
  // Returns CKA_KEY_TYPE and the key type's private attributes.
  Result<objects::AttributeMap> (*decode_pkcs8)(ByteView der);
};
void add_private_key_codec(PrivateKeyCodec codec);
const PrivateKeyCodec* find_private_key_codec(CK_KEY_TYPE key_type);
// Tries every codec (for unwrapping without CKA_KEY_TYPE in the template).
Result<objects::AttributeMap> decode_any_pkcs8(ByteView der);

// Checks and completes key attributes given at C_CreateObject / unwrap:
// e.g. that an EC point lies on the curve, that RSA components agree, and
// adds attributes the token computes (CKA_PUBLIC_KEY_INFO ...). Families that
// own a key type register one; other key types pass unchecked.
struct KeyImportCheck {
  CK_KEY_TYPE key_type;
  Status (*check)(CK_OBJECT_CLASS cls, objects::AttributeMap& attrs);
};
void add_key_import_check(KeyImportCheck check);
Status check_imported_key(CK_OBJECT_CLASS cls, CK_KEY_TYPE key_type, objects::AttributeMap& attrs);

}  // namespace craton::mech
