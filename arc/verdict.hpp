#pragma once
/// What an answer from ARC means for a broadcast job (broadcast-queue.md,
/// "Classifying ARC answers"). Pure functions over the HTTP status and body.

#include <string>
#include <vector>

#include "store/jobs.hpp"

namespace bsv::arc {

/// The class of one transaction's answer, with ARC's txStatus when there
/// was one and a message for last_error / logs.
struct Verdict {
  store::Outcome outcome = store::Outcome::transient;
  std::string tx_status;
  std::string message;
};

/// Classifies the answer to `POST /v1/tx` (HTTP `status` 0 = no HTTP
/// answer: `transport_error` says why, and the answer is transient).
Verdict classify_answer(int status, const std::string& body, const std::string& transport_error);

/// What went wrong with one HTTP exchange, as the ARC error metric's class:
/// "timeout", "connection", "http_5xx", "http_retry_later" (408, 429),
/// "http_4xx" (any other non-2xx) or "malformed" (a 2xx that is not JSON);
/// null when nothing did.
const char* failure_class(int status, const std::string& body, const std::string& transport_error);

/// Classifies the answer to `POST /v1/txs` for each of `txids`, matching the
/// elements of the answer array by txid (any order). A non-2xx answer, or a
/// body that is not an array, applies to every txid alike; a txid missing
/// from the array is transient.
std::vector<Verdict> classify_batch(int status, const std::string& body,
                                    const std::string& transport_error,
                                    const std::vector<std::string>& txids);

}  // namespace bsv::arc
