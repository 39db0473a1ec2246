// Helpers for the PQC mechanism-family unit tests (ML-KEM, X-Wing, ML-DSA):
// registry rows, key objects and key-pair generation called the way the
// module calls them.
#pragma once

#include <memory>
#include <stdexcept>

#include "core/result.h"
#include "mechanisms/registry.h"
#include "objects/attribute_map.h"
#include "objects/object.h"

namespace craton::pqcmechtest {

// The registry row of `type`; throws if absent, as the tests call its
// factories directly.
inline const mech::MechanismEntry& entry(CK_MECHANISM_TYPE type) {
  const mech::MechanismEntry* e = mech::Registry::instance().find(type);
  if (e == nullptr) throw std::runtime_error("mechanism not registered");
  return *e;
}

// A key object snapshot with exactly these attributes.
inline mech::KeyRef object(const objects::AttributeMap& attrs) {
  auto obj = std::make_shared<objects::ObjectData>();
  obj->attrs = attrs;
  return obj;
}

// Key-pair generation through the row `keygen`, given the caller's
// CK_MECHANISM `m` (a test may pass a parameter) and templates.
inline Result<mech::KeyPairMaterial> generate_pair(CK_MECHANISM_TYPE keygen, const objects::AttributeMap& pub,
                                                   const objects::AttributeMap& priv, CK_MECHANISM m) {
  mech::MechContext ctx{&m, nullptr, {}};
  return entry(keygen).generate_key_pair(ctx, pub, priv);
}

// The same with CKA_PARAMETER_SET = `parameter_set` as the whole public
// template and an empty private one.
inline Result<mech::KeyPairMaterial> generate_for_set(CK_MECHANISM_TYPE keygen, CK_ULONG parameter_set) {
  objects::AttributeMap pub;
  pub.set_ulong(CKA_PARAMETER_SET, parameter_set);
  return generate_pair(keygen, pub, objects::AttributeMap(), CK_MECHANISM{keygen, nullptr, 0});
}

}  // namespace craton::pqcmechtest
