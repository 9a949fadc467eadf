#pragma once
/// store_actor: the front of the store. It owns `pool_size` store workers
/// (one connection each), hands each request to an idle worker, queues up to
/// `max_backlog` requests while all are busy and answers `unavailable` at
/// once beyond that. store_output requests are grouped: each waits until the
/// messages already in the store actor's mailbox are read, then every queued
/// one goes to one worker as one statement (each record is still checked
/// and answered on its own). It monitors its workers: a worker that dies is
/// replaced at once, and the requests it held are answered with an error by CAF.
/// It handles every method of the table (messages/store_methods.def) the same
/// way, generically; store_output's grouping is its one special path.
///
/// States: serving -> (exit_msg: user_shutdown) -> draining: new requests are
/// answered `unavailable`, queued and in-flight ones finish; when every
/// worker is idle it stops them, and quits when they are down.

#include <caf/fwd.hpp>
#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "messages/store_protocol.hpp"
#include "metrics/registry.hpp"

namespace bsv::actors {

struct StoreActorConfig {
  std::string conninfo;            ///< libpq connection string or URL
  std::string schema;              ///< optional search_path
  int pool_size = 4;               ///< workers, one connection each
  std::size_t max_backlog = 1024;  ///< queued requests before `unavailable`
  /// Where it reports request latency by method, connections in use,
  /// waiting requests, backlog refusals and worker restarts (none: not reported).
  std::shared_ptr<metrics::Registry> metrics;
};

/// Spawns the store actor and its workers. `system` must have CAF's
/// middleman loaded: the store actor runs on its event loop.
messages::store_api spawn_store_actor(caf::actor_system& system, const StoreActorConfig& config);

/// The store actor's live workers, asked in-process (supervision tests,
/// health checks); empty if it does not answer within a second.
std::vector<caf::actor> store_workers(caf::actor_system& system, const messages::store_api& store);

}  // namespace bsv::actors
