// arc-sim: a local ARC simulator (broadcast-queue.md, "The ARC simulator")
// over real HTTP/1.1 with keep-alive, one thread per connection.
//
//   arc-sim [--listen HOST:PORT] [--tx-status S] [--http CODE] [--delay-ms N]
//           [--api-key KEY] [--tls-cert FILE --tls-key FILE]
// Prints `ready listen=HOST:PORT` once listening (port 0 picks a free one).

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

}  // namespace

int main(int argc, char** argv) {
  using namespace bsv::config;
  std::string listen = "127.0.0.1:0";
  bsv::arc::Behaviour defaults;
  std::string api_key, tls_cert, tls_key;
  try {
    std::vector<std::string> args(argv + 1, argv + argc);
    for (std::size_t i = 0; i < args.size(); ++i) {
      const auto& flag = args[i];
      if (flag == "--help") {
        std::cout << "usage: arc-sim [--listen HOST:PORT] [--tx-status S] [--http CODE] "
                     "[--delay-ms N] [--api-key KEY] [--tls-cert FILE --tls-key FILE]\n";
        return 0;
      }
      if (i + 1 >= args.size()) throw UsageError(flag + ": missing value");
      const auto& value = args[++i];
      if (flag == "--listen") {
        listen = value;
      } else if (flag == "--tx-status") {
        defaults.tx_status = value;
      } else if (flag == "--http") {
        defaults.http = static_cast<int>(parse_integer(flag, value, 100, 599));
      } else if (flag == "--delay-ms") {
        defaults.delay_ms = static_cast<int>(parse_integer(flag, value, 0, 600000));
      } else if (flag == "--api-key") {
        api_key = value;
      } else if (flag == "--tls-cert") {
        tls_cert = value;
      } else if (flag == "--tls-key") {
        tls_key = value;
      } else {
        throw UsageError("unknown option '" + flag + "'");
      }
    }
    const auto [host, port] = parse_host_port(listen, "--listen");

    if (tls_cert.empty() != tls_key.empty()) {
      throw UsageError("--tls-cert and --tls-key go together");
    }
    std::unique_ptr<ssl::context> tls;
    if (!tls_cert.empty()) {
      tls = std::make_unique<ssl::context>(ssl::context::tls_server);
      tls->use_certificate_chain_file(tls_cert);
      tls->use_private_key_file(tls_key, ssl::context::pem);
    }
    net::io_context ioc;
    tcp::acceptor acceptor(ioc, {net::ip::make_address(host), port});
    std::cout << "ready listen=" << host << ":" << acceptor.local_endpoint().port() << std::endl;
    bsv::arc::Simulator sim(defaults, api_key);
    for (;;) {
      tcp::socket socket(ioc);
      acceptor.accept(socket);
      std::thread(serve_connection, std::move(socket), std::ref(sim), tls.get()).detach();
    }
  } catch (const UsageError& e) {
    std::cerr << "arc-sim: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "arc-sim: " << e.what() << "\n";
    return 3;
  }
}
