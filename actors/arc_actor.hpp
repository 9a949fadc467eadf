#pragma once
/// The ARC client actor: takes arc_submit (one transaction or a batch,
/// sent as `POST /v1/tx` or `/v1/txs`) and arc_status (`GET /v1/tx/{txid}`)
/// messages and answers each when ArcClient's thread has the HTTP answer,
/// so that it never blocks. Submissions are answered with one verdict per
/// transaction (arc/verdict.hpp); it never answers with an error.

#include <caf/fwd.hpp>
#include <memory>

#include "arc/arc_client.hpp"
#include "messages/arc_protocol.hpp"
#include "metrics/registry.hpp"

namespace bsv::actors {

/// Creates, at zero, every series the ARC client actor reports (latency by
/// endpoint, failures by class), so that they are there before the first
/// request.
void announce_arc_series(metrics::Registry& registry);

/// Spawns the ARC client actor; invalid_argument when the URL is unusable.
/// It reports each request's latency (by endpoint) and failed requests (by
/// class) to `metrics` when given.
Result<messages::arc_api> spawn_arc_actor(caf::actor_system& system,
                                          const arc::ArcSettings& settings,
                                          std::shared_ptr<metrics::Registry> metrics = nullptr);

}  // namespace bsv::actors
