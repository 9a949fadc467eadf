#include "node/openssl_error_isolation.hpp"

#include <dlfcn.h>
#include <openssl/err.h>
#include <openssl/ssl.h>

namespace {

// OpenSSL's own definition of `name`, looked up once.
template <typename F>
F real(const char* name) {
  return reinterpret_cast<F>(dlsym(RTLD_NEXT, name));
}

}  // namespace

extern "C" {

int SSL_read(SSL* ssl, void* buf, int num) {
  static const auto openssl = real<int (*)(SSL*, void*, int)>("SSL_read");
  ERR_clear_error();
  return openssl(ssl, buf, num);
}

int SSL_write(SSL* ssl, const void* buf, int num) {
  static const auto openssl = real<int (*)(SSL*, const void*, int)>("SSL_write");
  ERR_clear_error();
  return openssl(ssl, buf, num);
}

int SSL_accept(SSL* ssl) {
  static const auto openssl = real<int (*)(SSL*)>("SSL_accept");
  ERR_clear_error();
  return openssl(ssl);
}

int SSL_connect(SSL* ssl) {
  static const auto openssl = real<int (*)(SSL*)>("SSL_connect");
  ERR_clear_error();
  return openssl(ssl);
}

}  // extern "C"

namespace bsv::node {

void isolate_openssl_errors() {}

}  // namespace bsv::node
