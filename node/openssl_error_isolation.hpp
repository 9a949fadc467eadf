#pragma once
/// Keeps one TLS connection's OpenSSL errors from failing another.
///
/// CAF 0.17's OpenSSL module classifies each SSL_read / SSL_write /
/// SSL_accept / SSL_connect result with SSL_get_error without clearing the
/// thread's error queue first or after. A peer whose bytes are not a TLS
/// handshake leaves an error in the queue of CAF's network thread, and the
/// next connection that merely has nothing to read is then taken for broken
/// (measured: every established client stalled). OpenSSL's rule is to clear
/// the queue before each of these calls; this module does so for every
/// caller in the process by defining those four functions, each clearing
/// the queue and calling OpenSSL's own (found with dlsym(RTLD_NEXT)).
/// Callers that already clear first (Boost.Asio, libpq) see no difference.

namespace bsv::node {

/// Does nothing; referencing it links the definitions in (call it once).
void isolate_openssl_errors();

}  // namespace bsv::node
