#pragma once
/// How the node reaches ARC: its endpoints in order and what they share
/// (broadcast-queue.md, "ARC client" and "Several ARC endpoints, in
/// order"), and the one parser of their URLs. No Boost here: the
/// configuration and the fuzzers use it.

#include <algorithm>
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"

namespace bsv::arc {

/// One ARC endpoint (broadcast-queue.md, "Several ARC endpoints, in order").
struct ArcEndpoint {
  std::string url;             ///< base URL, http://host[:port][/prefix] or https://...
  std::string api_key;         ///< empty: ArcSettings::api_key
  std::string callback_token;  ///< empty: ArcSettings::callback_token
};

/// How the node reaches ARC: its endpoints in order of preference and what
/// they share.
struct ArcSettings {
  std::vector<ArcEndpoint> endpoints;
  std::string api_key;         ///< of every endpoint without its own
  std::string callback_url;    ///< one for the node
  std::string callback_token;  ///< of every endpoint without its own
  std::string wait_for;
  std::chrono::milliseconds timeout{30000};  ///< whole request
  int failures = 3;     ///< consecutive transient answers that open an endpoint's breaker
  double cooldown = 5;  ///< seconds of its first cool-down (doubling to 300)
  /// The scheme before the key in `Authorization` ("Bearer "; WhatsOnChain
  /// takes the bare key).
  std::string auth_scheme = "Bearer ";

  /// Endpoint `index` with the shared key and token filled in where it has none.
  ArcEndpoint endpoint(std::size_t index) const;
  /// Every token a callback may carry: each endpoint's, no duplicates.
  std::vector<std::string> callback_tokens() const;
  /// The longest one request may take through every endpoint in turn.
  std::chrono::milliseconds longest_request() const {
    return timeout * static_cast<int>(std::max<std::size_t>(1, endpoints.size()));
  }
  /// The endpoints' URLs, for messages and logs (without passwords).
  std::string describe() const;
};

/// Endpoints from a comma-separated list of URLs (`ARC_URL`, repeated
/// `--arc-url` joined), in order, blanks around each dropped.
std::vector<ArcEndpoint> endpoints_from_urls(const std::string& urls);

/// An endpoint's name in metrics, logs and the job's `arc_endpoint`: its
/// position (from 1) and URL without credentials, "1 https://arc.example".
std::string endpoint_name(std::size_t index, const std::string& url);

/// An http:// or https:// URL split for a client: host (without IPv6
/// brackets), port (the scheme's default when absent) and path prefix
/// (without a trailing slash).
struct HttpUrl {
  bool tls = false;
  std::string host, port, prefix;
};

/// The parts of `text`, or nullopt when it is not an http(s) URL with a
/// host and a port in 1..65535.
std::optional<HttpUrl> parse_http_url(const std::string& text);

/// invalid_argument naming `option` (and the URL without its password)
/// when `url` does not parse.
std::optional<Error> check_http_url(const std::string& url, const std::string& option);

}  // namespace bsv::arc
