// `bsv-wallet-node serve`: the node. Publishes the store actor on --listen,
// starts the broadcast queue (unless --no-broadcast), prints
// `ready listen=HOST:PORT`, runs until SIGINT/SIGTERM, drains, exits 0.

#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <iostream>
#include <pqxx/except>
#include <thread>

#include "apps/node/cli_errors.hpp"
#include "apps/node/commands.hpp"
#include "common/backoff.hpp"
#include "common/log.hpp"
#include "config/node_config.hpp"
#include "db/migrator.hpp"
#include "node/tls_check.hpp"
#include "node/wallet_node.hpp"

namespace bsv::node {
namespace {

// Exit 3 unless every migration this binary knows is applied. A database
// that cannot be reached yet (at boot, PostgreSQL may start after us) is
// tried again, each try logged, for up to `wait_seconds`.
int check_schema(const std::string& url, int wait_seconds) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(wait_seconds);
  Backoff delay(std::chrono::milliseconds(500), std::chrono::seconds(5));
  for (int attempt = 1;; ++attempt) {
    try {
      const auto status = db::Migrator(url).status();
      if (status.pending.empty()) return kOk;
      return fail("unavailable",
                  "the database schema is not current (" + std::to_string(status.pending.size()) +
                      " migration(s) pending, first " + status.pending.front().name + ")",
                  kUnavailable, "run 'bsv-wallet-node migrate'");
    } catch (const pqxx::broken_connection& e) {
      const auto now = std::chrono::steady_clock::now();
      if (now >= deadline) {
        return fail("unavailable", std::string("database unreachable: ") + e.what(), kUnavailable,
                    "check --database-url and that PostgreSQL runs; --wait-for-database " +
                        std::to_string(wait_seconds) + " s were spent waiting");
      }
      const auto pause =
          std::min<std::chrono::steady_clock::duration>(delay.next(), deadline - now);
      log::info(
          "serve", "waiting for the database",
          {{"attempt", attempt},
           {"error", e.what()},
           {"retry_in_ms", std::chrono::duration_cast<std::chrono::milliseconds>(pause).count()}});
      std::this_thread::sleep_for(pause);
    } catch (const std::exception& e) {
      return fail("unavailable", std::string("cannot check the schema: ") + e.what(), kUnavailable);
    }
  }
}

// The queue's options as configured; the node id defaults to host name and
// listen port.
BroadcastOptions broadcast_options(const config::NodeConfig& cfg, std::uint16_t port) {
  BroadcastOptions options = cfg.queue;
  if (options.node_id.empty()) {
    char host[256] = {};
    gethostname(host, sizeof host - 1);
    options.node_id = std::string(host) + ":" + std::to_string(port);
  }
  // With callbacks, polling is the fallback: the first check waits a block,
  // by when the callbacks have usually told everything.
  if (cfg.callback_listen != "off") {
    options.proofs.first_check = std::max(options.proofs.first_check, options.proofs.interval);
  }
  return options;
}

// Starts /metrics and /health unless "off"; a failure is logged, never fatal:
// observability must not stop the wallet service.
void serve_metrics(WalletNode& node, const std::string& listen) {
  if (listen == "off") return;
  const auto [host, port] = config::parse_host_port(listen, "--metrics-listen");
  auto bound = node.serve_metrics(host, port);
  if (!bound) {
    log::error("metrics", "the metrics endpoint is off: " + bound.error().message,
               {{"listen", listen}});
    return;
  }
  log::info("metrics", "serving /metrics and /health",
            {{"listen", host + ":" + std::to_string(*bound)}});
}

// The signals we stop on, blocked in every thread so that sigwait gets them.
sigset_t stop_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  return set;
}

// The configuration from the command line, the file and the environment;
// throws UsageError naming what is wrong.
config::NodeConfig serve_config(const config::Options& options) {
  if (!options.positional().empty()) {
    throw config::UsageError("unexpected argument '" + options.positional()[0] + "'");
  }
  auto cfg = config::load_node_config(options);
  if (!cfg.no_broadcast && cfg.queue.arc.endpoints.empty()) {
    throw config::UsageError("no ARC endpoint: give --arc-url URL (or ARC_URL), or --no-broadcast");
  }
  if (!cfg.no_broadcast) {
    for (const auto& endpoint : cfg.queue.arc.endpoints) {
      if (auto error = arc::check_http_url(endpoint.url, "--arc-url"))
        throw config::UsageError(error->message);
    }
  }
  return cfg;
}

// How proofs are stored, for the start-up line.
const char* proof_mode(const ProofOptions& proofs) {
  if (!proofs.tracking()) return "off";
  return proofs.trust_arc_proofs ? "trusted, unchecked" : "checked against block headers";
}

// Publishes the node and starts what the configuration asks for (queue,
// callbacks, metrics), then prints the ready line; an exit code on failure.
int start_serving(WalletNode& node, const config::NodeConfig& cfg) {
  auto port = node.publish(cfg.listen_host, cfg.listen_port);
  if (!port) {
    log::error("serve", port.error().message);
    // A TLS file that does not load is the configuration's fault.
    return port.error().code == ErrorCode::invalid_argument ? kUsage : kUnavailable;
  }
  const auto queue = broadcast_options(cfg, *port);  // the callbacks use its proof rule too
  if (!cfg.no_broadcast) {
    if (auto error = node.start_broadcast(queue)) {
      log::error("serve", error->message);
      return kUsage;
    }
    log::info("serve", "broadcast queue started",
              {{"workers", queue.workers},
               {"node_id", queue.node_id},
               {"arc_endpoints", queue.arc.describe()},
               {"proofs", proof_mode(queue.proofs)}});
    if (!queue.proofs.tracking() && queue.proofs.enabled) {
      log::warn("serve",
                "proof tracking is off: no header source to check proofs against; give "
                "--headers-url (or --trust-arc-proofs to store ARC's proofs unchecked)");
    } else if (queue.proofs.trust_arc_proofs) {
      log::warn("serve", "proofs are stored on ARC's word, unchecked (--trust-arc-proofs)");
    }
  }
  if (cfg.callback_listen != "off") {
    const auto [host, wanted] = config::parse_host_port(cfg.callback_listen, "--callback-listen");
    auto bound = node.serve_callbacks(host, wanted, cfg.queue.arc.callback_tokens(), queue.proofs);
    if (!bound) {
      log::error("serve", bound.error().message);
      return kUnavailable;
    }
    log::info("callbacks", "receiving ARC's callbacks",
              {{"listen", host + ":" + std::to_string(*bound)}});
  }
  serve_metrics(node, cfg.metrics_listen);
  std::cout << "ready listen=" << cfg.listen_host << ":" << *port << std::endl;
  log::info("serve", "store actor published",
            {{"listen", cfg.listen_host + ":" + std::to_string(*port)},
             {"pool_size", cfg.store.pool_size},
             {"tls", cfg.store.tls.enabled()},
             {"database", log::without_password(cfg.store.database_url)}});
  return kOk;
}

}  // namespace

int run_serve(const std::vector<std::string>& args) {
  config::NodeConfig cfg;
  try {
    config::Options options(args, config::serve_flags());
    if (options.has("help")) {
      std::cout << "usage: bsv-wallet-node serve [options]\n"
                << config::describe(config::serve_flags());
      return kOk;
    }
    cfg = serve_config(options);
    if (options.has("check-config")) {
      if (auto bad =
              cfg.store.tls.enabled() ? node::check_tls_files(cfg.store.tls) : std::nullopt) {
        return fail("usage", bad->message, kUsage, "fix the file or the --tls-* option");
      }
      std::cout << "configuration ok\n";
      return kOk;
    }
  } catch (const config::UsageError& e) {
    return fail("usage", e.what(), kUsage, e.hint());
  }
  log::set_level(*log::parse_level(cfg.log_level));  // validated with the config
  if (int rc = check_schema(cfg.store.database_url, cfg.wait_for_database); rc != kOk) return rc;

  const sigset_t signals = stop_signals();
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);  // before any thread starts
  auto node = WalletNode::start(cfg.store);
  if (!node) {
    log::error("serve", node.error().message);
    return kUnavailable;
  }
  if (int rc = start_serving(**node, cfg); rc != kOk) return rc;

  int signal = 0;
  sigwait(&signals, &signal);
  log::info("serve", "draining", {{"signal", signal == SIGTERM ? "SIGTERM" : "SIGINT"}});
  (*node)->shutdown();
  log::info("serve", "stopped");
  return kOk;
}

}  // namespace bsv::node
