#include "node/wallet_node.hpp"

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/io/middleman.hpp>
#include <caf/openssl/publish.hpp>

#include "actors/arc_actor.hpp"
#include "actors/broadcast_supervisor.hpp"
#include "actors/proof_reports.hpp"
#include "actors/store_actor.hpp"
#include "http/server.hpp"
#include "node/actor_store_handle.hpp"
#include "node/actor_system_setup.hpp"
#include "node/arc_stand_in.hpp"
#include "node/callback_receiver.hpp"
#include "node/graceful_stop.hpp"
#include "node/node_status.hpp"
#include "node/tls_check.hpp"

namespace bsv {
namespace {

constexpr auto kShutdownGrace = std::chrono::seconds(60);

}  // namespace

struct WalletNode::Impl {
  caf::actor_system_config config;
  std::unique_ptr<caf::actor_system> system;
  messages::store_api api;
  std::chrono::milliseconds timeout{};
  bool tls = false;
  TlsFiles tls_files;
  std::uint16_t published_port = 0;
  bool stopped = false;
  std::string database_url, schema;              // of a started node: the queue's own connections
  messages::broadcast_supervisor_api broadcast;  // the supervisor, when the queue runs
  int broadcast_workers = 0;
  std::chrono::milliseconds arc_timeout{};
  int pool_size = 0;
  std::shared_ptr<metrics::Registry> metrics = std::make_shared<metrics::Registry>();
  std::unique_ptr<http::Server> status_server;    // /metrics and /health
  std::unique_ptr<http::Server> callback_server;  // ARC's callbacks
};

WalletNode::WalletNode(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

WalletNode::~WalletNode() {
  shutdown();
}

Result<std::unique_ptr<WalletNode>> WalletNode::start(const LocalNodeOptions& options) {
  auto impl = std::make_unique<Impl>();
  node::configure_actor_system(impl->config, options.tls, options.connection_timeout);
  impl->system = std::make_unique<caf::actor_system>(impl->config);
  actors::StoreActorConfig store_config{options.database_url, options.schema, options.pool_size,
                                        options.max_backlog, impl->metrics};
  impl->pool_size = options.pool_size;
  impl->api = actors::spawn_store_actor(*impl->system, store_config);
  impl->timeout = options.request_timeout;
  impl->tls = options.tls.enabled();
  impl->tls_files = options.tls;
  impl->database_url = options.database_url;
  impl->schema = options.schema;
  return std::unique_ptr<WalletNode>(new WalletNode(std::move(impl)));
}

std::unique_ptr<node::ActorStore> WalletNode::store() const {
  return std::make_unique<node::ActorStore>(node::ActorStore::Handle{impl_->api}, impl_->timeout);
}

Result<std::uint16_t> WalletNode::publish(const std::string& host, std::uint16_t port) {
  // CAF loads these at the first connection and aborts on a bad one: load them now.
  if (impl_->tls) {
    if (auto bad = node::check_tls_files(impl_->tls_files)) return *bad;
  }
  auto bound = impl_->tls
                   ? caf::openssl::publish(impl_->api, port, host.c_str(), true)
                   : impl_->system->middleman().publish(impl_->api, port, host.c_str(), true);
  if (!bound) {
    return Error{ErrorCode::unavailable, "cannot listen on " + host + ":" + std::to_string(port) +
                                             ": " + impl_->system->render(bound.error())};
  }
  impl_->published_port = *bound;
  return *bound;
}

std::optional<Error> WalletNode::start_broadcast(const BroadcastOptions& options,
                                                 const std::shared_ptr<ArcStandIn>& stand_in) {
  if (impl_->broadcast) return invalid_argument("start_broadcast: already running");
  if (options.workers < 1 || options.batch < 1 || options.max_attempts < 1) {
    return invalid_argument("broadcast: workers, batch and max-attempts must be at least 1");
  }
  if (options.node_id.empty()) return invalid_argument("node-id: must not be empty");
  if (!stand_in) {
    if (auto error = arc::ArcClient::check_url(options.arc.url)) return error;
  }
  actors::BroadcastContext context;
  context.store = caf::actor_cast<messages::queue_store_api>(impl_->api);
  context.conninfo = impl_->database_url;
  context.schema = impl_->schema;
  const auto settings = options.arc;
  context.metrics = impl_->metrics;
  context.make_arc = [settings, stand_in,
                      metrics = impl_->metrics](caf::actor_system& system) -> messages::arc_api {
    if (stand_in) return stand_in->spawn(system);
    return *actors::spawn_arc_actor(system, settings, metrics);  // URL checked above
  };
  impl_->arc_timeout = options.arc.timeout;
  impl_->broadcast_workers = options.workers;
  // Every labelled series the queue reports, at zero before it starts.
  actors::announce_arc_series(*impl_->metrics);
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
  auto server = http::Server::start(host, port, node::node_status_handler(std::move(sources)));
  if (!server) return server.error();
  impl_->status_server = std::move(*server);
  return impl_->status_server->port();
}

Result<std::uint16_t> WalletNode::serve_callbacks(const std::string& host, std::uint16_t port,
                                                  const std::string& token,
                                                  const ProofOptions& proofs) {
  if (impl_->callback_server) return invalid_argument("serve_callbacks: already serving");
  if (token.empty()) {
    return invalid_argument("callbacks need a token (--arc-callback-token)");
  }
  node::CallbackSources sources;
  sources.system = impl_->system.get();
  sources.store = caf::actor_cast<messages::queue_store_api>(impl_->api);
  sources.token = token;
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
  if (impl_->published_port != 0) {
    impl_->system->middleman().unpublish(impl_->api, impl_->published_port);
  }
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
