#pragma once
/// Proof tracking (broadcast-queue.md, "Proof tracking"): after a
/// successful broadcast a txid is followed until ARC reports it MINED with a
/// merkle path. Status reports come from `GET /v1/tx/{txid}` (the tracker)
/// and from ARC's callbacks, possibly duplicated and out of order; this
/// file decides what one report does, without touching the database.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace bsv::store {

/// One status report about a broadcast transaction, as ARC sends it.
struct StatusReport {
  std::string txid;
  std::string tx_status;   ///< ARC's txStatus
  std::string block_hash;  ///< with MINED / MINED_IN_STALE_BLOCK
  std::int64_t block_height = -1;
  std::string merkle_path;  ///< BUMP hex, with MINED
  std::string extra_info;
};

/// Where a broadcast txid stands (its job row's tracking columns).
struct TrackedTx {
  std::string proof_state;  ///< tracking, proven, failed, attention
  std::string arc_status;   ///< the highest-ranked status applied so far
  std::string block_hash;   ///< of the stored proof
  double seconds_since_accepted = 0;
};

/// What a report does.
enum class Transition {
  ignore,         ///< nothing (a duplicate, a lower rank, a final state)
  record_status,  ///< only the status moves up
  prove,          ///< store the proof, action completed, block recorded
  unprove,        ///< its block went stale: action unproven, tracked again
  fail,           ///< rejected after acceptance: action failed, outputs untouched
};

/// What one claim of the tracker took: txids to ask ARC about now, and
/// txids that ran out of checks unproven (now `attention`).
struct ProofClaim {
  std::vector<std::string> to_check;
  std::vector<std::string> endpoints;  ///< aligned with to_check: the ARC endpoint to ask first
  std::vector<std::string> gave_up;
};

/// A block's header as a header source confirmed it (display hex); an
/// empty merkle_root: none remembered for that height.
struct BlockHeader {
  std::int64_t height = -1;
  std::string merkle_root;
  std::string block_hash;  ///< may be empty (a bhs source gives none)
};

/// How a report is applied.
struct ReportPolicy {
  double double_spend_grace = 600;
  double first_check = 60;  ///< after an unprove: look again this soon
  double interval = 600;    ///< between checks (and the one confirmation after proving)
  /// true: the tracker's own check; false: a callback (a proof from a
  /// callback needs no confirmation check: ARC calls back about reorgs).
  bool from_tracker = true;
};

/// ARC's order of statuses (UNKNOWN 0 … MINED 13); -1 for an unknown word.
int status_rank(const std::string& status);

/// The rule: a report never moves a txid to a lower rank, except that a
/// block-level report about another block than the stored one wins (MINED
/// elsewhere replaces the proof; MINED_IN_STALE_BLOCK for the stored block
/// unproves it). REJECTED fails at once; DOUBLE_SPEND_ATTEMPTED only once
/// `double_spend_grace` seconds have passed since acceptance. MINED without
/// a merkle path only records the status. A failed txid stays failed.
Transition decide(const TrackedTx& current, const StatusReport& report, double double_spend_grace);

/// Checks that `report.merkle_path` is a BUMP proving `report.txid` (and,
/// when given, at `report.block_height`); the error says why not.
std::optional<std::string> check_merkle_path(const StatusReport& report);

}  // namespace bsv::store
