#include "common/log.hpp"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <mutex>

namespace bsv::log {
namespace {

std::atomic<int> threshold{static_cast<int>(Level::info)};
std::mutex output_mutex;

const char* level_name(Level level) {
  switch (level) {
    case Level::debug:
      return "debug";
    case Level::info:
      return "info";
    case Level::warn:
      return "warn";
    case Level::error:
      return "error";
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

namespace {

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// `text` with %XX escapes decoded (malformed ones kept as they are).
std::string percent_decoded(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && hex_digit(text[i + 1]) >= 0 &&
        hex_digit(text[i + 2]) >= 0) {
      out += static_cast<char>(hex_digit(text[i + 1]) * 16 + hex_digit(text[i + 2]));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

// A URL's query parameters whose name decodes to "password" (pass%77ord,
// %70assword, ...: libpq decodes them all) with their value masked.
std::string without_query_password(const std::string& text) {
  const auto query = text.find('?');
  if (text.find("://") == std::string::npos || query == std::string::npos) return text;
  std::string out = text.substr(0, query + 1);
  std::size_t start = query + 1;
  while (start <= text.size()) {
    auto end = text.find('&', start);
    if (end == std::string::npos) end = text.size();
    const auto parameter = text.substr(start, end - start);
    const auto eq = parameter.find('=');
    const bool secret =
        eq != std::string::npos && percent_decoded(parameter.substr(0, eq)) == "password";
    out += secret ? "password=***" : parameter;
    if (end == text.size()) break;
    out += '&';
    start = end + 1;
  }
  return out;
}

}  // namespace

std::string without_password(const std::string& url) {
  std::string text = url;
  // URL form: scheme://user:secret@host… → scheme://user@host…
  if (const auto scheme = text.find("://"); scheme != std::string::npos) {
    const auto authority = scheme + 3;
    const auto end = text.find_first_of("/?#", authority);
    const auto at = text.rfind('@', end == std::string::npos ? text.size() : end);
    if (at != std::string::npos && at > authority) {
      const auto colon = text.find(':', authority);
      if (colon != std::string::npos && colon < at) text.erase(colon, at - colon);
    }
  }
  text = without_query_password(text);
  // password=… as a key=value pair.
  std::size_t from = 0;
  while ((from = text.find("password", from)) != std::string::npos) {
    const bool starts_word = from == 0 ||
                             std::isspace(static_cast<unsigned char>(text[from - 1])) ||
                             text[from - 1] == '?' || text[from - 1] == '&';
    auto eq = from + 8;
    while (eq < text.size() && text[eq] == ' ') ++eq;
    if (!starts_word || eq >= text.size() || text[eq] != '=') {
      from += 8;
      continue;
    }
    auto value = eq + 1;
    while (value < text.size() && text[value] == ' ') ++value;
    auto end = value;
    if (end < text.size() && text[end] == '\'') {  // quoted, with \' escapes
      for (++end; end < text.size() && text[end] != '\''; ++end) {
        if (text[end] == '\\') ++end;
      }
      end = std::min(end + 1, text.size());
    } else {
      while (end < text.size() && !std::isspace(static_cast<unsigned char>(text[end])) &&
             text[end] != '&') {
        ++end;
      }
    }
    text.replace(from, end - from, "password=***");
    from += 12;
  }
  return text;
}

}  // namespace bsv::log
