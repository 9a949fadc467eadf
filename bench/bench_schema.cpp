#include "bench/bench_schema.hpp"

#include <unistd.h>

#include <pqxx/connection>
#include <pqxx/nontransaction>
#include <pqxx/result>
#include <random>
#include <stdexcept>
#include <vector>

#include "common/embedded_text.hpp"
#include "db/migrator.hpp"

namespace bsv::bench {

namespace {

// True when schema `name` holds a completed fill (its marker table).
bool completed_fill(const std::string& url, const std::string& name) {
  pqxx::connection conn(url);
  pqxx::nontransaction tx(conn);
  return tx.exec("SELECT 1 FROM pg_tables WHERE schemaname = " + tx.quote(name) +
                 " AND tablename = 'bench_filled'")
             .size() == 1;
}

void drop_schema(const std::string& url, const std::string& name) {
  pqxx::connection conn(url);
  pqxx::nontransaction(conn).exec("DROP SCHEMA IF EXISTS " + conn.quote_name(name) + " CASCADE");
}

// bench/sql/<name>.sql, or null when there is none.
const std::string* optional_bench_sql(const std::string& name) {
  for (const auto& file : bench_files()) {
    if (file.name == name + ".sql") return &file.text;
  }
  return nullptr;
}

}  // namespace

const std::string& bench_sql(const std::string& name) {
  if (const std::string* text = optional_bench_sql(name)) return *text;
  throw std::logic_error("no bench SQL named " + name);
}

BenchSchema::BenchSchema(std::string url)
    : BenchSchema(
          std::move(url),
          "bench_" + std::to_string(::getpid()) + "_" + std::to_string(std::random_device{}()),
          false) {}

BenchSchema::BenchSchema(std::string url, std::string name, bool keep)
    : url_(std::move(url)), name_(std::move(name)), keep_(keep) {
  db::Migrator(url_, name_).migrate();
}

std::unique_ptr<BenchSchema> BenchSchema::filled(std::string url, const std::string& dataset,
                                                 std::int64_t rows) {
  const std::string name = "bench_" + dataset + "_" + std::to_string(rows);
  const bool reuse = completed_fill(url, name);
  // A fill cut short leaves no marker (and maybe no indexes): start over.
  if (!reuse) drop_schema(url, name);
  std::unique_ptr<BenchSchema> schema(new BenchSchema(std::move(url), name, true));
  if (!reuse) schema->fill(dataset, rows);
  // Undo what an earlier run left (a run cut short may not have).
  if (const std::string* reset = optional_bench_sql("reset_" + dataset)) {
    schema->exec(*reset);
    schema->exec("VACUUM ANALYZE wallet_outputs");
  }
  return schema;
}

void BenchSchema::fill(const std::string& dataset, std::int64_t rows) const {
  std::string sql = bench_sql("fill_" + dataset);
  for (auto at = sql.find(":rows"); at != std::string::npos; at = sql.find(":rows", at)) {
    sql.replace(at, 5, std::to_string(rows));
  }
  pqxx::connection conn(url_);
  pqxx::nontransaction tx(conn);
  tx.exec("SET search_path TO " + conn.quote_name(name_));
  // Fill wallet_outputs without its secondary indexes; build them at the end.
  std::vector<std::string> definitions;
  for (const auto& row :
       tx.exec("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = " + tx.quote(name_) +
               " AND tablename = 'wallet_outputs' AND indexname NOT IN "
               "(SELECT conname FROM pg_constraint WHERE conrelid = 'wallet_outputs'::regclass)")) {
    tx.exec("DROP INDEX " + conn.quote_name(row[0].c_str()));
    definitions.emplace_back(row[1].c_str());
  }
  tx.exec(sql);
  tx.exec("SET maintenance_work_mem = '512MB'");
  for (const auto& definition : definitions) tx.exec(definition);
  tx.exec("VACUUM ANALYZE wallet_outputs");
  tx.exec("VACUUM ANALYZE wallet_broadcast_jobs");
  tx.exec("CREATE TABLE bench_filled (rows bigint NOT NULL)");
  tx.exec("INSERT INTO bench_filled VALUES (" + std::to_string(rows) + ")");
}

BenchSchema::~BenchSchema() {
  if (keep_) return;
  try {
    drop_schema(url_, name_);
  } catch (...) {
    // The figures matter more than the clean-up; a left schema is named bench_*.
  }
}

void BenchSchema::exec(const std::string& sql) const {
  pqxx::connection conn(url_);
  pqxx::nontransaction tx(conn);
  tx.exec("SET search_path TO " + conn.quote_name(name_));
  tx.exec(sql);
}

}  // namespace bsv::bench
