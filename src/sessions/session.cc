#include "sessions/session.h"

namespace craton::sessions {

void Session::cancel_all() {
  find = FindState{};
  digest.discard();
  sign.discard();
  verify.discard();
  sign_recover.discard();
  verify_recover.discard();
  encrypt.discard();
  decrypt.discard();
  message_encrypt.cipher.discard();
  message_encrypt.in_message = false;
  message_decrypt.cipher.discard();
  message_decrypt.in_message = false;
  verify_signature.verify.discard();
  verify_signature.signature.clear();
}

void Session::drop_spares() {
  spares_stale.store(false, std::memory_order_relaxed);
  auto drop = [](auto& slot) {
    slot.spare.reset();
    slot.spare_key.reset();
  };
  drop(digest);
  drop(sign);
  drop(verify);
  drop(sign_recover);
  drop(verify_recover);
  drop(encrypt);
  drop(decrypt);
  drop(message_encrypt.cipher);
  drop(message_decrypt.cipher);
  drop(verify_signature.verify);
}

}  // namespace craton::sessions
