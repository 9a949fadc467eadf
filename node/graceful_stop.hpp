#pragma once
/// Stopping an actor the way the node shuts down: an exit message with
/// `user_shutdown` (which the store actor and the broadcast supervisor take
/// as "drain"), then waiting for it to be down.

#include <caf/fwd.hpp>
#include <chrono>

namespace bsv::node {

/// Sends `actor` an exit (user_shutdown) and waits until it is down, at most
/// `limit`. Answers whether it went down in time.
bool stop_gracefully(caf::actor_system& system, const caf::actor& actor,
                     std::chrono::milliseconds limit);

}  // namespace bsv::node
