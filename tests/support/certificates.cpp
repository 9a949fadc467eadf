#include "support/certificates.hpp"

#include <unistd.h>

#include <stdexcept>

#include "support/process.hpp"

namespace bsv::testing {
namespace {

void shell(const std::string& command) {
  const auto r = run_process({"/bin/sh", "-c", command});
  if (r.exit_code != 0) throw std::runtime_error(command + " failed: " + r.err);
}

}  // namespace

Certificates::Certificates() {
  char dir[] = "/tmp/bsvtls.XXXXXX";
  dir_ = ::mkdtemp(dir);
  make_ca("ca");
  make_ca("other-ca");
}

Certificates::~Certificates() {
  try {
    shell("rm -rf " + dir_);
  } catch (...) {
  }
}

void Certificates::make_ca(const std::string& name) {
  shell("openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=" + name + " -keyout " +
        path(name + ".key") + " -out " + path(name + ".pem") + " 2>/dev/null");
}

void Certificates::make_cert(const std::string& name, const std::string& ca,
                             const std::string& cn) {
  const auto common_name = cn.empty() ? name : cn;
  shell("printf 'subjectAltName=DNS:" + common_name + "\\n' > " + path(name + ".ext") +
        " && openssl req -newkey rsa:2048 -nodes -subj /CN=" + common_name + " -keyout " +
        path(name + ".key") + " -out " + path(name + ".csr") +
        " 2>/dev/null && openssl x509 -req -days 2 -in " + path(name + ".csr") + " -CA " +
        path(ca + ".pem") + " -CAkey " + path(ca + ".key") + " -CAcreateserial -extfile " +
        path(name + ".ext") + " -out " + path(name + ".pem") + " 2>/dev/null");
}

std::vector<std::string> Certificates::flags(const std::string& who, const std::string& ca) const {
  return {"--tls-cert",       path(who + ".pem"), "--tls-key",
          path(who + ".key"), "--tls-ca",         path(ca + ".pem")};
}

}  // namespace bsv::testing
