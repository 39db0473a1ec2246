#include "mechanisms/registry.h"

#include <algorithm>
#include <mutex>

#include "mechanisms/families.h"

namespace craton::mech {

void register_all_families(Registry& r);  // families.cc

namespace {
std::vector<PrivateKeyCodec>& codecs() {
  static std::vector<PrivateKeyCodec> v;
  return v;
}
std::vector<KeyImportCheck>& import_checks() {
  static std::vector<KeyImportCheck> v;
  return v;
}
}  // namespace

Status require_no_param(const CK_MECHANISM& m) {
  if (m.pParameter != nullptr || m.ulParameterLen != 0) return err(CKR_MECHANISM_PARAM_INVALID);
  return Status::ok();
}

// SHA-1 stays approved for verifying existing signatures only
// (SP 800-131A Rev. 2): one policy table rather than a flag in each family.
constexpr CK_MECHANISM_TYPE kVerifyOnlyWhenApproved[] = {CKM_SHA1_RSA_PKCS, CKM_SHA1_RSA_PKCS_PSS, CKM_ECDSA_SHA1};

const Registry& Registry::instance() {
  // Built once; read-only afterwards, so lookups need no lock.
  static const Registry* registry = [] {
    auto* r = new Registry();
    register_all_families(*r);
    for (auto& e : r->entries_)
      for (CK_MECHANISM_TYPE t : kVerifyOnlyWhenApproved)
        if (e.type == t) e.fips_verify_only = true;
    std::sort(r->entries_.begin(), r->entries_.end(),
              [](const MechanismEntry& a, const MechanismEntry& b) { return a.type < b.type; });
    return r;
  }();
  return *registry;
}

void Registry::add(MechanismEntry entry) { entries_.push_back(entry); }

const MechanismEntry* Registry::find(CK_MECHANISM_TYPE type) const {
  auto it = std::lower_bound(entries_.begin(), entries_.end(), type,
                             [](const MechanismEntry& e, CK_MECHANISM_TYPE t) { return e.type < t; });
  if (it == entries_.end() || it->type != type) return nullptr;
  return &*it;
}

void add_private_key_codec(PrivateKeyCodec codec) { codecs().push_back(codec); }

const PrivateKeyCodec* find_private_key_codec(CK_KEY_TYPE key_type) {
  Registry::instance();
  for (const auto& c : codecs())
    if (c.key_type == key_type) return &c;
  return nullptr;
}

Result<objects::AttributeMap> decode_any_pkcs8(ByteView der) {
  Registry::instance();
  for (const auto& c : codecs()) {
    auto decoded = c.decode_pkcs8(der);
    if (decoded.is_ok()) return decoded;
  }
  return err(CKR_WRAPPED_KEY_INVALID);
}

void add_key_import_check(KeyImportCheck check) { import_checks().push_back(check); }

Status check_imported_key(CK_OBJECT_CLASS cls, CK_KEY_TYPE key_type, objects::AttributeMap& attrs) {
  Registry::instance();
  for (const auto& c : import_checks())
    if (c.key_type == key_type) return c.check(cls, attrs);
  return Status::ok();
}

}  // namespace craton::mech
