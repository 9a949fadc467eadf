#pragma once
/// How the node's HTTP server parses a request (http/server.cpp), in one
/// place for the server and its fuzzer (fuzz/http_request.cpp): the size
/// limits, the header read first, a chunked body refused before any of it
/// is parsed (Beast 1.74 puts no limit on a chunked body's trailer fields
/// and throws on one of 64 KiB), and the parsed request as the handlers see
/// it. Includes Boost.Beast: for .cpp files only.

#include <boost/beast/http.hpp>
#include <cctype>
#include <cstdint>

#include "http/server.hpp"

namespace bsv::http {

constexpr std::uint32_t kMaxHeaderBytes = 8 * 1024;
constexpr std::uint64_t kMaxBodyBytes = std::uint64_t{1024} * 1024;

using RequestParser = boost::beast::http::request_parser<boost::beast::http::string_body>;

/// Applies the size limits to a fresh parser.
inline void limit(RequestParser& parser) {
  parser.header_limit(kMaxHeaderBytes);
  parser.body_limit(kMaxBodyBytes);
}

/// True when the body may be read: a chunked one is refused (411) unread.
inline bool body_allowed(const RequestParser& parser) {
  return !parser.chunked();
}

/// The parsed request as a handler sees it: header names in lowercase; a
/// HEAD request as GET (the server then sends no body).
inline Request seen_request(boost::beast::http::request<boost::beast::http::string_body>& request) {
  const bool head = request.method() == boost::beast::http::verb::head;
  Request seen{head ? std::string("GET") : std::string(request.method_string()),
               std::string(request.target()),
               {},
               std::move(request.body())};
  for (const auto& field : request) {
    std::string name(field.name_string());
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    seen.headers[name] = std::string(field.value());
  }
  return seen;
}

}  // namespace bsv::http
