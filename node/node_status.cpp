#include "node/node_status.hpp"

#include <caf/actor_system.hpp>
#include <caf/scoped_actor.hpp>
#include <nlohmann/json.hpp>

#include "actors/broadcast_supervisor.hpp"
#include "actors/store_actor.hpp"
#include "messages/store_errors.hpp"

namespace bsv::node {
namespace {

constexpr auto kProbeTimeout = std::chrono::seconds(1);

// The queue's counts through the store actor, or why the database did not answer.
Result<store::JobStats> ask_job_stats(const NodeStatusSources& sources) {
  caf::scoped_actor self{*sources.system};
  Result<store::JobStats> result =
      Error{ErrorCode::timeout, "the store did not answer within a second"};
  self->request(sources.store, kProbeTimeout, messages::job_stats_atom::value)
      .receive([&](store::JobStats& stats) { result = stats; },
               [&](caf::error& error) { result = messages::from_caf(error); });
  return result;
}

void publish_job_stats(metrics::Registry& registry, const Result<store::JobStats>& stats) {
  registry.gauge("bsv_database_up", "1 when the database answered this scrape, else 0")
      .set(stats ? 1 : 0);
  if (!stats) return;
  const char* help = "Broadcast jobs in the database, by status (all nodes)";
  registry.gauge("bsv_broadcast_jobs", help, {{"status", "unsent"}}).set(stats->unsent);
  registry.gauge("bsv_broadcast_jobs", help, {{"status", "sending"}}).set(stats->sending);
  registry.gauge("bsv_broadcast_jobs", help, {{"status", "completed"}}).set(stats->completed);
  registry.gauge("bsv_broadcast_jobs", help, {{"status", "failed"}}).set(stats->failed);
  registry.gauge("bsv_broadcast_jobs", help, {{"status", "in_doubt"}}).set(stats->in_doubt);
  registry
      .gauge("bsv_broadcast_oldest_unsent_age_seconds",
             "Seconds the oldest unsent job has waited (0 when none)")
      .set(stats->oldest_unsent_seconds < 0
               ? 0
               : static_cast<std::int64_t>(stats->oldest_unsent_seconds));
}

nlohmann::ordered_json worker_check(std::size_t running, int expected) {
  return {
      {"ok", static_cast<int>(running) >= expected}, {"running", running}, {"expected", expected}};
}

http::Reply health(const NodeStatusSources& sources) {
  const auto stats = ask_job_stats(sources);
  nlohmann::ordered_json body = {{"status", "ok"}};
  body["database"] = stats
                         ? nlohmann::ordered_json{{"ok", true}}
                         : nlohmann::ordered_json{{"ok", false}, {"error", stats.error().message}};
  body["store_workers"] = worker_check(
      actors::store_workers(*sources.system, caf::actor_cast<messages::store_api>(sources.store))
          .size(),
      sources.pool_size);
  if (sources.broadcast) {
    body["broadcast_workers"] =
        worker_check(actors::broadcast_workers(*sources.system, sources.broadcast).size(),
                     sources.broadcast_workers);
  }
  bool ok = true;
  for (const auto& [part, check] : body.items()) {
    if (part != "status") ok = ok && check["ok"].get<bool>();
  }
  body["status"] = ok ? "ok" : "down";
  return {ok ? 200 : 503, "application/json", body.dump() + "\n"};
}

}  // namespace

http::Server::Handler node_status_handler(NodeStatusSources sources) {
  return [sources = std::move(sources)](const http::Request& request) -> http::Reply {
    const auto path = request.target.substr(0, request.target.find('?'));
    if (path != "/metrics" && path != "/health") {
      return {404, "text/plain; charset=utf-8", "not found: try /metrics or /health\n"};
    }
    if (request.method != "GET" && request.method != "HEAD") {
      return {405, "text/plain; charset=utf-8", "only GET\n"};
    }
    if (path == "/health") return health(sources);
    publish_job_stats(*sources.metrics, ask_job_stats(sources));
    return {200, "text/plain; version=0.0.4; charset=utf-8", sources.metrics->render()};
  };
}

}  // namespace bsv::node
