#pragma once
/// The ARC simulator's behaviour, apart from HTTP (the arc-sim binary serves
/// it): decodes what it receives (raw, Extended Format, BEEF), computes the
/// txid, remembers every submission, and answers as told.
///
/// Control endpoint (JSON bodies):
///   POST   /control        a rule: {"txid": T} for that txid, else {"next": N}
///                          for the next N transactions, else the default;
///                          fields "tx_status", "http", "extra_info",
///                          "competing_txs" (sent as competingTxs, also
///                          with 466), "delay_ms", "drop" (close without
///                          answering), "malformed" (a body that is not
///                          JSON), "forget" (the submission is not kept:
///                          GET answers 404 until it is sent again)
///   DELETE /control        forget rules and submissions
///   GET    /control/stats  {"requests", "submissions", "txids": {txid: count},
///                          "status_requests": {txid: count}, "last_headers": {name: value}}
///   POST   /control/mine   {"txids": [...]} (default: every submitted txid not
///                          mined yet) go into a new block after a coinbase:
///                          GET /v1/tx then answers MINED with blockHash,
///                          blockHeight and a BUMP (merklePath) proving it;
///                          "bad_proof": true gives each a BUMP that does
///                          not hold its txid; "height": H mines a block
///                          replacing the one at H (a reorg: its header
///                          changes too). Answers {"block_hash", "block_height"}.
///   POST   /control/reorg  {"txids": [...]}: their block went stale; they
///                          answer MINED_IN_STALE_BLOCK (with that block's
///                          hash) until mined again
///   POST   /control/status {"txid": T, "tx_status": S}: GET /v1/tx/T answers
///                          S from now on (say, REJECTED after acceptance),
///                          with "competing_txs" and "extra_info" when given
///   POST   /control/headers  how the header endpoint answers a height
///                          (apps/arc_sim/block_headers.hpp)
/// The mined blocks' headers: GET /v1/bsv/main/block/{height}/header (the
/// WhatsOnChain form; no API key, not counted in "requests"; counted by
/// height in the stats' "header_requests").
/// Thread-safe.

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "apps/arc_sim/block_headers.hpp"

namespace bsv::arc {

/// How to answer one transaction.
struct Behaviour {
  std::string tx_status = "SEEN_ON_NETWORK";
  int http = 200;
  std::string extra_info;
  int delay_ms = 0;
  bool drop = false;
  bool malformed = false;
  std::vector<std::string> competing_txs;
  bool forget = false;
};

/// One HTTP request as the simulator sees it (header names lowercase).
struct SimRequest {
  std::string method;
  std::string target;
  std::map<std::string, std::string> headers;
  std::string body;
};

struct SimReply {
  int status = 200;
  std::string body;
  int delay_ms = 0;   ///< wait this long before answering
  bool drop = false;  ///< close the connection instead of answering
};

class Simulator {
 public:
  /// `required_key`: when set, requests without `Authorization: Bearer KEY` get 401.
  Simulator(Behaviour defaults, std::string required_key);

  SimReply handle(const SimRequest& request);

  /// The status report ARC would send about `txid` now (as GET /v1/tx
  /// answers it), or nullopt for a txid never submitted. For callbacks.
  std::optional<std::string> report_for(const std::string& txid);

 private:
  SimReply submit_one(const SimRequest& request);
  SimReply submit_batch(const SimRequest& request);
  SimReply control(const SimRequest& request);
  SimReply status_of(const std::string& txid);
  /// GET /v1/tx's answer without counting the request. Locked.
  SimReply status_answer(const std::string& txid);
  SimReply mine(const std::string& body);
  SimReply reorg(const std::string& body);
  SimReply set_status(const std::string& body);
  /// The behaviour for `txid` (consuming one use of a "next N" rule). Locked.
  Behaviour behaviour_for(const std::string& txid);
  /// The answer object for one decoded transaction; records the submission. Locked.
  std::string answer_for(const std::string& txid, const Behaviour& b, int* status);

  std::mutex mutex_;
  Behaviour defaults_;
  std::string required_key_;
  std::map<std::string, Behaviour> per_txid_;
  std::optional<Behaviour> next_;
  int next_left_ = 0;
  std::map<std::string, int> submissions_;
  std::map<std::string, std::string> last_status_;
  /// What else GET /v1/tx says about a txid: extraInfo and competingTxs.
  struct StatusDetails {
    std::string extra_info;
    std::vector<std::string> competing_txs;
  };
  std::map<std::string, StatusDetails> details_;
  struct Mined {
    std::string block_hash;
    std::int64_t block_height = 0;
    std::string merkle_path;  ///< BUMP hex; empty once the block went stale
  };
  std::map<std::string, Mined> mined_;
  std::map<std::string, int> status_requests_;
  std::int64_t next_height_ = 800000;
  int reorgs_ = 0;  // blocks mined in place of another
  BlockHeaders headers_;
  std::map<std::string, std::string> last_headers_;
  long requests_ = 0;
};

}  // namespace bsv::arc
