#pragma once
/// The header checker: confirms the merkle root a MINED report claims for
/// a height against the header source (broadcast-queue.md, "Block
/// headers"), before the proof rule stores anything. Headers the source
/// gives are remembered in wallet_block_headers (through the store actor),
/// so one source request serves every transaction of a block, on every
/// node; concurrent questions about one height (woc) or one root (bhs)
/// share one request. A claim that differs from the remembered header is
/// asked about again; when the source then gives another header for that
/// height (a reorg) it replaces the row and the proofs stored at that
/// height for another block are checked again.
/// Answers every question, within the source's timeout; never an error.

#include <caf/fwd.hpp>
#include <memory>

#include "actors/broadcast_options.hpp"
#include "messages/header_protocol.hpp"
#include "messages/queue_protocol.hpp"
#include "metrics/registry.hpp"

namespace bsv::actors {

/// Creates, at zero, the series the header checker reports.
void announce_header_series(metrics::Registry& registry);

/// Spawns the header checker for `source` (its URL and API checked:
/// invalid_argument naming the option otherwise).
Result<messages::header_checker_api> spawn_header_checker(
    caf::actor_system& system, const HeaderSourceOptions& source, messages::queue_store_api store,
    std::shared_ptr<metrics::Registry> metrics);

}  // namespace bsv::actors
