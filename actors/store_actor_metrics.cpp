#include "actors/store_actor_metrics.hpp"

namespace bsv::actors {

StoreActorMetrics::StoreActorMetrics(std::shared_ptr<metrics::Registry> registry, int pool_size,
                                     std::map<caf::atom_value, const char*> labels)
    : registry_(std::move(registry)), labels_(std::move(labels)) {
  if (!registry_) return;
  registry_->gauge("bsv_store_pool_size", "Database connections of the store actor").set(pool_size);
  in_use_ = &registry_->gauge("bsv_store_pool_in_use", "Connections busy with a request");
  waiting_ = &registry_->gauge("bsv_store_pool_waiting",
                               "Store requests waiting for a connection (the backlog)");
  refused_ = &registry_->counter("bsv_store_backlog_rejections_total",
                                 "Store requests answered `unavailable` because the backlog "
                                 "was full or the node was shutting down");
  batch_size_ = &registry_->histogram("bsv_store_output_batch_records",
                                      "store_output records written by one statement",
                                      {1, 2, 4, 8, 16, 32, 64});
  restarts_ = &registry_->counter("bsv_worker_restarts_total", "Actors restarted after they died",
                                  {{"kind", "store"}});
  // Every method's series from the start (at zero), so alerts have something to match.
  for (const auto& [method, name] : labels_) ensure_series(method);
}

void StoreActorMetrics::ensure_series(caf::atom_value method) {
  auto& histogram = latency_[method];
  if (!histogram) {
    histogram = &registry_->histogram("bsv_store_request_seconds",
                                      "Store requests from arrival to answer, by method",
                                      metrics::latency_buckets(), {{"method", label(method)}});
  }
}

void StoreActorMetrics::observe(caf::atom_value method, Clock::time_point arrived) {
  if (!registry_) return;
  ensure_series(method);
  latency_[method]->observe(std::chrono::duration<double>(Clock::now() - arrived).count());
}

const char* StoreActorMetrics::label(caf::atom_value method) const {
  auto it = labels_.find(method);
  return it == labels_.end() ? "other" : it->second;
}

void StoreActorMetrics::update(std::size_t in_use, std::size_t waiting) {
  if (!registry_) return;
  in_use_->set(static_cast<std::int64_t>(in_use));
  waiting_->set(static_cast<std::int64_t>(waiting));
}

void StoreActorMetrics::output_batch(std::size_t records) {
  if (batch_size_) batch_size_->observe(static_cast<double>(records));
}

void StoreActorMetrics::refused() {
  if (refused_) refused_->add();
}

void StoreActorMetrics::worker_restarted() {
  if (restarts_) restarts_->add();
}

}  // namespace bsv::actors
