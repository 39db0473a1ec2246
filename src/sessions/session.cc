#include "sessions/session.h"

namespace craton::sessions {

void Session::cancel_all() {
  find = FindState{};
  digest.reset();
  sign.reset();
  verify.reset();
  sign_recover.reset();
  verify_recover.reset();
  encrypt.reset();
  decrypt.reset();
  message_encrypt.cipher.reset();
  message_encrypt.in_message = false;
  message_decrypt.cipher.reset();
  message_decrypt.in_message = false;
  verify_signature.verify.reset();
  verify_signature.signature.clear();
}

}  // namespace craton::sessions
