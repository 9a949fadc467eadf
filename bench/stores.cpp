#include "bench/stores.hpp"

#include <stdexcept>

#include "db/postgres_store.hpp"
#include "node/remote_node.hpp"
#include "node/wallet_node.hpp"

namespace bsv::bench {
namespace {

std::unique_ptr<StoreSource> connected(Result<std::unique_ptr<StoreSource>> node) {
  if (!node) throw std::runtime_error(node.error().message);
  return std::move(*node);
}

}  // namespace

Stores::Stores(const Target& target, const std::string& dataset) : target_(target) {
  if (target.mode == Target::Mode::node) {
    RemoteNodeOptions options;
    options.host = target.node_host;
    options.port = target.node_port;
    node_ = connected(as_store_source(RemoteNode::connect(options)));
    return;
  }
  schema_ = dataset.empty() ? std::make_unique<BenchSchema>(target.database_url)
                            : BenchSchema::filled(target.database_url, dataset, target.rows);
  if (target.mode == Target::Mode::actor) {
    LocalNodeOptions options;
    options.database_url = schema_->url();
    options.schema = schema_->name();
    options.pool_size = target.pool_size;
    node_ = connected(as_store_source(WalletNode::start(options)));
  }
}

Stores::~Stores() = default;

std::shared_ptr<store::Store> Stores::make() const {
  if (node_) return node_->store();
  auto direct = std::make_shared<db::PostgresStore>(schema_->url(), schema_->name());
  if (auto err = direct->connect()) throw std::runtime_error(err->message);
  return direct;
}

}  // namespace bsv::bench
