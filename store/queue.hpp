#pragma once
/// The broadcast queue's wallet-facing contract (broadcast-queue.md,
/// "Contract"): enqueue a transaction for asynchronous broadcast, ask its
/// status. Like Store, a non-virtual interface: arguments are validated
/// here, identically for every implementation, before anything is written.
/// Only PostgreSQL-backed stores implement it (a memory store has no queue).

#include <optional>
#include <string>
#include <vector>

#include "store/store.hpp"

namespace bsv::store {

struct EnqueueRequest {
  std::string txid;
  std::string beef_hex;  ///< BEEF (V1, V2, Atomic), Extended Format or raw transaction
  /// Auto-funded actions give all three; the finalize path none.
  std::optional<std::vector<std::string>> input_outpoints;
  std::optional<std::vector<std::string>> change_outpoints;
  std::optional<std::string> fund_ref;
};

class BroadcastQueue {
 public:
  virtual ~BroadcastQueue() = default;

  /// Queues the transaction; answers {"txid", "broadcast_status"}: "sending"
  /// for a fresh job, else the queued job's current status (the payload of
  /// a repeated txid is ignored). invalid_argument when the txid, the
  /// payload (it must decode, and its subject must have this txid) or the
  /// outpoints break a rule.
  Result<json> enqueue(const EnqueueRequest& request);

  /// The job's status, or nullopt when the txid was never queued.
  Result<std::optional<std::string>> broadcast_status(const std::string& txid);

 protected:
  virtual Result<json> do_enqueue(const EnqueueRequest& request) = 0;
  virtual Result<std::optional<std::string>> do_broadcast_status(const std::string& txid) = 0;
};

}  // namespace bsv::store
