#include "support/node_metrics.hpp"

#include <nlohmann/json.hpp>
#include <sstream>

#include "support/http_call.hpp"

namespace bsv::testing {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) lines.push_back(line);
  }
  return lines;
}

double sample(const std::string& metrics, const std::string& series) {
  for (const auto& line : lines_of(metrics)) {
    if (line.rfind(series + " ", 0) == 0) return std::stod(line.substr(series.size() + 1));
  }
  return -1;
}

std::uint16_t metrics_port(const ReadyProcess& node) {
  for (const auto& line : lines_of(node.errors())) {
    const auto entry = nlohmann::json::parse(line, nullptr, false);
    if (entry.is_object() && entry.value("component", "") == "metrics" &&
        entry.contains("listen")) {
      const auto listen = entry["listen"].get<std::string>();
      return static_cast<std::uint16_t>(std::stoi(listen.substr(listen.rfind(':') + 1)));
    }
  }
  return 0;
}

std::string scrape(const ReadyProcess& node) {
  return http_call(metrics_port(node), "GET", "/metrics").body;
}

}  // namespace bsv::testing
