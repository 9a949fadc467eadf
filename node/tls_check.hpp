#pragma once
/// TLS setups checked before they are used (CAF 0.17's OpenSSL module loads
/// its files only when the first connection comes, aborts the process when
/// one is bad, and checks no server name): the files as a node or a client
/// would load them, and a server's certificate name by a handshake of our
/// own before CAF connects. No CAF.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "common/result.hpp"
#include "node/node_options.hpp"

namespace bsv::node {

/// Loads the certificate chain, the private key (and checks that it
/// matches the certificate) and the CA file of `files`. invalid_argument
/// naming the file and OpenSSL's reason, or nullopt when all load.
std::optional<Error> check_tls_files(const TlsFiles& files);

/// Connects to `host`:`port` and completes a TLS handshake presenting our
/// certificate, verifying the server's chain against `files.ca` and its
/// name against `server_name` (a host name or an IP address), all within
/// `timeout`. unavailable saying why, or nullopt when the server is who it
/// should be. (The connection is then closed; CAF opens its own.)
std::optional<Error> verify_tls_server(const std::string& host, std::uint16_t port,
                                       const TlsFiles& files, const std::string& server_name,
                                       std::chrono::milliseconds timeout);

}  // namespace bsv::node
