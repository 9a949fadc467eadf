// Fuzzes the node's HTTP request path (metrics, health, callbacks): bytes
// as a client sends them, parsed as http/server.cpp parses them (the same
// limits, the header first, a chunked body refused unread), then a body
// given to the callback parser. Beast throwing on input (as it did on a
// 64 KiB trailer field) is a crash here.

#include <boost/asio/buffer.hpp>
#include <cstddef>
#include <cstdint>
#include <string>

#include "arc/status_report.hpp"
#include "http/request_parsing.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace bsv;
  namespace bhttp = boost::beast::http;
  http::RequestParser parser;
  http::limit(parser);
  parser.eager(false);  // the header alone first, as async_read_header
  boost::asio::const_buffer input(data, size);
  boost::beast::error_code ec;
  while (input.size() > 0 && !parser.is_header_done()) {
    const auto used = parser.put(input, ec);
    if (ec == bhttp::error::need_more || (!ec && used == 0)) return 0;  // waits for more bytes
    if (ec) return 0;                                                   // refused: 400, 413 or 431
    input += used;
  }
  if (!parser.is_header_done() || !http::body_allowed(parser)) return 0;
  parser.eager(true);
  while (input.size() > 0 && !parser.is_done()) {
    const auto used = parser.put(input, ec);
    if (ec || used == 0) return 0;
    input += used;
  }
  if (!parser.is_done()) return 0;
  auto request = parser.release();
  const auto seen = http::seen_request(request);
  (void)arc::parse_callback_body(seen.body);
  return 0;
}
