#include "node/tls_check.hpp"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <memory>

namespace bsv::node {
namespace {

namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;

// The reason for the last OpenSSL failure, and the error queue emptied.
std::string openssl_reason() {
  const unsigned long code = ERR_get_error();
  ERR_clear_error();
  if (code == 0) return "unknown reason";
  char text[256];
  ERR_error_string_n(code, text, sizeof text);
  return text;
}

Error bad_file(const char* what, const std::string& path) {
  return Error{ErrorCode::invalid_argument,
               std::string("TLS ") + what + " " + path + ": " + openssl_reason()};
}

}  // namespace

std::optional<Error> check_tls_files(const TlsFiles& files) {
  ERR_clear_error();
  std::unique_ptr<SSL_CTX, decltype(&SSL_CTX_free)> ctx(SSL_CTX_new(TLS_method()), SSL_CTX_free);
  if (!ctx) return Error{ErrorCode::internal, "TLS: cannot create a context: " + openssl_reason()};
  if (SSL_CTX_use_certificate_chain_file(ctx.get(), files.certificate.c_str()) != 1) {
    return bad_file("certificate", files.certificate);
  }
  const bool key_loaded =
      SSL_CTX_use_PrivateKey_file(ctx.get(), files.key.c_str(), SSL_FILETYPE_PEM) == 1;
  const bool mismatch = ERR_GET_REASON(ERR_peek_last_error()) == X509_R_KEY_VALUES_MISMATCH;
  if (!key_loaded && !mismatch) return bad_file("key", files.key);
  if (!key_loaded || SSL_CTX_check_private_key(ctx.get()) != 1) {
    return Error{ErrorCode::invalid_argument, "TLS key " + files.key +
                                                  " does not match the certificate " +
                                                  files.certificate + ": " + openssl_reason()};
  }
  if (SSL_CTX_load_verify_locations(ctx.get(), files.ca.c_str(), nullptr) != 1) {
    return bad_file("CA file", files.ca);
  }
  return std::nullopt;
}

std::optional<Error> verify_tls_server(const std::string& host, std::uint16_t port,
                                       const TlsFiles& files, const std::string& server_name,
                                       std::chrono::milliseconds timeout) {
  const std::string where = host + ":" + std::to_string(port);
  ssl::context context(ssl::context::tls_client);
  boost::system::error_code ec;
  context.use_certificate_chain_file(files.certificate, ec);
  if (!ec) context.use_private_key_file(files.key, ssl::context::pem, ec);
  if (!ec) context.load_verify_file(files.ca, ec);
  if (ec) return Error{ErrorCode::unavailable, "TLS files for " + where + ": " + ec.message()};
  context.set_verify_mode(ssl::verify_peer);

  net::io_context io;
  ssl::stream<tcp::socket> stream(io, context);
  // The name the certificate must carry: an IP address or a DNS name (then
  // also sent as SNI).
  X509_VERIFY_PARAM* param = SSL_get0_param(stream.native_handle());
  boost::system::error_code not_an_address;
  net::ip::make_address(server_name, not_an_address);
  const bool named = not_an_address
                         ? X509_VERIFY_PARAM_set1_host(param, server_name.c_str(), 0) == 1
                         : X509_VERIFY_PARAM_set1_ip_asc(param, server_name.c_str()) == 1;
  if (!named) return Error{ErrorCode::invalid_argument, "bad TLS server name " + server_name};
  if (not_an_address) SSL_set_tlsext_host_name(stream.native_handle(), server_name.c_str());

  std::optional<Error> outcome = Error{ErrorCode::unavailable, "TLS to " + where + ": timed out"};
  tcp::resolver resolver(io);
  resolver.async_resolve(host, std::to_string(port), [&](auto error, auto endpoints) {
    if (error) return void(outcome = Error{ErrorCode::unavailable, where + ": " + error.message()});
    net::async_connect(stream.next_layer(), endpoints, [&](auto connect_error, auto) {
      if (connect_error) {
        return void(outcome = Error{ErrorCode::unavailable,
                                    "cannot reach " + where + ": " + connect_error.message()});
      }
      stream.async_handshake(ssl::stream_base::client, [&](auto handshake_error) {
        if (!handshake_error) return void(outcome = std::nullopt);
        const long verify = SSL_get_verify_result(stream.native_handle());
        const std::string why =
            verify != X509_V_OK ? X509_verify_cert_error_string(verify) : handshake_error.message();
        outcome = Error{ErrorCode::unavailable, "TLS handshake with " + where + " (expecting " +
                                                    server_name + ") failed: " + why};
      });
    });
  });
  io.run_for(timeout);
  return outcome;
}

}  // namespace bsv::node
