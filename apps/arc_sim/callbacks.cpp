#include "apps/arc_sim/callbacks.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <regex>

#include "http/client.hpp"

namespace bsv::arc_sim {
namespace {

using json = nlohmann::json;

struct Target {
  std::string host, port, path;
};

Target parse_url(const std::string& url) {
  static const std::regex form(R"(^http://([^/:]+):(\d+)(/.*)?$)");
  std::smatch m;
  if (!std::regex_match(url, m, form))
    throw std::invalid_argument("url: expected http://HOST:PORT/PATH");
  return {m[1], m[2], m[3].length() ? std::string(m[3]) : "/"};
}

// One POST; answers the HTTP status and body (0 and the error when it failed).
std::pair<int, std::string> post(const Target& to, const std::string& token,
                                 const std::string& body) {
  try {
    const auto answer =
        http::call(to.host, to.port, "POST", to.path, body, {{"Authorization", "Bearer " + token}},
                   std::chrono::seconds(10));
    return {answer.status, answer.body};
  } catch (const std::exception& e) {
    return {0, e.what()};
  }
}

}  // namespace

arc::SimReply send_callbacks(arc::Simulator& sim, const std::string& request_body) {
  try {
    const auto request = json::parse(request_body);
    const auto to = parse_url(request.at("url").get<std::string>());
    const auto token = request.value("token", std::string());
    std::vector<json> reports;
    for (const auto& item : request.at("items")) {
      const auto txid = item.at("txid").get<std::string>();
      auto current = sim.report_for(txid);
      json report = current ? json::parse(*current) : json{{"txid", txid}};
      if (item.contains("tx_status")) {
        report = {{"txid", txid}, {"txStatus", item["tx_status"]}, {"timestamp", ""}};
      }
      reports.push_back(report);
    }
    if (request.value("reverse", false)) std::reverse(reports.begin(), reports.end());
    const int copies = std::max(1, request.value("duplicate", 1));
    json statuses = json::array(), bodies = json::array();
    for (int copy = 0; copy < copies; ++copy) {
      if (request.value("batch", false)) {
        const auto [status, body] =
            post(to, token, json{{"count", reports.size()}, {"callbacks", reports}}.dump());
        statuses.push_back(status);
        bodies.push_back(body);
        continue;
      }
      for (const auto& report : reports) {
        const auto [status, body] = post(to, token, report.dump());
        statuses.push_back(status);
        bodies.push_back(body);
      }
    }
    return {200, json{{"statuses", statuses}, {"bodies", bodies}}.dump(), 0, false};
  } catch (const std::exception& e) {
    return {400, json{{"error", e.what()}}.dump(), 0, false};
  }
}

}  // namespace bsv::arc_sim
