#include "store/json_text.hpp"

#include "store/validation.hpp"

namespace bsv::store {

std::optional<json> parse_json_text(const std::string& text, std::string& error) {
  bool too_deep = false;
  auto limit_depth = [&](int depth, json::parse_event_t, json&) {
    if (depth > static_cast<int>(kMaxJsonDepth) + 1) too_deep = true;
    return !too_deep;  // false discards the value, which stops deeper recursion early
  };
  try {
    json value = json::parse(text, limit_depth);
    if (too_deep) {
      error = "JSON nested deeper than 64 levels";
      return std::nullopt;
    }
    return value;
  } catch (const json::exception& e) {
    error = e.what();
    return std::nullopt;
  }
}

}  // namespace bsv::store
