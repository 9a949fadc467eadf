// `bsv-wallet-node serve`: the node. Publishes the store actor on --listen,
// starts the broadcast queue (unless --no-broadcast), prints
// `ready listen=HOST:PORT`, runs until SIGINT/SIGTERM, drains, exits 0.

#include <unistd.h>

#include <csignal>
#include <iostream>
#include <pqxx/except>

#include "actors/wallet_node.hpp"
#include "apps/node/commands.hpp"
#include "config/node_config.hpp"
#include "db/migrator.hpp"

namespace bsv::node {
namespace {

// Exit 3 unless every migration this binary knows is applied.
int check_schema(const std::string& url) {
  try {
    const auto status = db::Migrator(url).status();
    if (status.pending.empty()) return kOk;
    std::cerr << "serve: the database schema is not current (" << status.pending.size()
              << " migration(s) pending, first " << status.pending.front().name
              << "): run 'bsv-wallet-node migrate'\n";
  } catch (const pqxx::broken_connection& e) {
    std::cerr << "serve: database unreachable: " << e.what() << "\n";
  } catch (const std::exception& e) {
    std::cerr << "serve: cannot check the schema: " << e.what() << "\n";
  }
  return kUnavailable;
}

// The queue's options; the node id defaults to host name and listen port.
BroadcastOptions broadcast_options(const config::NodeConfig& cfg, std::uint16_t port) {
  BroadcastOptions options;
  options.arc.url = cfg.arc_url;
  options.arc.api_key = cfg.arc_api_key;
  options.arc.callback_url = cfg.arc_callback_url;
  options.arc.callback_token = cfg.arc_callback_token;
  options.arc.wait_for = cfg.arc_wait_for;
  options.arc.timeout = std::chrono::milliseconds(static_cast<long long>(cfg.arc_timeout * 1000));
  options.node_id = cfg.node_id;
  if (options.node_id.empty()) {
    char host[256] = {};
    gethostname(host, sizeof host - 1);
    options.node_id = std::string(host) + ":" + std::to_string(port);
  }
  options.workers = cfg.workers;
  options.poll_interval = cfg.poll_interval;
  options.stale_threshold = cfg.stale_threshold;
  options.max_attempts = cfg.max_attempts;
  options.retry_base = cfg.retry_base;
  options.retry_max = cfg.retry_max;
  return options;
}

// The signals we stop on, blocked in every thread so that sigwait gets them.
sigset_t stop_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  return set;
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
    if (!options.positional().empty()) {
      throw config::UsageError("unexpected argument '" + options.positional()[0] + "'");
    }
    cfg = config::load_node_config(options);
    if (!cfg.no_broadcast && cfg.arc_url.empty()) {
      throw config::UsageError(
          "no ARC endpoint: give --arc-url URL (or ARC_URL), or --no-broadcast");
    }
    if (!cfg.no_broadcast) {
      if (auto error = arc::ArcClient::check_url(cfg.arc_url))
        throw config::UsageError(error->message);
    }
  } catch (const config::UsageError& e) {
    std::cerr << "serve: " << e.what() << "\n";
    return kUsage;
  }
  if (int rc = check_schema(cfg.database_url); rc != kOk) return rc;

  const sigset_t signals = stop_signals();
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);  // before any thread starts

  LocalNodeOptions options;
  options.database_url = cfg.database_url;
  options.pool_size = cfg.pool_size;
  options.max_backlog = static_cast<std::size_t>(cfg.max_backlog);
  options.request_timeout =
      std::chrono::milliseconds(static_cast<long long>(cfg.request_timeout * 1000));
  options.tls = {cfg.tls_cert, cfg.tls_key, cfg.tls_ca};
  auto node = WalletNode::start(options);
  if (!node) {
    std::cerr << "serve: " << node.error().message << "\n";
    return kUnavailable;
  }
  auto port = (*node)->publish(cfg.listen_host, cfg.listen_port);
  if (!port) {
    std::cerr << "serve: " << port.error().message << "\n";
    return kUnavailable;
  }
  if (!cfg.no_broadcast) {
    const auto queue = broadcast_options(cfg, *port);
    if (auto error = (*node)->start_broadcast(queue)) {
      std::cerr << "serve: " << error->message << "\n";
      return kUsage;
    }
    std::cerr << "serve: broadcast queue: " << queue.workers << " worker(s) as " << queue.node_id
              << ", ARC " << queue.arc.url << "\n";
  }
  std::cout << "ready listen=" << cfg.listen_host << ":" << *port << std::endl;
  std::cerr << "serve: store actor published on " << cfg.listen_host << ":" << *port << " (pool "
            << cfg.pool_size << ", " << (cfg.tls_cert.empty() ? "plain" : "TLS") << ")\n";

  int signal = 0;
  sigwait(&signals, &signal);
  std::cerr << "serve: " << (signal == SIGTERM ? "SIGTERM" : "SIGINT") << ", draining\n";
  (*node)->shutdown();
  std::cerr << "serve: stopped\n";
  return kOk;
}

}  // namespace bsv::node
