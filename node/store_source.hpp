#pragma once
/// What every kind of node gives a wallet: Store objects that talk to it
/// (WalletNode in this process, RemoteNode over the network). No CAF.

#include <memory>

#include "node/actor_store.hpp"
#include "node/node_options.hpp"

namespace bsv {

class StoreSource {
 public:
  virtual ~StoreSource() = default;

  /// A Store (and broadcast queue) whose every call is a message to the
  /// node. Not thread-safe: make one per thread; they may be used
  /// concurrently. Destroy them before their source.
  virtual std::unique_ptr<node::ActorStore> store() const = 0;
};

/// A started or connected node as a StoreSource, or its error.
template <class Node>
Result<std::unique_ptr<StoreSource>> as_store_source(Result<std::unique_ptr<Node>> node) {
  if (!node) return node.error();
  return std::unique_ptr<StoreSource>(std::move(*node));
}

}  // namespace bsv
