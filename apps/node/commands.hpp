#pragma once
/// The subcommands of bsv-wallet-node. Each takes the words after its name
/// and returns the process exit code (node-interface.md).

#include <string>
#include <vector>

namespace bsv::node {

/// Exit codes shared by the subcommands.
enum Exit : int {
  kOk = 0,
  kRefused = 1,      ///< not_found, duplicate, invalid_argument, conflict
  kUsage = 2,        ///< bad command line or unparsable input
  kUnavailable = 3,  ///< database or node unreachable, timeout
  kInternal = 4,     ///< internal error; for migrate: a migration failed
};

int run_migrate(const std::vector<std::string>& args);
int run_call(const std::vector<std::string>& args);
int run_bench(const std::vector<std::string>& args);
int run_serve(const std::vector<std::string>& args);
int run_jobs(const std::vector<std::string>& args);
int run_check(const std::vector<std::string>& args);

}  // namespace bsv::node
