#pragma once
/// One PostgreSQL connection, opened lazily and reopened after it breaks,
/// with statements prepared on first use. Not thread-safe: one owner only.

#include <memory>
#include <pqxx/connection>
#include <pqxx/result>
#include <string>
#include <unordered_set>

#include "db/sql_params.hpp"

namespace bsv::db {

class PgSession {
 public:
  /// `conninfo`: libpq connection string or URL. `schema`: when non-empty,
  /// every connection sets its search_path to that schema.
  explicit PgSession(std::string conninfo, std::string schema = {});

  /// The open connection, connecting first when needed; throws
  /// pqxx::broken_connection when the database cannot be reached.
  pqxx::connection& connection();

  /// Runs `sql` as the prepared statement `name` (prepared on first use on
  /// this connection) outside any explicit transaction: one round trip.
  /// Throws libpqxx exceptions; a broken connection is dropped so that the
  /// next call reconnects.
  pqxx::result exec(const std::string& name, const std::string& sql, const SqlParams& params);

  /// Drops the connection; the next call opens a new one.
  void reset();

 private:
  std::string conninfo_;
  std::string schema_;
  std::unique_ptr<pqxx::connection> conn_;
  std::unordered_set<std::string> prepared_;  // statement names prepared on conn_
  bool lost_once_ = false;                    // a connection was dropped before
};

}  // namespace bsv::db
