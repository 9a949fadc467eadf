#pragma once
/// The `bench` scenarios of node-interface.md that exercise the store:
/// store_output, find_outputs, lock_cycle. Each runs in a private schema it
/// creates, migrates and drops, so it leaves nothing behind.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "bench/harness.hpp"

namespace bsv::bench {

/// The scenario names, in the order --help lists them.
const std::vector<std::string>& scenario_names();

/// Runs scenario `name` against the database at `url`; answers the figures
/// with "scenario" added. Throws std::runtime_error when setup fails.
nlohmann::json run_scenario(const std::string& name, const std::string& url, const RunLimits& limits);

/// The output record store_output upserts for key `n` (bench/compare.sh
/// gives pgbench a record of the same shape).
nlohmann::json bench_output(long long n);

}  // namespace bsv::bench
