#include "node/callback_receiver.hpp"

#include <openssl/crypto.h>

#include <algorithm>
#include <caf/actor_system.hpp>
#include <caf/scoped_actor.hpp>
#include <nlohmann/json.hpp>

#include "actors/proof_reports.hpp"
#include "arc/header_source.hpp"
#include "arc/status_report.hpp"
#include "common/log.hpp"
#include "messages/store_errors.hpp"

namespace bsv::node {
namespace {

constexpr auto kApplyTimeout = std::chrono::seconds(5);

http::Reply json_reply(int status, const nlohmann::json& body) {
  return {status, "application/json",
          body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n"};
}

Result<store::Transition> apply(const CallbackSources& sources, const store::StatusReport& report) {
  caf::scoped_actor self{*sources.system};
  Result<store::Transition> result = Error{ErrorCode::timeout, "the store did not answer in time"};
  self->request(sources.store, kApplyTimeout, messages::apply_status_report_atom::value, report,
                sources.policy)
      .receive([&](std::int32_t code) { result = static_cast<store::Transition>(code); },
               [&](caf::error& error) { result = messages::from_caf(error); });
  return result;
}

// The header source's verdict on a MINED report's root (confirmed when
// there is nothing to check, or proofs are trusted).
arc::SourceAnswer header_verdict(const CallbackSources& sources, const store::StatusReport& report,
                                 const std::optional<arc::RootClaim>& claim) {
  arc::SourceAnswer said{arc::RootVerdict::confirmed, {}, {}, {}};
  if (!claim || !sources.headers) return said;
  caf::scoped_actor self{*sources.system};
  said = {arc::RootVerdict::unverifiable, {}, {}, "the header checker did not answer in time"};
  self->request(sources.headers, sources.headers_timeout + kApplyTimeout,
                messages::check_root_atom::value, claim->height, claim->merkle_root,
                claim->block_hash)
      .receive([&](arc::SourceAnswer& answer) { said = std::move(answer); }, [&](caf::error&) {});
  if (said.verdict != arc::RootVerdict::confirmed) {
    actors::note_header_verdict(*sources.metrics, report, *claim, said, "callback");
  }
  return said;
}

// Refuses a request on its header alone (before its body is read): only
// POSTs with the callback token get through.
std::optional<http::Reply> refusal(const CallbackSources& sources, const http::Request& head) {
  if (head.method != "POST") return json_reply(405, {{"error", "only POST"}});
  auto auth = head.headers.find("authorization");
  const auto carries = [&](const std::string& token) {
    return same_secret(auth->second, "Bearer " + token);
  };
  if (auth == head.headers.end() ||
      std::none_of(sources.tokens.begin(), sources.tokens.end(), carries)) {
    actors::count_report(*sources.metrics, actors::kReportUnauthorized);
    log::warn("callbacks", "callback refused: missing or wrong token");
    return json_reply(401, {{"error", "a valid callback token is required"}});
  }
  return std::nullopt;
}

// A request the gate let through (refusal() above).
http::Reply receive(const CallbackSources& sources, const http::Request& request) {
  auto reports = arc::parse_callback_body(request.body);
  if (!reports) {
    log::warn("callbacks", "callback refused", {{"error", reports.error().message}});
    return json_reply(400, {{"error", reports.error().message}});
  }
  int applied = 0, ignored = 0, unknown = 0;
  nlohmann::json refused = nlohmann::json::array(), later = nlohmann::json::array();
  nlohmann::json unknown_txids = nlohmann::json::array();  // the first few, for the log
  for (const auto& report : *reports) {
    const auto claim = arc::root_claim(report);
    const auto said = header_verdict(sources, report, claim);
    if (said.verdict == arc::RootVerdict::refused) {
      refused.push_back({{"txid", report.txid}, {"error", said.message}});
      continue;
    }
    if (said.verdict == arc::RootVerdict::unverifiable) {
      later.push_back({{"txid", report.txid}, {"error", said.message}});
      continue;
    }
    auto outcome = apply(sources, report);
    if (outcome) {
      actors::note_report(*sources.metrics, report, *outcome, "callback");
      (*outcome == store::Transition::ignore ? ignored : applied) += 1;
      continue;
    }
    const auto code = outcome.error().code;
    if (code == ErrorCode::not_found) {
      ++unknown;  // not one of ours (or its job was deleted): nothing to do
      if (unknown_txids.size() < 5) unknown_txids.push_back(report.txid);
    } else if (code == ErrorCode::invalid_argument) {
      actors::note_refused_report(*sources.metrics, report, outcome.error(), "callback");
      refused.push_back({{"txid", report.txid}, {"error", outcome.error().message}});
    } else {
      actors::note_refused_report(*sources.metrics, report, outcome.error(), "callback");
      later.push_back({{"txid", report.txid}, {"error", outcome.error().message}});
    }
  }
  if (unknown > 0) {  // one line per callback, however many txids it names
    log::info("callbacks", "callback about txids without a job",
              {{"count", unknown}, {"first", unknown_txids}});
  }
  nlohmann::json body = {{"applied", applied}, {"ignored", ignored}, {"unknown", unknown}};
  if (!later.empty()) {
    body["retry"] = later;
    return json_reply(503, body);
  }
  if (!refused.empty()) {
    body["refused"] = refused;
    return json_reply(422, body);
  }
  return json_reply(200, body);
}

}  // namespace

bool same_secret(const std::string& a, const std::string& b) {
  // Length is not secret (a Bearer token's is public knowledge); content is.
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

http::Server::Handler callback_handler(CallbackSources sources) {
  return [sources = std::move(sources)](const http::Request& request) {
    return receive(sources, request);
  };
}

http::Server::Gate callback_gate(CallbackSources sources) {
  return
      [sources = std::move(sources)](const http::Request& head) { return refusal(sources, head); };
}

}  // namespace bsv::node
