#pragma once
/// The broadcast queue's worker side (broadcast-queue.md, "Job lifecycle"):
/// what a worker claims, how it reports an outcome, and what settling
/// answers. Plain values; the database half lives in PostgresStore.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace bsv::store {

/// A job claimed by one worker: it is `sending`, locked by that worker, and
/// `attempts` already counts this attempt.
struct ClaimedJob {
  std::int64_t id = 0;
  std::string txid;
  std::string beef_hex;
  std::int32_t attempts = 0;
  std::int32_t doubt_checks = 0;  ///< an `in_doubt` job: status checks made so far
  bool past_horizon = false;      ///< an `in_doubt` job that has just outlived the doubt horizon
  std::string arc_endpoint;       ///< an `in_doubt` job: the ARC endpoint to ask first
};

/// Which jobs a claim takes.
struct ClaimRequest {
  std::string worker;          ///< `<node id>/<worker index>`, stored in locked_by
  std::int32_t limit = 1;      ///< at most this many jobs
  double stale_seconds = 300;  ///< a `sending` job locked longer than this is rescued
  std::int32_t max_attempts = 5;
};

/// The class of ARC's answer about one transaction (broadcast-queue.md,
/// "Classifying ARC answers"), which is also how its job is settled.
enum class Outcome : std::int32_t {
  accepted = 0,           ///< job completed: inputs spent, change spendable, action unproven
  rejected = 1,           ///< refused: inputs back to spendable, change deleted, job failed
  lost_double_spend = 2,  ///< a competitor spent the inputs: they stay spent, change deleted
  transient = 3,          ///< nothing known yet: retried (a job in doubt stays in doubt)
  unknown = 4,            ///< ARC may have it: job in_doubt, outputs stay pending
};

/// The name of an outcome, as the settlement statement and the metrics say it.
const char* to_string(Outcome outcome);

/// The verdict on one claimed job. A transient outcome of a `sending` job
/// is a retry: the caller has already checked that attempts are left (else
/// it is unknown). Only `rejected` ever makes an output spendable again.
struct Settlement {
  std::int64_t id = 0;
  std::int32_t attempts = 0;  ///< the attempt being settled (the claim's)
  Outcome outcome = Outcome::accepted;
  std::string error;       ///< last_error for everything but acceptance
  double retry_after = 0;  ///< seconds until a transient job is due again, or an unknown
                           ///< one's next status check
  std::string tx_status;   ///< ARC's status for it (accepted: proof tracking starts there)
  double check_after = 0;  ///< accepted: seconds until its first proof status check
  std::vector<std::string> competing_txids;  ///< from ARC: transactions spending the same inputs
  std::string arc_endpoint;  ///< the ARC endpoint that gave a non-transient answer (kept else)
};

/// What settling did: jobs whose guard held (still `sending`, locked by the
/// settling worker, same attempt) and, of those, the ones that had no action
/// row to update (an anomaly: logged and counted, never retried).
struct SettleReport {
  std::int64_t settled = 0;    ///< every job whose guard held
  std::int64_t completed = 0;  ///< accepted
  std::int64_t failed = 0;     ///< rejected
  std::int64_t lost = 0;       ///< lost a double spend
  std::int64_t retried = 0;    ///< transient: unsent again (or still in doubt)
  std::int64_t in_doubt = 0;   ///< unknown: in_doubt
  std::vector<std::string> missing_actions;
};

/// The queue at a glance (`jobs stats`, the node's metrics).
struct JobStats {
  std::int64_t unsent = 0;
  std::int64_t sending = 0;
  std::int64_t completed = 0;
  std::int64_t failed = 0;
  std::int64_t in_doubt = 0;
  double oldest_unsent_seconds = -1;  ///< age of the oldest unsent job; -1 when none
};

/// The queue's history (`jobs stats`; reads every job): what its payloads
/// weigh and where its proofs stand.
struct HistoryStats {
  std::int64_t with_payload = 0;     ///< jobs still holding their payload
  std::int64_t payload_bytes = 0;    ///< the bytes of those payloads
  std::int64_t payload_dropped = 0;  ///< completed jobs whose payload retention dropped
  /// Jobs by proof state (tracking, proven, failed, attention), the states present.
  std::vector<std::pair<std::string, std::int64_t>> proof_states;
};

}  // namespace bsv::store
