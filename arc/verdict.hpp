#pragma once
/// What an answer from ARC means for a broadcast job (broadcast-queue.md,
/// "Classifying ARC answers" and "Jobs in doubt"): the one place where an
/// HTTP status and body become accepted, rejected, lost a double spend,
/// transient or unknown. Pure functions; the broadcast workers, the doubt
/// resolver and the fuzzers call them.

#include <string>
#include <vector>

#include "store/jobs.hpp"

namespace bsv::arc {

/// The class of one transaction's answer, with ARC's txStatus when there
/// was one, a message for last_error and logs, and what else it told.
struct Verdict {
  store::Outcome outcome = store::Outcome::transient;
  std::string tx_status;
  std::string message;
  std::vector<std::string> competing_txids;  ///< `competingTxs`, lowercase txids only
  bool unknown_to_arc = false;  ///< a status query answered 404: ARC does not know the txid
  bool misconfigured = false;   ///< 401, 403, 404 or 405 to a POST: a wrong key or URL
  std::string endpoint;         ///< the ARC endpoint that answered (arc::endpoint_name)
};

/// A verdict with nothing but its class, message and (optional) txStatus.
inline Verdict make_verdict(store::Outcome outcome, std::string message,
                            std::string tx_status = {}) {
  Verdict verdict;
  verdict.outcome = outcome;
  verdict.message = std::move(message);
  verdict.tx_status = std::move(tx_status);
  return verdict;
}

/// Classifies the answer to `POST /v1/tx` for the job of `txid` (HTTP
/// `status` 0 = no HTTP answer: `transport_error` says why, transient).
Verdict classify_answer(int status, const std::string& body, const std::string& transport_error,
                        const std::string& txid);

/// Classifies the answer to `POST /v1/txs` for each of `txids`, matching the
/// elements of the answer array by txid (any order). A non-2xx answer
/// applies to every txid alike; a 2xx that is not an array, or an array
/// without an element for a txid, is unknown for it (ARC may have stored it).
std::vector<Verdict> classify_batch(int status, const std::string& body,
                                    const std::string& transport_error,
                                    const std::vector<std::string>& txids);

/// Classifies the answer to `GET /v1/tx/{txid}`: a 2xx as a broadcast's
/// answer, a 404 as transient with `unknown_to_arc` (broadcast it again),
/// anything else transient (ask again later).
Verdict classify_status_query(int status, const std::string& body,
                              const std::string& transport_error, const std::string& txid);

/// ARC statuses meaning the network has (or had) the transaction: QUEUED
/// up to SEEN_ON_NETWORK, MINED_IN_STALE_BLOCK and MINED (not the orphan
/// mempool, not DOUBLE_SPEND_ATTEMPTED).
bool is_accepted_status(const std::string& tx_status);

/// What went wrong with one HTTP exchange, as the ARC error metric's class:
/// "timeout", "connection", "http_5xx", "http_retry_later" (408, 429),
/// "http_4xx" (any other non-2xx) or "malformed" (a 2xx that is not JSON);
/// null when nothing did.
const char* failure_class(int status, const std::string& body, const std::string& transport_error);

/// Every class failure_class answers (the labels of bsv_arc_errors_total).
const std::vector<const char*>& failure_classes();

}  // namespace bsv::arc
