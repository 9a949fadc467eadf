#pragma once
/// Access to the throwaway PostgreSQL cluster that ctest starts (fixture
/// pg_cluster): fresh databases and schemas for tests. Never a mock.

#include <string>

namespace bsv::testing {

/// The cluster's connection string without dbname (from $BSV_TEST_PG_FILE,
/// written by scripts/pg-cluster.sh). Fails the test run if absent.
std::string cluster_conninfo();

/// Creates a new, empty database and answers its connection string.
std::string create_database(const std::string& prefix);

/// Runs `sql` (in `schema` when given) and answers the first column of the
/// first row ("" when there is none or it is NULL).
std::string query_value(const std::string& conninfo, const std::string& sql,
                        const std::string& schema = {});

/// A schema with every migration applied, dropped on destruction. Its
/// connection string plus schema name are what PostgresStore takes.
class MigratedSchema {
 public:
  MigratedSchema();
  ~MigratedSchema();
  MigratedSchema(const MigratedSchema&) = delete;
  MigratedSchema& operator=(const MigratedSchema&) = delete;

  const std::string& conninfo() const { return conninfo_; }
  const std::string& name() const { return name_; }
  /// Runs SQL in this schema and answers the first column of the first row ("" if none).
  std::string query(const std::string& sql) const;

 private:
  std::string conninfo_;
  std::string name_;
};

/// The shared test database of this test binary (created once).
const std::string& shared_database();

}  // namespace bsv::testing
