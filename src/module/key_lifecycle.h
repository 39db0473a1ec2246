// SP 800-57 key lifecycle. A key's effective state comes from
// CKA_START_DATE / CKA_END_DATE and the compromised mark; every operation
// init (including wrap, unwrap, derive, encapsulate, decapsulate) asks here.
#pragma once

#include <ctime>

#include "core/result.h"
#include "objects/object.h"

namespace craton::module {

enum class KeyState { kPreActivation, kActive, kDeactivated, kCompromised };

// What an operation does with the key: deactivated keys may only process
// data already protected (verify, decrypt, unwrap, decapsulate).
enum class KeyUse { kProtect, kProcess };

KeyState key_state(const objects::ObjectData& key, std::time_t now);

// CKR_KEY_FUNCTION_NOT_PERMITTED if the state forbids the use.
Status check_key_lifecycle(const objects::ObjectData& key, KeyUse use);

// The use an operation makes of its key, by the usage attribute it checks.
KeyUse use_for_usage(CK_ATTRIBUTE_TYPE usage);

}  // namespace craton::module
