#pragma once
/// The node's HTTP endpoints (`--metrics-listen`):
///
/// - `GET /metrics`: the node's registry in Prometheus' text format, plus
///   the queue's jobs by status and the oldest unsent job's age, read from
///   the database at scrape time (through the store actor), and
///   `bsv_database_up`.
/// - `GET /health`: 200 when the database answers, every store and
///   broadcast worker runs and some ARC endpoint's circuit breaker is
///   closed, else 503; "degraded" (still 200) while some endpoints are open
///   or half-open. The JSON body says which part is down:
///   {"status":"ok"|"degraded"|"down","database":{"ok":…,"error":…},
///    "store_workers":{"ok":…,"running":N,"expected":N},
///    "broadcast_workers":{"ok":…,"running":N,"expected":N},
///    "arc":{"ok":…,"endpoints":N,"open":[names]},
///    "proofs":{"ok":true,"mode":"checked"|"unverified"|"off"}}
///   (broadcast_workers and arc are absent when the node does not
///   broadcast; proofs "unverified" means stored on ARC's word).
///
/// Each answer asks the store actor at most once, bounded by one second.

#include <caf/actor.hpp>
#include <caf/fwd.hpp>
#include <memory>

#include "arc/arc_client.hpp"
#include "http/server.hpp"
#include "messages/queue_protocol.hpp"
#include "metrics/registry.hpp"

namespace bsv::node {

/// What the endpoints look at.
struct NodeStatusSources {
  caf::actor_system* system = nullptr;
  messages::queue_store_api store;
  int pool_size = 0;
  messages::broadcast_supervisor_api broadcast;  ///< null when not broadcasting
  int broadcast_workers = 0;
  std::shared_ptr<metrics::Registry> metrics;
  arc::ArcSettings arc;        ///< the queue's ARC endpoints (none when not broadcasting)
  std::string proofs = "off";  ///< "checked" (header source), "unverified" (trusted) or "off"
};

/// The request handler for an http::Server serving the endpoints above.
http::Server::Handler node_status_handler(NodeStatusSources sources);

}  // namespace bsv::node
