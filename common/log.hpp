#pragma once
/// Structured logs: one JSON object per line on stderr,
///
///   {"time":"2026-11-24T17:30:01.123Z","level":"info","component":"broadcast",
///    "message":"worker restarted","worker":"node-a:4242/2"}
///
/// `time` is UTC with milliseconds; `fields` add keys such as txid or
/// outpoint. Never pass a secret (database password, ARC key): nothing here
/// can tell one from a plain value. Thread-safe; a line is written whole.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace bsv::log {

enum class Level { debug = 0, info = 1, warn = 2, error = 3 };

/// Lines below `level` are dropped (default: info).
void set_level(Level level);

/// "debug", "info", "warn" or "error"; nullopt for anything else.
std::optional<Level> parse_level(std::string_view text);

/// Writes one line when `level` is at or above the threshold. `fields`
/// must be a JSON object (or null); its keys follow the fixed ones.
void write(Level level, std::string_view component, std::string_view message,
           const nlohmann::json& fields = nullptr);

inline void debug(std::string_view component, std::string_view message,
                  const nlohmann::json& fields = nullptr) {
  write(Level::debug, component, message, fields);
}
inline void info(std::string_view component, std::string_view message,
                 const nlohmann::json& fields = nullptr) {
  write(Level::info, component, message, fields);
}
inline void warn(std::string_view component, std::string_view message,
                 const nlohmann::json& fields = nullptr) {
  write(Level::warn, component, message, fields);
}
inline void error(std::string_view component, std::string_view message,
                  const nlohmann::json& fields = nullptr) {
  write(Level::error, component, message, fields);
}

/// The line write() would print (without the newline), for tests.
std::string format(Level level, std::string_view component, std::string_view message,
                   const nlohmann::json& fields);

/// `url` with any password removed: a libpq URL's `user:secret@` becomes
/// `user@`, a query parameter whose name decodes to `password` (however
/// percent-encoded) and a key=value string's `password=…` are masked. For
/// logging where a connection goes.
std::string without_password(const std::string& url);

}  // namespace bsv::log
