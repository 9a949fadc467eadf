#include "support/test_database.hpp"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <pqxx/connection>
#include <pqxx/nontransaction>
#include <pqxx/result>
#include <stdexcept>

#include "db/migrator.hpp"

namespace bsv::testing {

std::string cluster_conninfo() {
  const char* file = std::getenv("BSV_TEST_PG_FILE");
  if (!file) throw std::runtime_error("BSV_TEST_PG_FILE is not set: run the tests with ctest");
  std::ifstream in(file);
  std::string conninfo;
  if (!std::getline(in, conninfo) || conninfo.empty()) {
    throw std::runtime_error(std::string("no cluster connection string in ") + file);
  }
  return conninfo;
}

std::string create_database(const std::string& prefix) {
  static std::atomic<int> counter{0};
  const std::string name =
      prefix + "_" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
  pqxx::connection conn(cluster_conninfo() + " dbname=postgres");
  pqxx::nontransaction(conn).exec("CREATE DATABASE " + conn.quote_name(name));
  return cluster_conninfo() + " dbname=" + name;
}

const std::string& shared_database() {
  static const std::string conninfo = create_database("test");
  return conninfo;
}

MigratedSchema::MigratedSchema() : conninfo_(shared_database()) {
  static std::atomic<int> counter{0};
  name_ = "s" + std::to_string(counter++);
  db::Migrator(conninfo_, name_).migrate();
}

MigratedSchema::~MigratedSchema() {
  try {
    pqxx::connection conn(conninfo_);
    pqxx::nontransaction(conn).exec("DROP SCHEMA " + conn.quote_name(name_) + " CASCADE");
  } catch (...) {
    // The database is throwaway; a failed drop must not mask the test's own result.
  }
}

std::string query_value(const std::string& conninfo, const std::string& sql,
                        const std::string& schema) {
  pqxx::connection conn(conninfo);
  pqxx::nontransaction tx(conn);
  if (!schema.empty()) tx.exec("SET search_path TO " + conn.quote_name(schema));
  auto rows = tx.exec(sql);
  if (rows.empty() || rows[0][0].is_null()) return "";
  return rows[0][0].c_str();
}

std::string MigratedSchema::query(const std::string& sql) const {
  return query_value(conninfo_, sql, name_);
}

}  // namespace bsv::testing
