// broadcast_worker: claim -> broadcast -> settle, then again while batches
// come back full. States: idle (waiting for a wake-up or the poll) and busy
// (one batch in flight); draining quits once idle.

#include "actors/broadcast_worker.hpp"

#include <caf/actor_system.hpp>
#include <caf/typed_event_based_actor.hpp>
#include <cmath>
#include <random>

#include "actors/option_time.hpp"
#include "actors/queue_metrics.hpp"
#include "chain/beef.hpp"
#include "common/log.hpp"

namespace bsv::actors {
namespace {

using namespace bsv::messages;
using store::Outcome;

constexpr auto kRetryDelay = std::chrono::seconds(1);  // after a failed claim
constexpr int kSettleTries = 10;

struct worker_state {
  BroadcastOptions options;
  std::string id;  // locked_by
  queue_store_api store;
  arc_api arc;
  bool busy = false;
  bool more = false;  // woken while busy: claim again when done
  bool draining = false;
  bool release_first = false;  // a claim failed: give back what it may have taken first
  std::uint64_t poll_generation = 0;
  std::mt19937 random{std::random_device{}()};
  std::shared_ptr<metrics::Registry> registry;  // keeps `metrics` alive
  std::unique_ptr<QueueMetrics> metrics;
  static inline const char* name = "broadcast_worker";
};

using self_pointer = broadcast_worker_api::stateful_pointer<worker_state>;

void cycle(self_pointer self);

// Seconds until a job that failed transiently at attempt n is due again.
double backoff(worker_state& st, int attempt) {
  const double base = st.options.retry_base * std::pow(4.0, attempt - 1);
  std::uniform_real_distribution<double> jitter(0.8, 1.2);
  return std::min(st.options.retry_max, base) * jitter(st.random);
}

void idle(self_pointer self, caf::timespan poll) {
  auto& st = self->state;
  st.busy = false;
  if (st.draining) return self->quit();
  if (st.more) return cycle(self);
  self->delayed_send(self, poll, poll_atom::value, ++st.poll_generation);
}

caf::timespan poll_interval(const worker_state& st) {
  return as_timespan(st.options.poll_interval);
}

// A job put back for a retry is due after its backoff: look again then
// rather than at the next poll (any worker may take it).
void wake_for_retries(self_pointer self, const std::vector<store::Settlement>& items) {
  double soonest = -1;
  for (const auto& item : items) {
    if (item.outcome != Outcome::transient) continue;
    if (soonest < 0 || item.retry_after < soonest) soonest = item.retry_after;
  }
  if (soonest < 0 || soonest >= self->state.options.poll_interval) return;
  self->delayed_send(self, as_timespan(soonest + 0.01), wake_atom::value);
}

void settle(self_pointer self, std::vector<store::Settlement> items, bool full, int tries) {
  auto& st = self->state;
  self->request(st.store, caf::infinite, settle_jobs_atom::value, st.id, settlement_list{items})
      .then(
          [self, full, items](store::SettleReport& report) {
            self->state.metrics->count(report, items);
            for (const auto& txid : report.missing_actions) {
              log::warn("broadcast", "job settled without an action row (anomaly)",
                        {{"txid", txid}, {"worker", self->state.id}});
            }
            wake_for_retries(self, items);
            if (full) self->state.more = true;  // probably more waiting
            idle(self, poll_interval(self->state));
          },
          [self, items, full, tries](caf::error& error) mutable {
            // The jobs stay `sending` under our name until settled, released
            // at restart, or rescued after the stale threshold.
            if (tries >= kSettleTries || self->state.draining) {
              log::error("broadcast",
                         "giving up settling; the jobs stay sending until released or rescued",
                         {{"worker", self->state.id},
                          {"jobs", items.size()},
                          {"error", self->system().render(error)}});
              return idle(self, poll_interval(self->state));
            }
            self->state.more = self->state.more || full;
            self->delayed_send(self, std::chrono::milliseconds(200 * (tries + 1)),
                               settle_again_atom::value, settlement_list{std::move(items)},
                               tries + 1);
          });
}

void log_verdict(const store::ClaimedJob& job, const arc::Verdict& verdict, double delay) {
  const nlohmann::json fields = {{"txid", job.txid},
                                 {"attempt", job.attempts},
                                 {"class", store::to_string(verdict.outcome)},
                                 {"error", verdict.message}};
  switch (verdict.outcome) {
    case Outcome::accepted:
      return;
    case Outcome::rejected:
      return log::warn("broadcast", "ARC refused the transaction; rolling the job back", fields);
    case Outcome::lost_double_spend:
      return log::warn("broadcast", "the transaction lost a double spend; its inputs stay spent",
                       fields);
    case Outcome::transient:
      return log::info("broadcast", "broadcast failed; retrying later",
                       {{"txid", job.txid},
                        {"attempt", job.attempts},
                        {"retry_after_s", delay},
                        {"error", verdict.message}});
    case Outcome::unknown:
      return log::warn("broadcast", "outcome unknown; the job is in doubt until ARC tells", fields);
  }
}

// One settlement per job from ARC's verdicts. Transient answers with no
// attempts left put the job in doubt: the last one may have reached ARC.
std::vector<store::Settlement> settlements(worker_state& st,
                                           const std::vector<store::ClaimedJob>& jobs,
                                           const std::vector<arc::Verdict>& verdicts) {
  std::vector<store::Settlement> out;
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    const auto& job = jobs[i];
    auto verdict = verdicts[i];
    if (verdict.outcome == Outcome::transient && job.attempts >= st.options.max_attempts) {
      verdict.outcome = Outcome::unknown;
      verdict.message = "attempts used up (" + std::to_string(job.attempts) +
                        "); the last answer: " + verdict.message;
    }
    const double delay = verdict.outcome == Outcome::transient ? backoff(st, job.attempts)
                                                               : st.options.doubt.first_check;
    log_verdict(job, verdict, delay);
    out.push_back({job.id, job.attempts, verdict.outcome, verdict.message, delay, verdict.tx_status,
                   st.options.proofs.first_check, verdict.competing_txids, verdict.endpoint});
  }
  return out;
}

void broadcast(self_pointer self, std::vector<store::ClaimedJob> jobs) {
  auto& st = self->state;
  const bool full = static_cast<int>(jobs.size()) >= st.options.batch;
  // Decode each payload; one that cannot be decoded fails without calling ARC.
  std::vector<arc::Verdict> verdicts(jobs.size());
  std::vector<std::size_t> sent;
  arc_request request;
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    try {
      auto tx = chain::decode_broadcast(jobs[i].beef_hex);
      request.txids.push_back(tx.txid);
      request.hex.push_back(tx.ef_hex.empty() ? tx.raw_hex : tx.ef_hex);
      sent.push_back(i);
    } catch (const std::exception& e) {
      verdicts[i] =
          arc::make_verdict(Outcome::rejected, std::string("undecodable BEEF: ") + e.what());
    }
  }
  if (sent.empty()) return settle(self, settlements(st, jobs, verdicts), full, 0);
  // The ARC actor answers within the ARC timeout; the margin covers a stuck actor.
  const auto limit = st.options.arc.longest_request() + std::chrono::seconds(5);
  self->request(st.arc, limit, arc_submit_atom::value, std::move(request))
      .then(
          [self, jobs, verdicts, sent, full](verdict_list& answer) mutable {
            for (std::size_t k = 0; k < sent.size() && k < answer.verdicts.size(); ++k) {
              verdicts[sent[k]] = std::move(answer.verdicts[k]);
            }
            settle(self, settlements(self->state, jobs, verdicts), full, 0);
          },
          [self, jobs, verdicts, sent, full](caf::error& error) mutable {
            for (auto k : sent) {
              verdicts[k] = arc::make_verdict(Outcome::transient,
                                              "ARC client: " + self->system().render(error));
            }
            settle(self, settlements(self->state, jobs, verdicts), full, 0);
          });
}

// Gives back whatever this worker may hold after a claim whose answer was
// lost. Until that succeeds, every cycle tries it again before claiming:
// otherwise a release that also failed would leave the jobs `sending` until
// the stale threshold.
void release_own(self_pointer self) {
  self->request(self->state.store, caf::infinite, release_jobs_atom::value, self->state.id, false)
      .then(
          [self](std::int64_t) {
            self->state.release_first = false;
            idle(self, kRetryDelay);
          },
          [self](caf::error&) { idle(self, kRetryDelay); });
}

void cycle(self_pointer self) {
  auto& st = self->state;
  if (st.busy || st.draining) return;
  st.busy = true;
  st.more = false;
  if (st.release_first) return release_own(self);
  store::ClaimRequest claim{st.id, st.options.batch, st.options.stale_threshold,
                            st.options.max_attempts};
  self->request(st.store, caf::infinite, claim_jobs_atom::value, claim)
      .then(
          [self](job_list& claimed) {
            if (claimed.jobs.empty()) return idle(self, poll_interval(self->state));
            broadcast(self, std::move(claimed.jobs));
          },
          [self](caf::error& error) {
            log::warn("broadcast", "cannot claim jobs",
                      {{"worker", self->state.id}, {"error", self->system().render(error)}});
            // The claim may have committed with its answer lost: give back
            // whatever we may hold (nothing, between batches), then wait.
            self->state.release_first = true;
            release_own(self);
          });
}

broadcast_worker_api::behavior_type broadcast_worker(self_pointer self, BroadcastOptions options,
                                                     int index, queue_store_api store, arc_api arc,
                                                     std::shared_ptr<metrics::Registry> registry) {
  auto& st = self->state;
  st.metrics = std::make_unique<QueueMetrics>(*registry);
  st.registry = std::move(registry);
  st.id = options.node_id + "/" + std::to_string(index);
  st.options = std::move(options);
  st.store = std::move(store);
  st.arc = std::move(arc);
  cycle(self);  // jobs may be waiting already
  return {
      [self](wake_atom) {
        if (self->state.busy) {
          self->state.more = true;
        } else {
          cycle(self);
        }
      },
      [self](poll_atom, std::uint64_t generation) {
        if (generation == self->state.poll_generation) cycle(self);
      },
      [self](settle_again_atom, settlement_list& retry, int tries) {
        settle(self, std::move(retry.items), false, tries);
      },
      [self](use_arc_atom, arc_api& replacement) { self->state.arc = std::move(replacement); },
      [self](drain_atom) {
        self->state.draining = true;
        if (!self->state.busy) self->quit();
      },
  };
}

}  // namespace

messages::broadcast_worker_api spawn_broadcast_worker(caf::actor_system& system,
                                                      const BroadcastOptions& options, int index,
                                                      messages::queue_store_api store,
                                                      messages::arc_api arc,
                                                      std::shared_ptr<metrics::Registry> metrics) {
  return system.spawn(broadcast_worker, options, index, std::move(store), std::move(arc),
                      std::move(metrics));
}

}  // namespace bsv::actors
