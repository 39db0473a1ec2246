// The family-independent parts of the PQC signature parameters
// (pqc_sign_params.h).
#include "mechanisms/pqc_sign_params.h"

namespace craton::mech::pqc_sign {

Status set_hedge(bool& deterministic, CK_HEDGE_TYPE hedge, bool for_verify) {
  if (for_verify) return Status::ok();  // the spec: hedgeVariant is ignored on verify
  switch (hedge) {
    case CKH_HEDGE_PREFERRED:
    case CKH_HEDGE_REQUIRED: deterministic = false; return Status::ok();
    case CKH_DETERMINISTIC_REQUIRED: deterministic = true; return Status::ok();
    default: return err(CKR_MECHANISM_PARAM_INVALID);
  }
}

Status set_context(Bytes& out, const CK_BYTE* context, CK_ULONG len, std::size_t max_len) {
  if (len > max_len || (len != 0 && context == nullptr)) return err(CKR_MECHANISM_PARAM_INVALID);
  if (len != 0) out.assign(context, context + len);
  return Status::ok();
}

}  // namespace craton::mech::pqc_sign
