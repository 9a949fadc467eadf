#include "config/node_config.hpp"

#include <arpa/inet.h>

#include <cstdlib>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <sstream>

namespace bsv::config {
namespace {

using nlohmann::json;

// One option: its flag name and how to store a value given as text.
struct Field {
  FlagSpec flag;
  std::function<void(NodeConfig&, const std::string& key, const std::string& text)> set;
};

template <typename T>
Field text_field(const char* name, T NodeConfig::*member, const char* help) {
  return {{name, true, help},
          [member](NodeConfig& c, const std::string&, const std::string& v) { c.*member = v; }};
}
Field seconds_field(const char* name, double NodeConfig::*member, const char* help) {
  return {{name, true, help}, [member](NodeConfig& c, const std::string& k, const std::string& v) {
            c.*member = parse_seconds(k, v);
          }};
}
Field int_field(const char* name, int NodeConfig::*member, long long max, const char* help) {
  return {{name, true, help},
          [member, max](NodeConfig& c, const std::string& k, const std::string& v) {
            c.*member = static_cast<int>(parse_integer(k, v, 1, max));
          }};
}
Field switch_field(const char* name, bool NodeConfig::*member, const char* help) {
  return {{name, false, help}, [member](NodeConfig& c, const std::string&, const std::string& v) {
            c.*member = v == "true";
          }};
}

const std::vector<Field>& fields() {
  static const std::vector<Field> all = {
      text_field("database-url", &NodeConfig::database_url,
                 "libpq connection string or URL (env DATABASE_URL)"),
      int_field("pool-size", &NodeConfig::pool_size, 256,
                "database connections of the store actor (4)"),
      {{"listen", true, "HOST:PORT where the node is published (127.0.0.1:4242)"},
       [](NodeConfig& c, const std::string& k, const std::string& v) {
         std::tie(c.listen_host, c.listen_port) = parse_host_port(v, k);
       }},
      text_field("arc-url", &NodeConfig::arc_url, "ARC base URL (env ARC_URL)"),
      text_field("arc-api-key", &NodeConfig::arc_api_key,
                 "sent as Authorization: Bearer (env ARC_API_KEY)"),
      text_field("arc-callback-url", &NodeConfig::arc_callback_url, "sent as X-CallbackUrl"),
      text_field("arc-callback-token", &NodeConfig::arc_callback_token, "sent as X-CallbackToken"),
      text_field("arc-wait-for", &NodeConfig::arc_wait_for, "sent as X-WaitFor"),
      seconds_field("arc-timeout", &NodeConfig::arc_timeout,
                    "whole-request timeout of one ARC call (30)"),
      int_field("workers", &NodeConfig::workers, 256, "broadcast worker actors (4)"),
      seconds_field("poll-interval", &NodeConfig::poll_interval, "fallback poll of the queue (8)"),
      seconds_field("stale-threshold", &NodeConfig::stale_threshold,
                    "a sending job older than this is rescued (300)"),
      int_field("max-attempts", &NodeConfig::max_attempts, 1000,
                "broadcast attempts before failing (5)"),
      seconds_field("retry-base", &NodeConfig::retry_base, "transient-failure backoff base (2)"),
      seconds_field("retry-max", &NodeConfig::retry_max, "transient-failure backoff cap (600)"),
      seconds_field("proof-first-check", &NodeConfig::proof_first_check,
                    "seconds after a broadcast of its first proof status check (60)"),
      seconds_field("proof-interval", &NodeConfig::proof_interval,
                    "seconds between later proof status checks, about one block (600)"),
      int_field("proof-max-checks", &NodeConfig::proof_max_checks, 100000,
                "proof status checks before a txid needs attention (144)"),
      seconds_field("double-spend-grace", &NodeConfig::double_spend_grace,
                    "seconds a DOUBLE_SPEND_ATTEMPTED may last after acceptance (600)"),
      switch_field("no-proof-tracking", &NodeConfig::no_proof_tracking,
                   "do not follow broadcast transactions until they are proven"),
      text_field("node-id", &NodeConfig::node_id,
                 "this node's identity in locked_by (host name + port)"),
      {{"max-backlog", true, "store requests waiting for a connection before `unavailable` (1024)"},
       [](NodeConfig& c, const std::string& k, const std::string& v) {
         c.max_backlog = parse_integer(k, v, 0, 1 << 24);
       }},
      seconds_field("request-timeout", &NodeConfig::request_timeout,
                    "a store request unanswered by then gets `timeout` (30)"),
      switch_field("no-broadcast", &NodeConfig::no_broadcast, "run without broadcast workers"),
      text_field("tls-cert", &NodeConfig::tls_cert, "TLS certificate of the published port"),
      text_field("tls-key", &NodeConfig::tls_key, "its private key"),
      text_field("tls-ca", &NodeConfig::tls_ca, "CA that client certificates must be signed by"),
      switch_field("insecure-remote", &NodeConfig::insecure_remote,
                   "allow a non-loopback --listen without TLS"),
      text_field("metrics-listen", &NodeConfig::metrics_listen,
                 "HOST:PORT for /metrics and /health, or off (127.0.0.1:9464)"),
      text_field("callback-listen", &NodeConfig::callback_listen,
                 "HOST:PORT receiving ARC's callbacks (needs --arc-callback-token), or off (off)"),
      text_field("log-level", &NodeConfig::log_level,
                 "debug, info, warn or error: lower lines are dropped (info)"),
  };
  return all;
}

const Field* field_named(const std::string& name) {
  for (const auto& f : fields()) {
    if (f.flag.name == name) return &f;
  }
  return nullptr;
}

// A config-file value as the text a flag would carry, refusing wrong JSON types.
std::string file_value_text(const Field& field, const std::string& key, const json& value) {
  if (!field.flag.takes_value) {
    if (!value.is_boolean()) throw UsageError("config key '" + key + "' must be true or false");
    return value.get<bool>() ? "true" : "false";
  }
  if (value.is_string()) return value.get<std::string>();
  if (value.is_number()) return value.dump();
  throw UsageError("config key '" + key + "' must be a string or a number");
}

void apply_file(NodeConfig& config, const std::string& path) {
  std::ifstream in(path);
  if (!in) throw UsageError("cannot read config file " + path);
  std::stringstream text;
  text << in.rdbuf();
  // Comments (// and /* */) are allowed: deploy/node.example.json uses them.
  const json doc = json::parse(text.str(), nullptr, false, true);
  if (doc.is_discarded() || !doc.is_object())
    throw UsageError("config file " + path + " is not a JSON object");
  for (const auto& [key, value] : doc.items()) {
    const Field* field = key == "config" ? nullptr : field_named(key);
    if (!field) throw UsageError("unknown config key '" + key + "' in " + path);
    field->set(config, "config key '" + key + "'", file_value_text(*field, key, value));
  }
}

void apply_env(NodeConfig& config) {
  for (const auto& [env, flag] : {std::pair{"DATABASE_URL", "database-url"},
                                  {"ARC_URL", "arc-url"},
                                  {"ARC_API_KEY", "arc-api-key"}}) {
    if (const char* value = std::getenv(env); value && *value) {
      field_named(flag)->set(config, env, value);
    }
  }
}

void validate(const NodeConfig& c) {
  if (c.database_url.empty())
    throw UsageError("no database: give --database-url URL or set DATABASE_URL");
  const bool tls = tls_complete(c.tls_cert, c.tls_key, c.tls_ca);
  if (!is_loopback(c.listen_host) && !tls && !c.insecure_remote) {
    throw UsageError(
        "--listen " + c.listen_host +
        " is not loopback: configure --tls-cert/--tls-key/--tls-ca, or pass --insecure-remote");
  }
  if (c.metrics_listen != "off") parse_host_port(c.metrics_listen, "--metrics-listen");
  if (c.callback_listen != "off") {
    parse_host_port(c.callback_listen, "--callback-listen");
    if (c.arc_callback_token.empty()) {
      throw UsageError(
          "--callback-listen needs --arc-callback-token (ARC's callbacks must carry it)");
    }
  }
  if (c.log_level != "debug" && c.log_level != "info" && c.log_level != "warn" &&
      c.log_level != "error") {
    throw UsageError("--log-level must be debug, info, warn or error");
  }
}

}  // namespace

const std::vector<FlagSpec>& serve_flags() {
  static const std::vector<FlagSpec> flags = [] {
    std::vector<FlagSpec> out = {{"config", true, "JSON config file; unknown keys are an error"}};
    for (const auto& f : fields()) out.push_back(f.flag);
    out.push_back({"help", false, "show this help"});
    return out;
  }();
  return flags;
}

NodeConfig load_node_config(const Options& options) {
  NodeConfig config;
  if (auto path = options.text("config")) apply_file(config, *path);
  apply_env(config);
  for (const auto& f : fields()) {
    if (auto value = options.text(f.flag.name)) f.set(config, "--" + f.flag.name, *value);
  }
  validate(config);
  return config;
}

std::pair<std::string, std::uint16_t> parse_host_port(const std::string& text,
                                                      const std::string& key) {
  const auto colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0) throw UsageError(key + " must be HOST:PORT");
  std::string host = text.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  const auto port = parse_integer(key, text.substr(colon + 1), 0, 65535);
  return {host, static_cast<std::uint16_t>(port)};
}

bool is_loopback(const std::string& host) {
  if (host == "localhost" || host == "::1") return true;
  in_addr address{};
  return ::inet_pton(AF_INET, host.c_str(), &address) == 1 && (ntohl(address.s_addr) >> 24) == 127;
}

}  // namespace bsv::config
