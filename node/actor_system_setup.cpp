#include "node/actor_system_setup.hpp"

#include <caf/atom.hpp>
#include <caf/io/middleman.hpp>
#include <caf/openssl/manager.hpp>

#include "messages/type_ids.hpp"
#include "node/openssl_error_isolation.hpp"

namespace bsv::node {

void configure_actor_system(caf::actor_system_config& config, const TlsFiles& tls,
                            std::chrono::milliseconds connection_timeout) {
  isolate_openssl_errors();  // see the header: CAF's TLS needs it
  config.load<caf::io::middleman>();
  config.add_message_types<caf::id_block::bsv_store>();
  // One shared queue instead of work stealing: stealing threads spin while
  // idle, taking the CPU that PostgreSQL and the blocking workers need on a
  // small machine (measured: store_output through the actor +30 %).
  config.set("scheduler.policy", caf::atom("sharing"));
  // Messages from remote nodes are deserialized on the middleman's event
  // loop, where the store actor runs, instead of being handed to a
  // scheduler thread first: one thread hop less per remote request
  // (measured: store_output through a node over the network +15-20 %).
  config.set("middleman.workers", 0);
  // CAF closes no connection by itself unless heartbeats are on: then one
  // silent for connection-timeout goes (both ends send heartbeats, so only
  // a peer that says nothing at all is cut).
  config.set("middleman.heartbeat-interval", caf::timespan{std::chrono::seconds(2)});
  config.set("middleman.connection-timeout", caf::timespan{connection_timeout});
  if (tls.enabled()) {
    config.load<caf::openssl::manager>();
    config.set("openssl.certificate", tls.certificate);
    config.set("openssl.key", tls.key);
    config.set("openssl.cafile", tls.ca);
  }
}

}  // namespace bsv::node
