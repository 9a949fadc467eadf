#pragma once
/// How a node runs its broadcast queue (node-interface.md, serve options;
/// broadcast-queue.md). No CAF here: part of the embeddable API.

#include <chrono>
#include <string>

#include "arc/arc_client.hpp"

namespace bsv {

/// How a node follows broadcast transactions until their proofs are stored
/// (broadcast-queue.md, "Proof tracking").
struct ProofOptions {
  bool enabled = true;              ///< false: no tracker (proofs come from elsewhere)
  double first_check = 60;          ///< seconds after acceptance of the first status check
  double interval = 600;            ///< the longest wait between checks (about one block)
  int max_checks = 144;             ///< then the txid is marked `attention`, no more polling
  double double_spend_grace = 600;  ///< seconds a DOUBLE_SPEND_ATTEMPTED may last after acceptance
  int batch = 16;                   ///< txids one round of the tracker checks at most
};

struct BroadcastOptions {
  arc::ArcSettings arc;          ///< where and how to reach ARC
  std::string node_id;           ///< locked_by is `<node_id>/<worker index>`; keep it stable
  int workers = 4;               ///< broadcast worker actors
  int batch = 16;                ///< jobs one worker claims (and sends to ARC) at a time
  double poll_interval = 8;      ///< seconds between claims when no notification comes
  double stale_threshold = 300;  ///< seconds before a `sending` job is rescued
  int max_attempts = 5;
  double retry_base = 2;  ///< seconds: backoff(n) = min(max, base * 4^(n-1)) ± 20 %
  double retry_max = 600;
  ProofOptions proofs;  ///< following broadcast transactions until they are proven
};

}  // namespace bsv
