#pragma once
/// Runs a real child process and collects its exit code and output.

#include <sys/types.h>

#include <string>
#include <vector>

namespace bsv::testing {

struct ProcessResult {
  int exit_code = -1;  ///< the exit status, or 128 + signal
  std::string out;
  std::string err;
};

/// Runs `argv` (argv[0] is the program path) with `input` on stdin and
/// `env` ("NAME=value" entries) added to this process's environment; waits
/// for it to exit.
ProcessResult run_process(const std::vector<std::string>& argv, const std::string& input = {},
                          const std::vector<std::string>& env = {});

/// Path of the bsv-wallet-node binary under test.
std::string node_binary();

/// Path of the arc-sim binary under test.
std::string arc_sim_binary();

/// Resident memory of process `pid` in KiB (VmRSS), or -1.
long resident_kib(pid_t pid);

}  // namespace bsv::testing
