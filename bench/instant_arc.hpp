#pragma once
/// An ARC that accepts every transaction at once, without a network: what
/// `bench queue_drain` and `queue_latency` broadcast to when no --arc-url
/// is given, so that they measure the queue alone.

#include "node/arc_stand_in.hpp"

namespace bsv::bench {

class InstantArc final : public ArcStandIn {
 public:
  messages::arc_api spawn(caf::actor_system& system) override;
};

}  // namespace bsv::bench
