#pragma once
/// Something that answers a node's broadcast workers as ARC would, in
/// place of an ARC endpoint: a benchmark's in-process stand-in
/// (bench/instant_arc.hpp). Given to WalletNode::start_broadcast.

#include <caf/fwd.hpp>

#include "messages/arc_protocol.hpp"

namespace bsv {

class ArcStandIn {
 public:
  virtual ~ArcStandIn() = default;

  /// Spawns the actor that answers as the ARC client actor does (called
  /// again when it died).
  virtual messages::arc_api spawn(caf::actor_system& system) = 0;
};

}  // namespace bsv
