#pragma once
/// The node's typed configuration (node-interface.md, "serve options"),
/// filled from a JSON config file, then the environment, then flags (flags
/// win), and validated with errors naming the key. It holds the option
/// structs the node runs with: each default is written once, in those
/// structs, and `serve --help` prints it from there.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "actors/broadcast_options.hpp"
#include "config/options.hpp"
#include "node/node_options.hpp"

namespace bsv::config {

struct NodeConfig {
  LocalNodeOptions store;  ///< database, pool, backlog, request timeout, TLS
  BroadcastOptions queue;  ///< ARC, node id, workers, retries, proof tracking
  std::string listen_host = "127.0.0.1";
  std::uint16_t listen_port = 4242;
  bool no_broadcast = false;
  bool insecure_remote = false;
  std::string metrics_listen = "127.0.0.1:9464";  ///< or "off"
  std::string callback_listen = "off";            ///< HOST:PORT for ARC's callbacks
  std::string log_level = "info";
  int wait_for_database = 60;  ///< seconds `serve` waits for an unreachable database at start
};

/// The flags `serve` accepts (also the config file's keys, without "--"),
/// each help text ending with its default.
const std::vector<FlagSpec>& serve_flags();

/// Builds the configuration from `options` (parsed with serve_flags()),
/// the file named by --config and the environment. Throws UsageError naming
/// the key for unknown keys, wrong types, bad values and broken rules
/// (missing database URL, non-loopback listen without TLS, partial TLS).
NodeConfig load_node_config(const Options& options);

/// Splits "HOST:PORT" (port 0..65535); throws UsageError naming `key`.
std::pair<std::string, std::uint16_t> parse_host_port(const std::string& text,
                                                      const std::string& key);

/// True for 127.0.0.0/8, ::1 and "localhost".
bool is_loopback(const std::string& host);

}  // namespace bsv::config
