// Placeholder until the family lands: registers no mechanism.
#include "mechanisms/families.h"
#include "mechanisms/registry.h"

namespace craton::mech {

void register_rsa(Registry&) {}

}  // namespace craton::mech
