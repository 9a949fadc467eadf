#pragma once
/// How a wallet node in this process runs its store (the embeddable API's
/// options; `serve`'s configuration holds one). No CAF.

#include <chrono>
#include <cstddef>
#include <string>

namespace bsv {

/// TLS for a node's port or a connection to it: our certificate and key,
/// and the CA whose certificates the other side must present. All three
/// or none.
struct TlsFiles {
  std::string certificate;
  std::string key;
  std::string ca;
  bool enabled() const { return !certificate.empty(); }
};

/// The largest request (64 MiB of transaction hex and the rest of its
/// message) in MiB: one store-port frame may announce this much at most.
constexpr int kMaxStoreFrameMiB = 72;
/// The least --store-port-memory: one largest request must fit, as the
/// read buffer and the request in flight (node/store_port_guard.hpp).
constexpr int kMinStorePortMemoryMiB = 2 * kMaxStoreFrameMiB;

struct LocalNodeOptions {
  std::string database_url;        ///< libpq connection string or URL
  std::string schema;              ///< optional search_path
  int pool_size = 4;               ///< database connections
  std::size_t max_backlog = 1024;  ///< queued requests before `unavailable`
  /// A request unanswered by then gets `timeout`.
  std::chrono::milliseconds request_timeout{30000};
  /// A connection to the published port from which nothing arrives for
  /// this long (clients send heartbeats every 2 s) is closed.
  std::chrono::milliseconds connection_timeout{30000};
  /// MiB the published port's connections may make the node hold for
  /// requests together (node/store_port_guard.hpp); at least
  /// kMinStorePortMemoryMiB.
  int store_port_memory_mib = 256;
  TlsFiles tls;  ///< used by publish()
};

}  // namespace bsv
