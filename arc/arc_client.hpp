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

#include "arc/arc_settings.hpp"
#include "common/result.hpp"

namespace bsv::arc {

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
