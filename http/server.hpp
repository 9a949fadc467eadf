#pragma once
/// A small HTTP/1.1 server for the node's own endpoints (/metrics,
/// /health): Boost.Beast on one thread of its own, keep-alive, a timeout on
/// every read and write, bounded request sizes and a bounded number of
/// connections. The handler runs on the server's thread, one request at a
/// time, so it must answer quickly (it may block for a second or two).
/// This header does not include Boost.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "common/result.hpp"

namespace bsv::http {

struct Request {
  std::string method;
  std::string target;                          ///< path and query
  std::map<std::string, std::string> headers;  ///< names in lowercase
  std::string body;
};

struct Reply {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;
};

class Server {
 public:
  using Handler = std::function<Reply(const Request&)>;
  /// Sees a request's method, target and headers before its body is read:
  /// a reply refuses the request there (the body is never read and the
  /// connection ends); nullopt lets it through to the handler.
  using Gate = std::function<std::optional<Reply>(const Request& head)>;

  /// Listens on host:port (0: a free port) and starts serving; unavailable
  /// (naming the address) when it cannot listen.
  static Result<std::unique_ptr<Server>> start(const std::string& host, std::uint16_t port,
                                               Handler handler, Gate gate = {});

  std::uint16_t port() const;

  /// Closes the port and every connection, then joins the thread.
  ~Server();

  struct Impl;

 private:
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace bsv::http
