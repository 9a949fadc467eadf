// The store port's door (node/store_port_guard.hpp), attacked as a local
// user would: garbage, forged frame headers, idle and half-sent connections,
// more connections than the node takes, on plain and TLS ports. Real `serve`
// processes, real CAF clients, real PostgreSQL. Each test prints what it
// measured.

#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/write.hpp>
#include <csignal>
#include <functional>
#include <random>
#include <thread>

#include "node/remote_node.hpp"
#include "support/certificates.hpp"
#include "support/node_metrics.hpp"
#include "support/node_process.hpp"
#include "support/process.hpp"
#include "support/test_database.hpp"

namespace bsv {
namespace {

namespace net = boost::asio;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;
using testing::connect_to;
using testing::NodeProcess;
using testing::resident_kib;
using testing::sample;
using testing::scrape;

// Growth of a node's resident memory that still counts as "nothing held".
// Under AddressSanitizer freed memory sits in its quarantine first.
#if defined(__SANITIZE_ADDRESS__)
constexpr long kSlackKiB = 512 * 1024;
#else
constexpr long kSlackKiB = 48 * 1024;
#endif

long long millis(Clock::duration d) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(d).count();
}

// A node on a fresh schema with `extra` flags and its metrics served.
std::vector<std::string> node_args(const testing::MigratedSchema& schema,
                                   std::vector<std::string> extra) {
  extra.insert(extra.begin(), {"--database-url",
                               schema.conninfo() + " options='-csearch_path=" + schema.name() + "'",
                               "--metrics-listen", "127.0.0.1:0"});
  return extra;
}

// Certificates for "server" and "client" from one CA, and the arguments
// of a node serving TLS with the server's.
struct TlsSetup {
  TlsSetup() {
    certs.make_cert("server", "ca");
    certs.make_cert("client", "ca");
  }
  std::vector<std::string> serve_args(std::vector<std::string> extra) const {
    auto args = node_args(schema, std::move(extra));
    const auto tls = certs.flags("server", "ca");
    args.insert(args.end(), tls.begin(), tls.end());
    return args;
  }
  testing::Certificates certs;
  testing::MigratedSchema schema;
};

// A BASP frame header (CAF 0.17): operation 1 (client handshake), the
// payload length big-endian at bytes 4..7, the rest zero.
std::string frame_header(std::uint32_t payload_length) {
  std::string header(32, '\0');
  header[0] = 1;
  for (int i = 0; i < 4; ++i) {
    header[4 + i] = static_cast<char>((payload_length >> (8 * (3 - i))) & 0xff);
  }
  return header;
}

// A raw TCP connection to the node that sends `bytes` and never reads.
net::ip::tcp::socket raw_connection(net::io_context& io, std::uint16_t port,
                                    const std::string& bytes = {}) {
  net::ip::tcp::socket socket(io);
  socket.connect({net::ip::make_address("127.0.0.1"), port});
  if (!bytes.empty()) net::write(socket, net::buffer(bytes));
  return socket;
}

// Reads (and drops) until the node closes `socket`; how long that took,
// or nullopt when it was still open after `limit`.
std::optional<Clock::duration> closed_within(net::ip::tcp::socket& socket,
                                             std::chrono::seconds limit) {
  const auto start = Clock::now();
  socket.non_blocking(true);
  char bytes[4096];
  while (Clock::now() - start < limit) {
    boost::system::error_code ec;
    socket.read_some(net::buffer(bytes), ec);
    if (ec == net::error::would_block) {
      std::this_thread::sleep_for(20ms);
    } else if (ec) {
      return Clock::now() - start;  // eof or reset: closed
    }
  }
  return std::nullopt;
}

double cuts(const NodeProcess& node, const std::string& reason) {
  return sample(scrape(node), "bsv_store_port_cuts_total{reason=\"" + reason + "\"}");
}

// Bytes that are not CAF's protocol, each sent on a fresh connection to
// `port`, then a call through `client` and one from a new client; answers
// how long each kind stalled the node (the call's time).
std::vector<std::pair<std::string, Clock::duration>> attack(
    std::uint16_t port, store::Store& client, const std::function<bool()>& fresh_call) {
  std::mt19937 random(7);
  std::vector<std::pair<std::string, std::string>> attacks;
  std::string noise(65536, '\0');
  for (auto& c : noise) c = static_cast<char>(random());
  attacks.push_back({"64 KiB of random bytes", noise});
  attacks.push_back({"a header announcing a 4 GiB payload", frame_header(0xffffffffu)});
  attacks.push_back({"a truncated header", std::string(7, '\x02')});
  attacks.push_back({"an HTTP request", "GET / HTTP/1.1\r\nHost: x\r\n\r\n"});
  net::io_context io;
  auto idle = raw_connection(io, port);  // connects and never says a word
  std::vector<std::pair<std::string, Clock::duration>> stalls;
  for (const auto& [name, bytes] : attacks) {
    auto socket = raw_connection(io, port);
    boost::system::error_code ignored;
    net::write(socket, net::buffer(bytes), ignored);
    const auto sent = Clock::now();
    auto answer = client.count_outputs({});
    stalls.push_back({name, Clock::now() - sent});
    EXPECT_TRUE(answer.ok()) << "after " << name << ": " << answer.error().message;
    socket.close(ignored);
    EXPECT_TRUE(fresh_call()) << "a new client after " << name;
  }
  return stalls;
}

// A plain (loopback) port: every kind is dropped or waits at the door;
// nothing stalls the node.
TEST(StorePort, GarbageOnAPlainPortNeverStallsTheNode) {
  testing::MigratedSchema schema;
  NodeProcess node(node_args(schema, {}));
  auto remote = connect_to(node);
  auto client = remote->store();
  const auto stalls = attack(node.port(), *client,
                             [&] { return connect_to(node)->store()->count_outputs({}).ok(); });
  for (const auto& [name, stall] : stalls) {
    std::cout << "[ figures  ] plain port, " << name << ": next call answered in " << millis(stall)
              << " ms\n";
    EXPECT_LT(stall, 2s) << name;
  }
  EXPECT_GE(cuts(node, "frame_too_large"), 1) << "the 4 GiB header";
  EXPECT_EQ(node.stop(SIGTERM), 0) << node.errors();
}

// A TLS port: garbage never gets past the handshake; a connection that
// never starts one is closed after the handshake timeout.
TEST(StorePort, GarbageOnATlsPortNeverReachesTheNode) {
  TlsSetup setup;
  auto& certs = setup.certs;
  NodeProcess node(setup.serve_args({"--connection-timeout", "5"}));
  RemoteNodeOptions options;
  options.port = node.port();
  options.request_timeout = 15s;
  options.tls = {certs.path("client.pem"), certs.path("client.key"), certs.path("ca.pem")};
  options.tls_server_name = "server";  // the name in the node's certificate
  auto remote = RemoteNode::connect(options);
  ASSERT_TRUE(remote.ok()) << remote.error().message;
  auto client = (*remote)->store();
  // A new client is a `call` process: one TLS actor system per process.
  const auto fresh_call = [&] {
    std::vector<std::string> argv = {
        testing::node_binary(), "call", "count_outputs", "{}", "--node", node.address()};
    const auto flags = certs.flags("client", "ca");
    argv.insert(argv.end(), flags.begin(), flags.end());
    argv.insert(argv.end(), {"--tls-server-name", "server"});
    return testing::run_process(argv).exit_code == 0;
  };
  net::io_context io;
  auto silent = raw_connection(io, node.port());  // no ClientHello, ever
  for (const auto& [name, stall] : attack(node.port(), *client, fresh_call)) {
    std::cout << "[ figures  ] TLS port, " << name << ": next call answered in " << millis(stall)
              << " ms\n";
    EXPECT_LT(stall, 2s) << name;
  }
  const auto silent_closed = closed_within(silent, 15s);
  ASSERT_TRUE(silent_closed) << "a TLS connection without a handshake stays open";
  std::cout << "[ figures  ] TLS port, connection timeout 5 s: a connection without a "
               "ClientHello is closed "
            << millis(*silent_closed) << " ms after the attacks\n";
  EXPECT_GE(cuts(node, "tls"), 1) << "garbage fails the TLS handshake";
  EXPECT_TRUE(client->count_outputs({}).ok()) << "the real client is still connected";
  EXPECT_EQ(node.stop(SIGTERM), 0) << node.errors();
}

// Past the TLS handshake the guard reads frames as on a plain port: a peer
// holding a certificate from the CA cannot make the node allocate what a
// forged header announces either.
TEST(StorePort, ACertificateHolderCannotForgeAHugeFrameEither) {
  TlsSetup setup;
  auto& certs = setup.certs;
  NodeProcess node(setup.serve_args({}));
  const long rss_before = resident_kib(node.pid());
  net::io_context io;
  net::ssl::context context(net::ssl::context::tls_client);
  context.use_certificate_chain_file(certs.path("client.pem"));
  context.use_private_key_file(certs.path("client.key"), net::ssl::context::pem);
  context.load_verify_file(certs.path("ca.pem"));
  net::ssl::stream<net::ip::tcp::socket> peer(raw_connection(io, node.port()), context);
  peer.handshake(net::ssl::stream_base::client);
  net::write(peer, net::buffer(frame_header(0xffffffffu) + "partial payload"));
  const auto sent = Clock::now();
  char bytes[4096];
  boost::system::error_code ec;
  while (!ec && Clock::now() - sent < 5s) peer.read_some(net::buffer(bytes), ec);
  const auto closed_after = Clock::now() - sent;
  EXPECT_TRUE(ec) << "still connected after a 4 GiB header";
  EXPECT_LT(closed_after, 2s);
  const long rss_after = resident_kib(node.pid());
  EXPECT_LT(rss_after - rss_before, kSlackKiB) << "the forged header made the node allocate";
  EXPECT_EQ(cuts(node, "frame_too_large"), 1);
  std::cout << "[ figures  ] TLS port, a certificate holder's 4 GiB header: closed after "
            << millis(closed_after) << " ms, RSS " << rss_before / 1024 << " -> "
            << rss_after / 1024 << " MiB\n";
  EXPECT_EQ(node.stop(SIGTERM), 0) << node.errors();
}

// A header announcing 4 GiB is refused before CAF sees it (nothing is
// allocated); a connection idle from the start, or with half a header, is
// closed after the handshake timeout (10 s, or --connection-timeout if
// less); a real client silent for longer stays connected (heartbeats).
TEST(StorePort, ForgedIdleAndHalfSentConnectionsAreCut) {
  testing::MigratedSchema schema;
  NodeProcess node(node_args(schema, {"--connection-timeout", "5"}));
  auto remote = connect_to(node);
  auto client = remote->store();
  ASSERT_TRUE(client->count_outputs({}).ok());
  const long rss_before = resident_kib(node.pid());
  net::io_context io;
  auto forged = raw_connection(io, node.port(), frame_header(0xffffffffu) + "partial payload");
  const auto forged_closed = closed_within(forged, 2s);
  const long rss_after_forged = resident_kib(node.pid());
  auto idle = raw_connection(io, node.port());
  auto half = raw_connection(io, node.port(), std::string(7, '\x02'));
  const auto idle_closed = closed_within(idle, 15s);
  const auto half_closed = closed_within(half, 15s);
  ASSERT_TRUE(forged_closed) << "the 4 GiB header's connection is still open";
  ASSERT_TRUE(idle_closed) << "an idle connection is still open after 15 s";
  ASSERT_TRUE(half_closed) << "a half-sent header's connection is still open after 15 s";
  EXPECT_LT(rss_after_forged - rss_before, kSlackKiB) << "the forged header made the node allocate";
  EXPECT_GT(*idle_closed, 4s) << "cut before its handshake timeout";
  EXPECT_TRUE(client->count_outputs({}).ok()) << "the real client, silent for 5 s, is cut";
  EXPECT_EQ(cuts(node, "frame_too_large"), 1);
  EXPECT_EQ(cuts(node, "handshake"), 2);
  std::cout << "[ figures  ] store port, connection timeout 5 s: a 4 GiB header closed after "
            << millis(*forged_closed) << " ms, RSS " << rss_before / 1024 << " -> "
            << rss_after_forged / 1024 << " MiB; an idle connection closed after "
            << millis(*idle_closed) << " ms, a half-sent header "
            << millis(*idle_closed + *half_closed) << " ms\n";
  EXPECT_EQ(node.stop(SIGTERM), 0) << node.errors();
}

// Six connections announce 64 MiB frames (under the 72 MiB frame limit)
// and never send them: with --store-port-memory 144 the node holds two such
// buffers, not six; the others wait at the door and are cut when their
// time runs out. Meanwhile a real client is served.
TEST(StorePort, TheBudgetBoundsWhatAnnouncedFramesMakeTheNodeHold) {
  testing::MigratedSchema schema;
  NodeProcess node(node_args(schema, {"--connection-timeout", "5", "--store-port-memory", "144"}));
  auto remote = connect_to(node);
  auto client = remote->store();
  ASSERT_TRUE(client->count_outputs({}).ok());
  const long rss_before = resident_kib(node.pid());
  net::io_context io;
  std::vector<net::ip::tcp::socket> announcers;
  for (int i = 0; i < 6; ++i) {
    announcers.push_back(raw_connection(io, node.port(), frame_header(64u << 20)));
  }
  std::this_thread::sleep_for(2s);
  const long rss_held = resident_kib(node.pid());
  const double held_bytes = sample(scrape(node), "bsv_store_port_held_bytes");
  EXPECT_TRUE(client->count_outputs({}).ok()) << "a real client while the budget is spent";
  for (auto& socket : announcers) {
    EXPECT_TRUE(closed_within(socket, 15s)) << "an announcer is still connected";
  }
  std::this_thread::sleep_for(500ms);
  const long rss_after = resident_kib(node.pid());
  EXPECT_GE(held_bytes, 128 << 20) << "two 64 MiB shares of the 144 MiB budget";
  EXPECT_LT(held_bytes, 129 << 20) << "more than two 64 MiB shares of the 144 MiB budget";
  EXPECT_LT(rss_held - rss_before, 128 * 1024 + kSlackKiB) << "more than two buffers held";
  // The two let through are cut for their unfinished handshakes; their
  // shares freed, waiting ones may get in just before their own time runs out.
  const double budget = cuts(node, "budget");
  EXPECT_GE(budget, 2) << "announcers waiting for room were not cut as such";
  EXPECT_EQ(budget + cuts(node, "handshake"), 6);
#if !defined(__SANITIZE_ADDRESS__)  // AddressSanitizer keeps freed memory in quarantine
  EXPECT_LT(rss_after - rss_before, kSlackKiB) << "the buffers are freed with their connections";
#endif
  std::cout << "[ figures  ] store port, budget 144 MiB: six connections announcing 64 MiB "
               "held RSS "
            << rss_before / 1024 << " -> " << rss_held / 1024 << " MiB (two buffers; six: +384 "
            << "MiB), " << rss_after / 1024 << " MiB after they were cut\n";
  EXPECT_EQ(node.stop(SIGTERM), 0) << node.errors();
}

// Two callers on one connection store 16 MiB transactions, twice each: a
// request's bytes count from its header until its answer, on top of CAF's
// 16 MiB read buffer, never over the budget; answered, they count no more,
// and every call succeeds.
TEST(StorePort, RequestsCountAgainstTheBudgetUntilAnswered) {
  testing::MigratedSchema schema;
  NodeProcess node(node_args(schema, {"--connection-timeout", "10", "--store-port-memory", "144"}));
  RemoteNodeOptions options;
  options.port = node.port();
  options.request_timeout = 120s;              // 16 MiB each, under AddressSanitizer too
  auto remote = RemoteNode::connect(options);  // one connection for both callers
  ASSERT_TRUE(remote.ok()) << remote.error().message;
  const std::string hex(16u << 20, 'a');
  std::atomic<bool> done{false};
  double most_held = 0;
  std::thread watcher([&] {
    while (!done) {
      most_held = std::max(most_held, sample(scrape(node), "bsv_store_port_held_bytes"));
      std::this_thread::sleep_for(20ms);
    }
  });
  std::atomic<int> stored{0};
  std::vector<std::thread> callers;
  const auto start = Clock::now();
  for (int c = 0; c < 2; ++c) {
    callers.emplace_back([&, c] {
      auto client = (*remote)->store();  // one per thread
      for (int k = 0; k < 2; ++k) {
        const auto txid = std::string(63, 'b') + std::to_string(c * 2 + k);
        auto answer = client->store_transaction(txid, hex);
        if (answer.ok()) {
          ++stored;
        } else {
          ADD_FAILURE() << answer.error().message;
        }
      }
    });
  }
  for (auto& t : callers) t.join();
  const auto took = Clock::now() - start;
  done = true;
  watcher.join();
  EXPECT_EQ(stored, 4);
  EXPECT_LE(most_held, 144.0 * (1 << 20)) << "the budget was exceeded";
  EXPECT_GE(most_held, 32.0 * (1 << 20)) << "no request was counted while in flight";
  EXPECT_EQ(cuts(node, "budget"), 0);
  EXPECT_LT(sample(scrape(node), "bsv_store_port_held_bytes"), 17.0 * (1 << 20))
      << "answered requests still count";
  std::cout << "[ figures  ] store port, budget 144 MiB: four 16 MiB transactions from two "
               "callers on one connection stored in "
            << millis(took) << " ms; at most " << most_held / (1 << 20) << " MiB held\n";
  EXPECT_EQ(node.stop(SIGTERM), 0) << node.errors();
}

// More idle connections than the node takes (256): the oldest ones that
// never finished a handshake make room, so a real client still gets in.
TEST(StorePort, IdleConnectionsCannotStarveThePort) {
  testing::MigratedSchema schema;
  NodeProcess node(node_args(schema, {}));
  net::io_context io;
  std::vector<net::ip::tcp::socket> idle;
  for (int i = 0; i < 300; ++i) idle.push_back(raw_connection(io, node.port()));
  std::this_thread::sleep_for(500ms);  // the node accepts them all
  const auto start = Clock::now();
  auto remote = connect_to(node);
  EXPECT_TRUE(remote->store()->count_outputs({}).ok()) << "a real client behind 300 idle ones";
  const auto served_after = Clock::now() - start;
  const double full = cuts(node, "full");
  EXPECT_GE(full, 300 - 256) << "idle connections over the cap were not closed";
  EXPECT_LE(sample(scrape(node), "bsv_store_port_connections"), 256);
  std::cout << "[ figures  ] store port: 300 idle connections, " << full
            << " closed to make room; a real client served in " << millis(served_after) << " ms\n";
  EXPECT_EQ(node.stop(SIGTERM), 0) << node.errors();
}

}  // namespace
}  // namespace bsv
