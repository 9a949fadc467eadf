#include "store/validation.hpp"

#include "store/timestamps.hpp"

namespace bsv::store {
namespace {

using json = nlohmann::json;

Error bad(const std::string& key, const std::string& why) {
  return invalid_argument(key + ": " + why);
}

// Checks strings and nesting without recursion deeper than kMaxJsonDepth.
Check check_strings(const json& value, const std::string& path, std::size_t depth) {
  if (depth > kMaxJsonDepth) return bad(path, "nested deeper than 64 levels");
  if (value.is_string())
    return check_text(value.get_ref<const std::string&>(), path.c_str(), 0, SIZE_MAX);
  if (value.is_object()) {
    for (const auto& [key, item] : value.items()) {
      if (auto err = check_text(key, (path + " key").c_str(), 0, SIZE_MAX)) return err;
      if (auto err = check_strings(item, path + "." + key, depth + 1)) return err;
    }
  } else if (value.is_array()) {
    for (const auto& item : value) {
      if (auto err = check_strings(item, path + "[]", depth + 1)) return err;
    }
  }
  return std::nullopt;
}

// Optional string key of the record: absent or null passes; anything but a
// string of min..max code points fails.
Check optional_text(const json& record, const char* key, std::size_t min, std::size_t max) {
  auto it = record.find(key);
  if (it == record.end() || it->is_null()) return std::nullopt;
  if (!it->is_string()) return bad(key, "must be a string");
  return check_text(it->get_ref<const std::string&>(), key, min, max);
}

Check required_text(const json& record, const char* key, std::size_t max) {
  auto it = record.find(key);
  if (it == record.end() || it->is_null()) return bad(key, "is required");
  return optional_text(record, key, 1, max);
}

Check optional_bool(const json& record, const char* key) {
  auto it = record.find(key);
  if (it == record.end() || it->is_null() || it->is_boolean()) return std::nullopt;
  return bad(key, "must be a boolean");
}

Check optional_object(const json& record, const char* key) {
  auto it = record.find(key);
  if (it == record.end() || it->is_null() || it->is_object()) return std::nullopt;
  return bad(key, "must be an object");
}

Check optional_string_array(const json& record, const char* key) {
  auto it = record.find(key);
  if (it == record.end() || it->is_null()) return std::nullopt;
  if (!it->is_array()) return bad(key, "must be an array of strings");
  for (const auto& item : *it) {
    if (!item.is_string()) return bad(key, "must be an array of strings");
    if (auto err = check_text(item.get_ref<const std::string&>(), key, 1, 300)) return err;
  }
  return std::nullopt;
}

Check check_record(const json& record, const char* what) {
  if (!record.is_object()) return invalid_argument(std::string(what) + ": must be a JSON object");
  return check_json_value(record, what);
}

}  // namespace

bool is_valid_utf8(const std::string& text) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  for (std::size_t i = 0; i < n;) {
    const unsigned char c = s[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t len;
    unsigned cp;
    if ((c & 0xE0) == 0xC0) {
      len = 2, cp = c & 0x1Fu;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3, cp = c & 0x0Fu;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4, cp = c & 0x07u;
    } else {
      return false;
    }
    if (i + len > n) return false;
    for (std::size_t k = 1; k < len; ++k) {
      if ((s[i + k] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (s[i + k] & 0x3Fu);
    }
    const bool overlong =
        (len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000);
    if (overlong || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += len;
  }
  return true;
}

std::size_t code_points(const std::string& text) {
  std::size_t count = 0;
  for (const char c : text) count += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return count;
}

Check check_text(const std::string& value, const char* key, std::size_t min, std::size_t max) {
  if (!is_valid_utf8(value)) return bad(key, "is not valid UTF-8");
  if (value.find('\0') != std::string::npos) return bad(key, "contains a NUL character");
  const std::size_t n = code_points(value);
  if (n < min || n > max) {
    return bad(key, "must be " + std::to_string(min) + ".." + std::to_string(max) +
                        " characters (got " + std::to_string(n) + ")");
  }
  return std::nullopt;
}

Check check_txid(const std::string& value, const char* key) {
  bool ok = value.size() == 64;
  for (char c : value) ok = ok && ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
  if (!ok) return bad(key, "must be 64 lowercase hex characters");
  return std::nullopt;
}

Check check_hex(const std::string& value, const char* key) {
  if (value.empty()) return bad(key, "must not be empty");
  if (value.size() > kMaxHexChars) return bad(key, "is larger than 64 MiB");
  if (value.size() % 2 != 0) return bad(key, "must have an even number of hex digits");
  for (char c : value) {
    const bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    if (!hex) return bad(key, "must be hex");
  }
  return std::nullopt;
}

Check check_json_value(const json& value, const char* what) {
  if (auto err = check_strings(value, what, 0)) return err;
  // Safe to serialize now: every string is valid UTF-8.
  if (value.dump().size() > kMaxRecordBytes) return bad(what, "is larger than 1 MiB");
  return std::nullopt;
}

Check check_action(const json& action) {
  if (auto err = check_record(action, "action")) return err;
  auto txid = action.find("txid");
  if (txid == action.end() || txid->is_null()) return bad("txid", "is required");
  if (!txid->is_string()) return bad("txid", "must be a string");
  if (auto err = check_txid(txid->get_ref<const std::string&>())) return err;
  if (auto err = optional_text(action, "status", 1, 64)) return err;
  return optional_string_array(action, "labels");
}

Check check_output(const json& output) {
  if (auto err = check_record(output, "output")) return err;
  if (auto err = required_text(output, "outpoint", 255)) return err;
  if (auto err = optional_text(output, "basket", 1, 255)) return err;
  if (auto err = optional_string_array(output, "tags")) return err;
  if (auto sats = output.find("satoshis"); sats != output.end() && !sats->is_null()) {
    const bool in_range =
        (sats->is_number_unsigned() &&
         sats->get<unsigned long long>() <= static_cast<unsigned long long>(kMaxSatoshis)) ||
        (sats->is_number_integer() && sats->get<long long>() >= 0 &&
         sats->get<long long>() <= kMaxSatoshis);
    if (!in_range) return bad("satoshis", "must be an integer from 0 to 2100000000000000");
  }
  if (auto state = output.find("state"); state != output.end() && !state->is_null()) {
    const bool known =
        state->is_string() && (*state == "spendable" || *state == "pending" || *state == "spent");
    if (!known) return bad("state", "must be spendable, pending or spent");
  }
  if (auto err = optional_bool(output, "spendable")) return err;
  if (auto err = optional_bool(output, "no_send")) return err;
  if (auto err = optional_text(output, "pending_reference", 1, 255)) return err;
  if (auto since = output.find("pending_since"); since != output.end() && !since->is_null()) {
    if (!since->is_string() || !parse_iso_utc(since->get<std::string>())) {
      return bad("pending_since",
                 "must be an ISO-8601 UTC timestamp (YYYY-MM-DDTHH:MM:SS.ffffffZ)");
    }
  }
  return std::nullopt;
}

Check check_certificate(const json& certificate) {
  if (auto err = check_record(certificate, "certificate")) return err;
  for (const char* key : {"type", "serial_number", "certifier"}) {
    if (auto err = required_text(certificate, key, 255)) return err;
  }
  if (auto err = optional_text(certificate, "subject", 0, 255)) return err;
  if (auto err = optional_object(certificate, "fields")) return err;
  return optional_object(certificate, "keyring");
}

Check check_page(const Page& page) {
  if (page.limit < 1 || page.limit > kMaxPageLimit) {
    return bad("limit", "must be from 1 to " + std::to_string(kMaxPageLimit));
  }
  if (page.offset < 0) return bad("offset", "must be 0 or more");
  return std::nullopt;
}

Check check_labels(const std::vector<std::string>& values, const char* key) {
  for (const auto& value : values) {
    if (auto err = check_text(value, key, 1, 300)) return err;
  }
  return std::nullopt;
}

}  // namespace bsv::store
