#pragma once
/// The embeddable C++ API: a wallet node in this process (an actor system
/// with the store actor over a PostgreSQL pool; node/remote_node.hpp is the
/// client of a node elsewhere); `store()` hands out Store objects that talk
/// to it.
///
///   bsv::LocalNodeOptions options;
///   options.database_url = url;
///   auto node = bsv::WalletNode::start(options);
///   if (!node) handle(node.error());
///   auto store = (*node)->store();              // one per thread
///   store->lock_utxos({"ab…01.0"}, "spend-1");
///
/// This header does not include CAF.

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "actors/broadcast_options.hpp"
#include "metrics/registry.hpp"
#include "node/actor_store.hpp"
#include "node/node_options.hpp"
#include "node/store_source.hpp"

namespace bsv {

class ArcStandIn;  // node/arc_stand_in.hpp

class WalletNode final : public StoreSource {
 public:
  /// Starts the actor system and the store actor in this process. The
  /// database is reached lazily: a wrong URL shows as `unavailable` answers.
  static Result<std::unique_ptr<WalletNode>> start(const LocalNodeOptions& options);

  std::unique_ptr<node::ActorStore> store() const override;

  /// Publishes the store actor on host:port (port 0 picks a free one), with
  /// TLS when configured; answers the port. invalid_argument naming the
  /// file when a TLS file cannot be loaded or the key does not match the
  /// certificate (checked before the port opens); unavailable when the port
  /// cannot be bound.
  Result<std::uint16_t> publish(const std::string& host, std::uint16_t port);

  /// Starts the broadcast queue (supervisor, workers, ARC client actor) of
  /// a started node: jobs in its database are claimed, broadcast and
  /// settled from now on. invalid_argument for an unusable (or, without
  /// `stand_in`, missing) ARC URL or options; only once. With `stand_in`,
  /// the workers broadcast to it instead of ARC (benchmarks).
  std::optional<Error> start_broadcast(const BroadcastOptions& options,
                                       const std::shared_ptr<ArcStandIn>& stand_in = nullptr);

  /// Serves GET /metrics and GET /health (node/node_status.hpp) over
  /// HTTP on host:port (port 0 picks a free one); answers the port, or
  /// unavailable when it cannot listen. Only once; call
  /// it after start_broadcast so that /health watches the workers too.
  Result<std::uint16_t> serve_metrics(const std::string& host, std::uint16_t port);

  /// Receives ARC's callbacks on host:port over HTTP
  /// (node/callback_receiver.hpp): requests must carry `Authorization:
  /// Bearer <token>` with one of `tokens` (every ARC endpoint's); reports
  /// are applied by the rule of `proofs`, a proof only once its merkle
  /// root is confirmed by the header source (or on ARC's word with
  /// proofs.trust_arc_proofs). Answers the port; invalid_argument without
  /// a token or without a header source and trust, unavailable when it
  /// cannot listen. Only once.
  Result<std::uint16_t> serve_callbacks(const std::string& host, std::uint16_t port,
                                        const std::vector<std::string>& tokens,
                                        const ProofOptions& proofs);

  /// The node's metrics: store requests, pool, broadcast queue, ARC.
  metrics::Registry& metrics();

  /// Stops accepting connections and requests; lets in-flight broadcasts
  /// finish and settle (bounded by the ARC timeout), then queued and
  /// in-flight store requests; then stops the actors. Called by the destructor.
  void shutdown();

  ~WalletNode() override;
  WalletNode(const WalletNode&) = delete;
  WalletNode& operator=(const WalletNode&) = delete;

  struct Impl;

 private:
  explicit WalletNode(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace bsv
