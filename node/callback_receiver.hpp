#pragma once
/// The receiver of ARC's callbacks (`--callback-listen`): a handler for an
/// http::Server that takes ARC's status POSTs, one report or a batch
/// `{"count": N, "callbacks": [...]}`, and applies them as the tracker's
/// checks are applied (store/proof_tracking.hpp), idempotent under
/// duplicates and reordering.
///
/// Answers: 401 without `Authorization: Bearer <token>` (compared in
/// constant time), nothing applied; 405 for anything but POST; 400 for a
/// body that is not a report or batch (naming the field), nothing applied;
/// 422 when a report was refused (a merkle path that does not prove its
/// txid, or whose root the header source denies), the others applied; 503
/// when the database is unavailable, a txid is not broadcast yet or the
/// header source cannot confirm a root yet, so ARC sends it again; else 200 with
/// {"applied": N, "ignored": N, "unknown": N}.

#include <caf/fwd.hpp>
#include <memory>
#include <string>

#include "http/server.hpp"
#include "messages/header_protocol.hpp"
#include "messages/queue_protocol.hpp"
#include "metrics/registry.hpp"
#include "store/proof_tracking.hpp"

namespace bsv::node {

struct CallbackSources {
  caf::actor_system* system = nullptr;
  messages::queue_store_api store;
  std::vector<std::string> tokens;  ///< what ARC may send as Bearer: each endpoint's (none empty)
  messages::header_checker_api headers;  ///< confirms proofs' roots; null: trusted
  std::chrono::milliseconds headers_timeout{10000};
  store::ReportPolicy policy;
  std::shared_ptr<metrics::Registry> metrics;
};

/// The request handler for ARC's callbacks, behind callback_gate.
http::Server::Handler callback_handler(CallbackSources sources);

/// What the callback port checks on a request's header, before reading its
/// body: a POST carrying the callback token (405 and 401 otherwise).
http::Server::Gate callback_gate(CallbackSources sources);

/// `a` equals `b`, taking as long whatever the first difference.
bool same_secret(const std::string& a, const std::string& b);

}  // namespace bsv::node
