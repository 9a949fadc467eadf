#pragma once
/// The wallet's invariants (node-interface.md, "check"): what must hold
/// between outputs, actions, proofs and broadcast jobs for the books to
/// agree with the chain. Each is one SQL query, db/sql/invariant_<name>.sql;
/// `bsv-wallet-node check` and the node's metric run them.

#include <cstdint>
#include <string>
#include <vector>

namespace bsv::store {

/// One invariant: its name (also its query's file name) and what breaking
/// it means, for people.
struct Invariant {
  const char* name;
  const char* meaning;
};

/// The seven invariants, in the order node-interface.md lists them.
const std::vector<Invariant>& invariants();

/// The thresholds some invariants are measured against (seconds; `serve`'s
/// defaults).
struct InvariantLimits {
  double stale_threshold = 300;  ///< a `sending` job locked longer is stuck
  double stale_pending = 300;    ///< a pending output without a job older is stale
  double doubt_horizon = 86400;  ///< an `in_doubt` job older is overdue
};

/// What one invariant's query found: how many rows break it and up to ten
/// of them, described.
struct Violation {
  std::string invariant;
  std::int64_t count = 0;
  std::vector<std::string> examples;
};

}  // namespace bsv::store
