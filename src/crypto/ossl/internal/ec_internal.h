// Curve name mapping shared by the EC key and operation files.
#pragma once

#include <optional>
#include <string_view>

#include "crypto/ec.h"

namespace craton::crypto::ossl {

const char* ec_group_name(EcCurve curve);  // OpenSSL group name, e.g. "prime256v1"
std::optional<EcCurve> ec_curve_from_group_name(std::string_view name);

}  // namespace craton::crypto::ossl
