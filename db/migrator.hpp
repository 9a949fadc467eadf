#pragma once
/// The built-in migrator: applies the embedded migrations/*.sql in order,
/// each in its own transaction together with its row in
/// wallet_schema_migrations, under a PostgreSQL advisory lock so that two
/// processes migrating at once apply each migration exactly once.

#include <stdexcept>
#include <string>
#include <vector>

namespace bsv::db {

/// A migration's SQL failed; nothing of that migration was applied.
class MigrationFailed : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct Migration {
  int version;       ///< the file's number, e.g. 4
  std::string name;  ///< the file name without ".sql", e.g. "004_add_output_pending_columns"
};

struct SchemaStatus {
  std::vector<Migration> applied;  ///< known migrations already applied
  std::vector<Migration> pending;  ///< known migrations still to apply
};

/// The migrations this binary carries, in order.
std::vector<Migration> known_migrations();

class Migrator {
 public:
  /// `schema`: when non-empty, migrate that schema (created if missing)
  /// instead of the connection's default search_path.
  explicit Migrator(std::string conninfo, std::string schema = {});

  /// Applies every pending migration; answers those applied (empty when the
  /// schema was current). A database made by the Ruby gem (Sequel's
  /// schema_info at version >= 6) has 001–006 recorded without re-running
  /// them. Throws pqxx::broken_connection when the database is unreachable
  /// and MigrationFailed when a migration's SQL fails.
  std::vector<Migration> migrate();

  /// Applied and pending migrations; throws like migrate().
  SchemaStatus status();

 private:
  std::string conninfo_;
  std::string schema_;
};

}  // namespace bsv::db
