#pragma once
/// store_worker: one detached actor owning one PostgresStore (one
/// connection), answering every store message in turn.
///
/// States: connected -> (a call answers unavailable) -> backing off: for a
/// growing delay (0.1 s doubling to 5 s) requests are answered `unavailable`
/// at once without touching the database; the first request after the delay
/// reconnects. A method the table marks `retry` (reads, upserts, guarded
/// updates: messages/store_methods.def) that fails on a broken connection is
/// sent once more on a fresh one; the others are answered `unavailable`.
/// Besides the table's methods it takes batches of store_output records,
/// written in one statement (see store_actor). Its handlers are derived
/// from the table: adding a method needs nothing here.

#include <caf/fwd.hpp>
#include <string>

#include "messages/queue_protocol.hpp"

namespace bsv::actors {

/// Spawns a detached store worker for the database at `conninfo`
/// (`schema`: optional search_path). Its connection opens on the first request.
messages::store_worker_api spawn_store_worker(caf::actor_system& system,
                                              const std::string& conninfo,
                                              const std::string& schema);

}  // namespace bsv::actors
