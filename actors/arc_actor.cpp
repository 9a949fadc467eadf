// arc_actor: one ArcClient per endpoint, each behind its circuit breaker.
// A request walks its endpoints in order (Waiting::order) until one gives
// an answer that is not transient, or none is left.

#include "actors/arc_actor.hpp"

#include <caf/actor_cast.hpp>
#include <caf/actor_system.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/send.hpp>
#include <caf/stateful_actor.hpp>
#include <chrono>
#include <optional>
#include <unordered_map>

#include "arc/circuit_breaker.hpp"
#include "common/log.hpp"

namespace bsv::actors {
namespace {

using namespace bsv::messages;
using arc_done_atom = caf::atom_constant<caf::atom("arc_done")>;
using store::Outcome;

using Clock = std::chrono::steady_clock;

constexpr arc::BreakerState kStates[] = {arc::BreakerState::closed, arc::BreakerState::open,
                                         arc::BreakerState::half_open};

struct Endpoint {
  std::string name;  // arc::endpoint_name
  std::string url;
  std::unique_ptr<arc::ArcClient> client;
  arc::CircuitBreaker breaker;
  Clock::time_point quiet_until;  // no misconfiguration error logged before
};

// One request on its way through the endpoints.
struct Waiting {
  caf::response_promise promise;
  arc_request request;  // a submission (empty for a status query)
  std::string txid;     // a status query's
  std::vector<std::size_t> order;
  std::size_t next = 0;  // in `order`
  Clock::time_point sent;
  std::vector<arc::Verdict> last_verdicts;  // the last transient answer, if any
  std::optional<arc::HttpAnswer> last_answer;
  bool status() const { return request.txids.empty(); }
};

struct arc_state {
  std::vector<Endpoint> endpoints;
  std::uint64_t next_id = 0;
  std::unordered_map<std::uint64_t, Waiting> waiting;
  std::shared_ptr<metrics::Registry> metrics;  // never null
  static inline const char* name = "arc_client";
};

using self_pointer = caf::stateful_actor<arc_state>*;

metrics::Histogram& request_seconds(metrics::Registry& registry, const char* request) {
  return registry.histogram("bsv_arc_request_seconds",
                            "ARC requests from sending to the answer, by request",
                            metrics::latency_buckets(), {{"endpoint", request}});
}

metrics::Counter& errors(metrics::Registry& registry, const char* kind) {
  return registry.counter("bsv_arc_errors_total", "ARC requests that failed, by class",
                          {{"class", kind}});
}

metrics::Gauge& endpoint_state(metrics::Registry& registry, const std::string& name,
                               arc::BreakerState state) {
  return registry.gauge("bsv_arc_endpoint_state",
                        "1 for each ARC endpoint's circuit breaker state (closed, open, half_open)",
                        {{"arc", name}, {"state", arc::to_string(state)}});
}

metrics::Counter& endpoint_answers(metrics::Registry& registry, const std::string& name,
                                   const char* kind) {
  return registry.counter("bsv_arc_endpoint_answers_total",
                          "Answers of each ARC endpoint by class (a broadcast's verdict, or "
                          "'status' for a status query answered, 'transient' for none)",
                          {{"arc", name}, {"class", kind}});
}

metrics::Histogram& endpoint_seconds(metrics::Registry& registry, const std::string& name) {
  return registry.histogram("bsv_arc_endpoint_seconds", "Each ARC endpoint's request latency",
                            metrics::latency_buckets(), {{"arc", name}});
}

void show_state(metrics::Registry& registry, const Endpoint& endpoint) {
  for (auto state : kStates) {
    endpoint_state(registry, endpoint.name, state).set(state == endpoint.breaker.state() ? 1 : 0);
  }
}

// The endpoint that accepted a transaction first, then the others in order.
std::vector<std::size_t> order_for(const arc_state& st, const std::string& preferred) {
  std::vector<std::size_t> order;
  const auto url = preferred.substr(preferred.find(' ') + 1);
  for (std::size_t i = 0; i < st.endpoints.size(); ++i) {
    if (!preferred.empty() && st.endpoints[i].url == url)
      order.insert(order.begin(), i);
    else
      order.push_back(i);
  }
  return order;
}

// The client's callback: back into the actor as a message (it runs on the
// client's thread). It holds the actor's address only, so a pending request
// keeps nothing alive.
arc::ArcClient::Callback reply_to(self_pointer self, std::uint64_t id, std::size_t endpoint) {
  return [address = self->address(), id, endpoint](arc::HttpAnswer answer) {
    if (auto handle = caf::actor_cast<caf::actor>(address)) {
      caf::anon_send(handle, arc_done_atom::value, id, endpoint, std::move(answer));
    }
  };
}

// A wrong key or URL must not fail the wallet's transactions (they are
// transient) but must not go unnoticed either. Logged at most once a
// minute per endpoint.
void note_misconfiguration(Endpoint& endpoint, const arc::Verdict& verdict) {
  const auto now = Clock::now();
  if (!verdict.misconfigured || now < endpoint.quiet_until) return;
  endpoint.quiet_until = now + std::chrono::minutes(1);
  log::error("arc", "ARC refuses our requests: check the endpoint's URL and API key",
             {{"endpoint", endpoint.name}, {"answer", verdict.message}});
}

void finish(self_pointer self, std::uint64_t id) {
  auto it = self->state.waiting.find(id);
  auto& waiting = it->second;
  if (waiting.status()) {
    waiting.promise.deliver(waiting.last_answer ? std::move(*waiting.last_answer)
                                                : arc::HttpAnswer{0,
                                                                  {},
                                                                  "every ARC endpoint is "
                                                                  "open (circuit breakers)"});
  } else {
    auto verdicts = std::move(waiting.last_verdicts);
    if (verdicts.empty()) {
      verdicts.assign(
          waiting.request.txids.size(),
          arc::make_verdict(Outcome::transient, "every ARC endpoint is open (circuit breakers)"));
    }
    waiting.promise.deliver(verdict_list{std::move(verdicts)});
  }
  self->state.waiting.erase(it);
}

// Sends request `id` to the next endpoint of its order that lets it
// through, or answers with the last transient answer when none is left.
void try_next(self_pointer self, std::uint64_t id) {
  auto& st = self->state;
  auto& waiting = st.waiting.at(id);
  const auto now = Clock::now();
  while (waiting.next < waiting.order.size()) {
    const auto index = waiting.order[waiting.next++];
    auto& endpoint = st.endpoints[index];
    if (!endpoint.breaker.allow(now)) continue;
    show_state(*st.metrics, endpoint);
    waiting.sent = now;
    auto& client = *endpoint.client;
    if (waiting.status()) {
      client.status(waiting.txid, reply_to(self, id, index));
    } else if (waiting.request.hex.size() > 1) {
      client.submit_batch(waiting.request.hex, reply_to(self, id, index));
    } else {
      client.submit(waiting.request.hex.front(), reply_to(self, id, index));
    }
    return;
  }
  finish(self, id);
}

const char* request_kind(const Waiting& waiting) {
  if (waiting.status()) return "status";
  return waiting.request.hex.size() > 1 ? "submit_batch" : "submit";
}

// Classifies an endpoint's answer; true when it is transient (try the next).
bool take_answer(arc_state& st, Waiting& waiting, Endpoint& endpoint, arc::HttpAnswer answer) {
  if (waiting.status()) {
    const bool answered = (answer.status >= 200 && answer.status < 300) || answer.status == 404;
    endpoint_answers(*st.metrics, endpoint.name, answered ? "status" : "transient").add();
    waiting.last_answer = std::move(answer);
    return !answered;
  }
  const auto& txids = waiting.request.txids;
  auto verdicts = txids.size() > 1
                      ? arc::classify_batch(answer.status, answer.body, answer.error, txids)
                      : std::vector<arc::Verdict>{arc::classify_answer(
                            answer.status, answer.body, answer.error, txids.front())};
  bool transient = true;
  for (auto& verdict : verdicts) {
    verdict.endpoint = endpoint.name;
    transient = transient && verdict.outcome == Outcome::transient;
  }
  note_misconfiguration(endpoint, verdicts.front());
  endpoint_answers(*st.metrics, endpoint.name, store::to_string(verdicts.front().outcome)).add();
  waiting.last_verdicts = std::move(verdicts);
  return transient;
}

void on_answer(self_pointer self, std::uint64_t id, std::size_t index, arc::HttpAnswer& answer) {
  auto& st = self->state;
  auto it = st.waiting.find(id);
  if (it == st.waiting.end() || index >= st.endpoints.size()) return;
  auto& waiting = it->second;
  auto& endpoint = st.endpoints[index];
  const double seconds = std::chrono::duration<double>(Clock::now() - waiting.sent).count();
  request_seconds(*st.metrics, request_kind(waiting)).observe(seconds);
  endpoint_seconds(*st.metrics, endpoint.name).observe(seconds);
  if (const char* kind = arc::failure_class(answer.status, answer.body, answer.error)) {
    errors(*st.metrics, kind).add();
  }
  const bool transient = take_answer(st, waiting, endpoint, std::move(answer));
  const auto before = endpoint.breaker.state();
  endpoint.breaker.record(transient, Clock::now());
  show_state(*st.metrics, endpoint);
  if (before != endpoint.breaker.state()) {
    log::warn("arc", "ARC endpoint circuit breaker changed",
              {{"endpoint", endpoint.name},
               {"state", arc::to_string(endpoint.breaker.state())},
               {"last_answer", transient ? "transient" : "answered"}});
  }
  if (transient) return try_next(self, id);
  finish(self, id);
}

void start(self_pointer self, Waiting waiting) {
  const auto id = self->state.next_id++;
  waiting.promise = self->make_response_promise();
  self->state.waiting.emplace(id, std::move(waiting));
  try_next(self, id);
}

caf::behavior arc_actor(self_pointer self, const arc::ArcSettings& settings,
                        std::shared_ptr<metrics::Registry> registry) {
  auto& st = self->state;
  st.metrics = registry ? std::move(registry) : std::make_shared<metrics::Registry>();
  const auto cooldown = std::chrono::milliseconds(static_cast<long long>(settings.cooldown * 1000));
  for (std::size_t i = 0; i < settings.endpoints.size(); ++i) {
    const auto& url = settings.endpoints[i].url;
    st.endpoints.push_back({arc::endpoint_name(i, url),
                            log::without_password(url),
                            std::move(*arc::ArcClient::create(settings, i)),  // checked at spawn
                            arc::CircuitBreaker(settings.failures, cooldown),
                            {}});
    show_state(*st.metrics, st.endpoints.back());
  }
  return {
      [self](arc_submit_atom, arc_request& request) -> caf::result<verdict_list> {
        if (request.txids.empty()) return verdict_list{};
        Waiting waiting;
        waiting.request = std::move(request);
        waiting.order = order_for(self->state, {});
        start(self, std::move(waiting));
        return caf::delegated<verdict_list>{};
      },
      [self](arc_status_atom, std::string& txid,
             const std::string& preferred) -> caf::result<arc::HttpAnswer> {
        Waiting waiting;
        waiting.txid = std::move(txid);
        waiting.order = order_for(self->state, preferred);
        start(self, std::move(waiting));
        return caf::delegated<arc::HttpAnswer>{};
      },
      [self](arc_done_atom, std::uint64_t id, std::size_t index, arc::HttpAnswer& answer) {
        on_answer(self, id, index, answer);
      },
  };
}

}  // namespace

void announce_arc_series(metrics::Registry& registry, const arc::ArcSettings& settings) {
  for (const char* request : {"submit", "submit_batch", "status"}) {
    request_seconds(registry, request);
  }
  for (const char* kind : arc::failure_classes()) errors(registry, kind);
  for (std::size_t i = 0; i < settings.endpoints.size(); ++i) {
    const auto name = arc::endpoint_name(i, settings.endpoints[i].url);
    for (auto state : kStates) {
      endpoint_state(registry, name, state).set(state == arc::BreakerState::closed ? 1 : 0);
    }
    for (auto outcome : {Outcome::accepted, Outcome::rejected, Outcome::lost_double_spend,
                         Outcome::unknown, Outcome::transient}) {
      endpoint_answers(registry, name, store::to_string(outcome));
    }
    endpoint_answers(registry, name, "status");
    endpoint_seconds(registry, name);
  }
}

std::vector<std::string> open_arc_endpoints(metrics::Registry& registry,
                                            const arc::ArcSettings& settings) {
  std::vector<std::string> open;
  for (std::size_t i = 0; i < settings.endpoints.size(); ++i) {
    const auto name = arc::endpoint_name(i, settings.endpoints[i].url);
    if (endpoint_state(registry, name, arc::BreakerState::closed).value() == 0) {
      open.push_back(name);
    }
  }
  return open;
}

Result<messages::arc_api> spawn_arc_actor(caf::actor_system& system,
                                          const arc::ArcSettings& settings,
                                          std::shared_ptr<metrics::Registry> metrics) {
  if (settings.endpoints.empty()) return invalid_argument("arc-url: no ARC endpoint given");
  for (const auto& endpoint : settings.endpoints) {
    if (auto error = arc::ArcClient::check_url(endpoint.url)) return *error;
  }
  return caf::actor_cast<messages::arc_api>(system.spawn(arc_actor, settings, std::move(metrics)));
}

}  // namespace bsv::actors
