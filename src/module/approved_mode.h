// Approved-only mode (algorithms.fips_approved_only): which mechanisms,
// key sizes and key-transport paths the module allows, in one place.
#pragma once

#include "core/result.h"
#include "mechanisms/registry.h"
#include "module/module.h"
#include "objects/object.h"

namespace craton::module {

// Is this mechanism offered at all in the current mode?
bool mechanism_offered(const Module& m, const mech::MechanismEntry& e);
// The CK_MECHANISM_INFO flags offered in the current mode.
CK_FLAGS offered_flags(const Module& m, const mech::MechanismEntry& e);
// May this (mechanism, use) pair run? CKR_MECHANISM_INVALID if not.
Status check_approved_use(const Module& m, const mech::MechanismEntry& e, CK_ATTRIBUTE_TYPE usage);
// Approved key sizes and curves: CKR_KEY_SIZE_RANGE if the key is too weak.
Status check_approved_key(const Module& m, const objects::AttributeMap& key);
// Key import/export: only AES-KW and AES-KWP in approved-only mode.
Status check_key_transport(const Module& m, CK_MECHANISM_TYPE mechanism);
// Key generation templates that ask for a non-approved size.
Status check_approved_generation(const Module& m, const objects::AttributeMap& tmpl);

}  // namespace craton::module
