#include "db/migrator.hpp"

#include <cstdlib>
#include <pqxx/connection>
#include <pqxx/except>
#include <pqxx/nontransaction>
#include <pqxx/result>
#include <pqxx/transaction>
#include <set>

#include "common/embedded_text.hpp"

namespace bsv::db {
namespace {

// Advisory lock key shared by every migrating process ("bsvw").
constexpr long long kMigrationLock = 0x62737677;
constexpr int kRubyGemVersion = 6;  // migrations 001–006 are the Ruby gem's

const char* const kCreateVersionsTable =
    "CREATE TABLE IF NOT EXISTS wallet_schema_migrations ("
    " version integer PRIMARY KEY,"
    " name text NOT NULL,"
    " applied_at timestamptz NOT NULL DEFAULT now())";

std::string text_of(const Migration& migration) {
  for (const auto& file : migration_files()) {
    if (file.name == migration.name + ".sql") return file.text;
  }
  throw std::logic_error("migration text missing: " + migration.name);
}

std::set<int> applied_versions(pqxx::connection& conn) {
  pqxx::nontransaction tx(conn);
  std::set<int> versions;
  if (tx.exec("SELECT to_regclass('wallet_schema_migrations') IS NULL")[0][0].as<bool>()) {
    return versions;
  }
  for (const auto& row : tx.exec("SELECT version FROM wallet_schema_migrations")) {
    versions.insert(row[0].as<int>());
  }
  return versions;
}

void use_schema(pqxx::connection& conn, const std::string& schema, bool create) {
  if (schema.empty()) return;
  pqxx::nontransaction tx(conn);
  if (create) tx.exec("CREATE SCHEMA IF NOT EXISTS " + conn.quote_name(schema));
  tx.exec("SET search_path TO " + conn.quote_name(schema));
}

void record(pqxx::transaction_base& tx, const Migration& migration) {
  tx.exec_params("INSERT INTO wallet_schema_migrations (version, name) VALUES ($1, $2)",
                 migration.version, migration.name);
}

// A database made by the Ruby gem: record its migrations without re-running them.
void adopt_ruby_schema(pqxx::connection& conn) {
  pqxx::work tx(conn);
  const bool has_history = !tx.exec("SELECT 1 FROM wallet_schema_migrations LIMIT 1").empty();
  const bool has_ruby = tx.exec(
                              "SELECT to_regclass('schema_info') IS NOT NULL AND "
                              "to_regclass('wallet_outputs') IS NOT NULL")[0][0]
                            .as<bool>();
  if (has_history || !has_ruby) return;
  auto version = tx.exec("SELECT max(version) FROM schema_info");
  if (version[0][0].is_null() || version[0][0].as<int>() < kRubyGemVersion) return;
  for (const auto& migration : known_migrations()) {
    if (migration.version <= kRubyGemVersion) record(tx, migration);
  }
  tx.commit();
}

}  // namespace

std::vector<Migration> known_migrations() {
  std::vector<Migration> out;
  for (const auto& file : migration_files()) {
    const std::string name = file.name.substr(0, file.name.size() - 4);
    out.push_back({std::atoi(name.c_str()), name});
  }
  return out;
}

Migrator::Migrator(std::string conninfo, std::string schema)
    : conninfo_(std::move(conninfo)), schema_(std::move(schema)) {}

std::vector<Migration> Migrator::migrate() {
  pqxx::connection conn(conninfo_);
  use_schema(conn, schema_, true);
  {
    // Session-level lock: released when this connection closes, even on a crash.
    pqxx::nontransaction tx(conn);
    tx.exec("SELECT pg_advisory_lock(" + std::to_string(kMigrationLock) + ")");
    tx.exec(kCreateVersionsTable);
  }
  adopt_ruby_schema(conn);
  const auto applied = applied_versions(conn);
  std::vector<Migration> done;
  for (const auto& migration : known_migrations()) {
    if (applied.count(migration.version)) continue;
    try {
      pqxx::work tx(conn);
      tx.exec(text_of(migration));
      record(tx, migration);
      tx.commit();
    } catch (const pqxx::broken_connection&) {
      throw;
    } catch (const std::exception& e) {
      throw MigrationFailed("migration " + migration.name + " failed: " + e.what());
    }
    done.push_back(migration);
  }
  return done;
}

SchemaStatus Migrator::status() {
  pqxx::connection conn(conninfo_);
  use_schema(conn, schema_, false);
  const auto applied = applied_versions(conn);
  SchemaStatus status;
  for (const auto& migration : known_migrations()) {
    (applied.count(migration.version) ? status.applied : status.pending).push_back(migration);
  }
  return status;
}

}  // namespace bsv::db
