#pragma once
/// The broadcast queue's worker side (broadcast-queue.md, "Job lifecycle"):
/// what a worker claims, how it reports an outcome, and what settling
/// answers. Plain values; the database half lives in PostgresStore.

#include <cstdint>
#include <string>
#include <vector>

namespace bsv::store {

/// A job claimed by one worker: it is `sending`, locked by that worker, and
/// `attempts` already counts this attempt.
struct ClaimedJob {
  std::int64_t id = 0;
  std::string txid;
  std::string beef_hex;
  std::int32_t attempts = 0;
};

/// Which jobs a claim takes.
struct ClaimRequest {
  std::string worker;          ///< `<node id>/<worker index>`, stored in locked_by
  std::int32_t limit = 1;      ///< at most this many jobs
  double stale_seconds = 300;  ///< a `sending` job locked longer than this is rescued
  std::int32_t max_attempts = 5;
};

enum class Outcome : std::int32_t { success = 0, permanent = 1, transient = 2 };

/// The verdict on one claimed job. A transient outcome is a retry: the
/// caller has already checked that attempts are left (else it is permanent).
struct Settlement {
  std::int64_t id = 0;
  std::int32_t attempts = 0;  ///< the attempt being settled (the claim's)
  Outcome outcome = Outcome::success;
  std::string error;       ///< last_error for failures and retries
  double retry_after = 0;  ///< seconds until a transient job is due again
  std::string tx_status;   ///< success: ARC's status for it (proof tracking starts there)
  double check_after = 0;  ///< success: seconds until its first proof status check
};

/// What settling did: jobs whose guard held (still `sending`, locked by the
/// settling worker, same attempt) and, of those, the ones that had no action
/// row to update (an anomaly: logged and counted, never retried).
struct SettleReport {
  std::int64_t settled = 0;    ///< completed + failed + retried
  std::int64_t completed = 0;  ///< success
  std::int64_t failed = 0;     ///< permanent failure
  std::int64_t retried = 0;    ///< transient: unsent again
  std::vector<std::string> missing_actions;
};

/// The queue at a glance (`jobs stats`, the node's metrics).
struct JobStats {
  std::int64_t unsent = 0;
  std::int64_t sending = 0;
  std::int64_t completed = 0;
  std::int64_t failed = 0;
  double oldest_unsent_seconds = -1;  ///< age of the oldest unsent job; -1 when none
};

}  // namespace bsv::store
