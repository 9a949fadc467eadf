#pragma once
/// arc-sim's `POST /control/callback`: sends ARC-style callbacks to a URL,
/// as the tests need them:
///   {"url": "http://HOST:PORT/PATH", "token": T,
///    "items": [{"txid": X, "tx_status": S?}, ...],   (S: that status
///              instead of the current one, e.g. an old one, out of order)
///    "batch": false, "duplicate": 1, "reverse": false}
/// Each callback is the txid's status report as GET /v1/tx gives it, sent
/// with `Authorization: Bearer T`; a batch is one POST of
/// {"count": N, "callbacks": [...]}. Answers {"statuses": [HTTP codes],
/// "bodies": [answers]}.

#include <string>

#include "apps/arc_sim/simulator.hpp"

namespace bsv::arc_sim {

arc::SimReply send_callbacks(arc::Simulator& sim, const std::string& request_body);

}  // namespace bsv::arc_sim
