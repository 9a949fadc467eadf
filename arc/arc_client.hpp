#pragma once
/// ArcClient: HTTP/1.1 to one ARC endpoint (broadcast-queue.md, "ARC
/// client"), on its own thread and io_context with Boost.Beast. Plain TCP or
/// TLS (certificate and host name verified against the system's trust store
/// or $SSL_CERT_FILE, SNI set); idle connections are kept for reuse. Every
/// step (resolve, connect, handshake, write, read) has a timeout, and the
/// whole request at most `timeout`. A reused connection that turns out
/// closed is replaced once, transparently. Callbacks run on the client's
/// thread. This header does not include Boost.

#include <algorithm>
#include <chrono>
#include <functional>
#include <memory>
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
  int failures = 3;      ///< consecutive transient answers that open an endpoint's breaker
  double cooldown = 5;   ///< seconds of its first cool-down (doubling to 300)
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

/// An HTTP answer, or (status 0) the reason there was none.
struct HttpAnswer {
  int status = 0;
  std::string body;
  std::string error;
};

class ArcClient {
 public:
  using Callback = std::function<void(HttpAnswer)>;

  /// invalid_argument (naming the option) when `url` is not an http:// or
  /// https:// URL with a host and a valid port.
  static std::optional<Error> check_url(const std::string& url);

  /// A client of endpoint `index` of `settings`: checks its URL (as
  /// check_url) and starts the client's thread.
  static Result<std::unique_ptr<ArcClient>> create(const ArcSettings& settings,
                                                   std::size_t index = 0);

  /// `POST {url}/v1/tx` with {"rawTx": hex}.
  void submit(const std::string& hex, Callback done);
  /// `POST {url}/v1/txs` with [{"rawTx": hex}, ...].
  void submit_batch(const std::vector<std::string>& hex, Callback done);
  /// `GET {url}/v1/tx/{txid}`.
  void status(const std::string& txid, Callback done);
  /// `GET {url}{path}`, for other services spoken to the same way (block headers).
  void get(const std::string& path, Callback done);
  /// `POST {url}{path}` with a JSON body.
  void post(const std::string& path, std::string json_body, Callback done);

  /// The XDeployment-ID this process sends.
  const std::string& deployment_id() const;

  /// Stops the thread; requests still running are abandoned unanswered.
  ~ArcClient();

  struct Impl;

 private:
  explicit ArcClient(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace bsv::arc
