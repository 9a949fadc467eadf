#include "node/wallet_node.hpp"

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/io/basp_broker.hpp>
#include <caf/io/middleman.hpp>
#include <caf/io/network/multiplexer.hpp>

#include "actors/arc_actor.hpp"
#include "actors/broadcast_supervisor.hpp"
#include "actors/header_checker.hpp"
#include "actors/proof_reports.hpp"
#include "actors/store_actor.hpp"
#include "http/server.hpp"
#include "node/actor_store_handle.hpp"
#include "node/actor_system_setup.hpp"
#include "node/arc_stand_in.hpp"
#include "node/callback_receiver.hpp"
#include "node/graceful_stop.hpp"
#include "node/node_status.hpp"
#include "node/store_port_guard.hpp"
#include "node/tls_check.hpp"

namespace bsv {
namespace {

constexpr auto kShutdownGrace = std::chrono::seconds(60);

// How the store port's guard gives CAF a connection that passed it: as a
// scribe the BASP broker publishes `api` on (the broker's own path for a
// connection it did not accept itself), which writes the server handshake.
node::HandOver serve_with_basp(caf::actor_system& system, const messages::store_api& api) {
  auto& middleman = system.middleman();
  auto basp = middleman.named_broker<caf::io::basp_broker>(caf::atom("BASP"));
  auto whom = caf::actor_cast<caf::strong_actor_ptr>(api);
  auto interface = system.message_types(caf::detail::type_list<messages::store_api>{});
  return [&backend = middleman.backend(), basp, whom, interface](int fd, std::uint16_t port) {
    caf::anon_send(basp, caf::publish_atom_v, backend.new_scribe(fd), port, whom, interface);
  };
}

}  // namespace

struct WalletNode::Impl {
  caf::actor_system_config config;
  std::unique_ptr<caf::actor_system> system;
  messages::store_api api;
  std::chrono::milliseconds timeout{};
  TlsFiles tls_files;
  std::chrono::milliseconds connection_timeout{};
  std::uint64_t store_port_memory = 0;               // bytes
  std::unique_ptr<node::StorePortGuard> store_port;  // the published port
  bool stopped = false;
  std::string database_url, schema;              // of a started node: the queue's own connections
  messages::broadcast_supervisor_api broadcast;  // the supervisor, when the queue runs
  int broadcast_workers = 0;
  std::chrono::milliseconds arc_timeout{};
  int pool_size = 0;
  std::shared_ptr<metrics::Registry> metrics = std::make_shared<metrics::Registry>();
  std::unique_ptr<http::Server> status_server;    // /metrics and /health
  std::unique_ptr<http::Server> callback_server;  // ARC's callbacks
  messages::header_checker_api headers;           // when a header source is configured
  arc::ArcSettings arc;                           // of a started queue, for /health
  std::string proof_mode = "off";                 // how proofs are stored, for /health

  // The header checker for `proofs`, spawned on first use; null without a
  // header source. invalid_argument for an unusable source.
  Result<messages::header_checker_api> header_checker(const ProofOptions& proofs) {
    if (headers || proofs.headers.url.empty()) return headers;
    auto spawned = actors::spawn_header_checker(
        *system, proofs.headers, caf::actor_cast<messages::queue_store_api>(api), metrics);
    if (!spawned) return spawned.error();
    actors::announce_header_series(*metrics);
    headers = *spawned;
    return headers;
  }
};

WalletNode::WalletNode(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

WalletNode::~WalletNode() {
  shutdown();
}

Result<std::unique_ptr<WalletNode>> WalletNode::start(const LocalNodeOptions& options) {
  auto impl = std::make_unique<Impl>();
  // The store port's TLS is the guard's (publish()); CAF's stays off here.
  node::configure_actor_system(impl->config, TlsFiles{}, options.connection_timeout);
  impl->system = std::make_unique<caf::actor_system>(impl->config);
  actors::StoreActorConfig store_config{options.database_url, options.schema, options.pool_size,
                                        options.max_backlog, impl->metrics};
  impl->pool_size = options.pool_size;
  impl->api = actors::spawn_store_actor(*impl->system, store_config);
  impl->timeout = options.request_timeout;
  impl->tls_files = options.tls;
  impl->connection_timeout = options.connection_timeout;
  impl->store_port_memory = std::uint64_t(options.store_port_memory_mib) << 20;
  impl->database_url = options.database_url;
  impl->schema = options.schema;
  return std::unique_ptr<WalletNode>(new WalletNode(std::move(impl)));
}

std::unique_ptr<node::ActorStore> WalletNode::store() const {
  return std::make_unique<node::ActorStore>(node::ActorStore::Handle{impl_->api}, impl_->timeout);
}

Result<std::uint16_t> WalletNode::publish(const std::string& host, std::uint16_t port) {
  if (impl_->store_port) return invalid_argument("publish: already published");
  if (impl_->tls_files.enabled()) {
    if (auto bad = node::check_tls_files(impl_->tls_files)) return *bad;
  }
  node::StorePortLimits limits;
  limits.idle_timeout = impl_->connection_timeout;
  // The largest request must fit: its read buffer and itself in flight.
  limits.max_held_bytes =
      std::max(impl_->store_port_memory, 2 * std::uint64_t{limits.max_frame_bytes});
  limits.handshake_timeout = std::min(limits.handshake_timeout, impl_->connection_timeout);
  auto guard =
      node::StorePortGuard::start(host, port, limits, impl_->tls_files,
                                  serve_with_basp(*impl_->system, impl_->api), *impl_->metrics);
  if (!guard) return guard.error();
  impl_->store_port = std::move(*guard);
  return impl_->store_port->port();
}

std::optional<Error> WalletNode::start_broadcast(const BroadcastOptions& options,
                                                 const std::shared_ptr<ArcStandIn>& stand_in) {
  if (impl_->broadcast) return invalid_argument("start_broadcast: already running");
  if (options.workers < 1 || options.batch < 1 || options.max_attempts < 1) {
    return invalid_argument("broadcast: workers, batch and max-attempts must be at least 1");
  }
  if (options.node_id.empty()) return invalid_argument("node-id: must not be empty");
  if (!stand_in) {
    if (options.arc.endpoints.empty()) return invalid_argument("arc-url: no ARC endpoint given");
    for (const auto& endpoint : options.arc.endpoints) {
      if (auto error = arc::ArcClient::check_url(endpoint.url)) return error;
    }
  }
  auto headers = impl_->header_checker(options.proofs);
  if (!headers) return headers.error();
  actors::BroadcastContext context;
  context.store = caf::actor_cast<messages::queue_store_api>(impl_->api);
  context.conninfo = impl_->database_url;
  context.schema = impl_->schema;
  const auto settings = options.arc;
  context.metrics = impl_->metrics;
  context.headers = *headers;
  context.make_arc = [settings, stand_in,
                      metrics = impl_->metrics](caf::actor_system& system) -> messages::arc_api {
    if (stand_in) return stand_in->spawn(system);
    return *actors::spawn_arc_actor(system, settings, metrics);  // URL checked above
  };
  impl_->arc_timeout = options.arc.longest_request();
  impl_->arc = options.arc;
  impl_->proof_mode = !options.proofs.tracking() ? "off" : (*headers ? "checked" : "unverified");
  impl_->broadcast_workers = options.workers;
  // Every labelled series the queue reports, at zero before it starts.
  actors::announce_arc_series(*impl_->metrics, options.arc);
  actors::announce_report_series(*impl_->metrics);
  impl_->broadcast = actors::spawn_broadcast_supervisor(*impl_->system, options, context);
  return std::nullopt;
}

Result<std::uint16_t> WalletNode::serve_metrics(const std::string& host, std::uint16_t port) {
  if (impl_->status_server) return invalid_argument("serve_metrics: already serving");
  node::NodeStatusSources sources;
  sources.system = impl_->system.get();
  sources.store = caf::actor_cast<messages::queue_store_api>(impl_->api);
  sources.pool_size = impl_->pool_size;
  sources.broadcast = impl_->broadcast;
  sources.broadcast_workers = impl_->broadcast_workers;
  sources.metrics = impl_->metrics;
  sources.arc = impl_->arc;
  sources.proofs = impl_->proof_mode;
  auto server = http::Server::start(host, port, node::node_status_handler(std::move(sources)));
  if (!server) return server.error();
  impl_->status_server = std::move(*server);
  return impl_->status_server->port();
}

Result<std::uint16_t> WalletNode::serve_callbacks(const std::string& host, std::uint16_t port,
                                                  const std::vector<std::string>& tokens,
                                                  const ProofOptions& proofs) {
  if (impl_->callback_server) return invalid_argument("serve_callbacks: already serving");
  if (tokens.empty() || std::find(tokens.begin(), tokens.end(), "") != tokens.end()) {
    return invalid_argument("callbacks need a token (--arc-callback-token)");
  }
  if (proofs.headers.url.empty() && !proofs.trust_arc_proofs) {
    return invalid_argument(
        "callbacks carry proofs: give a header source (--headers-url) or --trust-arc-proofs");
  }
  auto headers = impl_->header_checker(proofs);
  if (!headers) return headers.error();
  node::CallbackSources sources;
  sources.system = impl_->system.get();
  sources.store = caf::actor_cast<messages::queue_store_api>(impl_->api);
  sources.tokens = tokens;
  sources.headers = *headers;
  sources.headers_timeout = proofs.headers.timeout;
  sources.policy = {proofs.double_spend_grace, proofs.first_check, proofs.interval, false};
  sources.metrics = impl_->metrics;
  auto server = http::Server::start(host, port, node::callback_handler(sources),
                                    node::callback_gate(sources));
  if (!server) return server.error();
  impl_->callback_server = std::move(*server);
  return impl_->callback_server->port();
}

metrics::Registry& WalletNode::metrics() {
  return *impl_->metrics;
}

void WalletNode::shutdown() {
  if (!impl_ || impl_->stopped) return;
  impl_->stopped = true;
  impl_->status_server.reset();  // their handlers talk to the actors
  impl_->callback_server.reset();
  if (impl_->headers) {
    caf::anon_send_exit(impl_->headers, caf::exit_reason::user_shutdown);
    impl_->headers = messages::header_checker_api{};
  }
  impl_->store_port.reset();  // closes the port and every store connection
  if (impl_->broadcast) {
    // Stop claiming; in-flight batches are broadcast (ARC timeout) and settled.
    node::stop_gracefully(*impl_->system, caf::actor_cast<caf::actor>(impl_->broadcast),
                          impl_->arc_timeout + kShutdownGrace);
    impl_->broadcast = messages::broadcast_supervisor_api{};
  }
  // Drain: the store actor finishes what it holds, then stops its workers.
  node::stop_gracefully(*impl_->system, caf::actor_cast<caf::actor>(impl_->api), kShutdownGrace);
  impl_->api = messages::store_api{};  // release the handle before its actor system
  impl_->system.reset();
}

}  // namespace bsv
