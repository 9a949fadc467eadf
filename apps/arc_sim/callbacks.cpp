#include "apps/arc_sim/callbacks.hpp"

#include <algorithm>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>
#include <regex>

namespace bsv::arc_sim {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
using json = nlohmann::json;
using tcp = boost::asio::ip::tcp;

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
    boost::asio::io_context io;
    beast::tcp_stream stream(io);
    stream.expires_after(std::chrono::seconds(10));
    stream.connect(tcp::resolver(io).resolve(to.host, to.port));
    http::request<http::string_body> request{http::verb::post, to.path, 11};
    request.set(http::field::host, to.host);
    request.set(http::field::content_type, "application/json");
    request.set(http::field::authorization, "Bearer " + token);
    request.body() = body;
    request.prepare_payload();
    http::write(stream, request);
    beast::flat_buffer buffer;
    http::response<http::string_body> response;
    http::read(stream, buffer, response);
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
    return {static_cast<int>(response.result_int()), response.body()};
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
