#pragma once
/// proof_tracker: follows broadcast transactions until their proofs are
/// stored (broadcast-queue.md, "Proof tracking"; the rule in
/// store/proof_tracking.hpp), polling ARC for each due txid.

#include <caf/fwd.hpp>
#include <memory>

#include "actors/broadcast_options.hpp"
#include "messages/header_protocol.hpp"
#include "messages/queue_protocol.hpp"
#include "metrics/registry.hpp"

namespace bsv::actors {

/// Spawns the proof tracker (used by the supervisor): it follows broadcast
/// transactions until ARC reports them mined, storing their proofs
/// (options.proofs; store/proof_tracking.hpp) once `headers` confirms their
/// merkle roots (null `headers`: stored on ARC's word, --trust-arc-proofs).
messages::proof_tracker_api spawn_proof_tracker(caf::actor_system& system,
                                                const BroadcastOptions& options,
                                                messages::queue_store_api store,
                                                messages::arc_api arc,
                                                messages::header_checker_api headers,
                                                std::shared_ptr<metrics::Registry> metrics);

}  // namespace bsv::actors
