#include "node/remote_node.hpp"

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/io/middleman.hpp>
#include <caf/openssl/remote_actor.hpp>

#include "node/actor_store_handle.hpp"
#include "node/actor_system_setup.hpp"
#include "node/tls_check.hpp"

namespace bsv {

struct RemoteNode::Impl {
  caf::actor_system_config config;
  std::unique_ptr<caf::actor_system> system;
  messages::store_api api;
  std::chrono::milliseconds timeout{};

  ~Impl() {
    api = messages::store_api{};  // release the handle before its actor system
    system.reset();
  }
};

RemoteNode::RemoteNode(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

RemoteNode::~RemoteNode() = default;

// TLS: our files load, and the node is who it should be (CAF 0.17 checks
// no server name), before CAF connects.
std::optional<Error> check_tls(const RemoteNodeOptions& options) {
  if (auto bad = node::check_tls_files(options.tls)) {
    return Error{ErrorCode::unavailable, bad->message};
  }
  const auto& name = options.tls_server_name.empty() ? options.host : options.tls_server_name;
  return node::verify_tls_server(options.host, options.port, options.tls, name,
                                 options.request_timeout);
}

Result<std::unique_ptr<RemoteNode>> RemoteNode::connect(const RemoteNodeOptions& options) {
  if (options.tls.enabled()) {
    if (auto error = check_tls(options)) return *error;
  }
  auto impl = std::make_unique<Impl>();
  node::configure_actor_system(impl->config, options.tls, LocalNodeOptions{}.connection_timeout);
  impl->system = std::make_unique<caf::actor_system>(impl->config);
  auto api = options.tls.enabled() ? caf::openssl::remote_actor<messages::store_api>(
                                         *impl->system, options.host, options.port)
                                   : impl->system->middleman().remote_actor<messages::store_api>(
                                         options.host, options.port);
  if (!api) {
    return Error{ErrorCode::unavailable, "cannot reach node " + options.host + ":" +
                                             std::to_string(options.port) + ": " +
                                             impl->system->render(api.error())};
  }
  impl->api = std::move(*api);
  impl->timeout = options.request_timeout;
  return std::unique_ptr<RemoteNode>(new RemoteNode(std::move(impl)));
}

std::unique_ptr<node::ActorStore> RemoteNode::store() const {
  return std::make_unique<node::ActorStore>(node::ActorStore::Handle{impl_->api}, impl_->timeout);
}

}  // namespace bsv
