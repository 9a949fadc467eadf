#pragma once
/// A connection to a wallet node published elsewhere (`serve`, or
/// WalletNode::publish) over CAF's network transport, optionally with TLS:
///
///   bsv::RemoteNodeOptions options;
///   options.port = 4242;
///   auto node = bsv::RemoteNode::connect(options);
///   if (!node) handle(node.error());
///   auto store = (*node)->store();              // one per thread
///
/// This header does not include CAF.

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "node/store_source.hpp"

namespace bsv {

struct RemoteNodeOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 4242;
  std::chrono::milliseconds request_timeout{30000};  ///< a call unanswered by then gets `timeout`
  TlsFiles tls;  ///< our client certificate, key and the node's CA
  /// The name the node's certificate must carry (empty: `host`).
  std::string tls_server_name;
};

class RemoteNode final : public StoreSource {
 public:
  /// Connects; `unavailable` naming the address when the node cannot be
  /// reached, refuses our certificate, or (TLS) presents a certificate
  /// without the expected name; `unavailable` naming the file when one of
  /// ours cannot be loaded. Never waits longer than `request_timeout` for a
  /// TLS handshake.
  static Result<std::unique_ptr<RemoteNode>> connect(const RemoteNodeOptions& options);

  std::unique_ptr<node::ActorStore> store() const override;

  ~RemoteNode() override;
  RemoteNode(const RemoteNode&) = delete;
  RemoteNode& operator=(const RemoteNode&) = delete;

  struct Impl;

 private:
  explicit RemoteNode(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace bsv
