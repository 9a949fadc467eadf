#pragma once
/// ActorStore: the Store contract (and the queue's enqueue/broadcast_status)
/// spoken to a store actor, local or remote.
/// Each call validates its arguments (as every Store does), sends one typed
/// message and blocks for the answer, at most `timeout`. Not thread-safe:
/// give each thread its own (WalletNode::store() makes them).

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "store/queue.hpp"
#include "store/store.hpp"

namespace bsv::node {

class ActorStore final : public store::Store, public store::BroadcastQueue {
 public:
  struct Handle;  ///< the store actor's handle (defined where CAF is included)

  ActorStore(const Handle& handle, std::chrono::milliseconds timeout);
  ~ActorStore() override;

 protected:
  // One override per Store and queue method of the table, each sending its
  // message (messages/store_methods.def).
  // A type and a parameter list cannot be parenthesized.
  // NOLINTBEGIN(bugprone-macro-parentheses)
#define BSV_STORE_METHOD(NAME, ATOM, RETRY, ANSWER, PARAMS, ARGS) \
  Result<ANSWER> do_##NAME PARAMS override;
#define BSV_QUEUE_METHOD BSV_STORE_METHOD
  // NOLINTEND(bugprone-macro-parentheses)
#include "messages/store_methods.def"

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace bsv::node
