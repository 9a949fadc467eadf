#include "actors/store_actor.hpp"

#include <algorithm>
#include <caf/actor_cast.hpp>
#include <caf/actor_system.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/exit_reason.hpp>
#include <caf/io/broker.hpp>
#include <caf/io/middleman.hpp>
#include <caf/scoped_actor.hpp>
#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <vector>

#include "actors/store_actor_metrics.hpp"
#include "actors/store_worker.hpp"
#include "messages/store_errors.hpp"

namespace bsv::actors {
namespace {

using namespace bsv::messages;
using worker_handle = store_worker_api;
using Job = std::function<void(const worker_handle&)>;

// Largest number of queued store_output requests written in one statement.
constexpr std::size_t kMaxBatch = 64;

using Clock = std::chrono::steady_clock;

// Sent by the store actor to itself: "the store_outputs that arrived before
// this message are queued; hand them to an idle worker now".
using flush_outputs_atom = caf::atom_constant<caf::atom("flush_out")>;

// A queued request: either a job that sends it, or a store_output's record
// and promise, so that queued store_outputs can go to one worker together.
struct Pending {
  Job job;
  std::optional<std::string> output;
  caf::typed_response_promise<record> output_promise;
  Clock::time_point arrived;
};

struct pool_state {
  StoreActorConfig config;
  std::vector<worker_handle> workers;  // alive
  std::deque<worker_handle> idle;
  std::deque<Pending> backlog;
  bool draining = false;
  bool stopping_workers = false;  // drained: the workers were told to stop
  bool flush_pending = false;     // a flush_outputs message is on its way
  StoreActorMetrics metrics;
  static inline const char* name = "store_actor";
};

// A broker: it runs on the middleman's event loop (see spawn_store_actor).
using self_pointer = caf::io::stateful_broker<pool_state>*;

// Time from a request's arrival to its answer, by method.
void observe(self_pointer self, caf::atom_value method, Clock::time_point arrived) {
  self->state.metrics.observe(method, arrived);
}

void update_pool_gauges(pool_state& st) {
  st.metrics.update(st.workers.size() - st.idle.size(), st.backlog.size());
}

bool alive(const pool_state& st, const worker_handle& worker) {
  return std::find(st.workers.begin(), st.workers.end(), worker) != st.workers.end();
}

// Draining and nothing left to do: stops the workers, and quits once the
// last one is down. (Quitting earlier would leave their down messages in a
// mailbox nobody reads; a detached worker's thread ends only when the last
// reference to it is gone, so the actor system's shutdown would wait forever.)
void finish_if_drained(self_pointer self) {
  auto& st = self->state;
  if (!st.draining || !st.backlog.empty() || st.idle.size() < st.workers.size()) return;
  if (st.workers.empty()) {
    self->quit();
  } else if (!st.stopping_workers) {
    st.stopping_workers = true;
    for (const auto& worker : st.workers) self->send_exit(worker, caf::exit_reason::user_shutdown);
  }
}

void release(self_pointer self, const worker_handle& worker);

// Takes every queued store_output (up to kMaxBatch) out of the backlog.
std::vector<Pending> take_outputs(std::deque<Pending>& backlog) {
  std::vector<Pending> batch;
  std::deque<Pending> rest;
  for (auto& pending : backlog) {
    if (pending.output && batch.size() < kMaxBatch) {
      batch.push_back(std::move(pending));
    } else {
      rest.push_back(std::move(pending));
    }
  }
  backlog.swap(rest);
  return batch;
}

// Writes queued store_output requests in one statement and answers each:
// with its own record (the stored one) or with the error of its own record.
void send_batch(self_pointer self, const worker_handle& worker, std::vector<Pending> batch) {
  self->state.metrics.output_batch(batch.size());
  record_list records;
  for (const auto& pending : batch) records.json.push_back(*pending.output);
  // The requests wait here, shared by both handlers, until the worker answers.
  auto waiting = std::make_shared<std::vector<Pending>>(std::move(batch));
  auto answer_each = [self, worker, waiting](auto&& answer_one) {
    for (std::size_t i = 0; i < waiting->size(); ++i) {
      answer_one(i, (*waiting)[i]);
      observe(self, store_output_atom::value, (*waiting)[i].arrived);
    }
    release(self, worker);
  };
  self->request(worker, caf::infinite, store_outputs_atom::value, std::move(records))
      .then(
          [answer_each](batch_outcome& outcome) {
            answer_each([&outcome](std::size_t i, Pending& pending) {
              if (i < outcome.codes.size() && outcome.codes[i] >= 0) {
                const auto code = static_cast<ErrorCode>(outcome.codes[i]);
                pending.output_promise.deliver(to_caf({code, outcome.messages[i]}));
              } else {
                pending.output_promise.deliver(record{std::move(*pending.output)});
              }
            });
          },
          [answer_each](caf::error& error) {
            answer_each(
                [&error](std::size_t, Pending& pending) { pending.output_promise.deliver(error); });
          });
}

// A worker finished a request: give it the oldest queued one (with every
// other queued store_output when that is one), or mark it idle.
void release(self_pointer self, const worker_handle& worker) {
  auto& st = self->state;
  if (!alive(st, worker)) return;
  if (st.backlog.empty()) {
    st.idle.push_back(worker);
    update_pool_gauges(st);
    finish_if_drained(self);
  } else if (st.backlog.front().output) {
    send_batch(self, worker, take_outputs(st.backlog));
    update_pool_gauges(st);
  } else {
    Job job = std::move(st.backlog.front().job);
    st.backlog.pop_front();
    update_pool_gauges(st);
    job(worker);
  }
}

void add_worker(self_pointer self) {
  auto worker =
      spawn_store_worker(self->system(), self->state.config.conninfo, self->state.config.schema);
  self->monitor(worker);
  self->state.workers.push_back(worker);
  release(self, worker);
}

// Why a new request is refused (the node is draining, or it would have to
// wait and the backlog is full), or nothing if it can be taken.
std::optional<Error> refusal(self_pointer self, bool must_wait) {
  auto& st = self->state;
  auto refuse = [&st](const char* why) {
    st.metrics.refused();
    return Error{ErrorCode::unavailable, why};
  };
  if (st.draining) return refuse("the node is shutting down");
  if (must_wait && st.backlog.size() >= st.config.max_backlog)
    return refuse("store busy: all connections in use and the backlog is full");
  return std::nullopt;
}

// Sends one request (`method`, then its arguments) to `worker` and answers
// `promise` with its reply.
template <typename R, typename Atom, typename... Ts>
void dispatch(self_pointer self, const worker_handle& worker,
              caf::typed_response_promise<R> promise, Clock::time_point arrived, Atom method,
              Ts... xs) {
  self->request(worker, caf::infinite, method, std::move(xs)...)
      .then(
          [self, promise, worker, arrived](R& answer) mutable {
            promise.deliver(std::move(answer));
            observe(self, Atom::value, arrived);
            release(self, worker);
          },
          [self, promise, worker, arrived](caf::error& error) mutable {
            promise.deliver(error);
            observe(self, Atom::value, arrived);
            release(self, worker);
          });
}

// Sends the request to a worker now, later (queued) or answers unavailable.
template <typename R, typename Atom, typename... Ts>
caf::result<R> route(self_pointer self, Atom method, Ts... xs) {
  const auto arrived = Clock::now();
  auto& st = self->state;
  if (auto error = refusal(self, st.idle.empty())) return to_caf(*error);
  auto promise = self->make_response_promise<R>();
  if (!st.idle.empty()) {
    auto worker = st.idle.front();
    st.idle.pop_front();
    dispatch<R>(self, worker, promise, arrived, method, std::move(xs)...);
  } else {
    self->state.backlog.push_back({[self, promise, arrived, method, xs...](const worker_handle& w) {
                                     dispatch<R>(self, w, promise, arrived, method, xs...);
                                   },
                                   std::nullopt,
                                   {},
                                   arrived});
  }
  update_pool_gauges(self->state);
  return promise;
}

bool has_outputs(const std::deque<Pending>& backlog) {
  return std::any_of(backlog.begin(), backlog.end(),
                     [](const Pending& pending) { return pending.output.has_value(); });
}

// A store_output always waits in the backlog for the next flush, which comes
// after every message already in the mailbox: a burst of store_outputs (as a
// network read delivers them) becomes one statement instead of one each.
caf::result<record> route_output(self_pointer self, record output) {
  const auto arrived = Clock::now();
  auto& st = self->state;
  if (auto error = refusal(self, true)) return to_caf(*error);
  auto promise = self->make_response_promise<record>();
  st.backlog.push_back({nullptr, std::move(output.json), promise, arrived});
  if (!st.flush_pending) {
    st.flush_pending = true;
    self->send(self, flush_outputs_atom::value);
  }
  update_pool_gauges(st);
  return promise;
}

// Hands the queued store_outputs to idle workers, a batch of up to
// kMaxBatch each; what no idle worker takes, the next one to finish takes
// (release).
void flush_outputs(self_pointer self) {
  auto& st = self->state;
  st.flush_pending = false;
  while (!st.idle.empty() && has_outputs(st.backlog)) {
    auto worker = st.idle.front();
    st.idle.pop_front();
    send_batch(self, worker, take_outputs(st.backlog));
  }
  update_pool_gauges(st);
}

// The handler of one method of the table: the request goes to a worker
// as it came (now, or when one is free).
template <class Method, class Signature = typename Method::signature>
struct forwarder;
template <class Method, class Answer, class... Params>
struct forwarder<Method, Result<Answer>(Params...)> {
  static auto make(self_pointer self) {
    return [self](typename Method::atom method, wire_t<Params>&... xs) {
      return route<wire_t<Answer>>(self, method, std::move(xs)...);
    };
  }
};
// The one special path: a store_output waits to be written with others.
template <>
struct forwarder<methods::store_output> {
  static auto make(self_pointer self) {
    return
        [self](store_output_atom, record& output) { return route_output(self, std::move(output)); };
  }
};

template <class... Methods>
caf::behavior forward_all(self_pointer self, method_list<Methods...>) {
  return {
      forwarder<Methods>::make(self)...,
      [self](flush_outputs_atom) { flush_outputs(self); },
      // Not part of the store protocol: the live workers, for in-process observers.
      [self](caf::get_atom) {
        std::vector<caf::actor> workers;
        for (const auto& w : self->state.workers) workers.push_back(caf::actor_cast<caf::actor>(w));
        return workers;
      },
  };
}

// The metrics label of each request atom: its method's name.
template <class... Methods>
std::map<caf::atom_value, const char*> method_labels(method_list<Methods...>) {
  return {{Methods::atom::value, Methods::name}...};
}

caf::behavior store_actor(self_pointer self, StoreActorConfig config) {
  self->state.config = std::move(config);
  self->state.metrics = StoreActorMetrics(self->state.config.metrics, self->state.config.pool_size,
                                          method_labels(all_methods{}));
  for (int i = 0; i < self->state.config.pool_size; ++i) add_worker(self);
  self->set_down_handler([self](caf::down_msg& down) {
    auto& st = self->state;
    auto dead = [&](const worker_handle& w) { return w.address() == down.source; };
    st.workers.erase(std::remove_if(st.workers.begin(), st.workers.end(), dead), st.workers.end());
    st.idle.erase(std::remove_if(st.idle.begin(), st.idle.end(), dead), st.idle.end());
    if (st.draining) {
      finish_if_drained(self);
    } else {
      self->state.metrics.worker_restarted();
      add_worker(self);  // the requests it held were answered with an error by CAF
    }
  });
  self->set_exit_handler([self](caf::exit_msg& msg) {
    if (msg.reason != caf::exit_reason::user_shutdown) {
      for (const auto& worker : self->state.workers) {
        // No down message may outlive this actor (see finish_if_drained).
        self->demonitor(worker.address());
        self->send_exit(worker, msg.reason);
      }
      self->state.workers.clear();
      self->state.idle.clear();
      self->quit(msg.reason);
      return;
    }
    self->state.draining = true;
    finish_if_drained(self);
  });
  return forward_all(self, all_methods{});
}

}  // namespace

std::vector<caf::actor> store_workers(caf::actor_system& system, const messages::store_api& store) {
  caf::scoped_actor self{system};
  std::vector<caf::actor> workers;
  self->request(caf::actor_cast<caf::actor>(store), std::chrono::seconds(1), caf::get_atom::value)
      .receive([&](std::vector<caf::actor>& answer) { workers = std::move(answer); },
               [](caf::error&) {});
  return workers;
}

messages::store_api spawn_store_actor(caf::actor_system& system, const StoreActorConfig& config) {
  // The front is a dynamically typed actor (it also handles its own flush
  // and system messages) behind the typed handle that clients and the
  // network see. It is spawned as a broker so that it runs on the
  // middleman's event loop thread, where requests from remote nodes are
  // read: they reach it without waking a scheduler thread, and its answers
  // go out on the same thread (measured: store_output through a node over
  // the network +10 %). It never blocks: all database work is the workers'.
  return caf::actor_cast<messages::store_api>(system.middleman().spawn_broker(store_actor, config));
}

}  // namespace bsv::actors
