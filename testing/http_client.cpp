#include "testing/http_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <stdexcept>

namespace bsv::testing {

HttpAnswer http_request(const std::string& host, const std::string& port, const std::string& method,
                        const std::string& target, const std::string& body,
                        const std::map<std::string, std::string>& headers,
                        std::chrono::seconds timeout) {
  namespace beast = boost::beast;
  namespace bhttp = beast::http;
  using tcp = boost::asio::ip::tcp;
  boost::asio::io_context io;
  beast::tcp_stream stream(io);
  bhttp::request<bhttp::string_body> request{bhttp::string_to_verb(method), target, 11};
  request.set(bhttp::field::host, host);
  request.set(bhttp::field::content_type, "application/json");
  for (const auto& [name, value] : headers) request.set(name, value);
  request.body() = body;
  request.prepare_payload();
  beast::flat_buffer buffer;
  bhttp::response<bhttp::string_body> response;
  beast::error_code failure;
  // Each step starts the next; the stream's one deadline covers them all
  // (Beast's timeouts act on asynchronous operations only).
  auto on_read = [&](beast::error_code ec, std::size_t) { failure = ec; };
  auto on_write = [&](beast::error_code ec, std::size_t) {
    if (ec)
      failure = ec;
    else
      bhttp::async_read(stream, buffer, response, on_read);
  };
  auto on_connect = [&](beast::error_code ec, const tcp::endpoint&) {
    if (ec)
      failure = ec;
    else
      bhttp::async_write(stream, request, on_write);
  };
  stream.expires_after(timeout);
  tcp::resolver resolver(io);
  const auto endpoints = resolver.resolve(host, port, failure);
  if (!failure) stream.async_connect(endpoints, on_connect);
  io.run();
  if (failure) {
    throw std::runtime_error(method + " http://" + host + ":" + port + target + ": " +
                             failure.message());
  }
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
  return {static_cast<int>(response.result_int()), response.body()};
}

}  // namespace bsv::testing
