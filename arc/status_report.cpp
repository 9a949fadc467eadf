#include "arc/status_report.hpp"

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>

#include "store/validation.hpp"

namespace bsv::arc {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxCallbacks = 10000;

bool is_block_hash(const std::string& text) {
  return text.size() == 64 && std::all_of(text.begin(), text.end(),
                                          [](unsigned char c) { return std::isxdigit(c) != 0; });
}

Result<store::StatusReport> report_from(const json& object) {
  if (!object.is_object()) return invalid_argument("status report: expected a JSON object");
  store::StatusReport report;
  // The string field `key` into `out`; an error when it is required and
  // missing, or not a string.
  auto text = [&](const char* key, std::string& out, bool required) -> store::Check {
    auto it = object.find(key);
    if (it == object.end() || it->is_null()) {
      if (required) return invalid_argument(std::string(key) + ": missing");
      return std::nullopt;
    }
    if (!it->is_string()) return invalid_argument(std::string(key) + ": expected a string");
    out = it->get<std::string>();
    return std::nullopt;
  };
  if (auto error = text("txid", report.txid, true)) return *error;
  if (auto error = text("txStatus", report.tx_status, true)) return *error;
  if (auto error = text("blockHash", report.block_hash, false)) return *error;
  if (auto error = text("merklePath", report.merkle_path, false)) return *error;
  if (auto error = text("extraInfo", report.extra_info, false)) return *error;
  if (auto error = store::check_txid(report.txid)) return *error;
  if (!report.block_hash.empty() && !is_block_hash(report.block_hash)) {
    return invalid_argument("blockHash: expected 64 hex characters");
  }
  if (auto it = object.find("blockHeight"); it != object.end() && !it->is_null()) {
    if (!it->is_number_integer()) return invalid_argument("blockHeight: expected an integer");
    report.block_height = it->get<std::int64_t>();
    if (report.block_height < 0) return invalid_argument("blockHeight: must not be negative");
    // ARC sends 0 while the transaction is not mined.
    if (report.block_height == 0) report.block_height = -1;
  }
  return report;
}

}  // namespace

Result<store::StatusReport> parse_status_report(const std::string& json_text) {
  const auto object = json::parse(json_text, nullptr, false);
  if (object.is_discarded()) return invalid_argument("status report: not JSON");
  return report_from(object);
}

Result<std::vector<store::StatusReport>> parse_callback_body(const std::string& body) {
  const auto doc = json::parse(body, nullptr, false);
  if (doc.is_discarded()) return invalid_argument("callback: body is not JSON");
  std::vector<store::StatusReport> reports;
  if (doc.is_object() && doc.contains("callbacks")) {
    const auto& list = doc["callbacks"];
    if (!list.is_array()) return invalid_argument("callbacks: expected an array");
    if (list.size() > kMaxCallbacks) return invalid_argument("callbacks: too many");
    for (const auto& item : list) {
      auto report = report_from(item);
      if (!report) return report.error();
      reports.push_back(std::move(*report));
    }
    return reports;
  }
  auto report = report_from(doc);
  if (!report) return report.error();
  reports.push_back(std::move(*report));
  return reports;
}

}  // namespace bsv::arc
