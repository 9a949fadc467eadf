#include "node/store_port_guard.hpp"

#include <sys/socket.h>
#include <unistd.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <cerrno>
#include <cstring>
#include <list>
#include <map>
#include <thread>
#include <vector>

#include "common/log.hpp"
#include "node/basp_frames.hpp"

namespace bsv::node {
namespace {

namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;
using error_code = boost::system::error_code;

using basp::kHeaderBytes;
constexpr std::size_t kMaxUnanswered = 1024;  // requests one connection may have in flight
constexpr std::size_t kChunkBytes = std::size_t{64} * 1024;    // read at a time, each way
constexpr auto kBudgetPoll = std::chrono::milliseconds(5);     // a frame waiting for room
constexpr auto kAcceptPause = std::chrono::milliseconds(100);  // after a failed accept

// Why the guard ended a connection (the label of bsv_store_port_cuts_total).
enum class Cut { handshake, idle, frame_too_large, budget, full, tls, count };
constexpr const char* kCutNames[] = {"handshake", "idle", "frame_too_large",
                                     "budget",    "full", "tls"};

class Relay;

// The state the connections of one guard share. Touched on its thread only.
struct Shared {
  StorePortLimits limits;
  HandOver hand_over;
  std::uint16_t port = 0;       // the one listened on
  std::int64_t held_bytes = 0;  // the shares of all connections
  std::list<Relay*> open;       // oldest first
  metrics::Gauge* open_gauge = nullptr;
  metrics::Gauge* held_gauge = nullptr;
  metrics::Counter* cuts[static_cast<int>(Cut::count)] = {};

  void count(Cut why) { cuts[static_cast<int>(why)]->add(); }
  /// Room for one more connection (the guard's cap; see StorePortLimits).
  bool make_room();
};

// The part of a connection the guard's bookkeeping sees.
class Relay {
 public:
  virtual ~Relay() = default;
  /// Ends the connection, counting why.
  virtual void cut(Cut why) = 0;
  bool handshaken() const { return handshaken_; }

 protected:
  bool handshaken_ = false;  // the client's first frame came whole
};

bool Shared::make_room() {
  if (open.size() < limits.max_connections) return true;
  for (auto* relay : open) {
    if (!relay->handshaken()) {
      relay->cut(Cut::full);
      return true;
    }
  }
  return false;
}

void close_lowest(tcp::socket& client) {
  error_code ignored;
  client.close(ignored);
}
void close_lowest(ssl::stream<tcp::socket>& client) {
  close_lowest(client.next_layer());
}

// One client connection and its socket pair to CAF. Client to node, it
// walks the byte stream frame by frame and passes payload bytes and
// headers it accepted (one write for all it read at once), holding back a
// partial header or one waiting for budget; node to client, it copies
// what CAF writes. One watchdog timer enforces every deadline.
template <class Client>
class Connection final : public Relay, public std::enable_shared_from_this<Connection<Client>> {
 public:
  Connection(Client client, Shared& shared)
      : client_(std::move(client)),
        node_(client_.get_executor()),
        watchdog_(client_.get_executor()),
        budget_timer_(client_.get_executor()),
        shared_(shared),
        handshake_deadline_(Clock::now() + shared.limits.handshake_timeout),
        quiet_deadline_(handshake_deadline_) {
    shared_.open.push_back(this);
    shared_.open_gauge->add(1);
  }
  // Pending handlers die with the io_context when the guard stops: the
  // connection still leaves the shared bookkeeping (nothing to report to).
  ~Connection() override {
    try {
      close();
    } catch (...) {  // NOLINT(bugprone-empty-catch): the guard is going away
    }
  }

  void start() {
    watch();
    if constexpr (std::is_same_v<Client, ssl::stream<tcp::socket>>) {
      client_.async_handshake(ssl::stream_base::server,
                              [self = this->shared_from_this()](error_code ec) {
                                if (ec) return self->closed_ ? void() : self->cut(Cut::tls);
                                self->connect_node();
                              });
    } else {
      connect_node();
    }
  }

  void cut(Cut why) override {
    if (closed_) return;
    shared_.count(why);
    close();
  }

 private:
  void connect_node() {
    int pair[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) != 0) {
      log::error("store-port", "cannot make a socket pair", {{"error", std::strerror(errno)}});
      return close();
    }
    error_code ec;
    node_.assign(net::local::stream_protocol(), pair[0], ec);
    if (ec) {
      ::close(pair[0]);
      ::close(pair[1]);
      return close();
    }
    shared_.hand_over(pair[1], shared_.port);
    read_client();
    copy_to_client();
  }

  void read_client() {
    if (writing_to_client_) {  // no new request while the client leaves answers unread
      read_after_write_ = true;
      return;
    }
    client_.async_read_some(net::buffer(up_.data() + filled_, up_.size() - filled_),
                            [self = this->shared_from_this()](error_code ec, std::size_t n) {
                              if (ec) return self->close();
                              self->filled_ += n;
                              self->pass_frames();
                            });
  }

  // Passes what of up_[0, filled_) may pass: payload bytes of accepted
  // frames and headers the limits allow.
  void pass_frames() {
    std::size_t passed = 0;
    while (passed < filled_) {
      if (remaining_ > 0) {
        const auto take = std::min<std::uint64_t>(remaining_, filled_ - passed);
        passed += take;
        remaining_ -= take;
        if (remaining_ == 0) frame_done();
        continue;
      }
      if (filled_ - passed < kHeaderBytes) break;  // the rest of a header is still coming
      const auto header = basp::parse_header(&up_[passed]);
      const auto length = header.payload_length;
      if (length > shared_.limits.max_frame_bytes) return cut(Cut::frame_too_large);
      if (!waiting_for_budget_) frame_deadline_ = deadline_after(shared_.limits.idle_timeout);
      waiting_for_budget_ = !take_share(header);
      if (waiting_for_budget_) break;
      passed += kHeaderBytes;
      remaining_ = length;
      if (length == 0) frame_done();
    }
    forward(passed);
  }

  // A frame came whole; the first one is the client's handshake.
  void frame_done() {
    handshaken_ = true;
    quiet_deadline_ = deadline_after(shared_.limits.idle_timeout);
  }

  // Takes what the frame of `header` adds to this connection's share of
  // the node's budget; false when the budget has not that much left. The
  // share is CAF's read buffer, as large as the largest frame the
  // connection sent (CAF keeps it until the connection closes), plus the
  // size of each request not yet answered (its decoded copy lives as long).
  bool take_share(const basp::Header& header) {
    const std::uint64_t length = header.payload_length;
    const std::uint64_t buffer_growth = length > buffer_share_ ? length - buffer_share_ : 0;
    basp::RequestKey request;
    const bool is_request = basp::is_request(header, request);
    if (is_request && unanswered_.size() >= kMaxUnanswered) return false;
    const auto more = static_cast<std::int64_t>(buffer_growth + (is_request ? length : 0));
    if (static_cast<std::uint64_t>(shared_.held_bytes + more) > shared_.limits.max_held_bytes) {
      return false;
    }
    buffer_share_ += buffer_growth;
    if (is_request) unanswered_[request] += length;
    add_held(more);
    return true;
  }

  // The node answered `request`: its bytes return to the budget.
  void answered(const basp::RequestKey& request) {
    const auto found = unanswered_.find(request);
    if (found == unanswered_.end()) return;
    add_held(-static_cast<std::int64_t>(found->second));
    unanswered_.erase(found);
  }

  void add_held(std::int64_t bytes) {
    held_ += bytes;
    shared_.held_bytes += bytes;
    shared_.held_gauge->add(bytes);
  }

  // Writes the first `n` bytes to CAF, keeps the rest, and goes on.
  void forward(std::size_t n) {
    if (n == 0) return carry_on(0);
    net::async_write(node_, net::buffer(up_.data(), n),
                     [self = this->shared_from_this(), n](error_code ec, std::size_t) {
                       if (ec) return self->close();
                       self->carry_on(n);
                     });
  }

  void carry_on(std::size_t forwarded) {
    std::memmove(up_.data(), up_.data() + forwarded, filled_ - forwarded);
    filled_ -= forwarded;
    if (!waiting_for_budget_) return read_client();
    budget_timer_.expires_after(kBudgetPoll);
    budget_timer_.async_wait([self = this->shared_from_this()](error_code ec) {
      if (!ec && !self->closed_) self->pass_frames();
    });
  }

  void copy_to_client() {
    node_.async_read_some(
        net::buffer(down_), [self = this->shared_from_this()](error_code ec, std::size_t n) {
          if (ec) return self->close();
          self->responses_.walk(self->down_.data(), n, [&](const basp::Header& header) {
            basp::RequestKey request;
            if (basp::is_response(header, request)) self->answered(request);
          });
          self->writing_to_client_ = true;
          self->write_deadline_ = Clock::now() + self->shared_.limits.idle_timeout;
          net::async_write(self->client_, net::buffer(self->down_.data(), n),
                           [self](error_code ec2, std::size_t) {
                             self->writing_to_client_ = false;
                             if (ec2) return self->close();
                             if (std::exchange(self->read_after_write_, false)) {
                               self->read_client();
                             }
                             self->copy_to_client();
                           });
        });
  }

  Clock::time_point deadline_after(std::chrono::milliseconds timeout) const {
    const auto at = Clock::now() + timeout;
    return handshaken_ ? at : std::min(at, handshake_deadline_);
  }

  // When the connection must have made progress: its handshake, its
  // current frame (budget wait included), its next frame after silence,
  // or the client's reading of an answer. Deadlines only move later.
  Clock::time_point deadline() const {
    auto at = remaining_ > 0 || waiting_for_budget_ ? frame_deadline_ : quiet_deadline_;
    if (!handshaken_) at = std::min(at, handshake_deadline_);
    if (writing_to_client_) at = std::min(at, write_deadline_);
    return at;
  }

  void watch() {
    watchdog_.expires_at(deadline());
    watchdog_.async_wait([self = this->shared_from_this()](error_code ec) {
      if (ec || self->closed_) return;
      if (Clock::now() < self->deadline()) return self->watch();  // it moved
      if (self->waiting_for_budget_) return self->cut(Cut::budget);
      self->cut(self->handshaken_ ? Cut::idle : Cut::handshake);
    });
  }

  // Ends both sides (CAF sees its end close and forgets the connection).
  void close() {
    if (closed_) return;
    closed_ = true;
    add_held(-held_);
    shared_.open.remove(this);
    shared_.open_gauge->add(-1);
    close_lowest(client_);
    error_code ignored;
    node_.close(ignored);
    watchdog_.cancel();
    budget_timer_.cancel();
  }

  Client client_;
  net::local::stream_protocol::socket node_;
  net::steady_timer watchdog_, budget_timer_;
  Shared& shared_;
  const Clock::time_point handshake_deadline_;
  Clock::time_point quiet_deadline_;  // for the next frame to begin
  Clock::time_point frame_deadline_;  // for the current frame to end
  Clock::time_point write_deadline_;  // for the client to take an answer
  std::vector<unsigned char> up_ = std::vector<unsigned char>(kChunkBytes);
  std::size_t filled_ = 0;  // bytes in up_ not yet passed
  std::vector<unsigned char> down_ = std::vector<unsigned char>(kChunkBytes);
  std::int64_t held_ = 0;           // this connection's share of the node's budget
  std::uint64_t buffer_share_ = 0;  // of it, CAF's read buffer
  std::map<basp::RequestKey, std::uint64_t> unanswered_;  // bytes of requests in flight
  basp::FrameWalker responses_;                           // the node's frames, for the answers
  std::uint64_t remaining_ = 0;  // of the payload of the frame being passed
  bool waiting_for_budget_ = false;
  bool writing_to_client_ = false;
  bool read_after_write_ = false;  // read_client() waits for that write
  bool closed_ = false;
};

// OpenSSL's context for the port: our chain and key, and client
// certificates from the CA required (the ciphers CAF 0.17's clients use).
std::unique_ptr<ssl::context> tls_context(const TlsFiles& files, std::string& culprit) {
  auto context = std::make_unique<ssl::context>(ssl::context::tls_server);
  error_code ec;
  context->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                           ssl::context::no_sslv3 | ssl::context::no_tlsv1 |
                           ssl::context::no_tlsv1_1,
                       ec);
  if ((context->use_certificate_chain_file(files.certificate, ec), ec)) {
    culprit = "--tls-cert " + files.certificate;
  } else if ((context->use_private_key_file(files.key, ssl::context::pem, ec), ec)) {
    culprit = "--tls-key " + files.key;
  } else if ((context->load_verify_file(files.ca, ec), ec)) {
    culprit = "--tls-ca " + files.ca;
  } else {
    context->set_verify_mode(ssl::verify_peer | ssl::verify_fail_if_no_peer_cert, ec);
    if (::SSL_CTX_set_cipher_list(context->native_handle(), "HIGH:!aNULL:!MD5") != 1) {
      culprit = "the cipher list";
    }
  }
  if (!culprit.empty()) culprit += ": " + ec.message();
  return context;
}

}  // namespace

struct StorePortGuard::Impl {
  // Declared before the io_context: the connections it destroys use it.
  Shared shared;
  std::unique_ptr<ssl::context> tls;
  net::io_context io{1};
  tcp::acceptor acceptor{io};
  net::steady_timer accept_pause{io};
  std::thread thread;

  void accept() {
    acceptor.async_accept([this](error_code ec, tcp::socket socket) {
      if (ec == net::error::operation_aborted) return;
      if (!ec) {
        admit(std::move(socket));
        return accept();
      }
      // Out of descriptors, say: try again shortly rather than spin.
      log::warn("store-port", "cannot accept a connection", {{"error", ec.message()}});
      accept_pause.expires_after(kAcceptPause);
      accept_pause.async_wait([this](error_code waited) {
        if (!waited) accept();
      });
    });
  }

  void admit(tcp::socket socket) {
    if (!shared.make_room()) return shared.count(Cut::full);  // the socket closes here
    error_code ignored;
    socket.set_option(tcp::no_delay(true), ignored);  // answers go out at once, as CAF's do
    if (tls) {
      std::make_shared<Connection<ssl::stream<tcp::socket>>>(
          ssl::stream<tcp::socket>(std::move(socket), *tls), shared)
          ->start();
    } else {
      std::make_shared<Connection<tcp::socket>>(std::move(socket), shared)->start();
    }
  }

  // Runs until stopped; an exception ends the connection it came from.
  void run() {
    for (;;) {
      try {
        io.run();
        return;
      } catch (const std::exception& e) {
        log::error("store-port", "a connection failed", {{"error", e.what()}});
      }
    }
  }
};

Result<std::unique_ptr<StorePortGuard>> StorePortGuard::start(
    const std::string& host, std::uint16_t port, const StorePortLimits& limits, const TlsFiles& tls,
    HandOver hand_over, metrics::Registry& metrics) {
  auto impl = std::make_unique<Impl>();
  impl->shared.limits = limits;
  impl->shared.hand_over = std::move(hand_over);
  impl->shared.open_gauge =
      &metrics.gauge("bsv_store_port_connections", "Connections open on the store port");
  impl->shared.held_gauge =
      &metrics.gauge("bsv_store_port_held_bytes",
                     "Bytes of request buffers the store port's connections hold (the budget)");
  for (int i = 0; i < static_cast<int>(Cut::count); ++i) {
    impl->shared.cuts[i] = &metrics.counter("bsv_store_port_cuts_total",
                                            "Store-port connections the node ended, by reason",
                                            {{"reason", kCutNames[i]}});
  }
  if (tls.enabled()) {
    std::string culprit;
    impl->tls = tls_context(tls, culprit);
    if (!culprit.empty()) return Error{ErrorCode::invalid_argument, culprit};
  }
  const std::string where = host + ":" + std::to_string(port);
  error_code ec;
  tcp::resolver resolver(impl->io);
  const auto found = resolver.resolve(host, std::to_string(port), tcp::resolver::passive, ec);
  if (ec || found.empty()) {
    return Error{ErrorCode::unavailable, "cannot listen on " + where + ": " + ec.message()};
  }
  const tcp::endpoint endpoint = *found.begin();
  impl->acceptor.open(endpoint.protocol(), ec);
  if (!ec) impl->acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) impl->acceptor.bind(endpoint, ec);
  if (!ec) impl->acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec) return Error{ErrorCode::unavailable, "cannot listen on " + where + ": " + ec.message()};
  impl->shared.port = impl->acceptor.local_endpoint(ec).port();
  impl->accept();
  impl->thread = std::thread([raw = impl.get()] { raw->run(); });
  return std::unique_ptr<StorePortGuard>(new StorePortGuard(std::move(impl)));
}

StorePortGuard::StorePortGuard(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

std::uint16_t StorePortGuard::port() const {
  error_code ec;
  return impl_->acceptor.local_endpoint(ec).port();
}

StorePortGuard::~StorePortGuard() {
  // Stopping the io_context destroys pending handlers and with them the connections.
  impl_->io.stop();
  if (impl_->thread.joinable()) impl_->thread.join();
}

}  // namespace bsv::node
