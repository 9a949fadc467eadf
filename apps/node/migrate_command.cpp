// `bsv-wallet-node migrate`: apply or list the schema migrations.

#include <iostream>
#include <pqxx/except>

#include "apps/node/cli_errors.hpp"
#include "apps/node/commands.hpp"
#include "config/options.hpp"
#include "db/migrator.hpp"

namespace bsv::node {
namespace {

const std::vector<config::FlagSpec> kFlags = {
    {"database-url", true, "libpq connection string or URL (default: $DATABASE_URL)"},
    {"status", false, "list applied and pending migrations, change nothing"},
    {"help", false, "show this help"},
};

int print_status(db::Migrator& migrator) {
  const auto status = migrator.status();
  for (const auto& m : status.applied) std::cout << "applied  " << m.name << "\n";
  for (const auto& m : status.pending) std::cout << "pending  " << m.name << "\n";
  std::cout << (status.pending.empty() ? "schema is current\n" : "schema needs migrate\n");
  return kOk;
}

}  // namespace

int run_migrate(const std::vector<std::string>& args) {
  try {
    config::Options options(args, kFlags);
    if (options.has("help")) {
      std::cout << "usage: bsv-wallet-node migrate [options]\n" << config::describe(kFlags);
      return kOk;
    }
    if (!options.positional().empty()) {
      throw config::UsageError("unexpected argument '" + options.positional()[0] + "'");
    }
    db::Migrator migrator(config::database_url(options));
    if (options.has("status")) return print_status(migrator);
    const auto applied = migrator.migrate();
    for (const auto& m : applied) std::cout << "applied " << m.name << "\n";
    std::cout << "schema is current\n";
    return kOk;
  } catch (const config::UsageError& e) {
    return fail("usage", e.what(), kUsage, e.hint());
  } catch (const pqxx::broken_connection& e) {
    return fail("unavailable", std::string("migrate: database unreachable: ") + e.what(),
                kUnavailable, "check --database-url (or DATABASE_URL) and that PostgreSQL runs");
  } catch (const db::MigrationFailed& e) {
    return fail("internal", std::string("migrate: ") + e.what(), kInternal);
  } catch (const std::exception& e) {
    return fail("internal", std::string("migrate: ") + e.what(), kInternal);
  }
}

}  // namespace bsv::node
