// doubt_resolver (actors/doubt_resolver.hpp). One round: claim the due jobs
// in doubt (SKIP LOCKED, a lease on each), ask ARC `GET /v1/tx/{txid}` for
// each, broadcast again the ones ARC does not know, settle each on what ARC
// said; then the next round at once when the claim was full, else after a
// tick. A job settles to completed or failed only on ARC's verdict; any
// other answer keeps it in doubt with its next check further away.

#include "actors/doubt_resolver.hpp"

#include <algorithm>
#include <caf/actor_system.hpp>
#include <caf/typed_event_based_actor.hpp>
#include <cmath>

#include "actors/option_time.hpp"
#include "actors/queue_metrics.hpp"
#include "chain/beef.hpp"
#include "common/log.hpp"

namespace bsv::actors {
namespace {

using namespace bsv::messages;
using store::Outcome;

struct resolver_state {
  BroadcastOptions options;
  std::string id;  // locked_by of the jobs it checks
  queue_store_api store;
  arc_api arc;
  std::shared_ptr<metrics::Registry> registry;  // keeps `metrics` alive
  std::unique_ptr<QueueMetrics> metrics;
  std::size_t outstanding = 0;  // checks of this round still running
  bool full = false;            // this round's claim was full
  static inline const char* name = "doubt_resolver";
};

using self_pointer = doubt_resolver_api::stateful_pointer<resolver_state>;

// Seconds between rounds when nothing was due.
double tick(const DoubtOptions& doubt) {
  return std::clamp(doubt.first_check / 4, 0.05, 1.0);
}

// Seconds until the next check of a job checked `checks` times: doubling
// from the first check's delay up to the interval.
double next_check(const DoubtOptions& doubt, int checks) {
  const double grown = doubt.first_check * std::pow(2.0, std::min(checks, 30));
  return std::min(doubt.interval, grown);
}

void schedule(self_pointer self) {
  auto& st = self->state;
  if (st.outstanding > 0) return;
  if (st.full) {
    self->send(self, round_atom::value);
  } else {
    self->delayed_send(self, as_timespan(tick(st.options.doubt)), round_atom::value);
  }
}

void finish_one(self_pointer self) {
  --self->state.outstanding;
  schedule(self);
}

void log_resolution(const store::ClaimedJob& job, const arc::Verdict& verdict, bool resent) {
  const nlohmann::json fields = {{"txid", job.txid},
                                 {"class", store::to_string(verdict.outcome)},
                                 {"answer", verdict.message},
                                 {"broadcast_again", resent},
                                 {"checks", job.doubt_checks}};
  if (verdict.outcome == Outcome::transient || verdict.outcome == Outcome::unknown) {
    log::debug("doubt", "still in doubt", fields);
  } else {
    log::info("doubt", "job in doubt resolved on ARC's verdict", fields);
  }
}

void settle(self_pointer self, const store::ClaimedJob& job, const arc::Verdict& verdict,
            bool resent) {
  auto& st = self->state;
  log_resolution(job, verdict, resent);
  // A MINED answer goes to proof tracking at once (the proof rule, header
  // check included, applies it).
  const double check_after = verdict.tx_status == "MINED" ? 0 : st.options.proofs.first_check;
  std::vector<store::Settlement> items = {{job.id, job.attempts, verdict.outcome, verdict.message,
                                           next_check(st.options.doubt, job.doubt_checks),
                                           verdict.tx_status, check_after, verdict.competing_txids,
                                           verdict.endpoint}};
  self->request(st.store, caf::infinite, settle_jobs_atom::value, st.id, settlement_list{items})
      .then(
          [self, items](store::SettleReport& report) {
            self->state.metrics->count(report, items);
            finish_one(self);
          },
          [self, txid = job.txid](caf::error& error) {
            // Checked again when its lease ends.
            log::warn("doubt", "cannot settle a job in doubt",
                      {{"txid", txid}, {"error", self->system().render(error)}});
            finish_one(self);
          });
}

// ARC does not know the txid: the same payload again, its answer classified
// like any broadcast's (no attempt is counted).
void broadcast_again(self_pointer self, const store::ClaimedJob& job) {
  auto& st = self->state;
  arc_request request;
  try {
    auto tx = chain::decode_broadcast(job.beef_hex);
    request.txids.push_back(tx.txid);
    request.hex.push_back(tx.ef_hex.empty() ? tx.raw_hex : tx.ef_hex);
  } catch (const std::exception& e) {
    return settle(
        self, job,
        arc::make_verdict(Outcome::rejected, std::string("undecodable BEEF: ") + e.what()), false);
  }
  const auto limit = st.options.arc.longest_request() + std::chrono::seconds(5);
  self->request(st.arc, limit, arc_submit_atom::value, std::move(request))
      .then(
          [self, job](verdict_list& answer) {
            auto verdict = answer.verdicts.empty()
                               ? arc::make_verdict(Outcome::transient, "no answer")
                               : std::move(answer.verdicts.front());
            settle(self, job, verdict, true);
          },
          [self, job](caf::error& error) {
            settle(self, job,
                   arc::make_verdict(Outcome::transient,
                                     "ARC client: " + self->system().render(error)),
                   true);
          });
}

void check(self_pointer self, const store::ClaimedJob& job) {
  auto& st = self->state;
  const auto limit = st.options.arc.longest_request() + std::chrono::seconds(5);
  self->request(st.arc, limit, arc_status_atom::value, job.txid, job.arc_endpoint)
      .then(
          [self, job](arc::HttpAnswer& answer) {
            auto verdict =
                arc::classify_status_query(answer.status, answer.body, answer.error, job.txid);
            if (verdict.unknown_to_arc) return broadcast_again(self, job);
            settle(self, job, verdict, false);
          },
          [self, job](caf::error& error) {
            settle(self, job,
                   arc::make_verdict(Outcome::transient,
                                     "ARC client: " + self->system().render(error)),
                   false);
          });
}

void note_past_horizon(resolver_state& st, const store::ClaimedJob& job) {
  st.metrics->past_horizon.add();
  log::error(
      "doubt",
      "job still in doubt after the doubt horizon: its inputs stay locked; see 'jobs show' "
      "and 'jobs abandon'",
      {{"txid", job.txid}, {"horizon_s", st.options.doubt.horizon}, {"checks", job.doubt_checks}});
}

void round(self_pointer self) {
  auto& st = self->state;
  if (st.outstanding > 0) return;
  // The lease covers a status query, a broadcast and the settlement.
  const double lease =
      2 * std::chrono::duration<double>(st.options.arc.longest_request()).count() + 10;
  st.outstanding = 1;  // the claim itself
  self->request(st.store, caf::infinite, claim_doubt_checks_atom::value, st.id,
                std::int32_t{st.options.doubt.batch}, lease, st.options.doubt.horizon)
      .then(
          [self](job_list& claimed) {
            auto& state = self->state;
            state.full = static_cast<int>(claimed.jobs.size()) >= state.options.doubt.batch;
            state.outstanding = claimed.jobs.size() + 1;
            for (const auto& job : claimed.jobs) {
              if (job.past_horizon) note_past_horizon(state, job);
              check(self, job);
            }
            finish_one(self);
          },
          [self](caf::error&) {
            self->state.full = false;
            finish_one(self);
          });
}

doubt_resolver_api::behavior_type doubt_resolver(self_pointer self, BroadcastOptions options,
                                                 queue_store_api store, arc_api arc,
                                                 std::shared_ptr<metrics::Registry> registry) {
  auto& st = self->state;
  st.id = options.node_id + "/doubt";
  st.options = std::move(options);
  st.store = std::move(store);
  st.arc = std::move(arc);
  st.metrics = std::make_unique<QueueMetrics>(*registry);
  st.registry = std::move(registry);
  self->send(self, round_atom::value);
  return {
      [self](round_atom) { round(self); },
      [self](use_arc_atom, arc_api& replacement) { self->state.arc = std::move(replacement); },
  };
}

}  // namespace

messages::doubt_resolver_api spawn_doubt_resolver(caf::actor_system& system,
                                                  const BroadcastOptions& options,
                                                  messages::queue_store_api store,
                                                  messages::arc_api arc,
                                                  std::shared_ptr<metrics::Registry> metrics) {
  return system.spawn(doubt_resolver, options, std::move(store), std::move(arc),
                      std::move(metrics));
}

}  // namespace bsv::actors
