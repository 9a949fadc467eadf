#pragma once
/// How a node runs its broadcast queue (node-interface.md, serve options;
/// broadcast-queue.md). No CAF here: part of the embeddable API.

#include <chrono>
#include <string>

#include "arc/arc_client.hpp"

namespace bsv {

struct BroadcastOptions {
  arc::ArcSettings arc;          ///< empty url: an instant in-process ARC (benchmarks only)
  std::string node_id;           ///< locked_by is `<node_id>/<worker index>`; keep it stable
  int workers = 4;               ///< broadcast worker actors
  int batch = 16;                ///< jobs one worker claims (and sends to ARC) at a time
  double poll_interval = 8;      ///< seconds between claims when no notification comes
  double stale_threshold = 300;  ///< seconds before a `sending` job is rescued
  int max_attempts = 5;
  double retry_base = 2;  ///< seconds: backoff(n) = min(max, base * 4^(n-1)) ± 20 %
  double retry_max = 600;
};

}  // namespace bsv
