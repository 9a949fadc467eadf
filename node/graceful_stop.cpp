#include "node/graceful_stop.hpp"

#include <caf/actor.hpp>
#include <caf/after.hpp>
#include <caf/exit_reason.hpp>
#include <caf/scoped_actor.hpp>
#include <caf/send.hpp>

namespace bsv::node {

bool stop_gracefully(caf::actor_system& system, const caf::actor& actor,
                     std::chrono::milliseconds limit) {
  caf::scoped_actor self{system};
  self->monitor(actor);
  caf::anon_send_exit(actor, caf::exit_reason::user_shutdown);
  bool down = false;
  self->receive([&](const caf::down_msg&) { down = true; }, caf::after(limit) >> [] {});
  return down;
}

}  // namespace bsv::node
