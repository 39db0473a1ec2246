#include "mechanisms/families.h"

#include "mechanisms/registry.h"

namespace craton::mech {

void register_all_families(Registry& r) {
  register_digest(r);
  register_hmac(r);
  register_aes(r);
  register_rsa(r);
  register_ec(r);
  register_edwards(r);
  register_kdf(r);
  register_pqc_kem(r);
  register_pqc_ml_dsa(r);
  register_pqc_slh_dsa(r);
}

}  // namespace craton::mech
