// `bsv-wallet-node call METHOD [JSON|-]`: one store method, JSON in, JSON out.

#include <iostream>
#include <iterator>

#include "apps/node/cli_errors.hpp"
#include "apps/node/commands.hpp"
#include "config/node_config.hpp"
#include "config/options.hpp"
#include "messages/json_methods.hpp"
#include "messages/method_docs.hpp"
#include "node/remote_node.hpp"
#include "node/wallet_node.hpp"
#include "store/json_text.hpp"

namespace bsv::node {
namespace {

using store::json;

// Input larger than this is refused before parsing: the largest legal value
// (64 MiB of hex) plus generous room for the rest of the object.
constexpr std::size_t kMaxInputBytes = 80u << 20;

const std::vector<config::FlagSpec> kFlags = {
    {"database-url", true,
     "libpq connection string or URL (default: $DATABASE_URL); runs a store actor in-process"},
    {"node", true, "HOST:PORT of a running node (instead of a database URL)"},
    {"tls-cert", true, "client certificate for a TLS node"},
    {"tls-key", true, "its private key"},
    {"tls-ca", true, "CA that signed the node's certificate"},
    {"tls-server-name", true, "the name the node's certificate must carry (default: its host)"},
    {"help", false,
     "show this help and the list of methods; after METHOD, that method's reference"},
    {"reference", false, "print every method's reference as Markdown (docs/api.md)"},
};

std::string read_input(const std::string& argument) {
  if (argument != "-") return argument;
  std::string text;
  char buffer[1 << 16];
  while (std::cin.read(buffer, sizeof buffer) || std::cin.gcount() > 0) {
    text.append(buffer, static_cast<std::size_t>(std::cin.gcount()));
    if (text.size() > kMaxInputBytes) break;
  }
  return text;
}

void print_help() {
  std::cout << "usage: bsv-wallet-node call METHOD [JSON|-] [options]\n"
            << "JSON is one object of the method's arguments ({} when omitted; - reads stdin).\n"
            << config::describe(kFlags) << "methods (call METHOD --help for one's arguments):\n";
  for (const auto& doc : messages::method_docs()) {
    std::cout << "  " << doc.name
              << std::string(doc.name.size() < 24 ? 24 - doc.name.size() : 1, ' ')
              << doc.summary.substr(0, doc.summary.find(". ") == std::string::npos
                                           ? doc.summary.size()
                                           : doc.summary.find(". ") + 1)
              << "\n";
  }
}

// The node this call talks to: remote with --node, else in-process over the database.
Result<std::unique_ptr<StoreSource>> open_node(const config::Options& options) {
  if (auto node = options.text("node")) {
    RemoteNodeOptions remote;
    std::tie(remote.host, remote.port) = config::parse_host_port(*node, "--node");
    remote.tls = {options.text("tls-cert").value_or(""), options.text("tls-key").value_or(""),
                  options.text("tls-ca").value_or("")};
    config::tls_complete(remote.tls.certificate, remote.tls.key, remote.tls.ca);
    remote.tls_server_name = options.text("tls-server-name").value_or("");
    return as_store_source(RemoteNode::connect(remote));
  }
  LocalNodeOptions local;
  local.database_url = config::database_url(options);
  local.pool_size = 1;
  return as_store_source(WalletNode::start(local));
}

// Parses the argument, reaches the node and prints the answer.
int execute(const config::Options& options, const std::string& method, const std::string& text) {
  if (text.size() > kMaxInputBytes)
    return fail("invalid_argument", "input: larger than 80 MiB", kRefused);
  std::string parse_error;
  auto arguments = store::parse_json_text(text, parse_error);
  if (!arguments) return fail("usage", "unparsable JSON argument: " + parse_error, kUsage);
  auto node = open_node(options);
  if (!node) return fail(node.error());
  auto client = (*node)->store();
  auto result = messages::call_method(*client, client.get(), method, *arguments);
  if (!result) {
    return fail(result.error());
  }
  std::cout << result->dump() << "\n";
  return kOk;
}

}  // namespace

int run_call(const std::vector<std::string>& args) {
  try {
    config::Options options(args, kFlags);
    const auto& words = options.positional();
    if (options.has("reference")) {
      std::cout << messages::api_reference_markdown();
      return kOk;
    }
    if (options.has("help")) {
      const auto* doc = words.empty() ? nullptr : messages::find_method_doc(words[0]);
      if (doc) {
        std::cout << messages::method_help(*doc);
      } else {
        print_help();
      }
      return kOk;
    }
    if (words.empty()) throw config::UsageError("missing METHOD");
    if (words.size() > 2) throw config::UsageError("unexpected argument '" + words[2] + "'");
    const std::string& method = words[0];
    if (!messages::is_json_method(method))
      throw config::UsageError("unknown method '" + method + "'",
                               config::did_you_mean(method, messages::json_method_names()));
    if (options.has("node") && options.has("database-url")) {
      throw config::UsageError("give --node or --database-url, not both");
    }
    return execute(options, method, words.size() == 2 ? read_input(words[1]) : "{}");
  } catch (const config::UsageError& e) {
    return fail("usage", e.what(), kUsage, e.hint());
  }
}

}  // namespace bsv::node
