// broadcast_supervisor: see actors/broadcast_supervisor.hpp. States: starting (the
// start-up release runs) -> running -> draining (user_shutdown) -> gone
// once every worker has finished.

#include "actors/broadcast_supervisor.hpp"

#include <caf/actor_system.hpp>
#include <caf/exit_reason.hpp>
#include <caf/scoped_actor.hpp>
#include <caf/send.hpp>
#include <caf/typed_event_based_actor.hpp>
#include <map>
#include <memory>

#include "actors/broadcast_worker.hpp"
#include "actors/doubt_resolver.hpp"
#include "actors/option_time.hpp"
#include "actors/proof_tracker.hpp"
#include "actors/queue_metrics.hpp"
#include "actors/store_worker.hpp"
#include "common/backoff.hpp"
#include "common/log.hpp"
#include "db/notification_listener.hpp"

namespace bsv::actors {
namespace {

using namespace bsv::messages;
using Clock = std::chrono::steady_clock;

constexpr auto kFirstRestartDelay = std::chrono::milliseconds(100);
constexpr auto kMaxRestartDelay = std::chrono::seconds(5);
constexpr auto kStableAfter = std::chrono::seconds(10);  // a worker living this long died "once"
constexpr int kSweepBatch = 100;
constexpr int kRetentionBatch = 500;  // payloads one retention statement drops
constexpr int kRetentionRounds = 40;  // retention statements per sweep, at most

struct Slot {
  broadcast_worker_api worker;
  Clock::time_point started;
  Backoff restart_delay{kFirstRestartDelay, kMaxRestartDelay};
};

struct supervisor_state {
  BroadcastOptions options;
  BroadcastContext context;
  arc_api arc;
  store_worker_api maintenance;
  std::vector<Slot> slots;
  proof_tracker_api tracker;  // null when proof tracking is off
  doubt_resolver_api resolver;
  std::unique_ptr<db::NotificationListener> listener;
  bool draining = false;
  std::unique_ptr<QueueMetrics> metrics;
  std::map<std::string, std::int64_t> invariant_counts;  // as last checked
  static inline const char* name = "broadcast_supervisor";
};

using self_pointer = broadcast_supervisor_api::stateful_pointer<supervisor_state>;

void start_worker(self_pointer self, std::size_t index) {
  auto& st = self->state;
  auto worker = spawn_broadcast_worker(self->system(), st.options, static_cast<int>(index),
                                       st.context.store, st.arc, st.context.metrics);
  self->monitor(worker);
  st.slots[index].worker = worker;
  st.slots[index].started = Clock::now();
}

caf::timespan sweep_interval(const BroadcastOptions& options) {
  return as_timespan(std::min(options.stale_threshold / 2, 60.0));
}

// Jobs stuck in `sending` with no attempts left go in doubt (one guarded
// statement): their last broadcast may have reached ARC, so nothing is
// rolled back; the doubt resolver finds out.
void sweep(self_pointer self) {
  auto& st = self->state;
  store::ClaimRequest stuck{st.options.node_id + "/sweep", kSweepBatch, st.options.stale_threshold,
                            st.options.max_attempts};
  self->request(st.maintenance, caf::infinite, doubt_stuck_jobs_atom::value, stuck,
                st.options.doubt.first_check)
      .then(
          [self](std::vector<std::string>& txids) {
            if (txids.empty()) return;
            self->state.metrics->in_doubt.add(txids.size());
            log::warn("broadcast",
                      "jobs stuck in sending with no attempts left are now in doubt; asking ARC",
                      {{"jobs", txids.size()}, {"txids", txids}});
          },
          [](caf::error&) {});
}

// Retention: payloads of jobs proven more than retain_payload_days ago are
// dropped in batches of kRetentionBatch, batch after batch while they come
// back full (at most kRetentionRounds per sweep), so each statement stays
// short and a long history is worked off within hours, not days.
void drop_old_payloads(self_pointer self, int round = 1) {
  auto& st = self->state;
  self->request(st.maintenance, caf::infinite, drop_old_payloads_atom::value,
                st.options.retain_payload_days, kRetentionBatch)
      .then(
          [self, round](std::int64_t dropped) {
            if (dropped > 0) {
              log::info(
                  "retention", "dropped the payloads of completed, proven jobs",
                  {{"jobs", dropped}, {"retain_days", self->state.options.retain_payload_days}});
            }
            if (dropped == kRetentionBatch && round < kRetentionRounds && !self->state.draining) {
              drop_old_payloads(self, round + 1);
            }
          },
          [](caf::error&) {});
}

// The wallet's invariants (store/invariants.hpp) as the gauge
// bsv_invariant_violations{invariant}, so that an alert can fire (and an
// error logged when a count grows). Read by the maintenance connection every
// check_interval seconds; a failed run leaves the last values.
void check_invariants(self_pointer self) {
  auto& st = self->state;
  store::InvariantLimits limits;
  limits.stale_threshold = st.options.stale_threshold;
  limits.doubt_horizon = st.options.doubt.horizon;
  self->request(st.maintenance, caf::infinite, check_invariants_atom::value, limits)
      .then(
          [self](violation_list& found) {
            for (const auto& v : found.items) {
              self->state.context.metrics
                  ->gauge("bsv_invariant_violations",
                          "Rows breaking each of the wallet's invariants ('check' lists them)",
                          {{"invariant", v.invariant}})
                  .set(v.count);
              auto& last = self->state.invariant_counts[v.invariant];
              if (v.count > last) {
                log::error("check", "a wallet invariant is broken; run 'bsv-wallet-node check'",
                           {{"invariant", v.invariant}, {"count", v.count}});
              }
              last = v.count;
            }
          },
          [self](caf::error& error) {
            log::warn("check", "cannot run the invariant checks",
                      {{"error", self->system().render(error)}});
          });
}

void release_then(self_pointer self, const std::string& holder, bool whole_node,
                  const std::function<void()>& next) {
  self->request(self->state.maintenance, std::chrono::seconds(10), release_jobs_atom::value, holder,
                whole_node)
      .then(
          [holder, next](std::int64_t released) {
            if (released > 0) {
              log::info("broadcast", "released jobs left in sending",
                        {{"holder", holder}, {"jobs", released}});
            }
            next();
          },
          [self, holder, next](caf::error& error) {
            log::warn("broadcast", "cannot release jobs; they are rescued when stale",
                      {{"holder", holder}, {"error", self->system().render(error)}});
            next();
          });
}

void start_listening(self_pointer self) {
  auto& st = self->state;
  st.listener = std::make_unique<db::NotificationListener>(
      st.context.conninfo, "wallet_broadcast_jobs",
      [handle = caf::actor_cast<broadcast_supervisor_api>(self->address())] {
        caf::anon_send(handle, wake_atom::value);
      });
}

void start_tracker(self_pointer self) {
  auto& st = self->state;
  if (!st.options.proofs.tracking() || st.draining) return;
  st.tracker = spawn_proof_tracker(self->system(), st.options, st.context.store, st.arc,
                                   st.context.headers, st.context.metrics);
  self->monitor(st.tracker);
}

void start_resolver(self_pointer self) {
  auto& st = self->state;
  if (st.draining) return;
  st.resolver = spawn_doubt_resolver(self->system(), st.options, st.context.store, st.arc,
                                     st.context.metrics);
  self->monitor(st.resolver);
}

// A worker died: give back its jobs, then restart it (later if it keeps dying).
void on_worker_down(self_pointer self, std::size_t index) {
  auto& st = self->state;
  auto& slot = st.slots[index];
  slot.worker = nullptr;
  if (st.draining) {
    bool all_done = true;
    for (const auto& s : st.slots) all_done = all_done && !s.worker;
    if (all_done) {
      self->send_exit(st.maintenance, caf::exit_reason::user_shutdown);
      self->send_exit(st.arc, caf::exit_reason::user_shutdown);
      self->quit();
    }
    return;
  }
  const bool unstable = Clock::now() - slot.started < kStableAfter;
  if (!unstable) slot.restart_delay.reset();  // it died once: restart soon
  const auto delay = slot.restart_delay.next();
  const auto holder = st.options.node_id + "/" + std::to_string(index);
  st.metrics->worker_restarts.add();
  log::error("broadcast", "worker died; releasing its jobs and restarting it",
             {{"worker", holder},
              {"delay_ms", std::chrono::duration_cast<std::chrono::milliseconds>(delay).count()}});
  release_then(self, holder, false, [self, index, delay] {
    self->delayed_send(self, delay, respawn_atom::value, index);
  });
}

// A monitored actor ended: a worker is restarted (after its jobs are
// released), the tracker, the doubt resolver, the ARC client actor and the maintenance
// connection are replaced.
void on_down(self_pointer self, const caf::down_msg& down) {
  auto& st = self->state;
  for (std::size_t i = 0; i < st.slots.size(); ++i) {
    if (st.slots[i].worker && st.slots[i].worker.address() == down.source) {
      return on_worker_down(self, i);
    }
  }
  if (st.draining) return;
  if (st.tracker && down.source == st.tracker.address()) {
    // Its claimed txids are checked again when their leases end.
    st.tracker = nullptr;
    st.metrics->tracker_restarts.add();
    log::error("proofs", "the proof tracker died; restarting it");
    self->delayed_send(self, std::chrono::seconds(1), tracker_atom::value);
  } else if (st.resolver && down.source == st.resolver.address()) {
    // Its claimed jobs are checked again when their leases end.
    st.resolver = nullptr;
    st.metrics->resolver_restarts.add();
    log::error("doubt", "the doubt resolver died; restarting it");
    self->delayed_send(self, std::chrono::seconds(1), resolver_atom::value);
  } else if (down.source == st.arc.address()) {
    st.metrics->arc_restarts.add();
    log::error("broadcast", "the ARC client actor died; restarting it");
    st.arc = st.context.make_arc(self->system());
    self->monitor(st.arc);
    for (const auto& slot : st.slots) {
      if (slot.worker) self->send(slot.worker, use_arc_atom::value, st.arc);
    }
    if (st.tracker) self->send(st.tracker, use_arc_atom::value, st.arc);
    if (st.resolver) self->send(st.resolver, use_arc_atom::value, st.arc);
  } else if (down.source == st.maintenance.address()) {
    st.maintenance = spawn_store_worker(self->system(), st.context.conninfo, st.context.schema);
    self->monitor(st.maintenance);
  }
}

// Stops listening, the tracker and the resolver; on user_shutdown lets every worker
// finish its batch (the last one down ends the supervisor), otherwise
// passes the reason on.
void on_exit(self_pointer self, const caf::exit_msg& msg) {
  auto& st = self->state;
  st.draining = true;
  st.listener.reset();
  if (st.tracker) self->send_exit(st.tracker, caf::exit_reason::user_shutdown);
  if (st.resolver) self->send_exit(st.resolver, caf::exit_reason::user_shutdown);
  bool any = false;
  for (const auto& slot : st.slots) {
    if (!slot.worker) continue;
    any = true;
    if (msg.reason == caf::exit_reason::user_shutdown) {
      self->send(slot.worker, drain_atom::value);
    } else {
      self->send_exit(slot.worker, msg.reason);
    }
  }
  if (!any) {
    self->send_exit(st.maintenance, caf::exit_reason::user_shutdown);
    self->send_exit(st.arc, caf::exit_reason::user_shutdown);
    self->quit(msg.reason);
  }
}

broadcast_supervisor_api::behavior_type broadcast_supervisor(self_pointer self,
                                                             BroadcastOptions options,
                                                             BroadcastContext context) {
  {
    auto& st = self->state;
    st.options = std::move(options);
    st.context = std::move(context);
    st.metrics = std::make_unique<QueueMetrics>(*st.context.metrics);
    st.arc = st.context.make_arc(self->system());
    self->monitor(st.arc);
    st.maintenance = spawn_store_worker(self->system(), st.context.conninfo, st.context.schema);
    self->monitor(st.maintenance);
    st.slots.resize(static_cast<std::size_t>(st.options.workers));
  }
  // Jobs a crashed run of this node left in `sending` are due again at once.
  release_then(self, self->state.options.node_id, true, [self] {
    if (self->state.draining) return self->quit();
    for (std::size_t i = 0; i < self->state.slots.size(); ++i) start_worker(self, i);
    start_tracker(self);
    start_resolver(self);
    start_listening(self);
    self->delayed_send(self, sweep_interval(self->state.options), sweep_atom::value);
    if (self->state.options.check_interval > 0) self->send(self, invariants_atom::value);
  });
  self->set_down_handler([self](caf::down_msg& down) { on_down(self, down); });
  self->set_exit_handler([self](caf::exit_msg& msg) { on_exit(self, msg); });
  return {
      [self](caf::get_atom) {
        std::vector<caf::actor> workers;
        for (const auto& slot : self->state.slots) {
          if (slot.worker) workers.push_back(caf::actor_cast<caf::actor>(slot.worker));
        }
        return workers;
      },
      [self](wake_atom) {
        for (const auto& slot : self->state.slots) {
          if (slot.worker) self->send(slot.worker, wake_atom::value);
        }
      },
      [self](tracker_atom) { start_tracker(self); },
      [self](resolver_atom) { start_resolver(self); },
      [self](respawn_atom, std::size_t index) {
        if (!self->state.draining) start_worker(self, index);
      },
      [self](invariants_atom) {
        if (self->state.draining) return;
        check_invariants(self);
        self->delayed_send(self, as_timespan(self->state.options.check_interval),
                           invariants_atom::value);
      },
      [self](sweep_atom) {
        if (self->state.draining) return;
        sweep(self);
        if (self->state.options.retain_payload_days > 0) drop_old_payloads(self);
        self->delayed_send(self, sweep_interval(self->state.options), sweep_atom::value);
      },
  };
}

}  // namespace

std::vector<caf::actor> broadcast_workers(caf::actor_system& system,
                                          const broadcast_supervisor_api& supervisor) {
  caf::scoped_actor self{system};
  std::vector<caf::actor> workers;
  self->request(supervisor, std::chrono::seconds(1), caf::get_atom::value)
      .receive([&](std::vector<caf::actor>& answer) { workers = std::move(answer); },
               [](caf::error&) {});
  return workers;
}

broadcast_supervisor_api spawn_broadcast_supervisor(caf::actor_system& system,
                                                    BroadcastOptions options,
                                                    BroadcastContext context) {
  return system.spawn(broadcast_supervisor, std::move(options), std::move(context));
}

}  // namespace bsv::actors
