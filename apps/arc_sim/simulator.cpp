#include "apps/arc_sim/simulator.hpp"

#include <chrono>
#include <ctime>
#include <nlohmann/json.hpp>

#include "chain/beef.hpp"
#include "chain/merkle_tree.hpp"
#include "chain/transaction.hpp"

namespace bsv::arc {
namespace {

using json = nlohmann::json;

std::string now_text() {
  const auto t = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&t, &utc);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return buf;
}

// An RFC 7807 problem as ARC sends it.
json problem(int status, const std::string& title, const std::string& detail,
             const std::string& txid) {
  return {{"type", "https://arc.bitcoinsv.com/errors/" + std::to_string(status)},
          {"title", title},
          {"status", status},
          {"detail", detail},
          {"instance", nullptr},
          {"txid", txid.empty() ? json(nullptr) : json(txid)},
          {"extraInfo", ""}};
}

SimReply json_reply(int status, const json& body) {
  return {status, body.dump(), 0, false};
}

// The rawTx of one submission, decoded: txid, or the reason it is not a transaction.
struct Decoded {
  std::string txid;
  std::string error;
};

Decoded decode_submission(const json& item) {
  if (!item.is_object() || !item.contains("rawTx") || !item["rawTx"].is_string()) {
    return {{}, "rawTx: expected a JSON object with a hex string rawTx"};
  }
  try {
    return {chain::decode_broadcast(item["rawTx"].get<std::string>()).txid, {}};
  } catch (const std::exception& e) {
    return {{}, e.what()};
  }
}

Behaviour behaviour_from(const json& rule, Behaviour base) {
  if (auto it = rule.find("tx_status"); it != rule.end()) base.tx_status = it->get<std::string>();
  if (auto it = rule.find("http"); it != rule.end()) base.http = it->get<int>();
  if (auto it = rule.find("extra_info"); it != rule.end()) base.extra_info = it->get<std::string>();
  if (auto it = rule.find("delay_ms"); it != rule.end()) base.delay_ms = it->get<int>();
  if (auto it = rule.find("drop"); it != rule.end()) base.drop = it->get<bool>();
  if (auto it = rule.find("malformed"); it != rule.end()) base.malformed = it->get<bool>();
  if (auto it = rule.find("competing_txs"); it != rule.end()) {
    base.competing_txs = it->get<std::vector<std::string>>();
  }
  if (auto it = rule.find("forget"); it != rule.end()) base.forget = it->get<bool>();
  return base;
}

}  // namespace

Simulator::Simulator(Behaviour defaults, std::string required_key)
    : defaults_(std::move(defaults)), required_key_(std::move(required_key)) {}

SimReply Simulator::handle(const SimRequest& request) {
  if (request.target.rfind("/control", 0) == 0) return control(request);
  if (request.method == "GET" && request.target.rfind(BlockHeaders::kPrefix, 0) == 0) {
    std::lock_guard<std::mutex> lock(mutex_);
    const auto [status, body] = headers_.answer(request.target);
    return json_reply(status, body);
  }
  {
    std::lock_guard<std::mutex> lock(mutex_);
    ++requests_;
    last_headers_ = request.headers;
  }
  if (!required_key_.empty()) {
    auto auth = request.headers.find("authorization");
    if (auth == request.headers.end() || auth->second != "Bearer " + required_key_) {
      return json_reply(401, problem(401, "Unauthorized", "a valid API key is required", ""));
    }
  }
  if (request.method == "POST" && request.target == "/v1/tx") return submit_one(request);
  if (request.method == "POST" && request.target == "/v1/txs") return submit_batch(request);
  if (request.method == "GET" && request.target.rfind("/v1/tx/", 0) == 0) {
    return status_of(request.target.substr(7));
  }
  return json_reply(404, problem(404, "Not Found", request.method + " " + request.target, ""));
}

Behaviour Simulator::behaviour_for(const std::string& txid) {
  if (auto it = per_txid_.find(txid); it != per_txid_.end()) return it->second;
  if (next_ && next_left_ > 0) {
    auto b = *next_;
    if (--next_left_ == 0) next_.reset();
    return b;
  }
  return defaults_;
}

std::string Simulator::answer_for(const std::string& txid, const Behaviour& b, int* status) {
  ++submissions_[txid];
  *status = b.http;
  if (b.http < 200 || b.http > 299) {
    auto error = problem(b.http, "Simulated error",
                         "arc-sim was told to answer " + std::to_string(b.http), txid);
    if (!b.competing_txs.empty()) error["competingTxs"] = b.competing_txs;
    return error.dump();
  }
  if (!b.forget) {
    last_status_[txid] = b.tx_status;
    details_[txid] = {b.extra_info, b.competing_txs};
  }
  json answer = {
      {"blockHash", ""},         {"blockHeight", 0}, {"extraInfo", b.extra_info}, {"status", 200},
      {"timestamp", now_text()}, {"title", "OK"},    {"txStatus", b.tx_status},   {"txid", txid}};
  if (!b.competing_txs.empty()) answer["competingTxs"] = b.competing_txs;
  return answer.dump();
}

SimReply Simulator::submit_one(const SimRequest& request) {
  const auto body = json::parse(request.body, nullptr, false);
  if (body.is_discarded())
    return json_reply(400, problem(400, "Bad request", "body is not JSON", ""));
  const auto decoded = decode_submission(body);
  if (!decoded.error.empty()) {
    return json_reply(463, problem(463, "Malformed transaction", decoded.error, ""));
  }
  std::lock_guard<std::mutex> lock(mutex_);
  const auto b = behaviour_for(decoded.txid);
  SimReply reply{200, {}, b.delay_ms, b.drop};
  reply.body = b.malformed ? "{this is not json" : answer_for(decoded.txid, b, &reply.status);
  return reply;
}

SimReply Simulator::submit_batch(const SimRequest& request) {
  const auto body = json::parse(request.body, nullptr, false);
  if (!body.is_array()) {
    return json_reply(400, problem(400, "Bad request", "body is not a JSON array", ""));
  }
  std::lock_guard<std::mutex> lock(mutex_);
  SimReply reply{200, {}, 0, false};
  auto answers = json::array();
  for (const auto& item : body) {
    const auto decoded = decode_submission(item);
    if (!decoded.error.empty()) {
      answers.push_back(problem(463, "Malformed transaction", decoded.error, ""));
      continue;
    }
    const auto b = behaviour_for(decoded.txid);
    reply.delay_ms = std::max(reply.delay_ms, b.delay_ms);
    reply.drop = reply.drop || b.drop;
    if (b.malformed) reply.body = "[{this is not json";
    int status = 200;
    answers.push_back(json::parse(answer_for(decoded.txid, b, &status)));
  }
  if (reply.body.empty()) reply.body = answers.dump();
  return reply;
}

SimReply Simulator::status_of(const std::string& txid) {
  std::lock_guard<std::mutex> lock(mutex_);
  ++status_requests_[txid];
  return status_answer(txid);
}

std::optional<std::string> Simulator::report_for(const std::string& txid) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto answer = status_answer(txid);
  if (answer.status != 200) return std::nullopt;
  return answer.body;
}

SimReply Simulator::status_answer(const std::string& txid) {
  if (auto m = mined_.find(txid); m != mined_.end()) {
    json answer = {{"txid", txid},
                   {"txStatus", m->second.merkle_path.empty() ? "MINED_IN_STALE_BLOCK" : "MINED"},
                   {"blockHash", m->second.block_hash},
                   {"blockHeight", m->second.block_height},
                   {"timestamp", now_text()},
                   {"extraInfo", ""}};
    if (!m->second.merkle_path.empty()) answer["merklePath"] = m->second.merkle_path;
    return json_reply(200, answer);
  }
  auto it = last_status_.find(txid);
  if (it == last_status_.end()) {
    return json_reply(404, problem(404, "Not Found", "transaction " + txid + " not found", txid));
  }
  const auto& details = details_[txid];
  json answer = {{"txid", txid},     {"txStatus", it->second},  {"blockHash", ""},
                 {"blockHeight", 0}, {"timestamp", now_text()}, {"extraInfo", details.extra_info}};
  if (!details.competing_txs.empty()) answer["competingTxs"] = details.competing_txs;
  return json_reply(200, answer);
}

SimReply Simulator::control(const SimRequest& request) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (request.method == "DELETE" && request.target == "/control") {
    per_txid_.clear();
    next_.reset();
    next_left_ = 0;
    submissions_.clear();
    last_status_.clear();
    details_.clear();
    mined_.clear();
    status_requests_.clear();
    last_headers_.clear();
    headers_.clear();
    requests_ = 0;
    return json_reply(200, {{"reset", true}});
  }
  if (request.method == "GET" && request.target == "/control/stats") {
    long total = 0;
    for (const auto& [txid, count] : submissions_) total += count;
    json header_requests = json::object();
    for (const auto& [height, count] : headers_.requests()) {
      header_requests[std::to_string(height)] = count;
    }
    return json_reply(200, {{"requests", requests_},
                            {"submissions", total},
                            {"txids", submissions_},
                            {"status_requests", status_requests_},
                            {"header_requests", header_requests},
                            {"last_headers", last_headers_}});
  }
  if (request.method == "POST" && request.target == "/control/mine") return mine(request.body);
  if (request.method == "POST" && request.target == "/control/reorg") return reorg(request.body);
  if (request.method == "POST" && request.target == "/control/headers") {
    if (auto bad = headers_.control(json::parse(request.body, nullptr, false))) {
      return json_reply(400, problem(400, "Bad headers request", *bad, ""));
    }
    return json_reply(200, {{"ok", true}});
  }
  if (request.method == "POST" && request.target == "/control/status") {
    return set_status(request.body);
  }
  if (request.method != "POST" || request.target != "/control") {
    return json_reply(404, problem(404, "Not Found", request.target, ""));
  }
  const auto rule = json::parse(request.body, nullptr, false);
  if (!rule.is_object()) return json_reply(400, problem(400, "Bad rule", "expected an object", ""));
  try {
    if (rule.contains("txid")) {
      per_txid_[rule["txid"].get<std::string>()] = behaviour_from(rule, Behaviour{});
    } else if (rule.contains("next")) {
      next_ = behaviour_from(rule, Behaviour{});
      next_left_ = rule["next"].get<int>();
    } else {
      defaults_ = behaviour_from(rule, Behaviour{});
    }
  } catch (const json::exception& e) {
    return json_reply(400, problem(400, "Bad rule", e.what(), ""));
  }
  return json_reply(200, {{"ok", true}});
}

namespace {

// The txids named by a control body's "txids", or (when absent) `fallback`.
std::vector<std::string> txids_of(const json& body, std::vector<std::string> fallback) {
  if (!body.is_object() || !body.contains("txids")) return fallback;
  return body.at("txids").get<std::vector<std::string>>();
}

}  // namespace

SimReply Simulator::mine(const std::string& text) {  // called locked
  const auto body = json::parse(text.empty() ? "{}" : text, nullptr, false);
  std::vector<std::string> pending;
  for (const auto& [txid, status] : last_status_) {
    auto m = mined_.find(txid);
    if (m == mined_.end() || m->second.merkle_path.empty()) pending.push_back(txid);
  }
  try {
    const auto txids = txids_of(body, pending);
    const bool bad_proof = body.is_object() && body.value("bad_proof", false);
    // "height": a block replacing the one mined at that height (a reorg).
    const bool replacing = body.is_object() && body.contains("height");
    const std::int64_t height = replacing ? body.at("height").get<std::int64_t>() : next_height_++;
    // A coinbase of our own first, as in every block (another for each
    // replacement); then the transactions.
    const auto replacement =
        "replacement " + std::to_string(height) + " " + std::to_string(reorgs_);
    std::vector<chain::Hash> leaves = {
        replacing ? chain::sha256d(chain::Bytes(replacement.begin(), replacement.end()))
                  : chain::sha256d(chain::from_hex("c0" + std::to_string(height)))};
    if (replacing) ++reorgs_;
    for (const auto& txid : txids) leaves.push_back(chain::hash_from_txid_hex(txid));
    const auto root = chain::merkle_root(leaves);
    chain::Bytes header(root.begin(), root.end());
    header.push_back(static_cast<std::uint8_t>(height));
    const std::string block_hash = chain::txid_hex(chain::sha256d(header));
    headers_.add(height, chain::txid_hex(root), block_hash);
    for (std::size_t i = 1; i < leaves.size(); ++i) {
      auto path = chain::merkle_path_for(leaves, i, static_cast<std::uint64_t>(height));
      if (bad_proof) {
        // A path in a block of two strangers: it holds no leaf with this txid.
        const auto stranger = chain::sha256d(chain::Bytes(leaves[i].begin(), leaves[i].end()));
        path = chain::merkle_path_for({leaves[0], stranger}, 1, static_cast<std::uint64_t>(height));
      }
      mined_[txids[i - 1]] = {block_hash, height, chain::to_hex(chain::write_merkle_path(path))};
    }
    return json_reply(200,
                      {{"block_hash", block_hash}, {"block_height", height}, {"txids", txids}});
  } catch (const std::exception& e) {
    return json_reply(400, problem(400, "Bad mine request", e.what(), ""));
  }
}

SimReply Simulator::reorg(const std::string& text) {  // called locked
  const auto body = json::parse(text, nullptr, false);
  try {
    for (const auto& txid : txids_of(body, {})) {
      if (auto m = mined_.find(txid); m != mined_.end()) m->second.merkle_path.clear();
    }
    return json_reply(200, {{"ok", true}});
  } catch (const std::exception& e) {
    return json_reply(400, problem(400, "Bad reorg request", e.what(), ""));
  }
}

SimReply Simulator::set_status(const std::string& text) {  // called locked
  const auto body = json::parse(text, nullptr, false);
  try {
    const auto txid = body.at("txid").get<std::string>();
    last_status_[txid] = body.at("tx_status").get<std::string>();
    details_[txid] = {body.value("extra_info", std::string()),
                      body.value("competing_txs", std::vector<std::string>())};
    mined_.erase(txid);
    return json_reply(200, {{"ok", true}});
  } catch (const std::exception& e) {
    return json_reply(400, problem(400, "Bad status request", e.what(), ""));
  }
}

}  // namespace bsv::arc
