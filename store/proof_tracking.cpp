#include "store/proof_tracking.hpp"

#include <array>

#include "chain/beef.hpp"
#include "chain/transaction.hpp"

namespace bsv::store {

int status_rank(const std::string& status) {
  static const std::array<const char*, 14> order = {"UNKNOWN",
                                                    "QUEUED",
                                                    "RECEIVED",
                                                    "STORED",
                                                    "ANNOUNCED_TO_NETWORK",
                                                    "REQUESTED_BY_NETWORK",
                                                    "SENT_TO_NETWORK",
                                                    "ACCEPTED_BY_NETWORK",
                                                    "SEEN_IN_ORPHAN_MEMPOOL",
                                                    "SEEN_ON_NETWORK",
                                                    "DOUBLE_SPEND_ATTEMPTED",
                                                    "REJECTED",
                                                    "MINED_IN_STALE_BLOCK",
                                                    "MINED"};
  for (std::size_t i = 0; i < order.size(); ++i) {
    if (status == order[i]) return static_cast<int>(i);
  }
  return -1;
}

Transition decide(const TrackedTx& current, const StatusReport& report, double double_spend_grace) {
  const int rank = status_rank(report.tx_status);
  if (rank < 0 || current.proof_state == "failed") return Transition::ignore;
  const bool proven = current.proof_state == "proven";
  const bool other_block = !report.block_hash.empty() && report.block_hash != current.block_hash;
  if (report.tx_status == "MINED") {
    if (report.merkle_path.empty()) {
      return rank > status_rank(current.arc_status) ? Transition::record_status
                                                    : Transition::ignore;
    }
    if (proven && !other_block) return Transition::ignore;  // the proof we have
    return Transition::prove;
  }
  if (report.tx_status == "MINED_IN_STALE_BLOCK") {
    if (proven)
      return report.block_hash == current.block_hash ? Transition::unprove : Transition::ignore;
  }
  if (proven) return Transition::ignore;  // nothing below MINED undoes a proof
  const int current_rank = status_rank(current.arc_status);
  if (rank < current_rank) return Transition::ignore;
  if (report.tx_status == "REJECTED") return Transition::fail;
  // A double spend attempt may still resolve in our favour: it fails the
  // action only when it is still reported once the grace period is over.
  if (report.tx_status == "DOUBLE_SPEND_ATTEMPTED" &&
      current.seconds_since_accepted >= double_spend_grace) {
    return Transition::fail;
  }
  return rank > current_rank ? Transition::record_status : Transition::ignore;
}

std::optional<std::string> check_merkle_path(const StatusReport& report) {
  try {
    const auto path = chain::parse_merkle_path(chain::from_hex(report.merkle_path));
    chain::compute_merkle_root(path, chain::hash_from_txid_hex(report.txid));
    if (report.block_height >= 0 &&
        path.block_height != static_cast<std::uint64_t>(report.block_height)) {
      return "merklePath is for block " + std::to_string(path.block_height) + ", not " +
             std::to_string(report.block_height);
    }
    return std::nullopt;
  } catch (const std::exception& e) {
    return std::string("merklePath does not prove ") + report.txid + ": " + e.what();
  }
}

}  // namespace bsv::store
