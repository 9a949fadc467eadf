#pragma once
/// The ARC client actor: takes arc_submit (one transaction or a batch,
/// sent as `POST /v1/tx` or `/v1/txs`) and arc_status (`GET /v1/tx/{txid}`)
/// messages and answers each when the HTTP answer is there, so that it
/// never blocks. Submissions are answered with one verdict per transaction
/// (arc/verdict.hpp); it never answers with an error.
///
/// Several endpoints, in order (broadcast-queue.md): a request goes to one
/// endpoint at a time, the first whose circuit breaker lets it through, and
/// on to the next only on a transient answer; the verdicts name the
/// endpoint that gave them. A status query asks the named endpoint first
/// (the one that accepted the transaction), then the others.

#include <caf/fwd.hpp>
#include <memory>
#include <string>
#include <vector>

#include "arc/arc_client.hpp"
#include "messages/arc_protocol.hpp"
#include "metrics/registry.hpp"

namespace bsv::actors {

/// Creates, at zero, every series the ARC client actor reports (latency by
/// request, failures by class, each endpoint's state, answers and latency),
/// so that they are there before the first request.
void announce_arc_series(metrics::Registry& registry, const arc::ArcSettings& settings);

/// The names (arc::endpoint_name) of the endpoints of `settings` whose
/// breaker is open or half-open, as the ARC client actor last reported.
std::vector<std::string> open_arc_endpoints(metrics::Registry& registry,
                                            const arc::ArcSettings& settings);

/// Spawns the ARC client actor; invalid_argument when a URL is unusable.
/// It reports to `metrics` when given.
Result<messages::arc_api> spawn_arc_actor(caf::actor_system& system,
                                          const arc::ArcSettings& settings,
                                          std::shared_ptr<metrics::Registry> metrics = nullptr);

}  // namespace bsv::actors
