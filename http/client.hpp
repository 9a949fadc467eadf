#pragma once
/// One blocking HTTP/1.1 request on a fresh connection, for tools and
/// tests (arc-sim's callbacks, the test suites); the node's ARC traffic uses
/// arc::ArcClient. This header does not include Boost.

#include <chrono>
#include <map>
#include <string>

namespace bsv::http {

struct Answer {
  int status = 0;
  std::string body;
};

/// Sends `method target` with `body` (as application/json) and `headers`
/// to host:port and reads the answer, within `timeout`; throws
/// std::runtime_error (or Boost's system_error) when there is none.
Answer call(const std::string& host, const std::string& port, const std::string& method,
            const std::string& target, const std::string& body = {},
            const std::map<std::string, std::string>& headers = {},
            std::chrono::seconds timeout = std::chrono::seconds(30));

}  // namespace bsv::http
