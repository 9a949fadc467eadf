#pragma once
/// ARC's status reports as proof tracking reads them: the answer to
/// `GET /v1/tx/{txid}` and each callback ARC POSTs (the same JSON object:
/// txid, txStatus, blockHash, blockHeight, merklePath, extraInfo).

#include <optional>
#include <string>

#include "common/result.hpp"
#include "store/proof_tracking.hpp"

namespace bsv::arc {

/// One report from a JSON object; invalid_argument naming the field when
/// txid (64 hex) or txStatus (a string) is missing or of the wrong type.
Result<store::StatusReport> parse_status_report(const std::string& json_text);

/// The reports in a callback body: one object, or a batch
/// `{"count": N, "callbacks": [ … ]}`. invalid_argument for anything else
/// (then none is applied).
Result<std::vector<store::StatusReport>> parse_callback_body(const std::string& body);

}  // namespace bsv::arc
