#pragma once
/// The ARC simulator's behaviour, apart from HTTP (the arc-sim binary serves
/// it): decodes what it receives (raw, Extended Format, BEEF), computes the
/// txid, remembers every submission, and answers as told.
///
/// Control endpoint (JSON bodies):
///   POST   /control        a rule: {"txid": T} for that txid, else {"next": N}
///                          for the next N transactions, else the default;
///                          fields "tx_status", "http", "extra_info",
///                          "delay_ms", "drop" (close without answering),
///                          "malformed" (a body that is not JSON)
///   DELETE /control        forget rules and submissions
///   GET    /control/stats  {"requests", "submissions", "txids": {txid: count},
///                          "last_headers": {name: value}}
/// Thread-safe.

#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace bsv::arc {

/// How to answer one transaction.
struct Behaviour {
  std::string tx_status = "SEEN_ON_NETWORK";
  int http = 200;
  std::string extra_info;
  int delay_ms = 0;
  bool drop = false;
  bool malformed = false;
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

 private:
  SimReply submit_one(const SimRequest& request);
  SimReply submit_batch(const SimRequest& request);
  SimReply control(const SimRequest& request);
  SimReply status_of(const std::string& txid);
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
  std::map<std::string, std::string> last_headers_;
  long requests_ = 0;
};

}  // namespace bsv::arc
