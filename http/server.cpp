#include "http/server.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <list>
#include <optional>
#include <thread>

#include "common/log.hpp"
#include "http/request_parsing.hpp"

namespace bsv::http {
namespace {

namespace beast = boost::beast;
namespace bhttp = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

constexpr auto kHeaderTimeout = std::chrono::seconds(5);  // idle, or a header sent slowly
constexpr auto kIoTimeout = std::chrono::seconds(10);     // a body, an answer
constexpr std::size_t kMaxConnections = 64;

class Connection;

// The live connections of one server, oldest first. Touched on the
// server's thread only.
struct Connections {
  std::list<Connection*> all;
  /// Makes room for one more: at the cap, the oldest connection still
  /// waiting for a request header is closed (idle clients cannot starve
  /// the port; one busy with a request is never cut). False when every
  /// connection is busy with a request.
  bool make_room();
};

// One connection: read a request, answer it, again while kept alive.
class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(tcp::socket socket, const Server::Handler& handler, const Server::Gate& gate,
             Connections& registry)
      : stream_(std::move(socket)), handler_(handler), gate_(gate), registry_(registry) {
    registry_.all.push_back(this);
  }
  ~Connection() { registry_.all.remove(this); }

  bool waiting_for_header() const { return waiting_for_header_; }

  void read() {
    parser_.emplace();
    limit(*parser_);
    waiting_for_header_ = true;
    stream_.expires_after(kHeaderTimeout);
    // The header first (http/request_parsing.hpp says why).
    bhttp::async_read_header(stream_, buffer_, *parser_,
                             [self = shared_from_this()](beast::error_code ec, std::size_t) {
                               self->waiting_for_header_ = false;
                               if (ec) return self->refuse_or_close(ec);
                               if (!body_allowed(*self->parser_)) return self->refuse_chunked();
                               if (self->refused_at_the_gate()) return;
                               self->read_body();
                             });
  }

 private:
  void read_body() {
    stream_.expires_after(kIoTimeout);
    bhttp::async_read(stream_, buffer_, *parser_,
                      [self = shared_from_this()](beast::error_code ec, std::size_t) {
                        if (ec) return self->refuse_or_close(ec);
                        self->answer();
                      });
  }

  // A request the parser refused gets an answer saying why (and the
  // connection ends); a timeout or a closed peer just ends it.
  void refuse_or_close(beast::error_code ec) {
    const char* text = "text/plain; charset=utf-8";
    if (ec == bhttp::error::header_limit) {
      return send({431, text, "request header larger than 8 KiB\n"}, 11, false);
    }
    if (ec == bhttp::error::body_limit) {
      return send({413, text, "request body larger than 1 MiB\n"}, 11, false);
    }
    if (ec.category() == bhttp::make_error_code(bhttp::error::end_of_stream).category() &&
        ec != bhttp::error::end_of_stream && ec != bhttp::error::partial_message) {
      return send({400, text, "malformed request: " + ec.message() + "\n"}, 11, false);
    }
    close();
  }

  // The gate's refusal, sent before any of the body is read.
  bool refused_at_the_gate() {
    if (!gate_) return false;
    auto head = parser_->get();  // the header; no body read yet
    auto refusal = gate_(seen_request(head));
    if (!refusal) return false;
    send(std::move(*refusal), head.version(), false);
    return true;
  }

  void refuse_chunked() {
    const auto& header = parser_->get();
    send({411, "text/plain; charset=utf-8", "send the body with a Content-Length\n"},
         header.version(), false);
  }

  void answer() {
    auto request = parser_->release();
    const bool head = request.method() == bhttp::verb::head;  // answered as GET, no body
    const Request seen = seen_request(request);
    Reply reply;
    try {
      reply = handler_(seen);
    } catch (const std::exception& e) {
      reply = {500, "text/plain; charset=utf-8", std::string("internal error: ") + e.what() + "\n"};
    }
    send(std::move(reply), request.version(), request.keep_alive(), head);
  }

  void send(Reply reply, unsigned version, bool keep_alive, bool head = false) {
    response_ =
        bhttp::response<bhttp::string_body>(static_cast<bhttp::status>(reply.status), version);
    response_.set(bhttp::field::server, "bsv-wallet-node");
    response_.set(bhttp::field::content_type, reply.content_type);
    response_.keep_alive(keep_alive);
    if (head) {
      response_.content_length(reply.body.size());
    } else {
      response_.body() = std::move(reply.body);
      response_.prepare_payload();
    }
    stream_.expires_after(kIoTimeout);
    bhttp::async_write(stream_, response_,
                       [self = shared_from_this()](beast::error_code ec, std::size_t) {
                         if (ec || !self->response_.keep_alive()) return self->close();
                         self->read();
                       });
  }

 public:
  void close() {
    waiting_for_header_ = false;
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream_.close();
  }

 private:
  beast::tcp_stream stream_;
  // Bounded: a peer can make a connection hold one request's bytes, no more.
  beast::flat_buffer buffer_{kMaxHeaderBytes + kMaxBodyBytes};
  std::optional<RequestParser> parser_;
  bhttp::response<bhttp::string_body> response_;
  const Server::Handler& handler_;
  const Server::Gate& gate_;
  Connections& registry_;
  bool waiting_for_header_ = false;
};

bool Connections::make_room() {
  if (all.size() < kMaxConnections) return true;
  for (auto* connection : all) {
    if (connection->waiting_for_header()) {
      connection->close();  // gone once its pending read returns
      return true;
    }
  }
  return false;
}

}  // namespace

struct Server::Impl {
  // Runs until stopped. An exception out of one connection's handler ends
  // that connection (its state unwinds with the handler), never the node.
  void run() {
    for (;;) {
      try {
        io.run();
        return;
      } catch (const std::exception& e) {
        log::error("http", "a connection failed", {{"error", e.what()}});
      }
    }
  }

  // Declared before the io_context: the connections it destroys use them.
  Handler handler;
  Gate gate;
  Connections connections;
  net::io_context io{1};
  tcp::acceptor acceptor{io};
  std::thread thread;

  void accept() {
    acceptor.async_accept([this](beast::error_code ec, tcp::socket socket) {
      if (ec == net::error::operation_aborted) return;
      if (!ec) {
        if (connections.make_room()) {
          std::make_shared<Connection>(std::move(socket), handler, gate, connections)->read();
        }  // else every connection is busy with a request: this one closes at once
      }
      accept();
    });
  }
};

Result<std::unique_ptr<Server>> Server::start(const std::string& host, std::uint16_t port,
                                              Handler handler, Gate gate) {
  auto impl = std::make_unique<Impl>();
  impl->handler = std::move(handler);
  impl->gate = std::move(gate);
  beast::error_code ec;
  const auto address = net::ip::make_address(host, ec);
  const std::string where = host + ":" + std::to_string(port);
  if (ec) return Error{ErrorCode::invalid_argument, "bad address " + where};
  const tcp::endpoint endpoint{address, port};
  impl->acceptor.open(endpoint.protocol(), ec);
  if (!ec) impl->acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) impl->acceptor.bind(endpoint, ec);
  if (!ec) impl->acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec) {
    return Error{ErrorCode::unavailable, "cannot listen on " + where + ": " + ec.message()};
  }
  impl->accept();
  impl->thread = std::thread([raw = impl.get()] { raw->run(); });
  return std::unique_ptr<Server>(new Server(std::move(impl)));
}

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

std::uint16_t Server::port() const {
  beast::error_code ec;
  return impl_->acceptor.local_endpoint(ec).port();
}

Server::~Server() {
  // Stopping the io_context destroys pending handlers and with them the connections.
  impl_->io.stop();
  if (impl_->thread.joinable()) impl_->thread.join();
}

}  // namespace bsv::http
