#pragma once
/// One HTTP/1.1 request on a fresh connection, for the tools beside the
/// product (arc-sim's callbacks) and the tests; never installed. The node's
/// own ARC traffic uses arc::ArcClient. This header does not include Boost.

#include <chrono>
#include <map>
#include <string>

namespace bsv::testing {

struct HttpAnswer {
  int status = 0;
  std::string body;
};

/// Sends `method target` with `body` (as application/json) and `headers`
/// to host:port and reads the answer. Connecting, writing and reading must
/// end within `timeout` in all (`host` is looked up first, at once for an
/// address); throws std::runtime_error naming the request when they do
/// not, or fail.
HttpAnswer http_request(const std::string& host, const std::string& port, const std::string& method,
                        const std::string& target, const std::string& body = {},
                        const std::map<std::string, std::string>& headers = {},
                        std::chrono::seconds timeout = std::chrono::seconds(30));

}  // namespace bsv::testing
