#pragma once
/// The values the broadcast queue's actors exchange with the store actor
/// (claims, settlements, job counts, proof reports), with CAF inspect
/// functions. In-process only, but registered like every other message
/// type. No CAF includes.

#include <cstdint>
#include <string>
#include <vector>

#include "messages/store_wire.hpp"
#include "store/invariants.hpp"
#include "store/jobs.hpp"
#include "store/proof_tracking.hpp"

namespace bsv::messages {

/// Jobs one claim took, oldest first.
struct job_list {
  std::vector<store::ClaimedJob> jobs;
};

/// Outcomes of claimed jobs (settle_jobs' second argument on the wire; a
/// broadcast worker's settlement to try again).
struct settlement_list {
  std::vector<store::Settlement> items;
};

/// What the invariant queries found (check_invariants' answer on the wire).
struct violation_list {
  std::vector<store::Violation> items;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, violation_list& x) {
  return f(x.items);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, job_list& x) {
  return f(x.jobs);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, settlement_list& x) {
  return f(x.items);
}

// The queue's values as the store protocol carries them (see wire<T>).
template <>
struct wire<std::vector<store::ClaimedJob>> {
  using type = job_list;
  static job_list save(const std::vector<store::ClaimedJob>& jobs) { return {jobs}; }
  static Result<std::vector<store::ClaimedJob>> load(const job_list& list, const char*) {
    return list.jobs;
  }
};
template <>
struct wire<std::vector<store::Settlement>> {
  using type = settlement_list;
  static settlement_list save(const std::vector<store::Settlement>& items) { return {items}; }
  static Result<std::vector<store::Settlement>> load(const settlement_list& list, const char*) {
    return list.items;
  }
};
template <>
struct wire<std::vector<store::Violation>> {
  using type = violation_list;
  static violation_list save(const std::vector<store::Violation>& items) { return {items}; }
  static Result<std::vector<store::Violation>> load(const violation_list& list, const char*) {
    return list.items;
  }
};
template <>
struct wire<store::Transition> {
  using type = std::int32_t;
  static std::int32_t save(store::Transition t) { return static_cast<std::int32_t>(t); }
  static Result<store::Transition> load(std::int32_t value, const char*) {
    return static_cast<store::Transition>(value);
  }
};

}  // namespace bsv::messages

// Found by argument-dependent lookup, so in the types' own namespaces.
namespace bsv::store {
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, ClaimedJob& x) {
  return f(x.id, x.txid, x.beef_hex, x.attempts, x.doubt_checks, x.past_horizon, x.arc_endpoint);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, ClaimRequest& x) {
  return f(x.worker, x.limit, x.stale_seconds, x.max_attempts);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, Settlement& x) {
  return f(x.id, x.attempts, x.outcome, x.error, x.retry_after, x.tx_status, x.check_after,
           x.competing_txids, x.arc_endpoint);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, SettleReport& x) {
  return f(x.settled, x.completed, x.failed, x.lost, x.retried, x.in_doubt, x.missing_actions);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, StatusReport& x) {
  return f(x.txid, x.tx_status, x.block_hash, x.block_height, x.merkle_path, x.extra_info);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, ReportPolicy& x) {
  return f(x.double_spend_grace, x.first_check, x.interval, x.from_tracker);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, ProofClaim& x) {
  return f(x.to_check, x.endpoints, x.gave_up);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, BlockHeader& x) {
  return f(x.height, x.merkle_root, x.block_hash);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, InvariantLimits& x) {
  return f(x.stale_threshold, x.stale_pending, x.doubt_horizon);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, Violation& x) {
  return f(x.invariant, x.count, x.examples);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, JobStats& x) {
  return f(x.unsent, x.sending, x.completed, x.failed, x.in_doubt, x.oldest_unsent_seconds);
}
}  // namespace bsv::store
