// proof_tracker: follows broadcast transactions until their proofs are
// stored (actors/proof_tracker.hpp). One round: claim the due txids (SKIP
// LOCKED, a lease on each), ask ARC `GET /v1/tx/{txid}` for each, apply
// each answer through the store actor; then the next round at once when the
// claim was full, else after a tick.

#include "actors/proof_tracker.hpp"

#include <algorithm>
#include <caf/actor_system.hpp>
#include <caf/typed_event_based_actor.hpp>

#include "actors/option_time.hpp"
#include "actors/proof_reports.hpp"
#include "arc/header_source.hpp"
#include "arc/status_report.hpp"
#include "common/log.hpp"
#include "messages/store_errors.hpp"

namespace bsv::actors {
namespace {

using namespace bsv::messages;

struct tracker_state {
  BroadcastOptions options;
  queue_store_api store;
  arc_api arc;
  header_checker_api headers;  // null: ARC's proofs are trusted (--trust-arc-proofs)
  std::shared_ptr<metrics::Registry> metrics;
  std::size_t outstanding = 0;  // checks of this round still running
  bool full = false;            // this round's claim was full
  static inline const char* name = "proof_tracker";
};

using self_pointer = proof_tracker_api::stateful_pointer<tracker_state>;

// Seconds between rounds when nothing was due: often enough that a check is
// at most this late, rarely enough to cost nothing.
double tick(const ProofOptions& proofs) {
  return std::clamp(proofs.first_check / 4, 0.05, 1.0);
}

void schedule(self_pointer self) {
  auto& st = self->state;
  if (st.outstanding > 0) return;
  if (st.full) {
    self->send(self, round_atom::value);
  } else {
    self->delayed_send(self, as_timespan(tick(st.options.proofs)), round_atom::value);
  }
}

void finish_one(self_pointer self) {
  --self->state.outstanding;
  schedule(self);
}

void apply_report(self_pointer self, const store::StatusReport& report) {
  auto& st = self->state;
  const auto& proofs = st.options.proofs;
  store::ReportPolicy policy{proofs.double_spend_grace, proofs.first_check, proofs.interval, true};
  self->request(st.store, caf::infinite, apply_status_report_atom::value, report, policy)
      .then(
          [self, report](std::int32_t code) {
            note_report(*self->state.metrics, report, static_cast<store::Transition>(code),
                        "tracker");
            finish_one(self);
          },
          [self, report](caf::error& error) {
            note_refused_report(*self->state.metrics, report, messages::from_caf(error), "tracker");
            finish_one(self);
          });
}

// A MINED report whose root the header source did not confirm: applied
// without its merkle path (the status only, never a proof), so that the
// txid's next check is `after` seconds away rather than at the lease's end.
void apply_unproven(self_pointer self, store::StatusReport report, double after) {
  auto& st = self->state;
  report.merkle_path.clear();
  const auto& proofs = st.options.proofs;
  store::ReportPolicy policy{proofs.double_spend_grace, proofs.first_check, after, true};
  self->request(st.store, caf::infinite, apply_status_report_atom::value, report, policy)
      .then([self](std::int32_t) { finish_one(self); },
            [self](caf::error&) { finish_one(self); });  // checked when the lease ends
}

// A MINED report's merkle root must be the block's (the header source
// says so) before the proof rule may store it; any other report goes on.
void verify_then_apply(self_pointer self, const store::StatusReport& report) {
  auto& st = self->state;
  const auto claim = arc::root_claim(report);
  if (!claim || !st.headers) return apply_report(self, report);
  const auto limit = st.options.proofs.headers.timeout + std::chrono::seconds(5);
  self->request(st.headers, limit, check_root_atom::value, claim->height, claim->merkle_root,
                claim->block_hash)
      .then(
          [self, report, claim = *claim](arc::SourceAnswer& said) {
            if (said.verdict == arc::RootVerdict::confirmed) return apply_report(self, report);
            // Not stored. Refused: an honest ARC reports the right block
            // later (next check at the interval); unverifiable: soon.
            auto& proofs = self->state.options.proofs;
            note_header_verdict(*self->state.metrics, report, claim, said, "tracker");
            apply_unproven(
                self, report,
                said.verdict == arc::RootVerdict::refused ? proofs.interval : proofs.first_check);
          },
          [self, report, claim = *claim](caf::error& error) {
            arc::SourceAnswer none{arc::RootVerdict::unverifiable,
                                   {},
                                   {},
                                   "header checker: " + self->system().render(error)};
            note_header_verdict(*self->state.metrics, report, claim, none, "tracker");
            finish_one(self);
          });
}

void check(self_pointer self, const std::string& txid, const std::string& endpoint) {
  auto& st = self->state;
  const auto limit = st.options.arc.longest_request() + std::chrono::seconds(5);
  self->request(st.arc, limit, arc_status_atom::value, txid, endpoint)
      .then(
          [self, txid](arc::HttpAnswer& answer) {
            auto report = answer.status == 200
                              ? arc::parse_status_report(answer.body)
                              : Result<store::StatusReport>(invalid_argument("no status"));
            if (!report || report->txid != txid) {
              count_report(*self->state.metrics, actors::kReportCheckFailed);
              log::debug(
                  "proofs", "status check failed; checked again when its lease ends",
                  {{"txid", txid},
                   {"http", answer.status},
                   {"error", answer.error.empty() ? answer.body.substr(0, 200) : answer.error}});
              return finish_one(self);
            }
            verify_then_apply(self, *report);
          },
          [self, txid](caf::error&) {
            count_report(*self->state.metrics, actors::kReportCheckFailed);
            finish_one(self);
          });
}

void round(self_pointer self) {
  auto& st = self->state;
  if (st.outstanding > 0) return;
  const auto& proofs = st.options.proofs;
  // The lease covers one ARC request, the header check and the application.
  const auto longest = st.options.arc.longest_request() + proofs.headers.timeout;
  const double lease = std::chrono::duration<double>(longest).count() + 5;
  st.outstanding = 1;  // the claim itself
  self->request(st.store, caf::infinite, claim_proof_checks_atom::value,
                st.options.node_id + "/proofs", std::int32_t{proofs.batch}, lease,
                std::int32_t{proofs.max_checks})
      .then(
          [self](store::ProofClaim& claim) {
            auto& state = self->state;
            for (const auto& txid : claim.gave_up) {
              count_report(*state.metrics, actors::kReportGaveUp);
              log::warn("proofs", "still unproven after the last check: needs attention",
                        {{"txid", txid}, {"checks", state.options.proofs.max_checks}});
            }
            state.full = static_cast<int>(claim.to_check.size() + claim.gave_up.size()) >=
                         state.options.proofs.batch;
            state.outstanding = claim.to_check.size() + 1;
            for (std::size_t i = 0; i < claim.to_check.size(); ++i) {
              check(self, claim.to_check[i], i < claim.endpoints.size() ? claim.endpoints[i] : "");
            }
            finish_one(self);
          },
          [self](caf::error&) {
            self->state.full = false;
            finish_one(self);
          });
}

proof_tracker_api::behavior_type proof_tracker(self_pointer self, BroadcastOptions options,
                                               queue_store_api store, arc_api arc,
                                               header_checker_api headers,
                                               std::shared_ptr<metrics::Registry> metrics) {
  auto& st = self->state;
  st.headers = std::move(headers);
  st.options = std::move(options);
  st.store = std::move(store);
  st.arc = std::move(arc);
  st.metrics = std::move(metrics);
  self->send(self, round_atom::value);
  return {
      [self](round_atom) { round(self); },
      [self](use_arc_atom, arc_api& replacement) { self->state.arc = std::move(replacement); },
  };
}

}  // namespace

messages::proof_tracker_api spawn_proof_tracker(caf::actor_system& system,
                                                const BroadcastOptions& options,
                                                messages::queue_store_api store,
                                                messages::arc_api arc,
                                                messages::header_checker_api headers,
                                                std::shared_ptr<metrics::Registry> metrics) {
  return system.spawn(proof_tracker, options, std::move(store), std::move(arc), std::move(headers),
                      std::move(metrics));
}

}  // namespace bsv::actors
