#include "actors/store_actor_metrics.hpp"

#include "messages/store_protocol.hpp"

namespace bsv::actors {
namespace {

using namespace bsv::messages;

// The contract's method name for a request atom (the metrics' label).
const char* method_name(caf::atom_value atom) {
  static const std::map<caf::atom_value, const char*> names = {
      {store_action_atom::value, "store_action"},
      {find_actions_atom::value, "find_actions"},
      {count_actions_atom::value, "count_actions"},
      {action_status_atom::value, "update_action_status"},
      {delete_action_atom::value, "delete_action"},
      {store_output_atom::value, "store_output"},
      {find_outputs_atom::value, "find_outputs"},
      {count_outputs_atom::value, "count_outputs"},
      {delete_output_atom::value, "delete_output"},
      {output_basket_atom::value, "update_output_basket"},
      {output_state_atom::value, "update_output_state"},
      {lock_utxos_atom::value, "lock_utxos"},
      {find_spendable_atom::value, "find_spendable_outputs"},
      {release_stale_atom::value, "release_stale_pending"},
      {store_cert_atom::value, "store_certificate"},
      {find_certs_atom::value, "find_certificates"},
      {count_certs_atom::value, "count_certificates"},
      {delete_cert_atom::value, "delete_certificate"},
      {store_proof_atom::value, "store_proof"},
      {find_proof_atom::value, "find_proof"},
      {store_tx_atom::value, "store_transaction"},
      {find_tx_atom::value, "find_transaction"},
      {store_setting_atom::value, "store_setting"},
      {find_setting_atom::value, "find_setting"},
      {enqueue_atom::value, "enqueue"},
      {broadcast_status_atom::value, "broadcast_status"},
      {claim_jobs_atom::value, "claim_jobs"},
      {claim_stuck_atom::value, "claim_exhausted_jobs"},
      {settle_jobs_atom::value, "settle_jobs"},
      {release_jobs_atom::value, "release_jobs"},
      {job_stats_atom::value, "job_stats"},
      {claim_proofs_atom::value, "claim_proof_checks"},
      {apply_report_atom::value, "apply_status_report"},
  };
  auto it = names.find(atom);
  return it == names.end() ? "other" : it->second;
}

}  // namespace

StoreActorMetrics::StoreActorMetrics(std::shared_ptr<metrics::Registry> registry, int pool_size)
    : registry_(std::move(registry)) {
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
}

void StoreActorMetrics::observe(caf::atom_value method, Clock::time_point arrived) {
  if (!registry_) return;
  auto& histogram = latency_[method];
  if (!histogram) {
    histogram = &registry_->histogram(
        "bsv_store_request_seconds", "Store requests from arrival to answer, by method",
        metrics::latency_buckets(), {{"method", method_name(method)}});
  }
  histogram->observe(std::chrono::duration<double>(Clock::now() - arrived).count());
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
