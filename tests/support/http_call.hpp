#pragma once
/// A blocking HTTP/1.1 request for tests (arc-sim's control endpoint).

#include <string>

namespace bsv::testing {

struct HttpReply {
  int status = 0;
  std::string body;
};

/// Sends `method target` with `body` to 127.0.0.1:`port`; throws on failure.
HttpReply http_call(unsigned short port, const std::string& method, const std::string& target,
                    const std::string& body = {});

}  // namespace bsv::testing
