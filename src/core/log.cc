#include "core/log.h"

#include <atomic>
#include <cstdio>
#include <mutex>

namespace craton::log {
namespace {
std::atomic<Level> g_level{Level::kWarn};
std::mutex g_write_mutex;  // keeps lines whole when threads log at once

const char* level_name(Level l) {
  switch (l) {
    case Level::kTrace: return "trace";
    case Level::kDebug: return "debug";
    case Level::kInfo: return "info";
    case Level::kWarn: return "warn";
    case Level::kError: return "error";
    case Level::kOff: return "off";
  }
  return "?";
}
}  // namespace

void set_level(Level level) { g_level.store(level, std::memory_order_relaxed); }
Level level() { return g_level.load(std::memory_order_relaxed); }

bool parse_level(std::string_view text, Level* out) {
  static constexpr Level kAll[] = {Level::kTrace, Level::kDebug, Level::kInfo,
                                   Level::kWarn,  Level::kError, Level::kOff};
  for (Level l : kAll) {
    if (text == level_name(l)) {
      *out = l;
      return true;
    }
  }
  return false;
}

void write(Level l, std::string_view message) {
  if (l < level() || level() == Level::kOff) return;
  std::lock_guard<std::mutex> lock(g_write_mutex);
  std::fprintf(stderr, "craton-hsm [%s] %.*s\n", level_name(l), static_cast<int>(message.size()),
               message.data());
}

}  // namespace craton::log
