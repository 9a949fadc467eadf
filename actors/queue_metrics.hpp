#pragma once
/// The broadcast queue's metrics, looked up once in the node's registry by
/// each worker and the supervisor (metrics names: docs/operations.md).

#include <vector>

#include "metrics/registry.hpp"
#include "store/jobs.hpp"

namespace bsv::actors {

struct QueueMetrics {
  explicit QueueMetrics(metrics::Registry& registry)
      : completed(settled_counter(registry, "accepted")),
        failed(settled_counter(registry, "rejected")),
        lost(settled_counter(registry, "lost_double_spend")),
        retried(settled_counter(registry, "transient")),
        in_doubt(settled_counter(registry, "unknown")),
        past_horizon(registry.counter("bsv_doubt_past_horizon_total",
                                      "Jobs still in doubt after the doubt horizon (each once)")),
        missing_actions(registry.counter(
            "bsv_broadcast_missing_actions_total",
            "Jobs settled whose action row did not exist (an anomaly: logged, never retried)")),
        attempts(registry.histogram("bsv_broadcast_attempts",
                                    "Attempts a job took until ARC's verdict on it",
                                    {1, 2, 3, 4, 5, 10, 20})),
        worker_restarts(registry.counter("bsv_worker_restarts_total",
                                         "Actors restarted after they died",
                                         {{"kind", "broadcast"}})),
        arc_restarts(registry.counter("bsv_worker_restarts_total",
                                      "Actors restarted after they died", {{"kind", "arc"}})),
        tracker_restarts(registry.counter("bsv_worker_restarts_total",
                                          "Actors restarted after they died",
                                          {{"kind", "tracker"}})),
        resolver_restarts(registry.counter(
            "bsv_worker_restarts_total", "Actors restarted after they died", {{"kind", "doubt"}})) {
  }

  /// Counts what one settlement did; `items` are the settlements sent (the
  /// attempts of final ones are observed).
  void count(const store::SettleReport& report, const std::vector<store::Settlement>& items) {
    completed.add(static_cast<std::uint64_t>(report.completed));
    failed.add(static_cast<std::uint64_t>(report.failed));
    lost.add(static_cast<std::uint64_t>(report.lost));
    retried.add(static_cast<std::uint64_t>(report.retried));
    in_doubt.add(static_cast<std::uint64_t>(report.in_doubt));
    missing_actions.add(report.missing_actions.size());
    for (const auto& item : items) {
      if (item.outcome != store::Outcome::transient && item.outcome != store::Outcome::unknown) {
        attempts.observe(item.attempts);
      }
    }
  }

  metrics::Counter& completed;
  metrics::Counter& failed;
  metrics::Counter& lost;
  metrics::Counter& retried;
  metrics::Counter& in_doubt;
  metrics::Counter& past_horizon;
  metrics::Counter& missing_actions;
  metrics::Histogram& attempts;
  metrics::Counter& worker_restarts;
  metrics::Counter& arc_restarts;
  metrics::Counter& tracker_restarts;
  metrics::Counter& resolver_restarts;

 private:
  static metrics::Counter& settled_counter(metrics::Registry& registry, const char* outcome) {
    return registry.counter(
        "bsv_broadcast_settled_total",
        "Jobs settled, by the class of ARC's answer (transient: tried again; unknown: "
        "in doubt)",
        {{"outcome", outcome}});
  }
};

}  // namespace bsv::actors
