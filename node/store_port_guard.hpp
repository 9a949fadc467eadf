#pragma once
/// The store port's door. CAF 0.17's BASP layer believes the payload length
/// a frame header announces (it allocates that buffer at once), has no
/// budget of its own and never closes a connection that has not sent one
/// whole header. So the node accepts its store connections itself: the
/// guard completes the TLS handshake, reads every frame header a client
/// sends, ends a connection whose frame is too large or whose handshake,
/// frame or silence takes too long, holds a frame back while the node-wide
/// budget for requests is spent, and relays what passed through a
/// socket pair whose other end CAF serves. Boost.Asio on one thread of its
/// own. No CAF, no Boost in this header.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "common/result.hpp"
#include "metrics/registry.hpp"
#include "node/node_options.hpp"

namespace bsv::node {

/// What clients can make the node hold through the store port.
struct StorePortLimits {
  /// Connections open at once. At the cap the oldest connection that has
  /// not finished its handshake makes room; when every one has, the new
  /// connection is closed. Each takes three descriptors (the client's and
  /// both ends of its socket pair).
  std::size_t max_connections = 256;
  /// Bytes one frame (one request) may announce. A larger announcement
  /// ends the connection before anything is allocated.
  std::uint32_t max_frame_bytes = std::uint32_t{kMaxStoreFrameMiB} << 20;
  /// Bytes all connections together may make the node hold for requests.
  /// Each connection's share is CAF's read buffer, which CAF keeps as large
  /// as the largest frame the connection sent until it closes, plus the
  /// size of each of its requests not yet answered (the decoded request
  /// lives that long). A frame that needs more than the budget has left
  /// waits (its connection is not read meanwhile).
  std::uint64_t max_held_bytes = std::uint64_t{256} << 20;
  /// A client silent this long (real clients send heartbeats every 2 s),
  /// or a frame not whole this long after its header (budget wait
  /// included), ends its connection; so does a client that reads none of
  /// the node's answers for this long.
  std::chrono::milliseconds idle_timeout{30000};
  /// From accept to the client's first whole frame (its BASP handshake),
  /// the TLS handshake included.
  std::chrono::milliseconds handshake_timeout{10000};
};

/// Serves `fd`, one end of a connected stream socket pair, as a connection
/// accepted on the store port `port` (and owns that descriptor from then on).
using HandOver = std::function<void(int fd, std::uint16_t port)>;

class StorePortGuard {
 public:
  /// Listens on host:port (0: a free port), with TLS when `tls` is
  /// enabled (the client must present a certificate from `tls.ca`), and
  /// hands each connection to `hand_over` once its TLS handshake is done.
  /// Counts into `metrics`: bsv_store_port_connections (open),
  /// bsv_store_port_held_bytes, bsv_store_port_cuts_total{reason}.
  /// unavailable naming the address when it cannot listen,
  /// invalid_argument when a TLS file does not load.
  static Result<std::unique_ptr<StorePortGuard>> start(const std::string& host, std::uint16_t port,
                                                       const StorePortLimits& limits,
                                                       const TlsFiles& tls, HandOver hand_over,
                                                       metrics::Registry& metrics);

  std::uint16_t port() const;

  /// Closes the port and every connection, then joins the thread.
  ~StorePortGuard();

  struct Impl;

 private:
  explicit StorePortGuard(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace bsv::node
