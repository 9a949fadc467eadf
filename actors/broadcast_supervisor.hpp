#pragma once
/// broadcast_supervisor (broadcast-queue.md, "Supervision"): at start releases the `sending` jobs
/// still locked
///   under this node id (a crash is recovered at restart), then spawns
///   `workers` broadcast workers, monitors them and restarts one that dies
///   (after releasing its jobs; with a growing delay if it keeps dying).
///   It owns the node's LISTEN connection (wakes the workers on a NOTIFY),
///   a maintenance connection for releases and the periodic sweep (jobs in
///   `sending` past the stale threshold with no attempts left fail for good,
///   with rollback), and restarts the ARC client actor if it dies.
///   It also runs the proof tracker (when options.proofs.tracking()) and
///   restarts it if it dies.
///   On exit_msg user_shutdown it stops listening, stops the tracker (its
///   leases expire), lets every worker finish its batch (broadcast and
///   settle), then quits.

#include <caf/fwd.hpp>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "actors/broadcast_options.hpp"
#include "messages/header_protocol.hpp"
#include "messages/queue_protocol.hpp"
#include "metrics/registry.hpp"

namespace bsv::actors {

/// Everything the supervisor needs besides its options.
struct BroadcastContext {
  messages::queue_store_api store;  ///< the node's store actor
  std::string conninfo;             ///< for the LISTEN and maintenance connections
  std::string schema;
  /// Spawns (and, after a crash, respawns) the ARC client actor.
  std::function<messages::arc_api(caf::actor_system&)> make_arc;
  /// Confirms proofs' merkle roots; null: proofs trusted on ARC's word.
  messages::header_checker_api headers;
  /// The node's metrics (never null).
  std::shared_ptr<metrics::Registry> metrics;
};

/// Spawns the supervisor (which spawns everything else).
messages::broadcast_supervisor_api spawn_broadcast_supervisor(caf::actor_system& system,
                                                              BroadcastOptions options,
                                                              BroadcastContext context);

/// The supervisor's workers in slot order (a slot whose worker is being
/// restarted is left out), asked in-process; empty if it does not answer
/// within a second. For tests and health checks.
std::vector<caf::actor> broadcast_workers(caf::actor_system& system,
                                          const messages::broadcast_supervisor_api& supervisor);

}  // namespace bsv::actors
