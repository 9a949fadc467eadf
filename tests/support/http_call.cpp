#include "support/http_call.hpp"

#include "testing/http_client.hpp"

namespace bsv::testing {

HttpReply http_call(unsigned short port, const std::string& method, const std::string& target,
                    const std::string& body) {
  const auto answer = http_request("127.0.0.1", std::to_string(port), method, target, body);
  return {answer.status, answer.body};
}

}  // namespace bsv::testing
