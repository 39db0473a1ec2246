#include "sessions/session.h"

namespace craton::sessions {

void Session::cancel_all() {
  find = FindState{};
  for_each_op([](auto& slot) { slot.discard(); });
  message_encrypt.in_message = false;
  message_decrypt.in_message = false;
  verify_signature.signature.clear();
}

void Session::drop_spares() {
  spares_stale.store(false, std::memory_order_relaxed);
  for_each_op([](auto& slot) { slot.drop_spare(); });
}

}  // namespace craton::sessions
