#pragma once
/// What the store actor reports to the node's metrics: request latency by
/// method (from arrival, waiting included), connections in use, requests
/// waiting, store_output records per statement, backlog refusals and
/// worker restarts. Without a registry it reports nothing. Used on the
/// store actor's thread only.

#include <caf/atom.hpp>
#include <chrono>
#include <cstddef>
#include <map>
#include <memory>

#include "metrics/registry.hpp"

namespace bsv::actors {

class StoreActorMetrics {
 public:
  using Clock = std::chrono::steady_clock;

  StoreActorMetrics() = default;
  /// `labels`: each request atom's method name (from the method table).
  StoreActorMetrics(std::shared_ptr<metrics::Registry> registry, int pool_size,
                    std::map<caf::atom_value, const char*> labels);

  /// A request of `method` (its atom) that arrived at `arrived` is answered now.
  void observe(caf::atom_value method, Clock::time_point arrived);
  /// The pool right now.
  void update(std::size_t in_use, std::size_t waiting);
  /// One statement wrote `records` queued store_output records.
  void output_batch(std::size_t records);
  void refused();
  void worker_restarted();

 private:
  /// The latency series of `method`, created (at zero) when missing.
  void ensure_series(caf::atom_value method);
  const char* label(caf::atom_value method) const;

  std::shared_ptr<metrics::Registry> registry_;
  std::map<caf::atom_value, const char*> labels_;
  metrics::Gauge* in_use_ = nullptr;
  metrics::Gauge* waiting_ = nullptr;
  metrics::Counter* refused_ = nullptr;
  metrics::Counter* restarts_ = nullptr;
  metrics::Histogram* batch_size_ = nullptr;
  std::map<caf::atom_value, metrics::Histogram*> latency_;  // by request atom
};

}  // namespace bsv::actors
