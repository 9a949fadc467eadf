#include "bench/bench_schema.hpp"

#include <unistd.h>

#include <pqxx/connection>
#include <pqxx/nontransaction>
#include <random>
#include <stdexcept>

#include "common/embedded_text.hpp"
#include "db/migrator.hpp"

namespace bsv::bench {

const std::string& bench_sql(const std::string& name) {
  for (const auto& file : bench_files()) {
    if (file.name == name + ".sql") return file.text;
  }
  throw std::logic_error("no bench SQL named " + name);
}

BenchSchema::BenchSchema(std::string url)
    : url_(std::move(url)),
      name_("bench_" + std::to_string(::getpid()) + "_" + std::to_string(std::random_device{}())) {
  db::Migrator(url_, name_).migrate();
}

BenchSchema::~BenchSchema() {
  try {
    pqxx::connection conn(url_);
    pqxx::nontransaction(conn).exec("DROP SCHEMA IF EXISTS " + conn.quote_name(name_) + " CASCADE");
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
