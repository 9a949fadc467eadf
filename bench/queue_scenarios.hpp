#pragma once
/// The broadcast queue's `bench` scenarios (node-interface.md):
/// - queue_drain: `count` auto-funded jobs seeded first, then a node's
///   broadcast workers drain them; one op is one job settled. p50/p99 are
///   the times from the start of the drain to each job's settlement.
/// - queue_latency: one job enqueued alone, timed from the enqueue's commit
///   to the settlement's commit as the database saw them (created_at to
///   updated_at), repeated `count` times (default 200) one after the other.
/// Both run the node in this process over a private schema (or the kept
/// history of `history` jobs), against the ARC
/// at `arc_url`, or an in-process ARC answering at once when it is empty.

#include <nlohmann/json.hpp>
#include <string>

#include "bench/harness.hpp"

namespace bsv::bench {

struct QueueTarget {
  std::string database_url;
  std::string arc_url;  ///< empty: instant in-process ARC
  int pool_size = 4;
  int workers = 4;
  /// Completed jobs (with actions) in the queue table before the run: a
  /// filled data set kept between runs; the run removes what it added.
  std::int64_t history = 0;
};

/// True for the scenario names this file runs.
bool is_queue_scenario(const std::string& name);

/// Runs scenario `name`; throws std::runtime_error when setup fails.
nlohmann::json run_queue_scenario(const std::string& name, const QueueTarget& target,
                                  const RunLimits& limits);

}  // namespace bsv::bench
