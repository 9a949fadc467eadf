#include "common/log.hpp"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <mutex>
#include <regex>

namespace bsv::log {
namespace {

std::atomic<int> threshold{static_cast<int>(Level::info)};
std::mutex output_mutex;

const char* level_name(Level level) {
  switch (level) {
    case Level::debug: return "debug";
    case Level::info: return "info";
    case Level::warn: return "warn";
    case Level::error: return "error";
  }
  return "info";
}

std::string utc_now() {
  const auto now = std::chrono::system_clock::now();
  const auto millis =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[40];
  const auto n = std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &utc);
  std::snprintf(text + n, sizeof text - n, ".%03dZ", static_cast<int>(millis));
  return text;
}

}  // namespace

void set_level(Level level) {
  threshold.store(static_cast<int>(level));
}

std::optional<Level> parse_level(std::string_view text) {
  for (Level level : {Level::debug, Level::info, Level::warn, Level::error}) {
    if (text == level_name(level)) return level;
  }
  return std::nullopt;
}

std::string format(Level level, std::string_view component, std::string_view message,
                   const nlohmann::json& fields) {
  nlohmann::ordered_json line = {{"time", utc_now()},
                         {"level", level_name(level)},
                         {"component", std::string(component)},
                         {"message", std::string(message)}};
  if (fields.is_object()) {
    for (const auto& [key, value] : fields.items()) {
      if (!line.contains(key)) line[key] = value;
    }
  }
  // Invalid UTF-8 (say, from a peer's error text) is replaced, never thrown on.
  return line.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

void write(Level level, std::string_view component, std::string_view message,
           const nlohmann::json& fields) {
  if (static_cast<int>(level) < threshold.load()) return;
  const std::string line = format(level, component, message, fields) + "\n";
  std::lock_guard<std::mutex> lock(output_mutex);
  std::fwrite(line.data(), 1, line.size(), stderr);
  std::fflush(stderr);
}

std::string without_password(const std::string& url) {
  static const std::regex url_password(R"(^([a-zA-Z][a-zA-Z0-9+.-]*://[^/@:]*):[^/@]*@)");
  static const std::regex keyword_password(R"((^|\s)password\s*=\s*('([^'\\]|\\.)*'|\S*))");
  std::string text = std::regex_replace(url, url_password, "$1@");
  text = std::regex_replace(text, keyword_password, "$1password=***");
  // A URL query parameter (?password=…) is removed as well.
  static const std::regex query_password(R"(([?&])password=[^&]*)");
  return std::regex_replace(text, query_password, "$1password=***");
}

}  // namespace bsv::log
