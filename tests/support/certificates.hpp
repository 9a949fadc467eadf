#pragma once
/// Throwaway certificates made with the `openssl` command in a temporary
/// directory (removed on destruction): two CAs ("ca" and "other-ca") and
/// whatever certificates a test asks for.

#include <string>
#include <vector>

namespace bsv::testing {

class Certificates {
 public:
  Certificates();
  ~Certificates();
  Certificates(const Certificates&) = delete;
  Certificates& operator=(const Certificates&) = delete;

  /// Issues `name`.pem / `name`.key signed by `ca`, for the common name
  /// `cn` (default: `name`), with `cn` also as a DNS subject alternative name.
  void make_cert(const std::string& name, const std::string& ca, const std::string& cn = {});

  std::string path(const std::string& file) const { return dir_ + "/" + file; }

  /// The node's TLS flags for `who`'s certificate and trusting `ca`.
  std::vector<std::string> flags(const std::string& who, const std::string& ca) const;

 private:
  void make_ca(const std::string& name);
  std::string dir_;
};

}  // namespace bsv::testing
