#include "arc/arc_settings.hpp"

#include "common/log.hpp"

namespace bsv::arc {

// scheme://host[:port][/prefix], host possibly a bracketed IPv6 literal.
std::optional<HttpUrl> parse_http_url(const std::string& text) {
  HttpUrl url;
  std::string rest;
  if (text.rfind("http://", 0) == 0) {
    rest = text.substr(7);
  } else if (text.rfind("https://", 0) == 0) {
    url.tls = true;
    rest = text.substr(8);
  } else {
    return std::nullopt;
  }
  const auto slash = rest.find('/');
  const auto authority = rest.substr(0, slash);
  url.prefix = slash == std::string::npos ? "" : rest.substr(slash);
  while (!url.prefix.empty() && url.prefix.back() == '/') url.prefix.pop_back();
  std::size_t colon = std::string::npos;
  if (!authority.empty() && authority.front() == '[') {
    const auto close = authority.find(']');
    if (close == std::string::npos) return std::nullopt;
    url.host = authority.substr(1, close - 1);
    if (close + 1 < authority.size()) {
      if (authority[close + 1] != ':') return std::nullopt;
      colon = close + 1;
    }
  } else {
    colon = authority.find(':');
    url.host = authority.substr(0, colon);
  }
  url.port = colon == std::string::npos ? (url.tls ? "443" : "80") : authority.substr(colon + 1);
  if (url.host.empty() || url.port.empty() ||
      url.port.find_first_not_of("0123456789") != std::string::npos || url.port.size() > 5 ||
      std::stoi(url.port) < 1 || std::stoi(url.port) > 65535) {
    return std::nullopt;
  }
  return url;
}

std::optional<Error> check_http_url(const std::string& url, const std::string& option) {
  if (parse_http_url(url)) return std::nullopt;
  // Quoted without any password it may carry: the message gets logged.
  return invalid_argument(option + ": '" + log::without_password(url) +
                          "' is not an http:// or https:// URL with a host");
}

ArcEndpoint ArcSettings::endpoint(std::size_t index) const {
  auto out = endpoints.at(index);
  if (out.api_key.empty()) out.api_key = api_key;
  if (out.callback_token.empty()) out.callback_token = callback_token;
  return out;
}

std::vector<std::string> ArcSettings::callback_tokens() const {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < endpoints.size(); ++i) {
    auto token = endpoint(i).callback_token;
    if (!token.empty() && std::find(out.begin(), out.end(), token) == out.end()) {
      out.push_back(std::move(token));
    }
  }
  if (endpoints.empty() && !callback_token.empty()) out.push_back(callback_token);
  return out;
}

std::string ArcSettings::describe() const {
  std::string out;
  for (const auto& e : endpoints) {
    out += (out.empty() ? "" : ", ") + log::without_password(e.url);
  }
  return out;
}

std::vector<ArcEndpoint> endpoints_from_urls(const std::string& urls) {
  std::vector<ArcEndpoint> out;
  std::size_t start = 0;
  while (start <= urls.size()) {
    auto end = urls.find(',', start);
    if (end == std::string::npos) end = urls.size();
    auto url = urls.substr(start, end - start);
    const auto first = url.find_first_not_of(" \t");
    const auto last = url.find_last_not_of(" \t");
    if (first != std::string::npos) out.push_back({url.substr(first, last - first + 1), {}, {}});
    start = end + 1;
  }
  return out;
}

std::string endpoint_name(std::size_t index, const std::string& url) {
  return std::to_string(index + 1) + " " + log::without_password(url);
}

}  // namespace bsv::arc
