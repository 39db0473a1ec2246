// Conversion between caller CK_ATTRIBUTE arrays and AttributeMap, including
// the nested arrays of CKA_WRAP_TEMPLATE and friends, and the new-object
// steps every object-making service shares.
#pragma once

#include "core/result.h"
#include "module/call_context.h"
#include "objects/attribute_map.h"
#include "objects/attribute_rules.h"

namespace craton::module {

Result<objects::AttributeMap> template_from_caller(const CK_ATTRIBUTE* tmpl, CK_ULONG count);

// Fills a caller's template from an object (C_GetAttributeValue rules).
CK_RV fill_caller_template(const objects::AttributeMap& attrs, CK_ATTRIBUTE_PTR tmpl, CK_ULONG count);

// Access check, CKA_UNIQUE_ID, and insertion of a finished attribute set.
Result<CK_OBJECT_HANDLE> store_new_object(SessionCall& call, objects::AttributeMap attrs);

// A fresh CKA_UNIQUE_ID value (32 hex characters).
Result<std::string> new_unique_id();

}  // namespace craton::module
