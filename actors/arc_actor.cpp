#include "actors/arc_actor.hpp"

#include <caf/actor_cast.hpp>
#include <caf/actor_system.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/send.hpp>
#include <caf/stateful_actor.hpp>
#include <chrono>
#include <unordered_map>

#include "common/log.hpp"

namespace bsv::actors {
namespace {

using namespace bsv::messages;
using arc_done_atom = caf::atom_constant<caf::atom("arc_done")>;

using Clock = std::chrono::steady_clock;

struct Waiting {
  caf::response_promise promise;
  std::vector<std::string> txids;  // empty for a status request
  bool batch = false;
  Clock::time_point sent;
};

struct arc_state {
  std::unique_ptr<arc::ArcClient> client;
  std::uint64_t next_id = 0;
  std::unordered_map<std::uint64_t, Waiting> waiting;
  std::shared_ptr<metrics::Registry> metrics;  // never null
  std::string url;                             // the endpoint, for logs
  Clock::time_point quiet_until;               // no misconfiguration error logged before
  static inline const char* name = "arc_client";
};

using self_pointer = caf::stateful_actor<arc_state>*;

metrics::Histogram& request_seconds(metrics::Registry& registry, const char* endpoint) {
  return registry.histogram("bsv_arc_request_seconds",
                            "ARC requests from sending to the answer, by endpoint",
                            metrics::latency_buckets(), {{"endpoint", endpoint}});
}

metrics::Counter& errors(metrics::Registry& registry, const char* kind) {
  return registry.counter("bsv_arc_errors_total", "ARC requests that failed, by class",
                          {{"class", kind}});
}

void observe(arc_state& st, const Waiting& waiting, const arc::HttpAnswer& answer) {
  const char* endpoint =
      waiting.txids.empty() ? "status" : (waiting.batch ? "submit_batch" : "submit");
  request_seconds(*st.metrics, endpoint)
      .observe(std::chrono::duration<double>(Clock::now() - waiting.sent).count());
  if (const char* kind = arc::failure_class(answer.status, answer.body, answer.error)) {
    errors(*st.metrics, kind).add();
  }
}

// Hands the verdicts over. A wrong key or URL must not fail the wallet's
// transactions (they are transient) but must not go unnoticed either.
// Logged at most once a minute.
void deliver(arc_state& st, Waiting& waiting, std::vector<arc::Verdict> verdicts) {
  const auto now = Clock::now();
  if (!verdicts.empty() && verdicts.front().misconfigured && now >= st.quiet_until) {
    st.quiet_until = now + std::chrono::minutes(1);
    log::error("arc", "ARC refuses our requests: check the endpoint's URL and API key",
               {{"endpoint", st.url}, {"answer", verdicts.front().message}});
  }
  waiting.promise.deliver(verdict_list{std::move(verdicts)});
}

// The client's callback: back into the actor as a message (it runs on the
// client's thread). It holds the actor's address only, so a pending request
// keeps nothing alive.
arc::ArcClient::Callback reply_to(self_pointer self, std::uint64_t id) {
  return [address = self->address(), id](arc::HttpAnswer answer) {
    if (auto handle = caf::actor_cast<caf::actor>(address)) {
      caf::anon_send(handle, arc_done_atom::value, id, std::move(answer));
    }
  };
}

caf::behavior arc_actor(self_pointer self, const arc::ArcSettings& settings,
                        std::shared_ptr<metrics::Registry> registry) {
  self->state.client = std::move(*arc::ArcClient::create(settings));  // URL checked at spawn
  self->state.url = settings.url;
  self->state.metrics = registry ? std::move(registry) : std::make_shared<metrics::Registry>();
  return {
      [self](arc_submit_atom, arc_request& request) -> caf::result<verdict_list> {
        if (request.txids.empty()) return verdict_list{};
        const auto id = self->state.next_id++;
        const bool batch = request.hex.size() > 1;
        self->state.waiting[id] = {self->make_response_promise(), request.txids, batch,
                                   Clock::now()};
        if (batch) {
          self->state.client->submit_batch(request.hex, reply_to(self, id));
        } else {
          self->state.client->submit(request.hex.front(), reply_to(self, id));
        }
        return caf::delegated<verdict_list>{};
      },
      [self](arc_status_atom, const std::string& txid) -> caf::result<arc::HttpAnswer> {
        const auto id = self->state.next_id++;
        self->state.waiting[id] = {self->make_response_promise(), {}, false, Clock::now()};
        self->state.client->status(txid, reply_to(self, id));
        return caf::delegated<arc::HttpAnswer>{};
      },
      [self](arc_done_atom, std::uint64_t id, arc::HttpAnswer& answer) {
        auto it = self->state.waiting.find(id);
        if (it == self->state.waiting.end()) return;
        auto waiting = std::move(it->second);
        self->state.waiting.erase(it);
        observe(self->state, waiting, answer);
        if (waiting.txids.empty()) {
          waiting.promise.deliver(std::move(answer));
        } else if (waiting.batch) {
          deliver(self->state, waiting,
                  arc::classify_batch(answer.status, answer.body, answer.error, waiting.txids));
        } else {
          deliver(self->state, waiting,
                  {arc::classify_answer(answer.status, answer.body, answer.error,
                                        waiting.txids.front())});
        }
      },
  };
}

}  // namespace

void announce_arc_series(metrics::Registry& registry) {
  for (const char* endpoint : {"submit", "submit_batch", "status"}) {
    request_seconds(registry, endpoint);
  }
  for (const char* kind : arc::failure_classes()) errors(registry, kind);
}

Result<messages::arc_api> spawn_arc_actor(caf::actor_system& system,
                                          const arc::ArcSettings& settings,
                                          std::shared_ptr<metrics::Registry> metrics) {
  if (auto error = arc::ArcClient::check_url(settings.url)) return *error;
  return caf::actor_cast<messages::arc_api>(system.spawn(arc_actor, settings, std::move(metrics)));
}

}  // namespace bsv::actors
