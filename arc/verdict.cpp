#include "arc/verdict.hpp"

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>

#include "store/proof_tracking.hpp"
#include "store/validation.hpp"

namespace bsv::arc {
namespace {

using json = nlohmann::json;
using store::Outcome;

constexpr std::size_t kMaxCompeting = 32;  // what one answer may make us store

std::string text_field(const json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string lowercase(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

bool names_double_spend(const std::string& extra_info) {
  const auto text = lowercase(extra_info);
  return text.find("double spend") != std::string::npos ||
         text.find("double-spend") != std::string::npos;
}

std::vector<std::string> competing_txids(const json& answer) {
  std::vector<std::string> out;
  auto it = answer.find("competingTxs");
  if (it == answer.end() || !it->is_array()) return out;
  for (const auto& entry : *it) {
    if (out.size() == kMaxCompeting) break;
    if (!entry.is_string()) continue;
    auto txid = lowercase(entry.get<std::string>());
    if (!store::check_txid(txid)) out.push_back(std::move(txid));
  }
  return out;
}

bool is_refusal_status(const std::string& tx_status) {
  return tx_status == "REJECTED" || tx_status == "INVALID" || tx_status == "MALFORMED";
}

// A 2xx answer's element: a transaction status object about `txid`.
Verdict classify_status_object(const json& answer, const std::string& txid) {
  if (!answer.is_object())
    return make_verdict(Outcome::unknown, "malformed answer: not a JSON object");
  const auto tx_status = text_field(answer, "txStatus");
  const auto extra = text_field(answer, "extraInfo");
  const auto described = [&](const std::string& head) {
    return extra.empty() ? head : head + ": " + extra;
  };
  const auto answered_txid = lowercase(text_field(answer, "txid"));
  if (answered_txid.empty())
    return make_verdict(Outcome::unknown, "malformed answer: no txid", tx_status);
  if (answered_txid != txid) {
    return make_verdict(Outcome::unknown, "answer about another txid: " + answered_txid, tx_status);
  }
  auto verdict = make_verdict(Outcome::unknown, described(tx_status), tx_status);
  verdict.competing_txids = competing_txids(answer);
  if (is_accepted_status(tx_status)) {
    verdict.outcome = Outcome::accepted;
  } else if (is_refusal_status(tx_status)) {
    const bool lost = !verdict.competing_txids.empty() || names_double_spend(extra);
    verdict.outcome = lost ? Outcome::lost_double_spend : Outcome::rejected;
  } else if (tx_status != "DOUBLE_SPEND_ATTEMPTED" && tx_status != "SEEN_IN_ORPHAN_MEMPOOL") {
    verdict.message = "unknown txStatus: " + described(tx_status.empty() ? "none" : tx_status);
  }
  return verdict;
}

// ARC's verdicts on the transaction itself, as HTTP codes.
bool is_refusal_code(int status) {
  return status == 400 || (status >= 460 && status <= 465) || (status >= 467 && status <= 469) ||
         (status >= 471 && status <= 475);
}

// An error answer (non-2xx) to a broadcast: RFC 7807 body when there is one.
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
  auto verdict = make_verdict(Outcome::transient, message);
  if (status == 466) {
    verdict.outcome = Outcome::lost_double_spend;
    if (problem.is_object()) verdict.competing_txids = competing_txids(problem);
  } else if (is_refusal_code(status)) {
    verdict.outcome = Outcome::rejected;
  } else {
    verdict.misconfigured = status == 401 || status == 403 || status == 404 || status == 405;
  }
  return verdict;
}

json parse_or_discarded(const std::string& body) {
  return json::parse(body, nullptr, false);  // a discarded value on bad JSON
}

bool is_2xx(int status) {
  return status >= 200 && status <= 299;
}

}  // namespace

bool is_accepted_status(const std::string& tx_status) {
  // ARC's order (store::status_rank) from QUEUED up, but for the states in
  // which the network has not taken it: the orphan mempool, a double-spend
  // race, a refusal.
  return store::status_rank(tx_status) >= store::status_rank("QUEUED") &&
         tx_status != "SEEN_IN_ORPHAN_MEMPOOL" && tx_status != "DOUBLE_SPEND_ATTEMPTED" &&
         tx_status != "REJECTED";
}

Verdict classify_answer(int status, const std::string& body, const std::string& transport_error,
                        const std::string& txid) {
  if (status == 0) return make_verdict(Outcome::transient, transport_error);
  const auto parsed = parse_or_discarded(body);
  if (!is_2xx(status)) return classify_error(status, parsed);
  return classify_status_object(parsed, txid);
}

std::vector<Verdict> classify_batch(int status, const std::string& body,
                                    const std::string& transport_error,
                                    const std::vector<std::string>& txids) {
  if (status == 0 || !is_2xx(status)) {
    const auto all = status == 0 ? make_verdict(Outcome::transient, transport_error)
                                 : classify_error(status, parse_or_discarded(body));
    return std::vector<Verdict>(txids.size(), all);
  }
  const auto parsed = parse_or_discarded(body);
  if (!parsed.is_array()) {
    return std::vector<Verdict>(
        txids.size(), make_verdict(Outcome::unknown, "malformed answer: not a JSON array"));
  }
  std::vector<Verdict> verdicts(txids.size(),
                                make_verdict(Outcome::unknown, "no answer for this txid"));
  for (const auto& element : parsed) {
    if (!element.is_object()) continue;
    const auto txid = lowercase(text_field(element, "txid"));
    for (std::size_t i = 0; i < txids.size(); ++i) {
      if (txids[i] != txid) continue;
      // An element may itself be an error object carrying its HTTP status.
      auto code = element.find("status");
      const bool problem = code != element.end() && code->is_number_integer() &&
                           code->get<int>() >= 300 && !element.contains("txStatus");
      verdicts[i] = problem ? classify_error(code->get<int>(), element)
                            : classify_status_object(element, txids[i]);
    }
  }
  return verdicts;
}

Verdict classify_status_query(int status, const std::string& body,
                              const std::string& transport_error, const std::string& txid) {
  if (status == 0) return make_verdict(Outcome::transient, transport_error);
  if (is_2xx(status)) return classify_status_object(parse_or_discarded(body), txid);
  auto verdict = make_verdict(Outcome::transient, "status query: HTTP " + std::to_string(status));
  verdict.unknown_to_arc = status == 404;
  verdict.misconfigured = status == 401 || status == 403 || status == 405;
  return verdict;
}

namespace {
constexpr const char* kTimeout = "timeout";
constexpr const char* kConnection = "connection";
constexpr const char* kServerError = "http_5xx";
constexpr const char* kRetryLater = "http_retry_later";
constexpr const char* kClientError = "http_4xx";
constexpr const char* kMalformed = "malformed";
}  // namespace

const std::vector<const char*>& failure_classes() {
  static const std::vector<const char*> classes = {kTimeout,    kConnection,  kServerError,
                                                   kRetryLater, kClientError, kMalformed};
  return classes;
}

const char* failure_class(int status, const std::string& body, const std::string& transport_error) {
  if (!transport_error.empty()) {
    return transport_error.find("timeout") != std::string::npos ||
                   transport_error.find("timed out") != std::string::npos
               ? kTimeout
               : kConnection;
  }
  if (status >= 500) return kServerError;
  if (status == 429 || status == 408) return kRetryLater;
  if (status < 200 || status >= 300) return kClientError;
  if (!nlohmann::json::accept(body)) return kMalformed;
  return nullptr;
}

}  // namespace bsv::arc
