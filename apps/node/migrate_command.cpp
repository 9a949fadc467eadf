// `bsv-wallet-node migrate`: apply or list the schema migrations.

#include <iostream>
#include <pqxx/except>

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
    std::cerr << "migrate: " << e.what() << "\n";
    return kUsage;
  } catch (const pqxx::broken_connection& e) {
    std::cerr << "migrate: database unreachable: " << e.what() << "\n";
    return kUnavailable;
  } catch (const db::MigrationFailed& e) {
    std::cerr << "migrate: " << e.what() << "\n";
    return kInternal;
  } catch (const std::exception& e) {
    std::cerr << "migrate: " << e.what() << "\n";
    return kInternal;
  }
}

}  // namespace bsv::node
