#include "arc/verdict.hpp"

#include <nlohmann/json.hpp>

namespace bsv::arc {
namespace {

using json = nlohmann::json;
using store::Outcome;

std::string text_field(const json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool contains(const std::string& text, const char* part) {
  return text.find(part) != std::string::npos;
}

// A 2xx answer's element: a transaction status object.
Verdict classify_status_object(const json& answer) {
  if (!answer.is_object()) return {Outcome::permanent, {}, "malformed response: not a JSON object"};
  const auto tx_status = text_field(answer, "txStatus");
  const auto extra = text_field(answer, "extraInfo");
  const auto described = [&](const std::string& head) {
    return extra.empty() ? head : head + ": " + extra;
  };
  if (tx_status == "REJECTED" || tx_status == "DOUBLE_SPEND_ATTEMPTED" || tx_status == "INVALID" ||
      tx_status == "MALFORMED") {
    return {Outcome::permanent, tx_status, described(tx_status)};
  }
  if (contains(tx_status, "ORPHAN") || contains(extra, "ORPHAN")) {
    return {Outcome::transient, tx_status, described(tx_status.empty() ? "orphan" : tx_status)};
  }
  if (text_field(answer, "txid").empty()) {
    return {Outcome::permanent, tx_status, "malformed response: no txid"};
  }
  return {Outcome::success, tx_status, tx_status};
}

// An error answer (non-2xx): RFC 7807 body when there is one.
Verdict classify_error(int status, const json& problem) {
  std::string message = "HTTP " + std::to_string(status);
  if (problem.is_object()) {
    auto detail = text_field(problem, "detail");
    auto title = text_field(problem, "title");
    if (!detail.empty()) {
      message += ": " + detail;
    } else if (!title.empty()) {
      message += ": " + title;
    }
  }
  const bool retry = status == 408 || status == 429 || status >= 500 || status < 400;
  return {retry ? Outcome::transient : Outcome::permanent, {}, message};
}

json parse_or_null(const std::string& body) {
  return json::parse(body, nullptr, false);  // discarded value on bad JSON
}

}  // namespace

Verdict classify_answer(int status, const std::string& body, const std::string& transport_error) {
  if (status == 0) return {Outcome::transient, {}, transport_error};
  const auto parsed = parse_or_null(body);
  if (status < 200 || status > 299) return classify_error(status, parsed);
  return classify_status_object(parsed);
}

std::vector<Verdict> classify_batch(int status, const std::string& body,
                                    const std::string& transport_error,
                                    const std::vector<std::string>& txids) {
  const auto parsed = status == 0 ? json() : parse_or_null(body);
  const bool ok = status >= 200 && status <= 299;
  if (!ok || !parsed.is_array()) {
    Verdict all = !ok ? classify_answer(status, body, transport_error)
                      : Verdict{Outcome::permanent, {}, "malformed response: not a JSON array"};
    return std::vector<Verdict>(txids.size(), all);
  }
  std::vector<Verdict> verdicts(txids.size(),
                                Verdict{Outcome::transient, {}, "no answer for this txid"});
  for (const auto& element : parsed) {
    if (!element.is_object()) continue;
    const auto txid = text_field(element, "txid");
    for (std::size_t i = 0; i < txids.size(); ++i) {
      if (txids[i] != txid) continue;
      // An element may itself be an error object carrying its HTTP status.
      auto code = element.find("status");
      const bool problem = code != element.end() && code->is_number_integer() &&
                           code->get<int>() >= 300 && !element.contains("txStatus");
      verdicts[i] =
          problem ? classify_error(code->get<int>(), element) : classify_status_object(element);
    }
  }
  return verdicts;
}

const char* failure_class(int status, const std::string& body, const std::string& transport_error) {
  if (!transport_error.empty()) {
    return transport_error.find("timeout") != std::string::npos ||
                   transport_error.find("timed out") != std::string::npos
               ? "timeout"
               : "connection";
  }
  if (status >= 500) return "http_5xx";
  if (status == 429 || status == 408) return "http_retry_later";
  if (status < 200 || status >= 300) return "http_4xx";
  if (!nlohmann::json::accept(body)) return "malformed";
  return nullptr;
}

}  // namespace bsv::arc
