// arc-sim: a local ARC simulator (broadcast-queue.md, "The ARC simulator")
// over real HTTP/1.1 with keep-alive, one thread per connection.
//
//   arc-sim [--listen HOST:PORT] [--tx-status S] [--http CODE] [--delay-ms N]
//           [--api-key KEY] [--tls-cert FILE --tls-key FILE] [--version] [--help]
// Prints `ready listen=HOST:PORT` once listening (port 0 picks a free one);
// refuses as every command of the project does: one JSON error line on
// stderr, exit 2 for usage, 3 when it cannot listen.

#include <algorithm>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cctype>
#include <chrono>
#include <iostream>
#include <thread>

#include "apps/arc_sim/callbacks.hpp"
#include "apps/arc_sim/simulator.hpp"
#include "config/node_config.hpp"
#include "config/options.hpp"

namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;

constexpr std::uint64_t kMaxBody = 200ull << 20;  // 64 MiB of hex per tx, batches larger

// Answers requests on one connection (plain socket or TLS stream) until it closes.
template <class Stream>
void serve_requests(Stream& socket, bsv::arc::Simulator& sim) {
  beast::flat_buffer buffer;
  for (;;) {
    http::request_parser<http::string_body> parser;
    parser.body_limit(kMaxBody);
    beast::error_code ec;
    http::read(socket, buffer, parser, ec);
    if (ec) break;
    auto request = parser.release();
    bsv::arc::SimRequest seen{std::string(request.method_string()),
                              std::string(request.target()),
                              {},
                              std::move(request.body())};
    for (const auto& field : request) {
      std::string name(field.name_string());
      for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      seen.headers[name] = std::string(field.value());
    }
    const auto reply = seen.method == "POST" && seen.target == "/control/callback"
                           ? bsv::arc_sim::send_callbacks(sim, seen.body)
                           : sim.handle(seen);
    if (reply.delay_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(reply.delay_ms));
    if (reply.drop) break;
    http::response<http::string_body> response{static_cast<http::status>(reply.status),
                                               request.version()};
    response.set(http::field::server, "arc-sim");
    response.set(http::field::content_type, "application/json");
    response.keep_alive(request.keep_alive());
    response.body() = reply.body;
    response.prepare_payload();
    http::write(socket, response, ec);
    if (ec || !response.keep_alive()) break;
  }
}

void serve_connection(tcp::socket socket, bsv::arc::Simulator& sim, ssl::context* tls) {
  beast::error_code ignored;
  if (tls) {
    ssl::stream<tcp::socket> stream(std::move(socket), *tls);
    stream.handshake(ssl::stream_base::server, ignored);
    if (!ignored) serve_requests(stream, sim);
    stream.lowest_layer().shutdown(tcp::socket::shutdown_both, ignored);
    return;
  }
  serve_requests(socket, sim);
  socket.shutdown(tcp::socket::shutdown_both, ignored);
}

const char* const kUsage =
    "usage: arc-sim [--listen HOST:PORT] [--tx-status STATUS] [--http CODE] [--delay-ms MS]\n"
    "               [--api-key KEY] [--tls-cert FILE --tls-key FILE] [--version] [--help]\n"
    "  --listen HOST:PORT   where to answer (default 127.0.0.1:0: a free port)\n"
    "  --tx-status STATUS   the txStatus of every answer (default SEEN_ON_NETWORK)\n"
    "  --http CODE          the HTTP status of every answer (default 200)\n"
    "  --delay-ms MS        milliseconds before each answer (default 0)\n"
    "  --api-key KEY        refuse requests without this Bearer key (401)\n"
    "  --tls-cert FILE, --tls-key FILE   serve HTTPS\n"
    "POST /control changes the answers per txid; see apps/arc_sim/simulator.hpp.\n";

const std::vector<std::string> kValueFlags = {"--listen",  "--tx-status", "--http",   "--delay-ms",
                                              "--api-key", "--tls-cert",  "--tls-key"};

struct Settings {
  std::string listen = "127.0.0.1:0";
  bsv::arc::Behaviour defaults;
  std::string api_key, tls_cert, tls_key;
};

// The command line; throws UsageError naming what is wrong.
Settings parse(const std::vector<std::string>& args) {
  using namespace bsv::config;
  Settings s;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const auto& flag = args[i];
    if (std::find(kValueFlags.begin(), kValueFlags.end(), flag) == kValueFlags.end()) {
      throw UsageError(
          "unknown option '" + flag + "'",
          did_you_mean(flag, {"--listen", "--tx-status", "--http", "--delay-ms", "--api-key",
                              "--tls-cert", "--tls-key", "--help", "--version"}));
    }
    if (i + 1 >= args.size()) throw UsageError(flag + ": missing value");
    const auto& value = args[++i];
    if (flag == "--listen") {
      s.listen = value;
    } else if (flag == "--tx-status") {
      s.defaults.tx_status = value;
    } else if (flag == "--http") {
      s.defaults.http = static_cast<int>(parse_integer(flag, value, 100, 599));
    } else if (flag == "--delay-ms") {
      s.defaults.delay_ms = static_cast<int>(parse_integer(flag, value, 0, 600000));
    } else if (flag == "--api-key") {
      s.api_key = value;
    } else if (flag == "--tls-cert") {
      s.tls_cert = value;
    } else {
      s.tls_key = value;
    }
  }
  if (s.tls_cert.empty() != s.tls_key.empty()) {
    throw UsageError("--tls-cert and --tls-key go together");
  }
  return s;
}

// The TLS context of --tls-cert/--tls-key, or null; UsageError naming the file.
std::unique_ptr<ssl::context> tls_context(const Settings& s) {
  if (s.tls_cert.empty()) return nullptr;
  auto tls = std::make_unique<ssl::context>(ssl::context::tls_server);
  beast::error_code ec;
  tls->use_certificate_chain_file(s.tls_cert, ec);
  if (ec) throw bsv::config::UsageError("--tls-cert " + s.tls_cert + ": cannot load it");
  tls->use_private_key_file(s.tls_key, ssl::context::pem, ec);
  if (ec) throw bsv::config::UsageError("--tls-key " + s.tls_key + ": cannot load it");
  return tls;
}

// Runs arc-sim until it is killed; the exit code when it cannot start.
int run(const std::vector<std::string>& args) {
  using bsv::config::print_error;
  if (std::find(args.begin(), args.end(), "--help") != args.end()) {
    std::cout << kUsage;
    return 0;
  }
  if (std::find(args.begin(), args.end(), "--version") != args.end()) {
    std::cout << "arc-sim " BSV_VERSION " (" BSV_COMMIT ")\n";
    return 0;
  }
  Settings settings;
  std::unique_ptr<ssl::context> tls;
  std::string host;
  std::uint16_t port = 0;
  try {
    settings = parse(args);
    std::tie(host, port) = bsv::config::parse_host_port(settings.listen, "--listen");
    tls = tls_context(settings);
  } catch (const bsv::config::UsageError& e) {
    return print_error("usage", e.what(), 2, e.hint());
  }
  net::io_context ioc;
  tcp::acceptor acceptor(ioc);
  beast::error_code ec;
  const tcp::endpoint endpoint{net::ip::make_address(host, ec), port};
  if (!ec) acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec) {
    return print_error("unavailable", "cannot listen on " + settings.listen + ": " + ec.message(),
                       3, "choose another --listen HOST:PORT (port 0: a free one)");
  }
  std::cout << "ready listen=" << host << ":" << acceptor.local_endpoint().port() << std::endl;
  bsv::arc::Simulator sim(settings.defaults, settings.api_key);
  for (;;) {
    tcp::socket socket(ioc);
    acceptor.accept(socket, ec);
    if (ec) continue;  // a connection that went away before it was accepted
    std::thread(serve_connection, std::move(socket), std::ref(sim), tls.get()).detach();
  }
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(std::vector<std::string>(argv + 1, argv + argc));
  } catch (const std::exception& e) {
    return bsv::config::print_error("internal", std::string("arc-sim stopped: ") + e.what(), 4);
  }
}
