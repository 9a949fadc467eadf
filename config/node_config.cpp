#include "config/node_config.hpp"

#include <arpa/inet.h>

#include <cstdlib>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <sstream>

#include "arc/arc_settings.hpp"
#include "arc/header_source.hpp"

namespace bsv::config {
namespace {

using nlohmann::json;

// One option: its flag, how to store a value given as text, and how to
// show its value (for the default in --help).
struct Field {
  FlagSpec flag;
  std::function<void(NodeConfig&, const std::string& key, const std::string& text)> set;
  std::function<std::string(NodeConfig&)> show;
};

// Where an option lives inside NodeConfig.
template <typename T>
using Place = T& (*)(NodeConfig&);

std::string seconds_text(double seconds) {
  std::ostringstream out;
  out << seconds;
  return out.str();
}

Field text_field(const char* name, Place<std::string> at, const char* help) {
  return {{name, true, help},
          [at](NodeConfig& c, const std::string&, const std::string& v) { at(c) = v; },
          [at](NodeConfig& c) { return at(c); }};
}
// A secret read from a file (`--arc-api-key-file PATH`), so that it need not
// be on a command line or in the environment; an empty path sets nothing.
Field secret_file_field(const char* name, Place<std::string> at, const char* help) {
  return {{name, true, help},
          [at](NodeConfig& c, const std::string& k, const std::string& v) {
            if (!v.empty()) at(c) = read_secret_file(k, v);
          },
          [](NodeConfig&) { return std::string(); }};
}
Field seconds_field(const char* name, Place<double> at, const char* help) {
  return {{name, true, help, "SECONDS"},
          [at](NodeConfig& c, const std::string& k, const std::string& v) {
            at(c) = parse_seconds(k, v);
          },
          [at](NodeConfig& c) { return seconds_text(at(c)); }};
}
Field millis_field(const char* name, Place<std::chrono::milliseconds> at, const char* help) {
  return {{name, true, help, "SECONDS"},
          [at](NodeConfig& c, const std::string& k, const std::string& v) {
            at(c) = std::chrono::milliseconds(static_cast<long long>(parse_seconds(k, v) * 1000));
          },
          [at](NodeConfig& c) { return seconds_text(static_cast<double>(at(c).count()) / 1000); }};
}
Field int_field(const char* name, Place<int> at, long long max, const char* help) {
  return {{name, true, help},
          [at, max](NodeConfig& c, const std::string& k, const std::string& v) {
            at(c) = static_cast<int>(parse_integer(k, v, 1, max));
          },
          [at](NodeConfig& c) { return std::to_string(at(c)); }};
}
// A whole number that may be 0 (seconds, days).
Field whole_number_field(const char* name, Place<int> at, long long max, const char* unit,
                         const char* help) {
  return {{name, true, help, unit},
          [at, max](NodeConfig& c, const std::string& k, const std::string& v) {
            at(c) = static_cast<int>(parse_integer(k, v, 0, max));
          },
          [at](NodeConfig& c) { return std::to_string(at(c)); }};
}
// A switch is off unless given; `inverted` stores its opposite (no-X sets X false).
Field switch_field(const char* name, Place<bool> at, const char* help, bool inverted = false) {
  return {{name, false, help},
          [at, inverted](NodeConfig& c, const std::string&, const std::string& v) {
            at(c) = (v == "true") != inverted;
          },
          [](NodeConfig&) { return std::string(); }};
}

// Where the wallet lives and how the store is published.
std::vector<Field> store_fields() {
  return {
      text_field(
          "database-url", [](NodeConfig & c) -> auto& { return c.store.database_url; },
          "libpq connection string or URL (env DATABASE_URL)"),
      secret_file_field(
          "database-url-file", [](NodeConfig & c) -> auto& { return c.store.database_url; },
          "a file holding the database URL (keeps its password off the command line)"),
      int_field(
          "pool-size", [](NodeConfig & c) -> auto& { return c.store.pool_size; }, 256,
          "database connections of the store actor"),
      {{"listen", true, "HOST:PORT where the node is published"},
       [](NodeConfig& c, const std::string& k, const std::string& v) {
         std::tie(c.listen_host, c.listen_port) = parse_host_port(v, k);
       },
       [](NodeConfig& c) { return c.listen_host + ":" + std::to_string(c.listen_port); }},
  };
}

// The broadcast queue: ARC, workers, retries, proofs, doubt, checks, retention.
std::vector<Field> queue_fields() {
  return {
      {{"arc-url", true,
        "ARC base URL; repeat it (or comma-separate ARC_URL) for endpoints tried in order"},
       [](NodeConfig& c, const std::string&, const std::string& v) {
         c.queue.arc.endpoints = arc::endpoints_from_urls(v);
       },
       [](NodeConfig& c) { return c.queue.arc.describe(); }},
      text_field(
          "arc-api-key", [](NodeConfig & c) -> auto& { return c.queue.arc.api_key; },
          "sent as Authorization: Bearer to every endpoint without its own (env ARC_API_KEY)"),
      secret_file_field(
          "arc-api-key-file", [](NodeConfig & c) -> auto& { return c.queue.arc.api_key; },
          "a file holding the ARC API key"),
      text_field(
          "arc-callback-url", [](NodeConfig & c) -> auto& { return c.queue.arc.callback_url; },
          "sent as X-CallbackUrl"),
      text_field(
          "arc-callback-token", [](NodeConfig & c) -> auto& { return c.queue.arc.callback_token; },
          "sent as X-CallbackToken (env ARC_CALLBACK_TOKEN)"),
      secret_file_field(
          "arc-callback-token-file",
          [](NodeConfig & c) -> auto& { return c.queue.arc.callback_token; },
          "a file holding the callback token (env ARC_CALLBACK_TOKEN)"),
      text_field(
          "arc-wait-for", [](NodeConfig & c) -> auto& { return c.queue.arc.wait_for; },
          "sent as X-WaitFor"),
      millis_field(
          "arc-timeout", [](NodeConfig & c) -> auto& { return c.queue.arc.timeout; },
          "seconds one ARC call may take in all"),
      int_field(
          "arc-failures", [](NodeConfig & c) -> auto& { return c.queue.arc.failures; }, 1000,
          "consecutive transient answers that open an ARC endpoint's circuit breaker"),
      seconds_field(
          "arc-cooldown", [](NodeConfig & c) -> auto& { return c.queue.arc.cooldown; },
          "seconds an open endpoint is first skipped (doubling to 300)"),
      text_field(
          "headers-url", [](NodeConfig & c) -> auto& { return c.queue.proofs.headers.url; },
          "block-header source confirming merkle roots (env HEADERS_URL)"),
      text_field(
          "headers-api", [](NodeConfig & c) -> auto& { return c.queue.proofs.headers.api; },
          "woc (WhatsOnChain's API) or bhs (Block Headers Service)"),
      text_field(
          "headers-api-key", [](NodeConfig & c) -> auto& { return c.queue.proofs.headers.api_key; },
          "the header source's key (env HEADERS_API_KEY)"),
      secret_file_field(
          "headers-api-key-file",
          [](NodeConfig & c) -> auto& { return c.queue.proofs.headers.api_key; },
          "a file holding the header source's key"),
      switch_field(
          "trust-arc-proofs",
          [](NodeConfig & c) -> auto& { return c.queue.proofs.trust_arc_proofs; },
          "store ARC's merkle paths unchecked (only without a header source)"),
      int_field(
          "workers", [](NodeConfig & c) -> auto& { return c.queue.workers; }, 256,
          "broadcast worker actors"),
      seconds_field(
          "poll-interval", [](NodeConfig & c) -> auto& { return c.queue.poll_interval; },
          "seconds between polls of the queue when no NOTIFY arrives"),
      seconds_field(
          "stale-threshold", [](NodeConfig & c) -> auto& { return c.queue.stale_threshold; },
          "seconds after which a sending job is rescued"),
      int_field(
          "max-attempts", [](NodeConfig & c) -> auto& { return c.queue.max_attempts; }, 1000,
          "broadcast attempts on transient answers before a job goes in_doubt"),
      seconds_field(
          "retry-base", [](NodeConfig & c) -> auto& { return c.queue.retry_base; },
          "seconds: transient-failure backoff base"),
      seconds_field(
          "retry-max", [](NodeConfig & c) -> auto& { return c.queue.retry_max; },
          "seconds: transient-failure backoff cap"),
      seconds_field(
          "proof-first-check", [](NodeConfig & c) -> auto& { return c.queue.proofs.first_check; },
          "seconds after a broadcast of its first proof status check"),
      seconds_field(
          "proof-interval", [](NodeConfig & c) -> auto& { return c.queue.proofs.interval; },
          "seconds between later proof status checks, about one block"),
      int_field(
          "proof-max-checks", [](NodeConfig & c) -> auto& { return c.queue.proofs.max_checks; },
          100000, "proof status checks before a txid needs attention"),
      seconds_field(
          "double-spend-grace",
          [](NodeConfig & c) -> auto& { return c.queue.proofs.double_spend_grace; },
          "seconds a DOUBLE_SPEND_ATTEMPTED may last after acceptance"),
      seconds_field(
          "doubt-first-check", [](NodeConfig & c) -> auto& { return c.queue.doubt.first_check; },
          "seconds a job is in doubt before ARC is first asked about it"),
      seconds_field(
          "doubt-interval", [](NodeConfig & c) -> auto& { return c.queue.doubt.interval; },
          "seconds between later checks of a job in doubt, at most"),
      seconds_field(
          "doubt-horizon", [](NodeConfig & c) -> auto& { return c.queue.doubt.horizon; },
          "seconds in doubt after which a job is logged as an error and counted"),
      seconds_field(
          "check-interval", [](NodeConfig & c) -> auto& { return c.queue.check_interval; },
          "seconds between the invariant checks behind bsv_invariant_violations"),
      whole_number_field(
          "retain-payload", [](NodeConfig & c) -> auto& { return c.queue.retain_payload_days; },
          36500, "DAYS", "days a completed job keeps its payload once proven (0: forever)"),
      switch_field(
          "no-proof-tracking", [](NodeConfig & c) -> auto& { return c.queue.proofs.enabled; },
          "do not follow broadcast transactions until they are proven", true),
      text_field(
          "node-id", [](NodeConfig & c) -> auto& { return c.queue.node_id; },
          "this node's identity in locked_by (empty: host name and listen port)"),
  };
}

// The node process: backlog, start-up, timeouts, TLS, HTTP ports, logs.
std::vector<Field> serve_fields() {
  return {
      {{"max-backlog", true, "store requests waiting for a connection before `unavailable`"},
       [](NodeConfig& c, const std::string& k, const std::string& v) {
         c.store.max_backlog = static_cast<std::size_t>(parse_integer(k, v, 0, 1 << 24));
       },
       [](NodeConfig& c) { return std::to_string(c.store.max_backlog); }},
      whole_number_field(
          "wait-for-database", [](NodeConfig & c) -> auto& { return c.wait_for_database; }, 3600,
          "SECONDS", "seconds to wait at start for a database that is not up yet (0: none)"),
      millis_field(
          "connection-timeout", [](NodeConfig & c) -> auto& { return c.store.connection_timeout; },
          "seconds a connection to the published port may stay silent before it is closed"),
      whole_number_field(
          "store-port-memory",
          [](NodeConfig & c) -> auto& { return c.store.store_port_memory_mib; }, 1 << 20, "MIB",
          "MiB the store port's connections may make the node hold for requests"),
      millis_field(
          "request-timeout", [](NodeConfig & c) -> auto& { return c.store.request_timeout; },
          "seconds before an unanswered store request gets `timeout`"),
      switch_field(
          "no-broadcast", [](NodeConfig & c) -> auto& { return c.no_broadcast; },
          "run without broadcast workers"),
      text_field(
          "tls-cert", [](NodeConfig & c) -> auto& { return c.store.tls.certificate; },
          "TLS certificate of the published port"),
      text_field(
          "tls-key", [](NodeConfig & c) -> auto& { return c.store.tls.key; }, "its private key"),
      text_field(
          "tls-ca", [](NodeConfig & c) -> auto& { return c.store.tls.ca; },
          "CA that client certificates must be signed by"),
      switch_field(
          "insecure-remote", [](NodeConfig & c) -> auto& { return c.insecure_remote; },
          "allow a non-loopback --listen without TLS"),
      text_field(
          "metrics-listen", [](NodeConfig & c) -> auto& { return c.metrics_listen; },
          "HOST:PORT for /metrics and /health, or off"),
      text_field(
          "callback-listen", [](NodeConfig & c) -> auto& { return c.callback_listen; },
          "HOST:PORT receiving ARC's callbacks (needs --arc-callback-token), or off"),
      text_field(
          "log-level", [](NodeConfig & c) -> auto& { return c.log_level; },
          "debug, info, warn or error: lower lines are dropped"),
  };
}

const std::vector<Field>& fields() {
  static const std::vector<Field> all = [] {
    std::vector<Field> out;
    for (auto group : {store_fields(), queue_fields(), serve_fields()}) {
      out.insert(out.end(), group.begin(), group.end());
    }
    return out;
  }();
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

// The config file's "arc-endpoints": [{"url", "api-key", "callback-token"}, ...].
std::vector<arc::ArcEndpoint> endpoints_from_file(const json& list, const std::string& path) {
  const auto bad = [&](const std::string& why) {
    return UsageError("config key 'arc-endpoints' in " + path + ": " + why,
                      R"(give [{"url": "https://arc.example", "api-key": "...", )"
                      R"("callback-token": "..."}, ...])");
  };
  if (!list.is_array()) throw bad("must be an array");
  std::vector<arc::ArcEndpoint> out;
  for (const auto& entry : list) {
    if (!entry.is_object()) throw bad("each endpoint must be an object");
    arc::ArcEndpoint endpoint;
    for (const auto& [key, value] : entry.items()) {
      if (!value.is_string()) throw bad("'" + key + "' must be a string");
      if (key == "url")
        endpoint.url = value.get<std::string>();
      else if (key == "api-key")
        endpoint.api_key = value.get<std::string>();
      else if (key == "callback-token")
        endpoint.callback_token = value.get<std::string>();
      else
        throw bad("unknown endpoint key '" + key + "'");
    }
    if (endpoint.url.empty()) throw bad("every endpoint needs a url");
    out.push_back(std::move(endpoint));
  }
  return out;
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
  for (const char* secret :
       {"database-url", "arc-api-key", "arc-callback-token", "headers-api-key", "arc-endpoints"}) {
    // An empty string or list (the example's) holds no secret.
    if (doc.contains(secret) && doc[secret] != "" && doc[secret] != json::array()) {
      warn_if_readable_by_others(path, std::string("config file with ") + secret);
      break;
    }
  }
  for (const auto& [key, value] : doc.items()) {
    if (key == "arc-endpoints") {  // an empty list leaves arc-url's
      auto endpoints = endpoints_from_file(value, path);
      if (!endpoints.empty()) config.queue.arc.endpoints = std::move(endpoints);
      continue;
    }
    const Field* field = key == "config" ? nullptr : field_named(key);
    if (!field) {
      std::vector<std::string> keys;
      keys.reserve(fields().size());
      for (const auto& f : fields()) keys.push_back(f.flag.name);
      keys.emplace_back("arc-endpoints");
      throw UsageError("unknown config key '" + key + "' in " + path, did_you_mean(key, keys));
    }
    field->set(config, "config key '" + key + "'", file_value_text(*field, key, value));
  }
}

void apply_env(NodeConfig& config) {
  for (const auto& [env, flag] : {std::pair{"DATABASE_URL", "database-url"},
                                  {"ARC_URL", "arc-url"},
                                  {"ARC_API_KEY", "arc-api-key"},
                                  {"ARC_CALLBACK_TOKEN", "arc-callback-token"},
                                  {"HEADERS_URL", "headers-url"},
                                  {"HEADERS_API_KEY", "headers-api-key"}}) {
    if (const char* value = std::getenv(env); value && *value) {
      field_named(flag)->set(config, env, value);
    }
  }
}

bool every_endpoint_has_a_token(const arc::ArcSettings& arc) {
  if (arc.endpoints.empty()) return !arc.callback_token.empty();
  for (std::size_t i = 0; i < arc.endpoints.size(); ++i) {
    if (arc.endpoint(i).callback_token.empty()) return false;
  }
  return true;
}

void validate(const NodeConfig& c) {
  if (c.store.database_url.empty())
    throw UsageError("no database: give --database-url URL or set DATABASE_URL");
  check_database_url(c.store.database_url);
  if (c.store.connection_timeout < std::chrono::seconds(5)) {
    throw UsageError("--connection-timeout must be at least 5 seconds (heartbeats come every 2 s)");
  }
  if (c.store.store_port_memory_mib < kMinStorePortMemoryMiB) {
    throw UsageError("--store-port-memory must be at least " +
                     std::to_string(kMinStorePortMemoryMiB) + " MiB: the largest request must fit");
  }
  if (!c.store.tls.key.empty()) warn_if_readable_by_others(c.store.tls.key, "--tls-key");
  const bool tls = tls_complete(c.store.tls.certificate, c.store.tls.key, c.store.tls.ca);
  if (!is_loopback(c.listen_host) && !tls && !c.insecure_remote) {
    throw UsageError(
        "--listen " + c.listen_host +
        " is not loopback: configure --tls-cert/--tls-key/--tls-ca, or pass --insecure-remote");
  }
  if (c.metrics_listen != "off") parse_host_port(c.metrics_listen, "--metrics-listen");
  const auto& proofs = c.queue.proofs;
  if (!arc::parse_header_api(proofs.headers.api)) {
    throw UsageError("--headers-api must be woc or bhs, not '" + proofs.headers.api + "'");
  }
  if (!proofs.headers.url.empty()) {
    if (auto bad = arc::check_http_url(proofs.headers.url, "--headers-url")) {
      throw UsageError(bad->message);
    }
    if (proofs.trust_arc_proofs) {
      throw UsageError("--trust-arc-proofs and --headers-url exclude each other",
                       "keep --headers-url: proofs are then checked");
    }
  }
  if (c.callback_listen != "off") {
    parse_host_port(c.callback_listen, "--callback-listen");
    if (!every_endpoint_has_a_token(c.queue.arc)) {
      throw UsageError(
          "--callback-listen needs --arc-callback-token (ARC's callbacks must carry it)",
          "give --arc-callback-token, or a callback-token for every arc-endpoints entry");
    }
    if (proofs.headers.url.empty() && !proofs.trust_arc_proofs) {
      throw UsageError("--callback-listen needs a header source to check the proofs it receives",
                       "give --headers-url URL (with --headers-api woc|bhs), or "
                       "--trust-arc-proofs to store them on ARC's word");
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
    NodeConfig defaults;
    for (const auto& f : fields()) {
      FlagSpec flag = f.flag;
      const auto shown = f.show(defaults);
      if (!shown.empty()) flag.help += " (" + shown + ")";
      out.push_back(flag);
    }
    out.emplace_back("check-config", false,
                     "check the configuration (options, file, environment, TLS files) and exit: "
                     "0 when it would start, 2 naming what is wrong");
    out.emplace_back("help", false, "show this help");
    return out;
  }();
  return flags;
}

NodeConfig load_node_config(const Options& options) {
  NodeConfig config;
  if (auto path = options.text("config")) apply_file(config, *path);
  apply_env(config);
  for (const auto& f : fields()) {
    auto value = options.text(f.flag.name);
    if (f.flag.name == "arc-url" && value) {  // repeatable: the endpoints in order
      value->clear();
      for (const auto& url : options.texts("arc-url")) *value += (value->empty() ? "" : ",") + url;
    }
    if (value) f.set(config, "--" + f.flag.name, *value);
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
