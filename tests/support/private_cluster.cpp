#include "support/private_cluster.hpp"

#include <stdlib.h>

#include <fstream>
#include <pqxx/connection>
#include <pqxx/nontransaction>
#include <stdexcept>

#include "db/migrator.hpp"
#include "support/process.hpp"

namespace bsv::testing {
namespace {

void cluster_script(const std::string& command, const std::string& dir) {
  const auto r =
      run_process({std::string(BSV_SOURCE_DIR) + "/scripts/pg-cluster.sh", command, dir});
  if (r.exit_code != 0) throw std::runtime_error("pg-cluster.sh " + command + ": " + r.err);
}

}  // namespace

PrivateCluster::PrivateCluster() {
  char dir[] = "/tmp/bsvpg-private.XXXXXX";
  dir_ = ::mkdtemp(dir);
  cluster_script("start", dir_);
  std::ifstream conninfo(dir_ + "/conninfo");
  std::getline(conninfo, url_);
  url_ += " dbname=postgres";
  db::Migrator(url_).migrate();
  // The cluster runs with synchronous_commit off: flush the migrations'
  // commits, so that a test's crash (stop()) cannot take the last of them.
  pqxx::connection conn(url_);
  pqxx::nontransaction(conn).exec("CHECKPOINT");
}

PrivateCluster::~PrivateCluster() {
  try {
    cluster_script("destroy", dir_);
  } catch (...) {
  }
}

void PrivateCluster::stop() {
  cluster_script("crash", dir_);
}

void PrivateCluster::restart() {
  cluster_script("restart", dir_);
}

}  // namespace bsv::testing
