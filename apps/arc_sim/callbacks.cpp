#include "apps/arc_sim/callbacks.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "testing/http_client.hpp"

namespace bsv::arc_sim {
namespace {

using json = nlohmann::json;

struct Target {
  std::string host, port, path;
};

Target parse_url(const std::string& url) {
  const std::string scheme = "http://";
  const auto colon = url.find(':', scheme.size());
  const auto slash = url.find('/', scheme.size());
  if (url.rfind(scheme, 0) != 0 || colon == std::string::npos || colon == scheme.size() ||
      (slash != std::string::npos && slash < colon)) {
    throw std::invalid_argument("url: expected http://HOST:PORT/PATH");
  }
  const auto port = url.substr(colon + 1, slash == std::string::npos ? slash : slash - colon - 1);
  if (port.empty() || port.find_first_not_of("0123456789") != std::string::npos) {
    throw std::invalid_argument("url: expected http://HOST:PORT/PATH");
  }
  return {url.substr(scheme.size(), colon - scheme.size()), port,
          slash == std::string::npos ? "/" : url.substr(slash)};
}

// One POST; answers the HTTP status and body (0 and the error when it failed).
std::pair<int, std::string> post(const Target& to, const std::string& token,
                                 const std::string& body) {
  try {
    const auto answer =
        testing::http_request(to.host, to.port, "POST", to.path, body,
                              {{"Authorization", "Bearer " + token}}, std::chrono::seconds(10));
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
