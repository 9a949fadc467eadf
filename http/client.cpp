#include "http/client.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace bsv::http {

Answer call(const std::string& host, const std::string& port, const std::string& method,
            const std::string& target, const std::string& body,
            const std::map<std::string, std::string>& headers, std::chrono::seconds timeout) {
  namespace beast = boost::beast;
  namespace bhttp = beast::http;
  using tcp = boost::asio::ip::tcp;
  boost::asio::io_context io;
  beast::tcp_stream stream(io);
  stream.expires_after(timeout);
  stream.connect(tcp::resolver(io).resolve(host, port));
  bhttp::request<bhttp::string_body> request{bhttp::string_to_verb(method), target, 11};
  request.set(bhttp::field::host, host);
  request.set(bhttp::field::content_type, "application/json");
  for (const auto& [name, value] : headers) request.set(name, value);
  request.body() = body;
  request.prepare_payload();
  bhttp::write(stream, request);
  beast::flat_buffer buffer;
  bhttp::response<bhttp::string_body> response;
  bhttp::read(stream, buffer, response);
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
  return {static_cast<int>(response.result_int()), response.body()};
}

}  // namespace bsv::http
