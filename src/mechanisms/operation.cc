#include "mechanisms/operation.h"

namespace craton::mech {

Result<std::size_t> SignOperation::sign(ByteView data, MutableByteView out) {
  if (out.size() < signature_size()) return buffer_too_small(signature_size());
  TRY_STATUS(update(data));
  return final(out);
}

Status VerifyOperation::verify(ByteView data, ByteView signature) {
  TRY_STATUS(update(data));
  return final(signature);
}

}  // namespace craton::mech
