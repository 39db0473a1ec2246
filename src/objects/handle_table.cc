#include "objects/handle_table.h"

namespace craton::objects {

CK_ULONG next_handle() {
  static std::atomic<CK_ULONG> counter{0};
  return counter.fetch_add(1, std::memory_order_relaxed) + 1;
}

}  // namespace craton::objects
