#include "module/validation_object.h"

#include <string>

namespace craton::module {
namespace {

void set_string(objects::AttributeMap& m, CK_ATTRIBUTE_TYPE type, const std::string& text) {
  m.set(type, SecureBytes(reinterpret_cast<const std::uint8_t*>(text.data()),
                          reinterpret_cast<const std::uint8_t*>(text.data()) + text.size()));
}

}  // namespace

objects::AttributeMap validation_object_attributes(CK_SLOT_ID slot) {
  objects::AttributeMap m;
  m.set_ulong(CKA_CLASS, CKO_VALIDATION);
  m.set_bool(CKA_TOKEN, true);
  m.set_bool(CKA_PRIVATE, false);
  m.set_bool(CKA_MODIFIABLE, false);
  m.set_bool(CKA_COPYABLE, false);
  m.set_bool(CKA_DESTROYABLE, false);
  set_string(m, CKA_LABEL, "FIPS 140-3 level 1 (not validated)");
  set_string(m, CKA_UNIQUE_ID, "validation-" + std::to_string(slot));
  m.set_ulong(CKA_VALIDATION_TYPE, CKV_TYPE_SOFTWARE);
  const CK_VERSION fips_140_3{3, 0};
  m.set(CKA_VALIDATION_VERSION, SecureBytes{fips_140_3.major, fips_140_3.minor});
  m.set_ulong(CKA_VALIDATION_LEVEL, 1);
  set_string(m, CKA_VALIDATION_MODULE_ID, "Craton HSM");
  m.set_ulong(CKA_VALIDATION_FLAG, kApprovedIndicator);
  // No validation authority has tested this module (docs/fips-gap-analysis.md).
  m.set_ulong(CKA_VALIDATION_AUTHORITY_TYPE, CKV_AUTHORITY_TYPE_UNSPECIFIED);
  set_string(m, CKA_VALIDATION_COUNTRY, "");
  set_string(m, CKA_VALIDATION_CERTIFICATE_IDENTIFIER, "");
  set_string(m, CKA_VALIDATION_CERTIFICATE_URI, "");
  set_string(m, CKA_VALIDATION_VENDOR_URI, "");
  set_string(m, CKA_VALIDATION_PROFILE, "self-assessed; approved-only mode: algorithms.fips_approved_only");
  return m;
}

}  // namespace craton::module
