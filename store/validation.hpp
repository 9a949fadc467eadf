#pragma once
/// The contract's boundary rules ("Validation at the boundary"). Each check
/// answers nullopt when the value is acceptable, else an invalid_argument
/// Error whose message names the key.

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "common/result.hpp"
#include "store/queries.hpp"

namespace bsv::store {

using Check = std::optional<Error>;

constexpr std::size_t kMaxRecordBytes = 1 << 20;        ///< 1 MiB of JSON per record
constexpr std::size_t kMaxHexChars = 64u << 20;         ///< 64 MiB of hex
constexpr std::size_t kMaxJsonDepth = 64;               ///< nesting levels in a record
constexpr long long kMaxSatoshis = 2100000000000000LL;  ///< 21 million BSV
constexpr std::int64_t kMaxPageLimit = 10000;           ///< rows one find answers at most
constexpr std::int64_t kMaxAllocatedOutputs = 1000;     ///< outputs one allocation takes at most

/// True when `text` is well-formed UTF-8 (no overlongs, surrogates or > U+10FFFF).
bool is_valid_utf8(const std::string& text);

/// Number of Unicode code points in valid UTF-8 text.
std::size_t code_points(const std::string& text);

/// A string of `min..max` code points, valid UTF-8, without NUL.
Check check_text(const std::string& value, const char* key, std::size_t min, std::size_t max);

/// Exactly 64 lowercase hex characters.
Check check_txid(const std::string& value, const char* key = "txid");

/// Non-empty, even-length hex of at most kMaxHexChars.
Check check_hex(const std::string& value, const char* key);

/// Every string and key in `value` is valid UTF-8 without NUL, nesting is at
/// most kMaxJsonDepth and the serialized form is at most kMaxRecordBytes.
Check check_json_value(const nlohmann::json& value, const char* what);

/// Records: an object whose known keys have the contract's types and ranges.
Check check_action(const nlohmann::json& action);
Check check_output(const nlohmann::json& output);
Check check_certificate(const nlohmann::json& certificate);

/// limit 1..10000, offset >= 0.
Check check_page(const Page& page);

/// A list of labels or tags: each 1..300 code points.
Check check_labels(const std::vector<std::string>& values, const char* key);

}  // namespace bsv::store
