// `bsv-wallet-node check`: reads the whole wallet in one snapshot and
// reports every broken invariant (node-interface.md, "check";
// store/invariants.hpp). Read-only. Exit 0 when clean, 1 when something is
// wrong, 3 when the database cannot be reached.

#include <iostream>
#include <nlohmann/json.hpp>

#include "apps/node/cli_errors.hpp"
#include "apps/node/commands.hpp"
#include "config/options.hpp"
#include "db/postgres_store.hpp"

namespace bsv::node {
namespace {

const std::vector<config::FlagSpec> kFlags = {
    {"database-url", true, "libpq connection string or URL (default: $DATABASE_URL)"},
    {"json", false,
     "one JSON object: {\"ok\", \"violations\": [{\"invariant\", \"count\", \"examples\"}]}"},
    {"stale-threshold", true, "seconds a job may be sending before it counts as stuck (300)",
     "SECONDS"},
    {"stale-pending", true, "seconds a pending output without a job may wait (300)", "SECONDS"},
    {"doubt-horizon", true, "seconds a job may be in doubt before it counts as overdue (86400)",
     "SECONDS"},
    {"help", false, "show this help"},
};

store::InvariantLimits limits_from(const config::Options& options) {
  store::InvariantLimits limits;
  limits.stale_threshold = options.seconds("stale-threshold").value_or(limits.stale_threshold);
  limits.stale_pending = options.seconds("stale-pending").value_or(limits.stale_pending);
  limits.doubt_horizon = options.seconds("doubt-horizon").value_or(limits.doubt_horizon);
  return limits;
}

const char* meaning_of(const std::string& name) {
  for (const auto& invariant : store::invariants()) {
    if (name == invariant.name) return invariant.meaning;
  }
  return "";
}

void print_json(const std::vector<store::Violation>& broken) {
  auto violations = nlohmann::json::array();
  for (const auto& v : broken) {
    violations.push_back(
        {{"invariant", v.invariant}, {"count", v.count}, {"examples", v.examples}});
  }
  std::cout << nlohmann::json{{"ok", broken.empty()}, {"violations", violations}}.dump() << "\n";
}

void print_text(const std::vector<store::Violation>& broken) {
  if (broken.empty()) {
    std::cout << "ok: all " << store::invariants().size() << " invariants hold\n";
    return;
  }
  std::cout << broken.size() << " of " << store::invariants().size() << " invariants broken\n";
  for (const auto& v : broken) {
    std::cout << "\n"
              << v.invariant << ": " << v.count << "\n  " << meaning_of(v.invariant) << "\n";
    for (const auto& example : v.examples) std::cout << "    " << example << "\n";
    if (v.count > static_cast<std::int64_t>(v.examples.size())) {
      std::cout << "    ... and " << v.count - static_cast<std::int64_t>(v.examples.size())
                << " more\n";
    }
  }
}

}  // namespace

int run_check(const std::vector<std::string>& args) {
  try {
    config::Options options(args, kFlags);
    if (options.has("help")) {
      std::cout << "usage: bsv-wallet-node check [options]\n\n"
                   "Reads the wallet in one snapshot and reports every broken invariant.\n"
                   "Exit 0: all hold; 1: some are broken; 3: the database is unreachable.\n\n"
                << config::describe(kFlags);
      return kOk;
    }
    if (!options.positional().empty()) {
      throw config::UsageError("unexpected argument '" + options.positional()[0] + "'");
    }
    db::PostgresStore store(config::database_url(options));
    auto found = store.check_invariants(limits_from(options));
    if (!found) return fail(found.error());
    std::vector<store::Violation> broken;
    for (auto& v : *found) {
      if (v.count > 0) broken.push_back(std::move(v));
    }
    options.has("json") ? print_json(broken) : print_text(broken);
    return broken.empty() ? kOk : kRefused;
  } catch (const config::UsageError& e) {
    return fail("usage", e.what(), kUsage, e.hint());
  }
}

}  // namespace bsv::node
