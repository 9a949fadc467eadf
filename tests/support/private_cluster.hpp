#pragma once
/// A PostgreSQL cluster of one test's own (scripts/pg-cluster.sh), for
/// faults that would disturb the shared test cluster: restarts, killed
/// backends, every connection slot taken. Destroyed with the object.

#include <string>

namespace bsv::testing {

class PrivateCluster {
 public:
  /// Starts the cluster and migrates its `postgres` database (durably: a
  /// crash right after keeps the schema).
  PrivateCluster();
  ~PrivateCluster();
  PrivateCluster(const PrivateCluster&) = delete;
  PrivateCluster& operator=(const PrivateCluster&) = delete;

  /// The migrated database's connection string.
  const std::string& url() const { return url_; }
  /// Stops and starts the server (same socket).
  void restart();
  /// Stops the server (as a crash: at once; the data stays).
  void stop();

 private:
  std::string dir_;
  std::string url_;
};

}  // namespace bsv::testing
