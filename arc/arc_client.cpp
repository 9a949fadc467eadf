// ArcClient over Boost.Beast: one Exchange object per request walks
// resolve -> connect -> (TLS handshake) -> write -> read, each step under
// a timeout no later than the request's deadline.

#include "arc/arc_client.hpp"

#include <openssl/rand.h>

#include <algorithm>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <nlohmann/json.hpp>
#include <optional>
#include <thread>
#include <type_traits>

#include "chain/bytes.hpp"
#include "common/log.hpp"

namespace bsv::arc {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;
using PlainStream = beast::tcp_stream;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

constexpr auto kStepTimeout = std::chrono::seconds(10);
constexpr std::size_t kMaxIdle = 16;
constexpr std::uint64_t kMaxBody = 64ull << 20;

std::string random_hex(std::size_t bytes) {
  chain::Bytes raw(bytes);
  RAND_bytes(raw.data(), static_cast<int>(raw.size()));
  return chain::to_hex(raw);
}

bool closed_by_peer(const beast::error_code& ec) {
  return ec == http::error::end_of_stream || ec == net::error::eof ||
         ec == net::error::connection_reset || ec == net::error::broken_pipe;
}

}  // namespace

struct ArcClient::Impl {
  ArcSettings settings;
  ArcEndpoint endpoint;  // with the shared key and token filled in
  HttpUrl url;
  std::string deployment = "bsv-wallet-node-" + random_hex(8);
  net::io_context ioc;  // first: destroyed last
  net::executor_work_guard<net::io_context::executor_type> work{ioc.get_executor()};
  ssl::context tls_context{ssl::context::tls_client};
  // Idle keep-alive connections; touched only on the client's thread.
  std::vector<std::unique_ptr<PlainStream>> idle_plain;
  std::vector<std::unique_ptr<TlsStream>> idle_tls;
  std::thread thread;

  template <class Stream>
  std::vector<std::unique_ptr<Stream>>& idle() {
    if constexpr (std::is_same_v<Stream, TlsStream>) {
      return idle_tls;
    } else {
      return idle_plain;
    }
  }
  template <class Stream>
  std::unique_ptr<Stream> open() {
    if constexpr (std::is_same_v<Stream, TlsStream>) {
      return std::make_unique<TlsStream>(ioc, tls_context);
    } else {
      return std::make_unique<PlainStream>(ioc);
    }
  }
  http::request<http::string_body> request(http::verb verb, const std::string& target,
                                           std::string body) const;
  void send(http::request<http::string_body> request, Callback done);
};

namespace {

template <class Stream>
class Exchange : public std::enable_shared_from_this<Exchange<Stream>> {
 public:
  Exchange(ArcClient::Impl& client, http::request<http::string_body> request,
           ArcClient::Callback done)
      : client_(client),
        request_(std::move(request)),
        done_(std::move(done)),
        resolver_(client.ioc),
        deadline_(Clock::now() + client.settings.timeout) {}

  void start() {
    auto& pool = client_.idle<Stream>();
    if (pool.empty()) return connect();
    stream_ = std::move(pool.back());
    pool.pop_back();
    reused_ = true;
    write();
  }

 private:
  // Sets the next step's timeout; false (and answered) once the deadline passed.
  bool arm() {
    const auto left = deadline_ - Clock::now();
    if (left <= Clock::duration::zero()) {
      answer({0, {}, "timeout: no answer within the ARC timeout"});
      return false;
    }
    beast::get_lowest_layer(*stream_).expires_after(std::min<Clock::duration>(left, kStepTimeout));
    return true;
  }

  void connect() {
    reused_ = false;
    stream_ = client_.open<Stream>();
    auto self = this->shared_from_this();
    resolver_.async_resolve(client_.url.host, client_.url.port,
                            [self](beast::error_code ec, tcp::resolver::results_type found) {
                              if (ec) return self->fail("resolve", ec);
                              if (!self->arm()) return;
                              beast::get_lowest_layer(*self->stream_)
                                  .async_connect(found,
                                                 [self](beast::error_code e, const tcp::endpoint&) {
                                                   if (e) return self->fail("connect", e);
                                                   self->handshake();
                                                 });
                            });
  }

  void handshake() {
    if constexpr (std::is_same_v<Stream, TlsStream>) {
      const auto& host = client_.url.host;
      if (!SSL_set_tlsext_host_name(stream_->native_handle(), host.c_str())) {
        return answer({0, {}, "TLS: cannot set the server name"});
      }
      stream_->set_verify_callback(ssl::host_name_verification(host));
      if (!arm()) return;
      auto self = this->shared_from_this();
      stream_->async_handshake(ssl::stream_base::client, [self](beast::error_code ec) {
        if (ec) return self->fail("TLS handshake", ec);
        self->write();
      });
    } else {
      write();
    }
  }

  void write() {
    if (!arm()) return;
    auto self = this->shared_from_this();
    http::async_write(*stream_, request_, [self](beast::error_code ec, std::size_t) {
      if (ec) return self->retry_or_fail("write", ec);
      self->read();
    });
  }

  void read() {
    if (!arm()) return;
    parser_.emplace();
    parser_->body_limit(kMaxBody);
    auto self = this->shared_from_this();
    http::async_read(*stream_, buffer_, *parser_, [self](beast::error_code ec, std::size_t) {
      if (ec) return self->retry_or_fail("read", ec);
      self->finish();
    });
  }

  void finish() {
    auto response = parser_->release();
    auto& pool = client_.idle<Stream>();
    if (response.keep_alive() && pool.size() < kMaxIdle) {
      beast::get_lowest_layer(*stream_).expires_never();
      pool.push_back(std::move(stream_));
    }
    answer({static_cast<int>(response.result_int()), std::move(response.body()), {}});
  }

  // A kept connection the server has meanwhile closed: try once on a new one.
  void retry_or_fail(const char* step, beast::error_code ec) {
    if (reused_ && closed_by_peer(ec)) {
      buffer_.clear();
      return connect();
    }
    fail(step, ec);
  }

  void fail(const char* step, beast::error_code ec) {
    const auto why = ec == beast::error::timeout ? std::string("timeout") : ec.message();
    answer({0, {}, std::string(step) + " failed: " + why});
  }

  void answer(HttpAnswer result) {
    if (!done_) return;
    auto done = std::move(done_);
    done_ = nullptr;
    done(std::move(result));
  }

  ArcClient::Impl& client_;
  http::request<http::string_body> request_;
  ArcClient::Callback done_;
  tcp::resolver resolver_;
  Clock::time_point deadline_;
  std::unique_ptr<Stream> stream_;
  bool reused_ = false;
  beast::flat_buffer buffer_;
  std::optional<http::response_parser<http::string_body>> parser_;
};

}  // namespace

http::request<http::string_body> ArcClient::Impl::request(http::verb verb,
                                                          const std::string& target,
                                                          std::string body) const {
  http::request<http::string_body> req{verb, url.prefix + target, 11};
  const bool default_port = url.port == (url.tls ? "443" : "80");
  const bool ipv6 = url.host.find(':') != std::string::npos;
  const auto host = ipv6 ? "[" + url.host + "]" : url.host;
  req.set(http::field::host, default_port ? host : host + ":" + url.port);
  req.set(http::field::user_agent, "bsv-wallet-node");
  req.set(http::field::accept, "application/json");
  req.set("XDeployment-ID", deployment);
  if (!endpoint.api_key.empty()) {
    req.set(http::field::authorization, settings.auth_scheme + endpoint.api_key);
  }
  if (!settings.callback_url.empty()) req.set("X-CallbackUrl", settings.callback_url);
  if (!endpoint.callback_token.empty()) req.set("X-CallbackToken", endpoint.callback_token);
  if (!settings.wait_for.empty()) req.set("X-WaitFor", settings.wait_for);
  req.keep_alive(true);
  if (verb == http::verb::post) {
    req.set(http::field::content_type, "application/json");
    req.body() = std::move(body);
  }
  req.prepare_payload();
  return req;
}

void ArcClient::Impl::send(http::request<http::string_body> request, Callback done) {
  net::post(ioc, [this, request = std::move(request), done = std::move(done)]() mutable {
    if (url.tls) {
      std::make_shared<Exchange<TlsStream>>(*this, std::move(request), std::move(done))->start();
    } else {
      std::make_shared<Exchange<PlainStream>>(*this, std::move(request), std::move(done))->start();
    }
  });
}

std::optional<Error> ArcClient::check_url(const std::string& url) {
  return check_http_url(url, "arc-url");
}

Result<std::unique_ptr<ArcClient>> ArcClient::create(const ArcSettings& settings,
                                                     std::size_t index) {
  if (index >= settings.endpoints.size()) return invalid_argument("arc-url: no ARC endpoint given");
  auto endpoint = settings.endpoint(index);
  if (auto error = check_url(endpoint.url)) return *error;
  auto url = parse_http_url(endpoint.url);
  auto impl = std::make_unique<Impl>();
  impl->settings = settings;
  impl->endpoint = std::move(endpoint);
  impl->url = *url;
  impl->tls_context.set_default_verify_paths();
  impl->tls_context.set_verify_mode(ssl::verify_peer);
  auto* raw = impl.get();
  impl->thread = std::thread([raw] { raw->ioc.run(); });
  return std::unique_ptr<ArcClient>(new ArcClient(std::move(impl)));
}

ArcClient::ArcClient(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

ArcClient::~ArcClient() {
  impl_->work.reset();
  impl_->ioc.stop();
  impl_->thread.join();
}

const std::string& ArcClient::deployment_id() const {
  return impl_->deployment;
}

void ArcClient::submit(const std::string& hex, Callback done) {
  impl_->send(impl_->request(http::verb::post, "/v1/tx", nlohmann::json{{"rawTx", hex}}.dump()),
              std::move(done));
}

void ArcClient::submit_batch(const std::vector<std::string>& hex, Callback done) {
  auto body = nlohmann::json::array();
  for (const auto& h : hex) body.push_back({{"rawTx", h}});
  impl_->send(impl_->request(http::verb::post, "/v1/txs", body.dump()), std::move(done));
}

void ArcClient::status(const std::string& txid, Callback done) {
  get("/v1/tx/" + txid, std::move(done));
}

void ArcClient::get(const std::string& path, Callback done) {
  impl_->send(impl_->request(http::verb::get, path, {}), std::move(done));
}

void ArcClient::post(const std::string& path, std::string json_body, Callback done) {
  impl_->send(impl_->request(http::verb::post, path, std::move(json_body)), std::move(done));
}

}  // namespace bsv::arc
