#pragma once
/// broadcast_worker: claims up to `batch` jobs through the store actor
///   (one committed statement), sends them to the ARC client actor outside
///   any transaction, settles them in one guarded statement, and claims
///   again while batches come back full; otherwise waits for a wake-up or
///   the poll interval.

#include <caf/fwd.hpp>
#include <memory>

#include "actors/broadcast_options.hpp"
#include "messages/queue_protocol.hpp"
#include "metrics/registry.hpp"

namespace bsv::actors {

/// Spawns one worker (used by the supervisor). `index` names it in locked_by.
messages::broadcast_worker_api spawn_broadcast_worker(caf::actor_system& system,
                                                      const BroadcastOptions& options, int index,
                                                      messages::queue_store_api store,
                                                      messages::arc_api arc,
                                                      std::shared_ptr<metrics::Registry> metrics);

}  // namespace bsv::actors
