#include "node/node_status.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <caf/actor_system.hpp>
#include <caf/scoped_actor.hpp>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "actors/arc_actor.hpp"
#include "actors/broadcast_supervisor.hpp"
#include "actors/store_actor.hpp"
#include "messages/store_errors.hpp"

namespace bsv::node {
namespace {

constexpr auto kProbeTimeout = std::chrono::seconds(1);

struct ProcessStats {
  std::int64_t resident_bytes = 0;
  std::int64_t open_fds = 0;
  std::int64_t start_time_seconds = 0;
  std::int64_t cpu_seconds = 0;
};

// When this process started (static initialization, before main).
const std::int64_t kProcessStarted = static_cast<std::int64_t>(std::time(nullptr));

// The node process as /proc and getrusage see it.
ProcessStats read_process_stats() {
  ProcessStats out;
  out.start_time_seconds = kProcessStarted;
  long pages = 0, resident = 0;
  if (std::ifstream statm("/proc/self/statm"); statm >> pages >> resident) {
    out.resident_bytes = static_cast<std::int64_t>(resident) * sysconf(_SC_PAGESIZE);
  }
  std::error_code ignored;
  for (auto it = std::filesystem::directory_iterator("/proc/self/fd", ignored);
       it != std::filesystem::directory_iterator(); it.increment(ignored)) {
    ++out.open_fds;
  }
  rusage usage{};
  if (getrusage(RUSAGE_SELF, &usage) == 0) {
    out.cpu_seconds = usage.ru_utime.tv_sec + usage.ru_stime.tv_sec;
  }
  return out;
}

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

void publish_job_stats(metrics::Registry& registry, const Result<store::JobStats>& stats);
void publish_build_and_process(metrics::Registry& registry);

// This scrape's own series, rendered for it alone (never kept in the node's
// registry, so that nothing stale is shown): the database's answer, the
// queue's counts (absent when the database did not answer: a stale count
// would read as an empty queue), the build and the process.
std::string scrape_text(const Result<store::JobStats>& stats) {
  metrics::Registry scrape;
  publish_job_stats(scrape, stats);
  publish_build_and_process(scrape);
  return scrape.render();
}

void publish_job_stats(metrics::Registry& registry, const Result<store::JobStats>& stats) {
  registry.gauge("bsv_database_up", "1 when the database answered this scrape, else 0")
      .set(stats ? 1 : 0);
  registry
      .gauge("bsv_broadcast_jobs_scrape_ok",
             "1 when this scrape read the job counts (bsv_broadcast_jobs is then present), else 0")
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

void publish_build_and_process(metrics::Registry& registry) {
  registry
      .gauge("bsv_build_info", "1, labelled with the version and commit this node was built from",
             {{"version", BSV_VERSION}, {"commit", BSV_COMMIT}})
      .set(1);
  const auto process = read_process_stats();
  registry.gauge("process_resident_memory_bytes", "Resident memory of the node")
      .set(process.resident_bytes);
  registry.gauge("process_open_fds", "Open file descriptors of the node").set(process.open_fds);
  registry.gauge("process_start_time_seconds", "When the node started, in Unix seconds")
      .set(process.start_time_seconds);
  registry.gauge("process_cpu_seconds_total", "CPU time the node has used, user and system")
      .set(process.cpu_seconds);
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
  std::size_t open_endpoints = 0;
  if (sources.broadcast) {
    body["broadcast_workers"] =
        worker_check(actors::broadcast_workers(*sources.system, sources.broadcast).size(),
                     sources.broadcast_workers);
  }
  if (sources.broadcast && !sources.arc.endpoints.empty()) {  // none: an in-process stand-in
    const auto open = actors::open_arc_endpoints(*sources.metrics, sources.arc);
    open_endpoints = open.size();
    body["arc"] = {{"ok", open.size() < sources.arc.endpoints.size()},
                   {"endpoints", sources.arc.endpoints.size()},
                   {"open", open}};
  }
  body["proofs"] = {{"ok", true}, {"mode", sources.proofs}};
  bool ok = true;
  for (const auto& [part, check] : body.items()) {
    if (part != "status") ok = ok && check["ok"].get<bool>();
  }
  body["status"] = !ok ? "down" : (open_endpoints > 0 ? "degraded" : "ok");
  return {ok ? 200 : 503, "application/json", body.dump() + "\n"};
}

}  // namespace

http::Server::Handler node_status_handler(NodeStatusSources sources) {
  return [sources = std::move(sources)](const http::Request& request) -> http::Reply {
    const auto path = request.target.substr(0, request.target.find('?'));
    const bool known = path == "/metrics" || path == "/health" || path == "/health/ready" ||
                       path == "/health/live";
    if (!known) {
      return {404, "text/plain; charset=utf-8",
              "not found: try /metrics, /health/ready or /health/live\n"};
    }
    if (request.method != "GET" && request.method != "HEAD") {
      return {405, "text/plain; charset=utf-8", "only GET\n"};
    }
    // Live: the process answers HTTP (restart it when this fails). Ready:
    // it can serve wallets and broadcast now (route traffic by it).
    if (path == "/health/live") return {200, "application/json", "{\"status\":\"alive\"}\n"};
    if (path == "/health" || path == "/health/ready") return health(sources);
    const auto stats = ask_job_stats(sources);
    return {200, "text/plain; version=0.0.4; charset=utf-8",
            sources.metrics->render() + scrape_text(stats)};
  };
}

}  // namespace bsv::node
