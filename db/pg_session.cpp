#include "db/pg_session.hpp"

#include <pqxx/except>
#include <pqxx/nontransaction>
#include <pqxx/prepared_statement>

#include "common/log.hpp"

namespace bsv::db {

PgSession::PgSession(std::string conninfo, std::string schema)
    : conninfo_(std::move(conninfo)), schema_(std::move(schema)) {}

pqxx::connection& PgSession::connection() {
  if (conn_ && conn_->is_open()) return *conn_;
  reset();
  auto conn = std::make_unique<pqxx::connection>(conninfo_);
  if (!schema_.empty()) {
    pqxx::nontransaction tx(*conn);
    tx.exec("SET search_path TO " + conn->quote_name(schema_));
  }
  if (lost_once_) {  // a reconnection: say where it went (a failover moves it)
    log::info("db", "database connection re-opened",
              {{"host", conn->hostname() ? conn->hostname() : ""},
               {"port", conn->port() ? conn->port() : ""}});
  }
  conn_ = std::move(conn);
  return *conn_;
}

pqxx::result PgSession::exec(const std::string& name, const std::string& sql,
                             const SqlParams& params) {
  try {
    auto& conn = connection();
    if (!prepared_.count(name)) {
      conn.prepare(name, sql);
      prepared_.insert(name);
    }
    pqxx::nontransaction tx(conn);
    const auto values = params.pointers();
    return tx.exec_prepared(name, pqxx::prepare::make_dynamic_params(values));
  } catch (const pqxx::broken_connection&) {
    reset();
    throw;
  }
}

void PgSession::reset() {
  if (conn_) lost_once_ = true;
  conn_.reset();
  prepared_.clear();
}

}  // namespace bsv::db
