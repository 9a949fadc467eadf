#pragma once
/// The node's typed configuration (node-interface.md, "serve options"),
/// filled from a JSON config file, then the environment, then flags (flags
/// win), and validated with errors naming the key.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "config/options.hpp"

namespace bsv::config {

struct NodeConfig {
  std::string database_url;
  int pool_size = 4;
  std::string listen_host = "127.0.0.1";
  std::uint16_t listen_port = 4242;
  std::string arc_url;
  std::string arc_api_key;
  std::string arc_callback_url;
  std::string arc_callback_token;
  std::string arc_wait_for;
  double arc_timeout = 30;
  int workers = 4;
  double poll_interval = 8;
  double stale_threshold = 300;
  int max_attempts = 5;
  double retry_base = 2;
  double retry_max = 600;
  double proof_first_check = 60;
  double proof_interval = 600;
  int proof_max_checks = 144;
  double double_spend_grace = 600;
  bool no_proof_tracking = false;
  std::string node_id;
  long long max_backlog = 1024;
  double request_timeout = 30;
  bool no_broadcast = false;
  std::string tls_cert;
  std::string tls_key;
  std::string tls_ca;
  bool insecure_remote = false;
  std::string metrics_listen = "127.0.0.1:9464";  ///< or "off"
  std::string log_level = "info";
  std::string callback_listen = "off";  ///< HOST:PORT for ARC's callbacks
};

/// The flags `serve` accepts (also the config file's keys, without "--").
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
