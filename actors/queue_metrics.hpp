#pragma once
/// The broadcast queue's metrics, looked up once in the node's registry by
/// each worker and the supervisor (metrics names: docs/operations.md).

#include <vector>

#include "metrics/registry.hpp"
#include "store/jobs.hpp"

namespace bsv::actors {

struct QueueMetrics {
  explicit QueueMetrics(metrics::Registry& registry)
      : completed(settled_counter(registry, "success")),
        failed(settled_counter(registry, "permanent")),
        retried(settled_counter(registry, "transient")),
        missing_actions(registry.counter(
            "bsv_broadcast_missing_actions_total",
            "Jobs settled whose action row did not exist (an anomaly: logged, never retried)")),
        attempts(registry.histogram("bsv_broadcast_attempts",
                                    "Attempts a job took until it completed or failed for good",
                                    {1, 2, 3, 4, 5, 10, 20})),
        worker_restarts(registry.counter("bsv_worker_restarts_total",
                                         "Actors restarted after they died",
                                         {{"kind", "broadcast"}})),
        arc_restarts(registry.counter("bsv_worker_restarts_total",
                                      "Actors restarted after they died", {{"kind", "arc"}})),
        tracker_restarts(registry.counter("bsv_worker_restarts_total",
                                          "Actors restarted after they died",
                                          {{"kind", "tracker"}})) {}

  /// Counts what one settlement did; `items` are the settlements sent (the
  /// attempts of final ones are observed).
  void count(const store::SettleReport& report, const std::vector<store::Settlement>& items) {
    completed.add(static_cast<std::uint64_t>(report.completed));
    failed.add(static_cast<std::uint64_t>(report.failed));
    retried.add(static_cast<std::uint64_t>(report.retried));
    missing_actions.add(report.missing_actions.size());
    for (const auto& item : items) {
      if (item.outcome != store::Outcome::transient) attempts.observe(item.attempts);
    }
  }

  metrics::Counter& completed;
  metrics::Counter& failed;
  metrics::Counter& retried;
  metrics::Counter& missing_actions;
  metrics::Histogram& attempts;
  metrics::Counter& worker_restarts;
  metrics::Counter& arc_restarts;
  metrics::Counter& tracker_restarts;

 private:
  static metrics::Counter& settled_counter(metrics::Registry& registry, const char* outcome) {
    return registry.counter("bsv_broadcast_settled_total",
                            "Jobs settled, by outcome (transient: put back for a retry)",
                            {{"outcome", outcome}});
  }
};

}  // namespace bsv::actors
