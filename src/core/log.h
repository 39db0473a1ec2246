// A small leveled logger writing to stderr. Messages must never contain key
// bytes or PINs: callers log names, handles and CK_RV values only.
#pragma once

#include <string_view>

namespace craton::log {

enum class Level { kTrace = 0, kDebug, kInfo, kWarn, kError, kOff };

void set_level(Level level);
Level level();
bool parse_level(std::string_view text, Level* out);

void write(Level level, std::string_view message);

inline void error(std::string_view m) { write(Level::kError, m); }
inline void warn(std::string_view m) { write(Level::kWarn, m); }
inline void info(std::string_view m) { write(Level::kInfo, m); }
inline void debug(std::string_view m) { write(Level::kDebug, m); }

}  // namespace craton::log
