// `bsv-wallet-node bench SCENARIO`: one benchmark, one line of JSON.

#include <algorithm>
#include <iostream>

#include "apps/node/cli_errors.hpp"
#include "apps/node/commands.hpp"
#include "bench/queue_scenarios.hpp"
#include "bench/scenarios.hpp"
#include "config/node_config.hpp"
#include "config/options.hpp"

namespace bsv::node {
namespace {

const std::vector<config::FlagSpec> kFlags = {
    {"database-url", true, "libpq connection string or URL (default: $DATABASE_URL)"},
    {"node", true, "HOST:PORT: send the requests to a running node instead"},
    {"direct", false,
     "no actors: each requester owns a PostgresStore (the baseline for the actor targets)"},
    {"pool-size", true, "connections of the in-process store actor (default 4)"},
    {"arc-url", true,
     "queue scenarios: the ARC to broadcast to (default: an instant in-process one)"},
    {"workers", true, "queue scenarios: broadcast workers (default 4)"},
    {"concurrency", true, "concurrent requesters (default 8; find_outputs 1)"},
    {"duration", true, "seconds to run (default 10)"},
    {"count", true, "run this many operations instead of a duration (queue_drain: jobs, 10000)"},
    {"rows", true,
     "find_outputs, lock_cycle, allocate, funding_two_step: outputs in the table (default "
     "100000); the filled table is kept for the next run"},
    {"history", true,
     "queue scenarios: completed jobs already in the queue table (default 0); kept likewise"},
    {"help", false, "show this help"},
};

bench::Target target_of(const config::Options& options) {
  bench::Target target;
  if (auto node = options.text("node")) {
    if (options.has("direct") || options.has("database-url")) {
      throw config::UsageError("--node goes without --direct and --database-url");
    }
    target.mode = bench::Target::Mode::node;
    std::tie(target.node_host, target.node_port) = config::parse_host_port(*node, "--node");
    return target;
  }
  target.database_url = config::database_url(options);
  target.mode = options.has("direct") ? bench::Target::Mode::direct : bench::Target::Mode::actor;
  target.pool_size = static_cast<int>(options.integer("pool-size", 1, 256).value_or(4));
  target.rows = options.integer("rows", 1, 100000000).value_or(target.rows);
  return target;
}

}  // namespace

int run_bench(const std::vector<std::string>& args) {
  std::string scenario;
  bench::Target target;
  bench::QueueTarget queue_target;
  bench::RunLimits limits;
  try {
    config::Options options(args, kFlags);
    if (options.has("help")) {
      std::cout << "usage: bsv-wallet-node bench SCENARIO [options]\nscenarios:";
      for (const auto& name : bench::scenario_names()) std::cout << " " << name;
      std::cout << "\n" << config::describe(kFlags);
      return kOk;
    }
    if (options.positional().size() != 1) throw config::UsageError("give exactly one SCENARIO");
    scenario = options.positional()[0];
    const auto& names = bench::scenario_names();
    if (std::find(names.begin(), names.end(), scenario) == names.end()) {
      throw config::UsageError("unknown scenario '" + scenario + "'",
                               config::did_you_mean(scenario, names));
    }
    target = target_of(options);
    if (bench::is_queue_scenario(scenario)) {
      if (target.mode != bench::Target::Mode::actor) {
        throw config::UsageError(scenario + " runs a node in this process: no --node or --direct");
      }
      queue_target.database_url = target.database_url;
      queue_target.pool_size = target.pool_size;
      queue_target.arc_url = options.text("arc-url").value_or("");
      queue_target.workers = static_cast<int>(options.integer("workers", 1, 256).value_or(4));
      queue_target.history = options.integer("history", 0, 100000000).value_or(0);
      if (options.has("rows")) throw config::UsageError("--rows is not for the queue scenarios");
    } else if (options.has("arc-url") || options.has("workers") || options.has("history")) {
      throw config::UsageError("--arc-url, --workers and --history are for the queue scenarios");
    }
    limits.concurrency = static_cast<int>(
        options.integer("concurrency", 1, 256).value_or(scenario == "find_outputs" ? 1 : 8));
    limits.duration_seconds = options.seconds("duration").value_or(10);
    limits.count = options.integer("count", 1, 1000000000).value_or(0);
  } catch (const config::UsageError& e) {
    return fail("usage", e.what(), kUsage, e.hint());
  }
  try {
    auto figures = bench::is_queue_scenario(scenario)
                       ? bench::run_queue_scenario(scenario, queue_target, limits)
                       : bench::run_scenario(scenario, target, limits);
    std::cout << figures.dump() << "\n";
    return figures["errors"].get<long long>() == 0 ? kOk : kInternal;
  } catch (const std::exception& e) {
    std::cerr << "bench: " << e.what() << "\n";
    return kUnavailable;
  }
}

}  // namespace bsv::node
