#pragma once
/// Bound parameters for one statement, built at run time. Values are sent as
/// text through libpq's parameter array, never spliced into SQL.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace bsv::db {

class SqlParams {
 public:
  /// Adds a value and answers its placeholder, e.g. "$3".
  std::string add(std::string value) {
    values_.emplace_back(std::move(value));
    return placeholder();
  }
  /// Adds a value or SQL NULL.
  std::string add(std::optional<std::string> value) {
    values_.push_back(std::move(value));
    return placeholder();
  }
  std::string add(std::int64_t value) { return add(std::to_string(value)); }
  std::string add_bool(bool value) { return add(std::string(value ? "true" : "false")); }

  /// Pointers to the values in order (nullptr for NULL), valid while this
  /// object lives unchanged.
  std::vector<const char*> pointers() const {
    std::vector<const char*> out;
    out.reserve(values_.size());
    for (const auto& value : values_) out.push_back(value ? value->c_str() : nullptr);
    return out;
  }

 private:
  std::string placeholder() const { return "$" + std::to_string(values_.size()); }

  std::vector<std::optional<std::string>> values_;
};

/// A PostgreSQL array literal (`{"a","b"}`) for a text[] parameter; every
/// element is quoted and `"`/`\` escaped, so any string survives intact.
std::string to_pg_array(const std::vector<std::string>& values);

/// The same for elements that may be NULL (written as an unquoted NULL).
std::string to_pg_array_nullable(const std::vector<std::optional<std::string>>& values);

}  // namespace bsv::db
