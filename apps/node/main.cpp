// bsv-wallet-node: one binary for migrating, calling and benchmarking the
// wallet store, and for serving it to other processes.

#include <algorithm>
#include <iostream>
#include <string>
#include <vector>

#include "apps/node/commands.hpp"
#include "config/options.hpp"

namespace {

const char* const kVersion = "bsv-wallet-node " BSV_VERSION " (" BSV_COMMIT ")";

const char* const kUsage =
    "usage: bsv-wallet-node COMMAND [options]\n"
    "\n"
    "commands:\n"
    "  migrate [--database-url URL] [--status]   apply (or list) schema migrations\n"
    "  serve [options]                           run the node: publish the store actor on "
    "--listen\n"
    "  call METHOD [JSON|-] [--database-url URL | --node HOST:PORT]\n"
    "                                            call one store method, print the JSON result\n"
    "  jobs list|show|stats|retry|abandon ...    inspect and repair the broadcast queue\n"
    "  check [--json]                            report every broken invariant of the wallet\n"
    "  bench SCENARIO --database-url URL ...     run a benchmark, print one line of JSON\n"
    "\n"
    "DATABASE_URL is used when --database-url is not given.\n"
    "Run 'bsv-wallet-node COMMAND --help' for a command's options.\n";

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    std::cout << kUsage;
    return args.empty() ? bsv::node::kUsage : bsv::node::kOk;
  }
  // `--version` after any subcommand too (`serve --version`).
  if (std::find(args.begin(), args.end(), "--version") != args.end()) {
    std::cout << kVersion << "\n";
    return bsv::node::kOk;
  }
  const std::string command = args[0];
  args.erase(args.begin());
  try {
    if (command == "migrate") return bsv::node::run_migrate(args);
    if (command == "call") return bsv::node::run_call(args);
    if (command == "bench") return bsv::node::run_bench(args);
    if (command == "serve") return bsv::node::run_serve(args);
    if (command == "jobs") return bsv::node::run_jobs(args);
    if (command == "check") return bsv::node::run_check(args);
    std::cerr << "unknown command '" << command << "'\n" << kUsage;
    return bsv::node::kUsage;
  } catch (const std::exception& e) {
    // Last line of defence: a bug must not end in an uncaught exception.
    std::cerr << "internal error: " << e.what() << "\n";
    return bsv::node::kInternal;
  }
}
