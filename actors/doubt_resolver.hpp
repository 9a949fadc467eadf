#pragma once
/// doubt_resolver: finds out what became of the jobs in doubt
/// (broadcast-queue.md, "Jobs in doubt") by asking ARC about each due txid,
/// broadcasting it again when ARC does not know it, and settling the job
/// on ARC's verdict; without one it stays in doubt and is asked again later.

#include <caf/fwd.hpp>
#include <memory>

#include "actors/broadcast_options.hpp"
#include "messages/queue_protocol.hpp"
#include "metrics/registry.hpp"

namespace bsv::actors {

/// Spawns the doubt resolver (used by the supervisor; options.doubt).
messages::doubt_resolver_api spawn_doubt_resolver(caf::actor_system& system,
                                                  const BroadcastOptions& options,
                                                  messages::queue_store_api store,
                                                  messages::arc_api arc,
                                                  std::shared_ptr<metrics::Registry> metrics);

}  // namespace bsv::actors
