#pragma once
/// The `bench` scenarios of node-interface.md that exercise the store:
/// store_output, find_outputs, lock_cycle, allocate, funding_two_step.
/// Against a database store_output works in a private schema it creates,
/// migrates and drops; the others run over a filled data set of `rows` rows
/// in a schema kept for the next run (bench_<dataset>_<rows>) and leave it
/// as they found it. Against a remote node a run deletes every output it
/// wrote.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "bench/harness.hpp"

namespace bsv::bench {

/// Where the requests go.
struct Target {
  enum class Mode {
    actor,   ///< the store actor in this process (the default)
    direct,  ///< a PostgresStore per requester, no actors (the baseline for the others)
    node,    ///< a remote node over CAF's network transport
  };
  Mode mode = Mode::actor;
  std::string database_url;  ///< actor and direct modes
  int pool_size = 4;         ///< actor mode
  std::string node_host;     ///< node mode
  std::uint16_t node_port = 0;
  /// Rows of the data set find_outputs, lock_cycle, allocate and
  /// funding_two_step run over (filled once, kept for later runs).
  std::int64_t rows = 100000;
};

/// The scenario names, in the order --help lists them (the queue's are run
/// by bench/queue_scenarios.hpp).
const std::vector<std::string>& scenario_names();

/// Runs scenario `name`; answers the figures with "scenario" and "mode"
/// added. Throws std::runtime_error when setup fails.
nlohmann::json run_scenario(const std::string& name, const Target& target, const RunLimits& limits);

/// The output record store_output upserts for key `n` (bench/compare.sh
/// gives pgbench a record of the same shape).
nlohmann::json bench_output(long long n);

}  // namespace bsv::bench
