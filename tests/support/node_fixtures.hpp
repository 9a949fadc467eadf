#pragma once
/// Nodes over a fresh migrated schema, for suites that run the same cases
/// directly, through the in-process store actor and through a `serve`
/// process. Each `make()` answers a client (a Store and a BroadcastQueue).

#include <memory>

#include "node/remote_node.hpp"
#include "node/wallet_node.hpp"
#include "support/node_process.hpp"
#include "support/test_database.hpp"

namespace bsv::testing {

/// The store actor in this process, with a pool of two connections.
struct LocalNodeFixture {
  MigratedSchema schema;
  std::unique_ptr<WalletNode> node;
  std::unique_ptr<node::ActorStore> make();
};

/// A `serve` process and a connection to it over CAF's network transport.
/// On destruction it checks that SIGTERM ends the node with exit code 0.
struct RemoteNodeFixture {
  RemoteNodeFixture();
  ~RemoteNodeFixture();
  std::unique_ptr<node::ActorStore> make();

  MigratedSchema schema;
  NodeProcess process;
  std::unique_ptr<RemoteNode> node;
};

}  // namespace bsv::testing
