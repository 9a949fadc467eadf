// The migrator against real databases, in-process and as concurrent processes.

#include <gtest/gtest.h>

#include <pqxx/connection>
#include <pqxx/nontransaction>
#include <pqxx/result>
#include <thread>

#include "common/embedded_text.hpp"
#include "db/migrator.hpp"
#include "support/process.hpp"
#include "support/test_database.hpp"

namespace bsv::db {
namespace {

std::string scalar(const std::string& conninfo, const std::string& sql) {
  return testing::query_value(conninfo, sql);
}

TEST(Migrator, AppliesAllThenNothing) {
  const auto url = testing::create_database("mig");
  Migrator migrator(url);
  EXPECT_EQ(migrator.status().pending.size(), known_migrations().size());
  EXPECT_EQ(migrator.migrate().size(), known_migrations().size());
  EXPECT_TRUE(migrator.migrate().empty()) << "idempotent";
  const auto status = migrator.status();
  EXPECT_TRUE(status.pending.empty());
  EXPECT_EQ(status.applied.size(), known_migrations().size());
  EXPECT_EQ(
      scalar(
          url,
          "SELECT string_agg(version::text, ',' ORDER BY version) FROM wallet_schema_migrations"),
      [] {
        std::string versions;
        for (const auto& m : known_migrations())
          versions += (versions.empty() ? "" : ",") + std::to_string(m.version);
        return versions;
      }());
}

// 001–006 create exactly the Ruby gem's tables and indexes (later migrations only add).
TEST(Migrator, CreatesTheContractSchema) {
  const auto url = testing::create_database("schema");
  {
    pqxx::connection conn(url);
    pqxx::nontransaction tx(conn);
    for (const auto& file : migration_files()) {
      if (file.name < "007") tx.exec(file.text);
    }
  }
  EXPECT_EQ(
      scalar(
          url,
          "SELECT string_agg(table_name, ',' ORDER BY table_name) FROM information_schema.tables "
          "WHERE table_schema = 'public'"),
      "wallet_actions,wallet_broadcast_jobs,wallet_certificates,wallet_outputs,wallet_proofs,"
      "wallet_settings,wallet_transactions");
  EXPECT_EQ(
      scalar(url,
             "SELECT string_agg(column_name || ':' || data_type, ',' ORDER BY ordinal_position) "
             "FROM information_schema.columns WHERE table_name = 'wallet_outputs'"),
      "id:integer,outpoint:character varying,basket:character varying,tags:ARRAY,spendable:boolean,"
      "data:jsonb,created_at:timestamp without time zone,state:character varying,satoshis:bigint,"
      "pending_since:timestamp with time zone,pending_reference:character varying,no_send:boolean");
  EXPECT_EQ(scalar(url,
                   "SELECT string_agg(indexname, ',' ORDER BY indexname) FROM pg_indexes "
                   "WHERE tablename = 'wallet_outputs'"),
            "wallet_outputs_basket_spendable_index,wallet_outputs_outpoint_key,wallet_outputs_pkey,"
            "wallet_outputs_spendable_state_basket_index,wallet_outputs_state_index,"
            "wallet_outputs_tags_index");
  EXPECT_EQ(
      scalar(url,
             "SELECT indexdef LIKE '%WHERE ((state IS NULL) OR ((state)::text = "
             "''spendable''::text))' "
             "FROM pg_indexes WHERE indexname = 'wallet_outputs_spendable_state_basket_index'"),
      "t");
  EXPECT_EQ(scalar(url,
                   "SELECT indexdef LIKE 'CREATE UNIQUE INDEX%' FROM pg_indexes "
                   "WHERE indexname = 'wallet_actions_txid_index'"),
            "t");
  EXPECT_EQ(scalar(url,
                   "SELECT string_agg(indexname, ',' ORDER BY indexname) FROM pg_indexes "
                   "WHERE tablename = 'wallet_broadcast_jobs'"),
            "wallet_broadcast_jobs_pkey,wallet_broadcast_jobs_status_locked_at_index,"
            "wallet_broadcast_jobs_txid_key");
}

TEST(Migrator, AdoptsARubyGemDatabase) {
  const auto url = testing::create_database("ruby");
  {
    pqxx::connection conn(url);
    pqxx::nontransaction tx(conn);
    for (const auto& file : migration_files()) {
      if (file.name < "007") tx.exec(file.text);  // as Sequel would have
    }
    tx.exec(
        "CREATE TABLE schema_info (version integer NOT NULL); INSERT INTO schema_info VALUES (6)");
    tx.exec("INSERT INTO wallet_settings (key, value) VALUES ('kept', '1')");
  }
  const auto applied = Migrator(url).migrate();
  ASSERT_EQ(applied.size(), known_migrations().size() - 6) << "001–006 recorded, not re-run";
  EXPECT_EQ(applied.front().version, 7);
  EXPECT_EQ(scalar(url, "SELECT count(*) FROM wallet_schema_migrations"),
            std::to_string(known_migrations().size()));
  EXPECT_EQ(scalar(url, "SELECT value FROM wallet_settings WHERE key = 'kept'"), "1");
}

TEST(Migrator, FailedMigrationAppliesNothingOfIt) {
  const auto url = testing::create_database("fail");
  scalar(url, "CREATE TABLE wallet_proofs (x int)");  // clashes with 001's last table
  EXPECT_THROW(Migrator(url).migrate(), MigrationFailed);
  EXPECT_EQ(scalar(url, "SELECT to_regclass('wallet_outputs') IS NULL"), "t")
      << "001 rolled back whole";
  const auto run = testing::run_process({testing::node_binary(), "migrate", "--database-url", url});
  EXPECT_EQ(run.exit_code, 4) << run.err;
  EXPECT_NE(run.err.find("001_create_wallet_tables"), std::string::npos) << run.err;
}

TEST(Migrator, TwoProcessesMigratingAtOnce) {
  for (int round = 0; round < 3; ++round) {
    const auto url = testing::create_database("twice");
    testing::ProcessResult a, b;
    std::thread first([&] {
      a = testing::run_process({testing::node_binary(), "migrate", "--database-url", url});
    });
    std::thread second([&] {
      b = testing::run_process({testing::node_binary(), "migrate", "--database-url", url});
    });
    first.join();
    second.join();
    EXPECT_EQ(a.exit_code, 0) << a.err;
    EXPECT_EQ(b.exit_code, 0) << b.err;
    EXPECT_EQ(scalar(url, "SELECT count(*) FROM wallet_schema_migrations"),
              std::to_string(known_migrations().size()));
    const auto applied_lines = [](const std::string& out) {
      std::size_t n = 0;
      for (std::size_t at = out.find("applied "); at != std::string::npos;
           at = out.find("applied ", at + 1))
        ++n;
      return n;
    };
    EXPECT_EQ(applied_lines(a.out) + applied_lines(b.out), known_migrations().size())
        << "each migration applied by exactly one";
  }
}

TEST(Migrator, CommandLine) {
  const auto url = testing::create_database("cli");
  const auto status = testing::run_process({testing::node_binary(), "migrate", "--status"}, "",
                                           {"DATABASE_URL=" + url});
  EXPECT_EQ(status.exit_code, 0) << status.err;
  EXPECT_NE(status.out.find("pending  006_create_wallet_broadcast_jobs"), std::string::npos)
      << status.out;
  const auto unreachable =
      testing::run_process({testing::node_binary(), "migrate", "--database-url",
                            "host=/nonexistent-bsv port=1 dbname=x"});
  EXPECT_EQ(unreachable.exit_code, 3) << unreachable.err;
  const auto bad_option = testing::run_process({testing::node_binary(), "migrate", "--frobnicate"});
  EXPECT_EQ(bad_option.exit_code, 2);
  EXPECT_NE(bad_option.err.find("--frobnicate"), std::string::npos);
}

}  // namespace
}  // namespace bsv::db
